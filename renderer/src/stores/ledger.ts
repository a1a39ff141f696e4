import { defineStore } from 'pinia'
import { ref } from 'vue'
import type { LedgerHead } from '../../../electron/common/contract'
import { api } from '../bridge/api'

/** The ledger's head as the main side sees it, kept live by the 'ledger.head' event. */
export const useLedgerStore = defineStore('ledger', () => {
  const head = ref<LedgerHead | null>(null)
  const errorCode = ref<string | null>(null)
  let unsubscribe: (() => void) | null = null

  async function start(): Promise<void> {
    unsubscribe ??= api.on('ledger.head', (h) => (head.value = h))
    const result = await api['ledger.head']({})
    if (result.ok) head.value = result.value
    else errorCode.value = result.error.code
  }

  function stop(): void {
    unsubscribe?.()
    unsubscribe = null
  }

  return { head, errorCode, start, stop }
})
