/**
 * Planning a batch: model work is capped at the batch size, and while leads are still
 * arriving it is trimmed to whole fetch waves so no round trip carries a lone request.
 */
import { describe, expect, it } from "vitest";
import { emptyLead } from "../../src/core/lead";
import { DEFAULT_RUBRIC } from "../../src/core/rubric";
import type { AppConfig } from "../../src/gas/config";
import type { Engines } from "../../src/gas/engines";
import { FETCH_WAVE, plan } from "../../src/gas/pipeline/plan";
import type { Received } from "../../src/gas/pipeline/intake";
import type { LeadsTable } from "../../src/gas/leads";
import { headerText, LEAD_COLUMN_DEFS, mapColumns } from "../../src/gas/schema";
import { parseSettings } from "../../src/gas/settings";

const NOW = Date.UTC(2025, 2, 3, 1);

function table(): LeadsTable {
  const header = LEAD_COLUMN_DEFS.map((d) => headerText(d, "zh"));
  return { sheet: {} as LeadsTable["sheet"], values: [header], cols: mapColumns(header, LEAD_COLUMN_DEFS), defs: LEAD_COLUMN_DEFS };
}

function received(n: number): Received[] {
  return Array.from({ length: n }, (_, i) => ({
    input: { id: `F-${String(i).padStart(12, "0")}`, lead: { ...emptyLead(), customerName: `客户 ${i}` }, receivedAt: NOW - (n - i) * 1000, source: "form" as const, truncated: [] },
    writing: false,
  }));
}

function opts(batchSize: number) {
  const parsed = parseSettings([["BATCH_SIZE", "", batchSize]]);
  const cfg = { settings: { ...parsed.settings, batchSize }, values: parsed.values, rubric: DEFAULT_RUBRIC, regions: [], lang: "zh" } as unknown as AppConfig;
  return { cfg, engines: {} as Engines, deadlineMs: NOW + 60_000 };
}

describe("plan", () => {
  it("takes the oldest leads up to the batch size and counts the rest as left", () => {
    const p = plan(table(), new Map(), received(25), opts(20), NOW);
    expect(p.items).toHaveLength(20);
    expect(p.heavyLeft).toBe(5);
    expect(p.items.map((it) => it.id)).toEqual(received(25).slice(0, 20).map((r) => r.input.id));
  });

  it("while leads arrive, trims model work to whole waves: the newest wait for the next batch", () => {
    expect(FETCH_WAVE).toBe(10);
    const p = plan(table(), new Map(), received(13), opts(20), NOW, true);
    expect(p.items.map((it) => it.id)).toEqual(received(13).slice(0, 10).map((r) => r.input.id));
    expect(p.heavyLeft).toBe(3);
    // Without arrivals the same leads all go now.
    expect(plan(table(), new Map(), received(13), opts(20), NOW).items).toHaveLength(13);
  });

  it("never trims below one wave: fewer leads than a wave all go", () => {
    const p = plan(table(), new Map(), received(7), opts(20), NOW, true);
    expect(p.items).toHaveLength(7);
    expect(p.heavyLeft).toBe(0);
  });
});
