/**
 * What grading a lead produces, whichever engine did it. Shared by the CLI, the Apps
 * Script app and the e-mail, so all three say the same thing about a lead.
 */
import type { Lang } from "./lead";
import type { Grade } from "./rubric";
import type { DimensionScores } from "./score";

export type Engine = "rules" | "llm";

export interface GradeResult {
  dimensions: DimensionScores;
  total: number;
  grade: Grade;
  /** Sales region (华东, 华南, …, 海外) derived by code from the address, "" when unknown. */
  region: string;
  /** Four paragraphs separated by "\n": background, needs & project, interaction, budget & plan. */
  reason: string;
  engine: Engine;
  /** Why the model was not used or its answer not kept (set only when engine is "rules" after a try). */
  fallbackReason?: string;
  /** What the receptionist should still find out. */
  missingInfo: string[];
  lang: Lang;
}

export const MATURITY_LEVELS = ["high", "medium", "low"] as const;
export type MaturityLevel = (typeof MATURITY_LEVELS)[number];

/** The five-part follow-up plan. */
export interface Advice {
  maturityLevel: MaturityLevel;
  maturity: string;
  needsAndPainPoints: string;
  communicationStrategy: string;
  nextActions: string;
  resourcesAndRisks: string;
}

export const ADVICE_SECTIONS = ["maturity", "needsAndPainPoints", "communicationStrategy", "nextActions", "resourcesAndRisks"] as const;
export type AdviceSection = (typeof ADVICE_SECTIONS)[number];
