/**
 * Menu and API actions on single rows of the Leads sheet.
 */
import { PROP, scriptProps } from "../env";
import { LOCK_WAIT_MS, withScriptLock } from "../lock";
import { log } from "../log";
import { LEAD_COLUMN_DEFS } from "../schema";
import { flushRows, get, indexBy, patchRow, text, type PendingWrite } from "../table";
import { readLeads } from "./sheet";

/** Regrade selected rows: back to new, keeping the owner; the owner is told again after the new analysis. */
export function resetForRegrade(ids: readonly string[]): number {
  if (!ids.length) return 0;
  return withScriptLock(LOCK_WAIT_MS, () => {
    const t = readLeads();
    const idx = indexBy(t, "leadId");
    const writes: PendingWrite[] = [];
    for (const id of ids) {
      const r = idx.get(id);
      if (r === undefined) continue;
      writes.push({ rowIndex: r, touched: patchRow(t, r, { status: "new", attempts: 0, error: "", retryAt: "", notifiedAt: "", notifyAfter: "" }) });
      log(id, "regrade", "ok", "reset to new");
    }
    flushRows(t, writes);
    const props = scriptProps();
    for (const id of ids) props.deleteProperty(PROP.sentPrefix + id);
    return writes.length;
  });
}

/** A lead's row as plain JSON (dates as ISO text), keyed by column key; undefined when absent. */
export function rowById(id: string): Record<string, string | number | boolean> | undefined {
  const t = readLeads();
  const r = indexBy(t, "leadId").get(id);
  if (r === undefined) return undefined;
  const out: Record<string, string | number | boolean> = {};
  for (const def of LEAD_COLUMN_DEFS) {
    const v = get(t, r, def.key);
    out[def.key] = v instanceof Date || Object.prototype.toString.call(v) === "[object Date]" ? (v as Date).toISOString() : (v as string | number | boolean);
  }
  return out;
}

/** Lead IDs of sheet rows [firstRow, firstRow + count) of the Leads sheet (header excluded). */
export function indexForRows(firstRow: number, count: number): string[] {
  const t = readLeads();
  const ids: string[] = [];
  for (let r = Math.max(firstRow, 2); r < firstRow + count && r <= t.values.length; r++) {
    const id = text(t, r - 1, "leadId");
    if (id) ids.push(id);
  }
  return ids;
}
