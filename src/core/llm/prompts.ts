/**
 * Fill the editable prompt templates (prompts/*.md, bundled as PROMPTS) from the rubric
 * and the profile. A template has a system part and a user part split by the line
 * `<!-- user-message -->`; other HTML comments are notes for editors and are dropped.
 *
 * The system part depends only on the rubric and the language, so it is byte-identical
 * for every lead (providers cache that prefix); lead text only enters the user part,
 * JSON-escaped inside <lead_data>, where `<` and `>` are escaped too so that text in a
 * lead can never close the delimiter.
 */
import { LEAD_FIELDS, type Lang, type Lead, type LeadField } from "../lead";
import { DIMENSION_KEYS, GRADE_LABELS, type Rubric, maxTotal, textIn } from "../rubric";
import { MATURITY_LEVELS, ADVICE_SECTIONS, type GradeResult } from "../result";
import { PROMPTS } from "./prompts.generated";
import { allowedPoints } from "./schema";

export type PromptPurpose = "grade" | "advice";

export const USER_SPLIT = "<!-- user-message -->";

export class PromptTemplateError extends Error {
  override name = "PromptTemplateError";
}

/** Per-field caps for the prompt (characters), so one long lead cannot blow the token budget. */
export const PROMPT_FIELD_CAPS: Record<LeadField, number> = {
  customerName: 80,
  contactName: 40,
  contactTitle: 60,
  contactEmail: 80,
  contactPhone: 40,
  industry: 120,
  companySize: 80,
  address: 120,
  cooperationHistory: 160,
  leadSource: 80,
  leadDetails: 900,
  interactionDetails: 400,
  interactionFrequency: 160,
};
export const PROMPT_EVIDENCE_CAP = 40;

export function capText(text: string, max: number): string {
  const chars = Array.from(text);
  return chars.length <= max ? text : chars.slice(0, max - 1).join("") + "…";
}

/** JSON with `<`, `>` and `&` escaped as \u00XX: still valid JSON, never an HTML-ish tag. */
export function jsonForPrompt(value: unknown): string {
  return JSON.stringify(value).replace(/[<>&]/g, (c) => "\\u" + c.charCodeAt(0).toString(16).padStart(4, "0"));
}

function groupThousands(n: number): string {
  const s = String(Math.round(n));
  return s.replace(/\B(?=(\d{3})+(?!\d))/g, ",");
}

function list(items: string[], lang: Lang): string {
  if (items.length === 0) return lang === "zh" ? "无" : "none";
  return items.join(lang === "zh" ? "、" : ", ");
}

function rubricText(rubric: Rubric, lang: Lang): string {
  const unit = lang === "zh" ? "分" : " points";
  return DIMENSION_KEYS.map((key, i) => {
    const d = rubric.dimensions.find((x) => x.key === key)!;
    const head = lang === "zh" ? `${i + 1}. ${key}（${d.name.zh}）` : `${i + 1}. ${key} (${d.name.en})`;
    const opts = d.options.map((o) => `   - ${o.points}${unit}: ${textIn(o.label, lang)}`);
    return [head, ...opts].join("\n");
  }).join("\n");
}

function gradeExample(rubric: Rubric, lang: Lang): string {
  const ev = lang === "zh" ? "简短引用或理由" : "short quote or reason";
  const dims = DIMENSION_KEYS.map((k) => `    "${k}": {"evidence": "${ev}", "points": ${allowedPoints(rubric, k).join("|")}}`);
  const mi = lang === "zh" ? "仍需补充的信息" : "information still to collect";
  return `{\n  "dimensions": {\n${dims.join(",\n")}\n  },\n  "missingInfo": ["${mi}"]\n}`;
}

function adviceExample(lang: Lang): string {
  const t = lang === "zh" ? "……" : "…";
  const lines = [`  "maturityLevel": "${MATURITY_LEVELS.join("|")}"`, ...ADVICE_SECTIONS.map((s) => `  "${s}": "${t}"`)];
  return `{\n${lines.join(",\n")}\n}`;
}

function gradeThresholds(rubric: Rubric, lang: Lang): string {
  const g = rubric.grades;
  const l = (k: keyof typeof GRADE_LABELS) => textIn(GRADE_LABELS[k], lang);
  return lang === "zh"
    ? `A（${l("A")}）≥${g.A}；B（${l("B")}）${g.B}–${g.A - 1}；C（${l("C")}）${g.C}–${g.B - 1}；D（${l("D")}）<${g.C}；Incomplete（${l("Incomplete")}）：线索详情为空且其他评分字段最多填了 ${rubric.incomplete.maxFilled} 项`
    : `A (${l("A")}) ≥ ${g.A}; B (${l("B")}) ${g.B}–${g.A - 1}; C (${l("C")}) ${g.C}–${g.B - 1}; D (${l("D")}) < ${g.C}; Incomplete (${l("Incomplete")}): lead details blank and at most ${rubric.incomplete.maxFilled} other scoring field filled`;
}

