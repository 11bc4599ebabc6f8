/**
 * Turn an engine's dimension choices into the full GradeResult. Both engines end here, so
 * total, grade, region and reason are always computed the same way, by code.
 */
import { leadLanguage, type Lead } from "./lead";
import type { Rubric } from "./rubric";
import { scoreLead, type DimensionScores } from "./score";
import { composeReason } from "./reason";
import type { Engine, GradeResult } from "./result";
import { analyzeWithRules, type Placement, type RulesOptions } from "./rules/index";

export interface FinishInput {
  lead: Lead;
  rubric: Rubric;
  dimensions: DimensionScores;
  placement: Placement;
  engine: Engine;
  missingInfo: string[];
  fallbackReason?: string;
}

export function finishGrade(input: FinishInput): GradeResult {
  const lang = leadLanguage(input.lead);
  const scored = scoreLead(input.lead, input.rubric, input.dimensions);
  const result: GradeResult = {
    dimensions: scored.dimensions,
    total: scored.total,
    grade: scored.grade,
    region: input.placement.region,
    reason: composeReason(scored.dimensions, input.rubric, lang),
    engine: input.engine,
    missingInfo: input.missingInfo,
    lang,
  };
  if (input.fallbackReason) result.fallbackReason = input.fallbackReason;
  return result;
}

/** Grade with the offline rules engine. `fallbackReason` records why a model was not used. */
export function gradeWithRules(lead: Lead, rubric: Rubric, opts: RulesOptions = {}, fallbackReason?: string): GradeResult {
  const a = analyzeWithRules(lead, rubric, opts);
  return finishGrade({ lead, rubric, dimensions: a.dimensions, placement: a.placement, engine: "rules", missingInfo: a.missingInfo, fallbackReason });
}
