/**
 * What a stolen terminal and the chain give away, against the real host, the
 * embedded node and the SQLite file. The host imports a regional key from
 * HUIMIN_REGIONAL_KEY on first start; a beneficiary then claims at the kiosk
 * and takes a receipt. Afterwards neither the data dir (store, WAL, logs,
 * sealed keys, chain state) nor any block or log on the chain holds her ID
 * number, name or address, in UTF-8, GB18030 or UTF-16, raw or as hex, nor
 * her card's fingerprint block, nor the regional key. Before the key was
 * sealed it sat in the environment only and any restart needed it there.
 *
 * Then the county rotates the key: the old one offered again is ignored with
 * a warning, a new one without HUIMIN_REGIONAL_KEY_ROTATE stops start-up,
 * and with it the ring moves to epoch 2: her approvals under epoch 1 are
 * still found, staff still sign in, and a new approval is found too.
 */
import { randomBytes } from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import iconv from 'iconv-lite'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { cardFingerprintBlock } from '../../hardware/sim/card-data'
import { beneficiaryCommitment, entitlementIdOf } from '../../electron/common/ledger/commitments'
import { hexToBytes } from '../../electron/common/ledger/hex'
import { testCard } from '../../hardware/common/test-cards'
import { makeRendererDir } from '../support/fixture-renderer'
import { Hall, LIST_HEADER, listRow } from '../support/hall'
import { type HostProcess, spawnHost, startHost } from '../support/host-process'
import { nodeRpc } from '../support/node-rpc'
import { makeTempDir } from '../support/temp-dir'

const KEY_1 = `0x${randomBytes(32).toString('hex')}`
const KEY_2 = `0x${randomBytes(32).toString('hex')}`
const card = testCard('li-xiuying')

let temp: ReturnType<typeof makeTempDir>
let renderer: ReturnType<typeof makeRendererDir>
let dataDir: string
let host: HostProcess | null = null
let claimedIds: string[] = []

const start = (env: Record<string, string> = {}) => startHost({ HUIMIN_RENDERER_DIR: renderer.path, ...env }, { dataDir })

beforeAll(() => {
  temp = makeTempDir('huimin-pii-')
  renderer = makeRendererDir()
  dataDir = path.join(temp.path, 'data')
})
afterAll(async () => {
  await host?.stop()
  renderer?.remove()
  temp?.remove()
})

/** Each secret as the bytes it could be stored as: every text encoding, and each of those as lowercase hex. */
function needles(): { what: string; bytes: Buffer }[] {
  const texts = { 'ID number': card.idNumber, name: card.name, address: card.address, 'house number': '李庄村12号' }
  const raw: { what: string; bytes: Buffer }[] = []
  for (const [what, text] of Object.entries(texts))
    for (const encoding of ['utf8', 'gb18030', 'utf16le', 'utf16be']) raw.push({ what: `${what} (${encoding})`, bytes: iconv.encode(text, encoding) })
  const fingerprint = Buffer.from(cardFingerprintBlock(card))
  for (let at = 0; at < fingerprint.length; at += 128) raw.push({ what: `fingerprint block bytes ${at}..${at + 31}`, bytes: fingerprint.subarray(at, at + 32) })
  for (const key of [KEY_1, KEY_2]) raw.push({ what: `regional key ${key === KEY_1 ? 1 : 2}`, bytes: Buffer.from(key.slice(2), 'hex') })
  return raw.flatMap((n) => [n, { what: `${n.what} as hex`, bytes: Buffer.from(n.bytes.toString('hex')) }])
}

/** Which needles `haystack` holds, as `where: what`. */
const found = (where: string, haystack: Buffer) => needles().flatMap((n) => (haystack.includes(n.bytes) ? [`${where}: ${n.what}`] : []))

function filesUnder(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const at = path.join(dir, e.name)
    return e.isDirectory() ? filesUnder(at) : e.isFile() ? [at] : []
  })
}

/** Every transaction input, log topic and log datum on the chain, as hex text. */
async function chainText(url: string): Promise<Buffer> {
  const head = Number(await nodeRpc<string>(url, 'eth_blockNumber'))
  const parts: string[] = []
  for (let n = 0; n <= head; n++) {
    const block = await nodeRpc<{ transactions: { input: string }[] }>(url, 'eth_getBlockByNumber', [`0x${n.toString(16)}`, true])
    for (const tx of block.transactions) parts.push(tx.input)
  }
  const logs = await nodeRpc<{ data: string; topics: string[] }[]>(url, 'eth_getLogs', [{ fromBlock: '0x0', toBlock: 'latest' }])
  for (const log of logs) parts.push(log.data, ...log.topics)
  return Buffer.from(parts.join('\n').toLowerCase())
}