/** Every value a system template may use. `points.<dimension>.<optionId>` gives an option's points. */
export function templateVariables(rubric: Rubric, lang: Lang): Record<string, string> {
  const p = rubric.profile;
  const vars: Record<string, string> = {
    business: textIn(p.business, lang),
    productKeywords: list(p.productKeywords, lang),
    coreIndustries: textIn(p.coreIndustries.label, lang),
    coreIndustryKeywords: list(p.coreIndustries.keywords, lang),
    expansionIndustries: textIn(p.expansionIndustries.label, lang),
    expansionIndustryKeywords: list(p.expansionIndustries.keywords, lang),
    coreRegions: list(p.coreRegions, lang),
    remoteAreas: list(p.remoteAreas, lang),
    priceMin: groupThousands(p.priceBand.min),
    priceMax: groupThousands(p.priceBand.max),
    typicalContact: textIn(p.typicalContact, lang),
    rubric: rubricText(rubric, lang),
    dimensionKeys: DIMENSION_KEYS.join(", "),
    maxTotal: String(maxTotal(rubric)),
    gradeExample: gradeExample(rubric, lang),
    gradeThresholds: gradeThresholds(rubric, lang),
    adviceExample: adviceExample(lang),
    maturityLevels: MATURITY_LEVELS.join(" / "),
  };
  for (const d of rubric.dimensions) for (const o of d.options) vars[`points.${d.key}.${o.id}`] = String(o.points);
  return vars;
}

/**
 * Replace `{{name}}`. An unknown name is a template bug and throws, except an option
 * reference (`points.x.y`) whose option a manager removed: that reads "—" so grading goes on.
 */
export function fillTemplate(template: string, vars: Record<string, string>): string {
  return template.replace(/\{\{\s*([\w.]+)\s*\}\}/g, (_m, name: string) => {
    if (Object.prototype.hasOwnProperty.call(vars, name)) return vars[name];
    if (name.startsWith("points.")) return "—";
    throw new PromptTemplateError(`prompt template uses unknown placeholder {{${name}}}`);
  });
}

export function promptTemplate(purpose: PromptPurpose, lang: Lang): { system: string; user: string } {
  const raw = PROMPTS[`${purpose}.${lang}`] ?? PROMPTS[`${purpose}.zh`];
  if (raw === undefined) throw new PromptTemplateError(`prompt template ${purpose}.${lang} is missing (run the build)`);
  const at = raw.indexOf(USER_SPLIT);
  if (at < 0) throw new PromptTemplateError(`prompt template ${purpose}.${lang} has no "${USER_SPLIT}" line`);
  const clean = (s: string) => s.replace(/<!--[\s\S]*?-->/g, "").replace(/\n{3,}/g, "\n\n").trim();
  return { system: clean(raw.slice(0, at)), user: clean(raw.slice(at + USER_SPLIT.length)) };
}

// The filled system prompt depends only on (purpose, lang, rubric content). Keyed by the
// rubric's JSON, not its identity, so a rubric edited in place can never get a stale prompt.
const systemCache = new Map<string, string>();

export function systemPrompt(purpose: PromptPurpose, rubric: Rubric, lang: Lang): string {
  const k = `${purpose}.${lang}:${JSON.stringify(rubric)}`;
  let s = systemCache.get(k);
  if (s === undefined) {
    s = fillTemplate(promptTemplate(purpose, lang).system, templateVariables(rubric, lang));
    if (systemCache.size >= 16) systemCache.clear();
    systemCache.set(k, s);
  }
  return s;
}

/** The lead as prompt data: non-empty fields only, each capped. */
export function leadForPrompt(lead: Lead): Partial<Record<LeadField, string>> {
  const out: Partial<Record<LeadField, string>> = {};
  for (const f of LEAD_FIELDS) {
    const v = (lead[f] ?? "").trim();
    if (v !== "") out[f] = capText(v, PROMPT_FIELD_CAPS[f]);
  }
  return out;
}

/** YYYY-MM-DD of a date in UTC+8 (the sales team's calendar), for "the day the lead arrived". */
export function dayOf(date: Date): string {
  return new Date(date.getTime() + 8 * 3600_000).toISOString().slice(0, 10);
}

export function gradeUserMessage(lead: Lead, lang: Lang, receivedAt: Date): string {
  return fillTemplate(promptTemplate("grade", lang).user, {
    receivedOn: dayOf(receivedAt),
    leadData: jsonForPrompt(leadForPrompt(lead)),
  });
}

export function adviceUserMessage(lead: Lead, result: GradeResult, rubric: Rubric, lang: Lang, receivedAt: Date): string {
  void rubric; // the system message carries the rubric; the per-lead part only the choices
  const dims: Record<string, { points: number; evidence: string }> = {};
  for (const k of DIMENSION_KEYS) {
    const d = result.dimensions[k];
    dims[k] = { points: d.points, evidence: capText(d.evidence ?? "", PROMPT_EVIDENCE_CAP) };
  }
  const grade = {
    grade: result.grade,
    total: result.total,
    region: result.region,
    dimensions: dims,
    missingInfo: result.missingInfo.slice(0, 6).map((m) => capText(m, 60)),
  };
  return fillTemplate(promptTemplate("advice", lang).user, {
    receivedOn: dayOf(receivedAt),
    leadData: jsonForPrompt(leadForPrompt(lead)),
    gradeData: jsonForPrompt(grade),
  });
}
