/**
 * The Electron fuses electron-builder flips in the packaged binary
 * (electronFuses in electron-builder.yml), read with the YAML loader
 * electron-builder itself uses and checked against its own schema, so a
 * misspelt fuse (silently not flipped) fails here too. Before the fix
 * grantFileProtocolExtraPrivileges and loadBrowserProcessSpecificV8Snapshot
 * were left at Electron's defaults.
 */
import fs from 'node:fs'
import { createRequire } from 'node:module'
import path from 'node:path'
import { expect, it } from 'vitest'
import { projectRoot } from '../support/host-process'

const require = createRequire(import.meta.url)
const builderLib = path.dirname(require.resolve('app-builder-lib/package.json', { paths: [path.join(projectRoot, 'node_modules', 'electron-builder')] }))
const yaml = createRequire(path.join(builderLib, 'package.json'))('js-yaml') as { load(text: string): unknown }
const config = yaml.load(fs.readFileSync(path.join(projectRoot, 'electron-builder.yml'), 'utf8')) as { electronFuses?: Record<string, unknown> }

it('runs electron-builder 24.13 or later, which flips fuses', () => {
  const version = (JSON.parse(fs.readFileSync(path.join(projectRoot, 'node_modules', 'electron-builder', 'package.json'), 'utf8')) as { version: string })
    .version
  const [major, minor] = version.split('.').map(Number) as [number, number]
  expect(major > 24 || (major === 24 && minor >= 13), version).toBe(true)
})

it('sets the fuses that keep the packaged binary from running anything but the app', () => {
  expect(config.electronFuses).toMatchObject({
    runAsNode: false,
    enableNodeOptionsEnvironmentVariable: false,
    enableNodeCliInspectArguments: false,
    enableCookieEncryption: true,
    onlyLoadAppFromAsar: true,
    grantFileProtocolExtraPrivileges: false,
    loadBrowserProcessSpecificV8Snapshot: false,
    enableEmbeddedAsarIntegrityValidation: true,
  })
})

it('names only fuses electron-builder knows', () => {
  const scheme = JSON.parse(fs.readFileSync(path.join(builderLib, 'scheme.json'), 'utf8')) as {
    definitions: { FuseOptionsV1: { properties: Record<string, unknown> } }
  }
  const known = Object.keys(scheme.definitions.FuseOptionsV1.properties)
  for (const name of Object.keys(config.electronFuses ?? {})) expect(known, name).toContain(name)
})
