import QRCode from 'qrcode'
import type { QrErrorCorrection } from './commands'

export interface Bitmap {
  widthBytes: number
  height: number
  /** Rows top to bottom, bit 7 = leftmost pixel, 1 = black. */
  data: Uint8Array
}

/**
 * A QR code as a 1-bit bitmap for printers without native QR (`GS ( k`):
 * the qrcode library computes the modules, each module becomes a
 * `moduleSize`-dot square, with a 4-module quiet zone.
 */
export function qrBitmap(payload: string, moduleSize: number, errorCorrection: QrErrorCorrection): Bitmap {
  const qr = QRCode.create(payload, { errorCorrectionLevel: errorCorrection })
  const modules = qr.modules.size
  const quiet = 4
  const dots = (modules + 2 * quiet) * moduleSize
  const widthBytes = Math.ceil(dots / 8)
  const data = new Uint8Array(widthBytes * dots)
  for (let my = 0; my < modules; my++)
    for (let mx = 0; mx < modules; mx++) {
      if (!qr.modules.get(my, mx)) continue
      for (let dy = 0; dy < moduleSize; dy++) {
        const y = (my + quiet) * moduleSize + dy
        for (let dx = 0; dx < moduleSize; dx++) {
          const x = (mx + quiet) * moduleSize + dx
          data[y * widthBytes + (x >> 3)]! |= 0x80 >> (x & 7)
        }
      }
    }
  return { widthBytes, height: dots, data }
}
