import { onMounted, onUnmounted } from 'vue'

/**
 * HID barcode scanners type a whole code at a few milliseconds per key, then
 * Enter. Judged on the average pace of the whole code, not on each gap: the
 * browser may deliver a key late when the machine is busy (a single gap of a
 * few hundred ms), and a code must not be cut in two because of it.
 */
const MAX_AVERAGE_GAP_MS = 80
/** A pause this long means the keys before it were not part of this code. */
const RESET_AFTER_MS = 1000
const MIN_LENGTH = 8

/**
 * Collects keystrokes that arrive at scanner pace while no text field has
 * focus, and hands the code over on Enter. Typing into the trace input goes
 * to that input instead (its form handles Enter itself).
 */
export function useScannerInput(onCode: (code: string) => void): void {
  let buffer = ''
  let first = 0
  let last = 0
  const onKey = (e: KeyboardEvent) => {
    const target = e.target as HTMLElement | null
    if (target && (target.tagName === 'INPUT' || target.tagName === 'TEXTAREA')) return
    const now = performance.now()
    if (now - last > RESET_AFTER_MS) buffer = ''
    last = now
    if (e.key === 'Enter') {
      const averageGap = buffer.length > 1 ? (now - first) / buffer.length : Infinity
      if (buffer.length >= MIN_LENGTH && averageGap <= MAX_AVERAGE_GAP_MS) onCode(buffer)
      buffer = ''
    } else if (e.key.length === 1) {
      if (buffer === '') first = now
      buffer += e.key
    }
  }
  onMounted(() => window.addEventListener('keydown', onKey))
  onUnmounted(() => window.removeEventListener('keydown', onKey))
}
