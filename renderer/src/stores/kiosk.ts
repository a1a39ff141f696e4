import { defineStore } from 'pinia'
import { ref, shallowRef } from 'vue'
import type { ComplaintCategory, KioskView } from '../../../electron/common/contract/kiosk'
import type { Result } from '../../../electron/common/result'
import { api } from '../bridge/api'

/**
 * The kiosk face's copy of the session view. It holds only what the main side
 * sends (names and ID numbers already masked) and is emptied when the session
 * ends, so nothing personal stays in the page.
 *
 * A touch answered with an error leaves its code in `errorCode` (the screen
 * shows it in words) and, when doing it again makes sense, the touch itself in
 * `retry`. Both clear when a later touch succeeds or a new session begins.
 */
export const useKioskStore = defineStore('kiosk', () => {
  const view = ref<KioskView | null>(null)
  const errorCode = ref<string | null>(null)
  const retry = shallowRef<(() => Promise<void>) | null>(null)
  /** The complaint filed in this session: its ticket number stays on the receipt screen. */
  const complaint = ref<{ ticketNo: string; printed: boolean } | null>(null)
  const busy = ref(false)
  let unsubscribe: (() => void) | null = null

  function apply(next: KioskView): void {
    if (view.value && next.sessionId !== view.value.sessionId) {
      clearError()
      complaint.value = null
    }
    view.value = next
  }

  function clearError(): void {
    errorCode.value = null
    retry.value = null
  }

  /** Records how a touch ended: success clears any error shown, failure shows its code. */
  function settle<T>(r: Result<T>, again: (() => Promise<void>) | null): r is { ok: true; value: T } {
    if (r.ok) clearError()
    else {
      errorCode.value = r.error.code
      retry.value = again
    }
    return r.ok
  }

  async function start(): Promise<void> {
    unsubscribe ??= api.on('kiosk.view', apply)
    const r = await api['kiosk.view']({})
    if (settle(r, start)) apply(r.value)
  }

  async function claim(entitlementIds: string[]): Promise<void> {
    if (busy.value) return
    busy.value = true
    try {
      settle(await api['kiosk.claim']({ entitlementIds }), () => claim(entitlementIds))
    } finally {
      busy.value = false
    }
  }

  /** Files a complaint about the claim on screen; the ticket number is kept for the receipt screen. */
  async function complain(category: ComplaintCategory): Promise<void> {
    if (busy.value) return
    busy.value = true
    try {
      const r = await api['kiosk.complain']({ category })
      if (settle(r, () => complain(category))) complaint.value = r.value
    } finally {
      busy.value = false
    }
  }

  /** "Try again" on the error notice: the failed touch once more; otherwise just closes the notice. */
  async function tryAgain(): Promise<void> {
    const again = retry.value
    clearError()
    await again?.()
  }

  const activity = () => void api['kiosk.activity']({})
  /** "Done" ends the visit, whatever went wrong on the way. */
  function finish(): void {
    clearError()
    void api['kiosk.finish']({})
  }
  /** A relative collects for the person on the finger screen. */
  async function proxy(): Promise<void> {
    settle(await api['kiosk.proxy']({}), null)
  }
  const feedback = (rating: 'good' | 'ok' | 'bad') => void api['kiosk.feedback']({ rating })

  return { view, errorCode, retry, complaint, busy, start, claim, complain, tryAgain, clearError, activity, finish, feedback, proxy }
})
