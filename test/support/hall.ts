import type { DeviceStatus } from '../../hardware/common/device-status'
import { testCard } from '../../hardware/common/test-cards'
import type { Face } from '../../electron/common/contract'
import type { BatchView, DayCloseView, ImportReport, StaffSessionView, TerminalsView } from '../../electron/common/contract/counter'
import type { KioskClaim, KioskView } from '../../electron/common/contract/kiosk'
import { FaceClient } from './face-client'

const WAIT_MS = 30_000

/**
 * Asks until `check` answers (not null), for at most 30 s. A call the host
 * does not answer (it was killed) ends the wait at once with that error.
 */
async function pollUntil<T>(check: () => Promise<T | null>, failure: () => string): Promise<T> {
  const deadline = Date.now() + WAIT_MS
  for (;;) {
    const answer = await check()
    if (answer !== null) return answer
    if (Date.now() > deadline) throw new Error(failure())
    await new Promise((r) => setTimeout(r, 50))
  }
}
export const LIST_HEADER = '姓名,身份证号,村,项目,金额,起始日期,截止日期,代领'

/**
 * The kiosk and the counter of one running host, used as people use them and
 * only through the calls their faces make: the counter's demo dev panel lays
 * cards and fingers on the simulated reader and pad; the kiosk face reads its
 * session's view and claims; staff sign in by card and PIN 123456.
 */
export class Hall {
  private constructor(
    private readonly faces: Record<Face, FaceClient>,
    private readonly onView: (v: KioskView) => void,
  ) {}

  /** `onView` sees every kiosk view read, as the screen would show it. */
  static async open(urls: Record<Face, string>, onView: (v: KioskView) => void = () => undefined): Promise<Hall> {
    return new Hall(await FaceClient.openAll(urls), onView)
  }

  async view(): Promise<KioskView> {
    const v = await this.faces.kiosk.value<KioskView>('kiosk.view')
    this.onView(v)
    return v
  }

  /** Waits for the kiosk's view to satisfy a condition (devices coming up, a card read, a receipt printed). */
  async until(what: string, done: (v: KioskView) => boolean): Promise<KioskView> {
    let last: KioskView | null = null
    return pollUntil(
      async () => {
        last = await this.view()
        return done(last) ? last : null
      },
      () => `kiosk never reached ${what}; last view: phase ${last?.phase}, reason ${last?.reason}, devices ${JSON.stringify(last?.devices)}`,
    )
  }

  /** Lays a beneficiary's card and their own finger; the kiosk reads both and starts looking up. */
  async tapCard(cardKey: string): Promise<void> {
    await this.faces.counter.value('devices.sim.setFinger', { cardKey })
    await this.faces.counter.value('devices.sim.placeCard', { cardKey })
  }

  /** Card, finger, lookup: resolves with the entitlement list on screen. */
  async visit(cardKey: string): Promise<KioskView> {
    await this.until('attract', (v) => v.phase === 'attract')
    await this.tapCard(cardKey)
    const v = await this.until('the entitlement list', (x) => x.phase === 'entitlements' || x.phase === 'assist' || x.phase === 'card-refused')
    if (v.phase !== 'entitlements') throw new Error(`${cardKey} was sent to ${v.phase} (${v.reason})`)
    return v
  }

  claimable(v: KioskView): string[] {
    return v.entitlements.filter((e) => e.claimable).map((e) => e.entitlementId)
  }

  claim(entitlementIds: string[]): Promise<KioskClaim[]> {
    return this.faces.kiosk.value<KioskClaim[]>('kiosk.claim', { entitlementIds })
  }

  complain(): Promise<{ ticketNo: string; printed: boolean }> {
    return this.faces.kiosk.value('kiosk.complain', { category: 'SERVICE' })
  }

  /** 完成, card taken away, back to attract. */
  async leave(): Promise<void> {
    await this.faces.kiosk.value('kiosk.finish')
    await this.faces.counter.value('devices.sim.removeCard')
    await this.until('attract after the visit', (v) => v.phase === 'attract')
  }

  /** Staff card on the reader, PIN typed once the reader has read it (as staff wait for the beep), card taken back. */
  async signIn(cardKey: 'zhou-min' | 'wu-qiang'): Promise<string> {
    const before = await this.cardReads()
    await this.faces.counter.value('devices.sim.placeCard', { cardKey })
    await pollUntil(
      async () => ((await this.cardReads()) > before ? true : null),
      () => `the reader never read ${cardKey}`,
    )
    try {
      return (await this.faces.counter.value<StaffSessionView>('counter.signIn', { pin: '123456' })).token
    } finally {
      await this.faces.counter.value('devices.sim.removeCard')
    }
  }

  private async cardReads(): Promise<number> {
    const statuses = await this.faces.counter.value<DeviceStatus[]>('devices.status')
    return statuses.find((s) => s.role === 'idcard')?.counters.reads ?? 0
  }

  /** A clerk imports a list and prepares it as a batch for a supervisor. */
  async prepareList(clerk: string, csv: string): Promise<number> {
    const report = await this.faces.counter.value<ImportReport>('counter.import.validate', {
      session: clerk,
      format: 'csv',
      content: Buffer.from(csv, 'utf8').toString('base64'),
    })
    if (!report.ok) throw new Error(`list refused: ${JSON.stringify(report.issues)}`)
    return (await this.faces.counter.value<BatchView>('counter.import.prepare', { session: clerk, importId: report.importId })).id
  }

  approve(supervisor: string, batchId: number): Promise<BatchView> {
    return this.faces.counter.value<BatchView>('counter.batch.approve', { session: supervisor, batchId })
  }

  /** Waits until the chain has both the kiosk and the counter station as terminals (the station is registered at first start). */
  async untilTerminalsRegistered(staff: string): Promise<void> {
    let last: TerminalsView['terminals'] = []
    await pollUntil(
      async () => {
        last = (await this.faces.counter.value<TerminalsView>('counter.terminals', { session: staff })).terminals
        return last.every((t) => t.registered === true) ? true : null
      },
      () => `terminals not registered: ${JSON.stringify(last.map((t) => [t.role, t.registered]))}`,
    )
  }

  closeDay(clerk: string, businessDate: string): Promise<DayCloseView> {
    return this.faces.counter.value<DayCloseView>('counter.dayClose', { session: clerk, businessDate })
  }
}

/** A list row for a test card: its own village, program 1–3, the window from 1 January of `year` to 2099. */
export function listRow(cardKey: string, village: string, program: number, year: number): string {
  const c = testCard(cardKey)
  return `${c.name},${c.idNumber},${village},${program},10.00,${year}-01-01,2099-12-31,否`
}
