/**
 * Set up (idempotent): create or repair the six sheets, seed the defaults where a sheet
 * is empty, create the Google Form once, and leave exactly one form-submit trigger and
 * one five-minute worker trigger. Running it again changes nothing that a manager edited.
 */
import { DEFAULT_REGION_RULES } from "../core/regions";
import { DEFAULT_RUBRIC, GRADES } from "../core/rubric";
import { FIELD_LABELS, LEAD_FIELDS, type Lang, type LeadField } from "../core/lead";
import { LEAD_STATUSES } from "../core/pipeline";
import { invalidateConfig } from "./config";
import { PROP, scriptProps, spreadsheet } from "./env";
import { log } from "./log";
import { findSheet } from "./pipeline/sheet";
import { headerText, LEAD_COLUMN_DEFS, LOG_COLUMNS, mapColumns, REGION_COLUMNS, RUBRIC_COLUMNS, SALESPEOPLE_COLUMNS, SETTINGS_COLUMNS, sheetNameFor, type ColumnDef, type SheetKey } from "./schema";
import { parseSettings, regionSheetRows, rubricSheetRows, settingsSheetRows } from "./settings";

type Sheet = GoogleAppsScript.Spreadsheet.Sheet;

export const WORKER_FUNCTION = "runWorker";
export const FORM_SUBMIT_FUNCTION = "onFormSubmit";
export const WORKER_EVERY_MINUTES = 5;

export interface SetupReport {
  lang: Lang;
  spreadsheetId: string;
  formId: string;
  formUrl: string;
  created: string[];
  repaired: string[];
  triggers: { formSubmit: number; worker: number; removed: number };
}

/** Create the sheet if missing; make sure every app column has a header (missing ones appended). */
function ensureSheet(key: SheetKey, defs: readonly ColumnDef[], lang: Lang, report: SetupReport): { sheet: Sheet; fresh: boolean; cols: Record<string, number> } {
  const ss = spreadsheet();
  let sheet = findSheet(key);
  let fresh = false;
  if (!sheet) {
    sheet = ss.insertSheet(sheetNameFor(key));
    fresh = true;
    report.created.push(sheetNameFor(key));
  }
  const lastCol = sheet.getLastColumn();
  const header = lastCol > 0 ? sheet.getRange(1, 1, 1, lastCol).getValues()[0] : [];
  const found = mapColumns(header, defs);
  const missing = defs.filter((d) => found[d.key] === undefined);
  if (missing.length) {
    const start = header.length + 1;
    const need = start + missing.length - 1;
    if (need > sheet.getMaxColumns()) sheet.insertColumnsAfter(sheet.getMaxColumns(), need - sheet.getMaxColumns());
    sheet.getRange(1, start, 1, missing.length).setValues([missing.map((d) => headerText(d, lang))]);
    missing.forEach((d, i) => (found[d.key] = start - 1 + i));
    if (!fresh) report.repaired.push(`${sheetNameFor(key)}: ${missing.map((d) => d.key).join(", ")}`);
  }
  if (sheet.getFrozenRows() !== 1) sheet.setFrozenRows(1);
  sheet.getRange(1, 1, 1, Math.max(header.length, 0) + missing.length).setFontWeight("bold");
  return { sheet, fresh: fresh || sheet.getLastRow() <= 1, cols: found as Record<string, number> };
}

/** Number formats by column: "@" for text so typed values are never parsed as formulas or dates. */
function formatColumns(sheet: Sheet, defs: readonly ColumnDef[], cols: Record<string, number>): void {
  const rows = sheet.getMaxRows() - 1;
  if (rows < 1) return;
  // Group adjacent columns of one kind into one call.
  const kinds: { col: number; fmt: string }[] = defs
    .filter((d) => cols[d.key] !== undefined)
    .map((d) => ({ col: cols[d.key], fmt: d.kind === "text" ? "@" : d.kind === "date" ? "yyyy-mm-dd hh:mm" : "0" }))
    .sort((a, b) => a.col - b.col);
  let i = 0;
  while (i < kinds.length) {
    let j = i + 1;
    while (j < kinds.length && kinds[j].col === kinds[j - 1].col + 1 && kinds[j].fmt === kinds[i].fmt) j++;
    sheet.getRange(2, kinds[i].col + 1, rows, j - i).setNumberFormat(kinds[i].fmt);
    i = j;
  }
}

