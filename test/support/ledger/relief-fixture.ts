/**
 * Test support shared by ledger tests, benchmarks and other engineers' tests:
 * a deployed contract with one funded program and a batch of approved
 * entitlements for a terminal's township. Runs against a real node.
 */
import { entitlementIdOf } from '../../../electron/common/ledger/commitments'
import { type Hex, bytesToHex } from '../../../electron/common/ledger/hex'
import { parseSecretKey } from '../../../electron/common/ledger/sign'
import { deployRelief } from '../../../electron/node/ledger/contract/deploy'
import type { ContractTransactor } from '../../../electron/node/ledger/contract/transact'
import { DEV_KEYS } from '../../../electron/node/ledger/dev-accounts'
import { type TxSigner, createSigner } from '../../../electron/node/ledger/keys/signer'
import type { RpcClient } from '../../../electron/node/ledger/rpc-client'

export interface ReliefFixture {
  contract: Hex
  admin: ContractTransactor
  adminSigner: TxSigner
  programId: bigint
  entitlementIds: Hex[]
  deployBlock: number
}

export interface FixtureOptions {
  terminals: Hex[]
  township: number
  entitlements: number
  /** Fen per entitlement. */
  amount?: bigint
  validFrom?: number
  validUntil?: number
}

export async function setupRelief(rpc: RpcClient, o: FixtureOptions): Promise<ReliefFixture> {
  const adminSigner = createSigner(parseSecretKey(DEV_KEYS[0]!))
  const a = adminSigner.address
  const { address, admin, deployBlock } = await deployRelief(rpc, adminSigner, {
    roles: { FUNDER: [a], APPROVER: [a], SETTLER: [a] },
    terminals: o.terminals.map((t) => ({ address: t, township: o.township })),
  })
  await admin.transact(address, 'createProgram', ['测试项目', BigInt(o.township), 10n ** 15n])
  const programId = 1n
  const amount = o.amount ?? 10_000n
  await admin.transact(address, 'fund', [programId, amount * BigInt(o.entitlements + 10), `0x${'11'.repeat(32)}`, '县财政局'])
  const entitlementIds = await approveMany(admin, address, programId, o, amount)
  return { contract: address, admin, adminSigner, programId, entitlementIds, deployBlock }
}

/** Approves `count` entitlements in batches of 100; commitments are random. */
export async function approveMany(admin: ContractTransactor, contract: Hex, programId: bigint, o: FixtureOptions, amount: bigint): Promise<Hex[]> {
  const ids: Hex[] = []
  const items: unknown[][] = []
  for (let i = 0; i < o.entitlements; i++) {
    const commitment = bytesToHex(crypto.getRandomValues(new Uint8Array(32)))
    const id = entitlementIdOf(programId, commitment, 2026n)
    ids.push(id)
    items.push([
      id,
      programId,
      commitment,
      BigInt(o.township),
      BigInt(o.township) * 1000n + 201n,
      amount,
      BigInt(o.validFrom ?? 0),
      BigInt(o.validUntil ?? 4_000_000_000),
      false,
      '张*三',
    ])
  }
  const calls = []
  for (let i = 0; i < items.length; i += 100) calls.push({ fn: 'approveEntitlements', args: [items.slice(i, i + 100)] })
  await admin.transactAll(contract, calls)
  return ids
}
