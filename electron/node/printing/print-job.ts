import type { PrintJobView } from '../../common/contract/printer'

/** What the staff job list shows (the contract's view). No personal data: a reference number, not a name. */
export type PrintJobRecord = PrintJobView
export type PrintJobKind = PrintJobView['kind']

/**
 * The in-memory job log: the newest `capacity` jobs, newest first. A failed
 * job stays here with its error so staff can see it and reprint.
 */
export class JobLog<Extra> {
  private readonly entries: { record: PrintJobRecord; extra: Extra }[] = []
  private next = 1

  constructor(private readonly capacity = 200) {}

  add(kind: PrintJobKind, ref: string | null, createdAt: number, extra: Extra, reprintable: boolean): PrintJobRecord {
    const record: PrintJobRecord = {
      id: `P${String(this.next++).padStart(6, '0')}`,
      kind,
      ref,
      state: 'printing',
      error: null,
      bytes: 0,
      replacedChars: 0,
      createdAt,
      finishedAt: null,
      elapsedMs: null,
      reprintable,
    }
    this.entries.unshift({ record, extra })
    if (this.entries.length > this.capacity) this.entries.pop()
    return record
  }

  get(id: string): { record: PrintJobRecord; extra: Extra } | undefined {
    return this.entries.find((e) => e.record.id === id)
  }

  list(): PrintJobRecord[] {
    return this.entries.map((e) => ({ ...e.record }))
  }
}
