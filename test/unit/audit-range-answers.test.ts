/**
 * The index worker matches each range's answer to the follower's request to
 * write it by id, on a real MessageChannel: the answer may come first or
 * last, and a failed read comes back as the reader's typed error.
 */
import { MessageChannel } from 'node:worker_threads'
import { afterEach, describe, expect, it } from 'vitest'
import { errorToWire } from '../../electron/node/audit/index-worker-protocol'
import { RangeAnswers } from '../../electron/node/audit/range-answers'
import { RpcError, type RawBatch } from '../../electron/node/ledger/rpc-client'

const raw = (n: number): RawBatch => ({ body: new Uint8Array([n]).buffer, firstId: n, endpoint: 'http://node' })
let channel: MessageChannel
let answers: RangeAnswers
afterEach(() => {
  answers.close()
  channel.port1.close()
})

describe('range answers', () => {
  it('hands each answer to its own request, whether the answer or the request comes first', async () => {
    channel = new MessageChannel()
    answers = new RangeAnswers(channel.port2)
    const early = answers.take(2) // asked before its answer
    channel.port1.postMessage({ id: 1, ok: true, raw: raw(1) })
    channel.port1.postMessage({ id: 2, ok: true, raw: raw(2) })
    await new Promise((resolve) => setTimeout(resolve, 20)) // answer 1 has arrived and waits
    const late = answers.take(1)
    expect((await early).firstId).toBe(2)
    expect((await late).firstId).toBe(1)
    expect(new Uint8Array((await late).body)[0]).toBe(1)
    expect((answers as unknown as { slots: Map<number, unknown> }).slots.size).toBe(0)
  })

  it('fails a request with the reader’s own error when its read failed', async () => {
    channel = new MessageChannel()
    answers = new RangeAnswers(channel.port2)
    channel.port1.postMessage({ id: 7, ok: false, error: errorToWire(new RpcError('RPC_TIMEOUT', 'no answer in time')) })
    const failed = await answers.take(7).then(
      () => null,
      (e: unknown) => e,
    )
    expect(failed).toBeInstanceOf(RpcError)
    expect((failed as RpcError).code).toBe('RPC_TIMEOUT')
  })
})
