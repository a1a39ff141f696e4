import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { duplicateMessageKeys, isErrorCode, messages, translate, translateError } from '../../electron/common/i18n'
import { resolveUnder } from '../../electron/host/static-files'
import { formatDeviceSpec, parseDeviceSpec } from '../../hardware/common/device-spec'
import { makeTempDir } from '../support/temp-dir'

describe('i18n table', () => {
  it('defines every key once, with Chinese and English', () => {
    expect(duplicateMessageKeys()).toEqual([])
    expect(duplicateMessageKeys({ a: { k: { zh: '一', en: 'one' } }, b: { k: { zh: '二', en: 'two' } } })).toEqual(['k'])
    for (const [key, entry] of Object.entries(messages)) {
      expect(entry.zh.trim(), key).not.toBe('')
      expect(entry.en.trim(), key).not.toBe('')
    }
  })

  it('gives every error code (the ErrorCode union is these keys) its own Chinese sentence, in one code style', () => {
    const internal = translate('error.SYSTEM_INTERNAL', 'zh')
    const codes = Object.keys(messages)
      .filter((k) => k.startsWith('error.'))
      .map((k) => k.slice('error.'.length))
    expect(codes.length).toBeGreaterThan(100)
    const areas = [
      'CALL',
      'CARD',
      'COMPLAINT',
      'CONFIG',
      'COUNTER',
      'DEVICE',
      'FP',
      'HOST',
      'ID',
      'KIOSK',
      'LEDGER',
      'PRINTER',
      'RECEIPT',
      'SAM',
      'STORAGE',
      'SYSTEM',
    ]
    for (const code of codes) {
      // AREA_REASON: the area says which part of the app refused, the reason says why.
      expect(code, code).toMatch(/^[A-Z][A-Z0-9]*(_[A-Z0-9]+)+$/)
      expect(areas, code).toContain(code.split('_')[0])
      expect(isErrorCode(code), code).toBe(true)
      expect(translateError(code, 'zh'), code).toMatch(/\p{Script=Han}/u)
      if (code !== 'SYSTEM_INTERNAL') expect(translateError(code, 'zh'), code).not.toBe(internal)
    }
    expect(isErrorCode('COUNTER_SEALED_CORRUPT')).toBe(true)
    expect(isErrorCode('NOT_A_CODE')).toBe(false)
  })

  it('translates with placeholders and falls back for unknown error codes', () => {
    expect(translate('kiosk.attract.title', 'zh')).toBe('请刷身份证')
    expect(translate('kiosk.attract.title', 'en')).toBe('Please tap your ID card')
    expect(translateError('CALL_FORBIDDEN', 'zh')).toBe('此终端无权进行该操作')
    expect(translateError('NOT_A_CODE', 'zh')).toBe(translate('error.SYSTEM_INTERNAL', 'zh'))
  })
})

describe('device specs', () => {
  it.each(['sim', 'serial:/dev/ttyUSB0@115200', 'hid:0400:C35A', 'tcp:192.0.2.10:9100', 'lp:/dev/usb/lp0'])('round-trips %s', (spec) => {
    expect(formatDeviceSpec(parseDeviceSpec(spec))).toBe(spec)
  })
  it.each(['', 'usb', 'serial:', 'serial:/dev/x@abc', 'hid:1:2:3', 'tcp::9100', 'tcp:h:0', 'lp:relative', 'bogus:1'])('rejects %j', (spec) => {
    expect(() => parseDeviceSpec(spec)).toThrow()
  })
})

describe('static files', () => {
  it('serves files under the root and nothing outside it', () => {
    const t = makeTempDir('huimin-static-')
    try {
      fs.mkdirSync(path.join(t.path, 'root', 'assets'), { recursive: true })
      fs.writeFileSync(path.join(t.path, 'root', 'assets', 'a.js'), 'x')
      fs.writeFileSync(path.join(t.path, 'secret.txt'), 'secret')
      const root = path.join(t.path, 'root')
      expect(resolveUnder(root, 'assets/a.js')).toBe(path.join(root, 'assets', 'a.js'))
      for (const bad of [
        '../secret.txt',
        '..%2fsecret.txt',
        'assets/../../secret.txt',
        '%2e%2e/secret.txt',
        'assets\\..\\..\\secret.txt',
        '/etc/passwd',
        'a%00.js',
        'assets',
        '%E0%A4%A',
      ])
        expect(resolveUnder(root, bad), bad).toBeNull()
    } finally {
      t.remove()
    }
  })
})
