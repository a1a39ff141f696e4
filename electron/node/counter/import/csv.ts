/**
 * CSV as spreadsheets write it (RFC 4180: quoted fields, doubled quotes,
 * CRLF or LF, commas or semicolons as Excel writes in some locales). Bytes
 * are UTF-8 (with or without BOM) or, as Excel for Chinese Windows saves,
 * GB18030: a file that is not valid UTF-8 is decoded as GB18030.
 */
import iconv from 'iconv-lite'

export function decodeCsvBytes(bytes: Uint8Array): string {
  try {
    const text = new TextDecoder('utf-8', { fatal: true }).decode(bytes)
    return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text
  } catch {
    return iconv.decode(Buffer.from(bytes), 'gb18030')
  }
}

/** Parses CSV text into rows of fields. A blank line is kept as a row with one empty field. */
export function parseCsv(text: string): string[][] {
  const firstLine = text.slice(0, text.search(/\r?\n|$/))
  const delimiter = !firstLine.includes(',') && firstLine.includes(';') ? ';' : ','
  const rows: string[][] = []
  let row: string[] = []
  let field = ''
  let quoted = false
  let i = 0
  while (i < text.length) {
    const c = text[i]!
    if (quoted) {
      if (c === '"') {
        if (text[i + 1] === '"') {
          field += '"'
          i += 2
          continue
        }
        quoted = false
      } else field += c
      i++
      continue
    }
    if (c === '"' && field === '') quoted = true
    else if (c === delimiter) {
      row.push(field)
      field = ''
    } else if (c === '\n' || c === '\r') {
      row.push(field)
      rows.push(row)
      row = []
      field = ''
      if (c === '\r' && text[i + 1] === '\n') i++
    } else field += c
    i++
  }
  if (field !== '' || row.length) {
    row.push(field)
    rows.push(row)
  }
  return rows
}
