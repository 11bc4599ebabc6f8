/**
 * A sheet read once into memory, columns found by header, rows by a key column. Writes
 * go out as few setValues calls as possible: rows are patched in memory, then each run
 * of consecutive rows is written in one call per span of the app's own columns (a
 * manager's own columns between them are never overwritten, so their formulas survive).
 */
import { mapColumns, type ColumnDef } from "./schema";

type Sheet = GoogleAppsScript.Spreadsheet.Sheet;
export type Cell = string | number | boolean | Date;

export interface Table<K extends string> {
  sheet: Sheet;
  /** All values including the header row at [0]. */
  values: Cell[][];
  cols: Partial<Record<K, number>>;
  defs: readonly ColumnDef<K>[];
}

/** One getDataRange().getValues(). An empty sheet gives just a (blank) header. */
export function readTable<K extends string>(sheet: Sheet, defs: readonly ColumnDef<K>[]): Table<K> {
  const values = sheet.getDataRange().getValues() as Cell[][];
  const header = values[0] ?? [];
  return { sheet, values, cols: mapColumns(header, defs), defs };
}

export function width<K extends string>(t: Table<K>): number {
  return Math.max(t.values[0]?.length ?? 0, 1);
}

export function get<K extends string>(t: Table<K>, rowIndex: number, key: K): Cell {
  const c = t.cols[key];
  if (c === undefined) return "";
  const v = t.values[rowIndex]?.[c];
  return v === undefined || v === null ? "" : v;
}

export function text<K extends string>(t: Table<K>, rowIndex: number, key: K): string {
  const v = get(t, rowIndex, key);
  if (v instanceof Date || Object.prototype.toString.call(v) === "[object Date]") return (v as Date).toISOString();
  return String(v).trim();
}

/** Epoch ms of a date cell (a Date, an ISO/number text), undefined when blank or unreadable. */
export function timeOf<K extends string>(t: Table<K>, rowIndex: number, key: K): number | undefined {
  const v = get(t, rowIndex, key);
  if (v === "") return undefined;
  if (v instanceof Date || Object.prototype.toString.call(v) === "[object Date]") {
    const ms = (v as Date).getTime();
    return isNaN(ms) ? undefined : ms;
  }
  if (typeof v === "number") return undefined;
  const ms = Date.parse(String(v));
  return isNaN(ms) ? undefined : ms;
}

export function numberOf<K extends string>(t: Table<K>, rowIndex: number, key: K): number | undefined {
  const v = get(t, rowIndex, key);
  if (typeof v === "number") return isFinite(v) ? v : undefined;
  const s = String(v).trim();
  if (s === "") return undefined;
  const n = Number(s);
  return isFinite(n) ? n : undefined;
}

/** Row index (into values) by key cell; the first occurrence wins. */
export function indexBy<K extends string>(t: Table<K>, key: K): Map<string, number> {
  const m = new Map<string, number>();
  const c = t.cols[key];
  if (c === undefined) return m;
  for (let i = 1; i < t.values.length; i++) {
    const id = String(t.values[i][c] ?? "").trim();
    if (id && !m.has(id)) m.set(id, i);
  }
  return m;
}

export type RowPatch<K extends string> = Partial<Record<K, Cell>>;

/** Apply a patch in memory and return the column indexes it touched. */
export function patchRow<K extends string>(t: Table<K>, rowIndex: number, patch: RowPatch<K>): number[] {
  const row = t.values[rowIndex];
  const touched: number[] = [];
  for (const k of Object.keys(patch) as K[]) {
    const c = t.cols[k];
    if (c === undefined) continue;
    const v = patch[k];
    row[c] = v === undefined || v === null ? "" : (v as Cell);
    touched.push(c);
  }
  return touched;
}

/** A row laid out for this sheet's columns (unknown columns blank). */
export function rowFrom<K extends string>(t: Table<K>, record: RowPatch<K>): Cell[] {
  const row: Cell[] = new Array(width(t)).fill("");
  for (const k of Object.keys(record) as K[]) {
    const c = t.cols[k];
    if (c !== undefined) row[c] = record[k] ?? "";
  }
  return row;
}

/** Column spans [start, end] (0-based, inclusive) covering `touched` without crossing columns the app does not own. */
export function spansFor(touched: readonly number[], owned: ReadonlySet<number>): [number, number][] {
  const cols = Array.from(new Set(touched)).sort((a, b) => a - b);
  const spans: [number, number][] = [];
  for (const c of cols) {
    const last = spans[spans.length - 1];
    if (last) {
      let ok = true;
      for (let x = last[1] + 1; x < c; x++) if (!owned.has(x)) { ok = false; break; }
      if (ok) { last[1] = c; continue; }
    }
    spans.push([c, c]);
  }
  return spans;
}

export interface PendingWrite {
  rowIndex: number;
  touched: number[];
}

/**
 * Write patched rows back. Each run of consecutive rows is written with one setValues per
 * span of the app's columns covering every column touched in that run; cells in the span
 * that were not patched are written back with the values just read (the caller holds the
 * script lock, so they are current). Returns the number of setValues calls made.
 */
