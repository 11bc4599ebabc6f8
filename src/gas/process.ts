/**
 * Moving leads through their states in batches. One run:
 *   1. plan   (script lock, short): read Leads once, pick the leads that need a step,
 *             lease them in Script Properties so overlapping runs leave them alone;
 *   2. work   (no lock): grade and advise them (model calls happen here, never under the lock);
 *   3. commit (script lock, short): re-read Leads (rows may have been sorted meanwhile),
 *             re-read Salespeople, assign, write every changed row in as few calls as
 *             possible, flush, release;
 *   4. notify (no lock): send the e-mails that are due; record each send at once in Script
 *             Properties, then mark the rows notified under the lock.
 * Every step checks the row's state first, so running it again changes nothing.
 */
import { composeIncompleteEmail, composeManagerEmail, composeOwnerEmail, type ComposedEmail } from "../core/email";
import { chooseOwner, parseSalespeople, SALESPERSON_HEADERS, SALESPERSON_COLUMNS, withLeadAssigned, type Salesperson, type SalespersonProblem } from "../core/assign";
import { LEAD_FIELDS, type Lead } from "../core/lead";
import { isIncomplete } from "../core/score";
import { needsWork, nextStep, retryAfterFailure, notifyDueAt, type LeadStatus, type Step } from "../core/pipeline";
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
import { LEAD_COLUMN_DEFS, pointsKey, sheetNameFor, SHEETS, type ColumnDef, type LeadColumnKey } from "./schema";
import { flushRows, get, indexBy, patchRow, readTable, rowFrom, text, type Cell, type PendingWrite, type RowPatch, type Table } from "./table";

type Sheet = GoogleAppsScript.Spreadsheet.Sheet;

/** A lease outlives any single execution (6 minutes), so a crashed run's leads are picked up again. */
const LEASE_MS = 6 * 60_000 + 30_000;
const LOCK_WAIT_MS = 30_000;

export class MissingSheetError extends Error {
  override name = "MissingSheetError";
}

let leadsSheetMemo: Sheet | null = null;
let rowUrlBase: string | null = null;

export function resetProcessState(): void {
  leadsSheetMemo = null;
  rowUrlBase = null;
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
    const names = missing.map((k) => {
      const d = LEAD_COLUMN_DEFS.find((c) => c.key === k)!;
      return `"${d.zh}" / "${d.en}"`;
    });
    log("", step, "failed", `Leads sheet: column ${names.join(", ")} not found (renamed or deleted?); step "${step}" stopped. Rename it back or run leadgrade → Set up to add it.`);
  }
  return missing;
}

// ---- leases -----------------------------------------------------------------------------

function leaseKey(id: string): string {
  return PROP.leasePrefix + id;
}

function activeLeases(props: Record<string, string>, now: number): Set<string> {
  const out = new Set<string>();
  for (const k of Object.keys(props)) {
    if (k.indexOf(PROP.leasePrefix) !== 0) continue;
    if (Number(props[k]) > now) out.add(k.slice(PROP.leasePrefix.length));
  }
  return out;
}

function takeLeases(ids: readonly string[], now: number): void {
  if (!ids.length) return;
  const o: Record<string, string> = {};
  for (const id of ids) o[leaseKey(id)] = String(now + LEASE_MS);
  scriptProps().setProperties(o, false);
}

function dropKeys(keys: readonly string[]): void {
  const props = scriptProps();
  for (const k of keys) props.deleteProperty(k);
}

// ---- the work of one run ------------------------------------------------------------------

export interface WorkItem {
  id: string;
  /** The status the plan saw; commit skips the item if the row has moved on since. */
  expectedStatus: LeadStatus | undefined;
  step: Step;
  lead: Lead;
  receivedAt: number;
  /** A new lead from intake: the row to append if the ID is not yet in the sheet. */
  append?: RowPatch<LeadColumnKey>;
  result?: GradeResult;
  /** The grade already in the row (advice for a lead graded in an earlier run). */
  storedResult?: GradeResult;
  gradeError?: string;
  advice?: Advice;
  adviceError?: string;
  escalate?: string;
  /** Set by commit. */
  duplicate?: boolean;
  skipped?: boolean;
}

