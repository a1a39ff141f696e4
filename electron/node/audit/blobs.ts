/** Hashes, ids and addresses are stored as BLOBs; the app speaks 0x-hex. */
import type { Hex } from '../../common/ledger/hex'

export const buf = (hex: string): Buffer => Buffer.from(hex.slice(2), 'hex')
export const hex = (b: Buffer | null | undefined): Hex | null => (b ? `0x${b.toString('hex')}` : null)
