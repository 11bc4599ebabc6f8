/**
 * Prompt size per lead, counted with gpt-tokenizer (o200k_base, the GPT-4o family's
 * encoding; other vendors' tokenizers land in the same range). The static part is the
 * system message (cacheable, identical for every lead of a language); the per-lead part
 * is the user message.
 */
import { countTokens } from "gpt-tokenizer";
import { leadLanguage, type Lang, type Lead } from "../core/lead";
import { DEFAULT_RUBRIC, type Rubric } from "../core/rubric";
import type { GradeResult } from "../core/result";
import { gradeWithRules } from "../core/grade";
import { adviceUserMessage, gradeUserMessage, systemPrompt } from "../core/llm/prompts";

export interface TokenStats {
  mean: number;
  max: number;
  min: number;
}

export interface PromptTokenReport {
  /** System message tokens (largest over the languages of the lead set). */
  gradeStatic: number;
  gradePerLead: TokenStats;
  adviceStatic: number;
  advicePerLead: TokenStats;
  leads: number;
}

export interface TokenOptions {
  rubric?: Rubric;
  /** The grade the advice request would carry. Default: the rules engine's. */
  resultFor?: (lead: Lead) => GradeResult;
  now?: Date;
  /** Force one language instead of each lead's own. */
  lang?: Lang;
}

function stats(xs: number[]): TokenStats {
  if (xs.length === 0) return { mean: 0, max: 0, min: 0 };
  return { mean: Math.round(xs.reduce((a, b) => a + b, 0) / xs.length), max: Math.max(...xs), min: Math.min(...xs) };
}

export function promptTokens(leads: Lead[], opts: TokenOptions = {}): PromptTokenReport {
  const rubric = opts.rubric ?? DEFAULT_RUBRIC;
  const now = opts.now ?? new Date();
  const resultFor = opts.resultFor ?? ((l: Lead) => gradeWithRules(l, rubric, { now }));
  const langs = new Set<Lang>();
  const grade: number[] = [];
  const advice: number[] = [];
  for (const lead of leads) {
    const lang = opts.lang ?? leadLanguage(lead);
    langs.add(lang);
    grade.push(countTokens(gradeUserMessage(lead, lang, now)));
    advice.push(countTokens(adviceUserMessage(lead, resultFor(lead), rubric, lang, now)));
  }
  if (langs.size === 0) langs.add("zh");
  const staticOf = (p: "grade" | "advice") => Math.max(...[...langs].map((l) => countTokens(systemPrompt(p, rubric, l))));
  return { gradeStatic: staticOf("grade"), gradePerLead: stats(grade), adviceStatic: staticOf("advice"), advicePerLead: stats(advice), leads: leads.length };
}

export function formatTokenReport(r: PromptTokenReport): string {
  return [
    `prompt tokens per lead (gpt-tokenizer o200k, ${r.leads} leads):`,
    `  grade:  static ${r.gradeStatic} (cacheable) + per lead mean ${r.gradePerLead.mean}, max ${r.gradePerLead.max}`,
    `  advice: static ${r.adviceStatic} (cacheable) + per lead mean ${r.advicePerLead.mean}, max ${r.advicePerLead.max}`,
  ].join("\n");
}
