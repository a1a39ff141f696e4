/**
 * The audit index's range reader, a thread of its own: reads the ranges the
 * follower asks for from the node, one after another in the order asked, and
 * sends each answer's bytes whole (transferred, not copied) straight to the
 * index worker, on the port that joins the two.
 *
 * It does nothing else, so it takes an answer off the socket as fast as the
 * node sends it while the index worker is busy writing the range before. In
 * the index worker itself the socket was read only between writes: the node
 * stalled with its answer half sent, and the writer then waited for the rest.
 * The follower asks it directly, not through the index worker, whose event
 * loop is blocked while it writes.
 */
import { parentPort, workerData } from 'node:worker_threads'
import { httpPost } from '../ledger/http-post'
import { RpcClient } from '../ledger/rpc-client'
import { type PairedWorkerData, type RangeReadReply, type RangeReadRequest, errorToWire } from './index-worker-protocol'

const data = workerData as PairedWorkerData
const rpc = new RpcClient({ endpoints: data.endpoints, timeoutMs: data.timeoutMs, maxBatch: data.maxBatch, post: httpPost })

// Tells the follower this thread is up, so the first range is not kept waiting for it to start.
parentPort!.postMessage({ up: true })

let reading = Promise.resolve()
parentPort!.on('message', (m: RangeReadRequest) => {
  reading = reading.then(async () => {
    try {
      const raw = await rpc.batchRaw(m.calls)
      data.answers.postMessage({ id: m.id, ok: true, raw } satisfies RangeReadReply, [raw.body])
    } catch (e) {
      data.answers.postMessage({ id: m.id, ok: false, error: errorToWire(e) } satisfies RangeReadReply)
    }
  })
})
