/**
 * The grade reason: four paragraphs (background, needs & project, interaction, budget &
 * plan) separated by "\n". Each names the dimension, the points it got, the chosen
 * option and the evidence, in the lead's language.
 *
 * Everything is read from the rubric passed in, never from the defaults, because managers
 * rename options and change points in the Rubric sheet.
 */
import type { Lang } from "./lead";
import { DIMENSION_GROUPS, type DimensionGroup, type DimensionKey, type Rubric, type RubricOption, type Text, textIn } from "./rubric";
import type { DimensionScore, DimensionScores } from "./score";

export const GROUP_TITLES: Record<DimensionGroup, Text> = {
  background: { zh: "客户背景", en: "Customer background" },
  needs: { zh: "需求与项目", en: "Needs & project" },
  interaction: { zh: "互动情况", en: "Interaction" },
  budgetPlan: { zh: "预算与采购计划", en: "Budget & purchase plan" },
};

export const GROUP_ORDER: readonly DimensionGroup[] = ["background", "needs", "interaction", "budgetPlan"];

/** A dimension as a reader sees it: name, points out of the best option's points, option label, evidence. */
export interface DimensionView {
  key: DimensionKey;
  name: string;
  points: number;
  maxPoints: number;
  /** "" when the option cannot be found in this rubric (edited after grading). */
  optionLabel: string;
  evidence: string;
  scored: boolean;
}

/**
 * The option a score refers to: by id first; by points when the id is unknown (a model
 * may give only points, or a manager renamed the id after grading).
 */
export function optionForScore(rubric: Rubric, key: DimensionKey, score: DimensionScore | undefined): RubricOption | undefined {
  const dim = rubric.dimensions.find((d) => d.key === key);
  if (!dim || !score) return undefined;
  return dim.options.find((o) => o.id === score.optionId && score.optionId !== "") ?? dim.options.find((o) => o.points === score.points);
}

/** Evidence on one line: the reason text uses line breaks between paragraphs only. */
export function oneLine(text: string): string {
  return text.replace(/\s*[\r\n]+\s*/g, " ").trim();
}

export function viewDimension(rubric: Rubric, key: DimensionKey, score: DimensionScore | undefined, lang: Lang): DimensionView {
  const dim = rubric.dimensions.find((d) => d.key === key);
  const option = optionForScore(rubric, key, score);
  return {
    key,
    name: dim ? textIn(dim.name, lang) : key,
    points: score?.points ?? 0,
    maxPoints: dim && dim.options.length ? Math.max(...dim.options.map((o) => o.points)) : 0,
    optionLabel: option ? textIn(option.label, lang) : "",
    evidence: oneLine(score?.evidence ?? ""),
    scored: score !== undefined,
  };
}

/** Evidence that already quotes the lead ("“约1200人” → 1200人") is not quoted again. */
function quoted(evidence: string, open: string, close: string): string {
  return /^["“'‘「]/.test(evidence) ? evidence : `${open}${evidence}${close}`;
}

function describeZh(v: DimensionView): string {
  if (!v.scored) return `${v.name}未评分`;
  const inner = [v.optionLabel, v.evidence ? quoted(v.evidence, "“", "”") : ""].filter(Boolean).join("：");
  return `${v.name}${v.points}分${inner ? `（${inner}）` : ""}`;
}

function describeEn(v: DimensionView): string {
  if (!v.scored) return `${v.name} not scored`;
  const unit = v.points === 1 ? "pt" : "pts";
  const inner = [v.optionLabel, v.evidence ? quoted(v.evidence, '"', '"') : ""].filter(Boolean).join(": ");
  return `${v.name} ${v.points} ${unit}${inner ? ` (${inner})` : ""}`;
}

export function composeReason(dimensions: DimensionScores, rubric: Rubric, lang: Lang): string {
  return GROUP_ORDER.map((group) => {
    const views = DIMENSION_GROUPS[group].map((key) => viewDimension(rubric, key, dimensions[key], lang));
    const title = textIn(GROUP_TITLES[group], lang);
    return lang === "zh"
      ? `${title}：${views.map(describeZh).join("；")}。`
      : `${title}: ${views.map(describeEn).join("; ")}.`;
  }).join("\n");
}
