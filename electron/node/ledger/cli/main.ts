/**
 * Operator CLI for pilots and tests (before the counter face can do it).
 *
 *   npm run ledger -- deploy --rpc URL --key HEX
 *   npm run ledger -- grant --rpc URL --key HEX --contract ADDR --role FUNDER --account ADDR
 *   npm run ledger -- revoke --rpc URL --key HEX --contract ADDR --role FUNDER --account ADDR
 *   npm run ledger -- register-terminal --rpc URL --key HEX --contract ADDR --terminal ADDR --township 410122101
 *   npm run ledger -- create-program --rpc URL --key HEX --contract ADDR --name 2026年度养老补助 --region 410122 --budget 200000.00
 *   npm run ledger -- fund --rpc URL --key HEX --contract ADDR --program 1 --amount 50000.00 --funder-name 县财政局 --source-ref 拨款文号
 *   npm run ledger -- approve --rpc URL --key HEX --contract ADDR --program 1 --township 410122101 --period 2026 --regional-key HEX --csv FILE
 * Amounts are in yuan. Exit codes: 0 done, 1 failed, 2 bad arguments or CSV.
 */
import fs from 'node:fs'
import { parseArgs } from 'node:util'
import { AppError } from '../../../common/result'
import { keccakHex } from '../../../common/ledger/abi-codec'
import { entitlementIdOf } from '../../../common/ledger/commitments'
import { type Hex, hexToBytes, isHex, utf8Bytes } from '../../../common/ledger/hex'
import { parseSecretKey } from '../../../common/ledger/sign'
import { HUIMIN_RELIEF_BYTECODE } from '../contract/abi'
import { ROLES, type RoleName } from '../contract/calls'
import { decodeReliefLog } from '../contract/events'
import { ContractTransactor } from '../contract/transact'
import { createSigner } from '../keys/signer'
import { RpcClient, RpcError } from '../rpc-client'
import { parseApprovalCsv, yuanToFen } from './approval-csv'

class UsageError extends Error {}

const OPTIONS = {
  rpc: { type: 'string' },
  key: { type: 'string' },
  contract: { type: 'string' },
  role: { type: 'string' },
  account: { type: 'string' },
  terminal: { type: 'string' },
  township: { type: 'string' },
  name: { type: 'string' },
  region: { type: 'string' },
  budget: { type: 'string' },
  program: { type: 'string' },
  amount: { type: 'string' },
  'funder-name': { type: 'string' },
  'source-ref': { type: 'string' },
  period: { type: 'string' },
  'regional-key': { type: 'string' },
  csv: { type: 'string' },
} as const

type Opts = Partial<Record<keyof typeof OPTIONS, string>>

const need = (o: Opts, name: keyof Opts): string => {
  const v = o[name]
  if (!v) throw new UsageError(`--${name} is required`)
  return v
}
const address = (o: Opts, name: keyof Opts): Hex => {
  const v = need(o, name).toLowerCase()
  if (!isHex(v) || v.length !== 42) throw new UsageError(`--${name} must be a 0x-prefixed 20-byte address`)
  return v
}
const integer = (o: Opts, name: keyof Opts, pattern = /^\d+$/): bigint => {
  const v = need(o, name)
  if (!pattern.test(v)) throw new UsageError(`--${name} "${v}" is not valid`)
  return BigInt(v)
}
const yuan = (o: Opts, name: keyof Opts): bigint => {
  const fen = yuanToFen(need(o, name))
  if (fen === null) throw new UsageError(`--${name} must be yuan with at most two decimals`)
  return fen
}

function transactor(o: Opts): ContractTransactor {
  let key: Uint8Array
  try {
    key = parseSecretKey(need(o, 'key'))
  } catch (e) {
    if (e instanceof UsageError) throw e
    throw new UsageError('--key must be a 32-byte hex private key')
  }
  return new ContractTransactor(new RpcClient({ endpoints: [need(o, 'rpc')], timeoutMs: 10_000 }), createSigner(key))
}

