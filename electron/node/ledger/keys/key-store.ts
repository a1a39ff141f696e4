/**
 * The terminal's secp256k1 key at rest: generated on first run, sealed by a
 * SecretBox and written atomically (0600). Loading returns a signer; the
 * plaintext key exists only inside it.
 */
import fs from 'node:fs'
import path from 'node:path'
import { AppError } from '../../../common/result'
import { type Hex, bytesToHex, hexToBytes } from '../../../common/ledger/hex'
import { addressFromSecretKey, randomSecretKey } from '../../../common/ledger/sign'
import { type SecretBox, boxForKind } from './secret-box'
import { type TxSigner, createSigner } from './signer'

interface KeyFile {
  version: 1
  box: string
  address: Hex
  sealed: Hex
}

export const TERMINAL_KEY_FILE = 'terminal-key.json'

/**
 * Opens the terminal key in `file`, creating it on first run. A key sealed by
 * one of the box's earlier boxes is sealed again with the box itself.
 */
export function loadOrCreateTerminalKey(file: string, box: SecretBox): { signer: TxSigner; created: boolean; resealed: boolean } {
  if (fs.existsSync(file)) return openKeyFile(file, box)
  const secret = randomSecretKey()
  try {
    writeKeyFile(file, { version: 1, box: box.kind, address: addressFromSecretKey(secret), sealed: bytesToHex(box.seal(secret)) })
    return { signer: createSigner(secret), created: true, resealed: false }
  } finally {
    secret.fill(0)
  }
}

/** Written to a temporary file, synced, then renamed over the old one: never half a key file. */
function writeKeyFile(file: string, content: KeyFile): void {
  fs.mkdirSync(path.dirname(file), { recursive: true })
  const tmp = `${file}.${process.pid}.tmp`
  fs.writeFileSync(tmp, `${JSON.stringify(content, null, 2)}\n`, { mode: 0o600 })
  const fd = fs.openSync(tmp, 'r')
  fs.fsyncSync(fd)
  fs.closeSync(fd)
  fs.renameSync(tmp, file)
}

function openKeyFile(file: string, box: SecretBox): { signer: TxSigner; created: false; resealed: boolean } {
  let parsed: KeyFile
  try {
    parsed = JSON.parse(fs.readFileSync(file, 'utf8')) as KeyFile
  } catch (e) {
    throw new AppError('LEDGER_KEY_CORRUPT', `terminal key file ${path.basename(file)} is not readable JSON`, { cause: e })
  }
  if (parsed.version !== 1 || typeof parsed.sealed !== 'string') throw new AppError('LEDGER_KEY_CORRUPT', 'terminal key file has an unknown format')
  const opener = boxForKind(box, parsed.box)
  if (!opener) throw new AppError('LEDGER_KEY_WRONG_BOX', `terminal key was sealed with ${parsed.box}, cannot open it with ${box.kind}`)
  const secret = opener.open(hexToBytes(parsed.sealed, 'sealed'))
  try {
    const signer = createSigner(secret)
    if (signer.address !== parsed.address.toLowerCase()) throw new AppError('LEDGER_KEY_CORRUPT', 'terminal key does not match its recorded address')
    const resealed = opener !== box
    if (resealed) writeKeyFile(file, { ...parsed, box: box.kind, sealed: bytesToHex(box.seal(secret)) })
    return { signer, created: false, resealed }
  } finally {
    secret.fill(0)
  }
}
