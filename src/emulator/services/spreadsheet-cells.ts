/**
 * Reading and writing cell blocks of a SheetData, shared by Range, Sheet.appendRow, the
 * form-response writer, the xlsx loader and the host-side test helpers.
 */
import { ERR, fail } from "./spreadsheet-errors";
import type { SheetData, SpreadsheetData, StyleName } from "./spreadsheet-model";
import { Grid } from "./spreadsheet-model";
import {
  type CellValue,
  DEFAULT_NUMBER_FORMAT,
  MAX_CELL_CHARS,
  displayValue,
  isDate,
  isDateFormat,
  parseInput,
  serialToDate,
} from "./spreadsheet-values";

const dateFormatCache = new Map<string, boolean>();
export function isDateFormatCached(format: string): boolean {
  let v = dateFormatCache.get(format);
  if (v === undefined) dateFormatCache.set(format, (v = isDateFormat(format)));
  return v;
}

/** A stored value as getValues returns it: "" for empty, Date copies, date-formatted numbers as Dates. */
export function readableValue(v: CellValue | undefined, format: string | undefined, timeZone: string): unknown {
  if (v === undefined) return "";
  if (typeof v === "number") return format !== undefined && isDateFormatCached(format) ? serialToDate(v, timeZone) : v;
  if (isDate(v)) return new Date(v.getTime());
  return v;
}

export interface Block {
  row: number; // 0-based
  column: number; // 0-based
  numRows: number;
  numColumns: number;
}

export function readValues(ss: SpreadsheetData, sheet: SheetData, b: Block): unknown[][] {
  const out = new Array<unknown[]>(b.numRows);
  const tz = ss.timeZone;
  for (let i = 0; i < b.numRows; i++) {
    const vrow = sheet.values.rows[b.row + i];
    const frow = sheet.numberFormats.rows[b.row + i];
    const row = new Array<unknown>(b.numColumns);
    if (vrow === undefined) row.fill("");
    else
      for (let j = 0; j < b.numColumns; j++) {
        const v = vrow[b.column + j];
        row[j] = v === undefined ? "" : readableValue(v, frow?.[b.column + j], tz);
      }
    out[i] = row;
  }
  return out;
}

export function readDisplayValues(ss: SpreadsheetData, sheet: SheetData, b: Block): string[][] {
  const out = new Array<string[]>(b.numRows);
  for (let i = 0; i < b.numRows; i++) {
    const vrow = sheet.values.rows[b.row + i];
    const frow = sheet.numberFormats.rows[b.row + i];
    const row = new Array<string>(b.numColumns);
    for (let j = 0; j < b.numColumns; j++) row[j] = displayValue(vrow?.[b.column + j], frow?.[b.column + j], ss.timeZone);
    out[i] = row;
  }
  return out;
}

export function readGrid<T, D>(grid: Grid<T>, b: Block, empty: D): (T | D)[][] {
  const out = new Array<(T | D)[]>(b.numRows);
  for (let i = 0; i < b.numRows; i++) {
    const src = grid.rows[b.row + i];
    const row = new Array<T | D>(b.numColumns);
    for (let j = 0; j < b.numColumns; j++) {
      const v = src?.[b.column + j];
      row[j] = v === undefined ? empty : v;
    }
    out[i] = row;
  }
  return out;
}

export function readNumberFormats(sheet: SheetData, b: Block): string[][] {
  return readGrid(sheet.numberFormats, b, DEFAULT_NUMBER_FORMAT);
}

/**
 * Write a block of raw script values with USER_ENTERED parsing. The matrix must already
 * match the block's shape. Plain-text ("@") cells keep strings as they are.
 */
export function writeValues(ss: SpreadsheetData, sheet: SheetData, b: Block, matrix: readonly (readonly unknown[])[], now: number): void {
  const ctx = { timeZone: ss.timeZone, now };
  // Validate everything first so a failing write changes nothing.
  for (const row of matrix) for (const raw of row) if (typeof raw === "string" && raw.length > MAX_CELL_CHARS) fail(ERR.cellTooLong);
  for (let i = 0; i < b.numRows; i++) {
    const r = b.row + i;
    const src = matrix[i];
    for (let j = 0; j < b.numColumns; j++) {
      const c = b.column + j;
      const format = sheet.numberFormats.get(r, c);
      const parsed = parseInput(src[j], format, ctx);
      sheet.values.set(r, c, parsed.value);
      if (parsed.formula !== undefined || sheet.formulas.get(r, c) !== undefined) sheet.formulas.set(r, c, parsed.formula);
      if (parsed.autoFormat && format === undefined) sheet.numberFormats.set(r, c, parsed.autoFormat);
    }
  }
}

/** Write already-typed values without parsing (xlsx load, form responses). */
export function writeTyped(sheet: SheetData, r: number, c: number, value: CellValue | undefined, format?: string): void {
  sheet.values.set(r, c, value === "" ? undefined : value);
  sheet.formulas.set(r, c, undefined);
  if (format !== undefined) sheet.numberFormats.set(r, c, format);
}

export function lastContentRow(sheet: SheetData): number {
  return Math.max(sheet.values.lastRow(), sheet.formulas.lastRow());
}

export function lastContentColumn(sheet: SheetData): number {
  return Math.max(sheet.values.lastColumn(), sheet.formulas.lastColumn());
}

export function allGrids(sheet: SheetData): Grid<unknown>[] {
  return [sheet.values, sheet.formulas, sheet.numberFormats, sheet.validations, ...sheet.styles.values()] as Grid<unknown>[];
}

/** Grids that describe formatting (inherited by inserted rows/columns). */
export function formatGrids(sheet: SheetData): Grid<unknown>[] {
  return [sheet.numberFormats, sheet.validations, ...sheet.styles.values()] as Grid<unknown>[];
}

