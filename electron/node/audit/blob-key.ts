/**
 * The integer the audit index finds a hash by: its first six bytes,
 * big-endian (migration 0008). A lookup matches the key and then the whole
 * hash, so two hashes sharing six bytes are still told apart.
 */
import type { Hex } from '../../common/ledger/hex'

export const keyOfBytes = (bytes: Buffer): number => bytes.readUIntBE(0, 6)

export const keyOfHex = (hash: Hex): number => Number.parseInt(hash.slice(2, 14), 16)
