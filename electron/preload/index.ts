import { contextBridge, ipcRenderer } from 'electron'
import { type EventName, buildApi } from '../common/contract'
import type { Result } from '../common/result'

/**
 * The whole bridge between a sandboxed, context-isolated page and the main
 * process: one named API (`window.huimin`) built from the contract's list of
 * calls. Nothing raw (no ipcRenderer, no generic send) reaches the page.
 */
const listeners = new Map<EventName, Set<(payload: unknown) => void>>()
ipcRenderer.on('huimin:event', (_event, name: EventName, payload: unknown) => {
  for (const listener of listeners.get(name) ?? []) listener(payload)
})

const api = buildApi(
  (name, input) => ipcRenderer.invoke('huimin:call', name, input) as Promise<Result<unknown>>,
  (name, listener) => {
    let set = listeners.get(name)
    if (!set) listeners.set(name, (set = new Set()))
    set.add(listener)
    return () => set.delete(listener)
  },
)

contextBridge.exposeInMainWorld('huimin', api)
