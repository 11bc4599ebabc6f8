/**
 * The deterministic rules engine. STUB: the rules-engine work replaces this body.
 */
import type { Lead } from "../lead";
import type { Rubric } from "../rubric";
import type { DimensionScores } from "../score";
import type { RegionRule } from "../regions";

export interface RulesOptions {
  /** The day the lead arrived; purchase-plan dates are judged against it. Default: now. */
  now?: Date;
  /** Place → region map (the Regions sheet). Default: DEFAULT_REGION_RULES. */
  regions?: RegionRule[];
}

export interface Placement {
  /** Sales region from the region map ("" when unknown). */
  region: string;
  /** How the location dimension sees it. */
  tier: "core" | "mainland" | "overseas" | "remote" | "unknown";
  /** The place found (e.g. "广东 深圳", "Germany"), "" when none. */
  place: string;
}

export interface RulesAnalysis {
  dimensions: DimensionScores;
  placement: Placement;
  missingInfo: string[];
}

/** Pick each dimension's option with evidence; also locate the lead. Pure and deterministic. */
export function analyzeWithRules(lead: Lead, rubric: Rubric, opts: RulesOptions = {}): RulesAnalysis {
  void lead; void rubric; void opts;
  throw new Error("rules engine not built yet");
}
