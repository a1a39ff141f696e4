import { sha256 } from '@noble/hashes/sha2.js'
import { TEMPLATE_BYTES } from '../common/ef01-packet'
import type { TestCard } from '../common/test-cards'

/**
 * Deterministic stand-ins for what a real card carries besides its text: a
 * 1024-byte WLT photo and a 1024-byte fingerprint block (two 512-byte
 * templates). Synthesised from the card key so every run, the reader
 * simulator and the fingerprint simulator agree on them.
 */
export const PHOTO_BYTES = 1024
export const FINGERPRINT_BLOCK_BYTES = 1024

export function expand(label: string, length: number): Uint8Array {
  const out = new Uint8Array(length)
  const seed = new TextEncoder().encode(label)
  for (let block = 0, at = 0; at < length; block++, at += 32) {
    const input = new Uint8Array(seed.length + 4)
    input.set(seed)
    new DataView(input.buffer).setUint32(seed.length, block)
    out.set(sha256(input).subarray(0, Math.min(32, length - at)), at)
  }
  return out
}

export function cardPhoto(card: TestCard): Uint8Array {
  return expand(`photo:${card.key}`, PHOTO_BYTES)
}

/** The card's fingerprint block, empty for a card without fingerprint. */
export function cardFingerprintBlock(card: TestCard): Uint8Array {
  if (!card.hasFingerprint) return new Uint8Array(0)
  return expand(`fingerprint:${card.key}`, FINGERPRINT_BLOCK_BYTES)
}

/** The template the simulated finger of this card produces (the block's first template). */
export function fingerTemplate(card: TestCard): Uint8Array {
  return expand(`fingerprint:${card.key}`, FINGERPRINT_BLOCK_BYTES).subarray(0, TEMPLATE_BYTES)
}

/** 4-byte card management number (find reply) and 8-byte serial (select reply). */
export function cardNumbers(card: TestCard): { managementNumber: Uint8Array; serial: Uint8Array } {
  const h = expand(`numbers:${card.key}`, 12)
  return { managementNumber: h.subarray(0, 4), serial: h.subarray(4, 12) }
}
