import { afterEach, describe, expect, it } from "vitest";
import { ENGINES, evaluate, type LabelledLead } from "../../src/node/eval";
import { gradeWithRules } from "../../src/core/grade";
import { DEFAULT_RUBRIC, DIMENSION_KEYS } from "../../src/core/rubric";
import { startMockLlm, type MockLlm } from "../../src/node/mock-llm-server";
import { fixtureLeads } from "../llm/helpers";
import { promptTokens, formatTokenReport } from "../../src/node/tokens";

const NOW = new Date("2025-11-20T00:00:00Z");
let mock: MockLlm | undefined;
const saved = { ...process.env };
afterEach(async () => {
  await mock?.close();
  process.env = { ...saved };
});

describe("eval --engine llm", () => {
  it("grades labelled leads through the endpoint the environment names", async () => {
    mock = await startMockLlm({});
    process.env.LLM_BASE_URL = mock.url;
    process.env.LLM_API_KEY = "sk-eval-key";
    const rows: LabelledLead[] = fixtureLeads().map((lead, i) => {
      const g = gradeWithRules(lead, DEFAULT_RUBRIC, { now: NOW });
      return { id: `f${i}`, lead, gold: { dimensions: Object.fromEntries(DIMENSION_KEYS.map((k) => [k, g.dimensions[k].points])) as never, total: g.total, grade: g.grade, region: g.region } };
    });
    const report = await evaluate(rows, await ENGINES.llm({ now: NOW }));
    expect(mock.requests.length).toBe(rows.length);
    expect(report.gradeAgreement).toBe(1);
    expect(report.dimensionAgreement).toBe(1);
    expect(Object.keys(ENGINES)).toEqual(expect.arrayContaining(["rules", "llm", "auto"]));
    const text = formatTokenReport(promptTokens(rows.map((r) => r.lead), { now: NOW }));
    expect(text).toMatch(/grade: {2}static \d{4} \(cacheable\) \+ per lead mean \d+, max \d+/);
  });
});
