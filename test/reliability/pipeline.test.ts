/**
 * Pipelined batches on the model path: a round grades its batch of new leads and, in the same
 * fetchAll, advises the batch graded by the previous round (whose grade and owner were committed
 * in between). BATCH_SIZE 1 keeps the sequential flow: each lead graded then advised, one call at a time.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { startMockLlm, leadFromRequest, type MockLlm } from "../../src/node/mock-llm-server";
import { MIN, finish, leadRows, startRel, taggedLead, tokenBody } from "./helpers";

afterEach(finish);
let mock: MockLlm;
beforeAll(async () => {
  mock = await startMockLlm({ latencyMs: 2 });
});
afterAll(() => mock.close());

async function postAll(n: number, tag: string) {
  const emu = await startRel({ llm: { baseUrl: mock.url }, settings: { BATCH_SIZE: tag === "seq" ? 1 : 5 } });
  for (let i = 0; i < n; i++) expect(JSON.parse((await emu.post(tokenBody(taggedLead(i), `${tag}-${i}`))).body).ok).toBe(true);
  return emu;
}

function sequence(from: number): string[] {
  return mock.requests.slice(from).map((q) => `${q.purpose[0]}${/#(\d+)$/.exec(String(leadFromRequest(q.body)?.lead.contactName))?.[1]}`);
}

describe("pipelined batches", () => {
  it("BATCH_SIZE 5, 15 leads: advice of batch k goes with the grades of batch k+1; every lead graded and advised once, then notified once", async () => {
    const from = mock.requests.length;
    const emu = await postAll(15, "pipe");
    await emu.advance(5 * MIN);
    const seq = sequence(from);
    expect(seq.filter((s) => s[0] === "g")).toHaveLength(15);
    expect(seq.filter((s) => s[0] === "a").length).toBeGreaterThan(10);
    expect(new Set(seq).size).toBe(seq.length); // nothing asked twice
    // Round 1: grades 0-4 only. Round 2: grades 5-9 and the advice of 0-4, in one fetchAll.
    expect(seq.slice(0, 5).every((s) => s[0] === "g")).toBe(true);
    const round2 = seq.slice(5, 15);
    expect(round2.filter((s) => s[0] === "g").map((s) => Number(s.slice(1))).sort((a, b) => a - b)).toEqual([5, 6, 7, 8, 9]);
    expect(round2.filter((s) => s[0] === "a").every((s) => Number(s.slice(1)) < 5)).toBe(true);
    await emu.advance(15 * MIN);
    const rows = leadRows(emu);
    expect(rows).toHaveLength(15);
    for (const r of rows) expect(r.status, String(r.leadId)).toBe("notified");
    expect(emu.world.outbox).toHaveLength(15);
  });

  it("BATCH_SIZE 1 (the sequential baseline): each lead graded then advised before the next lead's grade", async () => {
    const from = mock.requests.length;
    const emu = await postAll(4, "seq");
    await emu.advance(5 * MIN);
    const seq = sequence(from);
    const expected: string[] = [];
    for (let i = 0; i < 4; i++) expected.push(`g${i}`, ...(seq.includes(`a${i}`) ? [`a${i}`] : []));
    expect(seq).toEqual(expected);
    expect(seq.filter((s) => s[0] === "a").length).toBeGreaterThan(1);
  });
});