const COMMANDS: Record<string, (o: Opts) => Promise<string>> = {
  deploy: async (o) => (await transactor(o).deploy(HUIMIN_RELIEF_BYTECODE)).address,
  grant: (o) => roleChange(o, 'grantRole'),
  revoke: (o) => roleChange(o, 'revokeRole'),
  'register-terminal': async (o) => {
    const r = await transactor(o).transact(address(o, 'contract'), 'registerTerminal', [address(o, 'terminal'), integer(o, 'township', /^\d{9}$/)])
    return `registered in block ${Number.parseInt(r.blockNumber, 16)}`
  },
  'create-program': async (o) => {
    const r = await transactor(o).transact(address(o, 'contract'), 'createProgram', [need(o, 'name'), integer(o, 'region'), yuan(o, 'budget')])
    const e = decodeReliefLog(r.logs[0]!)
    return e?.name === 'ProgramCreated' ? `program ${e.args.programId}` : 'created'
  },
  fund: async (o) => {
    const ref = need(o, 'source-ref')
    const sourceRef = isHex(ref) && ref.length === 66 ? ref : keccakHex(utf8Bytes(ref))
    await transactor(o).transact(address(o, 'contract'), 'fund', [integer(o, 'program'), yuan(o, 'amount'), sourceRef, need(o, 'funder-name')])
    return `funded program ${o.program} with ${o.amount} yuan`
  },
  approve: async (o) => {
    const keyHex = need(o, 'regional-key')
    if (!isHex(keyHex) || keyHex.length < 34) throw new UsageError('--regional-key must be 0x-prefixed hex of at least 16 bytes')
    const township = integer(o, 'township', /^\d{9}$/)
    const programId = integer(o, 'program')
    const period = integer(o, 'period', /^\d{4}$/)
    let text: string
    try {
      text = fs.readFileSync(need(o, 'csv'), 'utf8')
    } catch (e) {
      throw new UsageError(`cannot read --csv: ${(e as Error).message}`)
    }
    const { rows, problems } = parseApprovalCsv(text, hexToBytes(keyHex), township)
    if (problems.length) throw new UsageError(`bad CSV, nothing sent:\n${problems.map((p) => `  line ${p.line}: ${p.message}`).join('\n')}`)
    if (rows.length === 0) throw new UsageError('the CSV has no rows')
    const items = rows.map((r) => [
      entitlementIdOf(programId, r.commitment, period),
      programId,
      r.commitment,
      township,
      r.village,
      r.amountFen,
      r.validFrom,
      r.validUntil,
      r.proxyAllowed,
      r.maskedName,
    ])
    const tx = transactor(o)
    const contract = address(o, 'contract')
    const calls = []
    for (let i = 0; i < items.length; i += 100) calls.push({ fn: 'approveEntitlements', args: [items.slice(i, i + 100)] })
    await tx.transactAll(contract, calls)
    return `approved ${rows.length} entitlements`
  },
}

async function roleChange(o: Opts, fn: 'grantRole' | 'revokeRole'): Promise<string> {
  const role = need(o, 'role').toUpperCase()
  if (!(role in ROLES) || role === 'TERMINAL') throw new UsageError('--role must be ADMIN, FUNDER, APPROVER or SETTLER (terminals: register-terminal)')
  await transactor(o).transact(address(o, 'contract'), fn, [ROLES[role as RoleName], address(o, 'account')])
  return `${fn === 'grantRole' ? 'granted' : 'revoked'} ${role}`
}

export async function runCli(argv: string[]): Promise<{ code: number; out: string }> {
  const [command, ...rest] = argv
  try {
    const run = command ? COMMANDS[command] : undefined
    if (!run) throw new UsageError(`usage: ledger <${Object.keys(COMMANDS).join('|')}> --rpc URL --key HEX ...`)
    const { values } = parseArgs({ args: rest, options: OPTIONS, strict: true })
    return { code: 0, out: await run(values) }
  } catch (e) {
    if (e instanceof UsageError) return { code: 2, out: e.message }
    if (e instanceof RpcError && e.transient) return { code: 1, out: `cannot reach the ledger node: ${e.message}` }
    if (e instanceof AppError && e.code === 'LEDGER_NOT_AUTHORIZED') return { code: 1, out: `this key lacks the role for that: ${e.message}` }
    if (e instanceof AppError || e instanceof RpcError) return { code: 1, out: `${e instanceof AppError ? e.code : e.code}: ${e.message}` }
    if ((e as Error).name === 'TypeError' && /parseArgs|option/i.test((e as Error).message)) return { code: 2, out: (e as Error).message }
    return { code: 1, out: (e as Error).message }
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { code, out } = await runCli(process.argv.slice(2))
  ;(code === 0 ? process.stdout : process.stderr).write(`${out}\n`)
  process.exit(code)
}
