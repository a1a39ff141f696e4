import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { app, ipcMain } from 'electron'
import { FACES } from '../common/contract'
import { err } from '../common/result'
import { composeApp } from '../node/app/compose'
import { ConfigError, loadConfig } from '../node/config/config'
import { registerAppScheme, serveAppProtocol } from './app-protocol'
import { isTrustedSender } from './guards'
import { safeStorageCustody } from './safe-storage-box'
import { createFaceWindow, faceByWebContents, lockDownContents, preloadPath } from './windows'

/**
 * Electron main process: the thinnest layer. It loads config, builds the same
 * services as the browser host (composeApp), binds each window to a face and
 * forwards calls and events. Everything else lives in electron/node.
 */
const mainDir = path.dirname(fileURLToPath(import.meta.url))
const outDir = path.join(mainDir, '..')
const resourcesDir = app.isPackaged ? path.join(process.resourcesPath, 'resources') : path.join(outDir, '..', 'resources')

// Before anything is created: the data dir's files are for this user only (0700 dirs, 0600 files).
process.umask(0o077)
// Before ready: every renderer is sandboxed, whatever a window's own preferences say.
app.enableSandbox()
registerAppScheme()
if (!app.requestSingleInstanceLock()) app.quit()

app
  .whenReady()
  .then(async () => {
    let config
    try {
      config = loadConfig(process.env, app.getPath('userData'))
    } catch (e) {
      if (e instanceof ConfigError) process.stderr.write(`huimin: ${e.message}\n`)
      else process.stderr.write(`huimin: ${(e as Error).message}\n`)
      app.exit(2)
      return
    }
    lockDownContents()
    serveAppProtocol(path.join(outDir, 'renderer'), resourcesDir)
    let services
    try {
      services = await composeApp(config, {
        shell: 'electron',
        keyCustody: safeStorageCustody(),
        onStage: (stage) => process.stdout.write(JSON.stringify({ event: 'stage', stage }) + '\n'),
      })
    } catch (e) {
      // The same one line as the browser host, e.g. a read-only data dir or a full disk.
      process.stderr.write(`huimin: failed to start: ${(e as Error).message}\n`)
      app.exit(1)
      return
    }

    ipcMain.handle('huimin:call', (event, name: unknown, input: unknown) => {
      // Only the app's own page in a window's top frame may call; not a subframe, about:blank, data: or another origin.
      const frame = event.senderFrame
      if (!frame || !isTrustedSender(frame.url, frame.parent === null)) {
        services.log.warn('ipc call refused: sender frame is not the app page', {
          url: frame?.url.slice(0, 200) ?? null,
          mainFrame: frame ? frame.parent === null : null,
        })
        return err('CALL_FORBIDDEN', 'Call from a frame that is not the app page')
      }
      const face = faceByWebContents.get(event.sender.id)
      if (!face) return err('CALL_FORBIDDEN', 'Call from a window that is not bound to a face')
      return services.dispatch(face, name, input)
    })

    const lockedDown = app.isPackaged && process.env.HUIMIN_WINDOWED !== '1'
    for (const face of FACES) {
      const win = createFaceWindow(face, { preload: preloadPath(mainDir), lockedDown })
      const unsubscribe = services.bus.subscribe(face, (name, payload) => {
        if (!win.isDestroyed()) win.webContents.send('huimin:event', name, payload)
      })
      win.on('closed', unsubscribe)
    }
    process.stdout.write(JSON.stringify({ event: 'ready' }) + '\n')

    let disposed = false
    app.on('before-quit', (event) => {
      if (disposed) return
      event.preventDefault()
      disposed = true
      void services.dispose().finally(() => app.quit())
    })
    app.on('window-all-closed', () => app.quit())
  })
  .catch((e: unknown) => {
    // Anything the steps above did not catch (a window or IPC handler that failed to set up):
    // one line and a non-zero exit, not a running app with no windows.
    process.stderr.write(`huimin: failed to start: ${(e as Error).message}\n`)
    app.exit(1)
  })
