import { afterEach, describe, expect, it } from "vitest";
import { DEFAULT_RUBRIC, DIMENSION_KEYS } from "../../src/core/rubric";
import { createGrader, memoryModeStore, type GraderLogEntry, type GraderOptions } from "../../src/node/grader";
import { startMockLlm, type MockFault, type MockLlm, type MockOptions } from "../../src/node/mock-llm-server";
import { EN_LEAD, ZH_LEAD, fakeRules } from "../llm/helpers";
import { offlineAdvice } from "../../src/core/advice";

const KEY = "sk-test-LEAKCHECK-0123456789abcdef";
const NOW = new Date("2025-11-20T02:00:00Z");
const mocks: MockLlm[] = [];
afterEach(async () => {
  await Promise.all(mocks.splice(0).map((m) => m.close()));
});

async function mock(opts: MockOptions = {}): Promise<MockLlm> {
  const m = await startMockLlm({ rules: fakeRules, ...opts });
  mocks.push(m);
  return m;
}

function graderFor(m: MockLlm, extra: GraderOptions = {}) {
  const logs: GraderLogEntry[] = [];
  const sleeps: number[] = [];
  const grader = createGrader({
    engine: "llm",
    env: { LLM_BASE_URL: m.url, LLM_API_KEY: KEY, LLM_MODEL: "mock-model", LLM_TIMEOUT_MS: "300" },
    rules: fakeRules,
    policy: { maxAttempts: 3, baseDelayMs: 5, maxDelayMs: 20, maxRetryAfterMs: 5000 },
    modeStore: memoryModeStore(),
    random: () => 0.5,
    now: NOW,
    log: (e) => logs.push(e),
    sleep: (ms) => {
      sleeps.push(ms);
      return new Promise((r) => setTimeout(r, ms));
    },
    ...extra,
  });
  return { grader, logs, sleeps };
}

const rulesPoints = (l = ZH_LEAD) => Object.fromEntries(DIMENSION_KEYS.map((k) => [k, fakeRules(l, DEFAULT_RUBRIC).dimensions[k].points]));
const pointsOf = (r: { dimensions: Record<string, { points: number }> }) => Object.fromEntries(DIMENSION_KEYS.map((k) => [k, r.dimensions[k].points]));