export function flushRows<K extends string>(t: Table<K>, writes: readonly PendingWrite[]): number {
  if (!writes.length) return 0;
  const owned = new Set<number>(Object.values(t.cols) as number[]);
  const byRow = new Map<number, number[]>();
  for (const w of writes) byRow.set(w.rowIndex, (byRow.get(w.rowIndex) ?? []).concat(w.touched));
  const rows = Array.from(byRow.keys()).sort((a, b) => a - b);
  let calls = 0;
  let i = 0;
  while (i < rows.length) {
    let j = i + 1;
    while (j < rows.length && rows[j] === rows[j - 1] + 1) j++;
    const touched: number[] = [];
    for (let k = i; k < j; k++) touched.push(...byRow.get(rows[k])!);
    for (const [a, b] of spansFor(touched, owned)) {
      const block = rows.slice(i, j).map((r) => padRow(t.values[r], b + 1).slice(a, b + 1));
      t.sheet.getRange(rows[i] + 1, a + 1, j - i, b - a + 1).setValues(block);
      calls++;
    }
    i = j;
  }
  return calls;
}

function padRow(row: Cell[], length: number): Cell[] {
  while (row.length < length) row.push("");
  return row;
}

/** "A", "B", … "AA" for a 1-based column number. */
export function columnLetters(column: number): string {
  let n = column;
  let out = "";
  while (n > 0) {
    const m = (n - 1) % 26;
    out = String.fromCharCode(65 + m) + out;
    n = Math.floor((n - 1) / 26);
  }
  return out;
}

/** The header row (one read of row 1), without trailing blank cells. */
export function readHeader(sheet: Sheet): Cell[] {
  const row = (sheet.getRange("1:1").getValues()[0] ?? []) as Cell[];
  let n = row.length;
  while (n > 0 && String(row[n - 1] ?? "").trim() === "") n--;
  return row.slice(0, n);
}

/** A table that holds only the header: rows are loaded on demand (loadRows), the rest stay holes. */
export function sparseTable<K extends string>(sheet: Sheet, header: Cell[], defs: readonly ColumnDef<K>[]): Table<K> {
  return { sheet, values: [header], cols: mapColumns(header, defs), defs };
}

/**
 * Read whole columns (0-based indexes) from sheet row `fromRow` (1-based) to the end of
 * the grid: nearby columns share one read, so Lead ID, Submitted at and Status (adjacent
 * by default) cost one getValues. Result: column index → cells, index 0 = `fromRow`.
 */
export function readColumns(sheet: Sheet, cols: readonly number[], fromRow: number, maxGap = 3): Map<number, Cell[]> {
  const out = new Map<number, Cell[]>();
  const sorted = Array.from(new Set(cols)).sort((a, b) => a - b);
  const spans: [number, number][] = [];
  for (const c of sorted) {
    const last = spans[spans.length - 1];
    if (last && c - last[1] <= maxGap) last[1] = c;
    else spans.push([c, c]);
  }
  for (const [a, b] of spans) {
    let values: Cell[][];
    try {
      values = sheet.getRange(`${columnLetters(a + 1)}${fromRow}:${columnLetters(b + 1)}`).getValues() as Cell[][];
    } catch (_e) {
      values = []; // no rows below the header
    }
    for (const c of sorted) if (c >= a && c <= b) out.set(c, values.map((r) => r[c - a]));
  }
  return out;
}

/**
 * Load rows (0-based indexes into t.values) in full width; rows close together are read
 * as one block (a few unwanted rows are cheaper than another call).
 */
export function loadRows<K extends string>(t: Table<K>, rowIndexes: readonly number[], maxGap = 25): void {
  const rows = Array.from(new Set(rowIndexes)).filter((r) => r >= 1).sort((a, b) => a - b);
  const w = width(t);
  let i = 0;
  while (i < rows.length) {
    let j = i + 1;
    while (j < rows.length && rows[j] - rows[j - 1] <= maxGap) j++;
    const first = rows[i];
    const count = rows[j - 1] - first + 1;
    const block = t.sheet.getRange(first + 1, 1, count, w).getValues() as Cell[][];
    block.forEach((row, k) => {
      t.values[first + k] = row;
    });
    i = j;
  }
}

/**
 * Append rows at the bottom in one call. Rows the app pre-formatted (setup keeps spare
 * formatted rows) keep their "@" text format, so nothing typed by a lead is parsed.
 */
export function appendRows<K extends string>(t: Table<K>, records: readonly RowPatch<K>[]): number[] {
  if (!records.length) return [];
  const rows = records.map((r) => rowFrom(t, r));
  const first = t.values.length; // 0-based index of the first new row == its 1-based sheet row - 1
  if (rows.length === 1) {
    t.sheet.appendRow(rows[0]);
  } else {
    const needed = first + rows.length;
    const max = t.sheet.getMaxRows();
    if (needed > max) t.sheet.insertRowsAfter(max, needed - max);
    t.sheet.getRange(first + 1, 1, rows.length, rows[0].length).setValues(rows);
  }
  const out: number[] = [];
  for (const r of rows) {
    t.values.push(r);
    out.push(t.values.length - 1);
  }
  return out;
}
