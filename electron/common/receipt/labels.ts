import { printerMessages } from '../i18n/messages/printer'

type PrinterKey = keyof typeof printerMessages

/** The printed (Chinese) wording of a receipt label from the i18n table. */
export const printed = (key: PrinterKey): string => printerMessages[key].zh
/** A township as people know it: its name, the code beside it; the code alone when no name is known. */
export function townshipLabel(code: string, options: { placeName?: (code: string) => string | null }): string {
  const name = options.placeName?.(code)
  return name ? `${name} ${code}` : code
}

/** A terminal as the hall knows it: its name, then the start of its address (which the ledger shows); the address alone without a name. */
export function terminalLabel(address: string, name: string | null): string {
  const short = address.slice(0, 10)
  return name ? `${name} ${short}` : short
}

/** Chinese and English on one line, for titles: "惠民补贴领取凭证" + "Relief Payment Receipt". */
export const english = (key: PrinterKey): string => printerMessages[key].en