function listRule(values: string[], allowInvalid: boolean): GoogleAppsScript.Spreadsheet.DataValidation {
  return SpreadsheetApp.newDataValidation().requireValueInList(values, true).setAllowInvalid(allowInvalid).build();
}

function validate(sheet: Sheet, col: number | undefined, values: string[], allowInvalid: boolean): void {
  if (col === undefined) return;
  const rows = sheet.getMaxRows() - 1;
  if (rows < 1) return;
  sheet.getRange(2, col + 1, rows, 1).setDataValidation(listRule(values, allowInvalid));
}

function writeRows(sheet: Sheet, defs: readonly ColumnDef[], cols: Record<string, number>, rows: (string | number)[][], keys: readonly string[]): void {
  if (!rows.length) return;
  const width = Math.max(...keys.map((k) => cols[k])) + 1;
  const out = rows.map((r) => {
    const line: (string | number)[] = new Array(width).fill("");
    keys.forEach((k, i) => (line[cols[k]] = r[i]));
    return line;
  });
  const start = sheet.getLastRow() + 1;
  if (start + out.length - 1 > sheet.getMaxRows()) sheet.insertRowsAfter(sheet.getMaxRows(), start + out.length - 1 - sheet.getMaxRows());
  sheet.getRange(start, 1, out.length, width).setValues(out);
  void defs;
}

function regionNames(): string[] {
  const seen: string[] = [];
  for (const r of DEFAULT_REGION_RULES) if (!seen.includes(r.region)) seen.push(r.region);
  return seen;
}

/** The lead questions; long free text gets a paragraph box. */
const PARAGRAPH_FIELDS: readonly LeadField[] = ["leadDetails", "interactionDetails", "cooperationHistory"];

function ensureForm(lang: Lang, report: SetupReport): void {
  const props = scriptProps();
  const ss = spreadsheet();
  const existing = props.getProperty(PROP.formId);
  if (existing) {
    try {
      const form = FormApp.openById(existing);
      report.formId = existing;
      report.formUrl = form.getPublishedUrl();
      return;
    } catch (_e) {
      log("", "setup", "warning", "the recorded form could not be opened; a new one is created");
    }
  }
  const form = FormApp.create(lang === "zh" ? "销售线索登记" : "Sales lead");
  form.setDescription(lang === "zh" ? "请尽量完整填写，信息越完整评级越准确。" : "Please fill in as much as you can: the more complete, the better the grading.");
  for (const f of LEAD_FIELDS) {
    const title = FIELD_LABELS[f][lang];
    const item = PARAGRAPH_FIELDS.includes(f) || f === "leadDetails" ? form.addParagraphTextItem() : form.addTextItem();
    item.setTitle(title);
    if (f === "customerName") item.setRequired(true);
  }
  form.setDestination(FormApp.DestinationType.SPREADSHEET, ss.getId());
  props.setProperty(PROP.formId, form.getId());
  props.setProperty(PROP.formLang, lang);
  report.formId = form.getId();
  report.formUrl = form.getPublishedUrl();
  report.created.push("Form");
}

/** Exactly one form-submit trigger and one worker trigger; stale duplicates removed. */
export function ensureTriggers(report: SetupReport): void {
  const ss = spreadsheet();
  let formSubmit = 0;
  let worker = 0;
  for (const t of ScriptApp.getProjectTriggers()) {
    const fn = t.getHandlerFunction();
    const type = t.getEventType();
    const keep =
      (fn === FORM_SUBMIT_FUNCTION && type === ScriptApp.EventType.ON_FORM_SUBMIT && t.getTriggerSourceId() === ss.getId() && formSubmit === 0) ||
      (fn === WORKER_FUNCTION && type === ScriptApp.EventType.CLOCK && worker === 0);
    if (keep) {
      if (fn === FORM_SUBMIT_FUNCTION) formSubmit++;
      else worker++;
      continue;
    }
    if (fn === FORM_SUBMIT_FUNCTION || fn === WORKER_FUNCTION) {
      ScriptApp.deleteTrigger(t);
      report.triggers.removed++;
    }
  }
  if (!formSubmit) {
    ScriptApp.newTrigger(FORM_SUBMIT_FUNCTION).forSpreadsheet(ss).onFormSubmit().create();
    formSubmit = 1;
  }
  if (!worker) {
    ScriptApp.newTrigger(WORKER_FUNCTION).timeBased().everyMinutes(WORKER_EVERY_MINUTES).create();
    worker = 1;
  }
  report.triggers.formSubmit = formSubmit;
  report.triggers.worker = worker;
}

