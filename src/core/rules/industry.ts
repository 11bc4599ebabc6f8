/**
 * industry: what the customer makes, from the industry field (the details only when the
 * field is empty — never the company name), matched against the profile's core and
 * expansion keyword lists. A core match wins over an expansion one ("EMS for medical").
 */
import type { CompanyProfile } from "../rubric";
import { findKeyword, norm } from "./text";

export interface IndustryFinding {
  optionId: "core" | "expansion" | "none";
  keyword?: string;
  source: string;
}

// Words that contain a keyword but name something else ("food packaging" is not chip packaging).
const MASKS = /(food|paper|plastic|cosmetic|食品|纸|塑料|化妆品|印刷)\s*(packaging|包装)|包装|battery charger retail|电池回收/gi;

export function judgeIndustry(industryField: string, details: string, profile: CompanyProfile): IndustryFinding {
  const field = industryField.trim();
  const source = field || details.trim();
  if (!source) return { optionId: "none", source: "" };
  const text = norm(source).replace(MASKS, " ");
  const core = findKeyword(text, profile.coreIndustries.keywords);
  if (core) return { optionId: "core", keyword: core, source };
  const exp = findKeyword(text, profile.expansionIndustries.keywords);
  if (exp) return { optionId: "expansion", keyword: exp, source };
  return { optionId: "none", source: field };
}
