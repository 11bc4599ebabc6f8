/**
 * Planning: the work of one batch (which leads need which step now), and waiting briefly
 * for a burst of arrivals so the first model round carries a full wave.
 */
import type { Lead } from "../../core/lead";
import { isIncomplete } from "../../core/score";
import { needsWork, nextStep, type LeadStatus, type Step } from "../../core/pipeline";
import type { Advice, GradeResult } from "../../core/result";
import type { AppConfig } from "../config";
import { nowMs } from "../env";
import type { Engines } from "../engines";
import { leadOf, progressOf, type LeadsTable } from "../leads";
import type { LeadColumnKey } from "../schema";
import type { RowPatch } from "../table";
import { mustHold } from "./sheet";
import { intakeSeq, newRow, type IntakeInput, type Received } from "./intake";

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

export function emptySummary(): RunSummary {
  return { planned: 0, graded: 0, assigned: 0, advised: 0, notified: 0, deferred: 0, failed: 0, outOfTime: false };
}

export function isHeavy(step: Step): boolean {
  return step.kind === "grade" || step.kind === "advise" || step.kind === "assign";
}

export function isMailOnly(step: Step): boolean {
  return step.kind === "notify" || step.kind === "ask-completion" || step.kind === "escalate";
}

/** The step a loaded row needs now (a manager who completed an Incomplete lead gets it graded again). */
function stepOf(t: LeadsTable, r: number, now: number, cfg: AppConfig): Step {
  const p = progressOf(t, r);
  let step = nextStep(p, now, cfg.settings);
  if (p.status === "incomplete" && t.cols.grade !== undefined && !isIncomplete(leadOf(t, r), cfg.rubric)) step = { kind: "grade" };
  return step;
}

export interface Plan {
  items: WorkItem[];
  /** Heavy steps left for a later batch. */
  heavyLeft: number;
  /** Earliest time a waiting lead falls due (Infinity when none waits). */
  nextDueAt: number;
}

/**
 * Pick the leads that need a step now, oldest first: up to the batch size of model work, and
 * every e-mail. With `alignToWave` (leads are still arriving) model work is trimmed to whole
 * fetch waves: an 11th lead would cost a second round trip alone, while waiting lets it ride
 * in the next batch's first wave.
 */
export function plan(t: LeadsTable, rows: Map<string, number>, received: readonly Received[], opts: RunOptions, now: number, alignToWave = false): Plan {
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
  const extra = alignToWave && heavy > FETCH_WAVE ? heavy % FETCH_WAVE : 0;
  if (extra) {
    // The newest heavy items wait for the next batch (items are oldest first).
    let drop = extra;
    for (let i = items.length - 1; i >= 0 && drop > 0; i--) {
      if (!isHeavy(items[i].step)) continue;
      items.splice(i, 1);
      drop--;
    }
    heavyLeft += extra;
  }
  return { items, heavyLeft, nextDueAt };
}

function escalationText(why: string): string {
  if (why === "no-owner") return "No owner could be assigned.";
  if (why === "unknown-status") return "The status cell is not a known status.";
  return "Analysis kept failing; the maximum number of attempts was reached.";
}

/** Requests one UrlFetchApp.fetchAll round carries at once (Apps Script runs about 10 in parallel). */
export const FETCH_WAVE = 10;
const GATHER_STEP_MS = 30;
const GATHER_MAX_STEPS = 25;
const GATHER_QUIET_STEPS = 4;

/**
 * Leads still arriving (a burst of form submissions): wait a few tenths of a second while
 * INTAKE_SEQ keeps moving, so the first model round carries a full wave instead of one or
 * two leads. Only when the batch is smaller than a wave. True when more leads came in.
 */
export function gatherArrivals(seenSeq: number, p: Plan, opts: RunOptions): boolean {
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
