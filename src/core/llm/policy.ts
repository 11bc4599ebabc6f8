/**
 * What to do after each reply, as pure decisions. A task is plain data (it can be kept
 * between Apps Script executions); `advanceTask` takes the task and what the transport
 * returned and yields the next task plus one step:
 *   done      — the value is valid; stop
 *   retry     — send task.request again after delayMs (timeouts, 5xx, 429, empty replies)
 *   repair    — send the repair request now (malformed JSON, invalid points, truncation); once
 *   downgrade — the endpoint rejected the response format; send in the next mode now
 *   fallback  — give up; the caller grades with the rules engine and records `reason`
 * The Node client awaits each step; the Apps Script adapter runs many tasks per fetchAll.
 * No timers here: delays are numbers, randomness is injected.
 */
import { leadLanguage, type Lang } from "../lead";
import type { Rubric } from "../rubric";
import type { Advice } from "../result";
import type { FallbackCode, LlmFailure } from "./failure";
import {
  adviceSchemaSpec,
  buildAdviceRequest,
  buildGradeRequest,
  buildRepairRequest,
  gradeSchemaSpec,
  nextMode,
  withMode,
  type AdviceRequestInput,
  type ChatRequest,
  type GradeRequestInput,
  type ResponseMode,
  type SchemaSpec,
} from "./request";
import { parseAdviceContent, parseGradeContent, readChatContent, type GradeChoice, type Parsed, type Transport } from "./reply";

