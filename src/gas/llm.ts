/**
 * The model path: every lead of a batch is a task of the pure protocol in core/llm; each
 * round sends all ready tasks in one UrlFetchApp.fetchAll, feeds every reply to the
 * policy (done / retry after a delay / repair / downgrade / fall back), and sleeps only
 * when every pending task is waiting. A task that falls back is graded by the rules
 * engine (advice: the offline template) with the reason recorded. The key is read from
 * Script Properties and only ever placed in the Authorization header.
 */
import { analyzeWithRules } from "../core/rules/index";
import { finishGrade } from "../core/grade";
import {
  advanceAdviceTask,
  advanceGradeTask,
  chatCompletionsUrl,
  createAdviceTask,
  createGradeTask,
  MODE_MEMORY_PROPERTY,
  modeKey,
  parseModeMemory,
  preferredMode,
  rememberMode,
  requestHeaders,
  resolveLlmConfig,
  scrubSecret,
  serializeModeMemory,
  type Advance,
  type FallbackCode,
  type GradeChoice,
  type LlmConfig,
  type LlmTask,
  type ModeMemory,
  type ResponseMode,
  type Transport,
} from "../core/llm/index";
import type { Advice, GradeResult } from "../core/result";
import type { AppConfig } from "./config";
import { offlineEngines, rulesAdvice, rulesGrade, type AdviceInput, type Engines, type GradeInput, type Outcome } from "./engines";
import { errorText, nowMs, PROP, scriptProps } from "./env";
import { log } from "./log";

type Final<T> = { ok: true; value: T; mode: ResponseMode } | { ok: false; reason: FallbackCode; message: string };

interface Slot<T> {
  task: LlmTask;
  readyAt: number;
  final?: Final<T>;
}

/** Keep a little time after the last round for the sheet writes and e-mails. */
const RESERVE_MS = 20_000;

function toTransport(r: GoogleAppsScript.URL_Fetch.HTTPResponse): Transport {
  const headers = (typeof r.getAllHeaders === "function" ? r.getAllHeaders() : r.getHeaders()) as Record<string, string | string[]>;
  return { kind: "http", status: r.getResponseCode(), headers, body: r.getContentText() };
}

/** Run tasks to completion (or the deadline) with batched fetchAll rounds. */
export function driveTasks<T>(
  tasks: LlmTask[],
  config: LlmConfig,
  advance: (task: LlmTask, t: Transport, now: number) => Advance<T>,
  deadlineMs: number,
): Final<T>[] {
  const slots: Slot<T>[] = tasks.map((task) => ({ task, readyAt: 0 }));
  const url = chatCompletionsUrl(config.baseUrl);
  const headers = requestHeaders(config);
  delete (headers as Record<string, string>)["Content-Type"];
  for (;;) {
    const pending = slots.filter((s) => !s.final);
    if (!pending.length) break;
    let now = nowMs();
    if (now > deadlineMs - RESERVE_MS) {
      for (const s of pending) s.final = { ok: false, reason: "timeout", message: "the run's time budget ran out before the model answered" };
      break;
    }
    let ready = pending.filter((s) => s.readyAt <= now);
    if (!ready.length) {
      const wake = Math.min(...pending.map((s) => s.readyAt));
      Utilities.sleep(Math.max(1, Math.min(wake - now, deadlineMs - RESERVE_MS - now, 300_000)));
      continue;
    }
    const requests = ready.map((s) => ({
      url,
      method: "post" as const,
      contentType: "application/json",
      headers,
      payload: JSON.stringify(s.task.request),
      muteHttpExceptions: true,
    }));
    let transports: Transport[];
    try {
      // One request (batch size 1, the sequential mode) is a plain fetch.
      transports = requests.length === 1 ? [toTransport(UrlFetchApp.fetch(requests[0].url, requests[0]))] : UrlFetchApp.fetchAll(requests).map(toTransport);
    } catch (e) {
      // A transport failure (DNS, timeout) fails the whole fetchAll: each request is then tried alone.
      transports = requests.map((req) => {
        try {
          return toTransport(UrlFetchApp.fetch(req.url, req));
        } catch (e2) {
          const message = scrubSecret(errorText(e2), config.apiKey);
          return { kind: "error", error: /timeout|timed out/i.test(message) ? "timeout" : "network", message } as Transport;
        }
      });
      void e;
    }
    now = nowMs();
    ready.forEach((s, i) => {
      const adv = advance(s.task, transports[i], now);
      s.task = adv.task;
      const step = adv.step;
      if (step.kind === "done") s.final = { ok: true, value: step.value, mode: step.mode };
      else if (step.kind === "fallback") s.final = { ok: false, reason: step.reason, message: scrubSecret(step.failure.message, config.apiKey) };
      else s.readyAt = now + step.delayMs;
    });
    ready = [];
  }
  return slots.map((s) => s.final!);
}

