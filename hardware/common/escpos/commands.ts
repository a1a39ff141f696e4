/**
 * ESC/POS command bytes, one builder per command. Pure: no Node, no I/O.
 * Reference: shared/hardware-protocols.md §3.
 */

export const ESC = 0x1b
export const GS = 0x1d
export const FS = 0x1c
export const DLE = 0x10
export const EOT = 0x04
export const LF = 0x0a

export type Align = 'left' | 'center' | 'right'
export type QrErrorCorrection = 'L' | 'M' | 'Q' | 'H'

const ALIGN_CODE: Record<Align, number> = { left: 0, center: 1, right: 2 }
const EC_CODE: Record<QrErrorCorrection, number> = { L: 48, M: 49, Q: 50, H: 51 }

function assertInt(name: string, value: number, min: number, max: number): void {
  if (!Number.isInteger(value) || value < min || value > max) throw new RangeError(`${name} must be an integer ${min}..${max}, got ${value}`)
}

/** `ESC @`: clears the buffer and restores power-on modes. */
export const initialize = (): number[] => [ESC, 0x40]
/** `FS &`: Chinese (GB) mode on: bytes >= 0x80 are read as GB18030 2-byte codes. */
export const chineseModeOn = (): number[] => [FS, 0x26]
/** `FS .`: Chinese mode off (single-byte code page). */
export const chineseModeOff = (): number[] => [FS, 0x2e]
/** `ESC E n`: bold on/off. */
export const bold = (on: boolean): number[] => [ESC, 0x45, on ? 1 : 0]
/** `ESC - n`: underline off/1-dot. */
export const underline = (on: boolean): number[] => [ESC, 0x2d, on ? 1 : 0]
/** `ESC a n`: alignment; acts only at the start of a line. */
export const align = (a: Align): number[] => [ESC, 0x61, ALIGN_CODE[a]]

/** `GS ! n`: character size, width and height multipliers 1..8. */
export function characterSize(width: number, height: number): number[] {
  assertInt('width', width, 1, 8)
  assertInt('height', height, 1, 8)
  return [GS, 0x21, ((width - 1) << 4) | (height - 1)]
}

/** `ESC d n`: print the buffer and feed n lines. */
export function feedLines(n: number): number[] {
  assertInt('feed lines', n, 0, 255)
  return [ESC, 0x64, n]
}

/** `GS V 66 n`: feed to the cutter plus n dots, then cut (partial is the safe default: some models only partial-cut). */
export function feedAndCut(partial: boolean, extraDots = 0): number[] {
  assertInt('cut feed', extraDots, 0, 255)
  return [GS, 0x56, partial ? 0x42 : 0x41, extraDots]
}

/** `DLE EOT n`: real-time status request; the printer answers one byte. */
export function statusRequest(n: 1 | 2 | 3 | 4): number[] {
  return [DLE, EOT, n]
}

/** `GS ( k` function with the given body (cn=49 for QR), little-endian length. */
function qrFunction(body: number[]): number[] {
  const len = body.length
  return [GS, 0x28, 0x6b, len & 0xff, len >> 8, ...body]
}

/**
 * Native QR (model 2): select model, module size, error correction, store the
 * payload, print it. The payload must already be bytes (ASCII for trace codes).
 */
export function nativeQr(payload: Uint8Array, moduleSize: number, ec: QrErrorCorrection): number[] {
  assertInt('QR module size', moduleSize, 1, 16)
  if (payload.length === 0 || payload.length > 7089) throw new RangeError(`QR payload must be 1..7089 bytes, got ${payload.length}`)
  return [
    ...qrFunction([0x31, 0x41, 50, 0]), // Fn165 model 2
    ...qrFunction([0x31, 0x43, moduleSize]), // Fn167 module size
    ...qrFunction([0x31, 0x45, EC_CODE[ec]]), // Fn169 error correction
    ...qrFunction([0x31, 0x50, 0x30, ...payload]), // Fn180 store
    ...qrFunction([0x31, 0x51, 0x30]), // Fn181 print
  ]
}

/**
 * `GS v 0 m xL xH yL yH data`: raster bit image, normal density. Rows top to
 * bottom, bit 7 = left pixel, 1 = black. Must start on an empty line buffer.
 */
export function rasterImage(widthBytes: number, height: number, data: Uint8Array): Uint8Array {
  assertInt('raster width bytes', widthBytes, 1, 0xffff)
  assertInt('raster height', height, 1, 0xffff)
  if (data.length !== widthBytes * height) throw new RangeError(`raster data is ${data.length} bytes, expected ${widthBytes}×${height}`)
  const out = new Uint8Array(8 + data.length)
  out.set([GS, 0x76, 0x30, 0, widthBytes & 0xff, widthBytes >> 8, height & 0xff, height >> 8])
  out.set(data, 8)
  return out
}

export const EC_LEVEL_BY_CODE: Record<number, QrErrorCorrection> = { 48: 'L', 49: 'M', 50: 'Q', 51: 'H' }
