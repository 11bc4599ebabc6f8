/**
 * Grade leads in Node: the model when configured (shared protocol, this process's
 * client), the rules engine otherwise or when the model fails, then optional advice.
 * Region and placement always come from code (the rules engine), never from the model.
 */
import { leadLanguage, type Lead } from "../core/lead";
import { DEFAULT_RUBRIC, type Rubric } from "../core/rubric";
import type { Advice, Engine, GradeResult } from "../core/result";
import { finishGrade } from "../core/grade";
import { analyzeWithRules, type RulesAnalysis } from "../core/rules/index";
import { offlineAdvice } from "../core/advice";
import {
  DEFAULT_RETRY_POLICY,
  advanceAdviceTask,
  advanceGradeTask,
  createAdviceTask,
  createGradeTask,
  hasApiKey,
  modeKey,
  preferredMode,
  learnFromStep,
  resolveLlmConfig,
  scrubSecret,
  type Advance,
  type FallbackCode,
  type LlmConfig,
  type LlmTask,
  type ModeMemory,
  type RetryPolicy,
  type Transport,
} from "../core/llm/index";
import { createLlmClient, type LlmClient } from "./llm-client";

export type EngineChoice = "llm" | "rules" | "auto";

export interface GraderLogEntry {
  id: string;
  step: "grade" | "advice";
  /** done | retry | repair | downgrade | fallback */
  outcome: string;
  /** Scrubbed of the API key. */
  message: string;
}

/** Where the endpoint's accepted response format is remembered (shared by graders in a process by default). */
export interface ModeStore {
  get(): ModeMemory;
  set(memory: ModeMemory): void;
}

export function memoryModeStore(initial: ModeMemory = {}): ModeStore {
  let memory = initial;
  return { get: () => memory, set: (m) => void (memory = m) };
}

const processModeStore = memoryModeStore();

export interface GraderOptions {
  engine?: EngineChoice;
  advice?: boolean;
  concurrency?: number;
  /** Environment to read LLM_* / OPENAI_* from. Default: process.env. */
  env?: Record<string, string | undefined>;
  /** The day leads arrived (purchase-plan dates are judged from it). Default: the current time. */
  now?: Date;
  rubric?: Rubric;
  policy?: RetryPolicy;
  random?: () => number;
  sleep?: (ms: number) => Promise<void>;
  /** Transport override (tests); default: the openai SDK client for the configured endpoint. */
  client?: LlmClient;
  modeStore?: ModeStore;
  /** Rules engine override (tests); default: analyzeWithRules. */
  rules?: typeof analyzeWithRules;
  log?: (entry: GraderLogEntry) => void;
}

export interface GradedLead {
  id: string;
  result: GradeResult;
  advice?: Advice;
  /** Who wrote the advice: "llm" or the offline template ("rules"). */
  adviceEngine?: Engine;
  adviceFallbackReason?: FallbackCode;
}

export interface Grader {
  /** "llm" when a model will be asked, "rules" otherwise. */
  readonly effectiveEngine: Engine;
  /** Config with the key replaced, for display. */
  readonly endpoint: { baseUrl: string; model: string; hasKey: boolean };
  gradeOne(lead: Lead, id: string): Promise<GradedLead>;
  /** Many leads with at most `concurrency` in flight; results in input order. A lead that throws yields its error. */
  gradeMany(items: { id: string; lead: Lead }[]): Promise<Array<GradedLead | { id: string; error: string }>>;
}

/** Failures of the endpoint itself (not of one reply's content). */
const ENDPOINT_FAILURES: readonly FallbackCode[] = ["timeout", "network", "rate-limited", "server-error", "auth-failed", "bad-request", "format-rejected"];

const realSleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

