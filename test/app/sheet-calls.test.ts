/**
 * The cost of a lead in spreadsheet calls (every SpreadsheetApp.* call the emulator
 * counted), from the first form submission until every lead is notified, with 1,000
 * finished leads already in the sheet. Intake records the lead under the lock without
 * touching the sheet; the lease holder writes rows in blocks and reads only the rows it
 * works on, so the cost per lead stays small and does not grow with the sheet.
 */
import { afterEach, describe, expect, it } from "vitest";
import type { Emulator } from "../../src/emulator/index";
import { typeCells } from "../../src/emulator/services/spreadsheet-host";
import { startMockLlm, type MockLlm } from "../../src/node/mock-llm-server";
import { LEAD_COLUMN_DEFS, mapColumns } from "../../src/gas/schema";
import { MIN, T0, formAnswers, leadRows, setSettings, startApp, variantLead } from "./harness";

let emu: Emulator | undefined;
let mock: MockLlm | undefined;
afterEach(async () => {
  await emu?.close();
  await mock?.close();
  emu = undefined;
  mock = undefined;
});

function seedFinishedRows(e: Emulator, n: number): void {
  const header = e.readSheet("Leads")[0];
  const cols = mapColumns(header, LEAD_COLUMN_DEFS);
  const at = new Date(T0 - 30 * 24 * 60 * MIN);
  const rows = Array.from({ length: n }, (_, i) => {
    const r: unknown[] = new Array(header.length).fill("");
    r[cols.leadId!] = "F-" + (0x100000000000 + i).toString(16).slice(-12);
    r[cols.submittedAt!] = at;
    r[cols.status!] = i % 10 === 0 ? "needs-attention" : "notified";
    r[cols.customerName!] = `既有客户 ${i}`;
    r[cols.notifiedAt!] = at;
    return r;
  });
  typeCells(e.world, "Leads", "A2", rows);
}

function spreadsheetCalls(e: Emulator): number {
  let n = 0;
  for (const [k, v] of e.world.counters) if (k.startsWith("SpreadsheetApp.")) n += v;
  return n;
}

describe("spreadsheet calls per processed lead", () => {
  it("stay at or below 6 with 1,000 rows in Leads (a burst of 30 leads, graded, advised and notified)", async () => {
    mock = await startMockLlm({ latencyMs: 50 });
    emu = await startApp({ scriptProperties: { LLM_API_KEY: "sk-test-calls-0000" } });
    setSettings(emu, { LLM_BASE_URL: mock.url, LLM_MODEL: "mock" });
    seedFinishedRows(emu, 1000);
    emu.world.counters.clear();

    const leads = Array.from({ length: 30 }, (_, i) => variantLead(i));
    let next = 0;
    const lane = async () => {
      while (next < leads.length) {
        const runs = await emu!.submitForm(formAnswers(leads[next++]));
        expect(runs.map((r) => r.error)).toEqual([undefined]);
      }
    };
    await Promise.all(Array.from({ length: 10 }, lane));
    for (let i = 0; i < 6; i++) {
      const fresh = leadRows(emu).slice(1000);
      if (fresh.length === leads.length && fresh.every((r) => r.notifiedAt instanceof Date)) break;
      await emu.advance(5 * MIN);
    }

    const fresh = leadRows(emu).slice(1000);
    expect(fresh).toHaveLength(30);
    expect(new Set(fresh.map((r) => r.leadId)).size).toBe(30);
    expect(fresh.every((r) => r.engine === "llm" && r.notifiedAt instanceof Date)).toBe(true);
    expect(emu.world.outbox).toHaveLength(30);

    const perLead = spreadsheetCalls(emu) / leads.length;
    expect(perLead).toBeGreaterThan(0);
    expect(perLead).toBeLessThanOrEqual(6);
  });
});