function llmConfigFor(cfg: AppConfig, apiKey: string): LlmConfig {
  return resolveLlmConfig((name) => {
    if (name === "LLM_API_KEY") return apiKey;
    if (name === "LLM_BASE_URL") return cfg.settings.llmBaseUrl;
    if (name === "LLM_MODEL") return cfg.settings.llmModel;
    return null;
  });
}

function rememberModes(key: string, finals: Final<unknown>[], memory: ModeMemory): void {
  let next = memory;
  for (const f of finals) if (f.ok) next = rememberMode(next, key, f.mode);
  if (next !== memory) scriptProps().setProperty(MODE_MEMORY_PROPERTY, serializeModeMemory(next));
}

function gradeOutcomes(items: readonly GradeInput[], finals: Final<GradeChoice>[], cfg: AppConfig): Outcome<GradeResult>[] {
  return items.map((it, i) => {
    const f = finals[i];
    if (!f.ok) {
      log("", "grade", "warning", `model fallback (${f.reason})${it.id ? " for lead " + it.id : ""}: ${f.message}`);
      return rulesGrade(it, cfg, f.reason);
    }
    try {
      const placement = analyzeWithRules(it.lead, cfg.rubric, { now: new Date(it.receivedAt), regions: cfg.regions }).placement;
      return { ok: true, value: finishGrade({ lead: it.lead, rubric: cfg.rubric, dimensions: f.value.dimensions, placement, engine: "llm", missingInfo: f.value.missingInfo }) };
    } catch (e) {
      return rulesGrade(it, cfg, "invalid-reply");
    }
  });
}

function adviceOutcomes(items: readonly AdviceInput[], finals: Final<Advice>[], cfg: AppConfig): Outcome<Advice>[] {
  return items.map((it, i) => {
    const f = finals[i];
    if (f.ok) return { ok: true, value: f.value };
    // The lead's own record (its Log row and the "Advice fallback reason" cell) is written by the commit.
    log("", "advise", "warning", `model fallback (${f.reason})${it.id ? " for lead " + it.id : ""}: ${f.message}; template advice used`);
    const o = rulesAdvice(it, cfg);
    return o.ok ? { ...o, fallback: f.reason } : o;
  });
}

export function llmEngines(apiKey: string): Engines {
  /** One task per item, driven in fetchAll rounds; the reply mode that worked is remembered. */
  function run<T>(cfg: AppConfig, deadlineMs: number, create: (model: string, mode: ResponseMode) => LlmTask[], advance: (task: LlmTask, t: Transport, now: number) => Advance<T>): Final<T>[] {
    const config = llmConfigFor(cfg, apiKey);
    const memory = parseModeMemory(scriptProps().getProperty(MODE_MEMORY_PROPERTY));
    const key = modeKey(config.baseUrl, config.model);
    const finals = driveTasks(create(config.model, preferredMode(memory, key)), config, advance, deadlineMs);
    rememberModes(key, finals, memory);
    return finals;
  }
  return {
    offline: false,
    grade: (items, cfg, deadlineMs) =>
      gradeOutcomes(
        items,
        run(cfg, deadlineMs, (model, mode) => items.map((it) => createGradeTask({ lead: it.lead, rubric: cfg.rubric, model, mode, receivedAt: new Date(it.receivedAt) })), (task, t, now) => advanceGradeTask(task, t, cfg.rubric, { nowMs: now, random: Math.random })),
        cfg,
      ),
    advise: (items, cfg, deadlineMs) =>
      adviceOutcomes(
        items,
        run(cfg, deadlineMs, (model, mode) => items.map((it) => createAdviceTask({ lead: it.lead, rubric: cfg.rubric, model, mode, receivedAt: new Date(it.receivedAt), result: it.result })), (task, t, now) => advanceAdviceTask(task, t, { nowMs: now, random: Math.random })),
        cfg,
      ),
  };
}

/** The model when Script Property LLM_API_KEY is set, else the offline engines. */
export function selectEngines(cfg: AppConfig): Engines {
  void cfg;
  const key = scriptProps().getProperty(PROP.llmApiKey);
  return key ? llmEngines(key) : offlineEngines;
}
