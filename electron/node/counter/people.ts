/**
 * Enrolment: who a beneficiary commitment belongs to (name, ID number,
 * village, phone for notifications), stored only as AES-GCM blobs beside the
 * commitment. Opened for the counter screen (masked there) and for reprints.
 */
import type { Hex } from '../../common/ledger/hex'
import type { Db } from '../db/database'
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
