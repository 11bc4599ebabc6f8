import { describe, expect, it } from "vitest";
import { DEFAULT_RUBRIC } from "../../src/core/rubric";
import {
  advanceAdviceTask,
  advanceGradeTask,
  backoffDelayMs,
  chatCompletionsUrl,
  createGradeTask,
  learnFromStep,
  modeKey,
  parseModeMemory,
  preferredMode,
  rememberMode,
  resolveLlmConfig,
  scrubSecret,
  serializeModeMemory,
  type LlmTask,
  type RetryPolicy,
  type Transport,
} from "../../src/core/llm/index";
import { ZH_LEAD, gradeJson, okReply } from "./helpers";

const R = DEFAULT_RUBRIC;
const NOW = Date.parse("2025-11-20T00:00:00Z");
const policy: RetryPolicy = { maxAttempts: 3, baseDelayMs: 100, maxDelayMs: 1000, maxRetryAfterMs: 5000 };
const ctx = { nowMs: NOW, random: () => 0.5, policy };
const newTask = (mode: "json_schema" | "json_object" | "plain" = "json_schema") =>
  createGradeTask({ lead: ZH_LEAD, rubric: R, model: "m", mode, receivedAt: new Date(NOW) });
const http = (status: number, body = "", headers: Record<string, string> = {}): Transport => ({ kind: "http", status, headers, body });
const REJECT = http(400, '{"error":{"message":"response_format json_schema is not supported","param":"response_format"}}');

/** Feed replies in order; return the step kinds and the final task. */
function run(replies: Transport[], task: LlmTask = newTask()) {
  const kinds: string[] = [];
  let last: any;
  for (const t of replies) {
    const a = advanceGradeTask(task, t, R, ctx);
    task = a.task;
    last = a.step;
    kinds.push(a.step.kind === "fallback" ? `fallback:${a.step.reason}` : a.step.kind);
    if (a.step.kind === "done" || a.step.kind === "fallback") break;
  }
  return { kinds, task, last };
}

describe("backoff", () => {
  it("grows exponentially, is capped, and jitters between half and the full delay", () => {
    expect(backoffDelayMs(0, policy, () => 0)).toBe(50);
    expect(backoffDelayMs(0, policy, () => 1)).toBe(100);
    expect(backoffDelayMs(2, policy, () => 1)).toBe(400);
    expect(backoffDelayMs(10, policy, () => 1)).toBe(1000);
    expect(backoffDelayMs(10, policy, () => 0)).toBe(500);
  });
});

describe("next-step decisions", () => {
  it("done on a valid reply", () => {
    const r = run([okReply(gradeJson({}, R))]);
    expect(r.kinds).toEqual(["done"]);
    expect(r.last.mode).toBe("json_schema");
  });

  it("retries transient failures with backoff, then falls back with the last reason", () => {
    const r = run([http(500), http(503), http(502)]);
    expect(r.kinds).toEqual(["retry", "retry", "fallback:server-error"]);
    const t = run([{ kind: "error", error: "timeout", message: "" }, okReply(gradeJson({}, R))]);
    expect(t.kinds).toEqual(["retry", "done"]);
    expect(run([http(200, JSON.stringify({ choices: [] })), http(200, '{"choices":[]}'), http(200, '{"choices":[]}')]).kinds.at(-1)).toBe("fallback:empty-reply");
    expect(run([{ kind: "error", error: "network", message: "" }, { kind: "error", error: "network", message: "" }, { kind: "error", error: "network", message: "" }]).kinds.at(-1)).toBe("fallback:network");
  });

  it("honours Retry-After, and gives up when it asks for longer than the policy allows", () => {
    const a = advanceGradeTask(newTask(), http(429, "", { "retry-after": "2" }), R, ctx);
    expect(a.step.kind).toBe("retry");
    expect(a.step.kind === "retry" && a.step.delayMs).toBeGreaterThanOrEqual(2000);
    expect(a.step.kind === "retry" && a.step.delayMs).toBeLessThan(2300);
    const noHeader = advanceGradeTask(newTask(), http(429), R, ctx);
    expect(noHeader.step.kind === "retry" && noHeader.step.delayMs).toBe(75);
    expect(run([http(429, "", { "retry-after": "60" })]).kinds).toEqual(["fallback:rate-limited"]);
  });

  it("repairs malformed or invalid content once, then falls back", () => {
    const bad = okReply(gradeJson({ companySize: 15 }, R));
    const r = run([bad, bad]);
    expect(r.kinds).toEqual(["repair", "fallback:invalid-points"]);
    const repaired = advanceGradeTask(newTask(), bad, R, ctx).task.request;
    expect(repaired.messages).toHaveLength(4);
    expect(repaired.messages[2].role).toBe("assistant");
    expect(repaired.messages[3].content).toContain("companySize");
    expect(run([okReply("not json"), okReply(gradeJson({}, R))]).kinds).toEqual(["repair", "done"]);
    expect(run([okReply("{", { finish_reason: "length" }), okReply("{", { finish_reason: "length" })]).kinds).toEqual(["repair", "fallback:truncated"]);
    expect(run([okReply("not json"), http(500), okReply("nope")]).kinds).toEqual(["repair", "retry", "fallback:malformed-json"]);
  });

  it("falls back at once on refusal and on auth failure", () => {
    expect(run([okReply(null, { refusal: "no" })]).kinds).toEqual(["fallback:refusal"]);
    expect(run([http(401, '{"error":{"message":"bad key"}}')]).kinds).toEqual(["fallback:auth-failed"]);
    expect(run([http(403)]).kinds).toEqual(["fallback:auth-failed"]);
    expect(run([http(404, "model not found")]).kinds).toEqual(["fallback:bad-request"]);
  });

  it("downgrades json_schema → json_object → plain without spending attempts, then gives up", () => {
    const r = run([REJECT, REJECT, okReply("```json\n" + gradeJson({}, R) + "\n```")]);
    expect(r.kinds).toEqual(["downgrade", "downgrade", "done"]);
    expect(r.last.mode).toBe("plain");
    expect(r.task.request.response_format).toBeUndefined();
    const s = run([REJECT]);
    expect(s.task.mode).toBe("json_object");
    expect(s.task.request.response_format).toEqual({ type: "json_object" });
    expect(s.task.attempts).toBe(0);
    expect(run([REJECT, REJECT, REJECT]).kinds).toEqual(["downgrade", "downgrade", "fallback:format-rejected"]);
  });

  it("drives advice tasks the same way", () => {
    const t = newTask();
    const a = advanceAdviceTask({ ...t, purpose: "advice" }, okReply('{"maturityLevel":"low","maturity":"a","needsAndPainPoints":"b","communicationStrategy":"c","nextActions":"d","resourcesAndRisks":"e"}'), ctx);
    expect(a.step.kind).toBe("done");
  });
});

