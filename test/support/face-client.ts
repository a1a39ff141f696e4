import type { Face } from '../../electron/common/contract'

/** The dispatcher's answer, as face-call.ts reads it in a page (that file is for the browser's type world). */
export interface CallAnswer<T> {
  ok: boolean
  value?: T
  error?: { code: string; message?: string }
}

/**
 * A face's calls made from Node, as its page makes them in a browser: the
 * face's page is fetched for its token, then every call is a POST to
 * /api/call/<name> with that token and the page's own origin. No browser, so
 * a test can drive a host it kills and restarts many times. A call to a host
 * that died rejects (the connection is gone); the host's own answer, ok or
 * not, resolves.
 */
export class FaceClient {
  private constructor(
    private readonly origin: string,
    /** What the page carries, sent with every call as x-huimin-token. */
    readonly token: string,
  ) {}

  static async open(url: string): Promise<FaceClient> {
    const page = await (await fetch(url, { signal: AbortSignal.timeout(30_000) })).text()
    const token = /<meta name="huimin-token" content="([0-9a-f]+)">/.exec(page)?.[1]
    if (!token) throw new Error(`no face token in the page at ${url}`)
    return new FaceClient(new URL(url).origin, token)
  }

  /** A face whose page carries no token (the counter with HUIMIN_COUNTER_TOKEN), called with the one its operator was given. */
  static withToken(url: string, token: string): FaceClient {
    return new FaceClient(new URL(url).origin, token)
  }

  static async openAll(urls: Record<Face, string>): Promise<Record<Face, FaceClient>> {
    const [kiosk, counter, audit] = await Promise.all([FaceClient.open(urls.kiosk), FaceClient.open(urls.counter), FaceClient.open(urls.audit)])
    return { kiosk, counter, audit }
  }

  async call<T = unknown>(name: string, input: unknown = {}): Promise<CallAnswer<T>> {
    const r = await fetch(`${this.origin}/api/call/${name}`, {
      method: 'POST',
      headers: { 'x-huimin-token': this.token, 'content-type': 'application/json', origin: this.origin },
      body: JSON.stringify(input),
      signal: AbortSignal.timeout(60_000),
    })
    return (await r.json()) as CallAnswer<T>
  }

  /** The answer's value; throws with the answer when the host refused the call. */
  async value<T = unknown>(name: string, input: unknown = {}): Promise<T> {
    const answer = await this.call<T>(name, input)
    if (!answer.ok) throw new Error(`${name} refused: ${JSON.stringify(answer.error)}`)
    return answer.value as T
  }
}
