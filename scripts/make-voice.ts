import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { messages } from '../electron/common/i18n'
import { SPOKEN_AMOUNT_CHARACTERS } from '../electron/common/speech/spoken-amount'
import { SPOKEN_KEYS, SPOKEN_OVERRIDES, clipForCharacter, clipForKey } from '../electron/common/speech/voice-prompts'

/**
 * `npm run voice`: regenerates the kiosk's spoken prompts from the i18n table
 * with Debian's espeak-ng (Mandarin voice) and oggenc, into resources/audio/zh/.
 * The clips are committed, so neither tool is needed to run or test the app.
 */
const resources = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'resources')
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'huimin-voice-'))

function speak(text: string, relativeOut: string): void {
  const wav = path.join(tmp, 'clip.wav')
  const out = path.join(resources, relativeOut)
  fs.mkdirSync(path.dirname(out), { recursive: true })
  execFileSync('espeak-ng', ['-v', 'cmn', '-s', '125', '-w', wav, text])
  execFileSync('oggenc', ['--quiet', '-q', '1', '--resample', '16000', '-o', out, wav])
}

const table = messages as Record<string, { zh: string } | undefined>
for (const key of SPOKEN_KEYS) {
  const text = SPOKEN_OVERRIDES[key] ?? table[key]?.zh
  if (!text) throw new Error(`No Chinese text for spoken key ${key}`)
  speak(text, clipForKey(key))
}
for (const ch of SPOKEN_AMOUNT_CHARACTERS) speak(ch, clipForCharacter(ch))
fs.rmSync(tmp, { recursive: true, force: true })
console.log(`wrote ${SPOKEN_KEYS.length + SPOKEN_AMOUNT_CHARACTERS.length} clips to resources/audio/zh`)
