/**
 * Host-side helpers for tests: what a sales manager does by hand in the Sheets UI between
 * executions (sort, move/insert columns, rename headers, filter, select rows), plus
 * inspection. None of these go through the call counters, and none fire triggers.
 */
import type { World } from "../contract";
import { deleteColumns, insertColumns, lastContentRow, readValues, sortBlock, writeValues } from "./spreadsheet-cells";
import { type SheetData, type SpreadsheetData, a1Notation, columnLetters, parseA1, spreadsheetState } from "./spreadsheet-model";
import { findSheetByName, hostSheet, hostSpreadsheet } from "./spreadsheet";

function locate(world: World, sheetName: string, spreadsheetId?: string): { ss: SpreadsheetData; sheet: SheetData } {
  const state = spreadsheetState(world);
  const ss = state.spreadsheets.get(spreadsheetId ?? world.boundSpreadsheetId);
  if (!ss) throw new Error(`No spreadsheet with id ${spreadsheetId ?? world.boundSpreadsheetId}`);
  const sheet = findSheetByName(ss, sheetName);
  if (!sheet) throw new Error(`No sheet named "${sheetName}"`);
  return { ss, sheet };
}

/** getValues() of the sheet's data range ([[""]] when empty). */
export function readSheet(world: World, sheetName: string, spreadsheetId?: string): unknown[][] {
  const { ss, sheet } = locate(world, sheetName, spreadsheetId);
  const rows = Math.max(1, lastContentRow(sheet));
  const columns = Math.max(1, Math.max(sheet.values.lastColumn(), sheet.formulas.lastColumn()));
  return readValues(ss, sheet, { row: 0, column: 0, numRows: rows, numColumns: columns });
}

/** Type into cells as a user would (USER_ENTERED), starting at an A1 cell. */
export function typeCells(world: World, sheetName: string, a1: string, rows: unknown[][], spreadsheetId?: string): void {
  const { ss, sheet } = locate(world, sheetName, spreadsheetId);
  const start = parseA1(a1);
  const width = Math.max(...rows.map((r) => r.length));
  sheet.maxRows = Math.max(sheet.maxRows, start.row + rows.length - 1);
  sheet.maxColumns = Math.max(sheet.maxColumns, start.column + width - 1);
  const padded = rows.map((r) => [...r, ...new Array(width - r.length).fill(undefined)]);
  writeValues(ss, sheet, { row: start.row - 1, column: start.column - 1, numRows: rows.length, numColumns: width }, padded, world.clock.now());
}

/** Data → Sort range by one column, keeping `headerRows` rows in place. */
export function sortSheetRows(world: World, sheetName: string, column: number, ascending = true, headerRows = 1, spreadsheetId?: string): void {
  const { sheet } = locate(world, sheetName, spreadsheetId);
  const last = lastContentRow(sheet);
  if (last <= headerRows) return;
  sortBlock(sheet, { row: headerRows, column: 0, numRows: last - headerRows, numColumns: sheet.maxColumns }, [{ column, ascending }]);
}

/** Insert an empty column before `before` (1-based), optionally with a header in row 1. */
export function insertColumn(world: World, sheetName: string, before: number, header?: string, spreadsheetId?: string): void {
  const { ss, sheet } = locate(world, sheetName, spreadsheetId);
  insertColumns(sheet, before, 1);
  if (header !== undefined) writeValues(ss, sheet, { row: 0, column: before - 1, numRows: 1, numColumns: 1 }, [[header]], world.clock.now());
}

/** Drag column `from` so it ends up at position `to` (both 1-based, positions before the move). */
export function moveColumn(world: World, sheetName: string, from: number, to: number, spreadsheetId?: string): void {
  const { sheet } = locate(world, sheetName, spreadsheetId);
  if (from === to) return;
  const grids = [sheet.values, sheet.formulas, sheet.numberFormats, sheet.validations, ...sheet.styles.values()];
  const columns = grids.map((g) => g.rows.map((row) => row?.[from - 1]));
  deleteColumns(sheet, from, 1);
  const target = to;
  insertColumns(sheet, target, 1);
  grids.forEach((g, gi) => columns[gi].forEach((v, r) => v !== undefined && g.set(r, target - 1, v as never)));
}

export function deleteColumn(world: World, sheetName: string, column: number, spreadsheetId?: string): void {
  deleteColumns(locate(world, sheetName, spreadsheetId).sheet, column, 1);
}

