/**
 * The box the terminal's keys are sealed with, from the box the shell's key
 * custody accepted (key-custody.ts) and HUIMIN_KEY_SECRET:
 * - an accepted OS keychain box seals; the scrypt box, when its secret is
 *   set, only opens keys a browser host sealed in the same data dir, once,
 *   so the keychain seals them again;
 * - with none accepted (browser host, or safeStorage refused) the scrypt box
 *   seals, so keys it protects are never sealed again with a weaker one. A
 *   refused safeStorage box (Linux basic_text) that sealed keys before it was
 *   refused only opens them, once, so the scrypt box seals them again.
 */
import { AppError } from '../../../common/result'
import { type SecretBox, ScryptSecretBox } from './secret-box'

export function keysBox(keySecret: string | null, accepted?: SecretBox, refused?: SecretBox): SecretBox {
  if (!accepted) {
    if (!keySecret) throw new AppError('CONFIG_INVALID', 'HUIMIN_KEY_SECRET is required outside demo mode (or run inside Electron with an OS keychain)')
    return openingAlso(new ScryptSecretBox(keySecret), refused)
  }
  if (!keySecret) return accepted
  const scrypt = new ScryptSecretBox(keySecret)
  if (accepted.kind === scrypt.kind) return accepted
  return openingAlso(accepted, scrypt)
}

/** `box`, which also opens (never seals) what `earlier` sealed. */
function openingAlso(box: SecretBox, earlier: SecretBox | undefined): SecretBox {
  if (!earlier || earlier.kind === box.kind) return box
  return { kind: box.kind, seal: (plain) => box.seal(plain), open: (sealed) => box.open(sealed), earlier: [earlier] }
}
