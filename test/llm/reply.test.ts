import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { DEFAULT_RUBRIC, DIMENSION_KEYS, cloneRubric } from "../../src/core/rubric";
import { finishGrade } from "../../src/core/grade";
import { gradeForTotal, isIncomplete } from "../../src/core/score";
import {
  classifyHttpFailure,
  extractJson,
  parseAdviceReply,
  parseGradeReply,
  parseRetryAfter,
  readChatContent,
  type Transport,
} from "../../src/core/llm/index";
import { ZH_LEAD, gradeJson, okReply } from "./helpers";

const R = DEFAULT_RUBRIC;
const NOW = Date.parse("2025-11-20T00:00:00Z");
const http = (status: number, body: string, headers: Record<string, string> = {}): Transport => ({ kind: "http", status, headers, body });
const code = (t: Transport) => {
  const p = parseGradeReply(t, R, NOW);
  return p.ok ? "ok" : p.failure.code;
};

describe("reading a reply", () => {
  it("takes choices[0].message.content", () => {
    const p = parseGradeReply(okReply(gradeJson({ companySize: 20, budget: 10 }, R, ["预算审批人"])), R, NOW);
    expect(p.ok).toBe(true);
    if (!p.ok) return;
    expect(p.value.dimensions.companySize).toEqual({ optionId: "large", points: 20, evidence: "ev companySize" });
    expect(p.value.dimensions.budget.optionId).toBe("fits");
    expect(p.value.missingInfo).toEqual(["预算审批人"]);
  });

  it("extracts JSON from a fence, from surrounding prose, and after a <think> block", () => {
    const j = gradeJson({}, R);
    for (const text of ["```json\n" + j + "\n```", `Sure! Here it is: ${j} Hope this helps {not json}`, `<think>the lead says {x}</think>\n${j}`, `\`\`\`\n${j}\n\`\`\``])
      expect(code(okReply(text))).toBe("ok");
    expect(extractJson('prefix {"a": "}"} suffix')).toEqual({ a: "}" });
    expect(extractJson("no json here")).toBeUndefined();
  });

  it("classifies each unusable reply", () => {
    expect(code(okReply('{"dimensions": {"companySize": {"points": 20,'))).toBe("malformed-json");
    expect(code(okReply("I think this lead is an A."))).toBe("malformed-json");
    expect(code(okReply('{"grade":"A"}'))).toBe("invalid-reply");
    expect(code(okReply(null, { refusal: "I can't help with that." }))).toBe("refusal");
    expect(code(okReply(gradeJson({}, R).slice(0, 50), { finish_reason: "length" }))).toBe("truncated");
    expect(code(okReply("x", { finish_reason: "content_filter" }))).toBe("refusal");
    expect(code(okReply(""))).toBe("empty-reply");
    expect(code(http(200, JSON.stringify({ choices: [] })))).toBe("empty-reply");
    expect(code(http(200, "<html>gateway</html>"))).toBe("server-error");
    expect(code({ kind: "error", error: "timeout", message: "t" })).toBe("timeout");
    expect(code({ kind: "error", error: "network", message: "n" })).toBe("network");
  });

  it("rejects invalid points — never clamps, rounds or coerces", () => {
    for (const bad of [15, 25, -5, 19.9, "20", null]) {
      const p = parseGradeReply(okReply(gradeJson({ companySize: bad as number }, R)), R, NOW);
      expect(p.ok).toBe(false);
      if (!p.ok) {
        expect(p.failure.code).toBe("invalid-points");
        expect(p.failure.message).toContain("companySize");
        expect(p.failure.content).toBeDefined(); // kept for the repair request
      }
    }
    const missing = JSON.parse(gradeJson({}, R));
    delete missing.dimensions.purchasePlan;
    const p = parseGradeReply(okReply(JSON.stringify(missing)), R, NOW);
    expect(!p.ok && p.failure.message).toContain("purchasePlan: missing");
  });

  it("validates against the rubric as edited, not the defaults", () => {
    const r = cloneRubric(R);
    r.dimensions.find((d) => d.key === "history")!.options[0].points = 10;
    const reply = okReply(gradeJson({ history: 20 }, r));
    expect(parseGradeReply(reply, r, NOW).ok).toBe(false);
    expect(parseGradeReply(okReply(gradeJson({ history: 10 }, r)), r, NOW).ok).toBe(true);
  });

  it("a reply that follows the contract yields exactly the grade its points imply", () => {
    const pointsArb = fc.record(Object.fromEntries(DIMENSION_KEYS.map((k) => [k, fc.constantFrom(...R.dimensions.find((d) => d.key === k)!.options.map((o) => o.points))])));
    fc.assert(
      fc.property(pointsArb, (points) => {
        const p = parseGradeReply(okReply(gradeJson(points as Record<string, number>, R)), R, NOW);
        if (!p.ok) return false;
        const g = finishGrade({ lead: ZH_LEAD, rubric: R, dimensions: p.value.dimensions, placement: { region: "华南", tier: "core", place: "" }, engine: "llm", missingInfo: [] });
        const sum = DIMENSION_KEYS.reduce((s, k) => s + (points as Record<string, number>)[k], 0);
        expect(isIncomplete(ZH_LEAD, R)).toBe(false);
        return g.total === sum && g.grade === gradeForTotal(sum, R.grades) && DIMENSION_KEYS.every((k) => g.dimensions[k].points === (points as Record<string, number>)[k]);
      }),
      { numRuns: 200 },
    );
  });

  it("parses advice and rejects a bad maturity level or a missing section", () => {
    const good = { maturityLevel: "High", maturity: "a", needsAndPainPoints: "b", communicationStrategy: "c", nextActions: "d", resourcesAndRisks: "e" };
    const p = parseAdviceReply(okReply(JSON.stringify(good)), NOW);
    expect(p.ok && p.value.maturityLevel).toBe("high");
    const bad = parseAdviceReply(okReply(JSON.stringify({ ...good, maturityLevel: "very high" })), NOW);
    expect(!bad.ok && bad.failure.code).toBe("invalid-reply");
    const { nextActions: _drop, ...partial } = good;
    const miss = parseAdviceReply(okReply(JSON.stringify(partial)), NOW);
    expect(!miss.ok && miss.failure.message).toContain("nextActions");
  });
});

