/**
 * Moving leads through their states, with the spreadsheet cost shared by many leads.
 *
 *   intake  (script lock, no sheet call): dedupe through the durable "seen:<id>" index in
 *           Script Properties and record the lead ("in:<id>") for the lease holder. doPost,
 *           a lead too large for a property, or a full store append the row at once instead
 *           (header row, appendRow, flush). No Log row for a lead that simply arrived.
 *   drain   (one execution at a time: the processing lease in Script Properties): find every
 *           unsettled lead (one read of the ID/Submitted/Status columns and one of Notified
 *           at, then only those rows), then loop over batches: grade and advise (fetchAll,
 *           no lock), commit under one short lock (re-read the header and the rows being
 *           written, check each still holds its lead, append received leads with their
 *           results, assign, write blocks of adjacent rows, flush), send due e-mails. It
 *           loops until nothing is due, so one execution drains a burst; executions that
 *           find the lease taken exit at once, and INTAKE_SEQ tells the holder they came.
 *   notify  e-mails are recorded in Script Properties the moment they are sent ("sent:<id>")
 *           and marked in the row by the next commit, so none is ever sent twice.
 * Every step checks the row's state first, so running it again changes nothing.
 */
import { composeIncompleteEmail, composeManagerEmail, composeOwnerEmail, type ComposedEmail } from "../core/email";
import { chooseOwner, parseSalespeople, regionKey, SALESPERSON_HEADERS, SALESPERSON_COLUMNS, withLeadAssigned, type Salesperson, type SalespersonProblem } from "../core/assign";
import { LEAD_FIELDS, type Lead, type LeadField } from "../core/lead";
import { OVERSEAS_REGION } from "../core/regions";
import { isIncomplete } from "../core/score";
import { needsWork, nextStep, parseStatus, retryAfterFailure, notifyDueAt, type LeadStatus, type Step } from "../core/pipeline";
import type { Advice, GradeResult } from "../core/result";
import { ADVICE_SECTIONS } from "../core/result";
import { DIMENSION_KEYS } from "../core/rubric";
import type { AppConfig } from "./config";
import { errorText, formatTime, nowMs, PROP, scriptProps, spreadsheet } from "./env";
import type { Engines } from "./engines";
import { advicePatch, adviceOf, leadOf, progressOf, resultOf, resultPatch, type LeadsTable } from "./leads";
import { withScriptLock } from "./lock";
import { log } from "./log";
import { sendMail } from "./mail";
import { LEAD_COLUMN_DEFS, mapColumns, pointsKey, sheetNameFor, SHEETS, type ColumnDef, type LeadColumnKey } from "./schema";
import { flushRows, get, indexBy, loadRows, patchRow, readColumns, readHeader, readTable, rowFrom, sparseTable, text, type Cell, type PendingWrite, type RowPatch, type Table } from "./table";

type Sheet = GoogleAppsScript.Spreadsheet.Sheet;

/** The processing lease outlives any single execution (6 minutes), so a crashed holder's work is picked up again. */
const LEASE_MS = 6 * 60_000 + 30_000;
const LOCK_WAIT_MS = 30_000;
/** Rows added beyond the grid when appending, so the next commits need not grow it again. */
const SPARE_ROWS = 100;
/** A received lead is kept in Script Properties only below this size (the per-value limit is 9 KB). */
const MAX_RECEIVED_BYTES = 8000;
/** How long the dedupe index remembers a lead (a re-fired event or retried API call comes within minutes). */
export const SEEN_DAYS = 14;
/** An idle runWorker still scans the sheet this often, for rows people changed by hand. */
const BACKSTOP_SCAN_MS = 30 * 60_000;

export class MissingSheetError extends Error {
  override name = "MissingSheetError";
}

let leadsSheetMemo: Sheet | null = null;
let rowUrlBase: string | null = null;

export function resetProcessState(): void {
  leadsSheetMemo = null;
  rowUrlBase = null;
  salesSheetMemo = undefined;
  salesReported = false;
  heldReported = new Set();
}

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

