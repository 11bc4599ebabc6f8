/** Exact Apps Script error texts used by the SpreadsheetApp emulation (spec section 1, G1, G2). */
import { GasException } from "../contract";
import { isDate } from "./spreadsheet-values";

/** How Apps Script names an argument's type in a G2 signature error. */
export function gasTypeName(a: unknown): string {
  if (a === null) return "null";
  if (a === undefined) return "undefined";
  if (Array.isArray(a)) {
    const first = a.find((x) => x !== null && x !== undefined);
    if (typeof first === "string") return "String[]";
    if (typeof first === "number") return "number[]";
    if (Array.isArray(first)) return "Object[][]";
    return "Object[]";
  }
  if (isDate(a)) return "Date";
  if (typeof a === "object") return (a as { __gasClass?: string }).__gasClass ?? "Object";
  return typeof a;
}

/**
 * G2: "The parameters (<types>) don't match the method signature for <Class>.<method>."
 * Trailing `undefined`s are dropped: a bundle calling f(a, undefined) looks like f(a) to Apps Script.
 */
export function gasSignatureError(gasClass: string, method: string, args: unknown[]): GasException {
  const shown = args.slice();
  while (shown.length && shown[shown.length - 1] === undefined) shown.pop();
  return new GasException(`The parameters (${shown.map(gasTypeName).join(",")}) don't match the method signature for ${gasClass}.${method}.`);
}

export const ERR = {
  rowTooSmall: "The starting row of the range is too small.",
  columnTooSmall: "The starting column of the range is too small.",
  rowsAtLeastOne: "The number of rows in the range must be at least 1.",
  columnsAtLeastOne: "The number of columns in the range must be at least 1.",
  outsideSheet: "The coordinates of the range are outside the dimensions of the sheet.",
  rowsOutOfBounds: "Those rows are out of bounds.",
  columnsOutOfBounds: "Those columns are out of bounds.",
  deleteAllRows: "Sorry, it is not possible to delete all non-frozen rows.",
  deleteAllColumns: "Sorry, it is not possible to delete all non-frozen columns.",
  deleteLastSheet: "You can't remove all the sheets in a document.",
  cellTooLong: "Your input contains more than the maximum of 50000 characters in a single cell.",
  uiContext: "Cannot call SpreadsheetApp.getUi() from this context.",
  dataRows: (data: number, range: number) =>
    `The number of rows in the data does not match the number of rows in the range. The data has ${data} but the range has ${range}.`,
  dataColumns: (data: number, range: number) =>
    `The number of columns in the data does not match the number of columns in the range. The data has ${data} but the range has ${range}.`,
  sheetExists: (name: string) => `A sheet with the name "${name}" already exists. Please enter another name.`,
  openById: "Unexpected error while getting the method or property openById on object SpreadsheetApp.",
  openByUrl: "Unexpected error while getting the method or property openByUrl on object SpreadsheetApp.",
  uiPermission: (method: string) =>
    `You do not have permission to call Ui.${method}. Required permissions: https://www.googleapis.com/auth/script.container.ui`,
} as const;

export function fail(message: string): never {
  throw new GasException(message);
}
