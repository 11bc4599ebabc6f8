/**
 * The work of one batch: grade and advise through the engines, outside the lock.
 */
import type { GradeResult } from "../../core/result";
import type { AppConfig } from "../config";
import { nowMs } from "../env";
import { resultOf, type LeadsTable } from "../leads";
import { STEP_COLUMNS } from "./sheet";
import type { RunOptions, RunSummary, WorkItem } from "./plan";

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
export function work(items: WorkItem[], t: LeadsTable, rowOf: Map<string, number>, opts: RunOptions, summary: RunSummary): void {
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