it('keeps her ID number, name, address, fingerprint and the regional key out of the data dir and off the chain after a claim', async () => {
  host = await start({ HUIMIN_REGIONAL_KEY: KEY_1 })
  const hall = await Hall.open(host.urls)
  const visit = await hall.visit(card.key)
  claimedIds = hall.claimable(visit)
  expect(claimedIds.length).toBeGreaterThan(0)
  await hall.claim(claimedIds)
  const done = await hall.until(
    'claims on chain and the receipt printed',
    (v) => v.receipt?.state === 'printed' && v.claims.every((c) => c.ledgerState === 'confirmed'),
  )
  expect(done.person?.maskedName).toBe('李*英')
  await hall.leave()

  const url = (host.announcements.find((a) => a.event === 'ready')!.ledger as string[])[0]!
  const onChain = await chainText(url)
  // The scan reads what is there: the masked name the chain does carry is found.
  expect(onChain.includes(Buffer.from(Buffer.from('李*英').toString('hex')))).toBe(true)
  expect(found('chain', onChain)).toEqual([])

  const output = host.stderr()
  expect(await host.stop()).toBe(0)
  host = null
  const files = filesUnder(dataDir)
  expect(files.map((f) => path.relative(dataDir, f))).toEqual(expect.arrayContaining(['huimin.sqlite', path.join('logs', 'huimin.log')]))
  const contents = files.map((f) => ({ where: path.relative(dataDir, f), bytes: fs.readFileSync(f) }))
  expect(contents.some((c) => c.bytes.includes(Buffer.from('李*英')))).toBe(true)
  expect(contents.flatMap((c) => found(c.where, c.bytes))).toEqual([])
  expect(found('host output', Buffer.from(output))).toEqual([])
  expect(output).toMatch(/HUIMIN_REGIONAL_KEY sealed as epoch 1; remove it from the environment/)
})

it('ignores the sealed key offered again, with a warning, and starts without it', async () => {
  host = await start({ HUIMIN_REGIONAL_KEY: KEY_1 })
  expect(host.stderr()).toMatch(/HUIMIN_REGIONAL_KEY is set but already sealed in the data dir: ignored; remove it from the environment/)
  await host.stop()
  host = await start()
  expect(host.stderr()).not.toMatch(/HUIMIN_REGIONAL_KEY/)
  const hall = await Hall.open(host.urls)
  expect((await hall.visit(card.key)).entitlements.map((e) => e.entitlementId)).toEqual(expect.arrayContaining(claimedIds))
  await host.stop()
  host = null
})

it('stops start-up on another key unless HUIMIN_REGIONAL_KEY_ROTATE=1, naming both settings', async () => {
  const refused = spawnHost({ HUIMIN_DATA_DIR: dataDir, HUIMIN_RENDERER_DIR: renderer.path, HUIMIN_REGIONAL_KEY: KEY_2 })
  const code = await new Promise<number | null>((resolve) => refused.child.once('exit', resolve))
  expect(code).toBe(1)
  expect(refused.stderr()).toMatch(
    /HUIMIN_REGIONAL_KEY differs from the regional key sealed as epoch 1: remove it, or set HUIMIN_REGIONAL_KEY_ROTATE=1 to seal it as epoch 2/,
  )
  expect(found('refused host output', Buffer.from(refused.stderr()))).toEqual([])
})

it('rotates to epoch 2: old approvals still found, staff still sign in, a new approval committed under the new key', async () => {
  host = await start({ HUIMIN_REGIONAL_KEY: KEY_2, HUIMIN_REGIONAL_KEY_ROTATE: '1' })
  expect(host.stderr()).toMatch(/HUIMIN_REGIONAL_KEY rotated: sealed as epoch 2/)
  const hall = await Hall.open(host.urls)
  const clerk = await hall.signIn('zhou-min')
  const supervisor = await hall.signIn('wu-qiang')
  await hall.approve(supervisor, await hall.prepareList(clerk, [LIST_HEADER, listRow(card.key, '李庄村', 3, 2026)].join('\n')))
  const fresh = entitlementIdOf(3n, beneficiaryCommitment(hexToBytes(KEY_2), card.idNumber), 2026n)
  const ids = await untilListed(hall, fresh)
  expect(ids).toEqual(expect.arrayContaining([...claimedIds, fresh]))
  // Her demo approvals were committed under epoch 1.
  const underKey1 = [1n, 2n].map((program) => entitlementIdOf(program, beneficiaryCommitment(hexToBytes(KEY_1), card.idNumber), 2026n))
  expect(underKey1).toEqual(expect.arrayContaining(claimedIds))
})

/** Her entitlement ids once the kiosk lists `id` (the approval takes a block or two), visiting again until then. */
async function untilListed(hall: Hall, id: string): Promise<string[]> {
  const deadline = Date.now() + 30_000
  for (;;) {
    const ids = (await hall.visit(card.key)).entitlements.map((e) => e.entitlementId)
    await hall.leave()
    if (ids.includes(id) || Date.now() > deadline) return ids
  }
}
