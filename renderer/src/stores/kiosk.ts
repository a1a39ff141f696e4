import { defineStore } from 'pinia'
import { ref } from 'vue'
import type { ComplaintCategory, KioskView } from '../../../electron/common/contract/kiosk'
import { api } from '../bridge/api'

/**
 * The kiosk face's copy of the session view. It holds only what the main side
 * sends (names and ID numbers already masked) and is emptied when the session
 * ends, so nothing personal stays in the page.
 */
export const useKioskStore = defineStore('kiosk', () => {
  const view = ref<KioskView | null>(null)
  const errorCode = ref<string | null>(null)
  const busy = ref(false)
  let unsubscribe: (() => void) | null = null

  function apply(next: KioskView): void {
    if (view.value && next.sessionId !== view.value.sessionId) errorCode.value = null
    view.value = next
  }

  async function start(): Promise<void> {
    unsubscribe ??= api.on('kiosk.view', apply)
    const r = await api['kiosk.view']({})
    if (r.ok) apply(r.value)
    else errorCode.value = r.error.code
  }

  async function claim(entitlementIds: string[]): Promise<void> {
    if (busy.value) return
    busy.value = true
    errorCode.value = null
    try {
      const r = await api['kiosk.claim']({ entitlementIds })
      if (!r.ok) errorCode.value = r.error.code
    } finally {
      busy.value = false
    }
  }

  /** Files a complaint about the claim on screen; the answer (ticket number) stays with the caller's screen. */
  async function complain(category: ComplaintCategory): Promise<{ ticketNo: string; printed: boolean } | null> {
    if (busy.value) return null
    busy.value = true
    errorCode.value = null
    try {
      const r = await api['kiosk.complain']({ category })
      if (r.ok) return r.value
      errorCode.value = r.error.code
      return null
    } finally {
      busy.value = false
    }
  }

  const activity = () => void api['kiosk.activity']({})
  const finish = () => void api['kiosk.finish']({})
  /** A relative collects for the person on the finger screen. */
  async function proxy(): Promise<void> {
    const r = await api['kiosk.proxy']({})
    if (!r.ok) errorCode.value = r.error.code
  }
  const feedback = (rating: 'good' | 'ok' | 'bad') => void api['kiosk.feedback']({ rating })

  return { view, errorCode, busy, start, claim, complain, activity, finish, feedback, proxy }
})
