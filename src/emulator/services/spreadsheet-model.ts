/**
 * The persistent spreadsheet data (world.state.spreadsheet): spreadsheets, sheets and their
 * cell grids. Grids are sparse arrays of row arrays so that a 20,000×40 getValues is a
 * couple of array copies, not 800,000 object look-ups.
 */
import type { World } from "../contract";
import { GasException } from "../contract";
import type { CellValue } from "./spreadsheet-values";
import { serviceState } from "./shared";

/** A sparse 2-D store, 0-based. Unset cells are `undefined`. */
export class Grid<T> {
  rows: ((T | undefined)[] | undefined)[] = [];

  get(r: number, c: number): T | undefined {
    const row = this.rows[r];
    return row === undefined ? undefined : row[c];
  }

  set(r: number, c: number, v: T | undefined): void {
    let row = this.rows[r];
    if (row === undefined) {
      if (v === undefined) return;
      row = this.rows[r] = [];
    }
    row[c] = v;
  }

  /** Insert n empty rows before row `at`; when `copyFrom` is given, the new rows copy that row. */
  insertRows(at: number, n: number, copyFrom?: number): void {
    // Array literals, not splice(...spread): n may exceed the engine's argument limit.
    if (at < this.rows.length) this.rows = [...this.rows.slice(0, at), ...new Array<undefined>(n), ...this.rows.slice(at)];
    if (copyFrom !== undefined) {
      const src = this.rows[copyFrom >= at ? copyFrom + n : copyFrom];
      if (src) for (let i = 0; i < n; i++) this.rows[at + i] = src.slice();
    }
  }

  deleteRows(at: number, n: number): void {
    if (at < this.rows.length) this.rows.splice(at, n);
  }

  insertColumns(at: number, n: number, copyFrom?: number): void {
    for (let r = 0; r < this.rows.length; r++) {
      let row = this.rows[r];
      if (!row) continue;
      if (at < row.length) this.rows[r] = row = [...row.slice(0, at), ...new Array<undefined>(n), ...row.slice(at)];
      if (copyFrom !== undefined) {
        const v = row[copyFrom >= at ? copyFrom + n : copyFrom];
        if (v !== undefined) for (let i = 0; i < n; i++) row[at + i] = v;
      }
    }
  }

  deleteColumns(at: number, n: number): void {
    for (const row of this.rows) if (row && at < row.length) row.splice(at, n);
  }

  clearRect(r0: number, c0: number, nr: number, nc: number): void {
    const rEnd = Math.min(r0 + nr, this.rows.length);
    for (let r = r0; r < rEnd; r++) {
      const row = this.rows[r];
      if (!row) continue;
      const cEnd = Math.min(c0 + nc, row.length);
      for (let c = c0; c < cEnd; c++) row[c] = undefined;
    }
  }

  /** 1-based index of the last row holding anything, 0 if none. */
  lastRow(isContent: (v: T) => boolean = () => true): number {
    for (let r = this.rows.length - 1; r >= 0; r--) {
      const row = this.rows[r];
      if (row && row.some((v) => v !== undefined && isContent(v))) return r + 1;
    }
    return 0;
  }

  /** 1-based index of the last column holding anything, 0 if none. */
  lastColumn(isContent: (v: T) => boolean = () => true): number {
    let last = 0;
    for (const row of this.rows) {
      if (!row) continue;
      for (let c = row.length - 1; c >= last; c--) {
        const v = row[c];
        if (v !== undefined && isContent(v)) {
          last = c + 1;
          break;
        }
      }
    }
    return last;
  }

  /** Reorder rows r0..r0+order.length-1 so that new row i is old row order[i]. */
  permuteRows(r0: number, order: number[]): void {
    const old = order.map((_, i) => this.rows[r0 + i]);
    order.forEach((from, i) => {
      const row = old[from];
      if (row === undefined) delete this.rows[r0 + i];
      else this.rows[r0 + i] = row;
    });
  }

  /** Reorder columns c0.. within rows r0..r0+nr-1 (cells only; used by Range.sort). */
  permuteRowCells(r0: number, c0: number, nc: number, order: number[]): void {
    const old = order.map((_, i) => this.rows[r0 + i]?.slice(c0, c0 + nc));
    order.forEach((from, i) => {
      const src = old[from];
      if (!src && !this.rows[r0 + i]) return;
      for (let c = 0; c < nc; c++) this.set(r0 + i, c0 + c, src?.[c]);
    });
  }

