/**
 * The ledger CLI's approval list publishes each masked name on chain for
 * good: it applies the counter's name check, so a bidi or control character
 * in a list never reaches the chain.
 */
import { describe, expect, it } from 'vitest'
import { maskName } from '../../electron/common/receipt/masking'
import { parseApprovalCsv } from '../../electron/node/ledger/cli/approval-csv'

const HEADER = 'id_number,name,village,amount_yuan,valid_from,valid_until,proxy_allowed'
const KEY = new Uint8Array(32).fill(7)
const TOWNSHIP = 410122101n
const rowFor = (name: string) => `410122195808150021,${name},410122101201,1200.00,2026-01-01,2026-12-31,no`

describe('names in the ledger CLI approval list', () => {
  it.each([
    ['a right-to-left override', '李\u202E英秀', 'NAME_BIDI'],
    ['a line separator', '李秀\u2028英', 'NAME_CONTROL'],
    ['only invisible characters', '\u200B\u200D', 'NAME_INVISIBLE'],
    ['half a surrogate pair', '李\uD840', 'NAME_LONE_SURROGATE'],
  ])('refuses a name with %s, on its line, and approves nothing', (_, name, problem) => {
    const { rows, problems } = parseApprovalCsv(`${HEADER}\n${rowFor(name)}\n`, KEY, TOWNSHIP)
    expect(rows).toEqual([])
    expect(problems).toEqual([{ line: 2, message: expect.stringContaining(problem) as string }])
  })

  it('masks the name in its one stored form: zero-width characters dropped, the ID card middle dot', () => {
    const { rows, problems } = parseApprovalCsv(`${HEADER}\n${rowFor('买买提\u30FB艾\u200B力')}\n`, KEY, TOWNSHIP)
    expect(problems).toEqual([])
    expect(rows[0]!.maskedName).toBe(maskName('买买提·艾力'))
    expect(rows[0]!.maskedName).not.toContain('​')
  })
})