describe("HTTP failures", () => {
  it("maps status codes to short codes", () => {
    expect(classifyHttpFailure(401, {}, '{"error":{"message":"bad key"}}', NOW).code).toBe("auth-failed");
    expect(classifyHttpFailure(403, {}, "", NOW).code).toBe("auth-failed");
    expect(classifyHttpFailure(500, {}, "", NOW).code).toBe("server-error");
    expect(classifyHttpFailure(503, {}, "", NOW).code).toBe("server-error");
    expect(classifyHttpFailure(404, {}, "no such model", NOW).code).toBe("bad-request");
    expect(classifyHttpFailure(400, {}, '{"error":{"message":"Invalid parameter: \'response_format\' of type \'json_schema\' is not supported"}}', NOW).code).toBe("format-rejected");
    expect(classifyHttpFailure(400, {}, '{"error":{"message":"messages too long"}}', NOW).code).toBe("bad-request");
    expect(readChatContent(http(429, "{}", { "Retry-After": "7" }), NOW)).toMatchObject({ ok: false, failure: { code: "rate-limited", retryAfterMs: 7000 } });
  });

  it("reads Retry-After as seconds or as an HTTP date", () => {
    expect(parseRetryAfter("3", NOW)).toBe(3000);
    expect(parseRetryAfter("0.5", NOW)).toBe(500);
    expect(parseRetryAfter(new Date(NOW + 12_000).toUTCString(), NOW)).toBe(12_000);
    expect(parseRetryAfter(new Date(NOW - 5_000).toUTCString(), NOW)).toBe(0);
    expect(parseRetryAfter("soon", NOW)).toBeUndefined();
    expect(parseRetryAfter(undefined, NOW)).toBeUndefined();
    expect(classifyHttpFailure(429, { "RETRY-AFTER": new Date(NOW + 2000).toUTCString() }, "", NOW).retryAfterMs).toBe(2000);
  });
});
