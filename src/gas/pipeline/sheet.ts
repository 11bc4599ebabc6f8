/**
 * The Leads sheet and its columns: finding the sheets, the columns each step needs, and
 * leads held back because the header lost a column they have text for.
 */
import { LEAD_FIELDS, type Lead, type LeadField } from "../../core/lead";
import { ADVICE_SECTIONS } from "../../core/result";
import { DIMENSION_KEYS } from "../../core/rubric";
import { spreadsheet } from "../env";
import type { LeadsTable } from "../leads";
import { log } from "../log";
import { LEAD_COLUMN_DEFS, pointsKey, sheetNameFor, SHEETS, type LeadColumnKey } from "../schema";
import { readTable } from "../table";

type Sheet = GoogleAppsScript.Spreadsheet.Sheet;

export class MissingSheetError extends Error {
  override name = "MissingSheetError";
}

let leadsSheetMemo: Sheet | null = null;

export function findSheet(key: keyof typeof SHEETS): Sheet | null {
  const ss = spreadsheet();
  for (const name of [sheetNameFor(key), ...SHEETS[key].aliases]) {
    const s = ss.getSheetByName(name);
    if (s) return s;
  }
  return null;
}

export function leadsSheet(): Sheet {
  if (!leadsSheetMemo) {
    leadsSheetMemo = findSheet("leads");
    if (!leadsSheetMemo) throw new MissingSheetError("The Leads sheet is missing: run leadgrade → Set up.");
  }
  return leadsSheetMemo;
}

/** The whole Leads sheet (menu actions and the API's read-back only; processing reads just what it needs). */
export function readLeads(): LeadsTable {
  return readTable(leadsSheet(), LEAD_COLUMN_DEFS);
}

// ---- columns each step needs ------------------------------------------------------------

export const STEP_COLUMNS: Record<string, readonly LeadColumnKey[]> = {
  intake: ["leadId", "status", "submittedAt", ...LEAD_FIELDS],
  grade: ["leadId", "status", "grade", "total", ...DIMENSION_KEYS.map(pointsKey)],
  assign: ["leadId", "status", "region", "owner", "ownerEmail"],
  advise: ["leadId", "status", "maturityLevel", ...ADVICE_SECTIONS],
  notify: ["leadId", "status", "notifiedAt", "ownerEmail"],
};

/** Columns a step needs that the header lacks; logs a clear message once per step. */
export function missingFor(t: LeadsTable, step: keyof typeof STEP_COLUMNS, reported: Set<string>): LeadColumnKey[] {
  const missing = STEP_COLUMNS[step].filter((k) => t.cols[k] === undefined);
  if (missing.length && !reported.has(step)) {
    reported.add(step);
    log("", step, "failed", `Leads sheet: column ${columnNames(missing)} not found (renamed or deleted?); step "${step}" stopped. Rename it back or run leadgrade → Set up to add it.`);
  }
  return missing;
}

/** Header names of lead columns as a person reads them: "线索详情" / "Lead details". */
export function columnNames(keys: readonly LeadColumnKey[]): string {
  return keys
    .map((k) => {
      const d = LEAD_COLUMN_DEFS.find((c) => c.key === k)!;
      return `"${d.zh}" / "${d.en}"`;
    })
    .join(", ");
}

/** Lead IDs already told about in this execution: a held lead is reported once per run. */
let heldReported = new Set<string>();

/**
 * Fields of a lead that hold text but have no column in this header (a header renamed or
 * deleted): writing the row now would drop that text.
 */
export function unwritableFields(t: LeadsTable, lead: Lead): LeadField[] {
  return LEAD_FIELDS.filter((f) => t.cols[f] === undefined && String(lead[f] ?? "").trim() !== "");
}

export function unwritableMessage(fields: readonly LeadField[]): string {
  return `Leads sheet: column ${columnNames(fields)} not found (renamed or deleted?), and this lead has text for it. The lead is kept waiting in full (nothing is written in part) and is written with all its text on the next run after the column is back: rename it back or run leadgrade → Set up to add it.`;
}

/** True when the lead cannot be written without losing text: it stays received (Script Properties) and is logged once per run. */
export function mustHold(t: LeadsTable, id: string, lead: Lead): boolean {
  const missing = unwritableFields(t, lead);
  if (!missing.length) return false;
  if (!heldReported.has(id)) {
    heldReported.add(id);
    log(id, "intake", "deferred", unwritableMessage(missing));
  }
  return true;
}

export function hasKeyColumns(t: LeadsTable): boolean {
  return t.cols.leadId !== undefined && t.cols.status !== undefined;
}

/** Forget what this execution learnt about the Leads sheet (see resetProcessState). */
export function resetSheetState(): void {
  leadsSheetMemo = null;
  heldReported = new Set();
}
