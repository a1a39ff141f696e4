/**
 * The audit index worker: parses the node's answers, decodes the events and
 * writes them, on its own thread and its own SQLite connection to the app's
 * file. The main thread only moves bytes over HTTP, so reading range N+1
 * overlaps parsing and writing range N, and a county-sized catch-up never
 * stalls the screens.
 *
 * The index is derived from the ledger and the cursor moves in the same
 * transaction as the rows, so this connection commits with synchronous=NORMAL:
 * a power cut may drop the last ranges written, never corrupt them, and the
 * follower reads them again from the node.
 */
import { parentPort, workerData } from 'node:worker_threads'
import { openDatabase } from '../db/database'
import { RpcClient, decodeBatch } from '../ledger/rpc-client'
import { errorToWire, type IndexWorkerData, type IndexWorkerReply, type IndexWorkerRequest, type IndexWorkerResults } from './index-worker-protocol'
import { IndexWriter } from './index-writer'
import { readRange } from './log-source'

const data = workerData as IndexWorkerData
const port = parentPort!
const db = openDatabase(data.dbPath)
db.pragma('synchronous = NORMAL')
const writer = new IndexWriter(db)
const rpc = new RpcClient({ endpoints: data.endpoints, timeoutMs: data.timeoutMs })

async function handle(m: IndexWorkerRequest): Promise<IndexWorkerResults[keyof IndexWorkerResults]> {
  switch (m.op) {
    case 'apply': {
      const cursor = writer.cursor()
      if (!cursor) throw new Error('audit index not initialised')
      if (m.range.from !== cursor.indexedBlock + 1) throw new Error(`range starts at ${m.range.from}, index is at ${cursor.indexedBlock}`)
      const range = await readRange(rpc, m.range, cursor.indexedHash, decodeBatch(m.raw, m.calls))
      return writer.apply(range)
    }
    case 'rollback':
      return writer.rollbackTo(m.block, m.hash, m.time)
    case 'close':
      db.close()
      return null
  }
}

// Request id 0 says the worker is up: connection open, statements prepared.
port.postMessage({ id: 0, ok: true, value: null } satisfies IndexWorkerReply)

// One request at a time, in order: a range is written only after the one before it.
let queue = Promise.resolve()
port.on('message', (m: IndexWorkerRequest) => {
  queue = queue.then(async () => {
    let reply: IndexWorkerReply
    try {
      reply = { id: m.id, ok: true, value: await handle(m) }
    } catch (e) {
      reply = { id: m.id, ok: false, error: errorToWire(e) }
    }
    port.postMessage(reply)
    if (m.op === 'close') port.close()
  })
})
