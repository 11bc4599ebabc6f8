/**
 * Arithmetic that only code may do: validate each dimension's points against the rubric,
 * sum them, and turn the total into a grade. A model or the rules engine only picks options.
 */
import { DIMENSION_KEYS, type DimensionKey, type Grade, type Rubric, dimensionOf } from "./rubric";
import type { Lead } from "./lead";

export interface DimensionScore {
  /** The chosen option's id (may be "" when a model gave points shared by no single option id). */
  optionId: string;
  points: number;
  /** Short quote or reason the choice rests on. */
  evidence: string;
}

export type DimensionScores = Record<DimensionKey, DimensionScore>;

export class ScoreError extends Error {
  override name = "ScoreError";
}

/**
 * Resolve a dimension's points to its option. Points outside the dimension's options are
 * rejected, never clamped or rounded to the nearest option.
 */
export function optionForPoints(rubric: Rubric, key: DimensionKey, points: unknown): { optionId: string; points: number } {
  const dim = dimensionOf(rubric, key);
  if (typeof points !== "number" || !Number.isFinite(points)) {
    throw new ScoreError(`${key}: points must be a number, got ${JSON.stringify(points)}`);
  }
  const option = dim.options.find((o) => o.points === points);
  if (!option) {
    const allowed = dim.options.map((o) => o.points).join(", ");
    throw new ScoreError(`${key}: ${points} is not one of the allowed points (${allowed})`);
  }
  return { optionId: option.id, points: option.points };
}

/** Points for a chosen option id. Unknown ids are an error in the caller's logic. */
export function pointsForOption(rubric: Rubric, key: DimensionKey, optionId: string): number {
  const dim = dimensionOf(rubric, key);
  const option = dim.options.find((o) => o.id === optionId);
  if (!option) throw new ScoreError(`${key}: unknown option "${optionId}"`);
  return option.points;
}

export function totalOf(scores: Record<DimensionKey, { points: number }>): number {
  return DIMENSION_KEYS.reduce((sum, k) => sum + scores[k].points, 0);
}

export function gradeForTotal(total: number, thresholds: Rubric["grades"]): Exclude<Grade, "Incomplete"> {
  if (total >= thresholds.A) return "A";
  if (total >= thresholds.B) return "B";
  if (total >= thresholds.C) return "C";
  return "D";
}

/** Lead details blank and at most `maxFilled` of the other scoring fields filled. */
export function isIncomplete(lead: Lead, rubric: Rubric): boolean {
  if (lead.leadDetails.trim() !== "") return false;
  const filled = rubric.incomplete.fields.filter((f) => (lead[f] ?? "").trim() !== "").length;
  return filled <= rubric.incomplete.maxFilled;
}

export interface Scored {
  dimensions: DimensionScores;
  total: number;
  grade: Grade;
}

/** Total and grade from validated dimension scores; Incomplete overrides the letter grade. */
export function scoreLead(lead: Lead, rubric: Rubric, dimensions: DimensionScores): Scored {
  for (const key of DIMENSION_KEYS) {
    if (!dimensions[key]) throw new ScoreError(`${key}: missing`);
    optionForPoints(rubric, key, dimensions[key].points);
  }
  const total = totalOf(dimensions);
  const grade: Grade = isIncomplete(lead, rubric) ? "Incomplete" : gradeForTotal(total, rubric.grades);
  return { dimensions, total, grade };
}
