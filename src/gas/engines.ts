/**
 * The grading and advice steps behind one small interface, so the model (LLM over
 * UrlFetchApp.fetchAll) and the offline engines plug in the same way. An engine never
 * throws for one bad lead: each item gets a result or an error text.
 */
import { gradeWithRules } from "../core/grade";
import type { Lead } from "../core/lead";
import { offlineAdvice } from "../core/advice";
import type { Advice, GradeResult } from "../core/result";
import type { AppConfig } from "./config";
import { errorText } from "./env";

export interface GradeInput {
  /** The lead's ID (named in log lines). */
  id?: string;
  lead: Lead;
  receivedAt: number;
}
export interface AdviceInput {
  /** The lead's ID (named in log lines). */
  id?: string;
  lead: Lead;
  result: GradeResult;
  receivedAt: number;
}
/** `fallback`: the model failed for this item and the offline engine stood in (the fallback code). */
export type Outcome<T> = { ok: true; value: T; fallback?: string } | { ok: false; error: string };

export interface Engines {
  /** True when no HTTP is involved: intake may then grade before taking the lock. */
  readonly offline: boolean;
  grade(items: readonly GradeInput[], cfg: AppConfig, deadlineMs: number): Outcome<GradeResult>[];
  advise(items: readonly AdviceInput[], cfg: AppConfig, deadlineMs: number): Outcome<Advice>[];
}

export function rulesGrade(item: GradeInput, cfg: AppConfig, fallbackReason?: string): Outcome<GradeResult> {
  try {
    return { ok: true, value: gradeWithRules(item.lead, cfg.rubric, { now: new Date(item.receivedAt), regions: cfg.regions }, fallbackReason) };
  } catch (e) {
    return { ok: false, error: "rules engine: " + errorText(e) };
  }
}

export function rulesAdvice(item: AdviceInput, cfg: AppConfig): Outcome<Advice> {
  try {
    return { ok: true, value: offlineAdvice(item.lead, item.result, cfg.rubric, item.result.lang) };
  } catch (e) {
    return { ok: false, error: "offline advice: " + errorText(e) };
  }
}

export const offlineEngines: Engines = {
  offline: true,
  grade: (items, cfg) => items.map((it) => rulesGrade(it, cfg)),
  advise: (items, cfg) => items.map((it) => rulesAdvice(it, cfg)),
};
