/**
 * Compiles resources/contracts/HuiminRelief.sol with the pinned solc-js
 * (offline, no compiler download) and writes the committed artefact
 * resources/contracts/HuiminRelief.json: { abi, bytecode, sourceHash, compiler }.
 *
 *   npx tsx scripts/compile-contract.ts          # write the artefact
 *   npx tsx scripts/compile-contract.ts --check  # exit 1 if the artefact is stale
 */
import fs from 'node:fs'
import { createRequire } from 'node:module'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { bytesToHex } from '@noble/hashes/utils.js'
import { keccak_256 } from '@noble/hashes/sha3.js'

export const CONTRACT_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'resources', 'contracts')
export const SOURCE_FILE = path.join(CONTRACT_DIR, 'HuiminRelief.sol')
export const ARTEFACT_FILE = path.join(CONTRACT_DIR, 'HuiminRelief.json')

export interface ContractArtefact {
  abi: unknown[]
  bytecode: `0x${string}`
  sourceHash: `0x${string}`
  compiler: { version: string; optimizer: { enabled: true; runs: number }; viaIR: true; evmVersion: string }
}

const EVM_VERSION = 'cancun'
const OPTIMIZER_RUNS = 200

export function compileContract(source = fs.readFileSync(SOURCE_FILE, 'utf8')): ContractArtefact {
  const require = createRequire(import.meta.url)
  const solc = require('solc') as { compile(input: string): string; version(): string }
  const input = {
    language: 'Solidity',
    sources: { 'HuiminRelief.sol': { content: source } },
    settings: {
      optimizer: { enabled: true, runs: OPTIMIZER_RUNS },
      viaIR: true,
      evmVersion: EVM_VERSION,
      outputSelection: { '*': { '*': ['abi', 'evm.bytecode.object'] } },
    },
  }
  const output = JSON.parse(solc.compile(JSON.stringify(input))) as {
    errors?: { severity: string; formattedMessage: string }[]
    contracts: Record<string, Record<string, { abi: unknown[]; evm: { bytecode: { object: string } } }>>
  }
  const errors = (output.errors ?? []).filter((e) => e.severity === 'error')
  if (errors.length) throw new Error(`solc failed:\n${errors.map((e) => e.formattedMessage).join('\n')}`)
  const compiled = output.contracts['HuiminRelief.sol']!['HuiminRelief']!
  return {
    abi: compiled.abi,
    bytecode: `0x${compiled.evm.bytecode.object}`,
    sourceHash: `0x${bytesToHex(keccak_256(new TextEncoder().encode(source)))}`,
    compiler: { version: solc.version(), optimizer: { enabled: true, runs: OPTIMIZER_RUNS }, viaIR: true, evmVersion: EVM_VERSION },
  }
}

export function serializeArtefact(a: ContractArtefact): string {
  return `${JSON.stringify(a, null, 2)}\n`
}

function main(): void {
  const artefact = serializeArtefact(compileContract())
  if (process.argv.includes('--check')) {
    const committed = fs.existsSync(ARTEFACT_FILE) ? fs.readFileSync(ARTEFACT_FILE, 'utf8') : ''
    if (committed !== artefact) {
      console.error(`${path.basename(ARTEFACT_FILE)} does not match ${path.basename(SOURCE_FILE)}: run npx tsx scripts/compile-contract.ts`)
      process.exit(1)
    }
    console.log('contract artefact is up to date')
    return
  }
  fs.writeFileSync(ARTEFACT_FILE, artefact)
  console.log(`wrote ${path.relative(process.cwd(), ARTEFACT_FILE)}`)
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main()
