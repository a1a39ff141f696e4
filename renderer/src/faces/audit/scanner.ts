import { onMounted, onUnmounted } from 'vue'

/** HID barcode scanners type a whole code in a few milliseconds per key, then Enter. */
const MAX_GAP_MS = 60
const MIN_LENGTH = 8

/**
 * Collects keystrokes that arrive at scanner speed while no text field has
 * focus, and hands the code over on Enter. Typing into the trace input goes
 * to that input instead (its form handles Enter itself).
 */
export function useScannerInput(onCode: (code: string) => void): void {
  let buffer = ''
  let last = 0
  const onKey = (e: KeyboardEvent) => {
    const target = e.target as HTMLElement | null
    if (target && (target.tagName === 'INPUT' || target.tagName === 'TEXTAREA')) return
    const now = performance.now()
    if (now - last > MAX_GAP_MS) buffer = ''
    last = now
    if (e.key === 'Enter') {
      if (buffer.length >= MIN_LENGTH) onCode(buffer)
      buffer = ''
    } else if (e.key.length === 1) buffer += e.key
  }
  onMounted(() => window.addEventListener('keydown', onKey))
  onUnmounted(() => window.removeEventListener('keydown', onKey))
}
