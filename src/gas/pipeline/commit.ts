/**
 * The locked commit: rows, assignment, Salespeople and sent marks written under one short lock.
 */
import { chooseOwner, withLeadAssigned } from "../../core/assign";
import { retryAfterFailure, notifyDueAt, type LeadStatus } from "../../core/pipeline";
import type { AppConfig } from "../config";
import { nowMs, PROP, scriptProps } from "../env";
import { advicePatch, progressOf, resultPatch } from "../leads";
import { LOCK_WAIT_MS, withScriptLock } from "../lock";
import { log } from "../log";
import type { LeadColumnKey } from "../schema";
import { flushRows, patchRow, readColumns, rowFrom, text, type PendingWrite, type RowPatch } from "../table";
import { hasKeyColumns, missingFor, mustHold, columnNames } from "./sheet";
import type { RunOptions, RunSummary, WorkItem } from "./plan";
import { reread, type View } from "./scan";
import { readSales, writeSales, type SalesState } from "./salespeople";

/** Rows added beyond the grid when appending, so the next commits need not grow it again. */
const SPARE_ROWS = 100;

function failPatch(p: RowPatch<LeadColumnKey>, attempts: number, error: string, now: number, cfg: AppConfig): void {
  p.attempts = attempts + 1;
  p.error = error.slice(0, 500);
  p.retryAt = new Date(retryAfterFailure(now, cfg.settings));
}

export interface Sent {
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
export function commit(prev: View, items: WorkItem[], marks: Sent[], opts: RunOptions, summary: RunSummary): View {
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