describe("grading through the mock endpoint", () => {
  it("uses the model's choices, code's arithmetic and the rules engine's region", async () => {
    // The mock answers with the lowest option everywhere except companySize, so the model's picks differ from the rules'.
    const m = await mock({
      script: () => ({ kind: "content", content: JSON.stringify({ dimensions: Object.fromEntries(DIMENSION_KEYS.map((k) => [k, { evidence: "e", points: k === "companySize" ? 20 : 0 }])), missingInfo: ["决策人"] }) }),
    });
    const { grader } = graderFor(m);
    const g = await grader.gradeOne(ZH_LEAD, "x1");
    expect(g.result.engine).toBe("llm");
    expect(g.result.fallbackReason).toBeUndefined();
    expect(g.result.total).toBe(20);
    expect(g.result.grade).toBe("D");
    expect(g.result.region).toBe("华南");
    expect(g.result.missingInfo).toEqual(["决策人"]);
    const req = m.requests[0];
    expect(req.headers.authorization).toBe(`Bearer ${KEY}`);
    expect(req.body.model).toBe("mock-model");
    expect(req.body.temperature).toBe(0);
    expect(req.body.response_format.json_schema.name).toBe("lead_grade");
    expect(req.body.response_format.json_schema.strict).toBe(true);
    expect(req.mode).toBe("json_schema");
  });

  it("a default (rules-computed) reply round-trips to the same points", async () => {
    const m = await mock();
    const g = await graderFor(m).grader.gradeOne(EN_LEAD, "e1");
    expect(g.result.engine).toBe("llm");
    expect(pointsOf(g.result)).toEqual(rulesPoints(EN_LEAD));
  });

  const cases: Array<[MockFault, string]> = [
    ["timeout", "timeout"],
    ["429", "rate-limited"],
    ["500", "server-error"],
    ["malformed-json", "malformed-json"],
    ["invalid-points", "invalid-points"],
    ["refusal", "refusal"],
    ["length", "truncated"],
    ["empty-choices", "empty-reply"],
  ];
  it.each(cases)("fault %s on every reply → graded by rules with fallbackReason %s", async (fault, reason) => {
    const m = await mock({ script: () => ({ kind: "fault", fault, retryAfter: "0" }) });
    const { grader, logs } = graderFor(m);
    const g = await grader.gradeOne(ZH_LEAD, "f1");
    expect(g.result.engine).toBe("rules");
    expect(g.result.fallbackReason).toBe(reason);
    expect(pointsOf(g.result)).toEqual(rulesPoints());
    expect(g.result.grade).toMatch(/^(A|B|C|D|Incomplete)$/);
    expect(logs.at(-1)).toMatchObject({ id: "f1", step: "grade", outcome: "fallback" });
    const expectedRequests = ["refusal"].includes(fault) ? 1 : ["malformed-json", "invalid-points", "length"].includes(fault) ? 2 : 3;
    expect(m.requests).toHaveLength(expectedRequests);
  });

  it("recovers after transient faults and honours Retry-After", async () => {
    const m = await mock({ script: [{ kind: "fault", fault: "500" }, { kind: "fault", fault: "429", retryAfter: "0.25" }] });
    const { grader, sleeps } = graderFor(m);
    const g = await grader.gradeOne(ZH_LEAD, "r1");
    expect(g.result.engine).toBe("llm");
    expect(m.requests).toHaveLength(3);
    expect(sleeps[0]).toBeLessThanOrEqual(5);
    expect(sleeps[1]).toBeGreaterThanOrEqual(250);
    expect(m.requests[2].receivedAt - m.requests[1].receivedAt).toBeGreaterThanOrEqual(240);
  });

  it("repairs an invalid reply once and keeps the repaired answer", async () => {
    const m = await mock({ script: [{ kind: "fault", fault: "invalid-points" }] });
    const g = await graderFor(m).grader.gradeOne(ZH_LEAD, "p1");
    expect(g.result.engine).toBe("llm");
    expect(m.requests[1].body.messages).toHaveLength(4);
    expect(m.requests[1].body.messages[3].content).toContain("companySize");
  });

  it("json_schema rejected → json_object, remembered for the next lead", async () => {
    const m = await mock({ rejectJsonSchema: true });
    const store = memoryModeStore();
    const { grader } = graderFor(m, { modeStore: store });
    expect((await grader.gradeOne(ZH_LEAD, "a")).result.engine).toBe("llm");
    expect((await grader.gradeOne(EN_LEAD, "b")).result.engine).toBe("llm");
    expect(m.requests.map((r) => r.mode)).toEqual(["json_schema", "json_object", "json_object"]);
    expect(Object.values(store.get())).toEqual(["json_object"]);
  });

  it("json_object rejected too → plain instructions, JSON dug out of prose, remembered", async () => {
    const m = await mock({ rejectJsonSchema: true, rejectJsonObject: true });
    const { grader } = graderFor(m);
    const a = await grader.gradeOne(ZH_LEAD, "a");
    expect(a.result.engine).toBe("llm");
    expect(pointsOf(a.result)).toEqual(rulesPoints());
    await grader.gradeOne(ZH_LEAD, "b");
    expect(m.requests.map((r) => r.mode)).toEqual(["json_schema", "json_object", "plain", "plain"]);
  });

  it("writes advice with the model, or the offline template when the model fails", async () => {
    const m = await mock();
    const ok = await graderFor(m, { advice: true }).grader.gradeOne(ZH_LEAD, "v1");
    expect(ok.adviceEngine).toBe("llm");
    expect(ok.advice?.maturityLevel).toMatch(/^(high|medium|low)$/);
    const adviceReq = m.requests.find((r) => r.purpose === "advice")!;
    expect(adviceReq.body.response_format.json_schema.name).toBe("lead_advice");
    expect(adviceReq.body.messages[1].content).toContain("<grade_data>");

    const m2 = await mock({ script: (r) => (r.purpose === "advice" ? { kind: "fault", fault: "refusal" } : undefined) });
    const fb = await graderFor(m2, { advice: true }).grader.gradeOne(ZH_LEAD, "v2");
    expect(fb.result.engine).toBe("llm");
    expect(fb.adviceEngine).toBe("rules");
    expect(fb.adviceFallbackReason).toBe("refusal");
    expect(fb.advice).toEqual(offlineAdvice(ZH_LEAD, fb.result, DEFAULT_RUBRIC, fb.result.lang));

    // The endpoint failed the grade itself: advice goes offline without asking again.
    const m3 = await mock({ script: () => ({ kind: "fault", fault: "500" }) });
    const down = await graderFor(m3, { advice: true }).grader.gradeOne(ZH_LEAD, "v3");
    expect(down.result).toMatchObject({ engine: "rules", fallbackReason: "server-error" });
    expect(down).toMatchObject({ adviceEngine: "rules", adviceFallbackReason: "server-error" });
    expect(m3.requests.every((r) => r.purpose === "grade")).toBe(true);
  });

  it("no key: rules, recorded as no-api-key only when the model was asked for; nothing is sent", async () => {
    const llm = createGrader({ engine: "llm", env: {}, rules: fakeRules, advice: true });
    const a = await llm.gradeOne(ZH_LEAD, "n1");
    expect(a.result).toMatchObject({ engine: "rules", fallbackReason: "no-api-key" });
    expect(a.adviceEngine).toBe("rules");
    const auto = await createGrader({ engine: "auto", env: {}, rules: fakeRules }).gradeOne(ZH_LEAD, "n2");
    expect(auto.result.engine).toBe("rules");
    expect(auto.result.fallbackReason).toBeUndefined();
    const m = await mock();
    const rules = await graderFor(m, { engine: "rules" }).grader.gradeOne(ZH_LEAD, "n3");
    expect(rules.result.engine).toBe("rules");
    expect(rules.result.fallbackReason).toBeUndefined();
    expect(m.requests).toHaveLength(0);
  });

  it("the key never appears in results, logs or errors, even when the endpoint echoes it", async () => {
    const m = await mock({ apiKey: "the-right-key" });
    const { grader, logs } = graderFor(m, { advice: true });
    const g = await grader.gradeOne(ZH_LEAD, "k1");
    expect(g.result).toMatchObject({ engine: "rules", fallbackReason: "auth-failed" });
    const boom = createGrader({ engine: "rules", env: { LLM_API_KEY: KEY }, rules: () => { throw new Error(`exploded with ${KEY}`); } });
    const many = await boom.gradeMany([{ id: "k2", lead: ZH_LEAD }]);
    const everything = JSON.stringify([g, logs, many]);
    expect(logs.some((l) => l.message.includes("Incorrect API key provided"))).toBe(true); // the echo was there…
    expect(everything).not.toContain(KEY); // …but not the key
    expect(everything).not.toContain("LEAKCHECK");
  });

  it("grades many leads concurrently, results in input order", async () => {
    const m = await mock({ latencyMs: 60 });
    const { grader } = graderFor(m, { concurrency: 4 });
    const items = Array.from({ length: 8 }, (_, i) => ({ id: `c${i}`, lead: i % 2 ? EN_LEAD : ZH_LEAD }));
    const t0 = Date.now();
    const out = await grader.gradeMany(items);
    expect(out.map((o) => o.id)).toEqual(items.map((i) => i.id));
    expect(Date.now() - t0).toBeLessThan(8 * 60); // overlapped, not serial
    expect(m.requests).toHaveLength(8);
  });
});

describe("with the real rules engine on both sides", () => {
  it("a mock model that answers like the rules engine yields the rules engine's grade, and the same region", async () => {
    const { gradeWithRules } = await import("../../src/core/grade");
    const { fixtureLeads } = await import("../llm/helpers");
    const m = await startMockLlm({});
    mocks.push(m);
    const grader = createGrader({ engine: "llm", env: { LLM_BASE_URL: m.url, LLM_API_KEY: KEY }, modeStore: memoryModeStore(), now: NOW });
    for (const l of fixtureLeads()) {
      const g = await grader.gradeOne(l, "real");
      const rules = gradeWithRules(l, DEFAULT_RUBRIC, { now: NOW });
      expect(g.result.engine).toBe("llm");
      expect(pointsOf(g.result)).toEqual(pointsOf(rules));
      expect([g.result.total, g.result.grade, g.result.region]).toEqual([rules.total, rules.grade, rules.region]);
    }
  });
});
