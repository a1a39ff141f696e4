/**
 * Enrolment: who a beneficiary commitment belongs to (name, ID number,
 * village, phone for notifications), stored only as AES-GCM blobs beside the
 * commitment. Opened for the counter screen (masked there) and for reprints.
 */
import type { Hex } from '../../common/ledger/hex'
import type { Db } from '../db/database'
import type { RegionalKeys } from '../ledger/keys/regional-keys'
import type { FieldCipher } from './field-cipher'

export interface Person {
  id: number
  commitment: Hex
  name: string
  idNumber: string
  phone: string | null
  villageCode: string | null
}

interface PersonRow {
  id: number
  commitment: string
  id_sealed: Uint8Array
  name_sealed: Uint8Array
  phone_sealed: Uint8Array | null
  village_code: string | null
}

/** The regional key epoch the stored commitments were made under. */
const EPOCH_SETTING = 'counter.peopleKeyEpoch'

export class PeopleStore {
  constructor(
    private readonly db: Db,
    private readonly cipher: FieldCipher,
    private readonly now: () => number = Date.now,
  ) {}

  /** Inserts or updates a person; a null phone keeps the stored one. Returns the row id. Run inside a transaction for bulk use. */
  upsert(p: { commitment: Hex; name: string; idNumber: string; villageCode: string | null; phone?: string | null }): number {
    const c = this.cipher
    const row = this.db
      .prepare(
        `INSERT INTO counter_people (commitment, id_sealed, name_sealed, phone_sealed, village_code, updated_at) VALUES (?, ?, ?, ?, ?, ?)
         ON CONFLICT(commitment) DO UPDATE SET name_sealed = excluded.name_sealed, village_code = COALESCE(excluded.village_code, village_code),
           phone_sealed = COALESCE(excluded.phone_sealed, phone_sealed), updated_at = excluded.updated_at
         RETURNING id`,
      )
      .get(p.commitment, c.sealText(p.idNumber), c.sealText(p.name), p.phone ? c.sealText(p.phone) : null, p.villageCode, this.now()) as { id: number }
    return row.id
  }

  /**
   * After a regional key rotation, every enrolled person is committed under
   * the newest epoch (their ID number is sealed here), once per epoch, so
   * lookups and new approvals meet the same row. Their approvals on chain keep
   * the older commitment, which lookups still ask for.
   */
  commitUnder(keys: Pick<RegionalKeys, 'epoch' | 'commitmentOf'>): void {
    const done = this.db.prepare(`SELECT value FROM settings WHERE key = ?`).get(EPOCH_SETTING) as { value: string } | undefined
    if (done && Number(done.value) === keys.epoch) return
    this.db.transaction(() => {
      const rows = this.db.prepare(`SELECT id, id_sealed FROM counter_people`).all() as { id: number; id_sealed: Uint8Array }[]
      const update = this.db.prepare(`UPDATE counter_people SET commitment = ? WHERE id = ?`)
      for (const row of rows) update.run(keys.commitmentOf(this.cipher.openText(row.id_sealed)), row.id)
      this.db
        .prepare(`INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value`)
        .run(EPOCH_SETTING, String(keys.epoch))
    })()
  }

  byCommitment(commitment: Hex): Person | null {
    const row = this.db.prepare(`SELECT * FROM counter_people WHERE commitment = ?`).get(commitment) as PersonRow | undefined
    return row ? this.open(row) : null
  }

  private open(r: PersonRow): Person {
    return {
      id: r.id,
      commitment: r.commitment as Hex,
      name: this.cipher.openText(r.name_sealed),
      idNumber: this.cipher.openText(r.id_sealed),
      phone: r.phone_sealed ? this.cipher.openText(r.phone_sealed) : null,
      villageCode: r.village_code,
    }
  }
}