export interface RetryPolicy {
  /** Replies a task may consume (first try, retries and the repair); downgrades are free. */
  maxAttempts: number;
  /** First backoff delay; doubles per retry. */
  baseDelayMs: number;
  /** Cap of one backoff delay. */
  maxDelayMs: number;
  /** A 429 asking to wait longer than this gives up instead (the run has a time budget). */
  maxRetryAfterMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = { maxAttempts: 4, baseDelayMs: 1_000, maxDelayMs: 20_000, maxRetryAfterMs: 60_000 };

/**
 * Capped exponential backoff with "equal jitter": half the delay is fixed, half random,
 * so simultaneous failures spread out without ever retrying immediately.
 */
export function backoffDelayMs(retryIndex: number, policy: RetryPolicy, random: () => number): number {
  const capped = Math.min(policy.maxDelayMs, policy.baseDelayMs * Math.pow(2, Math.max(0, retryIndex)));
  const r = Math.min(1, Math.max(0, random()));
  return Math.round(capped / 2 + (capped / 2) * r);
}

export type LlmPurpose = "grade" | "advice";

export interface LlmTask {
  purpose: LlmPurpose;
  lang: Lang;
  /** The request to send next. */
  request: ChatRequest;
  mode: ResponseMode;
  schema: SchemaSpec;
  /** Replies consumed so far. */
  attempts: number;
  /** Transient retries so far (the backoff exponent). */
  retries: number;
  repaired: boolean;
  /** The last failure seen, for the log. */
  lastFailure?: LlmFailure;
}

export type LlmStep<T> =
  | { kind: "done"; value: T; mode: ResponseMode }
  | { kind: "retry"; delayMs: number; failure: LlmFailure }
  | { kind: "repair"; delayMs: 0; failure: LlmFailure }
  | { kind: "downgrade"; delayMs: 0; mode: ResponseMode; failure: LlmFailure }
  | { kind: "fallback"; reason: FallbackCode; failure: LlmFailure };

export interface Advance<T> {
  task: LlmTask;
  step: LlmStep<T>;
}

export interface AdvanceContext {
  nowMs: number;
  random: () => number;
  policy?: RetryPolicy;
}

export function createGradeTask(input: GradeRequestInput): LlmTask {
  const request = buildGradeRequest(input);
  const lang = input.lang ?? leadLanguage(input.lead);
  return { purpose: "grade", lang, request, mode: input.mode, schema: gradeSchemaSpec(input.rubric), attempts: 0, retries: 0, repaired: false };
}

export function createAdviceTask(input: AdviceRequestInput): LlmTask {
  const request = buildAdviceRequest(input);
  const lang = input.lang ?? input.result.lang;
  return { purpose: "advice", lang, request, mode: input.mode, schema: adviceSchemaSpec(), attempts: 0, retries: 0, repaired: false };
}

const TRANSIENT: readonly FallbackCode[] = ["timeout", "network", "server-error", "rate-limited", "empty-reply"];
const REPAIRABLE: readonly FallbackCode[] = ["malformed-json", "invalid-points", "invalid-reply", "truncated"];

/** Decide what follows a parse failure (exported so a driver can reason about a failure alone). */
export function decideAfterFailure(task: LlmTask, failure: LlmFailure, ctx: AdvanceContext): Advance<never> {
  const policy = ctx.policy ?? DEFAULT_RETRY_POLICY;
  const seen: LlmTask = { ...task, attempts: task.attempts + 1, lastFailure: failure };
  const giveUp = (reason: FallbackCode): Advance<never> => ({ task: seen, step: { kind: "fallback", reason, failure } });

  if (failure.code === "format-rejected") {
    const mode = nextMode(task.mode);
    if (!mode) return giveUp("format-rejected");
    // Protocol negotiation, not a failed try: it does not use up an attempt.
    const request = withMode(task.request, mode, task.schema);
    return { task: { ...seen, attempts: task.attempts, mode, request }, step: { kind: "downgrade", delayMs: 0, mode, failure } };
  }
  const budgetLeft = seen.attempts < policy.maxAttempts;
  if (TRANSIENT.includes(failure.code)) {
    if (!budgetLeft) return giveUp(failure.code);
    let delayMs = backoffDelayMs(task.retries, policy, ctx.random);
    if (failure.code === "rate-limited" && failure.retryAfterMs !== undefined) {
      if (failure.retryAfterMs > policy.maxRetryAfterMs) return giveUp("rate-limited");
      // The server said when; wait at least that long (a little jitter on top spreads a batch).
      delayMs = failure.retryAfterMs + Math.round(Math.min(1, Math.max(0, ctx.random())) * Math.min(250, policy.baseDelayMs));
    }
    return { task: { ...seen, retries: task.retries + 1 }, step: { kind: "retry", delayMs, failure } };
  }
  if (REPAIRABLE.includes(failure.code)) {
    if (task.repaired || !budgetLeft) return giveUp(failure.code);
    const request = buildRepairRequest(task.request, failure, task.lang);
    return { task: { ...seen, repaired: true, request }, step: { kind: "repair", delayMs: 0, failure } };
  }
  // auth-failed, refusal, bad-request, no-api-key: asking again gives the same answer.
  return giveUp(failure.code);
}

export function advanceTask<T>(task: LlmTask, transport: Transport, parse: (content: string) => Parsed<T>, ctx: AdvanceContext): Advance<T> {
  const content = readChatContent(transport, ctx.nowMs);
  const parsed = content.ok ? parse(content.value) : content;
  if (parsed.ok) return { task: { ...task, attempts: task.attempts + 1 }, step: { kind: "done", value: parsed.value, mode: task.mode } };
  return decideAfterFailure(task, parsed.failure, ctx);
}

export function advanceGradeTask(task: LlmTask, transport: Transport, rubric: Rubric, ctx: AdvanceContext): Advance<GradeChoice> {
  return advanceTask(task, transport, (c) => parseGradeContent(c, rubric), ctx);
}

export function advanceAdviceTask(task: LlmTask, transport: Transport, ctx: AdvanceContext): Advance<Advice> {
  return advanceTask(task, transport, parseAdviceContent, ctx);
}

export function isFinal<T>(step: LlmStep<T>): step is Extract<LlmStep<T>, { kind: "done" | "fallback" }> {
  return step.kind === "done" || step.kind === "fallback";
}
