/**
 * Four-paragraph reason text. STUB: the reason/advice/email work replaces this body.
 */
import type { Lang } from "./lead";
import type { Rubric } from "./rubric";
import type { DimensionScores } from "./score";

export function composeReason(dimensions: DimensionScores, rubric: Rubric, lang: Lang): string {
  void dimensions; void rubric; void lang;
  return "";
}
