/**
 * Agreement of a grading engine with labelled leads.
 *
 *   npm run eval -- <labelled.jsonl> [--engine rules|llm|auto] [--json] [--now YYYY-MM-DD]
 *
 * Each line: {"id","lang","lead":{13 fields},"gold":{"dimensions":{key:points},"total","grade","region"}}.
 * Prints grade agreement, per-dimension agreement (over all cells and per dimension),
 * region agreement, a grade confusion matrix and every disagreement with its evidence.
 *
 * Engines are registered in ENGINES by name; an engine is (lead, id) => Promise<GradeResult>.
 * To add one (e.g. "llm"), add a factory there — nothing else here needs to change.
 */
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { Lead } from "../core/lead";
import type { GradeResult } from "../core/result";
import type { DimensionKey, Grade } from "../core/rubric";

export type EngineFn = (lead: Lead, id: string) => Promise<GradeResult>;
export interface EngineContext {
  now: Date;
}

const root = join(dirname(fileURLToPath(import.meta.url)), "../..");

/** The generated tables and prompts are gitignored; make them on a fresh clone before the engine loads. */
async function ensureGenerated(): Promise<void> {
  const gen = (await import("../../scripts/gen/index")) as { ensureGenerated: (r: string) => void };
  gen.ensureGenerated(root);
}

/**
 * The model engine against whatever endpoint the environment names (LLM_BASE_URL,
 * LLM_API_KEY, LLM_MODEL). Leads the model could not grade fall back to the rules and
 * are reported on stderr, so a low agreement is never silently the rules engine's.
 */
async function modelEngine(choice: "llm" | "auto", ctx: EngineContext): Promise<EngineFn> {
  await ensureGenerated();
  const { createGrader } = await import("./grader");
  const grader = createGrader({
    engine: choice,
    now: ctx.now,
    log: (e) => {
      if (e.outcome === "fallback") console.error(`[${e.id}] model not used: ${e.message}`);
    },
  });
  if (!grader.endpoint.hasKey) console.error("no LLM_API_KEY / OPENAI_API_KEY: grading with the rules engine");
  else console.error(`model: ${grader.endpoint.model} at ${grader.endpoint.baseUrl}`);
  return async (lead, id) => (await grader.gradeOne(lead, id)).result;
}

/** Engine factories by --engine name. Extension point: register "llm" here. */
export const ENGINES: Record<string, (ctx: EngineContext) => Promise<EngineFn>> = {
  llm: (ctx) => modelEngine("llm", ctx),
  auto: (ctx) => modelEngine("auto", ctx),
  rules: async (ctx) => {
    await ensureGenerated();
    const { gradeWithRules } = await import("../core/grade");
    const { DEFAULT_RUBRIC } = await import("../core/rubric");
    return async (lead) => gradeWithRules(lead, DEFAULT_RUBRIC, { now: ctx.now });
  },
};

export interface LabelledLead {
  id: string;
  lang?: string;
  lead: Lead;
  gold: { dimensions: Record<DimensionKey, number>; total: number; grade: Grade; region: string };
}

export interface Disagreement {
  id: string;
  dimension: DimensionKey | "grade" | "region";
  gold: string | number;
  got: string | number;
  evidence: string;
}

export interface EvalReport {
  leads: number;
  gradeAgreement: number;
  dimensionAgreement: number;
  perDimension: Record<string, number>;
  regionAgreement: number;
  confusion: Record<string, Record<string, number>>;
  disagreements: Disagreement[];
}

const DIMS: DimensionKey[] = ["companySize", "industry", "location", "history", "role", "needMatch", "projectScale", "interactionDepth", "interactionFrequency", "budget", "purchasePlan"];
const GRADE_ORDER: Grade[] = ["A", "B", "C", "D", "Incomplete"];

export function parseLabelled(text: string): LabelledLead[] {
  return text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l !== "")
    .map((l, i) => {
      try {
        return JSON.parse(l) as LabelledLead;
      } catch (e) {
        throw new Error(`line ${i + 1}: not JSON (${(e as Error).message})`);
      }
    });
}

