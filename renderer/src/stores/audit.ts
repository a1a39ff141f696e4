import { defineStore } from 'pinia'
import { ref } from 'vue'
import type {
  Anomaly,
  AuditFlows,
  AuditHealth,
  AuditTotals,
  RecentDisbursement,
  SelfCheckShown,
  TraceResult,
  TraceVerification,
} from '../../../electron/common/contract'
import { SELF_CHECK_SHOWN_MS } from '../../../electron/common/audit/display-timing'
import { api } from '../bridge/api'

/**
 * The audit display's data, kept live: read models refresh on 'audit.updated'
 * (at most every 2 s), health every 3 s, a self-check arrives as an event
 * and is forgotten SELF_CHECK_SHOWN_MS later, so one person's record is not
 * left on the hall's wall for the next passer-by.
 */
export const useAuditStore = defineStore('audit', () => {
  const totals = ref<AuditTotals | null>(null)
  const flows = ref<AuditFlows | null>(null)
  const recent = ref<RecentDisbursement[]>([])
  const health = ref<AuditHealth | null>(null)
  const anomalies = ref<Anomaly[]>([])
  const trace = ref<TraceResult | null>(null)
  const verification = ref<TraceVerification | null>(null)
  const tracing = ref(false)
  /** What is in the trace screen's input (typed, or sent by a barcode scanner). */
  const query = ref('')
  const selfCheck = ref<SelfCheckShown | null>(null)
  const errorCode = ref<string | null>(null)
  let unsubscribe: (() => void)[] = []
  let healthTimer: ReturnType<typeof setInterval> | null = null
  let refreshTimer: ReturnType<typeof setTimeout> | null = null
  let selfCheckTimer: ReturnType<typeof setTimeout> | null = null
  let lastRefresh = 0
  /** Counts lookups, so one that answers after the trace was cleared (or looked up again) is dropped. */
  let lookups = 0

  async function read<T>(promise: Promise<{ ok: true; value: T } | { ok: false; error: { code: string } }>, into: { value: T }): Promise<void> {
    const r = await promise
    if (r.ok) into.value = r.value
    else errorCode.value = r.error.code
  }

  async function refresh(): Promise<void> {
    lastRefresh = Date.now()
    await Promise.all([
      read(api['audit.totals']({}), totals),
      read(api['audit.flows']({}), flows),
      read(api['audit.recent']({ limit: 10 }), recent),
      read(api['audit.anomalies']({}), anomalies),
    ])
  }

  function scheduleRefresh(): void {
    if (refreshTimer) return
    refreshTimer = setTimeout(
      () => {
        refreshTimer = null
        void refresh()
      },
      Math.max(0, 2000 - (Date.now() - lastRefresh)),
    )
  }

  async function start(): Promise<void> {
    if (unsubscribe.length === 0) unsubscribe = [api.on('audit.updated', () => scheduleRefresh()), api.on('audit.selfCheck', (p) => showSelfCheck(p))]
    healthTimer ??= setInterval(() => void read(api['audit.health']({}), health), 3000)
    await Promise.all([refresh(), read(api['audit.health']({}), health)])
  }

  function showSelfCheck(shown: SelfCheckShown): void {
    selfCheck.value = shown
    if (selfCheckTimer) clearTimeout(selfCheckTimer)
    selfCheckTimer = setTimeout(forgetSelfCheck, SELF_CHECK_SHOWN_MS)
  }

  function forgetSelfCheck(): void {
    selfCheck.value = null
    if (selfCheckTimer) clearTimeout(selfCheckTimer)
    selfCheckTimer = null
  }

  function stop(): void {
    forgetSelfCheck()
    for (const u of unsubscribe) u()
    unsubscribe = []
    if (healthTimer) clearInterval(healthTimer)
    if (refreshTimer) clearTimeout(refreshTimer)
    healthTimer = refreshTimer = null
  }

  /** Looks the text up in the index, then has the main side re-read it from the ledger. */
  async function lookUp(text: string): Promise<void> {
    const mine = ++lookups
    const current = () => mine === lookups
    tracing.value = true
    verification.value = null
    trace.value = null
    try {
      const r = await api['audit.trace']({ query: text })
      if (!current()) return
      if (!r.ok) {
        errorCode.value = r.error.code
        trace.value = { queryKind: 'unrecognised', found: false, entitlement: null, steps: [] }
        return
      }
      trace.value = r.value
      if (!r.value.found) return
      const v = await api['audit.verify']({ query: text })
      if (!current()) return
      if (v.ok) verification.value = v.value
      else errorCode.value = v.error.code
    } finally {
      if (current()) tracing.value = false
    }
  }

  /** Empties the trace screen (the display moved on by itself): the last payment looked up is not left on the wall. */
  function clearTrace(): void {
    lookups++
    query.value = ''
    trace.value = null
    verification.value = null
    tracing.value = false
  }

  return { totals, flows, recent, health, anomalies, trace, verification, tracing, query, selfCheck, errorCode, start, stop, refresh, lookUp, clearTrace }
})