const STEP_COLUMNS: Record<string, readonly LeadColumnKey[]> = {
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
function columnNames(keys: readonly LeadColumnKey[]): string {
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
function unwritableFields(t: LeadsTable, lead: Lead): LeadField[] {
  return LEAD_FIELDS.filter((f) => t.cols[f] === undefined && String(lead[f] ?? "").trim() !== "");
}

function unwritableMessage(fields: readonly LeadField[]): string {
  return `Leads sheet: column ${columnNames(fields)} not found (renamed or deleted?), and this lead has text for it. The lead is kept waiting in full (nothing is written in part) and is written with all its text on the next run after the column is back: rename it back or run leadgrade → Set up to add it.`;
}

/** True when the lead cannot be written without losing text: it stays received (Script Properties) and is logged once per run. */
function mustHold(t: LeadsTable, id: string, lead: Lead): boolean {
  const missing = unwritableFields(t, lead);
  if (!missing.length) return false;
  if (!heldReported.has(id)) {
    heldReported.add(id);
    log(id, "intake", "deferred", unwritableMessage(missing));
  }
  return true;
}

function hasKeyColumns(t: LeadsTable): boolean {
  return t.cols.leadId !== undefined && t.cols.status !== undefined;
}

// ---- the work of one batch ---------------------------------------------------------------

export interface WorkItem {
  id: string;
  /** The status the plan saw; commit skips the item if the row has moved on since. */
  expectedStatus: LeadStatus | undefined;
  step: Step;
  lead: Lead;
  receivedAt: number;
  result?: GradeResult;
  /** The grade already in the row (advice for a lead graded in an earlier run). */
  storedResult?: GradeResult;
  gradeError?: string;
  advice?: Advice;
  adviceError?: string;
  escalate?: string;
  /** A lead received by intake but not yet in the sheet: the row commit appends (with its results). */
  append?: RowPatch<LeadColumnKey>;
  input?: IntakeInput;
  /** The intake record of an `append` item was marked "being written" by an earlier commit that may have died. */
  uncertain?: boolean;
  /** Set by commit. */
  skipped?: boolean;
  duplicate?: boolean;
  appended?: boolean;
  /** Not written: the header lacks a column for some of its text (kept received for a later run). */
  held?: boolean;
  /** The advice is the offline template because the model failed (the fallback code). */
  adviceFallback?: string;
}

export interface RunOptions {
  cfg: AppConfig;
  engines: Engines;
  deadlineMs: number;
}

export interface RunSummary {
  planned: number;
  graded: number;
  assigned: number;
  advised: number;
  notified: number;
  deferred: number;
  failed: number;
  /** Stopped early because the time budget ran out. */
  outOfTime: boolean;
}

function emptySummary(): RunSummary {
  return { planned: 0, graded: 0, assigned: 0, advised: 0, notified: 0, deferred: 0, failed: 0, outOfTime: false };
}

function isHeavy(step: Step): boolean {
  return step.kind === "grade" || step.kind === "advise" || step.kind === "assign";
}

function isMailOnly(step: Step): boolean {
  return step.kind === "notify" || step.kind === "ask-completion" || step.kind === "escalate";
}

/** The step a loaded row needs now (a manager who completed an Incomplete lead gets it graded again). */
function stepOf(t: LeadsTable, r: number, now: number, cfg: AppConfig): Step {
  const p = progressOf(t, r);
  let step = nextStep(p, now, cfg.settings);
  if (p.status === "incomplete" && t.cols.grade !== undefined && !isIncomplete(leadOf(t, r), cfg.rubric)) step = { kind: "grade" };
  return step;
}

interface Plan {
  items: WorkItem[];
  /** Heavy steps left for a later batch. */
  heavyLeft: number;
  /** Earliest time a waiting lead falls due (Infinity when none waits). */
  nextDueAt: number;
}

/** Pick the leads that need a step now, oldest first: up to the batch size of model work, and every e-mail. */
function plan(t: LeadsTable, rows: Map<string, number>, received: readonly Received[], opts: RunOptions, now: number): Plan {
  const s = opts.cfg.settings;
  const candidates: { item: WorkItem; at: number }[] = [];
  let nextDueAt = Infinity;
  for (const q of received) {
    if (rows.has(q.input.id)) continue; // already in the sheet: the commit drops the record
    if (mustHold(t, q.input.id, q.input.lead)) continue; // its text has no column: wait, do not grade it for nothing
    candidates.push({ item: { id: q.input.id, expectedStatus: "new", step: { kind: "grade" }, lead: q.input.lead, receivedAt: q.input.receivedAt, append: newRow(q.input), input: q.input, uncertain: q.writing }, at: q.input.receivedAt });
  }
  rows.forEach((r, id) => {
    const p = progressOf(t, r);
    const step = stepOf(t, r, now, opts.cfg);
    if (step.kind === "wait") nextDueAt = Math.min(nextDueAt, step.until);
    if (!needsWork(step)) return;
    candidates.push({ item: { id, expectedStatus: p.status, step, lead: leadOf(t, r), receivedAt: p.submittedAt ?? now }, at: p.submittedAt ?? 0 });
  });
  candidates.sort((a, b) => a.at - b.at);
  const items: WorkItem[] = [];
  let heavy = 0;
  let heavyLeft = 0;
  for (const c of candidates) {
    if (isHeavy(c.item.step)) {
      if (heavy >= s.batchSize) {
        heavyLeft++;
        continue;
      }
      heavy++;
    }
    if (c.item.step.kind === "escalate" && c.item.expectedStatus !== "needs-attention") c.item.escalate = escalationText(c.item.step.why);
    items.push(c.item);
  }
  return { items, heavyLeft, nextDueAt };
}

/** The grade an item's advice is based on, or undefined when it gets no advice in this round. */
function adviceBasis(it: WorkItem, t: LeadsTable, rowOf: Map<string, number>, cfg: AppConfig, assignBlocked: boolean): GradeResult | undefined {
  if (it.advice || it.adviceError) return undefined;
  let result = it.result;
  if (!result && (it.step.kind === "advise" || it.step.kind === "assign")) {
    const r = rowOf.get(it.id);
    if (r !== undefined) result = resultOf(t, r, cfg.rubric);
    if (!result) {
      it.adviceError = "the row's grade columns could not be read; re-grade the row";
      return undefined;
    }
    it.storedResult = result;
  }
  if (!result || result.grade === "Incomplete") return undefined;
  // No owner can be written (an assignment column is missing): advice would be thrown away.
  if (assignBlocked && (it.step.kind === "grade" || it.step.kind === "assign")) return undefined;
  if (it.step.kind === "grade" || it.step.kind === "advise" || it.step.kind === "assign") return result;
  return undefined;
}

/** Grade and advise outside the lock. */
function work(items: WorkItem[], t: LeadsTable, rowOf: Map<string, number>, opts: RunOptions, summary: RunSummary): void {
  const { cfg, engines } = opts;
  const assignBlocked = STEP_COLUMNS.assign.some((k) => t.cols[k] === undefined);
  const toGrade = items.filter((it) => it.step.kind === "grade" && !it.result);
  if (toGrade.length) {
    const out = engines.grade(toGrade.map((it) => ({ id: it.id, lead: it.lead, receivedAt: it.receivedAt })), cfg, opts.deadlineMs);
    toGrade.forEach((it, k) => {
      const o = out[k];
      if (o.ok) it.result = o.value;
      else it.gradeError = o.error;
    });
  }
  if (nowMs() > opts.deadlineMs) {
    summary.outOfTime = true;
    return;
  }
  // Advice for leads that have (or just got) a usable grade and will have an owner.
  const toAdvise = items.filter((it) => adviceBasis(it, t, rowOf, cfg, assignBlocked) !== undefined);
  if (toAdvise.length) {
    const out = engines.advise(toAdvise.map((it) => ({ id: it.id, lead: it.lead, result: (it.result ?? it.storedResult)!, receivedAt: it.receivedAt })), cfg, opts.deadlineMs);
    toAdvise.forEach((it, k) => {
      const o = out[k];
      if (o.ok) {
        it.advice = o.value;
        it.adviceFallback = o.fallback;
      } else it.adviceError = o.error;
    });
  }
}

interface SalesState {
  table: Table<string>;
  reps: Salesperson[];
  problems: SalespersonProblem[];
  changed: Set<string>;
  /** A lead was assigned in this commit (only then is the sheet written). */
  assigned: boolean;
}

function salespeopleDefs(): ColumnDef[] {
  return SALESPERSON_COLUMNS.map((k) => ({ key: k, zh: SALESPERSON_HEADERS[k].zh, en: SALESPERSON_HEADERS[k].en, kind: "text" as const, aliases: SALESPERSON_HEADERS[k].aliases }));
}

let salesSheetMemo: Sheet | null | undefined;
/** Salespeople problems were logged in this execution. */
let salesReported = false;

/**
 * Reps whose region no lead can ever have: not a region of the Regions sheet, not the
 * overseas region, not the fallback region (a typo like 火星, or a region the map lacks).
 * They silently never get leads, so each is named (row and value).
 */
function unknownRegionProblems(reps: readonly Salesperson[], cfg: AppConfig): SalespersonProblem[] {
  const known = new Set<string>([OVERSEAS_REGION, cfg.settings.fallbackRegion, ...cfg.regions.map((r) => r.region)].filter(Boolean).map(regionKey));
  const out: SalespersonProblem[] = [];
  for (const rep of reps) {
    if (!rep.region || known.has(regionKey(rep.region))) continue;
    const message =
      cfg.lang === "zh"
        ? `销售人员表第${rep.row}行“区域”列：“${rep.region}”不是区域表（Regions）中的区域，也不是兜底区域，该销售（${rep.name}）不会被分配线索。请改成区域表中的区域，或在区域表中加上它。`
        : `Salespeople row ${rep.row}, column "region": "${rep.region}" is not a region of the Regions sheet nor the fallback region; ${rep.name} will not get leads. Use a region from the Regions sheet, or add it there.`;
    out.push({ row: rep.row, column: "region", message });
  }
  return out;
}

function readSales(cfg: AppConfig): SalesState | null {
  if (salesSheetMemo === undefined) salesSheetMemo = findSheet("salespeople");
  const sheet = salesSheetMemo;
  if (!sheet) {
    log("", "assign", "failed", "The Salespeople sheet is missing: run leadgrade → Set up.");
    return null;
  }
  const table = readTable(sheet, salespeopleDefs());
  const parsed = parseSalespeople(table.values, {}, cfg.lang);
  parsed.problems.push(...unknownRegionProblems(parsed.reps, cfg));
  // Reported once per run, whether or not anybody could be assigned (an unmatched region is why nobody was).
  if (!salesReported) {
    salesReported = true;
    for (const pr of parsed.problems.slice(0, 10)) log("", "assign", "warning", pr.message);
    if (parsed.problems.length > 10) log("", "assign", "warning", `Salespeople: ${parsed.problems.length - 10} more problem(s) not listed.`);
  }
  // A blank or unreadable count was given the region's lowest count: write it down, or
  // the newcomer would stay "lowest" forever and win every tie.
  const changed = new Set(parsed.reps.filter((r) => r.countWasBlank || r.countWasInvalid).map((r) => r.key));
  return { table, reps: parsed.reps, problems: parsed.problems, changed, assigned: false };
}

function writeSales(s: SalesState): void {
  const countCol = s.table.cols.count;
  if (countCol === undefined || !s.assigned || !s.changed.size) return;
  // One write from the first to the last changed rep: the counts between were read under this lock.
  let first = Infinity;
  let last = -1;
  for (const rep of s.reps) {
    if (!s.changed.has(rep.key)) continue;
    const r = rep.row - 1;
    s.table.values[r][countCol] = rep.count;
    first = Math.min(first, r);
    last = Math.max(last, r);
  }
  if (last < 0) return;
  const block: Cell[][] = [];
  for (let r = first; r <= last; r++) block.push([s.table.values[r]?.[countCol] ?? ""]);
  s.table.sheet.getRange(first + 1, countCol + 1, block.length, 1).setValues(block);
}


function failPatch(p: RowPatch<LeadColumnKey>, attempts: number, error: string, now: number, cfg: AppConfig): void {
  p.attempts = attempts + 1;
  p.error = error.slice(0, 500);
  p.retryAt = new Date(retryAfterFailure(now, cfg.settings));
}

// ---- reading just what is needed ------------------------------------------------------------

/** A lead whose row needs nothing more, judged from the Status and Notified at cells alone. */
function isSettled(statusCell: unknown, notifiedCell: unknown): boolean {
  const status = parseStatus(statusCell);
  if (status === "incomplete") return false; // a manager may complete it: it is graded again
  if (status === "notified") return true;
  return notifiedCell !== undefined && notifiedCell !== null && String(notifiedCell).trim() !== "";
}

/** The leads a drain works on: their rows loaded in `t`, ID → row index. */
interface View {
  t: LeadsTable;
  rows: Map<string, number>;
  /** 0-based index of the last row the view knows of; rows after it are new. */
  lastRow: number;
  /** INTAKE_SEQ when the view was read. */
  seq: number;
  /** lastRow was read from the sheet under the current lock hold. */
  lastRowFresh?: boolean;
}

function intakeSeq(): number {
  return Number(scriptProps().getProperty(PROP.intakeSeq) ?? 0) || 0;
}

/**
 * Find every unsettled lead: one read of the ID/Submitted/Status columns (adjacent by
 * default) and one of Notified at, then only the unsettled rows. Later rows carrying an
 * ID already seen are duplicates (the dedupe index had forgotten the lead): returned apart.
 */
function scanLeads(sheet: Sheet, header: Cell[]): { view: View; duplicates: number[] } {
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
function reread(prev: View, expect: Map<string, number>): View {
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
function unsettled(view: View): Map<string, number> {
  const out = new Map<string, number>();
  view.rows.forEach((r, id) => {
    if (!isSettled(get(view.t, r, "status"), get(view.t, r, "notifiedAt"))) out.set(id, r);
  });
  return out;
}

// ---- commit ---------------------------------------------------------------------------------

interface Sent {
  id: string;
  /** Where the row was when the e-mail was composed (verified again before marking). */
  row: number;
  status: LeadStatus;
}

/**
 * Under the script lock: re-read what will be written, apply the batch's results, assign
 * owners (Salespeople re-read inside the lock), mark e-mails already sent, write blocks of
 * adjacent rows, flush. Returns the fresh view (with rows appended meanwhile).
 */
function commit(prev: View, items: WorkItem[], marks: Sent[], opts: RunOptions, summary: RunSummary): View {
  const view = writeUnderLock(prev, items, marks, opts, summary);
  // The appended rows are written and flushed: their intake records are done.
  const props = scriptProps();
  for (const it of items) if (it.append && (it.appended || it.duplicate)) props.deleteProperty(PROP.receivedPrefix + it.id);
  // The rows now say notified (written and flushed): the markers have done their job.
  if (marks.length) {
    const props = scriptProps();
    for (const s of marks) props.deleteProperty(PROP.sentPrefix + s.id);
  }
  return view;
}

function writeUnderLock(prev: View, items: WorkItem[], marks: Sent[], opts: RunOptions, summary: RunSummary): View {
  return withScriptLock(LOCK_WAIT_MS, () => {
    const expect = new Map(prev.rows);
    for (const s of marks) if (!expect.has(s.id)) expect.set(s.id, s.row);
    const view = reread(prev, expect);
    const t = view.t;
    const reported = new Set<string>();
    if (!hasKeyColumns(t)) {
      missingFor(t, "intake", reported);
      return view;
    }
    const { cfg } = opts;
    const idx = view.rows;
    const now = nowMs();
    const nowDate = new Date(now);
    const writes: PendingWrite[] = [];
    let sales: SalesState | null | undefined;
    const canAssign = missingFor(t, "assign", reported).length === 0;
    const canGrade = missingFor(t, "grade", reported).length === 0;
    const canAdvise = missingFor(t, "advise", reported).length === 0;

    const appends = items.filter((it) => it.append);
    if (appends.length) {
      // A record an earlier commit was writing when it died: is the row there after all?
      let inSheet: Set<string> | null = null;
      if (appends.some((it) => it.uncertain)) inSheet = new Set((readColumns(t.sheet, [t.cols.leadId!], 2).get(t.cols.leadId!) ?? []).map((c) => String(c ?? "").trim()));
      if (!view.lastRowFresh) view.lastRow = Math.max(view.lastRow, t.sheet.getLastRow() - 1);
      let next = view.lastRow + 1;
      for (const it of appends) {
        if (idx.has(it.id) || (inSheet && inSheet.has(it.id))) {
          it.duplicate = true;
          continue;
        }
        // The header (re-read under this lock) lost a column this lead has text for: keep it received.
        if (mustHold(t, it.id, it.input!.lead)) {
          it.held = true;
          continue;
        }
        t.values[next] = rowFrom(t, it.append!);
        idx.set(it.id, next);
        next++;
      }
      if (next > view.lastRow + 1) {
        const max = t.sheet.getMaxRows();
        if (next > max) t.sheet.insertRowsAfter(max, next - max + SPARE_ROWS);
        // Write-ahead: if this execution dies after the write, the next drain checks the sheet first.
        const marked: Record<string, string> = {};
        for (const it of appends) if (!it.duplicate && !it.held) marked[PROP.receivedPrefix + it.id] = JSON.stringify({ ...it.input!, writing: true });
        scriptProps().setProperties(marked, false);
      }
    }
    const allCols = Object.values(t.cols) as number[];

    for (const it of items) {
      if (it.duplicate || it.held) continue;
      const r = idx.get(it.id);
      if (r === undefined) {
        it.skipped = true;
        log(it.id, it.step.kind, "skipped", "the row is gone (deleted?)");
        continue;
      }
      if (it.append) {
        it.appended = true;
        view.lastRow = Math.max(view.lastRow, r);
        writes.push({ rowIndex: r, touched: allCols });
      }
      const cur = progressOf(t, r);
      if (cur.status !== it.expectedStatus) {
        it.skipped = true;
        continue;
      }
      let status = cur.status;
      const p: RowPatch<LeadColumnKey> = {};

      if (it.escalate) {
        status = "needs-attention";
        p.error = it.escalate;
      }
      if (it.gradeError) {
        failPatch(p, cur.attempts, it.gradeError, now, cfg);
        summary.failed++;
        log(it.id, "grade", "retry", it.gradeError);
      } else if (it.result && canGrade && (status === "new" || status === "incomplete")) {
        Object.assign(p, resultPatch(it.result));
        p.gradedAt = nowDate;
        p.error = "";
        p.retryAt = "";
        p.attempts = 0;
        status = it.result.grade === "Incomplete" ? "incomplete" : "graded";
        if (status === "graded" && text(t, r, "ownerEmail")) status = "assigned"; // regraded: keep the owner
        summary.graded++;
        log(it.id, "grade", "ok", `${it.result.grade} ${it.result.total} (${it.result.engine}${it.result.fallbackReason ? ", fallback: " + it.result.fallbackReason : ""})`);
      }
      if (status === "graded" && !canAssign) {
        // Said in the row too (the Log says it once per run); retried after the retry delay, not counted as a failed try.
        const msg = `Not assigned yet: the Leads sheet has no column ${columnNames(missingFor(t, "assign", reported))} (renamed or deleted?). Rename it back or run leadgrade → Set up; assignment then resumes.`;
        if (text(t, r, "error") !== msg) p.error = msg;
        p.retryAt = new Date(retryAfterFailure(now, cfg.settings));
      }
      if (status === "graded" && canAssign) {
        if (sales === undefined) sales = readSales(cfg);
        if (sales) {
          const region = it.result?.region ?? text(t, r, "region");
          const choice = chooseOwner(sales.reps, region, cfg.settings.fallbackRegion);
          if (choice.owner) {
            const owner = choice.owner;
            p.owner = owner.name;
            p.ownerEmail = owner.email;
            p.assignedAt = nowDate;
            if (text(t, r, "error")) p.error = "";
            if (text(t, r, "retryAt")) p.retryAt = "";
            status = "assigned";
            sales.reps = withLeadAssigned(sales.reps, owner);
            sales.changed.add(owner.key);
            sales.assigned = true;
            summary.assigned++;
            log(it.id, "assign", "ok", `${owner.name} <${owner.email}> (${choice.reason === "fallback-region" ? "fallback region " : ""}${choice.regionUsed})`);
          } else {
            status = "needs-attention";
            p.error = `No active salesperson in region "${region || "?"}"${cfg.settings.fallbackRegion ? ` or fallback region "${cfg.settings.fallbackRegion}"` : " and no fallback region in Settings"}.`;
            log(it.id, "assign", "failed", p.error as string);
          }
        }
      }
      if (status === "assigned" && canAdvise) {
        if (it.advice) {
          Object.assign(p, advicePatch(it.advice));
          // Template advice because the model failed: said in the row and in this lead's Log row.
          p.adviceFallbackReason = it.adviceFallback ?? "";
          p.advisedAt = nowDate;
          p.notifyAfter = new Date(notifyDueAt(now, cfg.settings));
          p.error = "";
          p.retryAt = "";
          status = "advised";
          summary.advised++;
          log(it.id, "advise", "ok", `${it.advice.maturityLevel}${it.adviceFallback ? ` (template advice, model fallback: ${it.adviceFallback})` : ""}`);
        } else if (it.adviceError) {
          failPatch(p, cur.attempts, it.adviceError, now, cfg);
          summary.failed++;
          log(it.id, "advise", "retry", it.adviceError);
        }
      }
      if (status !== cur.status) p.status = status ?? "needs-attention";
      if (it.append) log(it.id, "intake", "ok", `${it.append.source}`);
      if (!Object.keys(p).length) continue;
      writes.push({ rowIndex: r, touched: patchRow(t, r, p) });
    }
    for (const s of marks) {
      const r = idx.get(s.id);
      if (r === undefined) continue;
      writes.push({ rowIndex: r, touched: patchRow(t, r, { notifiedAt: nowDate, status: s.status }) });
    }
    if (sales) writeSales(sales);
    flushRows(t, writes);
    return view;
  });
}

// ---- notifications --------------------------------------------------------------------------

export const LEADS_URL_CACHE_KEY = "leadgrade:leadsUrl";

/** The Leads sheet's address, kept in the script cache (it changes only if the sheet is re-created). */
function rowUrl(t: LeadsTable, rowIndex: number): string {
  if (rowUrlBase === null) {
    const cache = CacheService.getScriptCache();
    const key = LEADS_URL_CACHE_KEY;
    try {
      rowUrlBase = cache.get(key);
    } catch (_e) {
      rowUrlBase = null;
    }
    if (rowUrlBase === null) {
      try {
        rowUrlBase = `${spreadsheet().getUrl()}#gid=${t.sheet.getSheetId()}`;
        cache.put(key, rowUrlBase, 21600);
      } catch (_e) {
        rowUrlBase = "";
      }
    }
  }
  return rowUrlBase ? `${rowUrlBase}&range=A${rowIndex + 1}` : "";
}

function plainNotice(id: string, lead: Lead, why: string, lang: "zh" | "en"): ComposedEmail {
  const subject = lang === "zh" ? `【需人工处理】线索 ${id}` : `[Needs attention] lead ${id}`;
  const lines = [why, "", ...LEAD_FIELDS.filter((f) => lead[f]).map((f) => `${f}: ${lead[f]}`)];
  const escape = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
  return { subject, text: lines.join("\n"), html: `<pre style="white-space:pre-wrap">${escape(lines.join("\n"))}</pre>` };
}

/**
 * Send the e-mails due for these rows. Each send is recorded in Script Properties at
 * once, so a run that dies before marking the row never sends it again.
 */
function notifyDue(t: LeadsTable, rows: Map<string, number>, opts: RunOptions, summary: RunSummary, alreadySent: Set<string>): Sent[] {
  const { cfg } = opts;
  const sent: Sent[] = [];
  const now = nowMs();
  const reported = new Set<string>();
  if (missingFor(t, "notify", reported).length) return sent;
  let quotaDeferred = false;
  rows.forEach((r, id) => {
    if (quotaDeferred) return;
    const p = progressOf(t, r);
    const step = nextStep(p, now, cfg.settings);
    if (step.kind !== "notify" && step.kind !== "ask-completion" && step.kind !== "escalate") return;
    if (step.kind === "escalate" && p.status !== "needs-attention") return; // commit sets the status first
    if (step.kind === "ask-completion" && p.status !== "incomplete") return;
    const status = p.status!;
    if (alreadySent.has(id)) {
      sent.push({ id, row: r, status: step.kind === "notify" ? "notified" : status });
      return;
    }
    const lead = leadOf(t, r);
    const result = resultOf(t, r, cfg.rubric);
    const lang = cfg.lang;
    const base = { lead, leadId: id, rubric: cfg.rubric, lang, submittedAt: p.submittedAt ? formatTime(p.submittedAt) : "", rowUrl: rowUrl(t, r) };
    let to = "";
    let mail: ComposedEmail;
    try {
      if (step.kind === "notify") {
        to = text(t, r, "ownerEmail");
        if (!result) throw new Error("the row's grade could not be read");
        mail = composeOwnerEmail({ ...base, result, advice: adviceOf(t, r), owner: { name: text(t, r, "owner"), email: to }, partial: step.partial });
      } else {
        to = cfg.settings.managerEmail;
        if (step.kind === "ask-completion" && result) mail = composeIncompleteEmail({ ...base, result });
        else if (result && !text(t, r, "ownerEmail")) mail = composeManagerEmail({ ...base, result, region: result.region, fallbackRegion: cfg.settings.fallbackRegion });
        else mail = plainNotice(id, lead, text(t, r, "error") || "needs attention", lang);
      }
    } catch (e) {
      summary.failed++;
      log(id, "notify", "failed", "could not compose the e-mail: " + errorText(e));
      return;
    }
    if (!to) {
      log(id, "notify", "warning", step.kind === "notify" ? "the owner has no e-mail address" : "MANAGER_EMAIL is not set in Settings; nobody was e-mailed");
      sent.push({ id, row: r, status: step.kind === "notify" ? "notified" : status });
      return;
    }
    const outcome = sendMail(to, mail);
    if (outcome.kind === "sent") {
      scriptProps().setProperty(PROP.sentPrefix + id, String(now));
      sent.push({ id, row: r, status: step.kind === "notify" ? "notified" : status });
      summary.notified++;
      log(id, "notify", "ok", `${step.kind === "notify" ? "owner" : "manager"} ${to}${step.kind === "notify" && step.partial ? " (partial: analysis incomplete)" : ""}`);
    } else if (outcome.kind === "deferred") {
      quotaDeferred = true;
      summary.deferred++;
      log(id, "notify", "deferred", outcome.why);
    } else {
      summary.failed++;
      log(id, "notify", "failed", outcome.error);
    }
  });
  return sent;
}


function escalationText(why: string): string {
  if (why === "no-owner") return "No owner could be assigned.";
  if (why === "unknown-status") return "The status cell is not a known status.";
  return "Analysis kept failing; the maximum number of attempts was reached.";
}


// ---- the processing lease ---------------------------------------------------------------------

function leaseHolder(value: string | null, now: number): string | null {
  if (!value) return null;
  const [token, until] = value.split("|");
  return Number(until) > now ? token : null;
}

/** Take the processing lease unless another execution holds it; null when it does. */
function takeLease(): string | null {
  const token = Utilities.getUuid();
  return withScriptLock(
    LOCK_WAIT_MS,
    () => {
      const props = scriptProps();
      const now = nowMs();
      if (leaseHolder(props.getProperty(PROP.processingLease), now)) return null;
      props.setProperty(PROP.processingLease, `${token}|${now + LEASE_MS}`);
      return token;
    },
    false,
  );
}

/**
 * Give the lease back, unless a lead arrived since `seq` (its intake saw the lease taken and
 * left the lead to this holder): then keep it and return false. Records what the drain saw,
 * so an idle runWorker can skip reading the sheet.
 */
function releaseLease(token: string, seq: number | null, nextDueAt: number): boolean {
  return withScriptLock(
    LOCK_WAIT_MS,
    () => {
      const props = scriptProps();
      if (seq !== null && intakeSeq() !== seq) return false;
      if (leaseHolder(props.getProperty(PROP.processingLease), 0) === token) props.deleteProperty(PROP.processingLease);
      if (seq !== null) props.setProperty(PROP.scanState, JSON.stringify({ seq, nextDueAt: isFinite(nextDueAt) ? nextDueAt : 0, scannedAt: nowMs() }));
      return true;
    },
    false,
  );
}

/** True when nothing can be due: no intake, no edit of Leads and no due time since the last full drain. */
export function nothingToDo(props: Record<string, string>, now: number): boolean {
  let state: { seq?: number; nextDueAt?: number; scannedAt?: number };
  try {
    state = JSON.parse(props[PROP.scanState] ?? "") as typeof state;
  } catch (_e) {
    return false;
  }
  const seq = Number(props[PROP.intakeSeq] ?? 0) || 0;
  const scannedAt = Number(state.scannedAt) || 0;
  if (state.seq !== seq || now - scannedAt >= BACKSTOP_SCAN_MS) return false;
  if (state.nextDueAt && now >= state.nextDueAt) return false;
  if (Number(props[PROP.leadsEditedAt] ?? 0) >= scannedAt) return false;
  if (Object.keys(props).some((k) => k.indexOf(PROP.intakeQueuePrefix) === 0 || k.indexOf(PROP.receivedPrefix) === 0)) return false;
  return true;
}

// ---- the drain ----------------------------------------------------------------------------------

function sentMarkers(props: Record<string, string>): Set<string> {
  return new Set(Object.keys(props).filter((k) => k.indexOf(PROP.sentPrefix) === 0).map((k) => k.slice(PROP.sentPrefix.length)));
}

/** Rename later copies of a lead ID (the dedupe index had forgotten the lead) so only the first row is ever processed. */
function settleDuplicates(sheet: Sheet, duplicates: number[]): void {
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

/** Requests one UrlFetchApp.fetchAll round carries at once (Apps Script runs about 10 in parallel). */
const FETCH_WAVE = 10;
const GATHER_STEP_MS = 30;
const GATHER_MAX_STEPS = 25;
const GATHER_QUIET_STEPS = 4;

/**
 * Leads still arriving (a burst of form submissions): wait a few tenths of a second while
 * INTAKE_SEQ keeps moving, so the first model round carries a full wave instead of one or
 * two leads. Only when the batch is smaller than a wave. True when more leads came in.
 */
function gatherArrivals(seenSeq: number, p: Plan, opts: RunOptions): boolean {
  const heavy = p.items.filter((it) => isHeavy(it.step)).length;
  const wave = Math.min(FETCH_WAVE, opts.cfg.settings.batchSize);
  if (heavy === 0 || heavy >= wave || p.heavyLeft > 0) return false;
  let seq = intakeSeq();
  if (seq === seenSeq) return false;
  let grew = false;
  let quiet = 0;
  for (let i = 0; i < GATHER_MAX_STEPS && nowMs() < opts.deadlineMs; i++) {
    Utilities.sleep(GATHER_STEP_MS);
    const next = intakeSeq();
    if (next === seq) {
      // Arrivals stopped: go with what is there.
      if (++quiet >= GATHER_QUIET_STEPS) break;
      continue;
    }
    quiet = 0;
    grew = true;
    seq = next;
    if (heavy + (next - seenSeq) >= wave) break;
  }
  return grew;
}

export interface DrainOptions {
  /** The header intake just read (saves a read when the drain follows at once). */
  header?: Cell[];
}

/**
 * Process every pending lead under the processing lease, batch after batch, until nothing
 * is due or the time budget is used. Returns [] at once when another execution holds the
 * lease (it, or the next runWorker, processes the leads). Never throws for a lead.
 */
export function drain(opts: RunOptions, dopts: DrainOptions = {}): RunSummary[] {
  let token: string | null;
  try {
    token = takeLease();
  } catch (e) {
    log("", "plan", "deferred", errorText(e));
    return [];
  }
  if (!token) return [];
  const runs: RunSummary[] = [];
  let released = false;
  let nextDueAt = Infinity;
  try {
    const sheet = leadsSheet();
    const header = dopts.header ?? readHeader(sheet);
    const scanned = scanLeads(sheet, header);
    if (!hasKeyColumns(scanned.view.t)) {
      missingFor(scanned.view.t, "intake", new Set());
      return runs;
    }
    settleDuplicates(sheet, scanned.duplicates);
    let view = scanned.view;
    let pending = view.rows;
    const alreadySent = sentMarkers(scriptProps().getProperties());
    let marks: Sent[] = [];
    for (let round = 0; round < 500; round++) {
      const summary = emptySummary();
      const now = nowMs();
      if (now > opts.deadlineMs) {
        summary.outOfTime = true;
        runs.push(summary);
        break;
      }
      let p = plan(view.t, pending, readReceived(scriptProps().getProperties()), opts, now);
      if (!opts.engines.offline && gatherArrivals(view.seq, p, opts)) p = plan(view.t, pending, readReceived(scriptProps().getProperties()), opts, nowMs());
      // Leads still due when the drain stops (a failed send, say) make the next runWorker read the sheet.
      nextDueAt = p.items.length ? now : p.nextDueAt;
      const heavy = p.items.filter((it) => !isMailOnly(it.step) || it.escalate);
      if (!heavy.length && !marks.length && !p.items.length) {
        // Nothing due: hand the lease back unless a lead arrived meanwhile.
        if (releaseLease(token, view.seq, nextDueAt)) {
          released = true;
          break;
        }
        view = commit({ ...view, rows: pending }, [], [], opts, summary);
        pending = unsettled(view);
        continue;
      }
      summary.planned = p.items.length;
      work(heavy, view.t, pending, opts, summary);
      view = commit({ ...view, rows: pending }, heavy, marks, opts, summary);
      marks = [];
      pending = unsettled(view);
      // E-mails due now, from the rows just written (a delay of 0 sends at once).
      const sent = notifyDue(view.t, pending, opts, summary, alreadySent);
      for (const s of sent) alreadySent.add(s.id);
      marks = sent;
      for (const s of sent) pending.delete(s.id);
      runs.push(summary);
      if (summary.outOfTime || summary.deferred) {
        if (marks.length) commit({ ...view, rows: new Map() }, [], marks, opts, emptySummary());
        marks = [];
        break;
      }
      const progressed = summary.graded + summary.assigned + summary.advised + summary.notified + marks.length + heavy.length;
      if (!progressed && !p.heavyLeft) {
        if (marks.length) {
          view = commit({ ...view, rows: pending }, [], marks, opts, emptySummary());
          marks = [];
          pending = unsettled(view);
          continue;
        }
        if (releaseLease(token, view.seq, nextDueAt)) {
          released = true;
          break;
        }
      }
    }
    if (marks.length) commit({ ...view, rows: new Map() }, [], marks, opts, emptySummary());
  } catch (e) {
    log("", "batch", "deferred", errorText(e));
  } finally {
    if (!released) {
      try {
        releaseLease(token, null, nextDueAt);
      } catch (_e) {
        // the lease expires on its own
      }
    }
  }
  return runs;
}

/** Remove dedupe entries older than SEEN_DAYS and sent markers older than a day. */
export function pruneProperties(props: Record<string, string>, now: number): void {
  const old: string[] = [];
  for (const k of Object.keys(props)) {
    if (k.indexOf(PROP.seenPrefix) === 0 && now - Number(props[k]) > SEEN_DAYS * 86_400_000) old.push(k);
    if (k.indexOf(PROP.sentPrefix) === 0 && now - Number(props[k]) > 86_400_000) old.push(k);
  }
  const store = scriptProps();
  for (const k of old) store.deleteProperty(k);
}

// ---- intake ------------------------------------------------------------------------------------

export interface IntakeInput {
  id: string;
  lead: Lead;
  receivedAt: number;
  source: "form" | "api";
  truncated: string[];
}

export interface IntakeResult {
  id: string;
  duplicate: boolean;
  /** The lock could not be taken (or Leads is unusable): the lead was queued for runWorker. */
  queued: boolean;
  /** The header read under the lock (the drain that follows reuses it). */
  header?: Cell[];
}

/** A received lead waiting in Script Properties for the lease holder to write its row. */
interface Received {
  input: IntakeInput;
  /** A commit was writing its row when last seen (it may have died after the write). */
  writing: boolean;
}

function readReceived(props: Record<string, string>): Received[] {
  const out: Received[] = [];
  for (const k of Object.keys(props)) {
    if (k.indexOf(PROP.receivedPrefix) !== 0) continue;
    try {
      const o = JSON.parse(props[k]) as IntakeInput & { writing?: boolean };
      out.push({ input: { id: o.id, lead: o.lead, receivedAt: o.receivedAt, source: o.source, truncated: o.truncated ?? [] }, writing: !!o.writing });
    } catch (_e) {
      log(k.slice(PROP.receivedPrefix.length), "intake", "failed", "unreadable received lead in Script Properties (left in place)");
    }
  }
  return out;
}

/** The row a new lead starts as. */
function newRow(input: IntakeInput): RowPatch<LeadColumnKey> {
  const record: RowPatch<LeadColumnKey> = { leadId: input.id, submittedAt: new Date(input.receivedAt), status: "new", source: input.source, attempts: 0 };
  for (const f of LEAD_FIELDS) record[f] = input.lead[f];
  return record;
}

/** UTF-8 size of a text (Script Properties limits are in bytes). */
function utf8Bytes(text: string): number {
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    n += c < 0x80 ? 1 : c < 0x800 ? 2 : c >= 0xd800 && c < 0xdc00 ? 2 : 3;
  }
  return n;
}

export interface IntakeOptions {
  /**
   * Write the row now (appendRow) instead of leaving it to the lease holder: for callers
   * that will not drain themselves (doPost with the model) or must read the row back.
   */
  appendNow?: boolean;
}

/**
 * Receive a new lead under the script lock: check the dedupe index ("seen:<id>"), then
 * either record the lead in Script Properties for the lease holder, who writes its row
 * together with its grade, owner and advice (no spreadsheet call at all), or append the
 * row at once (header row + appendRow + flush). Both add the ID to the index and bump
 * INTAKE_SEQ. A large lead, a full property store or `appendNow` take the second way.
 * No Log row unless something is unusual.
 */
export function intake(input: IntakeInput, iopts: IntakeOptions = {}): IntakeResult {
  const seenKey = PROP.seenPrefix + input.id;
  let header: Cell[] | undefined;
  let duplicate = false;
  try {
    const json = JSON.stringify(input);
    let recorded = false;
    if (!iopts.appendNow && utf8Bytes(json) <= MAX_RECEIVED_BYTES) {
      recorded = withScriptLock(
        LOCK_WAIT_MS,
        () => {
          const props = scriptProps();
          if (props.getProperty(seenKey) !== null) {
            duplicate = true;
            return true;
          }
          try {
            props.setProperties({ [PROP.receivedPrefix + input.id]: json, [seenKey]: String(nowMs()), [PROP.intakeSeq]: String(intakeSeq() + 1) }, false);
            return true;
          } catch (_e) {
            return false; // the property store is full: write the row instead
          }
        },
        false,
      );
    }
    if (!recorded) {
      withScriptLock(LOCK_WAIT_MS, () => {
        const props = scriptProps();
        if (props.getProperty(seenKey) !== null) {
          duplicate = true;
          return;
        }
        const sheet = leadsSheet();
        header = readHeader(sheet);
        const cols = mapColumns(header, LEAD_COLUMN_DEFS);
        if (cols.leadId === undefined || cols.status === undefined) {
          missingFor(sparseTable(sheet, header, LEAD_COLUMN_DEFS), "intake", new Set());
          throw new Error("the Leads sheet has no Lead ID or Status column");
        }
        const table: LeadsTable = { sheet, values: [header], cols, defs: LEAD_COLUMN_DEFS };
        const lost = unwritableFields(table, input.lead);
        // Never store part of a lead: it is queued whole and written once the column is back.
        if (lost.length) throw new Error(unwritableMessage(lost));
        sheet.appendRow(rowFrom(table, newRow(input)));
        props.setProperties({ [seenKey]: String(nowMs()), [PROP.intakeSeq]: String(intakeSeq() + 1) }, false);
      });
      if (!duplicate) log(input.id, "intake", "ok", input.source);
    }
  } catch (e) {
    queueIntake(input);
    log(input.id, "intake", "deferred", "queued for the next run: " + errorText(e));
    return { id: input.id, duplicate: false, queued: true };
  }
  if (duplicate) {
    log(input.id, "intake", "skipped", "duplicate: this lead was already received");
    return { id: input.id, duplicate: true, queued: false };
  }
  if (input.truncated.length) log(input.id, "intake", "warning", "truncated: " + input.truncated.join(", "));
  return { id: input.id, duplicate: false, queued: false, header };
}

function queueIntake(input: IntakeInput): void {
  try {
    scriptProps().setProperty(PROP.intakeQueuePrefix + input.id, JSON.stringify(input));
  } catch (e) {
    log(input.id, "intake", "failed", "could not queue the lead: " + errorText(e));
  }
}

/** Leads queued by intakes that could not take the lock. */
export function drainIntakeQueue(opts: RunOptions): number {
  const props = scriptProps().getProperties();
  const keys = Object.keys(props).filter((k) => k.indexOf(PROP.intakeQueuePrefix) === 0);
  let n = 0;
  for (const k of keys) {
    if (nowMs() > opts.deadlineMs) break;
    try {
      const input = JSON.parse(props[k]) as IntakeInput;
      const r = intake(input);
      // intake re-queued it under the same key when it failed again
      if (!r.queued) {
        scriptProps().deleteProperty(k);
        n++;
      }
    } catch (e) {
      log("", "intake", "failed", "unreadable queued lead: " + errorText(e));
      scriptProps().deleteProperty(k);
    }
  }
  return n;
}

/** Regrade selected rows: back to new, keeping the owner; the owner is told again after the new analysis. */
export function resetForRegrade(ids: readonly string[]): number {
  if (!ids.length) return 0;
  return withScriptLock(LOCK_WAIT_MS, () => {
    const t = readLeads();
    const idx = indexBy(t, "leadId");
    const writes: PendingWrite[] = [];
    for (const id of ids) {
      const r = idx.get(id);
      if (r === undefined) continue;
      writes.push({ rowIndex: r, touched: patchRow(t, r, { status: "new", attempts: 0, error: "", retryAt: "", notifiedAt: "", notifyAfter: "" }) });
      log(id, "regrade", "ok", "reset to new");
    }
    flushRows(t, writes);
    const props = scriptProps();
    for (const id of ids) props.deleteProperty(PROP.sentPrefix + id);
    return writes.length;
  });
}

/** A lead's row as plain JSON (dates as ISO text), keyed by column key; undefined when absent. */
export function rowById(id: string): Record<string, string | number | boolean> | undefined {
  const t = readLeads();
  const r = indexBy(t, "leadId").get(id);
  if (r === undefined) return undefined;
  const out: Record<string, string | number | boolean> = {};
  for (const def of LEAD_COLUMN_DEFS) {
    const v = get(t, r, def.key);
    out[def.key] = v instanceof Date || Object.prototype.toString.call(v) === "[object Date]" ? (v as Date).toISOString() : (v as string | number | boolean);
  }
  return out;
}

/** Lead IDs of sheet rows [firstRow, firstRow + count) of the Leads sheet (header excluded). */
export function indexForRows(firstRow: number, count: number): string[] {
  const t = readLeads();
  const ids: string[] = [];
  for (let r = Math.max(firstRow, 2); r < firstRow + count && r <= t.values.length; r++) {
    const id = text(t, r - 1, "leadId");
    if (id) ids.push(id);
  }
  return ids;
}
