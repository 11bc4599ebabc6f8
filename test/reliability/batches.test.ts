/**
 * Model rounds: a round grades its batch of leads, then advises the same leads, and commits
 * each lead once (grade, owner and advice together). BATCH_SIZE 1 is strictly grade then
 * advise per lead, one call at a time.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { startMockLlm, leadFromRequest, type MockLlm } from "../../src/node/mock-llm-server";
import { MIN, finish, leadRows, startRel, stepCount, taggedLead, tokenBody } from "./helpers";

afterEach(finish);
let mock: MockLlm;
beforeAll(async () => {
  mock = await startMockLlm({ latencyMs: 2 });
});
afterAll(() => mock.close());

async function postAll(n: number, tag: string, batchSize: number) {
  const emu = await startRel({ llm: { baseUrl: mock.url }, settings: { BATCH_SIZE: batchSize } });
  for (let i = 0; i < n; i++) expect(JSON.parse((await emu.post(tokenBody(taggedLead(i), `${tag}-${i}`))).body).ok).toBe(true);
  return emu;
}

/** Model requests since `from`, as "g3" (grade of lead #3) / "a3" (its advice). */
function sequence(from: number): string[] {
  return mock.requests.slice(from).map((q) => `${q.purpose[0]}${/#(\d+)$/.exec(String(leadFromRequest(q.body)?.lead.contactName))?.[1]}`);
}

describe("model rounds", () => {
  it("BATCH_SIZE 1 stays strictly grade then advise per lead", async () => {
    const from = mock.requests.length;
    const emu = await postAll(4, "seq", 1);
    await emu.advance(5 * MIN);
    const seq = sequence(from);
    const expected: string[] = [];
    for (let i = 0; i < 4; i++) expected.push(`g${i}`, ...(seq.includes(`a${i}`) ? [`a${i}`] : []));
    expect(seq).toEqual(expected);
    expect(seq.filter((s) => s[0] === "a").length).toBeGreaterThan(1);
  });

  it("BATCH_SIZE 5, 15 leads: each lead graded and advised in the same round, committed once, then notified once", async () => {
    const from = mock.requests.length;
    const emu = await postAll(15, "batch", 5);
    await emu.advance(5 * MIN);
    const seq = sequence(from);
    expect(seq.filter((s) => s[0] === "g")).toHaveLength(15);
    expect(seq.filter((s) => s[0] === "a").length).toBeGreaterThan(10);
    expect(new Set(seq).size).toBe(seq.length); // nothing asked twice
    // Rounds: a run of grades, then the advice of those same leads, before the next round's grades.
    const runs: string[][] = [];
    for (const s of seq) {
      const last = runs[runs.length - 1];
      if (last && last[0][0] === s[0]) last.push(s);
      else runs.push([s]);
    }
    expect(runs[0][0][0]).toBe("g");
    for (let k = 0; k < runs.length; k++) {
      if (runs[k][0][0] === "g") expect(runs[k].length).toBeLessThanOrEqual(5);
      else for (const a of runs[k]) expect(runs[k - 1], a).toContain(`g${a.slice(1)}`);
    }
    const rows = leadRows(emu);
    expect(rows).toHaveLength(15);
    for (const r of rows) {
      const id = String(r.leadId);
      expect(stepCount(emu, id, "grade"), id).toBe(1);
      expect(stepCount(emu, id, "advise"), id).toBe(1);
      // One commit: grade, owner and advice carry the same time.
      if (r.advisedAt !== "" && r.advisedAt !== undefined) {
        expect(String(r.assignedAt), id).toBe(String(r.gradedAt));
        expect(String(r.advisedAt), id).toBe(String(r.gradedAt));
      }
    }
    await emu.advance(15 * MIN);
    for (const r of leadRows(emu)) expect(r.status, String(r.leadId)).toBe("notified");
    expect(emu.world.outbox).toHaveLength(15);
  });
});
