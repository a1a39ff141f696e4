import type { Handler } from '../ipc/dispatcher'
import type { ComplaintService } from '../kiosk/complaints'
import type { KioskSession } from '../kiosk/kiosk-session'

export interface KioskHandlerDeps {
  session: KioskSession
  complaints: Pick<ComplaintService, 'file'>
  /** Appends to the terminal's journal (feedback is anonymous: no session data goes with it). */
  journal: (action: string, detail: Record<string, unknown>) => void
}

export function createKioskHandlers(deps: KioskHandlerDeps): {
  'kiosk.view': Handler<'kiosk.view'>
  'kiosk.activity': Handler<'kiosk.activity'>
  'kiosk.claim': Handler<'kiosk.claim'>
  'kiosk.proxy': Handler<'kiosk.proxy'>
  'kiosk.finish': Handler<'kiosk.finish'>
  'kiosk.cancel': Handler<'kiosk.cancel'>
  'kiosk.feedback': Handler<'kiosk.feedback'>
  'kiosk.complain': Handler<'kiosk.complain'>
} {
  const { session } = deps
  return {
    'kiosk.view': () => session.view(),
    'kiosk.activity': () => {
      session.activity()
      return null
    },
    'kiosk.claim': (input) => session.claim(input.entitlementIds),
    'kiosk.proxy': () => {
      session.proxy()
      return null
    },
    'kiosk.finish': () => {
      session.finish()
      return null
    },
    'kiosk.cancel': () => {
      session.cancel()
      return null
    },
    'kiosk.feedback': (input) => {
      deps.journal('kiosk.feedback', { rating: input.rating })
      session.activity()
      return null
    },
    'kiosk.complain': (input) => deps.complaints.file({ category: input.category, ...session.complainant() }),
  }
}
