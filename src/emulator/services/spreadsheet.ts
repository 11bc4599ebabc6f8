/**
 * Emulated SpreadsheetApp: host-side classes proxied to the bundle by the runtime.
 * State lives in world.state.spreadsheet (see spreadsheet-model.ts); the objects handed out
 * here are thin views (spreadsheet id + sheet record + coordinates) over it.
 *
 * Locale: every spreadsheet is en_US (month-first typed dates, "M/d/yyyy H:mm:ss" display),
 * in the world's time zone (default Asia/Shanghai).
 */
import type { ExecutionInfo, ServiceModule, World, WorldOptions } from "../contract";
import { GasException } from "../contract";
import {
  type Block,
  type SortKey,
  clearStyles,
  deleteColumns,
  deleteRows,
  insertColumns,
  insertRows,
  lastContentColumn,
  lastContentRow,
  readDisplayValues,
  readGrid,
  readNumberFormats,
  readValues,
  sortBlock,
  writeValues,
} from "./spreadsheet-cells";
import { ERR, fail, gasSignatureError } from "./spreadsheet-errors";
import {
  DEFAULT_COLUMN_WIDTH,
  STYLE_DEFAULTS,
  type SheetData,
  type SpreadsheetData,
  type SpreadsheetState,
  type StyleName,
  type ValidationRule,
  a1Notation,
  allocateSheetId,
  createSpreadsheetData,
  newSheetData,
  parseA1,
  spreadsheetState,
  styleGrid,
} from "./spreadsheet-model";
import { Ui, uiAllowed } from "./spreadsheet-ui";
import { DataValidation, DataValidationBuilder, DataValidationCriteria } from "./spreadsheet-validation";
import { DEFAULT_NUMBER_FORMAT, displayValue, evaluateFormula } from "./spreadsheet-values";

export interface SheetsContext {
  world: World;
  exec: ExecutionInfo;
  state: SpreadsheetState;
}

const C_APP = "SpreadsheetApp";
const C_SS = "SpreadsheetApp.Spreadsheet";
const C_SHEET = "SpreadsheetApp.Sheet";
const C_RANGE = "SpreadsheetApp.Range";

function isInt(v: unknown): v is number {
  return typeof v === "number" && Number.isFinite(v);
}

function asGasObject(v: unknown, gasClass: string): boolean {
  return typeof v === "object" && v !== null && (v as { __gasClass?: string }).__gasClass === gasClass;
}

/** Check a 2-D argument (setValues etc.): G2 for non-arrays and 1-D arrays, then the shape errors. */
function checkMatrix(gasClass: string, method: string, args: unknown[], numRows: number, numColumns: number): unknown[][] {
  const [m] = args;
  if (args.length !== 1 || !Array.isArray(m)) throw gasSignatureError(gasClass, method, args);
  // A 1-D array is reported with its elements' types, as if they were the arguments (spec G2).
  if (!m.every((row) => Array.isArray(row))) throw gasSignatureError(gasClass, method, m);
  if (m.length !== numRows) fail(ERR.dataRows(m.length, numRows));
  for (const row of m as unknown[][]) if (row.length !== numColumns) fail(ERR.dataColumns(row.length, numColumns));
  return m as unknown[][];
}

// =========================================================================================
// SpreadsheetApp

export class SpreadsheetAppService {
  readonly __gasClass = C_APP;
  readonly DataValidationCriteria = DataValidationCriteria;
  readonly WrapStrategy = { WRAP: "WRAP", OVERFLOW: "OVERFLOW", CLIP: "CLIP" };
  readonly Dimension = { ROWS: "ROWS", COLUMNS: "COLUMNS" };
  readonly BorderStyle = { DOTTED: "DOTTED", DASHED: "DASHED", SOLID: "SOLID", SOLID_MEDIUM: "SOLID_MEDIUM", SOLID_THICK: "SOLID_THICK", DOUBLE: "DOUBLE" };
  readonly ProtectionType = { RANGE: "RANGE", SHEET: "SHEET" };
  readonly CopyPasteType = { PASTE_NORMAL: "PASTE_NORMAL", PASTE_VALUES: "PASTE_VALUES", PASTE_FORMAT: "PASTE_FORMAT" };

  constructor(private readonly ctx: SheetsContext) {}

  #bound(): SpreadsheetData | null {
    return this.ctx.state.spreadsheets.get(this.ctx.world.boundSpreadsheetId) ?? null;
  }

  getActiveSpreadsheet(): Spreadsheet | null {
    const data = this.#bound();
    return data ? new Spreadsheet(this.ctx, data) : null;
  }
  getActive(): Spreadsheet | null {
    return this.getActiveSpreadsheet();
  }
  openById(...args: unknown[]): Spreadsheet {
    const [id] = args;
    if (typeof id !== "string" || args.length !== 1) throw gasSignatureError(C_APP, "openById", args);
    const data = this.ctx.state.spreadsheets.get(id);
    if (!data) fail(ERR.openById);
    return new Spreadsheet(this.ctx, data);
  }
  openByUrl(...args: unknown[]): Spreadsheet {
    const [url] = args;
    if (typeof url !== "string" || args.length !== 1) throw gasSignatureError(C_APP, "openByUrl", args);
    const id = /\/spreadsheets\/d\/([A-Za-z0-9_-]+)/.exec(url)?.[1];
    const data = id ? this.ctx.state.spreadsheets.get(id) : undefined;
    if (!data) fail(ERR.openByUrl);
    return new Spreadsheet(this.ctx, data);
  }
  create(...args: unknown[]): Spreadsheet {
    const [name, rows, columns] = args;
    if (typeof name !== "string" || (rows !== undefined && !isInt(rows)) || (columns !== undefined && !isInt(columns))) {
      throw gasSignatureError(C_APP, "create", args);
    }
    return new Spreadsheet(this.ctx, createSpreadsheetData(this.ctx.state, name, rows as number | undefined, columns as number | undefined));
  }
  /** Writes are applied immediately, so there is nothing pending. */
  flush(): void {}
  newDataValidation(): DataValidationBuilder {
    return new DataValidationBuilder();
  }
  getUi(): Ui {
    if (!uiAllowed(this.ctx.world, this.ctx.exec)) fail(ERR.uiContext);
    return new Ui(this.ctx.world, this.ctx.exec, this.ctx.state);
  }
  getActiveSheet(): Sheet | null {
    return this.getActiveSpreadsheet()?.getActiveSheet() ?? null;
  }
  getActiveRange(): Range | null {
    return this.getActiveSpreadsheet()?.getActiveRange() ?? null;
  }
  getActiveRangeList(): RangeList | null {
    return this.getActiveSpreadsheet()?.getActiveRangeList() ?? null;
  }
  getCurrentCell(): Range | null {
    return this.getActiveSpreadsheet()?.getCurrentCell() ?? null;
  }
  getSelection(): Selection | null {
    return this.getActiveSpreadsheet()?.getSelection() ?? null;
  }
  setActiveSheet(sheet: Sheet): Sheet {
    if (!asGasObject(sheet, C_SHEET)) throw gasSignatureError(C_APP, "setActiveSheet", [sheet]);
    return sheet.activate();
  }
  setActiveRange(range: Range): Range {
    if (!asGasObject(range, C_RANGE)) throw gasSignatureError(C_APP, "setActiveRange", [range]);
    return range.activate();
  }
}

