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

// Words that contain a keyword but name something else: "food packaging" is not chip packaging,
// a linear-motion or solar module is not a consumer-electronics module, and repairing, selling
// or distributing phones, chips or batteries ("手机维修", "chip distributor") is not making them.
const GOODS = String.raw`(手机|电脑|家电|数码|电子产品|元器件|芯片|半导体|电池|工业机器人|机器人|机床|医疗器械|医疗设备|医疗用品|robots?|robotics|machine tools?|medical (?:devices?|equipment|supplies)|phones?|mobiles?|smartphones?|laptops?|computers?|electronics?|components?|chips?|ic|semiconductors?|batter(?:y|ies))`;
const TRADE = String.raw`(维修|修理|回收|拆解|配件销售|recycl\w*|dismantl\w*|rebuild\w*|翻新|贴膜|销售|零售|批发|代理|分销|经销|贸易|专卖|门店|店|卖场|repair\w*|refurbish\w*|retail\w*|resale|resell\w*|trading|traders?|shops?|stores?|dealers?|distribut\w*)`;
const MASKS = new RegExp(
  String.raw`二手|(food|paper|plastic|cosmetic|食品|纸|塑料|化妆品|印刷)\s*(packaging|包装)|包装|(直线|线性|丝杆|滑台|光伏|太阳能|linear|solar|pv|photovoltaic)\s*(motion\s*)?(模组|modules?)|${GOODS}\s*${TRADE}|${TRADE}\s*(of\s*)?${GOODS}|(微流控|生物|基因|检测|诊断|医疗|测序|bio|dna|gene|microfluidic|diagnostic|assay|sequencing)\s*(芯片|chips?)|lab[- ]on[- ]a[- ]chip`,
  "gi",
);

// "医疗器械（主营PCBA贴片加工）": a bracket that says what they do, not for whom.
const ACTIVITY = /(主营|代工|加工|贴片|smt|pcba|ems|封装|封测|assembly|contract manufactur|we (make|build|assemble))/i;
const CATEGORY_FIRST = /^(high[- ]end equipment|advanced equipment|precision equipment|intelligent equipment|biomedic\w*|biopharma\w*|medical devices?|medical equipment|高端装备|智能装备|精密装备|生物医药|医疗器械|医疗设备)/;

export function judgeIndustry(industryField: string, details: string, profile: CompanyProfile): IndustryFinding {
  const field = industryField.trim();
  const source = field || details.trim();
  if (!source) return { optionId: "none", source: "" };
  const whole = norm(source).replace(MASKS, " ");
  // "High-end equipment (semiconductor wafer robots)": a field that starts by naming an expansion
  // category says what they make; the bracket only says for whom.
  const lead = whole.replace(/[(（][^)）]*[)）]/g, " ").trim();
  const category = CATEGORY_FIRST.exec(lead);
  const bracketSaysActivity = ACTIVITY.test((whole.match(/[(（][^)）]*[)）]/g) ?? []).join(" "));
  const text = category && !bracketSaysActivity && findKeyword(category[0], profile.expansionIndustries.keywords) ? lead : whole;
  const core = findKeyword(text, profile.coreIndustries.keywords);
  if (core) return { optionId: "core", keyword: core, source };
  const exp = findKeyword(text, profile.expansionIndustries.keywords);
  if (exp) return { optionId: "expansion", keyword: exp, source };
  return { optionId: "none", source: field };
}