export function createGrader(opts: GraderOptions = {}): Grader {
  const engine = opts.engine ?? "auto";
  const rubric = opts.rubric ?? DEFAULT_RUBRIC;
  const config: LlmConfig = resolveLlmConfig((n) => (opts.env ?? process.env)[n], { acceptOpenAiNames: true });
  const keyed = hasApiKey(config);
  const useModel = engine !== "rules" && keyed;
  const policy = opts.policy ?? DEFAULT_RETRY_POLICY;
  const random = opts.random ?? Math.random;
  const sleep = opts.sleep ?? realSleep;
  const store = opts.modeStore ?? processModeStore;
  const key = modeKey(config.baseUrl, config.model);
  const client = useModel ? (opts.client ?? createLlmClient(config)) : undefined;
  const receivedAt = opts.now ?? new Date();
  const scrub = (s: string) => scrubSecret(s, config.apiKey);
  const log = (e: GraderLogEntry) => opts.log?.({ ...e, message: scrub(e.message) });

  /** Send until the policy says done or fallback; both runtimes follow the same steps. */
  async function drive<T>(id: string, step: "grade" | "advice", first: LlmTask, advance: (t: LlmTask, tr: Transport) => Advance<T>) {
    let task = first;
    for (;;) {
      const transport = await client!.send(task.request);
      const next = advance(task, transport);
      task = next.task;
      const s = next.step;
      store.set(learnFromStep(store.get(), key, s));
      if (s.kind === "done") {
        log({ id, step, outcome: "done", message: `mode ${task.mode}, ${task.attempts} attempt(s)` });
        return { ok: true as const, value: s.value };
      }
      if (s.kind === "fallback") {
        log({ id, step, outcome: "fallback", message: `${s.reason}: ${s.failure.message}` });
        return { ok: false as const, reason: s.reason };
      }
      log({ id, step, outcome: s.kind, message: `${s.failure.code}: ${s.failure.message}${s.delayMs ? ` (wait ${s.delayMs} ms)` : ""}` });
      if (s.delayMs > 0) await sleep(s.delayMs);
    }
  }

  async function gradeOne(lead: Lead, id: string): Promise<GradedLead> {
    const analysis: RulesAnalysis = (opts.rules ?? analyzeWithRules)(lead, rubric, { now: receivedAt });
    const byRules = (fallbackReason?: FallbackCode) =>
      finishGrade({ lead, rubric, dimensions: analysis.dimensions, placement: analysis.placement, engine: "rules", missingInfo: analysis.missingInfo, fallbackReason });

    let result: GradeResult;
    if (!useModel) {
      // Asked for the model explicitly but none is configured: record why the rules graded it.
      result = byRules(engine === "llm" ? "no-api-key" : undefined);
    } else {
      const task = createGradeTask({ lead, rubric, model: config.model, mode: preferredMode(store.get(), key), receivedAt });
      const out = await drive(id, "grade", task, (t, tr) => advanceGradeTask(t, tr, rubric, { nowMs: Date.now(), random, policy }));
      result = out.ok
        ? finishGrade({ lead, rubric, dimensions: out.value.dimensions, placement: analysis.placement, engine: "llm", missingInfo: out.value.missingInfo })
        : byRules(out.reason);
    }
    const graded: GradedLead = { id, result };
    if (opts.advice) {
      const lang = result.lang ?? leadLanguage(lead);
      const endpointDown = result.fallbackReason !== undefined && ENDPOINT_FAILURES.includes(result.fallbackReason as FallbackCode);
      if (useModel && endpointDown) {
        // The endpoint just failed this lead's grade for a reason a second call would hit too: spare the wait.
        graded.advice = offlineAdvice(lead, result, rubric, lang);
        graded.adviceEngine = "rules";
        graded.adviceFallbackReason = result.fallbackReason as FallbackCode;
      } else if (useModel) {
        const task = createAdviceTask({ lead, result, rubric, model: config.model, mode: preferredMode(store.get(), key), receivedAt, lang });
        const out = await drive(id, "advice", task, (t, tr) => advanceAdviceTask(t, tr, { nowMs: Date.now(), random, policy }));
        if (out.ok) {
          graded.advice = out.value;
          graded.adviceEngine = "llm";
        } else {
          graded.advice = offlineAdvice(lead, result, rubric, lang);
          graded.adviceEngine = "rules";
          graded.adviceFallbackReason = out.reason;
        }
      } else {
        graded.advice = offlineAdvice(lead, result, rubric, lang);
        graded.adviceEngine = "rules";
        if (engine === "llm") graded.adviceFallbackReason = "no-api-key";
      }
    }
    return graded;
  }

  async function gradeMany(items: { id: string; lead: Lead }[]) {
    const out: Array<GradedLead | { id: string; error: string }> = new Array(items.length);
    let next = 0;
    const width = Math.max(1, Math.min(opts.concurrency ?? 4, items.length || 1));
    const worker = async () => {
      for (let i = next++; i < items.length; i = next++) {
        try {
          out[i] = await gradeOne(items[i].lead, items[i].id);
        } catch (e) {
          out[i] = { id: items[i].id, error: scrub(e instanceof Error ? e.message : String(e)) };
        }
      }
    };
    await Promise.all(Array.from({ length: width }, worker));
    return out;
  }

  return {
    effectiveEngine: useModel ? "llm" : "rules",
    endpoint: { baseUrl: config.baseUrl, model: config.model, hasKey: keyed },
    gradeOne,
    gradeMany,
  };
}
