/** Our encoders against an independent one (viem, dev-only), byte for byte. */
import { describe, expect, it } from 'vitest'
import { decodeAbiParameters, encodeAbiParameters, keccak256, serializeTransaction, toRlp } from 'viem'
import { privateKeyToAccount } from 'viem/accounts'
import { decodeParams, encodeParams } from '../../electron/common/ledger/abi-codec'
import { type Hex, bytesToHex, hexToBytes } from '../../electron/common/ledger/hex'
import { rlpDecode, rlpEncode } from '../../electron/common/ledger/rlp'
import { parseSecretKey, recoverSender, signDigest, signTransaction, addressFromSecretKey } from '../../electron/common/ledger/sign'
import { type UnsignedTx, signingHash } from '../../electron/common/ledger/tx'

const KEYS: Hex[] = [
  '0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80',
  '0x0000000000000000000000000000000000000000000000000000000000000001',
  '0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364140',
]
const TO: Hex = '0x5fbdb2315678afecb367f032d93f642f64180aa3'
const CALLDATA = `0x${'ab'.repeat(100)}` as Hex

const TXS: UnsignedTx[] = [
  { type: 'eip1559', chainId: 31337, nonce: 0, gas: 21000n, to: TO, value: 0n, data: '0x', maxFeePerGas: 0n, maxPriorityFeePerGas: 0n },
  { type: 'eip1559', chainId: 1, nonce: 127, gas: 300000n, to: TO, value: 1n, data: CALLDATA, maxFeePerGas: 2_000_000_000n, maxPriorityFeePerGas: 1n },
  {
    type: 'eip1559',
    chainId: 2 ** 31 - 1,
    nonce: 2 ** 40,
    gas: 30_000_000n,
    to: null,
    value: 10n ** 18n,
    data: CALLDATA,
    maxFeePerGas: 10n ** 12n,
    maxPriorityFeePerGas: 10n ** 9n,
  },
  {
    type: 'eip1559',
    chainId: 5,
    nonce: 1,
    gas: 50000n,
    to: TO,
    value: 0n,
    data: '0x01',
    maxFeePerGas: 7n,
    maxPriorityFeePerGas: 7n,
    accessList: [{ address: TO, storageKeys: [`0x${'00'.repeat(31)}01`, `0x${'ff'.repeat(32)}`] }],
  },
  { type: 'legacy', chainId: 31337, nonce: 0, gas: 21000n, to: TO, value: 0n, data: '0x', gasPrice: 0n },
  { type: 'legacy', chainId: 1, nonce: 55, gas: 90000n, to: TO, value: 123456789n, data: CALLDATA, gasPrice: 20_000_000_000n },
  { type: 'legacy', chainId: 1337, nonce: 256, gas: 1_000_000n, to: null, value: 0n, data: CALLDATA, gasPrice: 1n },
]

function viemTx(tx: UnsignedTx) {
  const common = { chainId: tx.chainId, nonce: tx.nonce, gas: tx.gas, to: tx.to ?? undefined, value: tx.value, data: tx.data }
  return tx.type === 'eip1559'
    ? { ...common, type: 'eip1559' as const, maxFeePerGas: tx.maxFeePerGas, maxPriorityFeePerGas: tx.maxPriorityFeePerGas, accessList: tx.accessList ?? [] }
    : { ...common, type: 'legacy' as const, gasPrice: tx.gasPrice }
}

describe('transaction signing matches viem', () => {
  for (const [k, key] of KEYS.entries())
    for (const [t, tx] of TXS.entries())
      it(`key ${k}, tx ${t} (${tx.type})`, async () => {
        const ours = signTransaction(tx, parseSecretKey(key))
        const theirs = await privateKeyToAccount(key).signTransaction(viemTx(tx) as never)
        expect(ours.raw).toBe(theirs)
        expect(ours.hash).toBe(keccak256(theirs))
        expect(bytesToHex(signingHash(tx))).toBe(keccak256(serializeTransaction(viemTx(tx) as never)))
      })

  it('produces low-S, deterministic signatures that recover to the signer', () => {
    const key = parseSecretKey(KEYS[0]!)
    const n = 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141n
    for (const tx of TXS) {
      const sig = signDigest(signingHash(tx), key)
      expect(sig.s <= n / 2n).toBe(true)
      expect(signDigest(signingHash(tx), key)).toEqual(sig)
      expect(recoverSender(tx, sig)).toBe(addressFromSecretKey(key))
    }
  })

  it('refuses keys outside the curve order', () => {
    expect(() => parseSecretKey(`0x${'00'.repeat(32)}`)).toThrow()
    expect(() => parseSecretKey(`0x${'ff'.repeat(32)}`)).toThrow()
    expect(() => parseSecretKey('0x1234')).toThrow()
  })
})

