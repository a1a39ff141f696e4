/**
 * Deploys HuiminRelief, grants roles and registers terminals in one call:
 * two blocks, the deployment and everything else.
 * For the CLI, the demo seed and other engineers' tests.
 *
 *   const { address } = await deployRelief(rpc, adminSigner, {
 *     roles: { FUNDER: [admin.address], APPROVER: [admin.address] },
 *     terminals: [{ address: terminal.address, township: 410122101 }],
 *   })
 */
import type { Hex } from '../../../common/ledger/hex'
import type { TxSigner } from '../keys/signer'
import type { RpcClient } from '../rpc-client'
import { HUIMIN_RELIEF_BYTECODE } from './abi'
import { ROLES, type RoleName } from './calls'
import { type ContractCall, ContractTransactor } from './transact'

export interface DeployOptions {
  roles?: Partial<Record<Exclude<RoleName, 'TERMINAL'>, Hex[]>>
  terminals?: { address: Hex; township: number | bigint }[]
  /** Admin calls sent right after the roles and terminals, in the same block: they may depend on them. */
  then?: ContractCall[]
}

export interface DeployedRelief {
  address: Hex
  /** The deployer's transactor, ready for more admin calls. */
  admin: ContractTransactor
  deployBlock: number
}

export async function deployRelief(rpc: RpcClient, adminSigner: TxSigner, options: DeployOptions = {}): Promise<DeployedRelief> {
  const admin = new ContractTransactor(rpc, adminSigner)
  const { address, receipt } = await admin.deploy(HUIMIN_RELIEF_BYTECODE)
  await admin.transactInOrder(address, [...setUpCalls(options), ...(options.then ?? [])])
  return { address, admin, deployBlock: Number.parseInt(receipt.blockNumber, 16) }
}

function setUpCalls(options: DeployOptions): ContractCall[] {
  return [
    ...Object.entries(options.roles ?? {}).flatMap(([role, accounts]) =>
      (accounts ?? []).map((account) => ({ fn: 'grantRole', args: [ROLES[role as RoleName], account] })),
    ),
    ...(options.terminals ?? []).map((t) => ({ fn: 'registerTerminal', args: [t.address, BigInt(t.township)] })),
  ]
}
