/**
 * The audit index's range reader, a thread of its own: reads the ranges the
 * index worker asks for from the node, one after another, and hands each
 * answer's bytes over whole (transferred, not copied).
 *
 * It does nothing else, so it takes an answer off the socket as fast as the
 * node sends it while the index worker is busy writing the range before. In
 * the index worker itself the socket was read only between writes: the node
 * stalled with its answer half sent, and the writer then waited for the rest.
 */
import { parentPort, workerData } from 'node:worker_threads'
import { httpPost } from '../ledger/http-post'
import { RpcClient } from '../ledger/rpc-client'
import { type IndexWorkerData, type RangeReadReply, type RangeReadRequest, errorToWire } from './index-worker-protocol'

const data = workerData as IndexWorkerData
const port = parentPort!
const rpc = new RpcClient({ endpoints: data.endpoints, timeoutMs: data.timeoutMs, maxBatch: data.maxBatch, post: httpPost })

port.postMessage({ id: 0, ok: true, raw: null } satisfies RangeReadReply)

// One read at a time, in the order asked: the node works on the range the writer needs next.
let reading = Promise.resolve()
port.on('message', (m: RangeReadRequest) => {
  reading = reading.then(async () => {
    try {
      const raw = await rpc.batchRaw(m.calls)
      port.postMessage({ id: m.id, ok: true, raw } satisfies RangeReadReply, [raw.body])
    } catch (e) {
      port.postMessage({ id: m.id, ok: false, error: errorToWire(e) } satisfies RangeReadReply)
    }
  })
})
