/** HuiminRelief on a real anvil node (block time 1 s): every disburse condition and every role check. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Hex } from '../../electron/common/ledger/hex'
import { parseSecretKey, randomSecretKey } from '../../electron/common/ledger/sign'
import { type AnvilNode, startAnvil } from '../../electron/node/ledger/anvil-node'
import { ROLES } from '../../electron/node/ledger/contract/calls'
import { deployRelief } from '../../electron/node/ledger/contract/deploy'
import { decodeReliefLog, type ReliefEvent } from '../../electron/node/ledger/contract/events'
import { LedgerRevertError } from '../../electron/node/ledger/contract/revert-error'
import { ContractTransactor, type TxReceipt } from '../../electron/node/ledger/contract/transact'
import { DEV_KEYS } from '../../electron/node/ledger/dev-accounts'
import { createSigner } from '../../electron/node/ledger/keys/signer'
import { RpcClient } from '../../electron/node/ledger/rpc-client'

const A = 410122101n
const B = 410122102n
const h = (b: number) => `0x${b.toString(16).padStart(2, '0').repeat(32)}` as Hex
const now = () => BigInt(Math.floor(Date.now() / 1000))

let node: AnvilNode
let rpc: RpcClient
let contract: Hex
let admin: ContractTransactor, funder: ContractTransactor, approver: ContractTransactor, settler: ContractTransactor
let t1: ContractTransactor, t2: ContractTransactor, outsider: ContractTransactor

const tx = (signerKey: Hex | Uint8Array) => new ContractTransactor(rpc, createSigner(typeof signerKey === 'string' ? parseSecretKey(signerKey) : signerKey))
const events = (r: TxReceipt): ReliefEvent[] => r.logs.map((l) => decodeReliefLog(l)!)

async function expectRevert(p: Promise<unknown>, name: string, args?: Record<string, unknown>): Promise<void> {
  const e = await p.then(
    () => null,
    (x: unknown) => x,
  )
  expect(e, `expected ${name}`).toBeInstanceOf(LedgerRevertError)
  expect((e as LedgerRevertError).revert.name).toBe(name)
  if (args) expect((e as LedgerRevertError).revert.args).toEqual(args)
}

function entitlement(id: Hex, programId: bigint, o: { township?: bigint; amount?: bigint; from?: bigint; until?: bigint } = {}) {
  return [
    id,
    programId,
    h(0xc0),
    o.township ?? A,
    (o.township ?? A) * 1000n + 201n,
    o.amount ?? 1_000n,
    o.from ?? 0n,
    o.until ?? now() + 86_400n,
    false,
    '李*英',
  ]
}

beforeAll(async () => {
  node = await startAnvil({ blockTimeSec: 1, chainId: 31337 })
  rpc = new RpcClient({ endpoints: [node.url] })
  const signers = DEV_KEYS.map((k) => createSigner(parseSecretKey(k)))
  const term1 = randomSecretKey()
  const term2 = randomSecretKey()
  const deployed = await deployRelief(rpc, signers[0]!, {
    roles: { FUNDER: [signers[1]!.address], APPROVER: [signers[2]!.address], SETTLER: [signers[3]!.address] },
    terminals: [
      { address: createSigner(term1).address, township: A },
      { address: createSigner(term2).address, township: B },
    ],
  })
  contract = deployed.address
  admin = deployed.admin
  ;[funder, approver, settler] = [tx(DEV_KEYS[1]!), tx(DEV_KEYS[2]!), tx(DEV_KEYS[3]!)]
  ;[t1, t2, outsider] = [tx(term1), tx(term2), tx(randomSecretKey())]
  // Program 1 well funded, program 2 nearly empty.
  await admin.transactAll(contract, [
    { fn: 'createProgram', args: ['2026年度产业扶贫补贴', A, 10_000_000n] },
    { fn: 'createProgram', args: ['危房改造补助', A, 1_000n] },
  ])
  await funder.transactAll(contract, [
    { fn: 'fund', args: [1n, 5_000_000n, h(0xf1), '县财政局'] },
    { fn: 'fund', args: [2n, 100n, h(0xf2), '某公益基金会'] },
  ])
  await approver.transactAll(contract, [
    { fn: 'approveEntitlement', args: entitlement(h(1), 1n) },
    { fn: 'approveEntitlement', args: entitlement(h(2), 1n) },
    { fn: 'approveEntitlement', args: entitlement(h(3), 1n, { from: now() + 1_000_000n }) },
    { fn: 'approveEntitlement', args: entitlement(h(4), 1n, { until: now() - 1_000n }) },
    { fn: 'approveEntitlement', args: entitlement(h(5), 2n, { amount: 500n }) },
    { fn: 'approveEntitlement', args: entitlement(h(6), 1n, { township: B }) },
    { fn: 'approveEntitlements', args: [[entitlement(h(7), 1n), entitlement(h(8), 1n)]] },
  ])
  await approver.transact(contract, 'revokeEntitlement', [h(2), h(0xee)])
}, 120_000)

afterAll(async () => {
  await node?.dispose()
})

describe('disburse', () => {
  it('pays an approved, funded, valid entitlement to its township terminal and emits Disbursed', async () => {
    const r = await t1.transact(contract, 'disburse', [h(1), h(0xe1), h(0xa1)])
    const [e] = events(r)
    expect(e).toMatchObject({
      name: 'Disbursed',
      args: { entitlementId: h(1), programId: 1n, terminal: t1.address, township: Number(A), amount: 1_000n, evidenceHash: h(0xe1), claimRef: h(0xa1) },
    })
    expect(await admin.view(contract, 'entitlement', [h(1)])).toMatchObject({ status: 2n })
    expect(await admin.view(contract, 'program', [1n])).toMatchObject({ funded: 5_000_000n, disbursed: 1_000n })
  })
  it('refuses a caller that is not a registered terminal', () => expectRevert(outsider.transact(contract, 'disburse', [h(7), h(0), h(0)]), 'NotTerminal'))
  it('refuses an unknown entitlement', () => expectRevert(t1.transact(contract, 'disburse', [h(0x99), h(0), h(0)]), 'UnknownEntitlement'))
  it('refuses a terminal of another township', () =>
    expectRevert(t2.transact(contract, 'disburse', [h(7), h(0), h(0)]), 'WrongTownship', { expected: A, actual: B }))
  it('refuses a revoked entitlement', () => expectRevert(t1.transact(contract, 'disburse', [h(2), h(0), h(0)]), 'Revoked'))
  it('refuses a second payment', () => expectRevert(t1.transact(contract, 'disburse', [h(1), h(0), h(0)]), 'AlreadyPaid'))
  it('refuses before the validity window', () => expectRevert(t1.transact(contract, 'disburse', [h(3), h(0), h(0)]), 'NotYetValid'))
  it('refuses after the validity window', () => expectRevert(t1.transact(contract, 'disburse', [h(4), h(0), h(0)]), 'Expired'))
  it('refuses when the program funds do not cover it', () =>
    expectRevert(t1.transact(contract, 'disburse', [h(5), h(0), h(0)]), 'InsufficientFunds', { available: 100n, needed: 500n }))
  it('pays the other township from its own terminal', async () => {
    const [e] = events(await t2.transact(contract, 'disburse', [h(6), h(0), h(0xa6)]))
    expect(e).toMatchObject({ name: 'Disbursed', args: { township: Number(B) } })
  })
})

describe('entitlement life cycle', () => {
  it('refuses a duplicate approval and an unknown program', async () => {
    await expectRevert(approver.transact(contract, 'approveEntitlement', entitlement(h(1), 1n)), 'DuplicateEntitlement')
    await expectRevert(approver.transact(contract, 'approveEntitlement', entitlement(h(0x50), 9n)), 'UnknownProgram')
    await expectRevert(funder.transact(contract, 'fund', [9n, 1n, h(0), 'x']), 'UnknownProgram')
  })
  it('refuses revoking paid, revoked or unknown entitlements', async () => {
    await expectRevert(approver.transact(contract, 'revokeEntitlement', [h(1), h(0)]), 'AlreadyPaid')
    await expectRevert(approver.transact(contract, 'revokeEntitlement', [h(2), h(0)]), 'Revoked')
    await expectRevert(approver.transact(contract, 'revokeEntitlement', [h(0x98), h(0)]), 'UnknownEntitlement')
  })
  it('settles a paid entitlement once, and never an unpaid one', async () => {
    await expectRevert(settler.transact(contract, 'settle', [h(7), h(0xb7)]), 'NotPaid')
    await expectRevert(settler.transact(contract, 'settle', [h(0x97), h(0xb7)]), 'UnknownEntitlement')
    const [e] = events(await settler.transact(contract, 'settle', [h(1), h(0xb1)]))
    expect(e).toMatchObject({ name: 'Settled', args: { entitlementId: h(1), bankRef: h(0xb1), amount: 1_000n } })
    await expectRevert(settler.transact(contract, 'settle', [h(1), h(0xb1)]), 'AlreadySettled')
    await expectRevert(t1.transact(contract, 'disburse', [h(1), h(0), h(0)]), 'AlreadyPaid')
  })
})

describe('complaints and daily close', () => {
  it('files, resolves and closes a day once, from the right township only', async () => {
    const [filed] = events(await t1.transact(contract, 'fileComplaint', [h(0xc1), A, 2n]))
    expect(filed).toMatchObject({ name: 'ComplaintFiled', args: { ticketHash: h(0xc1), township: Number(A), category: 2, terminal: t1.address } })
    await expectRevert(t1.transact(contract, 'fileComplaint', [h(0xc2), B, 1n]), 'WrongTownship', { expected: B, actual: A })
    const [resolved] = events(await approver.transact(contract, 'resolveComplaint', [h(0xc1), h(0xd1)]))
    expect(resolved).toMatchObject({ name: 'ComplaintResolved' })
    const [closed] = events(await t1.transact(contract, 'closeDay', [A, 20260314n, 2n, 2_000n, h(0x11)]))
    expect(closed).toMatchObject({ name: 'DayClosed', args: { township: Number(A), day: 20260314, count: 2, total: 2_000n } })
    await expectRevert(t1.transact(contract, 'closeDay', [A, 20260314n, 2n, 2_000n, h(0x11)]), 'DayAlreadyClosed')
    await expectRevert(t2.transact(contract, 'closeDay', [A, 20260315n, 0n, 0n, h(0)]), 'WrongTownship')
    await expectRevert(outsider.transact(contract, 'closeDay', [A, 20260315n, 0n, 0n, h(0)]), 'NotTerminal')
    await expectRevert(outsider.transact(contract, 'fileComplaint', [h(0xc3), A, 1n]), 'NotTerminal')
  })
})

describe('role checks', () => {
  it('lets only the admin manage roles, terminals and programs', async () => {
    const x = outsider.address
    await expectRevert(outsider.transact(contract, 'grantRole', [ROLES.FUNDER, x]), 'NotAuthorized', { role: ROLES.ADMIN })
    await expectRevert(outsider.transact(contract, 'revokeRole', [ROLES.FUNDER, funder.address]), 'NotAuthorized', { role: ROLES.ADMIN })
    await expectRevert(outsider.transact(contract, 'registerTerminal', [x, A]), 'NotAuthorized', { role: ROLES.ADMIN })
    await expectRevert(outsider.transact(contract, 'deregisterTerminal', [t1.address]), 'NotAuthorized', { role: ROLES.ADMIN })
    await expectRevert(outsider.transact(contract, 'createProgram', ['x', A, 1n]), 'NotAuthorized', { role: ROLES.ADMIN })
    await expectRevert(admin.transact(contract, 'grantRole', [ROLES.TERMINAL, x]), 'NotAuthorized', { role: ROLES.TERMINAL })
  })
  it('requires FUNDER, APPROVER and SETTLER for their calls', async () => {
    await expectRevert(outsider.transact(contract, 'fund', [1n, 1n, h(0), 'x']), 'NotAuthorized', { role: ROLES.FUNDER })
    await expectRevert(outsider.transact(contract, 'approveEntitlement', entitlement(h(0x60), 1n)), 'NotAuthorized', { role: ROLES.APPROVER })
    await expectRevert(outsider.transact(contract, 'approveEntitlements', [[entitlement(h(0x61), 1n)]]), 'NotAuthorized', { role: ROLES.APPROVER })
    await expectRevert(outsider.transact(contract, 'revokeEntitlement', [h(7), h(0)]), 'NotAuthorized', { role: ROLES.APPROVER })
    await expectRevert(outsider.transact(contract, 'resolveComplaint', [h(0xc1), h(0)]), 'NotAuthorized', { role: ROLES.APPROVER })
    await expectRevert(outsider.transact(contract, 'settle', [h(6), h(0)]), 'NotAuthorized', { role: ROLES.SETTLER })
    await expectRevert(funder.transact(contract, 'approveEntitlement', entitlement(h(0x62), 1n)), 'NotAuthorized', { role: ROLES.APPROVER })
  })
  it('grants, revokes and deregisters with events', async () => {
    const x = outsider.address
    const [granted] = events(await admin.transact(contract, 'grantRole', [ROLES.FUNDER, x]))
    expect(granted).toMatchObject({ name: 'RoleGranted', args: { role: ROLES.FUNDER, account: x, by: admin.address } })
    expect(await admin.view(contract, 'hasRole', [ROLES.FUNDER, x])).toEqual({ '0': true })
    const [revoked] = events(await admin.transact(contract, 'revokeRole', [ROLES.FUNDER, x]))
    expect(revoked).toMatchObject({ name: 'RoleRevoked', args: { role: ROLES.FUNDER, account: x } })
    await expectRevert(outsider.transact(contract, 'fund', [1n, 1n, h(0), 'x']), 'NotAuthorized')
    expect(await admin.view(contract, 'hasRole', [ROLES.TERMINAL, t2.address])).toEqual({ '0': true })
    const [dereg] = events(await admin.transact(contract, 'deregisterTerminal', [t2.address]))
    expect(dereg).toMatchObject({ name: 'TerminalDeregistered', args: { terminal: t2.address } })
    await expectRevert(t2.transact(contract, 'disburse', [h(8), h(0), h(0)]), 'NotTerminal')
    expect(await admin.view(contract, 'terminalTownship', [t2.address])).toEqual({ '0': 0n })
  })
})
