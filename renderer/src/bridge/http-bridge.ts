import { type CallName, type EventName, type HuiminApi, buildApi } from '../../../electron/common/contract'
import type { Result } from '../../../electron/common/result'

/**
 * The browser-host side of the IPC contract: calls go over HTTP POST with the
 * page's face token, events arrive over one Server-Sent Events stream.
 * `token` is read at each call: a counter token given at the host's start is
 * entered in the page after the bridge exists.
 */
export function createHttpBridge(token: () => string): HuiminApi {
  const listeners = new Map<EventName, Set<(payload: unknown) => void>>()
  let source: EventSource | null = null

  const ensureSource = (name: EventName) => {
    source ??= new EventSource(`/api/events?token=${encodeURIComponent(token())}`)
    if (!listeners.has(name)) {
      listeners.set(name, new Set())
      source.addEventListener(name, (e) => {
        const payload = JSON.parse((e as MessageEvent<string>).data) as unknown
        for (const l of listeners.get(name) ?? []) l(payload)
      })
    }
  }

  const invoke = async (name: CallName, input: unknown): Promise<Result<unknown>> => {
    try {
      const response = await fetch(`/api/call/${encodeURIComponent(name)}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-huimin-token': token() },
        body: JSON.stringify(input),
      })
      return (await response.json()) as Result<unknown>
    } catch (e) {
      return { ok: false, error: { code: 'HOST_UNREACHABLE', message: (e as Error).message } }
    }
  }

  const subscribe = (name: EventName, listener: (payload: unknown) => void) => {
    ensureSource(name)
    listeners.get(name)!.add(listener)
    return () => listeners.get(name)?.delete(listener)
  }

  return buildApi(invoke, subscribe)
}