// =========================================================================================
// Spreadsheet

export class Spreadsheet {
  readonly __gasClass = C_SS;
  constructor(private readonly ctx: SheetsContext, readonly data: SpreadsheetData) {}

  #sheetView(sheet: SheetData): Sheet {
    return new Sheet(this.ctx, this.data, sheet);
  }

  getId(): string {
    return this.data.id;
  }
  getUrl(): string {
    return `https://docs.google.com/spreadsheets/d/${this.data.id}/edit`;
  }
  getName(): string {
    return this.data.name;
  }
  rename(name: unknown): void {
    if (typeof name !== "string") throw gasSignatureError(C_SS, "rename", [name]);
    this.data.name = name;
  }
  setName(name: unknown): Spreadsheet {
    this.rename(name);
    return this;
  }
  getSpreadsheetTimeZone(): string {
    return this.data.timeZone;
  }
  setSpreadsheetTimeZone(tz: unknown): void {
    if (typeof tz !== "string") throw gasSignatureError(C_SS, "setSpreadsheetTimeZone", [tz]);
    this.data.timeZone = tz;
  }
  getSpreadsheetLocale(): string {
    return this.data.locale;
  }
  getSheets(): Sheet[] {
    return this.data.sheets.map((s) => this.#sheetView(s));
  }
  getNumSheets(): number {
    return this.data.sheets.length;
  }
  /** Sheet names are unique case-insensitively in Sheets, and lookup ignores case too. */
  getSheetByName(...args: unknown[]): Sheet | null {
    const [name] = args;
    if (typeof name !== "string" || args.length !== 1) throw gasSignatureError(C_SS, "getSheetByName", args);
    const sheet = findSheetByName(this.data, name);
    return sheet ? this.#sheetView(sheet) : null;
  }
  getSheetById(id: unknown): Sheet | null {
    if (!isInt(id)) throw gasSignatureError(C_SS, "getSheetById", [id]);
    const sheet = this.data.sheets.find((s) => s.sheetId === id);
    return sheet ? this.#sheetView(sheet) : null;
  }
  insertSheet(...args: unknown[]): Sheet {
    let name: string | undefined;
    let index: number | undefined;
    if (args.length === 0) {
      // default name
    } else if (typeof args[0] === "string" && (args.length === 1 || isInt(args[1]))) {
      name = args[0];
      index = args[1] as number | undefined;
    } else if (isInt(args[0]) && args.length === 1) {
      index = args[0];
    } else {
      throw gasSignatureError(C_SS, "insertSheet", args);
    }
    if (name === undefined) {
      let n = this.data.sheets.length + 1;
      while (findSheetByName(this.data, `Sheet${n}`)) n++;
      name = `Sheet${n}`;
    } else if (findSheetByName(this.data, name)) {
      fail(ERR.sheetExists(name));
    }
    const sheet = newSheetData(allocateSheetId(this.data), name);
    const at = index === undefined ? this.data.sheets.length : Math.max(0, Math.min(index, this.data.sheets.length));
    this.data.sheets.splice(at, 0, sheet);
    this.data.activeSheetId = sheet.sheetId;
    this.data.selection = null;
    return this.#sheetView(sheet);
  }
  deleteSheet(sheet: unknown): void {
    if (!asGasObject(sheet, C_SHEET)) throw gasSignatureError(C_SS, "deleteSheet", [sheet]);
    const target = (sheet as Sheet).data;
    const i = this.data.sheets.indexOf(target);
    if (i < 0) fail("Sheet not found");
    if (this.data.sheets.length === 1) fail(ERR.deleteLastSheet);
    this.data.sheets.splice(i, 1);
    if (this.data.activeSheetId === target.sheetId) {
      this.data.activeSheetId = this.data.sheets[Math.max(0, i - 1)].sheetId;
      this.data.selection = null;
    }
  }
  getActiveSheet(): Sheet {
    return this.#sheetView(activeSheetData(this.data));
  }
  setActiveSheet(sheet: unknown): Sheet {
    if (!asGasObject(sheet, C_SHEET)) throw gasSignatureError(C_SS, "setActiveSheet", [sheet]);
    return (sheet as Sheet).activate();
  }
  getActiveRange(): Range {
    const sel = this.data.selection;
    const sheet = sel ? this.data.sheets.find((s) => s.sheetId === sel.sheetId) : undefined;
    if (sel && sheet) return new Range(this.ctx, this.data, sheet, sel.row, sel.column, sel.numRows, sel.numColumns);
    return new Range(this.ctx, this.data, activeSheetData(this.data), 1, 1, 1, 1);
  }
  getActiveRangeList(): RangeList {
    return new RangeList([this.getActiveRange()]);
  }
  getCurrentCell(): Range {
    const r = this.getActiveRange();
    return r.getCell(1, 1);
  }
  getSelection(): Selection {
    return new Selection(this);
  }
  setActiveRange(range: unknown): Range {
    if (!asGasObject(range, C_RANGE)) throw gasSignatureError(C_SS, "setActiveRange", [range]);
    return (range as Range).activate();
  }
  /** "Sheet1!A1:B2" or, without a sheet name, relative to the active sheet. */
  getRange(a1: unknown): Range {
    if (typeof a1 !== "string") throw gasSignatureError(C_SS, "getRange", [a1]);
    const bounds = parseA1(a1);
    const sheet = bounds.sheetName !== undefined ? findSheetByName(this.data, bounds.sheetName) : activeSheetData(this.data);
    if (!sheet) fail("Range not found");
    return this.#sheetView(sheet).getRange(a1.slice(a1.lastIndexOf("!") + 1));
  }
  getRangeByName(name: unknown): Range | null {
    if (typeof name !== "string") throw gasSignatureError(C_SS, "getRangeByName", [name]);
    const named = this.data.namedRanges.get(name);
    const sheet = named && this.data.sheets.find((s) => s.sheetId === named.sheetId);
    return named && sheet ? this.#sheetView(sheet).getRange(named.a1) : null;
  }
  setNamedRange(name: unknown, range: unknown): void {
    if (typeof name !== "string" || !asGasObject(range, C_RANGE)) throw gasSignatureError(C_SS, "setNamedRange", [name, range]);
    const r = range as Range;
    this.data.namedRanges.set(name, { sheetId: r.sheetData.sheetId, a1: r.getA1Notation() });
  }
  removeNamedRange(name: unknown): void {
    this.data.namedRanges.delete(String(name));
  }
  createTextFinder(text: unknown): TextFinder {
    if (typeof text !== "string") throw gasSignatureError(C_SS, "createTextFinder", [text]);
    const ranges = () => this.data.sheets.map((s) => this.#sheetView(s).getDataRange());
    return new TextFinder(text, ranges);
  }
  toast(message: unknown, title?: unknown): void {
    this.data.toasts.push({ at: this.ctx.world.clock.now(), message: String(message), title: title === undefined ? "" : String(title) });
  }
  // Active-sheet shortcuts that Spreadsheet also exposes.
  getDataRange(): Range {
    return this.getActiveSheet().getDataRange();
  }
  getLastRow(): number {
    return this.getActiveSheet().getLastRow();
  }
  getLastColumn(): number {
    return this.getActiveSheet().getLastColumn();
  }
  appendRow(row: unknown): Sheet {
    return this.getActiveSheet().appendRow(row);
  }
  getFormUrl(): string | null {
    const forms = this.ctx.world.state.forms as { forms?: Map<string, { destinationId: string; id: string }> } | undefined;
    for (const f of forms?.forms?.values() ?? []) if (f.destinationId === this.data.id) return `https://docs.google.com/forms/d/${f.id}/viewform`;
    return null;
  }
}

export function findSheetByName(ss: SpreadsheetData, name: string): SheetData | undefined {
  return ss.sheets.find((s) => s.name === name) ?? ss.sheets.find((s) => s.name.toLowerCase() === name.toLowerCase());
}

function activeSheetData(ss: SpreadsheetData): SheetData {
  return ss.sheets.find((s) => s.sheetId === ss.activeSheetId) ?? ss.sheets[0];
}

export class Selection {
  readonly __gasClass = "SpreadsheetApp.Selection";
  constructor(private readonly ss: Spreadsheet) {}
  getActiveRange(): Range {
    return this.ss.getActiveRange();
  }
  getActiveRangeList(): RangeList {
    return this.ss.getActiveRangeList();
  }
  getActiveSheet(): Sheet {
    return this.ss.getActiveSheet();
  }
  getCurrentCell(): Range {
    return this.ss.getCurrentCell();
  }
}

export class RangeList {
  readonly __gasClass = "SpreadsheetApp.RangeList";
  constructor(private readonly ranges: Range[]) {}
  getRanges(): Range[] {
    return this.ranges.slice();
  }
}

// =========================================================================================
// Sheet

export class Sheet {
  readonly __gasClass = C_SHEET;
  constructor(private readonly ctx: SheetsContext, private readonly ss: SpreadsheetData, readonly data: SheetData) {}

  #range(row: number, column: number, numRows: number, numColumns: number): Range {
    return new Range(this.ctx, this.ss, this.data, row, column, numRows, numColumns);
  }

  getName(): string {
    return this.data.name;
  }
  setName(name: unknown): Sheet {
    if (typeof name !== "string") throw gasSignatureError(C_SHEET, "setName", [name]);
    const clash = findSheetByName(this.ss, name);
    if (clash && clash !== this.data) fail(ERR.sheetExists(name));
    this.data.name = name;
    return this;
  }
  getSheetId(): number {
    return this.data.sheetId;
  }
  getIndex(): number {
    return this.ss.sheets.indexOf(this.data) + 1;
  }
  getParent(): Spreadsheet {
    return new Spreadsheet(this.ctx, this.ss);
  }
  activate(): Sheet {
    this.ss.activeSheetId = this.data.sheetId;
    this.ss.selection = null;
    return this;
  }
  getMaxRows(): number {
    return this.data.maxRows;
  }
  getMaxColumns(): number {
    return this.data.maxColumns;
  }
  getLastRow(): number {
    return lastContentRow(this.data);
  }
  getLastColumn(): number {
    return lastContentColumn(this.data);
  }

  /** getRange(a1) | (row, column) | (row, column, numRows) | (row, column, numRows, numColumns). */
  getRange(...args: unknown[]): Range {
    if (args.length === 1 && typeof args[0] === "string") {
      const b = parseA1(args[0]);
      const lastRow = b.lastRow ?? this.data.maxRows;
      const lastColumn = b.lastColumn ?? this.data.maxColumns;
      return checkedRange(this.ctx, this.ss, this.data, b.row, b.column, lastRow - b.row + 1, lastColumn - b.column + 1);
    }
    if (args.length < 2 || args.length > 4 || !args.every(isInt)) throw gasSignatureError(C_SHEET, "getRange", args);
    const [row, column, numRows = 1, numColumns = 1] = (args as number[]).map(Math.trunc);
    return checkedRange(this.ctx, this.ss, this.data, row, column, numRows, numColumns);
  }

  getDataRange(): Range {
    return this.#range(1, 1, Math.max(1, this.getLastRow()), Math.max(1, this.getLastColumn()));
  }

  appendRow(...args: unknown[]): Sheet {
    const [row] = args;
    if (args.length !== 1 || !Array.isArray(row)) throw gasSignatureError(C_SHEET, "appendRow", args);
    if (row.length === 0) return this;
    const r = this.getLastRow() + 1;
    // appendRow grows the grid when it is full (AppendCells semantics, spec 1.22).
    if (r > this.data.maxRows) this.data.maxRows = r;
    if (row.length > this.data.maxColumns) this.data.maxColumns = row.length;
    writeValues(this.ss, this.data, { row: r - 1, column: 0, numRows: 1, numColumns: row.length }, [row], this.ctx.world.clock.now());
    return this;
  }

  insertRowsAfter(after: unknown, howMany: unknown): Sheet {
    if (!isInt(after) || !isInt(howMany)) throw gasSignatureError(C_SHEET, "insertRowsAfter", [after, howMany]);
    if (after < 1 || after > this.data.maxRows || howMany < 1) fail(ERR.rowsOutOfBounds);
    insertRows(this.data, after + 1, howMany, after);
    return this;
  }
  insertRowsBefore(before: unknown, howMany: unknown): Sheet {
    if (!isInt(before) || !isInt(howMany)) throw gasSignatureError(C_SHEET, "insertRowsBefore", [before, howMany]);
    if (before < 1 || before > this.data.maxRows || howMany < 1) fail(ERR.rowsOutOfBounds);
    insertRows(this.data, before, howMany, before);
    return this;
  }
  insertRowAfter(after: unknown): Sheet {
    return this.insertRowsAfter(after, 1);
  }
  insertRowBefore(before: unknown): Sheet {
    return this.insertRowsBefore(before, 1);
  }
  insertColumnsAfter(after: unknown, howMany: unknown): Sheet {
    if (!isInt(after) || !isInt(howMany)) throw gasSignatureError(C_SHEET, "insertColumnsAfter", [after, howMany]);
    if (after < 1 || after > this.data.maxColumns || howMany < 1) fail(ERR.columnsOutOfBounds);
    insertColumns(this.data, after + 1, howMany, after);
    return this;
  }
  insertColumnsBefore(before: unknown, howMany: unknown): Sheet {
    if (!isInt(before) || !isInt(howMany)) throw gasSignatureError(C_SHEET, "insertColumnsBefore", [before, howMany]);
    if (before < 1 || before > this.data.maxColumns || howMany < 1) fail(ERR.columnsOutOfBounds);
    insertColumns(this.data, before, howMany, before);
    return this;
  }
  insertColumnAfter(after: unknown): Sheet {
    return this.insertColumnsAfter(after, 1);
  }
  insertColumnBefore(before: unknown): Sheet {
    return this.insertColumnsBefore(before, 1);
  }
  deleteRows(first: unknown, howMany: unknown): void {
    if (!isInt(first) || !isInt(howMany)) throw gasSignatureError(C_SHEET, "deleteRows", [first, howMany]);
    deleteRows(this.data, first, howMany);
  }
  deleteRow(row: unknown): Sheet {
    if (!isInt(row)) throw gasSignatureError(C_SHEET, "deleteRow", [row]);
    deleteRows(this.data, row, 1);
    return this;
  }
  deleteColumns(first: unknown, howMany: unknown): void {
    if (!isInt(first) || !isInt(howMany)) throw gasSignatureError(C_SHEET, "deleteColumns", [first, howMany]);
    deleteColumns(this.data, first, howMany);
  }
  deleteColumn(column: unknown): Sheet {
    if (!isInt(column)) throw gasSignatureError(C_SHEET, "deleteColumn", [column]);
    deleteColumns(this.data, column, 1);
    return this;
  }

  setFrozenRows(rows: unknown): void {
    if (!isInt(rows)) throw gasSignatureError(C_SHEET, "setFrozenRows", [rows]);
    if (rows < 0 || rows > this.data.maxRows) fail(ERR.rowsOutOfBounds);
    this.data.frozenRows = rows;
  }
  getFrozenRows(): number {
    return this.data.frozenRows;
  }
  setFrozenColumns(columns: unknown): void {
    if (!isInt(columns)) throw gasSignatureError(C_SHEET, "setFrozenColumns", [columns]);
    if (columns < 0 || columns > this.data.maxColumns) fail(ERR.columnsOutOfBounds);
    this.data.frozenColumns = columns;
  }
  getFrozenColumns(): number {
    return this.data.frozenColumns;
  }

  /** Clears contents and formatting (not data validation), like Sheet.clear(). */
  clear(): Sheet {
    const all = { row: 0, column: 0, numRows: this.data.maxRows, numColumns: this.data.maxColumns };
    this.data.values.rows = [];
    this.data.formulas.rows = [];
    this.data.numberFormats.rows = [];
    clearStyles(this.data, all, ["note"]);
    return this;
  }
  clearContents(): Sheet {
    this.data.values.rows = [];
    this.data.formulas.rows = [];
    return this;
  }
  clearFormats(): Sheet {
    this.data.numberFormats.rows = [];
    clearStyles(this.data, { row: 0, column: 0, numRows: this.data.maxRows, numColumns: this.data.maxColumns }, ["note"]);
    return this;
  }

  #checkColumns(method: string, start: unknown, count: unknown = 1): [number, number] {
    if (!isInt(start) || !isInt(count)) throw gasSignatureError(C_SHEET, method, [start, count]);
    if (start < 1 || count < 1 || start + count - 1 > this.data.maxColumns) fail(ERR.columnsOutOfBounds);
    return [start, count];
  }
  #checkRows(method: string, start: unknown, count: unknown = 1): [number, number] {
    if (!isInt(start) || !isInt(count)) throw gasSignatureError(C_SHEET, method, [start, count]);
    if (start < 1 || count < 1 || start + count - 1 > this.data.maxRows) fail(ERR.rowsOutOfBounds);
    return [start, count];
  }

  setColumnWidth(column: unknown, width: unknown): Sheet {
    const [c] = this.#checkColumns("setColumnWidth", column);
    if (!isInt(width)) throw gasSignatureError(C_SHEET, "setColumnWidth", [column, width]);
    this.data.columnWidths.set(c, width);
    return this;
  }
  setColumnWidths(start: unknown, count: unknown, width: unknown): Sheet {
    const [c, n] = this.#checkColumns("setColumnWidths", start, count);
    if (!isInt(width)) throw gasSignatureError(C_SHEET, "setColumnWidths", [start, count, width]);
    for (let i = 0; i < n; i++) this.data.columnWidths.set(c + i, width);
    return this;
  }
  getColumnWidth(column: unknown): number {
    const [c] = this.#checkColumns("getColumnWidth", column);
    return this.data.columnWidths.get(c) ?? DEFAULT_COLUMN_WIDTH;
  }
  /** Width from the longest displayed text (about 7 px a character), at least the default. */
  autoResizeColumns(start: unknown, count: unknown): Sheet {
    const [c, n] = this.#checkColumns("autoResizeColumns", start, count);
    const rows = Math.max(1, this.getLastRow());
    const shown = readDisplayValues(this.ss, this.data, { row: 0, column: c - 1, numRows: rows, numColumns: n });
    for (let j = 0; j < n; j++) {
      const longest = shown.reduce((m, row) => Math.max(m, ...row[j].split("\n").map((l) => l.length)), 0);
      this.data.columnWidths.set(c + j, Math.max(DEFAULT_COLUMN_WIDTH, longest * 7 + 10));
    }
    return this;
  }
  autoResizeColumn(column: unknown): Sheet {
    return this.autoResizeColumns(column, 1);
  }
  hideColumns(start: unknown, count?: unknown): void {
    const [c, n] = this.#checkColumns("hideColumns", start, count ?? 1);
    for (let i = 0; i < n; i++) this.data.hiddenColumns.add(c + i);
  }
  showColumns(start: unknown, count?: unknown): void {
    const [c, n] = this.#checkColumns("showColumns", start, count ?? 1);
    for (let i = 0; i < n; i++) this.data.hiddenColumns.delete(c + i);
  }
  hideColumn(range: unknown): void {
    if (!asGasObject(range, C_RANGE)) throw gasSignatureError(C_SHEET, "hideColumn", [range]);
    const r = range as Range;
    this.hideColumns(r.getColumn(), r.getNumColumns());
  }
  unhideColumn(range: unknown): void {
    if (!asGasObject(range, C_RANGE)) throw gasSignatureError(C_SHEET, "unhideColumn", [range]);
    const r = range as Range;
    this.showColumns(r.getColumn(), r.getNumColumns());
  }
  isColumnHiddenByUser(column: unknown): boolean {
    const [c] = this.#checkColumns("isColumnHiddenByUser", column);
    return this.data.hiddenColumns.has(c);
  }
  hideRows(start: unknown, count?: unknown): void {
    const [r, n] = this.#checkRows("hideRows", start, count ?? 1);
    for (let i = 0; i < n; i++) this.data.hiddenRowsByUser.add(r + i);
  }
  showRows(start: unknown, count?: unknown): void {
    const [r, n] = this.#checkRows("showRows", start, count ?? 1);
    for (let i = 0; i < n; i++) this.data.hiddenRowsByUser.delete(r + i);
  }
  isRowHiddenByUser(row: unknown): boolean {
    const [r] = this.#checkRows("isRowHiddenByUser", row);
    return this.data.hiddenRowsByUser.has(r);
  }
  isRowHiddenByFilter(row: unknown): boolean {
    const [r] = this.#checkRows("isRowHiddenByFilter", row);
    return this.data.hiddenRowsByFilter.has(r);
  }
  setRowHeight(row: unknown, height: unknown): Sheet {
    this.#checkRows("setRowHeight", row);
    if (!isInt(height)) throw gasSignatureError(C_SHEET, "setRowHeight", [row, height]);
    return this;
  }
  /** The form whose responses land in this sheet, or null. */
  getFormUrl(): string | null {
    const forms = this.ctx.world.state.forms as { forms?: Map<string, { destinationId: string; responseSheetId: number | null; id: string }> } | undefined;
    for (const f of forms?.forms?.values() ?? []) {
      if (f.destinationId === this.ss.id && f.responseSheetId === this.data.sheetId) return `https://docs.google.com/forms/d/${f.id}/viewform`;
    }
    return null;
  }
  getFilter(): Filter | null {
    return this.data.filterA1 ? new Filter(this.ctx, this.ss, this.data) : null;
  }
  /** Sort the rows below the frozen header by one column. */
  sort(column: unknown, ascending: unknown = true): Sheet {
    if (!isInt(column) || typeof ascending !== "boolean") throw gasSignatureError(C_SHEET, "sort", [column, ascending]);
    if (column < 1 || column > this.data.maxColumns) fail(ERR.columnsOutOfBounds);
    const first = this.data.frozenRows + 1;
    const last = this.getLastRow();
    if (last >= first) {
      sortBlock(this.data, { row: first - 1, column: 0, numRows: last - first + 1, numColumns: this.data.maxColumns }, [{ column, ascending }]);
    }
    return this;
  }
  createTextFinder(text: unknown): TextFinder {
    if (typeof text !== "string") throw gasSignatureError(C_SHEET, "createTextFinder", [text]);
    return new TextFinder(text, () => [this.getDataRange()]);
  }
  getActiveRange(): Range | null {
    const sel = this.ss.selection;
    if (sel && sel.sheetId === this.data.sheetId) return this.#range(sel.row, sel.column, sel.numRows, sel.numColumns);
    return this.#range(1, 1, 1, 1);
  }
  setActiveRange(range: unknown): Range {
    if (!asGasObject(range, C_RANGE)) throw gasSignatureError(C_SHEET, "setActiveRange", [range]);
    return (range as Range).activate();
  }
  setActiveSelection(a1OrRange: unknown): Range {
    const r = typeof a1OrRange === "string" ? this.getRange(a1OrRange) : (a1OrRange as Range);
    if (!asGasObject(r, C_RANGE)) throw gasSignatureError(C_SHEET, "setActiveSelection", [a1OrRange]);
    return r.activate();
  }
}

