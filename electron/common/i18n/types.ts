export const LOCALES = ['zh', 'en'] as const
export type Locale = (typeof LOCALES)[number]

/** One entry per message key: Simplified Chinese first, English second. */
export type Messages = Record<string, { zh: string; en: string }>