describe('RLP matches viem', () => {
  const cases = [
    new Uint8Array(0),
    Uint8Array.of(0),
    Uint8Array.of(0x7f),
    Uint8Array.of(0x80),
    new Uint8Array(55).fill(1),
    new Uint8Array(56).fill(2),
    new Uint8Array(1024).fill(3),
  ]
  it('encodes strings and nested lists the same', () => {
    for (const c of cases) expect(bytesToHex(rlpEncode(c))).toBe(toRlp(bytesToHex(c)))
    const nested = [cases[0]!, [cases[1]!, [cases[5]!]], cases.slice(0, 6)]
    const viemNested = [bytesToHex(cases[0]!), [bytesToHex(cases[1]!), [bytesToHex(cases[5]!)]], cases.slice(0, 6).map(bytesToHex)]
    expect(bytesToHex(rlpEncode(nested))).toBe(toRlp(viemNested as never))
  })
  it('decodes what it encodes and rejects trailing or truncated input', () => {
    const nested = [Uint8Array.of(1, 2), [new Uint8Array(60).fill(9)]]
    expect(bytesToHex(rlpEncode(rlpDecode(rlpEncode(nested))))).toBe(bytesToHex(rlpEncode(nested)))
    expect(() => rlpDecode(hexToBytes('0x8201'))).toThrow()
    expect(() => rlpDecode(hexToBytes('0x0102'))).toThrow()
  })
})

describe('ABI codec matches viem', () => {
  const params = [
    { type: 'bytes32', name: 'id' },
    { type: 'uint256', name: 'amount' },
    { type: 'uint64', name: 'township' },
    { type: 'bool', name: 'flag' },
    { type: 'string', name: 'name' },
    { type: 'address', name: 'who' },
    { type: 'int32', name: 'delta' },
    {
      type: 'tuple[]',
      name: 'items',
      components: [
        { type: 'bytes32', name: 'a' },
        { type: 'string', name: 'b' },
      ],
    },
  ] as const
  const values = [
    `0x${'12'.repeat(32)}`,
    10n ** 30n,
    410122101n,
    true,
    '张*三 惠民',
    TO,
    -5n,
    [
      [`0x${'34'.repeat(32)}`, 'x'],
      [`0x${'56'.repeat(32)}`, ''],
    ],
  ] as const
  it('encodes and decodes identically', () => {
    const ours = bytesToHex(encodeParams(params, values))
    expect(ours).toBe(encodeAbiParameters(params, values as never))
    const decoded = decodeParams(params, ours)
    const theirs = decodeAbiParameters(params, ours)
    // viem checksums addresses and returns small ints as numbers; we keep lowercase hex and bigint.
    const normalize = (v: unknown) => (typeof v === 'number' ? BigInt(v) : typeof v === 'string' && v.startsWith('0x') ? v.toLowerCase() : v)
    expect(decoded.slice(0, 7)).toEqual(theirs.slice(0, 7).map(normalize))
    expect(decoded[7]).toEqual((theirs[7] as { a: string; b: string }[]).map((i) => [i.a, i.b]))
  })
  it('refuses values that do not fit', () => {
    expect(() => encodeParams([{ type: 'uint64' }], [2n ** 64n])).toThrow(/does not fit/)
    expect(() => encodeParams([{ type: 'address' }], ['0x1234'])).toThrow(/20 bytes/)
    expect(() => decodeParams([{ type: 'uint256' }], '0x1234')).toThrow(/too short/)
  })
})