export class Filter {
  readonly __gasClass = "SpreadsheetApp.Filter";
  constructor(private readonly ctx: SheetsContext, private readonly ss: SpreadsheetData, private readonly sheet: SheetData) {}
  getRange(): Range {
    return new Sheet(this.ctx, this.ss, this.sheet).getRange(this.sheet.filterA1 ?? "A1");
  }
  remove(): void {
    this.sheet.filterA1 = null;
    this.sheet.hiddenRowsByFilter.clear();
  }
}

// =========================================================================================
// Range

export class Range {
  readonly __gasClass = C_RANGE;
  constructor(
    readonly ctx: SheetsContext,
    readonly ss: SpreadsheetData,
    readonly sheetData: SheetData,
    readonly row: number,
    readonly column: number,
    readonly numRows: number,
    readonly numColumns: number,
  ) {}

  get #block(): Block {
    return { row: this.row - 1, column: this.column - 1, numRows: this.numRows, numColumns: this.numColumns };
  }
  #sheetView(): Sheet {
    return new Sheet(this.ctx, this.ss, this.sheetData);
  }
  #now(): number {
    return this.ctx.world.clock.now();
  }
  #fill<T>(v: T): T[][] {
    return Array.from({ length: this.numRows }, () => new Array<T>(this.numColumns).fill(v));
  }
  #eachCell(f: (r: number, c: number) => void): void {
    for (let i = 0; i < this.numRows; i++) for (let j = 0; j < this.numColumns; j++) f(this.row - 1 + i, this.column - 1 + j);
  }

  getRow(): number {
    return this.row;
  }
  getRowIndex(): number {
    return this.row;
  }
  getColumn(): number {
    return this.column;
  }
  getNumRows(): number {
    return this.numRows;
  }
  getNumColumns(): number {
    return this.numColumns;
  }
  getLastRow(): number {
    return this.row + this.numRows - 1;
  }
  getLastColumn(): number {
    return this.column + this.numColumns - 1;
  }
  getA1Notation(): string {
    return a1Notation(this.row, this.column, this.numRows, this.numColumns);
  }
  getSheet(): Sheet {
    return this.#sheetView();
  }
  getGridId(): number {
    return this.sheetData.sheetId;
  }
  getCell(row: unknown, column: unknown): Range {
    if (!isInt(row) || !isInt(column)) throw gasSignatureError(C_RANGE, "getCell", [row, column]);
    if (row < 1 || column < 1 || row > this.numRows || column > this.numColumns) fail(ERR.outsideSheet);
    return new Range(this.ctx, this.ss, this.sheetData, this.row + row - 1, this.column + column - 1, 1, 1);
  }
  offset(...args: unknown[]): Range {
    if (args.length < 2 || args.length > 4 || !args.every(isInt)) throw gasSignatureError(C_RANGE, "offset", args);
    const [dr, dc, nr = this.numRows, nc = this.numColumns] = args as number[];
    return checkedRange(this.ctx, this.ss, this.sheetData, this.row + dr, this.column + dc, nr, nc);
  }
  activate(): Range {
    this.ss.activeSheetId = this.sheetData.sheetId;
    this.ss.selection = { sheetId: this.sheetData.sheetId, row: this.row, column: this.column, numRows: this.numRows, numColumns: this.numColumns };
    return this;
  }
  isBlank(): boolean {
    for (let i = 0; i < this.numRows; i++) {
      for (let j = 0; j < this.numColumns; j++) {
        const r = this.row - 1 + i;
        const c = this.column - 1 + j;
        if (this.sheetData.values.get(r, c) !== undefined || this.sheetData.formulas.get(r, c) !== undefined) return false;
      }
    }
    return true;
  }

  // --- values ----------------------------------------------------------------------------
  getValues(): unknown[][] {
    return readValues(this.ss, this.sheetData, this.#block);
  }
  getValue(): unknown {
    return readValues(this.ss, this.sheetData, { ...this.#block, numRows: 1, numColumns: 1 })[0][0];
  }
  getDisplayValues(): string[][] {
    return readDisplayValues(this.ss, this.sheetData, this.#block);
  }
  getDisplayValue(): string {
    return readDisplayValues(this.ss, this.sheetData, { ...this.#block, numRows: 1, numColumns: 1 })[0][0];
  }
  setValues(...args: unknown[]): Range {
    const matrix = checkMatrix(C_RANGE, "setValues", args, this.numRows, this.numColumns);
    writeValues(this.ss, this.sheetData, this.#block, matrix, this.#now());
    return this;
  }
  /** Sets every cell of the range to the value. */
  setValue(...args: unknown[]): Range {
    if (args.length !== 1) throw gasSignatureError(C_RANGE, "setValue", args);
    writeValues(this.ss, this.sheetData, this.#block, this.#fill(args[0]), this.#now());
    return this;
  }
  getFormulas(): string[][] {
    return readGrid(this.sheetData.formulas, this.#block, "");
  }
  getFormula(): string {
    return this.sheetData.formulas.get(this.row - 1, this.column - 1) ?? "";
  }
  setFormula(formula: unknown): Range {
    if (typeof formula !== "string") throw gasSignatureError(C_RANGE, "setFormula", [formula]);
    this.#eachCell((r, c) => this.#storeFormula(r, c, formula));
    return this;
  }
  setFormulas(...args: unknown[]): Range {
    const matrix = checkMatrix(C_RANGE, "setFormulas", args, this.numRows, this.numColumns);
    this.#eachCell((r, c) => this.#storeFormula(r, c, String(matrix[r - this.row + 1][c - this.column + 1] ?? "")));
    return this;
  }
  #storeFormula(r: number, c: number, formula: string): void {
    if (formula === "") {
      this.sheetData.values.set(r, c, undefined);
      this.sheetData.formulas.set(r, c, undefined);
      return;
    }
    const f = formula.startsWith("=") ? formula : `=${formula}`;
    this.sheetData.formulas.set(r, c, f);
    this.sheetData.values.set(r, c, evaluateFormula(f));
  }
  clearContent(): Range {
    this.sheetData.values.clearRect(this.row - 1, this.column - 1, this.numRows, this.numColumns);
    this.sheetData.formulas.clearRect(this.row - 1, this.column - 1, this.numRows, this.numColumns);
    return this;
  }
  clearFormat(): Range {
    this.sheetData.numberFormats.clearRect(this.row - 1, this.column - 1, this.numRows, this.numColumns);
    clearStyles(this.sheetData, this.#block, ["note"]);
    return this;
  }
  /** Contents and formats; with options, only what is asked (contentsOnly, formatOnly, validationsOnly, …). */
  clear(options?: { contentsOnly?: boolean; formatOnly?: boolean; validationsOnly?: boolean; commentsOnly?: boolean }): Range {
    if (options?.validationsOnly) return this.clearDataValidations();
    if (options?.commentsOnly) return this.clearNote();
    if (!options?.formatOnly) this.clearContent();
    if (!options?.contentsOnly) this.clearFormat();
    return this;
  }

  // --- number formats --------------------------------------------------------------------
  setNumberFormat(format: unknown): Range {
    if (typeof format !== "string") throw gasSignatureError(C_RANGE, "setNumberFormat", [format]);
    const stored = format === DEFAULT_NUMBER_FORMAT || format === "" ? undefined : format;
    this.#eachCell((r, c) => this.sheetData.numberFormats.set(r, c, stored));
    return this;
  }
  setNumberFormats(...args: unknown[]): Range {
    const matrix = checkMatrix(C_RANGE, "setNumberFormats", args, this.numRows, this.numColumns);
    this.#eachCell((r, c) => {
      const f = String(matrix[r - this.row + 1][c - this.column + 1]);
      this.sheetData.numberFormats.set(r, c, f === DEFAULT_NUMBER_FORMAT || f === "" ? undefined : f);
    });
    return this;
  }
  getNumberFormat(): string {
    return this.sheetData.numberFormats.get(this.row - 1, this.column - 1) ?? DEFAULT_NUMBER_FORMAT;
  }
  getNumberFormats(): string[][] {
    return readNumberFormats(this.sheetData, this.#block);
  }

  // --- data validation -------------------------------------------------------------------
  setDataValidation(rule: unknown): Range {
    if (rule !== null && !asGasObject(rule, "SpreadsheetApp.DataValidation")) throw gasSignatureError(C_RANGE, "setDataValidation", [rule]);
    const stored = rule === null ? undefined : (rule as DataValidation).rule;
    this.#eachCell((r, c) => this.sheetData.validations.set(r, c, stored));
    return this;
  }
  setDataValidations(...args: unknown[]): Range {
    const matrix = checkMatrix(C_RANGE, "setDataValidations", args, this.numRows, this.numColumns);
    this.#eachCell((r, c) => {
      const v = matrix[r - this.row + 1][c - this.column + 1];
      this.sheetData.validations.set(r, c, v === null || v === undefined ? undefined : (v as DataValidation).rule);
    });
    return this;
  }
  getDataValidation(): DataValidation | null {
    const rule = this.sheetData.validations.get(this.row - 1, this.column - 1);
    return rule ? new DataValidation(rule) : null;
  }
  getDataValidations(): (DataValidation | null)[][] {
    return readGrid<ValidationRule, null>(this.sheetData.validations, this.#block, null).map((row) =>
      row.map((rule) => (rule ? new DataValidation(rule) : null)),
    );
  }
  clearDataValidations(): Range {
    this.sheetData.validations.clearRect(this.row - 1, this.column - 1, this.numRows, this.numColumns);
    return this;
  }

  // --- styles ----------------------------------------------------------------------------
  #setStyle(method: string, name: StyleName, value: unknown, check: (v: unknown) => boolean): Range {
    if (!check(value)) throw gasSignatureError(C_RANGE, method, [value]);
    const g = styleGrid(this.sheetData, name);
    const stored = value === null || value === STYLE_DEFAULTS[name] ? undefined : value;
    this.#eachCell((r, c) => g.set(r, c, stored));
    return this;
  }
  #setStyles(method: string, name: StyleName, args: unknown[]): Range {
    const matrix = checkMatrix(C_RANGE, method, args, this.numRows, this.numColumns);
    const g = styleGrid(this.sheetData, name);
    this.#eachCell((r, c) => {
      const v = matrix[r - this.row + 1][c - this.column + 1];
      g.set(r, c, v === null || v === STYLE_DEFAULTS[name] ? undefined : v);
    });
    return this;
  }
  #getStyle(name: StyleName): unknown {
    return this.sheetData.styles.get(name)?.get(this.row - 1, this.column - 1) ?? STYLE_DEFAULTS[name];
  }
  #getStyles(name: StyleName): unknown[][] {
    const g = this.sheetData.styles.get(name);
    return g ? readGrid(g, this.#block, STYLE_DEFAULTS[name] as unknown) : this.#fill<unknown>(STYLE_DEFAULTS[name]);
  }
  setFontWeight(w: unknown): Range {
    return this.#setStyle("setFontWeight", "fontWeight", w, (v) => v === null || v === "bold" || v === "normal");
  }
  setFontWeights(...args: unknown[]): Range {
    return this.#setStyles("setFontWeights", "fontWeight", args);
  }
  getFontWeight(): string {
    return this.#getStyle("fontWeight") as string;
  }
  getFontWeights(): string[][] {
    return this.#getStyles("fontWeight") as string[][];
  }
  setFontStyle(s: unknown): Range {
    return this.#setStyle("setFontStyle", "fontStyle", s, (v) => v === null || v === "italic" || v === "normal");
  }
  getFontStyle(): string {
    return this.#getStyle("fontStyle") as string;
  }
  setFontColor(color: unknown): Range {
    return this.#setStyle("setFontColor", "fontColor", color, (v) => v === null || typeof v === "string");
  }
  getFontColor(): string {
    return this.#getStyle("fontColor") as string;
  }
  setBackground(color: unknown): Range {
    return this.#setStyle("setBackground", "background", color, (v) => v === null || typeof v === "string");
  }
  setBackgrounds(...args: unknown[]): Range {
    return this.#setStyles("setBackgrounds", "background", args);
  }
  getBackground(): string {
    return this.#getStyle("background") as string;
  }
  getBackgrounds(): string[][] {
    return this.#getStyles("background") as string[][];
  }
  setWrap(wrap: unknown): Range {
    return this.#setStyle("setWrap", "wrap", wrap, (v) => typeof v === "boolean");
  }
  getWrap(): boolean {
    return this.#getStyle("wrap") as boolean;
  }
  getWraps(): boolean[][] {
    return this.#getStyles("wrap") as boolean[][];
  }
  setHorizontalAlignment(a: unknown): Range {
    return this.#setStyle("setHorizontalAlignment", "horizontalAlignment", a, (v) => v === null || typeof v === "string");
  }
  getHorizontalAlignment(): string {
    return this.#getStyle("horizontalAlignment") as string;
  }
  setNote(note: unknown): Range {
    return this.#setStyle("setNote", "note", note === null ? "" : note, (v) => typeof v === "string");
  }
  setNotes(...args: unknown[]): Range {
    return this.#setStyles("setNotes", "note", args);
  }
  getNote(): string {
    return this.#getStyle("note") as string;
  }
  getNotes(): string[][] {
    return this.#getStyles("note") as string[][];
  }
  clearNote(): Range {
    this.sheetData.styles.get("note")?.clearRect(this.row - 1, this.column - 1, this.numRows, this.numColumns);
    return this;
  }

  // --- sort & find -----------------------------------------------------------------------
  /** sort(column) | sort({column, ascending}) | sort([...]) — columns are absolute sheet columns. */
  sort(spec: unknown): Range {
    const specs = Array.isArray(spec) ? spec : [spec];
    const keys: SortKey[] = specs.map((s) => {
      if (isInt(s)) return { column: s, ascending: true };
      if (s && typeof s === "object" && isInt((s as SortKey).column)) {
        return { column: (s as SortKey).column, ascending: (s as { ascending?: boolean }).ascending !== false };
      }
      throw gasSignatureError(C_RANGE, "sort", [spec]);
    });
    for (const k of keys) if (k.column < this.column || k.column >= this.column + this.numColumns) fail(ERR.columnsOutOfBounds);
    sortBlock(this.sheetData, this.#block, keys);
    return this;
  }
  createTextFinder(text: unknown): TextFinder {
    if (typeof text !== "string") throw gasSignatureError(C_RANGE, "createTextFinder", [text]);
    return new TextFinder(text, () => [this]);
  }

}

/** Bounds checks in Apps Script's order (spec 1.2–1.5): start, size, then the grid. */
function checkedRange(ctx: SheetsContext, ss: SpreadsheetData, sheet: SheetData, row: number, column: number, numRows: number, numColumns: number): Range {
  if (row < 1) fail(ERR.rowTooSmall);
  if (column < 1) fail(ERR.columnTooSmall);
  if (numRows < 1) fail(ERR.rowsAtLeastOne);
  if (numColumns < 1) fail(ERR.columnsAtLeastOne);
  if (row + numRows - 1 > sheet.maxRows || column + numColumns - 1 > sheet.maxColumns) fail(ERR.outsideSheet);
  return new Range(ctx, ss, sheet, row, column, numRows, numColumns);
}

interface SearchableCell {
  row: number;
  column: number;
  text: string;
  formula: string;
}

/** Non-empty cells of a range with their displayed text and formula, for TextFinder. */
function searchableCells(range: Range): SearchableCell[] {
  const { sheetData, ss } = range;
  const out: SearchableCell[] = [];
  for (let r = range.row - 1; r < range.row - 1 + range.numRows; r++) {
    for (let c = range.column - 1; c < range.column - 1 + range.numColumns; c++) {
      const v = sheetData.values.get(r, c);
      const f = sheetData.formulas.get(r, c);
      if (v === undefined && f === undefined) continue;
      out.push({ row: r + 1, column: c + 1, text: displayValue(v, sheetData.numberFormats.get(r, c), ss.timeZone), formula: f ?? "" });
    }
  }
  return out;
}

function cellOf(range: Range, row: number, column: number): Range {
  return new Range(range.ctx, range.ss, range.sheetData, row, column, 1, 1);
}

// =========================================================================================
// TextFinder (spec 1.28–1.29)

export class TextFinder {
  readonly __gasClass = "SpreadsheetApp.TextFinder";
  private caseSensitive = false;
  private entireCell = false;
  private regex = false;
  private formulaText = false;
  private position = -1;

  constructor(private readonly text: string, private readonly scopes: () => Range[]) {}

  matchCase(b: boolean): TextFinder {
    this.caseSensitive = Boolean(b);
    return this;
  }
  matchEntireCell(b: boolean): TextFinder {
    this.entireCell = Boolean(b);
    return this;
  }
  useRegularExpression(b: boolean): TextFinder {
    this.regex = Boolean(b);
    return this;
  }
  matchFormulaText(b: boolean): TextFinder {
    this.formulaText = Boolean(b);
    return this;
  }
  ignoreDiacritics(_b: boolean): TextFinder {
    return this;
  }

  #pattern(global: boolean): RegExp {
    const src = this.regex ? this.text : this.text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    const whole = this.entireCell ? `^(?:${src})$` : src;
    return new RegExp(whole, (this.caseSensitive ? "" : "i") + (global ? "g" : ""));
  }

  #matches(): { range: Range; row: number; column: number; text: string }[] {
    const re = this.#pattern(false);
    const out: { range: Range; row: number; column: number; text: string }[] = [];
    for (const scope of this.scopes()) {
      for (const cell of searchableCells(scope)) {
        const text = this.formulaText && cell.formula ? cell.formula : cell.text;
        if (re.test(text)) out.push({ range: scope, row: cell.row, column: cell.column, text });
      }
    }
    return out;
  }

  findAll(): Range[] {
    return this.#matches().map((m) => cellOf(m.range, m.row, m.column));
  }
  findNext(): Range | null {
    const all = this.#matches();
    if (this.position + 1 >= all.length) return null;
    this.position++;
    const m = all[this.position];
    return cellOf(m.range, m.row, m.column);
  }
  findPrevious(): Range | null {
    const all = this.#matches();
    if (this.position - 1 < 0 || all.length === 0) return null;
    this.position = Math.min(this.position - 1, all.length - 1);
    const m = all[this.position];
    return cellOf(m.range, m.row, m.column);
  }
  /** Returns the number of occurrences replaced (not cells). */
  replaceAllWith(replacement: string): number {
    let count = 0;
    const re = this.#pattern(true);
    for (const m of this.#matches()) {
      const occurrences = m.text.match(re)?.length ?? 0;
      count += occurrences;
      const cell = cellOf(m.range, m.row, m.column);
      cell.setValue(m.text.replace(re, this.regex ? replacement : replacement.replace(/\$/g, "$$$$")));
    }
    return count;
  }
  replaceWith(replacement: string): number {
    if (this.position < 0) return 0;
    const m = this.#matches()[this.position];
    if (!m) return 0;
    const re = this.#pattern(false);
    cellOf(m.range, m.row, m.column).setValue(m.text.replace(re, replacement));
    return 1;
  }
}

