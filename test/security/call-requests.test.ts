/**
 * What the browser host answers to calls that are not what its pages send,
 * against the real host on a real SQLite file, each with its exact refusal:
 * the wrong Host (DNS rebinding) or Origin, no face token, a body that is not
 * JSON or is nested 150,000 deep, a call name that is not valid
 * percent-encoding (500 before: 400 now), and a body over the 1 MiB cap (a
 * TCP reset before: 413 with the JSON error now). The counter's list import
 * declares a larger cap, so a ~1 MB CSV still gets through.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ImportReport, StaffSessionView } from '../../electron/common/contract'
import type { DeviceStatus } from '../../hardware/common/device-status'
import { idCheckDigit } from '../../hardware/common/id-number'
import { FaceClient } from '../support/face-client'
import { makeRendererDir } from '../support/fixture-renderer'
import { type HostProcess, startHost } from '../support/host-process'
import { type RawRequest, rawRequest } from '../support/raw-http'

let host: HostProcess
let renderer: ReturnType<typeof makeRendererDir>
let faces: Awaited<ReturnType<typeof FaceClient.openAll>>

beforeAll(async () => {
  renderer = makeRendererDir()
  host = await startHost({ HUIMIN_RENDERER_DIR: renderer.path })
  faces = await FaceClient.openAll(host.urls)
})
afterAll(async () => {
  await host?.stop()
  renderer?.remove()
})

const origin = () => `http://127.0.0.1:${host.port}`
/** A call as the kiosk page makes it, with `change` applied to the request. */
const kioskCall = (name: string, body: Buffer | string, change: Partial<RawRequest> = {}) =>
  rawRequest(host.port, {
    method: 'POST',
    path: `/api/call/${name}`,
    body,
    ...change,
    headers: { 'content-type': 'application/json', origin: origin(), 'x-huimin-token': faces.kiosk.token, ...change.headers },
  })
const errorOf = (body: string) => (JSON.parse(body) as { ok: boolean; error?: { code: string } }).error?.code

describe('refusals that hold', () => {
  it('answers a well-formed call', async () => {
    const answer = await kioskCall('system.info', '{}')
    expect(answer.status).toBe(200)
    expect(JSON.parse(answer.body)).toMatchObject({ ok: true, value: { face: 'kiosk' } })
  })

  it.each(['evil.example', 'evil.example:PORT', '127.0.0.1', '127.0.0.1.nip.io:PORT'])('refuses Host %s with 421 (DNS rebinding)', async (hostHeader) => {
    const answer = await kioskCall('system.info', '{}', { headers: { host: hostHeader.replace('PORT', String(host.port)) } })
    expect(answer.status).toBe(421)
  })

  it('refuses a cross-origin call with 403 CALL_FORBIDDEN', async () => {
    const answer = await kioskCall('system.info', '{}', { headers: { origin: 'http://evil.example' } })
    expect(answer.status).toBe(403)
    expect(errorOf(answer.body)).toBe('CALL_FORBIDDEN')
  })

  it('refuses a call and the event stream without a face token with 401 CALL_FORBIDDEN', async () => {
    const call = await kioskCall('system.info', '{}', { headers: { 'x-huimin-token': '' } })
    expect(call.status).toBe(401)
    expect(errorOf(call.body)).toBe('CALL_FORBIDDEN')
    const events = await rawRequest(host.port, { path: '/api/events?token=guess' })
    expect(events.status).toBe(401)
    expect(errorOf(events.body)).toBe('CALL_FORBIDDEN')
  })

  it("refuses a counter call with the kiosk's token as CALL_FORBIDDEN", async () => {
    const answer = await kioskCall('system.config', '{}')
    expect(answer.status).toBe(200)
    expect(errorOf(answer.body)).toBe('CALL_FORBIDDEN')
  })

  it('refuses a body that is not JSON with 400 CALL_BAD_INPUT', async () => {
    const answer = await kioskCall('system.info', '{"a":')
    expect(answer.status).toBe(400)
    expect(errorOf(answer.body)).toBe('CALL_BAD_INPUT')
  })

  it('refuses a body nested 150,000 deep as CALL_BAD_INPUT, and keeps answering', async () => {
    const deep = '{"a":'.repeat(150_000) + '1' + '}'.repeat(150_000)
    const answer = await kioskCall('system.info', deep)
    expect(answer.status).toBe(200)
    expect(errorOf(answer.body)).toBe('CALL_BAD_INPUT')
    expect((await kioskCall('system.info', '{}')).status).toBe(200)
  })
})

describe('holes closed', () => {
  it('refuses a call name that is not valid percent-encoding with 400 CALL_BAD_INPUT', async () => {
    const answer = await kioskCall('%E0%A4%A', '{}')
    expect(answer.status).toBe(400)
    expect(errorOf(answer.body)).toBe('CALL_BAD_INPUT')
  })

  it.each([false, true])('answers a 1.2 MB body (chunked: %s) with 413 CALL_TOO_LARGE, and keeps answering', async (chunked) => {
    const answer = await kioskCall('system.info', Buffer.alloc(1_200_000, 0x20), { chunked })
    expect(answer.status).toBe(413)
    expect(errorOf(answer.body)).toBe('CALL_TOO_LARGE')
    expect((await kioskCall('system.info', '{}')).status).toBe(200)
  })

  it('lets a ~1 MB CSV through to the list import', async () => {
    const clerk = await signIn('zhou-min')
    const header = '姓名,身份证号,村,项目,金额,起始日期,截止日期,代领'
    const rows = [header]
    let bytes = Buffer.byteLength(header)
    for (let i = 0; bytes < 1_000_000; i++) {
      const row = `甲某某,${madeUpId(i)},李庄村,1,66.50,2025-06-01,2099-12-31,否`
      rows.push(row)
      bytes += Buffer.byteLength(row) + 1
    }
    const content = Buffer.from(rows.join('\n'), 'utf8').toString('base64')
    const body = JSON.stringify({ session: clerk, format: 'csv', content })
    expect(body.length).toBeGreaterThan(1 << 20)
    const answer = await rawRequest(host.port, {
      method: 'POST',
      path: '/api/call/counter.import.validate',
      body,
      headers: { 'content-type': 'application/json', origin: origin(), 'x-huimin-token': faces.counter.token },
    })
    expect(answer.status).toBe(200)
    const report = JSON.parse(answer.body) as { ok: boolean; value: ImportReport }
    expect(report.ok).toBe(true)
    expect(report.value.rowCount).toBe(rows.length - 1)
  })
})

/** A made-up ID number for row `i`: a birth date from 1950 on and a sequence number, with its check digit. */
function madeUpId(i: number): string {
  const born = new Date(Date.UTC(1950, 0, 1) + Math.floor(i / 900) * 86_400_000).toISOString().slice(0, 10).replaceAll('-', '')
  const first17 = `410122${born}${String(100 + (i % 900)).padStart(3, '0')}`
  return first17 + idCheckDigit(first17)
}

/** Staff card on the reader, PIN typed once the reader has read it, card taken back; returns the session token. */
async function signIn(cardKey: string): Promise<string> {
  const reads = async () => (await faces.counter.value<DeviceStatus[]>('devices.status')).find((s) => s.role === 'idcard')?.counters.reads ?? 0
  const before = await reads()
  await faces.counter.value('devices.sim.placeCard', { cardKey })
  await expect.poll(reads, { timeout: 10_000 }).toBeGreaterThan(before)
  try {
    return (await faces.counter.value<StaffSessionView>('counter.signIn', { pin: '123456' })).token
  } finally {
    await faces.counter.value('devices.sim.removeCard')
  }
}