export function runSetup(): SetupReport {
  const ss = spreadsheet();
  const props = scriptProps();
  props.setProperty(PROP.spreadsheetId, ss.getId());
  const report: SetupReport = { lang: "zh", spreadsheetId: ss.getId(), formId: "", formUrl: "", created: [], repaired: [], triggers: { formSubmit: 0, worker: 0, removed: 0 } };

  // Settings first: it decides the language of everything else.
  const existingSettings = findSheet("settings");
  const lang: Lang = existingSettings ? parseSettings(existingSettings.getDataRange().getValues()).settings.language : "zh";
  report.lang = lang;

  const settings = ensureSheet("settings", SETTINGS_COLUMNS, lang, report);
  formatColumns(settings.sheet, SETTINGS_COLUMNS, settings.cols);
  {
    const have = new Set(settings.sheet.getLastRow() > 1 ? settings.sheet.getRange(2, settings.cols.key + 1, settings.sheet.getLastRow() - 1, 1).getValues().map((r) => String(r[0]).trim()) : []);
    const rows = settingsSheetRows(lang).filter((r) => !have.has(r[0]));
    writeRows(settings.sheet, SETTINGS_COLUMNS, settings.cols, rows, ["key", "label", "value", "help"]);
  }

  const leads = ensureSheet("leads", LEAD_COLUMN_DEFS, lang, report);
  formatColumns(leads.sheet, LEAD_COLUMN_DEFS, leads.cols);
  validate(leads.sheet, leads.cols.status, [...LEAD_STATUSES], false);
  validate(leads.sheet, leads.cols.grade, [...GRADES], true);
  validate(leads.sheet, leads.cols.region, regionNames(), true);

  const sales = ensureSheet("salespeople", SALESPEOPLE_COLUMNS, lang, report);
  formatColumns(sales.sheet, SALESPEOPLE_COLUMNS, sales.cols);
  validate(sales.sheet, sales.cols.region, regionNames(), true);
  validate(sales.sheet, sales.cols.active, lang === "zh" ? ["是", "否"] : ["yes", "no"], true);

  const rubric = ensureSheet("rubric", RUBRIC_COLUMNS, lang, report);
  formatColumns(rubric.sheet, RUBRIC_COLUMNS, rubric.cols);
  if (rubric.sheet.getLastRow() <= 1) writeRows(rubric.sheet, RUBRIC_COLUMNS, rubric.cols, rubricSheetRows(DEFAULT_RUBRIC, lang), ["dimension", "dimensionName", "option", "label", "points"]);

  const regions = ensureSheet("regions", REGION_COLUMNS, lang, report);
  formatColumns(regions.sheet, REGION_COLUMNS, regions.cols);
  if (regions.sheet.getLastRow() <= 1) writeRows(regions.sheet, REGION_COLUMNS, regions.cols, regionSheetRows(), ["place", "region", "remote"]);

  const logSheet = ensureSheet("log", LOG_COLUMNS, lang, report);
  formatColumns(logSheet.sheet, LOG_COLUMNS, logSheet.cols);

  ensureForm(lang, report);
  ensureTriggers(report);
  invalidateConfig();
  log("", "setup", "ok", `created: ${report.created.join(", ") || "-"}; repaired: ${report.repaired.join("; ") || "-"}; triggers removed: ${report.triggers.removed}`);
  return report;
}
