import fs from 'node:fs'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { ConfigError, defaultDataDir, isLoopbackEndpoint, loadConfig } from '../../electron/node/config/config'
import { makeTempDir } from '../support/temp-dir'

const temps: { remove(): void }[] = []
const dir = () => {
  const t = makeTempDir('huimin-config-')
  temps.push(t)
  return t.path
}
afterEach(() => temps.splice(0).forEach((t) => t.remove()))

describe('loadConfig', () => {
  it('runs on embedded defaults with no configuration', () => {
    const d = dir()
    const c = loadConfig({ HUIMIN_DATA_DIR: d })
    expect(c.dataDir).toBe(d)
    expect(c.ledger.endpoints).toEqual([])
    expect(c.demo).toBe(true)
    expect(c.devices).toEqual({ idcard: { kind: 'sim' }, fingerprint: { kind: 'sim' }, printer: { kind: 'sim' } })
  })

  it('reads the disk check interval, 10 s by default, and refuses one outside 1-600 s', () => {
    expect(loadConfig({ HUIMIN_DATA_DIR: dir() }).storageCheckSec).toBe(10)
    expect(loadConfig({ HUIMIN_DATA_DIR: dir(), HUIMIN_STORAGE_CHECK_SECONDS: '1' }).storageCheckSec).toBe(1)
    expect(() => loadConfig({ HUIMIN_DATA_DIR: dir(), HUIMIN_STORAGE_CHECK_SECONDS: '0' })).toThrow(/HUIMIN_STORAGE_CHECK_SECONDS/)
  })

  it('names the terminal for its receipts: the demo hall by default, a given name checked, none outside demo mode', () => {
    expect(loadConfig({ HUIMIN_DATA_DIR: dir() }).terminalName).toBe('官渡镇便民服务厅1号机')
    expect(loadConfig({ HUIMIN_DATA_DIR: dir(), HUIMIN_TERMINAL_NAME: ' 张庄村服务点 ' }).terminalName).toBe('张庄村服务点')
    const production = { HUIMIN_DATA_DIR: dir(), HUIMIN_LEDGER_RPC: 'http://10.1.2.3:8545', HUIMIN_CONTRACT: `0x${'ab'.repeat(20)}` }
    expect(loadConfig(production).terminalName).toBeNull()
    for (const bad of ['一'.repeat(21), '服务\u202e厅', '\u200b'])
      expect(() => loadConfig({ HUIMIN_DATA_DIR: dir(), HUIMIN_TERMINAL_NAME: bad })).toThrow(
        /^Invalid setting HUIMIN_TERMINAL_NAME: must be 1 to 20 printable characters/,
      )
  })

  it('reads device specs and endpoints from the environment', () => {
    const c = loadConfig({
      HUIMIN_DATA_DIR: dir(),
      HUIMIN_LEDGER_RPC: 'http://10.0.0.1:8545, https://node2.example:8545',
      HUIMIN_CONTRACT: '0x5FbDB2315678afecb367f032d93F642f64180aa3',
      HUIMIN_IDCARD: 'serial:/dev/ttyUSB0@115200',
      HUIMIN_FINGERPRINT: 'serial:/dev/ttyUSB1',
      HUIMIN_PRINTER: 'tcp:192.0.2.7:9100',
    })
    expect(c.ledger.endpoints).toEqual(['http://10.0.0.1:8545', 'https://node2.example:8545'])
    expect(c.demo).toBe(false)
    expect(c.devices.idcard).toEqual({ kind: 'serial', path: '/dev/ttyUSB0', baudRate: 115200 })
    expect(c.devices.fingerprint).toEqual({ kind: 'serial', path: '/dev/ttyUSB1', baudRate: 57600 })
    expect(c.devices.printer).toEqual({ kind: 'tcp', host: '192.0.2.7', port: 9100 })
  })

  it('needs the contract address when pointed at a consortium chain', () => {
    expect(() => loadConfig({ HUIMIN_DATA_DIR: dir(), HUIMIN_LEDGER_RPC: 'http://10.0.0.1:8545' })).toThrow(
      /HUIMIN_CONTRACT: the relief contract address is required/,
    )
  })

  it('lets the environment win over the settings file', () => {
    const d = dir()
    fs.writeFileSync(path.join(d, 'config.json'), JSON.stringify({ township: '410122102', printer: 'lp:/dev/usb/lp0' }))
    const c = loadConfig({ HUIMIN_DATA_DIR: d, HUIMIN_TOWNSHIP: '410122103' })
    expect(c.township).toBe('410122103')
    expect(c.devices.printer).toEqual({ kind: 'lp', path: '/dev/usb/lp0' })
  })

  it.each([
    ['HUIMIN_LEDGER_RPC', 'ftp://x', /HUIMIN_LEDGER_RPC: "ftp:\/\/x" must be an http/],
    ['HUIMIN_LEDGER_RPC', 'not a url', /HUIMIN_LEDGER_RPC: "not a url" is not a URL/],
    ['HUIMIN_IDCARD', 'usb', /HUIMIN_IDCARD: "usb" is not a device spec/],
    ['HUIMIN_PRINTER', 'hid:xyz', /HUIMIN_PRINTER: hid spec/],
    ['HUIMIN_FINGERPRINT', 'serial:/dev/ttyS0@1234', /HUIMIN_FINGERPRINT: serial baud rate/],
    ['HUIMIN_TOWNSHIP', '4101', /HUIMIN_TOWNSHIP: "4101" must be a 9-digit/],
    ['HUIMIN_HOST_PORT', '70000', /HUIMIN_HOST_PORT: "70000" must be a whole number/],
    ['HUIMIN_DEMO', 'maybe', /HUIMIN_DEMO: "maybe" must be true or false/],
    ['HUIMIN_CONTRACT', '0x1234', /HUIMIN_CONTRACT: "0x1234" is not a contract address/],
    ['HUIMIN_PRINTER_PAPER', '76mm', /HUIMIN_PRINTER_PAPER: "76mm" must be 58mm or 80mm/],
  ])('rejects %s=%s with one line naming the setting', (name, value, message) => {
    let error: unknown
    try {
      loadConfig({ HUIMIN_DATA_DIR: dir(), [name]: value })
    } catch (e) {
      error = e
    }
    expect(error).toBeInstanceOf(ConfigError)
    expect((error as Error).message).toMatch(message)
    expect((error as Error).message).not.toContain('\n')
  })

  it('names the settings file when it is broken', () => {
    const d = dir()
    fs.writeFileSync(path.join(d, 'config.json'), '{"printer": 5}')
    expect(() => loadConfig({ HUIMIN_DATA_DIR: d })).toThrow(/config\.json field printer/)
    fs.writeFileSync(path.join(d, 'config.json'), '{oops')
    expect(() => loadConfig({ HUIMIN_DATA_DIR: d })).toThrow(/not valid JSON/)
  })

  it('reads a settings file that starts with a UTF-8 byte-order mark, as Windows Notepad saves it', () => {
    const d = dir()
    const text = JSON.stringify({ township: '410122102', printer: 'lp:/dev/usb/lp0' })
    fs.writeFileSync(path.join(d, 'config.json'), Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text)]))
    const c = loadConfig({ HUIMIN_DATA_DIR: d })
    expect(c.township).toBe('410122102')
    expect(c.devices.printer).toEqual({ kind: 'lp', path: '/dev/usb/lp0' })
    // A BOM before a real mistake: the error names the mistake and carries no invisible character.
    fs.writeFileSync(path.join(d, 'config.json'), '\uFEFF{"printer": 5}')
    expect(() => loadConfig({ HUIMIN_DATA_DIR: d })).toThrow(/config\.json field printer/)
  })

  it('takes the gazetteer file from HUIMIN_PLACES or config.json places, relative to the data dir', () => {
    const d = dir()
    expect(loadConfig({ HUIMIN_DATA_DIR: d }).places).toBeNull()
    fs.writeFileSync(path.join(d, 'county.csv'), '410122101,官渡镇\n')
    fs.writeFileSync(path.join(d, 'other.csv'), '')
    expect(loadConfig({ HUIMIN_DATA_DIR: d, HUIMIN_PLACES: 'county.csv' }).places).toBe(path.join(d, 'county.csv'))
    fs.writeFileSync(path.join(d, 'config.json'), JSON.stringify({ places: path.join(d, 'other.csv') }))
    expect(loadConfig({ HUIMIN_DATA_DIR: d }).places).toBe(path.join(d, 'other.csv'))
    expect(loadConfig({ HUIMIN_DATA_DIR: d, HUIMIN_PLACES: 'county.csv' }).places).toBe(path.join(d, 'county.csv'))
  })

  it.each([
    [{ HUIMIN_PLACES: 'missing.csv' }, /^Invalid setting HUIMIN_PLACES: "missing\.csv" does not exist \(looked for .*missing\.csv\)$/],
    [{ HUIMIN_PLACES: '.' }, /^Invalid setting HUIMIN_PLACES: "\." is not a file$/],
    [{ places: '  ' }, /^Invalid setting config\.json:HUIMIN_PLACES: no gazetteer file given$/],
    [{ places: 5 }, /config\.json field places/],
  ])('rejects a bad gazetteer setting %j with one line naming it', (setting, message) => {
    const d = dir()
    const env: NodeJS.ProcessEnv = { HUIMIN_DATA_DIR: d }
    if ('HUIMIN_PLACES' in setting) env.HUIMIN_PLACES = setting.HUIMIN_PLACES
    else fs.writeFileSync(path.join(d, 'config.json'), JSON.stringify(setting))
    let error: unknown
    try {
      loadConfig(env)
    } catch (e) {
      error = e
    }
    expect(error).toBeInstanceOf(ConfigError)
    expect((error as Error).message).toMatch(message)
    expect((error as Error).message).not.toContain('\n')
  })

  const CONTRACT = '0x5FbDB2315678afecb367f032d93F642f64180aa3'
  const failure = (env: NodeJS.ProcessEnv): Error => {
    try {
      loadConfig(env)
    } catch (e) {
      return e as Error
    }
    throw new Error('loadConfig accepted the settings')
  }

  it.each([
    'http://10.1.2.3:8545',
    'https://node2.example:8545',
    'http://127.0.0.1:8545,http://10.1.2.3:8545',
    'http://127.0.0.1.nip.io:8545',
    'http://[::ffff:a01:203]:8545',
  ])('refuses demo mode with the non-loopback ledger endpoint %s, in one line naming both settings', (rpc) => {
    const error = failure({ HUIMIN_DATA_DIR: dir(), HUIMIN_DEMO: '1', HUIMIN_LEDGER_RPC: rpc, HUIMIN_CONTRACT: CONTRACT })
    expect(error).toBeInstanceOf(ConfigError)
    expect(error.message).toMatch(
      /^Invalid setting HUIMIN_DEMO: demo mode .* HUIMIN_LEDGER_RPC host \S+, which is not loopback \(127\.0\.0\.0\/8, ::1, localhost\)$/,
    )
    expect(error.message).not.toContain('\n')
  })

  it('refuses demo mode from config.json with a non-loopback ledgerRpc from config.json, and names them so', () => {
    const d = dir()
    fs.writeFileSync(path.join(d, 'config.json'), JSON.stringify({ demo: true, ledgerRpc: ['http://10.1.2.3:8545'] }))
    const error = failure({ HUIMIN_DATA_DIR: d })
    expect(error).toBeInstanceOf(ConfigError)
    expect(error.message).toMatch(/^Invalid setting config\.json:HUIMIN_DEMO: .*config\.json:HUIMIN_LEDGER_RPC host 10\.1\.2\.3:8545, which is not loopback/)
  })

  it('does not echo credentials or a path of the refused endpoint', () => {
    const error = failure({ HUIMIN_DATA_DIR: dir(), HUIMIN_DEMO: 'true', HUIMIN_LEDGER_RPC: 'https://user:s3cret@rpc.example/key/abc' })
    expect(error.message).toContain('host rpc.example,')
    expect(error.message).not.toMatch(/s3cret|abc/)
  })

  it.each(['http://127.0.0.1:8545', 'http://127.3.4.5:8545', 'http://localhost:8545', 'http://[::1]:8545', 'http://127.1:8545'])(
    'keeps demo mode on the loopback endpoint %s',
    (rpc) => {
      const c = loadConfig({ HUIMIN_DATA_DIR: dir(), HUIMIN_DEMO: '1', HUIMIN_LEDGER_RPC: rpc })
      expect(c.demo).toBe(true)
      expect(c.ledger.keySecret).not.toBeNull()
    },
  )

  it('keeps a production terminal on a remote endpoint', () => {
    const c = loadConfig({ HUIMIN_DATA_DIR: dir(), HUIMIN_DEMO: '0', HUIMIN_LEDGER_RPC: 'http://10.1.2.3:8545', HUIMIN_CONTRACT: CONTRACT })
    expect(c.demo).toBe(false)
    expect(c.ledger.keySecret).toBeNull()
  })

  it('tells loopback endpoints from the rest', () => {
    for (const e of ['http://127.0.0.1:1', 'http://127.255.255.254', 'http://LOCALHOST:1', 'http://[0:0:0:0:0:0:0:1]:1', 'http://0x7f000001:1'])
      expect(isLoopbackEndpoint(e), e).toBe(true)
    for (const e of [
      'http://10.1.2.3:1',
      'http://128.0.0.1',
      'http://localhost.evil.example',
      'http://127.0.0.1.nip.io',
      'http://[::2]',
      'http://0.0.0.0',
      'nonsense',
    ])
      expect(isLoopbackEndpoint(e), e).toBe(false)
  })

  it('puts the default data dir under the per-user app-data folder', () => {
    expect(defaultDataDir({ XDG_CONFIG_HOME: '/home/u/.config' }, 'linux')).toBe('/home/u/.config/huimin-kiosk')
    expect(defaultDataDir({ APPDATA: 'C:\\Users\\u\\AppData\\Roaming' }, 'win32')).toContain('huimin-kiosk')
  })
})