  clone(): Grid<T> {
    const g = new Grid<T>();
    g.rows = this.rows.map((row) => (row ? row.slice() : row));
    return g;
  }
}

/** A built data-validation rule (immutable; shared by every cell it was applied to). */
export interface ValidationRule {
  criteria: string; // SpreadsheetApp.DataValidationCriteria name
  args: unknown[];
  allowInvalid: boolean;
  helpText: string;
}

/** Style attributes kept per cell, with what an untouched cell reports. */
export const STYLE_DEFAULTS = {
  fontWeight: "normal",
  fontStyle: "normal",
  fontColor: "#000000",
  background: "#ffffff",
  wrap: true,
  horizontalAlignment: "general",
  note: "",
} as const;
export type StyleName = keyof typeof STYLE_DEFAULTS;

export interface SheetData {
  sheetId: number;
  name: string;
  maxRows: number;
  maxColumns: number;
  values: Grid<CellValue>;
  formulas: Grid<string>;
  numberFormats: Grid<string>;
  validations: Grid<ValidationRule>;
  styles: Map<StyleName, Grid<unknown>>;
  frozenRows: number;
  frozenColumns: number;
  /** 1-based column → width in pixels (default 100). */
  columnWidths: Map<number, number>;
  hiddenColumns: Set<number>;
  hiddenRowsByUser: Set<number>;
  /** Rows hidden by a filter (host helper filterRows); 1-based. */
  hiddenRowsByFilter: Set<number>;
  /** A1 notation of the filter range, if a filter is on. */
  filterA1: string | null;
}

export interface Selection {
  sheetId: number;
  /** 1-based; the active range. */
  row: number;
  column: number;
  numRows: number;
  numColumns: number;
}

export interface SpreadsheetData {
  id: string;
  name: string;
  timeZone: string;
  locale: string;
  sheets: SheetData[];
  nextSheetId: number;
  activeSheetId: number;
  selection: Selection | null;
  /** Named ranges: name → {sheetId, a1}. */
  namedRanges: Map<string, { sheetId: number; a1: string }>;
  toasts: { at: number; message: string; title: string }[];
}

export interface UiRecord {
  kind: "sidebar" | "modalDialog" | "modelessDialog" | "alert" | "prompt" | "menu";
  at: number;
  executionId: string;
  title?: string;
  content?: string;
  /** For menus: the items [caption, functionName] ("" caption = separator). */
  items?: [string, string][];
}

export interface SpreadsheetState {
  spreadsheets: Map<string, SpreadsheetData>;
  timeZone: string;
  userEmail: string;
  idCounter: number;
  /** Scripted answers for Ui.alert / Ui.prompt, consumed in order; default is OK / "" . */
  uiResponses: { alerts: string[]; prompts: { button: string; text: string }[] };
  /** Everything shown through Ui (sidebars, dialogs, alerts, menus), for tests. */
  uiLog: UiRecord[];
}

export const DEFAULT_ROWS = 1000;
export const DEFAULT_COLUMNS = 26;
export const DEFAULT_COLUMN_WIDTH = 100;

export function newSheetData(sheetId: number, name: string, rows = DEFAULT_ROWS, columns = DEFAULT_COLUMNS): SheetData {
  return {
    sheetId,
    name,
    maxRows: rows,
    maxColumns: columns,
    values: new Grid(),
    formulas: new Grid(),
    numberFormats: new Grid(),
    validations: new Grid(),
    styles: new Map(),
    frozenRows: 0,
    frozenColumns: 0,
    columnWidths: new Map(),
    hiddenColumns: new Set(),
    hiddenRowsByUser: new Set(),
    hiddenRowsByFilter: new Set(),
    filterA1: null,
  };
}

export function styleGrid(sheet: SheetData, name: StyleName): Grid<unknown> {
  let g = sheet.styles.get(name);
  if (!g) sheet.styles.set(name, (g = new Grid()));
  return g;
}

export function spreadsheetState(world: World): SpreadsheetState {
  return serviceState<SpreadsheetState>(world, "spreadsheet", "SpreadsheetApp");
}