describe("mode memory", () => {
  it("starts at json_schema, records downgrades per endpoint+model and survives a round trip", () => {
    const k = modeKey("http://x/v1/", "m");
    expect(k).toBe("http://x/v1|m");
    let m = {};
    expect(preferredMode(m, k)).toBe("json_schema");
    m = rememberMode(m, k, "json_object");
    expect(preferredMode(m, k)).toBe("json_object");
    expect(preferredMode(m, modeKey("http://x/v1", "other"))).toBe("json_schema");
    expect(rememberMode(m, k, "json_object")).toBe(m);
    expect(parseModeMemory(serializeModeMemory(m))).toEqual(m);
    expect(parseModeMemory("garbage")).toEqual({});
    expect(parseModeMemory('{"a":"xml"}')).toEqual({});
    // A success fills an empty slot but never undoes a recorded downgrade.
    expect(learnFromStep({}, k, { kind: "done", mode: "json_schema" })).toEqual({ [k]: "json_schema" });
    expect(learnFromStep({ [k]: "json_object" }, k, { kind: "done", mode: "json_schema" })).toEqual({ [k]: "json_object" });
    expect(learnFromStep({ [k]: "json_schema" }, k, { kind: "downgrade", mode: "plain" })).toEqual({ [k]: "plain" });
    expect(learnFromStep({}, k, { kind: "retry" })).toEqual({});
  });
});

describe("config", () => {
  it("defaults, aliases, and no key means no key (never an error)", () => {
    const c = resolveLlmConfig(() => undefined);
    expect(c).toMatchObject({ baseUrl: "https://api.openai.com/v1", apiKey: "", model: "gpt-4o-mini" });
    const env: Record<string, string> = { OPENAI_API_KEY: "sk-openai-1234", OPENAI_BASE_URL: "http://127.0.0.1:1/v1/", LLM_MODEL: "qwen-plus" };
    expect(resolveLlmConfig((n) => env[n])).toMatchObject({ apiKey: "", baseUrl: "https://api.openai.com/v1" });
    expect(resolveLlmConfig((n) => env[n], { acceptOpenAiNames: true })).toMatchObject({ apiKey: "sk-openai-1234", baseUrl: "http://127.0.0.1:1/v1", model: "qwen-plus" });
    const both: Record<string, string> = { ...env, LLM_API_KEY: "own", LLM_BASE_URL: "https://dashscope.aliyuncs.com/compatible-mode/v1" };
    expect(resolveLlmConfig((n) => both[n], { acceptOpenAiNames: true })).toMatchObject({ apiKey: "own", baseUrl: "https://dashscope.aliyuncs.com/compatible-mode/v1" });
    expect(chatCompletionsUrl("https://api.deepseek.com/v1/")).toBe("https://api.deepseek.com/v1/chat/completions");
  });

  it("scrubs the key and bearer tokens from any text", () => {
    const key = "sk-test-SECRET-9f8e7d";
    const out = scrubSecret(`Incorrect API key provided: ${key}. Header was Bearer ${key}; other sk-proj-abcdef123`, key);
    expect(out).not.toContain(key);
    expect(out).not.toContain("SECRET");
    expect(out).not.toContain("sk-proj-abcdef123");
    expect(scrubSecret("custom-key-xyz used", "custom-key-xyz")).toBe("[redacted] used");
  });
});
