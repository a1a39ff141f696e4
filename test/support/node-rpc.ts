/** One JSON-RPC call to a ledger node, as any Ethereum client would make it; returns `result`. */
export async function nodeRpc<T>(url: string, method: string, params: unknown[] = []): Promise<T> {
  const r = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ jsonrpc: '2.0', id: 1, method, params }),
  })
  return ((await r.json()) as { result: T }).result
}