/** Ids look like real Drive ids: 44 url-safe characters, deterministic per world. */
export function newDriveId(state: { idCounter: number }, prefix: string): string {
  state.idCounter++;
  const seed = `${prefix}${state.idCounter.toString(36)}`;
  const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  let h = 2166136261;
  let out = "1" + seed.replace(/[^A-Za-z0-9]/g, "");
  while (out.length < 44) {
    h = Math.imul(h ^ out.charCodeAt(out.length - 1), 16777619) >>> 0;
    out += alphabet[h % 64];
  }
  return out.slice(0, 44);
}

export function createSpreadsheetData(state: SpreadsheetState, name: string, rows = DEFAULT_ROWS, columns = DEFAULT_COLUMNS): SpreadsheetData {
  const id = newDriveId(state, "ss");
  const data: SpreadsheetData = {
    id,
    name,
    timeZone: state.timeZone,
    locale: "en_US",
    sheets: [newSheetData(0, "Sheet1", rows, columns)],
    nextSheetId: 1,
    activeSheetId: 0,
    selection: null,
    namedRanges: new Map(),
    toasts: [],
  };
  state.spreadsheets.set(id, data);
  return data;
}

/** A new sheet id: stable per spreadsheet, spread out like real gids, never reused. */
export function allocateSheetId(ss: SpreadsheetData): number {
  let id: number;
  do id = (ss.nextSheetId++ * 1_000_003) % 2_147_483_647;
  while (ss.sheets.some((s) => s.sheetId === id));
  return id;
}

// ---------------------------------------------------------------------------------------
// A1 notation

export function columnLetters(column: number): string {
  let s = "";
  for (let n = column; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
}

export function columnNumber(letters: string): number {
  let n = 0;
  for (const ch of letters.toUpperCase()) n = n * 26 + (ch.charCodeAt(0) - 64);
  return n;
}

export interface A1Bounds {
  sheetName?: string;
  row: number;
  column: number;
  /** undefined = open-ended to the sheet's end. */
  lastRow?: number;
  lastColumn?: number;
}

const CELL_RE = /^\$?([A-Za-z]{0,3})\$?(\d*)$/;

/** Parse "A1", "A1:C3", "A:C", "2:5", "A2:C", "'My sheet'!B2". Throws "Range not found" on garbage. */
export function parseA1(a1: string): A1Bounds {
  let ref = a1.trim();
  let sheetName: string | undefined;
  const bang = ref.lastIndexOf("!");
  if (bang >= 0) {
    sheetName = ref.slice(0, bang);
    if (sheetName.startsWith("'") && sheetName.endsWith("'")) sheetName = sheetName.slice(1, -1).replace(/''/g, "'");
    ref = ref.slice(bang + 1);
  }
  const [startText, endText, extra] = ref.split(":");
  if (extra !== undefined || !startText) throw new GasException("Range not found");
  const start = CELL_RE.exec(startText);
  const end = endText === undefined ? start : CELL_RE.exec(endText);
  if (!start || !end || (!start[1] && !start[2]) || (!end[1] && !end[2])) throw new GasException("Range not found");
  if (endText === undefined && (!start[1] || !start[2])) throw new GasException("Range not found");
  const c1 = start[1] ? columnNumber(start[1]) : 1;
  const r1 = start[2] ? Number(start[2]) : 1;
  const c2 = end[1] ? columnNumber(end[1]) : undefined;
  const r2 = end[2] ? Number(end[2]) : undefined;
  if (r1 < 1 || (r2 !== undefined && r2 < 1)) throw new GasException("Range not found");
  return {
    sheetName,
    row: Math.min(r1, r2 ?? r1),
    column: Math.min(c1, c2 ?? c1),
    lastRow: r2 === undefined ? undefined : Math.max(r1, r2),
    lastColumn: c2 === undefined ? undefined : Math.max(c1, c2),
  };
}

export function a1Notation(row: number, column: number, numRows: number, numColumns: number): string {
  const start = `${columnLetters(column)}${row}`;
  if (numRows === 1 && numColumns === 1) return start;
  return `${start}:${columnLetters(column + numColumns - 1)}${row + numRows - 1}`;
}
