/**
 * Execution limit: a worker run stopped mid-batch — its time budget used up, an exception
 * in the middle (a failing mail send, a lock timeout), the emulator killing it at the
 * execution time limit — is resumed by the next run, and nothing is done twice.
 */
import { afterEach, describe, expect, it } from "vitest";
import { startMockLlm, leadFromRequest, type MockLlm, type MockRequestRecord } from "../../src/node/mock-llm-server";
import { lockState } from "../../src/emulator/services/lock";
import { mailState, SERVER_ERROR_MESSAGE } from "../../src/emulator/services/mail";
import { EXCEEDED_MAXIMUM_EXECUTION_TIME, type Emulator } from "../../src/emulator/index";
import { MIN, finish, formAnswers, leadRows, leftoverKeys, logRows, mailsFor, props, salesRows, startRel, stepCount, taggedLead, tokenBody } from "./helpers";

let mock: MockLlm | undefined;
afterEach(async () => {
  try {
    await finish();
  } finally {
    await mock?.close();
    mock = undefined;
  }
});

const countOf = (emu: Emulator) => salesRows(emu).reduce((s, r) => s + Number(r.count), 0);

function perLead(requests: MockRequestRecord[], purpose: "grade" | "advice"): Map<string, number> {
  const m = new Map<string, number>();
  for (const q of requests) {
    if (q.purpose !== purpose) continue;
    const name = leadFromRequest(q.body)?.lead.contactName ?? "?";
    m.set(name, (m.get(name) ?? 0) + 1);
  }
  return m;
}

async function postLeads(emu: Emulator, n: number, from = 0): Promise<string[]> {
  const ids: string[] = [];
  for (let i = from; i < from + n; i++) {
    const r = JSON.parse((await emu.post(tokenBody(taggedLead(i), `x-${i}`))).body);
    expect(r.ok).toBe(true);
    ids.push(r.id);
    // Distinct submission times keep the worker's oldest-first order stable.
    await emu.advance(1000);
  }
  return ids;
}

/** Mark: a lead's row is final and it got exactly one e-mail and one assignment. */
function expectDoneOnce(emu: Emulator, ids: string[]): void {
  const rows = leadRows(emu);
  expect(rows.map((r) => r.leadId).sort()).toEqual([...ids].sort());
  for (const r of rows) {
    const id = String(r.leadId);
    expect(r.status, id).toBe("notified");
    expect(mailsFor(emu, id), id).toHaveLength(1);
    expect(stepCount(emu, id, "assign"), `${id} assigned`).toBeLessThanOrEqual(1);
    expect(stepCount(emu, id, "grade"), `${id} graded`).toBeLessThanOrEqual(1);
  }
  expect(emu.world.outbox).toHaveLength(ids.length);
  expect(countOf(emu)).toBe(ids.length);
  expect(leftoverKeys(emu)).toEqual([]);
}

