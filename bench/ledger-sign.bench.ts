import { privateKeyToAccount } from 'viem/accounts'
import { type Hex } from '../electron/common/ledger/hex'
import { parseSecretKey } from '../electron/common/ledger/sign'
import type { UnsignedTx } from '../electron/common/ledger/tx'
import { createSigner } from '../electron/node/ledger/keys/signer'
import { type Benchmark, opsPerSecond } from './harness'

const KEY: Hex = '0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d'

/** Sign + encode an EIP-1559 transaction with 100 bytes of calldata: our noble signer against viem's signTransaction. */
export const benchmark: Benchmark = {
  name: 'ledger signing',
  async run(report) {
    const signer = createSigner(parseSecretKey(KEY))
    const account = privateKeyToAccount(KEY)
    let nonce = 0
    const tx = (): UnsignedTx => ({
      type: 'eip1559',
      chainId: 31337,
      nonce: nonce++,
      gas: 300_000n,
      maxFeePerGas: 0n,
      maxPriorityFeePerGas: 0n,
      to: '0x5fbdb2315678afecb367f032d93f642f64180aa3',
      value: 0n,
      data: `0x${'ab'.repeat(100)}`,
    })
    const viemTx = () => {
      const t = tx() as Extract<UnsignedTx, { type: 'eip1559' }>
      return { ...t, to: t.to!, type: 'eip1559' as const, accessList: [] }
    }
    // Alternate to spread machine noise over both.
    const ours: number[] = []
    const theirs: number[] = []
    for (let i = 0; i < 3; i++) {
      ours.push(await opsPerSecond(() => signer.sign(tx()), 1000))
      theirs.push(await opsPerSecond(() => account.signTransaction(viemTx()), 1000))
    }
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[1]!
    report({
      name: 'sign+encode EIP-1559 (noble 2.4, precomputed base)',
      value: median(ours),
      unit: 'ops/s',
      peer: 'viem signTransaction',
      peerValue: median(theirs),
      note: 'median of 3 alternating 1 s runs',
    })
  },
}
