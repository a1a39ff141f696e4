/** Error codes that mean "no space left": SQLite's SQLITE_FULL, the OS's ENOSPC, a quota's EDQUOT. */
const FULL_CODES = new Set(['SQLITE_FULL', 'ENOSPC', 'EDQUOT'])

/** The app's error code for a write refused for lack of space; the kiosk says 存储空间不足，请联系工作人员. */
export const STORAGE_FULL = 'STORAGE_FULL'

/** Did this error come from a full disk (a better-sqlite3 SqliteError or a Node errno error)? */
export function isStorageFull(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code
  return typeof code === 'string' && FULL_CODES.has(code)
}
