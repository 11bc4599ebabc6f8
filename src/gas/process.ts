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
import { errorText, nowMs, scriptProps } from "./env";
import { log } from "./log";
import { readHeader, type Cell } from "./table";
import { commit, type Sent } from "./pipeline/commit";
import { readReceived } from "./pipeline/intake";
import { releaseLease, takeLease } from "./pipeline/lease";
import { notifyDue, resetNotifyState, sentMarkers } from "./pipeline/notify";
import { emptySummary, gatherArrivals, isMailOnly, plan, type RunOptions, type RunSummary } from "./pipeline/plan";
import { resetSalesState } from "./pipeline/salespeople";
import { scanLeads, settleDuplicates, unsettled } from "./pipeline/scan";
import { hasKeyColumns, leadsSheet, missingFor, resetSheetState } from "./pipeline/sheet";
import { work } from "./pipeline/work";

export { SEEN_DAYS, drainIntakeQueue, intake, pruneProperties, type IntakeInput, type IntakeOptions, type IntakeResult } from "./pipeline/intake";
export { nothingToDo } from "./pipeline/lease";
export { LEADS_URL_CACHE_KEY } from "./pipeline/notify";
export type { RunOptions, RunSummary, WorkItem } from "./pipeline/plan";
export { indexForRows, resetForRegrade, rowById } from "./pipeline/rows";
export { findSheet, leadsSheet, MissingSheetError, missingFor, readLeads } from "./pipeline/sheet";

/** Forget this execution's memos (sheets found, the Leads address, what was already reported). */
export function resetProcessState(): void {
  resetSheetState();
  resetNotifyState();
  resetSalesState();
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
      if (!opts.engines.offline && gatherArrivals(view.seq, p, opts)) p = plan(view.t, pending, readReceived(scriptProps().getProperties()), opts, nowMs(), true);
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
