/**
 * Carrying a byte stream in fixed-size HID reports. No public spec exists for
 * HID-mode ID-card readers (protocols doc §1.1: integrators use vendor DLLs),
 * so everything here is configurable and none of it is a confirmed fact. The
 * styles covered are the common USB-HID-to-UART bridges:
 *   - fixed report id, first payload byte = number of valid bytes (CH9326-like)
 *   - report id = number of valid bytes (CP2110-like)
 *   - fixed report id, no length: the receiver sees the zero padding, which
 *     the SAM and EF01 decoders skip as garbage.
 */
export interface HidFraming {
  /** Report id written before each report; 'length' puts the valid byte count there. 0 = unnumbered. */
  reportId: number | 'length'
  /** Bytes per report after the report id; writes are zero-padded to it. */
  reportSize: number
  /** The first payload byte holds the count of valid bytes that follow. */
  lengthPrefix: boolean
  /** Input reports arrive with the report id as their first byte (hidraw does for numbered reports). */
  inputHasReportId: boolean
}

export const DEFAULT_HID_FRAMING: HidFraming = { reportId: 0, reportSize: 64, lengthPrefix: true, inputHasReportId: false }

export function checkHidFraming(f: HidFraming): void {
  if (!Number.isInteger(f.reportSize) || f.reportSize < 2 || f.reportSize > 1024) throw new RangeError(`HID reportSize ${f.reportSize} is not 2..1024`)
  if (f.reportId !== 'length' && (!Number.isInteger(f.reportId) || f.reportId < 0 || f.reportId > 255))
    throw new RangeError(`HID reportId ${f.reportId} is not 0..255`)
  if (f.reportId === 'length' && f.lengthPrefix) throw new RangeError('HID framing: use either reportId "length" or lengthPrefix, not both')
}

/** Valid bytes one report can carry. */
export function reportCapacity(f: HidFraming): number {
  if (f.reportId === 'length') return Math.min(f.reportSize, 255)
  return f.lengthPrefix ? Math.min(f.reportSize - 1, 255) : f.reportSize
}

/** Splits data into output reports, each `1 + reportSize` bytes (report id first, as node-hid's write expects). */
export function encodeReports(data: Uint8Array, f: HidFraming): Uint8Array[] {
  const cap = reportCapacity(f)
  const reports: Uint8Array[] = []
  for (let at = 0; at < data.length; at += cap) {
    const piece = data.subarray(at, at + cap)
    const report = new Uint8Array(1 + f.reportSize)
    report[0] = f.reportId === 'length' ? piece.length : f.reportId
    if (f.lengthPrefix) {
      report[1] = piece.length
      report.set(piece, 2)
    } else report.set(piece, 1)
    reports.push(report)
  }
  return reports
}

/** The valid bytes of one input report. */
export function decodeReport(report: Uint8Array, f: HidFraming): Uint8Array {
  let body = report
  let count: number | null = null
  if (f.reportId === 'length') {
    count = body[0] ?? 0
    body = body.subarray(1)
  } else if (f.inputHasReportId) body = body.subarray(1)
  if (f.lengthPrefix) {
    count = body[0] ?? 0
    body = body.subarray(1)
  }
  return count === null ? body.slice() : body.slice(0, Math.min(count, body.length))
}
