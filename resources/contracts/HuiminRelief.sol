// SPDX-License-Identifier: UNLICENSED
pragma solidity ^0.8.24;

/// @title HuiminRelief: programs, funding, entitlements and conditional release of relief payments.
/// @notice Every state change emits an event; the audit display is built from events alone.
///         No personal data is stored: beneficiaries appear only as a keyed commitment and a masked name.
contract HuiminRelief {
    bytes32 public constant ADMIN_ROLE = keccak256("ADMIN");
    bytes32 public constant FUNDER_ROLE = keccak256("FUNDER");
    bytes32 public constant APPROVER_ROLE = keccak256("APPROVER");
    bytes32 public constant SETTLER_ROLE = keccak256("SETTLER");
    /// Held by registered terminals only; granted by registerTerminal, never by grantRole.
    bytes32 public constant TERMINAL_ROLE = keccak256("TERMINAL");

    uint8 internal constant STATUS_NONE = 0;
    uint8 internal constant STATUS_APPROVED = 1;
    uint8 internal constant STATUS_PAID = 2;
    uint8 internal constant STATUS_SETTLED = 3;
    uint8 internal constant STATUS_REVOKED = 4;

    struct Program {
        string name;
        uint64 region;
        uint256 budget;
        uint256 funded;
        uint256 disbursed;
    }

    struct Entitlement {
        uint256 programId;
        bytes32 commitment;
        uint64 township;
        uint64 village;
        uint64 validFrom;
        uint64 validUntil;
        uint256 amount;
        bool proxyAllowed;
        uint8 status;
    }

    /// Batch approval input; same fields as approveEntitlement.
    struct EntitlementInput {
        bytes32 entitlementId;
        uint256 programId;
        bytes32 commitment;
        uint64 township;
        uint64 village;
        uint256 amount;
        uint64 validFrom;
        uint64 validUntil;
        bool proxyAllowed;
        string maskedName;
    }

    error NotTerminal();
    error WrongTownship(uint64 expected, uint64 actual);
    error UnknownEntitlement();
    error NotYetValid(uint64 validFrom);
    error Expired(uint64 validUntil);
    error Revoked();
    error AlreadyPaid();
    error InsufficientFunds(uint256 available, uint256 needed);
    error NotAuthorized(bytes32 role);
    error DuplicateEntitlement();
    error AlreadySettled();
    error NotPaid();
    error DayAlreadyClosed();
    error UnknownProgram();

    event RoleGranted(bytes32 indexed role, address indexed account, address indexed by);
    event RoleRevoked(bytes32 indexed role, address indexed account, address indexed by);
    event TerminalRegistered(address indexed terminal, uint64 indexed township);
    event TerminalDeregistered(address indexed terminal);
    event ProgramCreated(uint256 indexed programId, string name, uint64 region, uint256 budget);
    event Funded(uint256 indexed programId, address indexed funder, uint256 amount, bytes32 sourceRef, string funderName);
    event EntitlementApproved(
        bytes32 indexed entitlementId,
        uint256 indexed programId,
        bytes32 indexed commitment,
        uint64 township,
        uint64 village,
        uint256 amount,
        uint64 validFrom,
        uint64 validUntil,
        bool proxyAllowed,
        string maskedName
    );
    event EntitlementRevoked(bytes32 indexed entitlementId, bytes32 reasonHash);
    event Disbursed(
        bytes32 indexed entitlementId,
        uint256 indexed programId,
        address indexed terminal,
        uint64 township,
        uint64 village,
        uint256 amount,
        bytes32 evidenceHash,
        bytes32 claimRef
    );
    event Settled(bytes32 indexed entitlementId, bytes32 bankRef, uint256 amount);
    event ComplaintFiled(bytes32 indexed ticketHash, uint64 indexed township, uint8 category, address terminal);
    event ComplaintResolved(bytes32 indexed ticketHash, bytes32 resolutionHash);
    event DayClosed(uint64 indexed township, uint32 indexed day, uint32 count, uint256 total, bytes32 journalHash, address terminal);

    mapping(bytes32 => mapping(address => bool)) private roles;
    mapping(address => uint64) public terminalTownship;
    mapping(uint256 => Program) private programs;
    mapping(bytes32 => Entitlement) private entitlements;
    mapping(bytes32 => bool) public dayClosed;
    uint256 public programCount;

    constructor() {
        roles[ADMIN_ROLE][msg.sender] = true;
        emit RoleGranted(ADMIN_ROLE, msg.sender, msg.sender);
    }

    modifier onlyRole(bytes32 role) {
        if (!roles[role][msg.sender]) revert NotAuthorized(role);
        _;
    }

    // ---- roles and terminals ----

    function hasRole(bytes32 role, address account) public view returns (bool) {
        if (role == TERMINAL_ROLE) return terminalTownship[account] != 0;
        return roles[role][account];
    }

    function grantRole(bytes32 role, address account) external onlyRole(ADMIN_ROLE) {
        if (role == TERMINAL_ROLE) revert NotAuthorized(TERMINAL_ROLE);
        if (roles[role][account]) return;
        roles[role][account] = true;
        emit RoleGranted(role, account, msg.sender);
    }

    function revokeRole(bytes32 role, address account) external onlyRole(ADMIN_ROLE) {
        if (role == TERMINAL_ROLE) revert NotAuthorized(TERMINAL_ROLE);
        if (!roles[role][account]) return;
        roles[role][account] = false;
        emit RoleRevoked(role, account, msg.sender);
    }

    function registerTerminal(address terminal, uint64 township) external onlyRole(ADMIN_ROLE) {
        if (township == 0) revert WrongTownship(0, 0);
        terminalTownship[terminal] = township;
        emit TerminalRegistered(terminal, township);
    }

    function deregisterTerminal(address terminal) external onlyRole(ADMIN_ROLE) {
        if (terminalTownship[terminal] == 0) revert NotTerminal();
        delete terminalTownship[terminal];
        emit TerminalDeregistered(terminal);
    }

    // ---- programs and funding ----

    function createProgram(string calldata name, uint64 region, uint256 budget) external onlyRole(ADMIN_ROLE) returns (uint256 programId) {
        programId = ++programCount;
        Program storage p = programs[programId];
        p.name = name;
        p.region = region;
        p.budget = budget;
        emit ProgramCreated(programId, name, region, budget);
    }

    function fund(uint256 programId, uint256 amount, bytes32 sourceRef, string calldata funderName) external onlyRole(FUNDER_ROLE) {
        if (programId == 0 || programId > programCount) revert UnknownProgram();
        programs[programId].funded += amount;
        emit Funded(programId, msg.sender, amount, sourceRef, funderName);
    }

    function program(uint256 programId)
        external
        view
        returns (string memory name, uint64 region, uint256 budget, uint256 funded, uint256 disbursed)
    {
        Program storage p = programs[programId];
        return (p.name, p.region, p.budget, p.funded, p.disbursed);
    }

    // ---- entitlements ----

    function approveEntitlement(
        bytes32 entitlementId,
        uint256 programId,
        bytes32 commitment,
        uint64 township,
        uint64 village,
        uint256 amount,
        uint64 validFrom,
        uint64 validUntil,
        bool proxyAllowed,
        string calldata maskedName
    ) external onlyRole(APPROVER_ROLE) {
        _approve(EntitlementInput(entitlementId, programId, commitment, township, village, amount, validFrom, validUntil, proxyAllowed, maskedName));
    }

    function approveEntitlements(EntitlementInput[] calldata items) external onlyRole(APPROVER_ROLE) {
        for (uint256 i = 0; i < items.length; i++) _approve(items[i]);
    }

    function _approve(EntitlementInput memory e) internal {
        if (e.programId == 0 || e.programId > programCount) revert UnknownProgram();
        if (entitlements[e.entitlementId].status != STATUS_NONE) revert DuplicateEntitlement();
        entitlements[e.entitlementId] = Entitlement({
            programId: e.programId,
            commitment: e.commitment,
            township: e.township,
            village: e.village,
            validFrom: e.validFrom,
            validUntil: e.validUntil,
            amount: e.amount,
            proxyAllowed: e.proxyAllowed,
            status: STATUS_APPROVED
        });
        emit EntitlementApproved(
            e.entitlementId, e.programId, e.commitment, e.township, e.village, e.amount, e.validFrom, e.validUntil, e.proxyAllowed, e.maskedName
        );
    }

    function revokeEntitlement(bytes32 entitlementId, bytes32 reasonHash) external onlyRole(APPROVER_ROLE) {
        Entitlement storage e = entitlements[entitlementId];
        if (e.status == STATUS_NONE) revert UnknownEntitlement();
        if (e.status == STATUS_REVOKED) revert Revoked();
        if (e.status != STATUS_APPROVED) revert AlreadyPaid();
        e.status = STATUS_REVOKED;
        emit EntitlementRevoked(entitlementId, reasonHash);
    }

    /// Conditional release: every condition has its own custom error.
    function disburse(bytes32 entitlementId, bytes32 evidenceHash, bytes32 claimRef) external {
        uint64 terminalTown = terminalTownship[msg.sender];
        if (terminalTown == 0) revert NotTerminal();
        Entitlement storage e = entitlements[entitlementId];
        if (e.status == STATUS_NONE) revert UnknownEntitlement();
        if (e.township != terminalTown) revert WrongTownship(e.township, terminalTown);
        if (e.status == STATUS_REVOKED) revert Revoked();
        if (e.status != STATUS_APPROVED) revert AlreadyPaid();
        if (block.timestamp < e.validFrom) revert NotYetValid(e.validFrom);
        if (block.timestamp > e.validUntil) revert Expired(e.validUntil);
        Program storage p = programs[e.programId];
        uint256 available = p.funded - p.disbursed;
        if (available < e.amount) revert InsufficientFunds(available, e.amount);
        p.disbursed += e.amount;
        e.status = STATUS_PAID;
        emit Disbursed(entitlementId, e.programId, msg.sender, e.township, e.village, e.amount, evidenceHash, claimRef);
    }

    function settle(bytes32 entitlementId, bytes32 bankRef) external onlyRole(SETTLER_ROLE) {
        Entitlement storage e = entitlements[entitlementId];
        if (e.status == STATUS_NONE) revert UnknownEntitlement();
        if (e.status == STATUS_SETTLED) revert AlreadySettled();
        if (e.status != STATUS_PAID) revert NotPaid();
        e.status = STATUS_SETTLED;
        emit Settled(entitlementId, bankRef, e.amount);
    }

    function entitlement(bytes32 entitlementId)
        external
        view
        returns (
            uint256 programId,
            bytes32 commitment,
            uint64 township,
            uint64 village,
            uint256 amount,
            uint64 validFrom,
            uint64 validUntil,
            bool proxyAllowed,
            uint8 status
        )
    {
        Entitlement storage e = entitlements[entitlementId];
        return (e.programId, e.commitment, e.township, e.village, e.amount, e.validFrom, e.validUntil, e.proxyAllowed, e.status);
    }

    // ---- complaints and daily close ----

    function fileComplaint(bytes32 ticketHash, uint64 township, uint8 category) external {
        uint64 terminalTown = terminalTownship[msg.sender];
        if (terminalTown == 0) revert NotTerminal();
        if (township != terminalTown) revert WrongTownship(township, terminalTown);
        emit ComplaintFiled(ticketHash, township, category, msg.sender);
    }

    function resolveComplaint(bytes32 ticketHash, bytes32 resolutionHash) external onlyRole(APPROVER_ROLE) {
        emit ComplaintResolved(ticketHash, resolutionHash);
    }

    function closeDay(uint64 township, uint32 day, uint32 count, uint256 total, bytes32 journalHash) external {
        uint64 terminalTown = terminalTownship[msg.sender];
        if (terminalTown == 0) revert NotTerminal();
        if (township != terminalTown) revert WrongTownship(township, terminalTown);
        bytes32 key = keccak256(abi.encode(township, day));
        if (dayClosed[key]) revert DayAlreadyClosed();
        dayClosed[key] = true;
        emit DayClosed(township, day, count, total, journalHash, msg.sender);
    }
}
