/**
 * The audit index worker: decodes the ranges the follower asks for straight
 * from the node's answer bytes and writes them, on its own thread and its
 * own SQLite connection to the app's file. Its range reader thread
 * (range-reader.ts) fetches the next ranges while this thread writes, and
 * the answers (megabytes each during a catch-up) never touch the main
 * thread's heap, so a county-sized catch-up neither stalls the screens nor
 * makes the main thread's garbage collector walk its large heap again and
 * again.
 *
 * The index is derived from the ledger and the cursor moves in the same
 * transaction as the rows, so this connection commits with synchronous=NORMAL:
 * a power cut may drop the last ranges written, never corrupt them, and the
 * follower reads them again from the node.
 */
import { parentPort, workerData } from 'node:worker_threads'
import { openDatabase } from '../db/database'
import { type RawBatch, RpcClient } from '../ledger/rpc-client'
import { errorToWire, type PairedWorkerData, type IndexWorkerReply, type IndexWorkerRequest, type IndexWorkerResults } from './index-worker-protocol'
import { GroupCommit } from './group-commit'
import { IndexWriter } from './index-writer'
import { readRange } from './log-source'
import { RangeAnswers } from './range-answers'

const data = workerData as PairedWorkerData
const port = parentPort!
const db = openDatabase(data.dbPath)
db.pragma('synchronous = NORMAL')
const writer = new IndexWriter(db)
const batch = new GroupCommit(db)
// Block headers for nodes whose logs carry no block time.
const rpc = new RpcClient({ endpoints: data.endpoints, timeoutMs: data.timeoutMs, maxBatch: data.maxBatch })
const answers = new RangeAnswers(data.answers)

async function handle(m: IndexWorkerRequest, answer: Promise<RawBatch> | null): Promise<IndexWorkerResults[keyof IndexWorkerResults]> {
  switch (m.op) {
    case 'apply': {
      const raw = await answer!
      const cursor = writer.cursor()
      if (!cursor) throw new Error('audit index not initialised')
      if (m.range.from !== cursor.indexedBlock + 1) throw new Error(`range starts at ${m.range.from}, index is at ${cursor.indexedBlock}`)
      const range = await readRange(rpc, m.range, cursor.indexedHash, raw, m.calls)
      return batch.write(() => writer.applyWithin(range))
    }
    case 'rollback':
      batch.commit()
      return writer.rollbackTo(m.block, m.hash, m.time)
    case 'close':
      batch.commit()
      db.close()
      return null
  }
}

// Request id 0 says the worker is up: connection open, statements prepared.
port.postMessage({ id: 0, ok: true, value: null } satisfies IndexWorkerReply)

// Requests are handled one at a time, in order: a range is written only after the one before it.
let queue = Promise.resolve()
// Requests received and not yet started: while a range is waiting, the ranges before it share a commit.
let waiting = 0
port.on('message', (m: IndexWorkerRequest) => {
  waiting++
  let answer: Promise<RawBatch> | null = null
  // The follower asked the range reader for this range under the same id.
  if (m.op === 'apply') answer = answers.take(m.id)
  queue = queue.then(async () => {
    waiting--
    let reply: IndexWorkerReply
    try {
      const value = await handle(m, answer)
      batch.settle(waiting > 0)
      reply = { id: m.id, ok: true, value }
    } catch (e) {
      reply = { id: m.id, ok: false, error: errorToWire(e) }
      try {
        batch.commit() // ranges before a failed read are whole; keep them (a failed write has rolled back already)
      } catch (commitError) {
        reply = { id: m.id, ok: false, error: errorToWire(commitError) }
      }
    }
    port.postMessage(reply)
    if (m.op === 'close') {
      answers.close()
      port.close()
    }
  })
})
