/**
 * A Leads row in and out of the domain types: the lead's fields, its progress, its grade
 * result and advice. Pure over an in-memory Table (no service calls).
 */
import { LEAD_FIELDS, emptyLead, leadLanguage, type Lead } from "../core/lead";
import { parseStatus, type LeadProgress } from "../core/pipeline";
import { DIMENSION_KEYS, GRADES, type Grade, type Rubric } from "../core/rubric";
import { ADVICE_SECTIONS, MATURITY_LEVELS, type Advice, type GradeResult, type MaturityLevel } from "../core/result";
import type { DimensionScores } from "../core/score";
import { DEFAULT_DIMENSIONS } from "../core/rubric";
import { pointsKey, type LeadColumnKey } from "./schema";
import { numberOf, text, timeOf, type RowPatch, type Table } from "./table";

export type LeadsTable = Table<LeadColumnKey>;

export function leadOf(t: LeadsTable, i: number): Lead {
  const lead = emptyLead();
  for (const f of LEAD_FIELDS) lead[f] = text(t, i, f);
  return lead;
}

export function progressOf(t: LeadsTable, i: number): LeadProgress {
  const p: LeadProgress = {
    status: parseStatus(text(t, i, "status")),
    attempts: numberOf(t, i, "attempts") ?? 0,
    hasOwner: text(t, i, "ownerEmail") !== "",
    incomplete: text(t, i, "grade") === "Incomplete",
  };
  const times: [keyof LeadProgress, LeadColumnKey][] = [
    ["submittedAt", "submittedAt"],
    ["gradedAt", "gradedAt"],
    ["assignedAt", "assignedAt"],
    ["advisedAt", "advisedAt"],
    ["notifyAfter", "notifyAfter"],
    ["notifiedAt", "notifiedAt"],
    ["retryAt", "retryAt"],
  ];
  for (const [k, col] of times) {
    const ms = timeOf(t, i, col);
    if (ms !== undefined) (p as unknown as Record<string, number>)[k] = ms;
  }
  return p;
}

const EVIDENCE_LINE = /\[([A-Za-z]+)\]\s*[:：]\s*(.*)$/;

export function evidenceText(result: GradeResult, lang: "zh" | "en"): string {
  return DIMENSION_KEYS.map((k) => {
    const name = DEFAULT_DIMENSIONS.find((d) => d.key === k)!.name[lang];
    return `${name} [${k}]: ${result.dimensions[k].evidence.replace(/\s+/g, " ").trim()}`;
  }).join("\n");
}

function parseEvidence(textValue: string): Partial<Record<string, string>> {
  const out: Partial<Record<string, string>> = {};
  for (const line of textValue.split("\n")) {
    const m = EVIDENCE_LINE.exec(line);
    if (m) out[m[1]] = m[2].trim();
  }
  return out;
}

const LIST_SEP = /\n|；|; /;

/** The grade result stored in a row, or undefined when the row has not been graded (or a points cell is unreadable). */
export function resultOf(t: LeadsTable, i: number, rubric: Rubric): GradeResult | undefined {
  const grade = text(t, i, "grade") as Grade;
  if (!(GRADES as readonly string[]).includes(grade)) return undefined;
  const evidence = parseEvidence(text(t, i, "evidence"));
  const dims = {} as DimensionScores;
  for (const k of DIMENSION_KEYS) {
    const points = numberOf(t, i, pointsKey(k));
    if (points === undefined) return undefined;
    const option = rubric.dimensions.find((d) => d.key === k)?.options.find((o) => o.points === points);
    dims[k] = { optionId: option?.id ?? "", points, evidence: evidence[k] ?? "" };
  }
  const lead = leadOf(t, i);
  const engine = text(t, i, "engine") === "llm" ? "llm" : "rules";
  const result: GradeResult = {
    dimensions: dims,
    total: numberOf(t, i, "total") ?? DIMENSION_KEYS.reduce((s, k) => s + dims[k].points, 0),
    grade,
    region: text(t, i, "region"),
    reason: text(t, i, "reason"),
    engine,
    missingInfo: text(t, i, "missingInfo").split(LIST_SEP).map((s) => s.trim()).filter(Boolean),
    lang: leadLanguage(lead),
  };
  const fb = text(t, i, "fallbackReason");
  if (fb) result.fallbackReason = fb;
  return result;
}

export function adviceOf(t: LeadsTable, i: number): Advice | undefined {
  const level = text(t, i, "maturityLevel") as MaturityLevel;
  if (!(MATURITY_LEVELS as readonly string[]).includes(level)) return undefined;
  const a = { maturityLevel: level } as Advice;
  for (const s of ADVICE_SECTIONS) {
    const v = text(t, i, s);
    if (!v) return undefined;
    a[s] = v;
  }
  return a;
}

export function resultPatch(result: GradeResult): RowPatch<LeadColumnKey> {
  const p: RowPatch<LeadColumnKey> = {
    total: result.total,
    grade: result.grade,
    reason: result.reason,
    evidence: evidenceText(result, result.lang),
    missingInfo: result.missingInfo.join("\n"),
    engine: result.engine,
    fallbackReason: result.fallbackReason ?? "",
    region: result.region,
  };
  for (const k of DIMENSION_KEYS) p[pointsKey(k)] = result.dimensions[k].points;
  return p;
}

export function advicePatch(advice: Advice): RowPatch<LeadColumnKey> {
  const p: RowPatch<LeadColumnKey> = { maturityLevel: advice.maturityLevel };
  for (const s of ADVICE_SECTIONS) p[s] = advice[s];
  return p;
}

export function leadPatch(lead: Lead): RowPatch<LeadColumnKey> {
  const p: RowPatch<LeadColumnKey> = {};
  for (const f of LEAD_FIELDS) p[f] = lead[f];
  return p;
}
