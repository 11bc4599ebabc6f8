/**
 * .xlsx persistence of emulated spreadsheets via exceljs.
 *
 * Kept: every sheet in order; values with their types (numbers, booleans, text, Dates as
 * date cells in the spreadsheet's time zone, "@" text cells, formulas with their computed
 * result); number formats; frozen rows/columns; column widths and hidden columns; bold,
 * background and wrap; list and range data validation. Emulator-only facts that xlsx cannot
 * express (spreadsheet id and name, time zone, sheet ids, grid size) travel as JSON in the
 * workbook's description property, so files written elsewhere still load.
 */
import ExcelJS from "exceljs";
import type { World } from "../contract";
import {
  type SheetData,
  type SpreadsheetData,
  type SpreadsheetState,
  type ValidationRule,
  DEFAULT_COLUMNS,
  DEFAULT_ROWS,
  Grid,
  createSpreadsheetData,
  newSheetData,
  spreadsheetState,
  styleGrid,
} from "./spreadsheet-model";
import { type CellValue, DEFAULT_NUMBER_FORMAT, dateToSerial, evaluateFormula, isDate, serialToDate } from "./spreadsheet-values";

const SERIAL_EPOCH_UTC = Date.UTC(1899, 11, 30);
const DAY_MS = 86_400_000;
/** Excel column width is in characters; Sheets in pixels. */
const PX_PER_CHAR = 7;
const META_KEY = "leadgrade-emulator";
/** Date cells need a date format in xlsx or they come back as plain numbers. */
const DEFAULT_DATE_FORMAT = "M/d/yyyy H:mm:ss";

interface WorkbookMeta {
  [META_KEY]: 1;
  id: string;
  name: string;
  timeZone: string;
  sheets: { name: string; sheetId: number; maxRows: number; maxColumns: number }[];
}

/** exceljs reads and writes Dates as UTC serials; carry the wall-clock time in the zone instead. */
function toExcelDate(date: Date, timeZone: string): Date {
  return new Date(SERIAL_EPOCH_UTC + Math.round(dateToSerial(date, timeZone) * DAY_MS));
}
function fromExcelDate(date: Date, timeZone: string): Date {
  return serialToDate((date.getTime() - SERIAL_EPOCH_UTC) / DAY_MS, timeZone);
}

function hexToArgb(color: string): string | null {
  const m = /^#?([0-9a-f]{6})$/i.exec(color);
  return m ? `FF${m[1].toUpperCase()}` : null;
}

