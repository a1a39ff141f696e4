import { ESLint } from 'eslint'
import tseslint from 'typescript-eslint'
import { beforeAll, describe, expect, it } from 'vitest'
import { projectRoot } from '../support/host-process'

/**
 * The layering (README "Layout") is held by the lint config (eslint.config.js, rule
 * huimin/layering). These snippets show that it fails when it should: each is linted as if
 * it were the named file. Type information is off here; the layering needs none.
 */
let eslint: ESLint

beforeAll(() => {
  eslint = new ESLint({ cwd: projectRoot, overrideConfig: [tseslint.configs.disableTypeChecked] })
})

async function problems(file: string, code: string, rule = 'huimin/layering'): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: `${projectRoot}/${file}` })
  const messages = result!.messages
  const fatal = messages.filter((m) => m.fatal)
  if (fatal.length > 0) throw new Error(`${file}: ${fatal.map((m) => m.message).join('; ')}`)
  return messages.filter((m) => m.ruleId === rule).map((m) => m.message)
}

describe('layering in the lint config', () => {
  it('refuses Node, Electron and Node-only folders in electron/common, side-effect imports included', async () => {
    const found = await problems(
      'electron/common/probe.ts',
      [
        "import 'node:fs'",
        "import path from 'path'",
        "import type { BrowserWindow } from 'electron'",
        "import Database from 'better-sqlite3'",
        "import { x } from '../node/config/config'",
        "export * from '../main/windows'",
        "export const later = () => import('node:child_process')",
        'export const y = [path, x, Database] as unknown as BrowserWindow',
      ].join('\n'),
    )
    expect(found).toHaveLength(7)
    expect(found[0]).toContain("'node:fs'")
    expect(found.join('\n')).toContain('reaches electron/node/config/config')
  })

  it('lets electron/common import itself, zod and the other pure folders', async () => {
    const code = [
      "import { z } from 'zod'",
      "import { ok } from '../result'",
      "import { buildDocument } from '../../../hardware/common/escpos/document'",
      'export const s = [z, ok, buildDocument]',
    ].join('\n')
    expect(await problems('electron/common/receipt/probe.ts', code)).toEqual([])
  })

  it('refuses the same in hardware/common and renderer code, .vue files included', async () => {
    expect(
      await problems('hardware/common/probe.ts', "import { SerialPort } from 'serialport'\nimport '@serialport/bindings-cpp'\nexport const p = SerialPort\n"),
    ).toHaveLength(2)
    expect(await problems('renderer/src/stores/probe.ts', "import { log } from '../../../electron/node/log/logger'\nexport const l = log\n")).toHaveLength(1)
    const sfc =
      "<script setup lang=\"ts\">\nimport 'node:fs'\nimport { ok } from '../../../electron/common/result'\nconst v = ok\n</script>\n<template><p>{{ v }}</p></template>\n"
    expect(await problems('renderer/src/faces/Probe.vue', sfc)).toEqual([
      "Pure code (electron/common, hardware/common, renderer/src) may not import 'node:fs': a Node built-in.",
    ])
  })

  it('keeps hardware out of the app side and electron/node out of Electron', async () => {
    const hw =
      "import { ok } from '../../electron/common/result'\nimport { Logger } from '../../electron/node/log/logger'\nimport fs from 'node:fs'\nexport const h = [ok, Logger, fs]\n"
    expect(await problems('hardware/transport/probe.ts', hw)).toEqual([
      "hardware/ may not import '../../electron/node/log/logger': it reaches electron/node/log/logger.",
    ])
    expect(await problems('electron/node/app/probe.ts', "import { app } from 'electron'\nexport const a = app\n")).toHaveLength(1)
  })
})

describe('i18n keys in the lint config', () => {
  it('wants a literal or a literal key family where the key is translated', async () => {
    const code = [
      "import { useLocaleStore } from '../stores/locale'",
      'const locale = useLocaleStore()',
      'export const f = (s: string, key: string) => [',
      "  locale.t('kiosk.exit'),",
      '  locale.t(`kiosk.state.${s}`),',
      "  locale.t(s ? 'kiosk.error.again' : 'kiosk.error.ok'),",
      '  locale.t(key),',
      '  locale.t(`${key}.x`),',
      "  locale.t('kiosk.' + s),",
      ']',
    ].join('\n')
    expect(await problems('renderer/src/faces/probe.ts', code, 'no-restricted-syntax')).toHaveLength(3)
  })
})