export async function evaluate(rows: LabelledLead[], engine: EngineFn): Promise<EvalReport> {
  const confusion: Record<string, Record<string, number>> = {};
  for (const g of GRADE_ORDER) confusion[g] = Object.fromEntries(GRADE_ORDER.map((x) => [x, 0]));
  const perDimHits: Record<string, number> = Object.fromEntries(DIMS.map((d) => [d, 0]));
  const disagreements: Disagreement[] = [];
  let gradeHits = 0;
  let regionHits = 0;
  for (const row of rows) {
    const got = await engine(row.lead, row.id);
    confusion[row.gold.grade][got.grade]++;
    if (got.grade === row.gold.grade) gradeHits++;
    else disagreements.push({ id: row.id, dimension: "grade", gold: `${row.gold.grade} (${row.gold.total})`, got: `${got.grade} (${got.total})`, evidence: "" });
    if ((got.region ?? "") === (row.gold.region ?? "")) regionHits++;
    else disagreements.push({ id: row.id, dimension: "region", gold: row.gold.region, got: got.region, evidence: row.lead.address });
    for (const d of DIMS) {
      const g = row.gold.dimensions[d];
      const p = got.dimensions[d].points;
      if (g === p) perDimHits[d]++;
      else disagreements.push({ id: row.id, dimension: d, gold: g, got: p, evidence: got.dimensions[d].evidence });
    }
  }
  const n = rows.length || 1;
  const cells = DIMS.reduce((s, d) => s + perDimHits[d], 0);
  return {
    leads: rows.length,
    gradeAgreement: gradeHits / n,
    dimensionAgreement: cells / (n * DIMS.length),
    perDimension: Object.fromEntries(DIMS.map((d) => [d, perDimHits[d] / n])),
    regionAgreement: regionHits / n,
    confusion,
    disagreements,
  };
}

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;

export function formatReport(r: EvalReport): string {
  const lines: string[] = [];
  lines.push(`leads: ${r.leads}`);
  lines.push(`grade agreement:     ${pct(r.gradeAgreement)}`);
  lines.push(`dimension agreement: ${pct(r.dimensionAgreement)} (all cells)`);
  lines.push(`region agreement:    ${pct(r.regionAgreement)}`);
  lines.push("", "per dimension:");
  for (const [d, v] of Object.entries(r.perDimension)) lines.push(`  ${d.padEnd(22)} ${pct(v)}`);
  lines.push("", "grade confusion (rows = gold, columns = engine):");
  lines.push("  " + "gold\\got".padEnd(11) + GRADE_ORDER.map((g) => g.padStart(11)).join(""));
  for (const g of GRADE_ORDER) lines.push("  " + g.padEnd(11) + GRADE_ORDER.map((x) => String(r.confusion[g][x]).padStart(11)).join(""));
  lines.push("", `disagreements (${r.disagreements.length}):`);
  for (const d of r.disagreements) lines.push(`  ${d.id}  ${d.dimension}: gold ${d.gold} vs got ${d.got}${d.evidence ? `  — ${d.evidence}` : ""}`);
  return lines.join("\n");
}

async function main(argv: string[]): Promise<number> {
  const args = argv.slice(2);
  const file = args.find((a, i) => !a.startsWith("--") && !/^--(engine|now)$/.test(args[i - 1] ?? ""));
  const opt = (name: string) => {
    const i = args.indexOf(`--${name}`);
    return i >= 0 ? args[i + 1] : undefined;
  };
  if (!file) {
    console.error("usage: npm run eval -- <labelled.jsonl> [--engine rules|llm|auto] [--json] [--now YYYY-MM-DD]");
    return 2;
  }
  const engineName = opt("engine") ?? "rules";
  const factory = ENGINES[engineName];
  if (!factory) {
    console.error(`unknown engine "${engineName}" (known: ${Object.keys(ENGINES).join(", ")})`);
    return 2;
  }
  const nowArg = opt("now");
  const now = nowArg ? new Date(`${nowArg}T00:00:00`) : new Date();
  if (isNaN(now.getTime())) {
    console.error(`--now: not a date: ${nowArg}`);
    return 2;
  }
  const rows = parseLabelled(readFileSync(file, "utf8"));
  const report = await evaluate(rows, await factory({ now }));
  // Prompt size matters only when a model is asked: static (cacheable) prefix vs per-lead part.
  let tokens: unknown;
  let tokenText = "";
  if (engineName !== "rules") {
    const { promptTokens, formatTokenReport } = await import("./tokens");
    const t = promptTokens(rows.map((r) => r.lead), { now });
    tokens = t;
    tokenText = "\n\n" + formatTokenReport(t);
  }
  console.log(args.includes("--json") ? JSON.stringify(tokens ? { ...report, promptTokens: tokens } : report, null, 2) : formatReport(report) + tokenText);
  return 0;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  main(process.argv).then((code) => process.exit(code), (e) => { console.error(e instanceof Error ? e.message : e); process.exit(1); });
}
