import { encodeAbiParameters, keccak256 } from 'viem'
import { describe, expect, it } from 'vitest'
import { type ClaimEvidence, evidenceHashOf } from '../../electron/common/ledger/commitments'

const beneficiary = `0x${'0b'.repeat(32)}` as const
const collector = `0x${'0c'.repeat(32)}` as const
const base: ClaimEvidence = { method: 'proxy+fingerprint', fingerprintScore: 640, checkedAt: 1_770_000_000, staffCoSigner: null, salt: `0x${'01'.repeat(32)}` }

describe('proxy collection evidence', () => {
  it('commits to both the beneficiary and the relative who collected', () => {
    const a = evidenceHashOf({ ...base, proxy: { beneficiary, collector } })
    expect(a).toBe(evidenceHashOf({ ...base, proxy: { beneficiary, collector } }))
    expect(a).not.toBe(evidenceHashOf({ ...base, proxy: { beneficiary, collector: `0x${'0d'.repeat(32)}` } }))
    expect(a).not.toBe(evidenceHashOf({ ...base, proxy: { beneficiary: `0x${'0d'.repeat(32)}`, collector } }))
    expect(a).not.toBe(evidenceHashOf(base))
    const types = ['string', 'uint16', 'uint64', 'bytes32', 'bytes32', 'bytes32', 'bytes32'].map((type) => ({ type }))
    expect(a).toBe(
      keccak256(encodeAbiParameters(types, ['proxy+fingerprint', 640n, 1_770_000_000n, `0x${'00'.repeat(32)}`, base.salt, beneficiary, collector])),
    )
  })
  it('keeps the encoding of evidence without a proxy, and refuses a person collecting for themself', () => {
    const plain = { ...base, method: 'card+fingerprint' as const }
    const types = ['string', 'uint16', 'uint64', 'bytes32', 'bytes32'].map((type) => ({ type }))
    expect(evidenceHashOf({ ...plain, proxy: null })).toBe(
      keccak256(encodeAbiParameters(types, ['card+fingerprint', 640n, 1_770_000_000n, `0x${'00'.repeat(32)}`, base.salt])),
    )
    expect(() => evidenceHashOf({ ...base, proxy: { beneficiary, collector: beneficiary } })).toThrow(RangeError)
  })
})
