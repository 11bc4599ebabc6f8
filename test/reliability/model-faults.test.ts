/**
 * Model faults: 200 leads against the mock model with 30% injected faults of every kind
 * (timeouts, 429 + Retry-After, 500, malformed JSON, invalid points, refusals, truncation,
 * empty choices) → all 200 graded, every fallback recorded (engine + reason in the row and
 * the Log), none lost, none left in a non-final state once the worker has run enough times.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { startMockLlm, MOCK_FAULTS, leadFromRequest, type MockLlm } from "../../src/node/mock-llm-server";
import { FALLBACK_CODES } from "../../src/core/llm/failure";
import { DIMENSION_KEYS, DEFAULT_RUBRIC } from "../../src/core/rubric";
import { pointsKey } from "../../src/gas/schema";
import { MIN, finish, formAnswers, leadRows, leftoverKeys, logFor, logRows, mailsFor, salesRows, startRel, taggedLead, tokenBody } from "./helpers";

afterEach(finish);

let mock: MockLlm;
beforeAll(async () => {
  mock = await startMockLlm({
    latencyMs: 2,
    faults: { rate: 0.3, kinds: MOCK_FAULTS.filter((k) => k !== "reject-json-schema"), seed: 20250303, retryAfter: "1" },
  });
});
afterAll(() => mock.close());

describe("200 leads against a faulty model", () => {
  it("all graded, each fallback recorded, none lost, none stuck", async () => {
    const emu = await startRel({
      llm: { baseUrl: mock.url, fetchTimeoutMs: 300 },
      scriptProperties: { LLM_TIMEOUT_MS: "300" },
      settings: { BATCH_SIZE: 50 },
      mailQuota: 1000,
    });
    const N = 200;
    const ids: string[] = [];
    // The API path defers model work to runWorker: intake stays fast, the worker batches.
    for (let i = 0; i < N; i += 10) {
      const replies = await Promise.all(Array.from({ length: 10 }, (_, k) => emu.post(tokenBody(taggedLead(i + k), `load-${i + k}`))));
      for (const r of replies) {
        const body = JSON.parse(r.body);
        expect(body.ok, r.body).toBe(true);
        ids.push(body.id);
      }
    }
    expect(new Set(ids).size).toBe(N);
    expect(leadRows(emu).every((r) => r.status === "new")).toBe(true);

    // Several worker periods: grading, advice, then the e-mails after the 10-minute delay.
    const runs = await emu.advance(40 * MIN);
    expect(runs.length).toBeGreaterThanOrEqual(8);
    expect(runs.filter((r) => r.error).map((r) => r.error!.message)).toEqual([]);

    const rows = leadRows(emu);
    expect(rows).toHaveLength(N);
    expect(rows.map((r) => r.leadId).sort()).toEqual([...ids].sort());
    const byEngine = { llm: 0, rules: 0 };
    for (const r of rows) {
      const id = String(r.leadId);
      expect(["A", "B", "C", "D"], id).toContain(r.grade);
      expect(["llm", "rules"], id).toContain(r.engine);
      byEngine[r.engine as "llm" | "rules"]++;
      // Code computes the total from valid rubric points, whatever the model said.
      const points = DIMENSION_KEYS.map((k) => r[pointsKey(k)] as number);
      DIMENSION_KEYS.forEach((k, j) => expect(DEFAULT_RUBRIC.dimensions.find((d) => d.key === k)!.options.map((o) => o.points), `${id} ${k}`).toContain(points[j]));
      expect(r.total, id).toBe(points.reduce((s, p) => s + p, 0));
      if (r.engine === "rules") {
        expect(FALLBACK_CODES as readonly string[], `${id} fallback reason`).toContain(r.fallbackReason);
        expect(logFor(emu, id).some((l) => l[4].includes(`fallback: ${r.fallbackReason}`)), `${id} fallback in Log`).toBe(true);
      } else {
        expect(r.fallbackReason, id).toBe("");
      }
      expect(r.status, id).toBe("notified");
      expect(r.ownerEmail, id).not.toBe("");
      expect(mailsFor(emu, id), id).toHaveLength(1);
    }
    // The faults really happened: some leads fell back, most were graded by the model.
    expect(byEngine.rules).toBeGreaterThan(0);
    expect(byEngine.llm).toBeGreaterThan(N / 2);
    expect(emu.world.outbox).toHaveLength(N);
    expect(salesRows(emu).reduce((s, r) => s + Number(r.count), 0)).toBe(N);
    // Every lead reached the model (a lead is in <lead_data> of at least one grade request).
    const asked = new Set(mock.requests.filter((q) => q.purpose === "grade").map((q) => leadFromRequest(q.body)?.lead.contactName));
    expect(asked.size).toBe(N);
    const retries = logRows(emu).filter((l) => /model fallback/.test(l[4]));
    expect(retries.length).toBeGreaterThan(0);
    expect(leftoverKeys(emu)).toEqual([]);
  }, 90_000);
});

describe("an advice fallback", () => {
  it("every advice request refused → template advice, the lead still finishes once", async () => {
    const refusing = await startMockLlm({ latencyMs: 1, script: (rec) => (rec.purpose === "advice" ? { kind: "fault", fault: "refusal" } : undefined) });
    try {
      const emu = await startRel({ llm: { baseUrl: refusing.url } });
      await emu.submitForm(formAnswers(taggedLead(0)));
      const row = leadRows(emu)[0];
      expect(row.engine).toBe("llm");
      expect(row.status).toBe("advised");
      expect(String(row.nextActions).length).toBeGreaterThan(10);
      expect(logRows(emu).some((l) => l[2] === "advise" && /model fallback \(refusal\)/.test(l[4]))).toBe(true);
      await emu.advance(10 * MIN);
      expect(emu.world.outbox).toHaveLength(1);
    } finally {
      await refusing.close();
    }
  });

  // Regression guard (advice fallback not attributable): llm.ts logged an advice fallback with an
  // empty lead ID and no column recorded it. Now the lead's row has "Advice fallback reason"
  // and its Log row says "template advice, model fallback: <reason>", like the grade fallback.
  it("is recorded against the lead it happened to (Log row with its ID, or a field of its row)", async () => {
    const refusing = await startMockLlm({ latencyMs: 1, script: (rec) => (rec.purpose === "advice" ? { kind: "fault", fault: "refusal" } : undefined) });
    try {
      const emu = await startRel({ llm: { baseUrl: refusing.url } });
      await emu.submitForm(formAnswers(taggedLead(0)));
      const row = leadRows(emu)[0];
      const inLog = logFor(emu, String(row.leadId)).some((l) => /refusal|template advice/.test(l[4]));
      const inRow = Object.values(row).some((v) => /refusal|template/.test(String(v)));
      expect(inLog || inRow).toBe(true);
    } finally {
      await refusing.close();
    }
  });

  it("names the lead in its Log row and its Advice-fallback-reason cell; the grade's Fallback reason keeps its meaning", async () => {
    // Advice refused for one lead only: the other lead's row and Log row say nothing of a fallback.
    const refusing = await startMockLlm({ latencyMs: 1, script: (rec) => (rec.purpose === "advice" && /#1$/.test(String(leadFromRequest(rec.body)?.lead.contactName)) ? { kind: "fault", fault: "refusal" } : undefined) });
    try {
      const emu = await startRel({ llm: { baseUrl: refusing.url } });
      await emu.submitForm(formAnswers(taggedLead(0)));
      await emu.submitForm(formAnswers(taggedLead(1)));
      const rows = leadRows(emu);
      const hit = rows.find((r) => /#1$/.test(String(r.contactName)))!;
      const ok = rows.find((r) => /#0$/.test(String(r.contactName)))!;
      expect(hit.status).toBe("advised");
      expect(hit.engine).toBe("llm");
      expect(hit.fallbackReason).toBe("");
      expect(hit.adviceFallbackReason).toBe("refusal");
      expect(logFor(emu, String(hit.leadId)).some((l) => /template advice, model fallback: refusal/.test(l[4]))).toBe(true);
      expect(ok.adviceFallbackReason).toBe("");
      expect(logFor(emu, String(ok.leadId)).some((l) => /fallback/.test(l[4]))).toBe(false);
      // The run-level line names the lead too.
      expect(logRows(emu).some((l) => l[2] === "advise" && l[4].includes(`for lead ${hit.leadId}`))).toBe(true);
    } finally {
      await refusing.close();
    }
  });
});