function validationToExcel(rule: ValidationRule): ExcelJS.DataValidation | null {
  const common = {
    allowBlank: true,
    showErrorMessage: !rule.allowInvalid,
    showInputMessage: rule.helpText !== "",
    prompt: rule.helpText || undefined,
  };
  if (rule.criteria === "VALUE_IN_LIST") {
    const list = (rule.args[0] as string[]).map((v) => v.replace(/"/g, '""'));
    return { type: "list", formulae: [`"${list.join(",")}"`], ...common };
  }
  if (rule.criteria === "VALUE_IN_RANGE") {
    const range = rule.args[0] as { getA1Notation?: () => string; getSheet?: () => { getName(): string } } | string;
    if (typeof range === "string") return { type: "list", formulae: [range], ...common };
    if (!range.getA1Notation || !range.getSheet) return null;
    const [start, end = start] = range.getA1Notation().split(":");
    const abs = (a1: string) => a1.replace(/^([A-Z]+)(\d+)$/, "$$$1$$$2");
    return { type: "list", formulae: [`'${range.getSheet().getName().replace(/'/g, "''")}'!${abs(start)}:${abs(end)}`], ...common };
  }
  return null;
}

function validationFromExcel(dv: ExcelJS.DataValidation): ValidationRule | null {
  if (dv.type !== "list" || !dv.formulae?.length) return null;
  const formula = String(dv.formulae[0]);
  const base = { allowInvalid: !dv.showErrorMessage, helpText: dv.prompt ?? "" };
  if (formula.startsWith('"')) {
    const list = formula.slice(1, -1).replace(/""/g, '"').split(",");
    return { criteria: "VALUE_IN_LIST", args: [list, true], ...base };
  }
  // The range is kept as its A1 reference: no Range object exists outside an execution.
  return { criteria: "VALUE_IN_RANGE", args: [formula, true], ...base };
}

function formulaResult(v: CellValue | undefined, timeZone: string): ExcelJS.CellFormulaValue["result"] {
  if (v === undefined) return undefined;
  if (typeof v === "string" && /^#[A-Z0-9/]+[?!]?$/.test(v)) return { error: v as ExcelJS.CellErrorValue["error"] };
  return isDate(v) ? toExcelDate(v, timeZone) : v;
}

// ---------------------------------------------------------------------------------------

export async function saveSpreadsheetToFile(ss: SpreadsheetData, path: string): Promise<void> {
  const wb = new ExcelJS.Workbook();
  const meta: WorkbookMeta = { [META_KEY]: 1, id: ss.id, name: ss.name, timeZone: ss.timeZone, sheets: [] };
  for (const sheet of ss.sheets) {
    meta.sheets.push({ name: sheet.name, sheetId: sheet.sheetId, maxRows: sheet.maxRows, maxColumns: sheet.maxColumns });
    const ws = wb.addWorksheet(sheet.name);
    if (sheet.frozenRows || sheet.frozenColumns) {
      ws.views = [{ state: "frozen", xSplit: sheet.frozenColumns, ySplit: sheet.frozenRows }];
    }
    writeSheetCells(ss, sheet, ws);
    const columns = new Set<number>([...sheet.columnWidths.keys(), ...sheet.hiddenColumns]);
    for (const c of columns) {
      const col = ws.getColumn(c);
      const px = sheet.columnWidths.get(c);
      if (px !== undefined) col.width = px / PX_PER_CHAR;
      if (sheet.hiddenColumns.has(c)) col.hidden = true;
    }
    for (const r of sheet.hiddenRowsByUser) ws.getRow(r).hidden = true;
  }
  wb.description = JSON.stringify(meta);
  await wb.xlsx.writeFile(path);
}

function writeSheetCells(ss: SpreadsheetData, sheet: SheetData, ws: ExcelJS.Worksheet): void {
  const bold = sheet.styles.get("fontWeight");
  const background = sheet.styles.get("background");
  const wrap = sheet.styles.get("wrap");
  // Visit every cell that holds a value, a format, a style or a rule.
  const grids: Grid<unknown>[] = [sheet.values, sheet.formulas, sheet.numberFormats, sheet.validations, ...sheet.styles.values()] as Grid<unknown>[];
  const touched = new Map<number, Set<number>>();
  for (const g of grids) {
    g.rows.forEach((row, r) => {
      if (!row) return;
      let set = touched.get(r);
      row.forEach((v, c) => {
        if (v === undefined) return;
        if (!set) touched.set(r, (set = new Set()));
        set.add(c);
      });
    });
  }
  for (const [r, columns] of touched) {
    const row = ws.getRow(r + 1);
    for (const c of columns) {
      const cell = row.getCell(c + 1);
      const value = sheet.values.get(r, c);
      const formula = sheet.formulas.get(r, c);
      let format = sheet.numberFormats.get(r, c);
      if (formula !== undefined) cell.value = { formula: formula.slice(1), result: formulaResult(value, ss.timeZone) } as ExcelJS.CellFormulaValue;
      else if (value !== undefined) cell.value = isDate(value) ? toExcelDate(value, ss.timeZone) : value;
      if (isDate(value) && format === undefined) format = DEFAULT_DATE_FORMAT;
      if (format !== undefined) cell.numFmt = format;
      if (bold?.get(r, c) === "bold") cell.font = { bold: true };
      const bg = background?.get(r, c);
      const argb = typeof bg === "string" ? hexToArgb(bg) : null;
      if (argb) cell.fill = { type: "pattern", pattern: "solid", fgColor: { argb } };
      const w = wrap?.get(r, c);
      if (w === false) cell.alignment = { wrapText: false };
      const rule = sheet.validations.get(r, c);
      const dv = rule && validationToExcel(rule);
      if (dv) cell.dataValidation = dv;
    }
  }
}

/** Save a spreadsheet (default: the bound one) as .xlsx. */
export async function saveWorkbook(world: World, path: string, spreadsheetId = world.boundSpreadsheetId): Promise<void> {
  const ss = spreadsheetState(world).spreadsheets.get(spreadsheetId);
  if (!ss) throw new Error(`No spreadsheet with id ${spreadsheetId}`);
  await saveSpreadsheetToFile(ss, path);
}

// ---------------------------------------------------------------------------------------

function parseMeta(description: string | undefined): WorkbookMeta | null {
  if (!description) return null;
  try {
    const meta = JSON.parse(description) as WorkbookMeta;
    return meta && meta[META_KEY] === 1 ? meta : null;
  } catch {
    return null;
  }
}

function argbToHex(argb: string | undefined): string | null {
  return argb && /^[0-9A-F]{8}$/i.test(argb) ? `#${argb.slice(2).toLowerCase()}` : null;
}

function readCell(cell: ExcelJS.Cell, timeZone: string): { value?: CellValue; formula?: string } {
  const v = cell.value;
  if (v === null || v === undefined) return {};
  if (typeof v === "number" || typeof v === "boolean" || typeof v === "string") return { value: v };
  if (isDate(v)) return { value: fromExcelDate(v, timeZone) };
  if (typeof v === "object") {
    if ("formula" in v || "sharedFormula" in v) {
      const f = v as ExcelJS.CellFormulaValue & { sharedFormula?: string };
      const text = f.formula ?? (cell as unknown as { formula?: string }).formula ?? "";
      const formula = `=${text}`;
      const r = f.result;
      if (r === undefined || r === null) return { value: evaluateFormula(formula), formula };
      if (isDate(r)) return { value: fromExcelDate(r, timeZone), formula };
      if (typeof r === "object") return { value: (r as ExcelJS.CellErrorValue).error, formula };
      return { value: r, formula };
    }
    if ("richText" in v) return { value: (v as ExcelJS.CellRichTextValue).richText.map((t) => t.text).join("") };
    if ("hyperlink" in v) return { value: String((v as ExcelJS.CellHyperlinkValue).text) };
    if ("error" in v) return { value: (v as ExcelJS.CellErrorValue).error };
  }
  return { value: String(v) };
}

/** 1-based [row, column] pairs of "B2" or "B2:C5". */
function cellsOf(ref: string): [number, number][] {
  const [a, b = a] = ref.split(":").map((x) => {
    const m = /^\$?([A-Z]+)\$?(\d+)$/i.exec(x.trim());
    if (!m) return null;
    const letters = m[1].toUpperCase();
    let column = 0;
    for (const ch of letters) column = column * 26 + ch.charCodeAt(0) - 64;
    return [Number(m[2]), column] as [number, number];
  });
  if (!a || !b) return [];
  const out: [number, number][] = [];
  for (let r = Math.min(a[0], b[0]); r <= Math.max(a[0], b[0]); r++) {
    for (let c = Math.min(a[1], b[1]); c <= Math.max(a[1], b[1]); c++) out.push([r, c]);
  }
  return out;
}

function readWorksheet(ws: ExcelJS.Worksheet, sheet: SheetData, timeZone: string): void {
  const ruleCache = new Map<string, ValidationRule>();
  let lastRow = 0;
  let lastColumn = 0;
  ws.eachRow({ includeEmpty: true }, (row, r) => {
    row.eachCell({ includeEmpty: true }, (cell, c) => {
      const { value, formula } = readCell(cell, timeZone);
      const format = cell.numFmt;
      const styled = value !== undefined || formula !== undefined || (format && format !== "General") || cell.font?.bold || cell.fill;
      if (!styled) return;
      lastRow = Math.max(lastRow, r);
      lastColumn = Math.max(lastColumn, c);
      if (value !== undefined && value !== "") sheet.values.set(r - 1, c - 1, value);
      if (formula !== undefined) sheet.formulas.set(r - 1, c - 1, formula);
      if (format && format !== "General" && format !== DEFAULT_NUMBER_FORMAT) sheet.numberFormats.set(r - 1, c - 1, format);
      if (cell.font?.bold) styleGrid(sheet, "fontWeight").set(r - 1, c - 1, "bold");
      const fill = cell.fill as ExcelJS.FillPattern | undefined;
      const bg = fill?.type === "pattern" ? argbToHex(fill.fgColor?.argb) : null;
      if (bg) styleGrid(sheet, "background").set(r - 1, c - 1, bg);
      if (cell.alignment?.wrapText === false) styleGrid(sheet, "wrap").set(r - 1, c - 1, false);
    });
    if (row.hidden) sheet.hiddenRowsByUser.add(r);
  });
  // Validations live at the worksheet level, also on cells that hold nothing else.
  const model = (ws as unknown as { dataValidations?: { model?: Record<string, ExcelJS.DataValidation> } }).dataValidations?.model ?? {};
  for (const [address, dv] of Object.entries(model)) {
    const key = JSON.stringify(dv);
    let rule = ruleCache.get(key);
    if (!rule) {
      const parsed = validationFromExcel(dv);
      if (!parsed) continue;
      ruleCache.set(key, (rule = parsed));
    }
    for (const [r, c] of cellsOf(address.replace(/^range:/, ""))) {
      sheet.validations.set(r - 1, c - 1, rule);
      lastColumn = Math.max(lastColumn, c);
    }
  }
  const view = ws.views?.[0] as ExcelJS.WorksheetView & { xSplit?: number; ySplit?: number };
  if (view?.state === "frozen") {
    sheet.frozenRows = view.ySplit ?? 0;
    sheet.frozenColumns = view.xSplit ?? 0;
  }
  (ws.columns ?? []).forEach((col, i) => {
    if (col.width !== undefined) sheet.columnWidths.set(i + 1, Math.round(col.width * PX_PER_CHAR));
    if (col.hidden) sheet.hiddenColumns.add(i + 1);
  });
  sheet.maxRows = Math.max(sheet.maxRows, lastRow, ws.rowCount);
  sheet.maxColumns = Math.max(sheet.maxColumns, lastColumn);
}

/**
 * Load an .xlsx as a new spreadsheet in the state. Files this module wrote come back with
 * their id, name, time zone, sheet ids and grid sizes; other files get a fresh id, `name`,
 * the state's time zone and grids of at least 1000×26.
 */
export async function loadWorkbook(state: SpreadsheetState, path: string, name: string, id?: string): Promise<SpreadsheetData> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(path);
  const meta = parseMeta(wb.description);
  const data = createSpreadsheetData(state, meta?.name ?? name);
  const finalId = id ?? meta?.id ?? data.id;
  if (finalId !== data.id) {
    state.spreadsheets.delete(data.id);
    data.id = finalId;
    state.spreadsheets.set(finalId, data);
  }
  if (meta?.timeZone) data.timeZone = meta.timeZone;
  data.sheets = [];
  let nextSheetId = 0;
  wb.eachSheet((ws) => {
    const m = meta?.sheets.find((s) => s.name === ws.name);
    const sheet = newSheetData(m?.sheetId ?? nextSheetId, ws.name, m?.maxRows ?? DEFAULT_ROWS, m?.maxColumns ?? DEFAULT_COLUMNS);
    nextSheetId = Math.max(nextSheetId, sheet.sheetId) + 1;
    readWorksheet(ws, sheet, data.timeZone);
    data.sheets.push(sheet);
  });
  if (data.sheets.length === 0) data.sheets.push(newSheetData(0, "Sheet1"));
  data.nextSheetId = data.sheets.length;
  data.activeSheetId = data.sheets[0].sheetId;
  return data;
}

