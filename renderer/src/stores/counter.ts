import { defineStore } from 'pinia'
import { ref } from 'vue'
import { type CallName, type CallResult, type CounterProgress, type StaffSessionView, calls } from '../../../electron/common/contract'
import type { StaffRole } from '../../../electron/common/contract/define'
import type { Result } from '../../../electron/common/result'
import { api } from '../bridge/api'

/**
 * The counter face's staff session. The token lives only in this store (page
 * memory); every counter call sends it, and an expired session signs out.
 */
export const useCounterStore = defineStore('counter', () => {
  const staff = ref<StaffSessionView | null>(null)
  const errorCode = ref<string | null>(null)
  const busy = ref(false)
  const progress = ref<CounterProgress | null>(null)
  let unsubscribe: (() => void) | null = null

  function start(): void {
    unsubscribe ??= api.on('counter.progress', (p) => (progress.value = p))
  }

  async function signIn(pin: string): Promise<boolean> {
    errorCode.value = null
    busy.value = true
    try {
      const r = await api['counter.signIn']({ pin })
      if (r.ok) staff.value = r.value
      else errorCode.value = r.error.code
      return r.ok
    } finally {
      busy.value = false
    }
  }

  async function signOut(): Promise<void> {
    if (staff.value) await api['counter.signOut']({ session: staff.value.token })
    staff.value = null
  }

  /** A counter call with the session added; sets errorCode on failure, signs out on an expired session. */
  async function call<N extends CallName>(name: N, input: Record<string, unknown> = {}): Promise<CallResult<N> | null> {
    if (!staff.value) return null
    errorCode.value = null
    busy.value = true
    try {
      const fn = api[name] as unknown as (i: unknown) => Promise<Result<CallResult<N>>>
      const r = await fn({ ...input, session: staff.value.token })
      if (r.ok) return r.value
      errorCode.value = r.error.code
      if (r.error.code === 'COUNTER_SESSION_EXPIRED' || r.error.code === 'COUNTER_NOT_SIGNED_IN') staff.value = null
      return null
    } finally {
      busy.value = false
    }
  }

  /**
   * A background read (a panel refreshing itself): leaves `busy` and the error
   * on screen alone, so a timer neither disables buttons nor wipes a refusal.
   */
  async function read<N extends CallName>(name: N, input: Record<string, unknown> = {}): Promise<CallResult<N> | null> {
    if (!staff.value) return null
    const fn = api[name] as unknown as (i: unknown) => Promise<Result<CallResult<N>>>
    const r = await fn({ ...input, session: staff.value.token, background: true })
    if (r.ok) return r.value
    if (r.error.code === 'COUNTER_SESSION_EXPIRED' || r.error.code === 'COUNTER_NOT_SIGNED_IN') {
      staff.value = null
      errorCode.value = r.error.code
    }
    return null
  }

  /**
   * The roles that may make a call, as the contract declares them (the
   * dispatcher refuses anyone else): screens offer only what the signed-in
   * role may do, and say who may do the rest.
   */
  function rolesFor(name: CallName): readonly StaffRole[] {
    const access = calls[name].staff
    return access === 'none' ? [] : access
  }
  function may(name: CallName): boolean {
    return staff.value !== null && rolesFor(name).includes(staff.value.role)
  }

  function stop(): void {
    unsubscribe?.()
    unsubscribe = null
  }

  return { staff, errorCode, busy, progress, start, stop, signIn, signOut, call, read, may, rolesFor }
})