describe("a worker run stopped mid-batch", () => {
  it("time budget used up during the second batch → the next run advises it and grades the third; nothing twice", async () => {
    let emu!: Emulator;
    let gradeSeen = 0;
    mock = await startMockLlm({
      latencyMs: 2,
      script: (rec) => {
        // The first grade request of the second batch takes a minute of emulated time: more than
        // the run's whole budget (TIME_BUDGET_SECONDS = 30, the minimum the Settings allow).
        if (rec.purpose === "grade" && ++gradeSeen === 6) emu.world.clock.advance(60_000);
        return undefined;
      },
    });
    emu = await startRel({ llm: { baseUrl: mock.url }, settings: { BATCH_SIZE: 5, TIME_BUDGET_SECONDS: 30 } });
    const ids = await postLeads(emu, 15);

    const [run1] = await emu.advance(5 * MIN - 15_000);
    expect(run1.functionName).toBe("runWorker");
    expect(run1.error).toBeUndefined();
    const byId = new Map(leadRows(emu).map((r) => [String(r.leadId), r]));
    const status = ids.map((id) => byId.get(id)!.status);
    // Batch 1 finished, batch 2 graded and assigned but not advised (out of time), batch 3 untouched.
    expect(status).toEqual([...Array(5).fill("advised"), ...Array(5).fill("assigned"), ...Array(5).fill("new")]);
    const gradedAt2 = ids.slice(5, 10).map((id) => (byId.get(id)!.gradedAt as Date).getTime());
    expect(countOf(emu)).toBe(10);

    await emu.advance(40 * MIN);
    expectDoneOnce(emu, ids);
    const after = new Map(leadRows(emu).map((r) => [String(r.leadId), r]));
    expect(ids.slice(5, 10).map((id) => (after.get(id)!.gradedAt as Date).getTime())).toEqual(gradedAt2);
    // The model was asked once per lead for each step.
    const g = perLead(mock.requests, "grade");
    const a = perLead(mock.requests, "advice");
    expect(g.size).toBe(15);
    expect([...g.values()].every((n) => n === 1)).toBe(true);
    expect(a.size).toBe(15);
    expect([...a.values()].every((n) => n === 1)).toBe(true);
  });

  it("the mark-as-notified lock times out after the e-mails went out (and the in-run retry cannot plan) → the next run marks them without sending again", async () => {
    const emu = await startRel();
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
      await emu.submitForm(formAnswers(taggedLead(i)));
      ids.push(String(leadRows(emu).at(-1)!.leadId));
    }
    // When the first e-mail of the run is sent, the next two lock acquisitions fail: marking the
    // rows, and the plan of the run's follow-up batch (which would otherwise repair it at once).
    const outbox = emu.world.outbox;
    const push = outbox.push.bind(outbox);
    let armed = true;
    outbox.push = (...items) => {
      if (armed) {
        armed = false;
        lockState(emu.world).faults.failNext = 2;
      }
      return push(...items);
    };
    await emu.advance(10 * MIN);
    expect(emu.world.outbox).toHaveLength(5);
    expect(leadRows(emu).map((r) => r.status)).toEqual(Array(5).fill("advised"));
    expect([...props(emu).keys()].filter((k) => k.startsWith("sent:")).sort()).toEqual(ids.map((id) => `sent:${id}`).sort());
    expect(logRows(emu).some((l) => l[2] === "batch" && l[3] === "deferred" && /lock/i.test(l[4]))).toBe(true);

    await emu.advance(10 * MIN);
    expectDoneOnce(emu, ids);
  });

  // Fails on the in-progress refactor of src/gas/process.ts (see the report): after a failed
  // send the run records no due time for that lead (plan() only counts "wait" steps into
  // nextDueAt) and nothingToDo() lets the following runs skip the sheet until the 30-minute
  // backstop scan, so the e-mail is retried ~30 minutes later instead of by the next run.
  it("a mail send that throws in the middle of the batch → that lead is retried next run, the others are not re-sent", async () => {
    const emu = await startRel();
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
      await emu.submitForm(formAnswers(taggedLead(i)));
      ids.push(String(leadRows(emu).at(-1)!.leadId));
    }
    // Send attempts 3 (mid-batch) and 6 (the run's immediate retry of that lead) throw a server error.
    const state = mailState(emu.world);
    let attempt = 0;
    state.pendingFailures = Object.assign([] as string[], { shift: () => (++attempt === 3 || attempt === 6 ? SERVER_ERROR_MESSAGE : undefined) });
    await emu.advance(10 * MIN);
    expect(emu.world.outbox).toHaveLength(4);
    const failedRow = leadRows(emu).filter((r) => r.status === "advised");
    expect(failedRow).toHaveLength(1);
    expect(logFailed(emu, String(failedRow[0].leadId))).toBe(true);
    await emu.advance(10 * MIN);
    expectDoneOnce(emu, ids);
  });

  it("lock timeouts at intake queue the lead; lock timeouts at plan defer the run; the next run catches up once", async () => {
    const emu = await startRel();
    const faults = lockState(emu.world).faults;
    faults.failAll = true;
    const api = JSON.parse((await emu.post(tokenBody(taggedLead(0), "q-0"))).body);
    expect(api).toMatchObject({ ok: true, queued: true });
    const form = await emu.submitForm(formAnswers(taggedLead(1)));
    expect(form.map((r) => r.error)).toEqual([undefined]);
    // The client retries while the lead is still queued; a re-fired form event as well.
    expect(JSON.parse((await emu.post(tokenBody(taggedLead(0), "q-0"))).body)).toMatchObject({ ok: true, id: api.id });
    await emu.fireFormSubmit(emu.lastFormSubmit!.sheetEvent!);
    expect(leadRows(emu)).toHaveLength(0);
    expect([...props(emu).keys()].filter((k) => k.startsWith("queue:"))).toHaveLength(2);
    // The worker cannot plan either.
    const [blocked] = await emu.advance(5 * MIN);
    expect(blocked.error).toBeUndefined();
    expect(leadRows(emu)).toHaveLength(0);
    faults.failAll = false;
    await emu.advance(30 * MIN);
    const ids = leadRows(emu).map((r) => String(r.leadId));
    expect(ids).toHaveLength(2);
    expect(ids).toContain(api.id);
    expectDoneOnce(emu, ids);
  });

  it("the emulator kills a run at the execution time limit mid-batch → a later run (after the leases expire) finishes; nothing twice", async () => {
    let hung = false;
    mock = await startMockLlm({
      latencyMs: 2,
      script: (rec) => {
        if (!hung && rec.purpose === "grade") {
          hung = true;
          return { kind: "default", delayMs: 6000 };
        }
        return undefined;
      },
    });
    const emu = await startRel({ llm: { baseUrl: mock.url, fetchTimeoutMs: 20_000 }, emulator: { executionTimeLimitMs: 2500 } });
    const ids = await postLeads(emu, 6);
    const [killed] = await emu.advance(5 * MIN - 6000);
    expect(killed.functionName).toBe("runWorker");
    expect(killed.error?.message).toBe(EXCEEDED_MAXIMUM_EXECUTION_TIME);
    expect(leadRows(emu).every((r) => r.status === "new")).toBe(true);
    // Leases of the killed run keep the next run off these leads until they expire; then all is done.
    await emu.advance(45 * MIN);
    expectDoneOnce(emu, ids);
    for (const r of leadRows(emu)) expect(r.engine).toBe("llm");
  }, 30_000);
});

function logFailed(emu: Emulator, id: string): boolean {
  return logRows(emu).some((l) => l[1] === id && l[3] === "failed" && /server error/i.test(l[4]));
}
