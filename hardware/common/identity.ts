import { checkIdNumber, type IdNumberProblem } from './id-number'
import { isoDate, LONG_TERM, type IdTextFields } from './id-text'
import { GENDERS, NATIONS, type Gender } from './nations'

/**
 * A decoded ID card. Personal data: keep it in memory only, never log it,
 * never write it to disk in clear.
 */
export interface Identity {
  name: string
  gender: Gender
  /** GB 3304 two-digit code as on the card. */
  nationCode: string
  /** Chinese nation name, e.g. 汉; null for a code outside the table. */
  nation: string | null
  /** ISO date YYYY-MM-DD. */
  birth: string
  address: string
  idNumber: string
  authority: string
  /** ISO date. */
  validFrom: string
  /** ISO date, or 'long-term' (长期). */
  validTo: string
  /** Length of the WLT-compressed photo; the photo itself is not decoded (vendor codec). */
  photoLength: number
  /** Fingerprint templates from the card (1024 bytes = 2 × 512), or null when the card has none or was read without. */
  fingerprint: Uint8Array | null
}

export type IdentityProblem = IdNumberProblem | 'CARD_TEXT_GENDER' | 'CARD_TEXT_NATION' | 'CARD_TEXT_DATE' | 'CARD_EXPIRED' | 'CARD_NOT_YET_VALID'

export const IDENTITY_PROBLEMS: readonly IdentityProblem[] = [
  'ID_FORMAT',
  'ID_CHECK_DIGIT',
  'ID_BIRTH_INVALID',
  'ID_BIRTH_MISMATCH',
  'CARD_TEXT_GENDER',
  'CARD_TEXT_NATION',
  'CARD_TEXT_DATE',
  'CARD_EXPIRED',
  'CARD_NOT_YET_VALID',
]

export interface DecodedIdentity {
  identity: Identity
  /** The first thing wrong with the card's text, or null; a card with a problem must be refused. */
  problem: IdentityProblem | null
}

/** Builds an Identity from decoded text fields and validates it (validity period against `today`, YYYY-MM-DD). */
export function buildIdentity(fields: IdTextFields, photoLength: number, fingerprint: Uint8Array | null, today: string): DecodedIdentity {
  const birth = isoDate(fields.birth)
  const validFrom = isoDate(fields.validFrom)
  const validTo = fields.validTo === LONG_TERM ? 'long-term' : isoDate(fields.validTo)
  const gender = GENDERS[fields.gender]
  const identity: Identity = {
    name: fields.name,
    gender: gender ?? 'unknown',
    nationCode: fields.nation,
    nation: NATIONS[fields.nation] ?? null,
    birth: birth ?? fields.birth,
    address: fields.address,
    idNumber: fields.idNumber,
    authority: fields.authority,
    validFrom: validFrom ?? fields.validFrom,
    validTo: validTo ?? fields.validTo,
    photoLength,
    fingerprint: fingerprint && fingerprint.length > 0 ? fingerprint : null,
  }
  const problem: IdentityProblem | null =
    checkIdNumber(fields.idNumber, fields.birth) ??
    (!birth || !validFrom || !validTo ? 'CARD_TEXT_DATE' : null) ??
    (!gender ? 'CARD_TEXT_GENDER' : null) ??
    (!identity.nation ? 'CARD_TEXT_NATION' : null) ??
    (validFrom! > today ? 'CARD_NOT_YET_VALID' : null) ??
    (validTo !== 'long-term' && validTo! < today ? 'CARD_EXPIRED' : null)
  return { identity, problem }
}

/** Local calendar date as YYYY-MM-DD. */
export function localToday(now: Date = new Date()): string {
  const p = (n: number) => String(n).padStart(2, '0')
  return `${now.getFullYear()}-${p(now.getMonth() + 1)}-${p(now.getDate())}`
}
