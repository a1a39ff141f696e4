/**
 * Terminals: this kiosk's address and the counter station's, each with a QR
 * for registration and its registration state on chain; registering a new
 * kiosk address when the operator key holds ADMIN (in demo: the dev admin key).
 */
import QRCode from 'qrcode'
import type { CounterTxView, TerminalView, TerminalsView } from '../../common/contract/counter'
import type { Hex } from '../../common/ledger/hex'
import { AppError } from '../../common/result'
import { ROLES, decodeReliefResult, reliefCalldata } from '../ledger/contract/calls'
import { RpcError, type RpcClient } from '../ledger/rpc-client'
import type { OutboxLane } from '../ledger/outbox/outbox-lane'
import { counterTxView } from './tx-view'
import type { Journal } from './journal'
import { type StaffSession, actorOf } from './staff-auth'

export interface TerminalServiceOptions {
  rpc: RpcClient
  contract: Hex
  chainId: number
  township: string
  kioskAddress: Hex
  /** Outbox of the operator key (ADMIN/APPROVER): registrations go here. */
  operator: OutboxLane
  /** Outbox of the counter station key (a registered terminal): day closes go here. */
  station: OutboxLane
  journal: Journal
}

export class TerminalService {
  constructor(private readonly o: TerminalServiceOptions) {}

  async view(): Promise<TerminalsView> {
    const terminals: TerminalView[] = []
    for (const [role, address] of [
      ['kiosk', this.o.kioskAddress],
      ['counter', this.o.station.sender],
    ] as const) {
      const township = await this.township(address)
      terminals.push({
        role,
        address,
        qrSvg: await QRCode.toString(`ethereum:${address}@${this.o.chainId}?township=${this.o.township}`, { type: 'svg', margin: 1 }),
        township: township === null || township === 0 ? null : township,
        registered: township === null ? null : township !== 0,
      })
    }
    const op = this.o.operator.sender
    return { terminals, operator: { address: op, isAdmin: await this.hasRole('ADMIN', op), isApprover: await this.hasRole('APPROVER', op) } }
  }

  async register(staff: StaffSession, address: Hex): Promise<CounterTxView> {
    return this.queueRegistration(actorOf(staff), address)
  }

  /**
   * Demo mode: the counter station registers itself with the operator's ADMIN
   * key when the chain does not know it yet, so day closes can be anchored.
   * Does nothing when it is registered, already queued, or the ledger is unreachable.
   */
  async registerStation(actor: string): Promise<CounterTxView | null> {
    const address = this.o.station.sender
    if ((await this.township(address)) !== 0) return null
    const ref = address.toLowerCase()
    if (this.o.operator.list({ purpose: 'register-terminal', states: ['pending'] }).some((t) => t.ref === ref)) return null
    return this.queueRegistration(actor, address)
  }

  private async queueRegistration(actor: string, address: Hex): Promise<CounterTxView> {
    if ((await this.hasRole('ADMIN', this.o.operator.sender)) !== true)
      throw new AppError('COUNTER_OPERATOR_NOT_ADMIN', 'the operator key does not hold the ADMIN role (or the ledger is unreachable)')
    await this.o.operator.syncNonce()
    const [id] = this.o.operator.queue([
      {
        purpose: 'register-terminal',
        ref: address.toLowerCase(),
        calldata: reliefCalldata('registerTerminal', [address, BigInt(this.o.township)]),
        gas: 120_000n,
      },
    ])
    this.o.journal.write(actor, 'counter.terminal.register', { address: address.toLowerCase() })
    return counterTxView(this.o.operator.get(id!)!)
  }

  private async township(address: Hex): Promise<number | null> {
    try {
      const data = await this.o.rpc.request<Hex>('eth_call', [{ to: this.o.contract, data: reliefCalldata('terminalTownship', [address]) }, 'latest'])
      return Number(Object.values(decodeReliefResult('terminalTownship', data))[0])
    } catch (e) {
      if (e instanceof RpcError) return null
      throw e
    }
  }

  private async hasRole(role: keyof typeof ROLES, address: Hex): Promise<boolean | null> {
    try {
      const data = await this.o.rpc.request<Hex>('eth_call', [{ to: this.o.contract, data: reliefCalldata('hasRole', [ROLES[role], address]) }, 'latest'])
      return Boolean(Object.values(decodeReliefResult('hasRole', data))[0])
    } catch (e) {
      if (e instanceof RpcError) return null
      throw e
    }
  }
}
