/**
 * The script lock, held only for short read-decide-write sections and never during an
 * HTTP call. Pending sheet writes are flushed before release so the next holder reads
 * what this one wrote.
 */
/** How long the pipeline waits for the script lock. */
export const LOCK_WAIT_MS = 30_000;

export class LockUnavailable extends Error {
  override name = "LockUnavailable";
}

/**
 * Run `fn` holding the script lock. `waitMs` is how long to wait for it; on timeout
 * LockUnavailable is thrown and nothing was done. `flush` = false for sections that write
 * no sheet (Script Properties only), so they cost no spreadsheet call.
 */
export function withScriptLock<T>(waitMs: number, fn: () => T, flush = true): T {
  const lock = LockService.getScriptLock();
  if (!lock.tryLock(waitMs)) throw new LockUnavailable("Lock timeout: another execution held the script lock for too long.");
  try {
    const out = fn();
    if (flush) SpreadsheetApp.flush();
    return out;
  } finally {
    lock.releaseLock();
  }
}
