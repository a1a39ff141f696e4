import type { Browser, Locator, Page } from 'playwright-core'
import { type CallAnswer, faceCall } from './face-call'
import type { HostProcess } from './host-process'
import { VOICE_EVENT } from '../../electron/common/speech/voice-prompts'

/**
 * Drives the kiosk as a person and the hall as staff would: the kiosk page in
 * Chromium, and the counter's demo dev panel (through the counter page's own
 * bridge) to put cards and fingers on the simulated devices. A demo clerk
 * signs in at the counter as the driver opens (the kiosk ignores staff
 * cards), for what only the desk may see: the last receipt.
 */
export class KioskDriver {
  private constructor(
    readonly kiosk: Page,
    readonly counter: Page,
    private readonly session: string,
    /** Every voice clip the kiosk page started to say, oldest first (`audio/zh/….ogg`). */
    readonly spoken: string[],
  ) {}

  static async open(browser: Browser, host: HostProcess): Promise<KioskDriver> {
    const kiosk = await browser.newPage({ viewport: { width: 1920, height: 1080 } })
    const spoken: string[] = []
    await kiosk.exposeFunction('huiminTestHeard', (clips: string[]) => spoken.push(...clips))
    // The page announces each set of clips it starts to say; the script runs in the page, so the event name goes in as its argument.
    await kiosk.addInitScript((eventName: string) => {
      const heard = (window as unknown as { huiminTestHeard: (clips: string[]) => Promise<void> }).huiminTestHeard
      window.addEventListener(eventName, (e) => void heard((e as CustomEvent<string[]>).detail))
    }, VOICE_EVENT)
    const counter = await browser.newPage()
    await kiosk.goto(host.urls.kiosk)
    await counter.goto(host.urls.counter)
    const placed = await faceCall(counter, 'devices.sim.placeCard', { cardKey: 'zhou-min' })
    if (!placed.ok) throw new Error(`staff card not placed: ${JSON.stringify(placed)}`)
    const signedIn = await faceCall<{ token: string }>(counter, 'counter.signIn', { pin: '123456' })
    await faceCall(counter, 'devices.sim.removeCard')
    if (!signedIn.ok) throw new Error(`clerk not signed in: ${JSON.stringify(signedIn)}`)
    return new KioskDriver(kiosk, counter, signedIn.value!.token, spoken)
  }

  /**
   * Taps `target` as a person would after reading the screen for a while: if
   * the idle warning has come up over it, its 继续 first (the warning shows 15 s
   * before the reset, which is 5 s after the last touch with the e2e's 20 s idle).
   */
  async tap(target: Locator): Promise<void> {
    const warning = this.kiosk.getByTestId('kiosk-idle-warning')
    if (await warning.isVisible()) await warning.getByRole('button').click()
    await target.click()
  }

  /** A call through the counter page's face token, as its dev panel makes it. */
  counterCall<T = unknown>(name: string, input: unknown = {}): Promise<CallAnswer<T>> {
    return faceCall<T>(this.counter, name, input)
  }

  /** A staff call as the signed-in demo clerk makes it: the session added. */
  staffCall<T = unknown>(name: string, input: Record<string, unknown> = {}): Promise<CallAnswer<T>> {
    return this.counterCall<T>(name, { ...input, session: this.session })
  }

  async placeCard(cardKey: string, fingerOf: string | null = cardKey): Promise<void> {
    await this.counterCall('devices.sim.setFinger', { cardKey: fingerOf })
    const r = await this.counterCall('devices.sim.placeCard', { cardKey })
    if (!r.ok) throw new Error(`placeCard failed: ${JSON.stringify(r)}`)
  }

  async removeCard(): Promise<void> {
    await this.counterCall('devices.sim.removeCard')
  }

  /** Whether the kiosk has seen a card on the reader (its view says so, before any screen changes). */
  async cardOnReader(): Promise<boolean> {
    return (await this.kiosk.locator('main.kiosk').getAttribute('data-card')) === 'on'
  }

  phase(): Promise<string | null> {
    return this.kiosk.locator('main.kiosk').getAttribute('data-phase')
  }

  async lastReceipt(): Promise<{ lines: string[]; qrPayloads: string[]; png: string }> {
    const r = await this.staffCall<{ lines: string[]; qrPayloads: string[]; png: string }>('printer.preview')
    if (!r.ok) throw new Error(`no receipt preview: ${JSON.stringify(r)}`)
    return r.value!
  }

  async close(): Promise<void> {
    await this.kiosk.close()
    await this.counter.close()
  }
}
