/**
 * Test doubles shared by the LLM and Node tests. The fake rules engine is deterministic
 * and independent of the real one, so these tests pin the model protocol, not the rules.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { normalizeLead, type Lead } from "../../src/core/lead";
import { DIMENSION_KEYS, type Rubric } from "../../src/core/rubric";
import type { RulesAnalysis } from "../../src/core/rules/index";
import type { DimensionScores } from "../../src/core/score";

export const FIXTURES = fileURLToPath(new URL("../fixtures/cli", import.meta.url));

/** Picks each dimension's option from the lead text's length, so different leads get different grades. */
export function fakeRules(lead: Lead, rubric: Rubric): RulesAnalysis {
  const seed = Array.from(lead.customerName + lead.leadDetails).length;
  const dims = {} as DimensionScores;
  DIMENSION_KEYS.forEach((k, i) => {
    const d = rubric.dimensions.find((x) => x.key === k)!;
    const o = d.options[(seed + i) % d.options.length];
    dims[k] = { optionId: o.id, points: o.points, evidence: `fake ${k}` };
  });
  return { dimensions: dims, placement: { region: "华南", tier: "core", place: "广东 深圳" }, missingInfo: ["预算"] };
}

export function lead(fields: Partial<Lead>): Lead {
  return normalizeLead(fields).lead;
}

export const ZH_LEAD = lead({
  customerName: "深圳市华联电子有限公司",
  contactTitle: "工艺工程师",
  industry: "SMT贴片/PCBA",
  companySize: "约1200人",
  address: "广东省深圳市宝安区",
  cooperationHistory: "新客户",
  leadSource: "官网表单",
  leadDetails: "新产线需要底部填充点胶机3台，预算每台30万左右，计划明年3月前到位。",
  interactionDetails: "在线咨询后索取了详细方案和报价",
  interactionFrequency: "本周主动来电2次",
});

export const EN_LEAD = lead({
  customerName: "Voltara Energy Systems GmbH",
  contactTitle: "Senior Manufacturing Engineer",
  industry: "EV battery pack assembly",
  companySize: "10,000+ employees",
  address: "Stuttgart, Germany",
  leadDetails: "New pack line; 10 dispensing cells for thermal interface material. Budget EUR 450k. SOP 1 October.",
  interactionDetails: "Teams meeting, asked for a detailed proposal",
  interactionFrequency: "4 emails this week",
});

/** The project's own leads (CLI fixtures): the "normal leads" token budgets are checked on. */
export function fixtureLeads(): Lead[] {
  return readFileSync(join(FIXTURES, "leads.jsonl"), "utf8")
    .split("\n")
    .filter((l) => l.trim().startsWith("{"))
    .map((l) => normalizeLead(JSON.parse(l)).lead);
}

/** A chat-completions HTTP reply with the given assistant content. */
export function okReply(content: string | null, extra: { finish_reason?: string; refusal?: string } = {}) {
  return {
    kind: "http" as const,
    status: 200,
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ choices: [{ index: 0, message: { role: "assistant", content, refusal: extra.refusal ?? null }, finish_reason: extra.finish_reason ?? "stop" }] }),
  };
}

export function gradeJson(points: Partial<Record<string, number>>, rubric: Rubric, missingInfo: string[] = []): string {
  const dims: Record<string, { evidence: string; points: number }> = {};
  for (const k of DIMENSION_KEYS) {
    const d = rubric.dimensions.find((x) => x.key === k)!;
    dims[k] = { evidence: `ev ${k}`, points: k in points ? (points[k] as number) : d.options[d.options.length - 1].points };
  }
  return JSON.stringify({ dimensions: dims, missingInfo });
}