/** Rename a header cell (row `headerRow`, default 1) found by its current text. */
export function renameHeader(world: World, sheetName: string, oldName: string, newName: string, headerRow = 1, spreadsheetId?: string): void {
  const { ss, sheet } = locate(world, sheetName, spreadsheetId);
  const row = sheet.values.rows[headerRow - 1] ?? [];
  const c = row.findIndex((v) => v === oldName);
  if (c < 0) throw new Error(`No header "${oldName}" in row ${headerRow} of ${sheetName}`);
  writeValues(ss, sheet, { row: headerRow - 1, column: c, numRows: 1, numColumns: 1 }, [[newName]], world.clock.now());
}

/**
 * Turn on a filter over the data range and hide the data rows (below `headerRows`) for which
 * `keep` returns false. `keep` receives the row's values as getValues returns them.
 */
export function filterRows(world: World, sheetName: string, keep: (row: unknown[], rowNumber: number) => boolean, headerRows = 1, spreadsheetId?: string): void {
  const { ss, sheet } = locate(world, sheetName, spreadsheetId);
  const values = readSheet(world, sheetName, spreadsheetId);
  sheet.hiddenRowsByFilter.clear();
  values.forEach((row, i) => {
    if (i >= headerRows && !keep(row, i + 1)) sheet.hiddenRowsByFilter.add(i + 1);
  });
  sheet.filterA1 = `A1:${columnLetters(Math.max(1, values[0].length))}${Math.max(1, values.length)}`;
  void ss;
}

export function clearFilter(world: World, sheetName: string, spreadsheetId?: string): void {
  const { sheet } = locate(world, sheetName, spreadsheetId);
  sheet.filterA1 = null;
  sheet.hiddenRowsByFilter.clear();
}

/** Select a range in the UI (what getActiveRange/getSelection return in later executions). */
export function setSelection(world: World, sheetName: string, a1: string, spreadsheetId?: string): void {
  const { ss, sheet } = locate(world, sheetName, spreadsheetId);
  const b = parseA1(a1);
  const lastRow = b.lastRow ?? sheet.maxRows;
  const lastColumn = b.lastColumn ?? sheet.maxColumns;
  ss.activeSheetId = sheet.sheetId;
  ss.selection = { sheetId: sheet.sheetId, row: b.row, column: b.column, numRows: lastRow - b.row + 1, numColumns: lastColumn - b.column + 1 };
}

export function getSelectionA1(world: World, spreadsheetId?: string): string | null {
  const ss = spreadsheetState(world).spreadsheets.get(spreadsheetId ?? world.boundSpreadsheetId);
  const sel = ss?.selection;
  return sel ? a1Notation(sel.row, sel.column, sel.numRows, sel.numColumns) : null;
}

/** Queue answers for Ui.alert (button names) and Ui.prompt ({button, text}), consumed in order. */
export function scriptUiResponses(world: World, responses: { alerts?: string[]; prompts?: { button?: string; text: string }[] }): void {
  const q = spreadsheetState(world).uiResponses;
  q.alerts.push(...(responses.alerts ?? []));
  q.prompts.push(...(responses.prompts ?? []).map((p) => ({ button: p.button ?? "OK", text: p.text })));
}

export function uiLog(world: World) {
  return spreadsheetState(world).uiLog;
}

/**
 * A person typing into the sheet: write the cells like `typeCells`, and return the onEdit
 * event Sheets would send (range of the edited block, value/oldValue for a single cell).
 * Script writes never produce this; only people's edits do.
 */
export function editCellsAsUser(world: World, sheetName: string, a1: string, rows: unknown[][], spreadsheetId?: string): { event: object } {
  const { sheet } = locate(world, sheetName, spreadsheetId);
  const start = parseA1(a1);
  const width = Math.max(...rows.map((r) => r.length));
  const single = rows.length === 1 && width === 1;
  const before = single ? readSheet(world, sheetName, spreadsheetId)[start.row - 1]?.[start.column - 1] : undefined;
  typeCells(world, sheetName, a1, rows, spreadsheetId);
  const range = hostSheet(world, sheet.name, spreadsheetId).getRange(start.row, start.column, rows.length, width);
  const event: Record<string, unknown> = { authMode: "LIMITED", range, source: hostSpreadsheet(world, spreadsheetId), user: { email: "" } };
  if (single) {
    event.value = String(rows[0]![0] ?? "");
    if (before !== undefined && before !== "") event.oldValue = String(before);
  }
  return { event };
}
