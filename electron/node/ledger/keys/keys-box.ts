/**
 * The box the terminal's keys are sealed with, from the box the shell's key
 * custody accepted (key-custody.ts) and HUIMIN_KEY_SECRET:
 * - an accepted OS keychain box seals; the scrypt box, when its secret is
 *   set, only opens keys a browser host sealed in the same data dir, once,
 *   so the keychain seals them again;
 * - with none accepted (browser host, or safeStorage refused) the scrypt box
 *   seals and no other box is involved, so keys it protects are never sealed
 *   again with a weaker one.
 */
import { AppError } from '../../../common/result'
import { type SecretBox, ScryptSecretBox } from './secret-box'

export function keysBox(keySecret: string | null, accepted?: SecretBox): SecretBox {
  if (!accepted) {
    if (!keySecret) throw new AppError('E_CONFIG', 'HUIMIN_KEY_SECRET is required outside demo mode (or run inside Electron with an OS keychain)')
    return new ScryptSecretBox(keySecret)
  }
  if (!keySecret) return accepted
  const scrypt = new ScryptSecretBox(keySecret)
  if (accepted.kind === scrypt.kind) return accepted
  return { kind: accepted.kind, seal: (plain) => accepted.seal(plain), open: (sealed) => accepted.open(sealed), earlier: [scrypt] }
}
