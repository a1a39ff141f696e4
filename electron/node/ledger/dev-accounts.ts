/**
 * anvil's well-known development accounts (mnemonic "test test ... junk").
 * Public knowledge: for the local demo chain and tests only, never a real chain.
 */
import type { Hex } from '../../common/ledger/hex'

export const DEV_KEYS: readonly Hex[] = [
  '0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80',
  '0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d',
  '0x5de4111afa1a4b94908f83103eb1f1706367c2e68ca870fc3fb9a804cdab365a',
  '0x7c852118294e51e653712a81e05800f419141751be58f605c371e15141b007a6',
  '0x47e179ec197488593b187f80a00eb0da91f1b9d0b13f8733639f19c30a34926a',
]

/**
 * Who signs with which key in demo mode, so that no two of them ever share a
 * nonce: 0 deploys and is the counter's operator; 1–3 are the neighbouring
 * townships' terminals of the hall demo; 4 is the hall demo's county operator.
 */
export const DEMO_ADMIN_KEY = DEV_KEYS[0]!
export const HALL_DEMO_TERMINAL_KEYS = DEV_KEYS.slice(1, 4)
export const HALL_DEMO_OPERATOR_KEY = DEV_KEYS[4]!
