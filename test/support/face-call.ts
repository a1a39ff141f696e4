import type { Page } from 'playwright-core'

export interface CallAnswer<T> {
  ok: boolean
  value?: T
  error?: { code: string; message?: string }
}

/** A call made from inside a page with that page's own face token, exactly as its bridge makes it. */
export function faceCall<T = unknown>(page: Page, name: string, input: unknown = {}): Promise<CallAnswer<T>> {
  return page.evaluate(
    async ([n, i]) => {
      const token = (document.querySelector('meta[name="huimin-token"]') as { content: string } | null)!.content
      const r = await fetch(`/api/call/${n}`, {
        method: 'POST',
        headers: { 'x-huimin-token': token, 'content-type': 'application/json' },
        body: JSON.stringify(i),
      })
      return r.json()
    },
    [name, input] as const,
  )
}