export function clearStyles(sheet: SheetData, b: Block, except: StyleName[] = []): void {
  for (const [name, g] of sheet.styles) if (!except.includes(name)) g.clearRect(b.row, b.column, b.numRows, b.numColumns);
}

function shiftSet(set: Set<number>, at: number, delta: number, removeFrom?: number, removeCount = 0): Set<number> {
  const next = new Set<number>();
  for (const i of set) {
    if (removeFrom !== undefined && i >= removeFrom && i < removeFrom + removeCount) continue;
    next.add(i >= at ? i + delta : i);
  }
  return next;
}

/** Insert `n` rows before 1-based row `before`, inheriting formats from `inheritFrom` (1-based). */
export function insertRows(sheet: SheetData, before: number, n: number, inheritFrom?: number): void {
  const at = before - 1;
  sheet.values.insertRows(at, n);
  sheet.formulas.insertRows(at, n);
  for (const g of formatGrids(sheet)) g.insertRows(at, n, inheritFrom === undefined ? undefined : inheritFrom - 1);
  sheet.maxRows += n;
  sheet.hiddenRowsByUser = shiftSet(sheet.hiddenRowsByUser, before, n);
  sheet.hiddenRowsByFilter = shiftSet(sheet.hiddenRowsByFilter, before, n);
  if (before <= sheet.frozenRows) sheet.frozenRows += n;
}

export function deleteRows(sheet: SheetData, first: number, n: number): void {
  if (first < 1 || n < 1 || first + n - 1 > sheet.maxRows) fail(ERR.rowsOutOfBounds);
  if (sheet.maxRows - n <= sheet.frozenRows) fail(ERR.deleteAllRows);
  for (const g of allGrids(sheet)) g.deleteRows(first - 1, n);
  sheet.maxRows -= n;
  sheet.hiddenRowsByUser = shiftSet(sheet.hiddenRowsByUser, first + n, -n, first, n);
  sheet.hiddenRowsByFilter = shiftSet(sheet.hiddenRowsByFilter, first + n, -n, first, n);
  if (first <= sheet.frozenRows) sheet.frozenRows = Math.max(first - 1, sheet.frozenRows - n);
}

export function insertColumns(sheet: SheetData, before: number, n: number, inheritFrom?: number): void {
  const at = before - 1;
  sheet.values.insertColumns(at, n);
  sheet.formulas.insertColumns(at, n);
  for (const g of formatGrids(sheet)) g.insertColumns(at, n, inheritFrom === undefined ? undefined : inheritFrom - 1);
  sheet.maxColumns += n;
  sheet.hiddenColumns = shiftSet(sheet.hiddenColumns, before, n);
  const widths = new Map<number, number>();
  for (const [c, w] of sheet.columnWidths) widths.set(c >= before ? c + n : c, w);
  sheet.columnWidths = widths;
  if (before <= sheet.frozenColumns) sheet.frozenColumns += n;
}

export function deleteColumns(sheet: SheetData, first: number, n: number): void {
  if (first < 1 || n < 1 || first + n - 1 > sheet.maxColumns) fail(ERR.columnsOutOfBounds);
  if (sheet.maxColumns - n <= sheet.frozenColumns) fail(ERR.deleteAllColumns);
  for (const g of allGrids(sheet)) g.deleteColumns(first - 1, n);
  sheet.maxColumns -= n;
  sheet.hiddenColumns = shiftSet(sheet.hiddenColumns, first + n, -n, first, n);
  const widths = new Map<number, number>();
  for (const [c, w] of sheet.columnWidths) {
    if (c >= first && c < first + n) continue;
    widths.set(c >= first + n ? c - n : c, w);
  }
  sheet.columnWidths = widths;
  if (first <= sheet.frozenColumns) sheet.frozenColumns = Math.max(first - 1, sheet.frozenColumns - n);
}

/** Sheets' sort order: numbers/dates < text < booleans; blanks always last. */
export function compareCells(a: CellValue | undefined, b: CellValue | undefined, ascending: boolean): number {
  const blankA = a === undefined || a === "";
  const blankB = b === undefined || b === "";
  if (blankA || blankB) return blankA === blankB ? 0 : blankA ? 1 : -1;
  const rank = (v: CellValue) => (typeof v === "number" || isDate(v) ? 0 : typeof v === "string" ? 1 : 2);
  const ra = rank(a!);
  const rb = rank(b!);
  let cmp: number;
  if (ra !== rb) cmp = ra - rb;
  else if (ra === 0) cmp = Number(a) - Number(b); // Date → epoch ms; never mixed meaningfully with numbers
  else if (ra === 1) cmp = (a as string).localeCompare(b as string, "en", { sensitivity: "base", numeric: false });
  else cmp = Number(a) - Number(b);
  return ascending ? cmp : -cmp;
}

export interface SortKey {
  column: number; // 1-based absolute
  ascending: boolean;
}

/** Sort rows of a block by keys; whole cells move (values, formulas, formats). */
export function sortBlock(sheet: SheetData, b: Block, keys: SortKey[]): void {
  const indices = Array.from({ length: b.numRows }, (_, i) => i);
  indices.sort((x, y) => {
    for (const k of keys) {
      const cmp = compareCells(sheet.values.get(b.row + x, k.column - 1), sheet.values.get(b.row + y, k.column - 1), k.ascending);
      if (cmp !== 0) return cmp;
    }
    return x - y;
  });
  const fullWidth = b.column === 0 && b.numColumns >= sheet.maxColumns;
  for (const g of allGrids(sheet)) {
    if (fullWidth) g.permuteRows(b.row, indices);
    else g.permuteRowCells(b.row, b.column, b.numColumns, indices);
  }
}
