/**
 * Reading just what is needed: the unsettled leads, the rows a commit is about to write,
 * and duplicate rows of a lead.
 */
import { parseStatus } from "../../core/pipeline";
import { nowMs } from "../env";
import type { LeadsTable } from "../leads";
import { LOCK_WAIT_MS, withScriptLock } from "../lock";
import { log } from "../log";
import { LEAD_COLUMN_DEFS, type LeadColumnKey } from "../schema";
import { flushRows, get, loadRows, patchRow, readColumns, readHeader, sparseTable, text, type Cell, type PendingWrite, type RowPatch } from "../table";
import { hasKeyColumns } from "./sheet";
import { intakeSeq } from "./intake";

type Sheet = GoogleAppsScript.Spreadsheet.Sheet;

/** A lead whose row needs nothing more, judged from the Status and Notified at cells alone. */
function isSettled(statusCell: unknown, notifiedCell: unknown): boolean {
  const status = parseStatus(statusCell);
  if (status === "incomplete") return false; // a manager may complete it: it is graded again
  if (status === "notified") return true;
  return notifiedCell !== undefined && notifiedCell !== null && String(notifiedCell).trim() !== "";
}

/** The leads a drain works on: their rows loaded in `t`, ID → row index. */
export interface View {
  t: LeadsTable;
  rows: Map<string, number>;
  /** 0-based index of the last row the view knows of; rows after it are new. */
  lastRow: number;
  /** INTAKE_SEQ when the view was read. */
  seq: number;
  /** lastRow was read from the sheet under the current lock hold. */
  lastRowFresh?: boolean;
}

/**
 * Find every unsettled lead: one read of the ID/Submitted/Status columns (adjacent by
 * default) and one of Notified at, then only the unsettled rows. Later rows carrying an
 * ID already seen are duplicates (the dedupe index had forgotten the lead): returned apart.
 */
export function scanLeads(sheet: Sheet, header: Cell[]): { view: View; duplicates: number[] } {
  const seq = intakeSeq();
  const t = sparseTable(sheet, header, LEAD_COLUMN_DEFS);
  const view: View = { t, rows: new Map(), lastRow: 0, seq };
  if (!hasKeyColumns(t)) return { view, duplicates: [] };
  const idCol = t.cols.leadId!;
  const statusCol = t.cols.status!;
  const notifiedCol = t.cols.notifiedAt;
  const read = readColumns(sheet, [idCol, statusCol, ...(notifiedCol === undefined ? [] : [notifiedCol])], 2);
  const ids = read.get(idCol) ?? [];
  const statuses = read.get(statusCol) ?? [];
  const notified = notifiedCol === undefined ? [] : read.get(notifiedCol) ?? [];
  const seen = new Set<string>();
  const duplicates: number[] = [];
  for (let i = 0; i < ids.length; i++) {
    const id = String(ids[i] ?? "").trim();
    if (!id) continue;
    const r = i + 1;
    view.lastRow = r;
    if (seen.has(id)) {
      duplicates.push(r);
      continue;
    }
    seen.add(id);
    if (!isSettled(statuses[i], notified[i])) view.rows.set(id, r);
  }
  loadRows(t, Array.from(view.rows.values()));
  return { view, duplicates };
}

/**
 * Re-read under the lock what a commit is about to write: the header (columns may have
 * moved), the rows of `expect` and any rows appended since the view was read. A row that
 * no longer holds its lead (sorted, deleted) is found again by one read of the ID column.
 */
export function reread(prev: View, expect: Map<string, number>): View {
  const sheet = prev.t.sheet;
  const t = sparseTable(sheet, readHeader(sheet), LEAD_COLUMN_DEFS);
  const seq = intakeSeq();
  const view: View = { t, rows: new Map(), lastRow: prev.lastRow, seq };
  if (!hasKeyColumns(t)) return view;
  if (seq !== prev.seq) {
    view.lastRow = Math.max(prev.lastRow, sheet.getLastRow() - 1);
    view.lastRowFresh = true;
  }
  const want = Array.from(expect.values());
  for (let r = prev.lastRow + 1; r <= view.lastRow; r++) want.push(r);
  loadRows(t, want);
  let moved = false;
  expect.forEach((r, id) => {
    if (text(t, r, "leadId") !== id) moved = true;
  });
  if (moved) {
    const ids = readColumns(sheet, [t.cols.leadId!], 2).get(t.cols.leadId!) ?? [];
    const where = new Map<string, number>();
    for (let i = 0; i < ids.length; i++) {
      const id = String(ids[i] ?? "").trim();
      if (id && !where.has(id)) where.set(id, i + 1);
      if (id) view.lastRow = Math.max(view.lastRow, i + 1);
    }
    const missing: number[] = [];
    expect.forEach((_r, id) => {
      const r = where.get(id);
      if (r !== undefined && text(t, r, "leadId") !== id) missing.push(r);
    });
    for (let r = prev.lastRow + 1; r <= view.lastRow; r++) if (t.values[r] === undefined) missing.push(r);
    loadRows(t, missing);
  }
  // Every loaded row that holds a lead, first occurrence winning.
  for (let r = 1; r < t.values.length; r++) {
    if (t.values[r] === undefined) continue;
    const id = text(t, r, "leadId");
    if (id && !view.rows.has(id)) view.rows.set(id, r);
  }
  return view;
}

/** The unsettled leads among a view's rows (settled ones drop out of the drain). */
export function unsettled(view: View): Map<string, number> {
  const out = new Map<string, number>();
  view.rows.forEach((r, id) => {
    if (!isSettled(get(view.t, r, "status"), get(view.t, r, "notifiedAt"))) out.set(id, r);
  });
  return out;
}

/** Rename later copies of a lead ID (the dedupe index had forgotten the lead) so only the first row is ever processed. */
export function settleDuplicates(sheet: Sheet, duplicates: number[]): void {
  if (!duplicates.length) return;
  withScriptLock(LOCK_WAIT_MS, () => {
    const t = sparseTable(sheet, readHeader(sheet), LEAD_COLUMN_DEFS);
    if (!hasKeyColumns(t)) return;
    const ids = readColumns(sheet, [t.cols.leadId!], 2).get(t.cols.leadId!) ?? [];
    const seen = new Map<string, number>();
    const dups: number[] = [];
    ids.forEach((c, i) => {
      const id = String(c ?? "").trim();
      if (!id) return;
      if (seen.has(id)) dups.push(i + 1);
      else seen.set(id, i + 1);
    });
    loadRows(t, dups);
    const at = new Date(nowMs());
    const writes: PendingWrite[] = [];
    for (const r of dups) {
      const id = text(t, r, "leadId");
      const patch: RowPatch<LeadColumnKey> = { leadId: `${id} (duplicate)`, status: "needs-attention", notifiedAt: at, error: `Duplicate of lead ${id} in row ${seen.get(id)! + 1}; this row is ignored.` };
      writes.push({ rowIndex: r, touched: patchRow(t, r, patch) });
      log(id, "intake", "warning", `duplicate row ${r + 1} of this lead marked and ignored`);
    }
    flushRows(t, writes);
  });
}