export interface RunOptions {
  cfg: AppConfig;
  engines: Engines;
  deadlineMs: number;
  /** Only these leads (intake processing one lead at once). */
  onlyIds?: readonly string[];
  /** Leads whose status should be reset to new first (Regrade selected rows). */
  regradeIds?: readonly string[];
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

/** Steps that need the model/rules work before commit. */
function needsGrade(step: Step): boolean {
  return step.kind === "grade";
}

/** Pick the leads that need a step now, oldest first, skipping leased ones. */
function plan(t: LeadsTable, opts: RunOptions, now: number, leased: Set<string>): WorkItem[] {
  const s = opts.cfg.settings;
  const only = opts.onlyIds ? new Set(opts.onlyIds) : null;
  const idCol = t.cols.leadId!;
  const candidates: { item: WorkItem; at: number }[] = [];
  for (let i = 1; i < t.values.length; i++) {
    const id = String(t.values[i][idCol] ?? "").trim();
    if (!id || leased.has(id) || (only && !only.has(id))) continue;
    const p = progressOf(t, i);
    let step = nextStep(p, now, s);
    const lead = leadOf(t, i);
    // A manager completed an Incomplete lead in the sheet: grade it again.
    if (p.status === "incomplete" && !isIncomplete(lead, opts.cfg.rubric) && t.cols.grade !== undefined) step = { kind: "grade" };
    if (!needsWork(step)) continue;
    candidates.push({ item: { id, expectedStatus: p.status, step, lead, receivedAt: p.submittedAt ?? now }, at: p.submittedAt ?? 0 });
  }
  candidates.sort((a, b) => a.at - b.at);
  // Model work is limited per batch; e-mails and status changes are cheap and all go.
  const out: WorkItem[] = [];
  let heavy = 0;
  for (const c of candidates) {
    const isHeavy = c.item.step.kind === "grade" || c.item.step.kind === "advise" || c.item.step.kind === "assign";
    if (isHeavy && heavy >= s.batchSize) continue;
    if (isHeavy) heavy++;
    out.push(c.item);
  }
  return out;
}

/** Grade and advise outside the lock. */
function work(items: WorkItem[], t: LeadsTable | null, rowOf: Map<string, number> | null, opts: RunOptions, summary: RunSummary): void {
  const { cfg, engines } = opts;
  const toGrade = items.filter((it) => needsGrade(it.step) && !it.result);
  if (toGrade.length) {
    const out = engines.grade(toGrade.map((it) => ({ lead: it.lead, receivedAt: it.receivedAt })), cfg, opts.deadlineMs);
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
  const toAdvise: WorkItem[] = [];
  for (const it of items) {
    if (it.advice || it.adviceError) continue;
    let result = it.result;
    if (!result && (it.step.kind === "advise" || it.step.kind === "assign") && t && rowOf) {
      const r = rowOf.get(it.id);
      if (r !== undefined) result = resultOf(t, r, cfg.rubric);
      if (!result) {
        it.adviceError = "the row's grade columns could not be read; re-grade the row";
        continue;
      }
      it.storedResult = result;
    }
    if (!result || result.grade === "Incomplete") continue;
    if (it.step.kind === "grade" || it.step.kind === "advise" || it.step.kind === "assign") toAdvise.push(it);
  }
  if (toAdvise.length) {
    const inputs = toAdvise.map((it) => ({ lead: it.lead, result: (it.result ?? it.storedResult)!, receivedAt: it.receivedAt }));
    const out = engines.advise(inputs, cfg, opts.deadlineMs);
    toAdvise.forEach((it, k) => {
      const o = out[k];
      if (o.ok) it.advice = o.value;
      else it.adviceError = o.error;
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

function readSales(cfg: AppConfig): SalesState | null {
  const sheet = findSheet("salespeople");
  if (!sheet) {
    log("", "assign", "failed", "The Salespeople sheet is missing: run leadgrade → Set up.");
    return null;
  }
  const table = readTable(sheet, salespeopleDefs());
  const parsed = parseSalespeople(table.values, {}, cfg.lang);
  // A blank or unreadable count was given the region's lowest count: write it down, or
  // the newcomer would stay "lowest" forever and win every tie.
  const changed = new Set(parsed.reps.filter((r) => r.countWasBlank || r.countWasInvalid).map((r) => r.key));
  return { table, reps: parsed.reps, problems: parsed.problems, changed, assigned: false };
}

function writeSales(s: SalesState): void {
  const countCol = s.table.cols.count;
  if (countCol === undefined || !s.assigned || !s.changed.size) return;
  const writes: PendingWrite[] = [];
  for (const rep of s.reps) {
    if (!s.changed.has(rep.key)) continue;
    const r = rep.row - 1;
    s.table.values[r][countCol] = rep.count;
    writes.push({ rowIndex: r, touched: [countCol] });
  }
  flushRows(s.table, writes);
}

function failPatch(p: RowPatch<LeadColumnKey>, attempts: number, error: string, now: number, cfg: AppConfig): void {
  p.attempts = attempts + 1;
  p.error = error.slice(0, 500);
  p.retryAt = new Date(retryAfterFailure(now, cfg.settings));
}

/**
 * Apply the items to the (freshly read) table under the lock. Returns the rows written,
 * so the caller can send due e-mails from the same in-memory state.
 */
function commit(items: WorkItem[], opts: RunOptions, summary: RunSummary): { t: LeadsTable; rows: Map<string, number> } {
  const { cfg } = opts;
  const t = readLeads();
  const reported = new Set<string>();
  if (missingFor(t, "intake", reported).some((k) => k === "leadId" || k === "status")) return { t, rows: new Map() };
  const idx = indexBy(t, "leadId");
  const now = nowMs();
  const nowDate = new Date(now);
  const writes: PendingWrite[] = [];
  const firstNew = t.values.length;
  let sales: SalesState | null | undefined;
  const canAssign = missingFor(t, "assign", reported).length === 0;
  const canGrade = missingFor(t, "grade", reported).length === 0;
  const canAdvise = missingFor(t, "advise", reported).length === 0;

  for (const it of items) {
    let r = idx.get(it.id);
    if (it.append) {
      if (r !== undefined) {
        it.duplicate = true;
        continue;
      }
      t.values.push(rowFrom(t, it.append));
      r = t.values.length - 1;
      idx.set(it.id, r);
    } else if (r === undefined) {
      it.skipped = true;
      log(it.id, it.step.kind, "skipped", "the row is gone (deleted?)");
      continue;
    }
    const cur = progressOf(t, r);
    if (!it.append && cur.status !== it.expectedStatus) {
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
        p.advisedAt = nowDate;
        p.notifyAfter = new Date(notifyDueAt(now, cfg.settings));
        p.error = "";
        p.retryAt = "";
        status = "advised";
        summary.advised++;
        log(it.id, "advise", "ok", it.advice.maturityLevel);
      } else if (it.adviceError) {
        failPatch(p, cur.attempts, it.adviceError, now, cfg);
        summary.failed++;
        log(it.id, "advise", "retry", it.adviceError);
      }
    }
    if (status !== cur.status || it.append) p.status = status ?? "needs-attention";
    if (!Object.keys(p).length) continue;
    const touched = patchRow(t, r, p);
    if (r < firstNew) writes.push({ rowIndex: r, touched });
  }

  if (sales) {
    writeSales(sales);
    if (sales.assigned && sales.problems.length) for (const pr of sales.problems.slice(0, 5)) log("", "assign", "warning", pr.message);
  }
  flushRows(t, writes);
  writeNewRows(t, firstNew);
  const rows = new Map<string, number>();
  for (const it of items) {
    const r = idx.get(it.id);
    if (r !== undefined && !it.duplicate && !it.skipped) rows.set(it.id, r);
  }
  return { t, rows };
}

/** Append rows t.values[firstNew..] at the bottom of the sheet. */
function writeNewRows(t: LeadsTable, firstNew: number): void {
  const rows = t.values.slice(firstNew);
  if (!rows.length) return;
  if (rows.length === 1) {
    t.sheet.appendRow(rows[0]);
    return;
  }
  const max = t.sheet.getMaxRows();
  if (firstNew + rows.length > max) t.sheet.insertRowsAfter(max, firstNew + rows.length - max);
  t.sheet.getRange(firstNew + 1, 1, rows.length, rows[0].length).setValues(rows);
}

// ---- notifications --------------------------------------------------------------------------

interface Sent {
  id: string;
  status: LeadStatus;
}

function rowUrl(t: LeadsTable, rowIndex: number): string {
  if (rowUrlBase === null) {
    try {
      rowUrlBase = `${spreadsheet().getUrl()}#gid=${t.sheet.getSheetId()}`;
    } catch (_e) {
      rowUrlBase = "";
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
      sent.push({ id, status: step.kind === "notify" ? "notified" : status });
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
      sent.push({ id, status: step.kind === "notify" ? "notified" : status });
      return;
    }
    const outcome = sendMail(to, mail);
    if (outcome.kind === "sent") {
      scriptProps().setProperty(PROP.sentPrefix + id, String(now));
      sent.push({ id, status: step.kind === "notify" ? "notified" : status });
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

function markNotified(sent: Sent[]): void {
  if (!sent.length) return;
  withScriptLock(LOCK_WAIT_MS, () => {
    const t = readLeads();
    const idx = indexBy(t, "leadId");
    const writes: PendingWrite[] = [];
    const at = new Date(nowMs());
    for (const s of sent) {
      const r = idx.get(s.id);
      if (r === undefined) continue;
      writes.push({ rowIndex: r, touched: patchRow(t, r, { notifiedAt: at, status: s.status }) });
    }
    flushRows(t, writes);
  });
  dropKeys(sent.map((s) => PROP.sentPrefix + s.id));
}

// ---- one run ----------------------------------------------------------------------------------

/** Plan, work, commit and notify one batch. Never throws for a lead; lock timeouts are logged and left for the next run. */
export function runBatch(opts: RunOptions, preplanned?: { items: WorkItem[]; t: LeadsTable }): RunSummary {
  const summary = emptySummary();
  let items: WorkItem[];
  let planTable: LeadsTable | null = null;
  let sentBefore = new Set<string>();
  const now = nowMs();
  try {
    if (preplanned) {
      items = preplanned.items;
      planTable = preplanned.t;
    } else {
      items = withScriptLock(LOCK_WAIT_MS, () => {
        const t = readLeads();
        planTable = t;
        const reported = new Set<string>();
        if (t.cols.leadId === undefined || t.cols.status === undefined) {
          missingFor(t, "intake", reported);
          return [];
        }
        if (opts.regradeIds && opts.regradeIds.length) resetForRegrade(t, opts.regradeIds);
        const props = scriptProps().getProperties();
        sentBefore = new Set(Object.keys(props).filter((k) => k.indexOf(PROP.sentPrefix) === 0).map((k) => k.slice(PROP.sentPrefix.length)));
        const picked = plan(t, opts, now, activeLeases(props, now));
        takeLeases(picked.map((i) => i.id), now);
        return picked;
      });
    }
  } catch (e) {
    log("", "plan", "deferred", errorText(e));
    return summary;
  }
  summary.planned = items.length;
  if (!items.length) return summary;
  const leaseKeys = items.map((i) => leaseKey(i.id));
  try {
    const rowOf = planTable ? indexBy(planTable as LeadsTable, "leadId") : null;
    for (const it of items) {
      if (it.step.kind === "escalate" && it.expectedStatus !== "needs-attention") it.escalate = escalationText(it.step.why);
    }
    work(items, planTable, rowOf, opts, summary);
    // Leads that only need an e-mail are sent from the plan's read; the rest are committed first.
    const mailOnly = (it: WorkItem) => (it.step.kind === "notify" || it.step.kind === "ask-completion" || it.step.kind === "escalate") && !it.escalate;
    const committed =
      planTable && items.every(mailOnly)
        ? { t: planTable as LeadsTable, rows: new Map(items.map((it) => [it.id, rowOf!.get(it.id)!] as [string, number])) }
        : withScriptLock(LOCK_WAIT_MS, () => commit(items, opts, summary));
    const sent = notifyDue(committed.t, committed.rows, opts, summary, sentBefore);
    markNotified(sent);
  } catch (e) {
    log("", "batch", "deferred", errorText(e));
  } finally {
    try {
      dropKeys(leaseKeys);
    } catch (_e) {
      // leases expire on their own
    }
  }
  return summary;
}

function escalationText(why: string): string {
  if (why === "no-owner") return "No owner could be assigned.";
  if (why === "unknown-status") return "The status cell is not a known status.";
  return "Analysis kept failing; the maximum number of attempts was reached.";
}

/** Regrade selected rows: back to new, keeping the owner; the owner is told again after the new analysis. */
function resetForRegrade(t: LeadsTable, ids: readonly string[]): void {
  const idx = indexBy(t, "leadId");
  const writes: PendingWrite[] = [];
  for (const id of ids) {
    const r = idx.get(id);
    if (r === undefined) continue;
    writes.push({ rowIndex: r, touched: patchRow(t, r, { status: "new", attempts: 0, error: "", retryAt: "", notifiedAt: "", notifyAfter: "" }) });
    log(id, "regrade", "ok", "reset to new");
  }
  flushRows(t, writes);
  dropKeys(ids.map((id) => PROP.sentPrefix + id));
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
  /** The lock could not be taken: the lead was queued for runWorker. */
  queued: boolean;
}

/**
 * Write a new lead (dedupe by ID under the lock). With offline engines the lead is graded,
 * assigned and advised in the same short lock hold; with the model it is written as new
 * and processed right after, outside the lock.
 */
export function intake(input: IntakeInput, opts: RunOptions, deferModelWork = false): IntakeResult {
  const base: RowPatch<LeadColumnKey> = { leadId: input.id, submittedAt: new Date(input.receivedAt), status: "new", source: input.source, attempts: 0 };
  for (const f of LEAD_FIELDS) base[f] = input.lead[f];
  const item: WorkItem = { id: input.id, expectedStatus: "new", step: { kind: "grade" }, lead: input.lead, receivedAt: input.receivedAt, append: base };
  const summary = emptySummary();
  if (opts.engines.offline) work([item], null, null, opts, summary);
  let committed: { t: LeadsTable; rows: Map<string, number> };
  try {
    committed = withScriptLock(LOCK_WAIT_MS, () => {
      const c = commit([item], opts, summary);
      if (!item.duplicate) {
        // Claim the lead for this execution's notification or model work.
        takeLeases([input.id], nowMs());
      }
      return c;
    });
  } catch (e) {
    queueIntake(input);
    log(input.id, "intake", "deferred", "queued for the next run: " + errorText(e));
    return { id: input.id, duplicate: false, queued: true };
  }
  if (item.duplicate) {
    log(input.id, "intake", "skipped", "duplicate: this lead is already in the sheet");
    return { id: input.id, duplicate: true, queued: false };
  }
  log(input.id, "intake", "ok", `${input.source}${input.truncated.length ? "; truncated: " + input.truncated.join(", ") : ""}`);
  try {
    if (opts.engines.offline) {
      const sent = notifyDue(committed.t, committed.rows, opts, summary, new Set());
      markNotified(sent);
    }
  } catch (e) {
    log(input.id, "notify", "deferred", errorText(e));
  } finally {
    dropKeys([leaseKey(input.id)]);
  }
  if (!opts.engines.offline && !deferModelWork && nowMs() < opts.deadlineMs) runBatch({ ...opts, onlyIds: [input.id] });
  return { id: input.id, duplicate: false, queued: false };
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
      const r = intake(input, opts);
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