// =========================================================================================
// The service module and host-side helpers

export function initSpreadsheetState(world: World, options: WorldOptions): SpreadsheetState {
  const state: SpreadsheetState = {
    spreadsheets: new Map(),
    timeZone: options.timeZone ?? "Asia/Shanghai",
    userEmail: options.userEmail ?? "owner@example.com",
    idCounter: 0,
    uiResponses: { alerts: [], prompts: [] },
    uiLog: [],
  };
  world.state.spreadsheet = state;
  return state;
}

export const BOUND_SPREADSHEET_NAME = "leadgrade";

export const service: ServiceModule = {
  globals: ["SpreadsheetApp"],
  async init(world, options) {
    const state = initSpreadsheetState(world, options);
    if (options.workbookPath) {
      const { loadWorkbook } = await import("./workbook-file");
      const data = await loadWorkbook(state, options.workbookPath, BOUND_SPREADSHEET_NAME, world.boundSpreadsheetId || undefined);
      if (!world.boundSpreadsheetId) world.boundSpreadsheetId = data.id;
      return;
    }
    if (!world.boundSpreadsheetId || !state.spreadsheets.has(world.boundSpreadsheetId)) {
      const data = createSpreadsheetData(state, BOUND_SPREADSHEET_NAME);
      if (world.boundSpreadsheetId) {
        state.spreadsheets.delete(data.id);
        data.id = world.boundSpreadsheetId;
        state.spreadsheets.set(data.id, data);
      }
      world.boundSpreadsheetId = data.id;
    }
  },
  create(world, exec) {
    return { SpreadsheetApp: new SpreadsheetAppService({ world, exec, state: spreadsheetState(world) }) };
  },
};

/** An ExecutionInfo for host-side helpers (tests acting as a user in the Sheets UI). */
export function hostExecution(world: World): ExecutionInfo {
  return { id: "host", functionName: "", authMode: "FULL", kind: "manual", startedAt: world.clock.now(), userEmail: spreadsheetState(world).userEmail };
}

/** Host-side access to a spreadsheet (default: the bound one) with the full API, for tests and the runtime. */
export function hostSpreadsheet(world: World, spreadsheetId = world.boundSpreadsheetId): Spreadsheet {
  const state = spreadsheetState(world);
  const data = state.spreadsheets.get(spreadsheetId);
  if (!data) throw new GasException(`No spreadsheet with id ${spreadsheetId}`);
  return new Spreadsheet({ world, exec: hostExecution(world), state }, data);
}

export function hostSheet(world: World, sheetName: string, spreadsheetId = world.boundSpreadsheetId): Sheet {
  const sheet = hostSpreadsheet(world, spreadsheetId).getSheetByName(sheetName);
  if (!sheet) throw new Error(`No sheet named "${sheetName}"`);
  return sheet;
}
