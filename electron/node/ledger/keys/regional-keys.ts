/**
 * The regional key ring: the HMAC keys that turn ID numbers into on-chain
 * commitments, one per key epoch, sealed at rest in the store by the same
 * SecretBox as the terminal key. With the key, an ID number is found from its
 * commitment in seconds (one county and one birth decade are a few million
 * guesses), so it is read from HUIMIN_REGIONAL_KEY once, sealed, and never
 * taken from the environment again:
 *
 *   - no epoch sealed yet: the offered key is sealed as epoch 1;
 *   - the offered key is one already sealed: it is ignored, with a warning to
 *     remove it from the environment;
 *   - another key, with HUIMIN_REGIONAL_KEY_ROTATE=1: sealed as the next
 *     epoch, which commits every new approval from then on; without it, start-up
 *     stops, as the operator meant a key the ring would not use.
 *
 * Lookups ask for every epoch's commitment (newest first), so people approved
 * under an older key are still found. The key itself is never logged.
 *
 *   const keys = openRegionalKeys({ db, box, offered: config.ledger.regionalKey, rotate: false, demoKey: null, log })
 *   keys.commitmentOf('41012219800101011X')    // newest epoch: new approvals
 *   keys.commitmentsOf('41012219800101011X')   // every epoch: lookups
 */
import { beneficiaryCommitment } from '../../../common/ledger/commitments'
import { type Hex, hexToBytes } from '../../../common/ledger/hex'
import { AppError } from '../../../common/result'
import type { Db } from '../../db/database'
import type { Logger } from '../../log/logger'
import { type SecretBox, boxForKind } from './secret-box'

export interface RegionalKeyEpoch {
  epoch: number
  key: Uint8Array
}

export class RegionalKeys {
  private readonly epochs: readonly RegionalKeyEpoch[]

  /** `epochs` in any order; at least one. */
  constructor(epochs: readonly RegionalKeyEpoch[]) {
    if (epochs.length === 0) throw new RangeError('a regional key ring needs at least one epoch')
    this.epochs = [...epochs].sort((a, b) => b.epoch - a.epoch)
  }

  /** A ring of one key (epoch 1): tools and tests that hold a key. */
  static single(key: Uint8Array): RegionalKeys {
    return new RegionalKeys([{ epoch: 1, key }])
  }

  /** The epoch new commitments are made under. */
  get epoch(): number {
    return this.epochs[0]!.epoch
  }

  /** The commitment new approvals carry: under the newest epoch. */
  commitmentOf(idNumber: string): Hex {
    return beneficiaryCommitment(this.epochs[0]!.key, idNumber)
  }

  /** The commitment under every epoch, newest first: what a lookup asks for. */
  commitmentsOf(idNumber: string): Hex[] {
    return this.epochs.map((e) => beneficiaryCommitment(e.key, idNumber))
  }
}

export interface OpenRegionalKeysOptions {
  db: Db
  box: SecretBox
  /** HUIMIN_REGIONAL_KEY: imported once, then ignored. */
  offered: string | null
  /** HUIMIN_REGIONAL_KEY_ROTATE: seal an offered key the ring lacks as the next epoch. */
  rotate: boolean
  /** Demo mode's public key: sealed as epoch 1 when no key is offered and none is sealed. */
  demoKey: string | null
  log: Logger
  now?: () => number
}

interface KeyRow {
  epoch: number
  box: string
  sealed: Uint8Array
}

export function openRegionalKeys(o: OpenRegionalKeysOptions): RegionalKeys {
  const now = o.now ?? Date.now
  const rows = o.db.prepare(`SELECT epoch, box, sealed FROM regional_keys ORDER BY epoch`).all() as KeyRow[]
  const epochs = rows.map((row) => ({ epoch: row.epoch, key: openRow(o, row) }))
  const insert = (epoch: number, key: Uint8Array) =>
    o.db.prepare(`INSERT INTO regional_keys (epoch, box, sealed, created_at) VALUES (?, ?, ?, ?)`).run(epoch, o.box.kind, o.box.seal(key), now())

  if (o.offered === null) {
    if (epochs.length > 0) return new RegionalKeys(epochs)
    if (o.demoKey === null) throw new AppError('CONFIG_INVALID', 'no regional key is sealed in this data dir: set HUIMIN_REGIONAL_KEY once to import it')
    const demoKey = hexToBytes(o.demoKey, 'demo regional key')
    insert(1, demoKey)
    o.log.info('demo regional key sealed as epoch 1')
    return new RegionalKeys([{ epoch: 1, key: demoKey }])
  }
  const offered = hexToBytes(o.offered, 'HUIMIN_REGIONAL_KEY')
  const known = epochs.find((e) => sameBytes(e.key, offered))
  if (known) {
    o.log.warn('HUIMIN_REGIONAL_KEY is set but already sealed in the data dir: ignored; remove it from the environment', { epoch: known.epoch })
    return new RegionalKeys(epochs)
  }
  const newest = epochs.at(-1)?.epoch ?? 0
  if (newest > 0 && !o.rotate)
    throw new AppError(
      'CONFIG_INVALID',
      `HUIMIN_REGIONAL_KEY differs from the regional key sealed as epoch ${newest}: remove it, or set HUIMIN_REGIONAL_KEY_ROTATE=1 to seal it as epoch ${newest + 1}`,
    )
  insert(newest + 1, offered)
  const sealed = newest === 0 ? 'sealed as epoch 1' : `rotated: sealed as epoch ${newest + 1}, which commits new approvals from now on`
  o.log.warn(`HUIMIN_REGIONAL_KEY ${sealed}; remove it from the environment`, { epoch: newest + 1 })
  return new RegionalKeys([...epochs, { epoch: newest + 1, key: offered }])
}

/** Opens one epoch's key; one sealed by an earlier box is sealed again with this one. */
function openRow(o: OpenRegionalKeysOptions, row: KeyRow): Uint8Array {
  const opener = boxForKind(o.box, row.box)
  if (!opener) throw new AppError('LEDGER_REGIONAL_KEY_WRONG_BOX', `regional key epoch ${row.epoch} was sealed with ${row.box}, not ${o.box.kind}`)
  const key = opener.open(row.sealed)
  if (opener !== o.box) o.db.prepare(`UPDATE regional_keys SET box = ?, sealed = ? WHERE epoch = ?`).run(o.box.kind, o.box.seal(key), row.epoch)
  return key
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i])
}
