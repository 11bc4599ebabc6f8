/**
 * projectScale: the size of the potential order. A stated machine count decides (8+ large,
 * 1–7 standard, one trial unit small); a stated value of CNY 3M or more is large; samples
 * or an inquiry without a quantity are small; no purchase (spam, sellers, job seekers) or
 * no information is none.
 */
import type { MachineCount } from "./quantity";
import { junkKind } from "./junk";
import { norm } from "./text";

export type ScaleTier = "large" | "standard" | "small" | "none";

export const LARGE_MACHINES = 8;
export const LARGE_VALUE_CNY = 3_000_000;

const TRIAL = /(试用|试机|试一台|先买\s*(1|一)\s*台|样机|评估机|验证机|trial|try (it )?out|evaluation unit|pilot unit|demo unit|test unit|to test first)/i;

// Details that only record how we got the contact — a scanned badge, a business card, a list — and say no
// conversation took place carry no purchase information.
const CONTACT_ONLY = /(badge[- ]?scan|scanned (their |the |a )?badge|business cards?|exchanged cards|card exchange|(no|without) (real )?(conversation|discussion|talk|contact)|didn'?t (talk|speak|chat)|never (talked|spoke)|名片|扫(了)?(码|胸牌|工牌|证)|胸牌|(没|没有|未)(有)?(交流|沟通|聊|谈|说上话))/i;
const ASKED = /(问|询|要|需|想|买|采购|报价|价格|方案|样|ask|need|want|buy|purchas|quot|pric|proposal|sample|interest|request|looking for|inquir|enquir)/i;

export interface ScaleFinding {
  tier: ScaleTier;
  evidence: string;
}

export function judgeScale(details: string, interaction: string, count: MachineCount | undefined, value: number | undefined): ScaleFinding {
  const text = `${details}\n${interaction}`.trim();
  if (!details.trim() && !/(报价|询价|quote|price|价格|方案|proposal|咨询|inquir|enquir|打样|sample)/i.test(interaction)) return { tier: "none", evidence: "" };
  if (junkKind(text)) return { tier: "none", evidence: details.trim() };
  if (!count && CONTACT_ONLY.test(details) && !ASKED.test(details.replace(CONTACT_ONLY, " "))) return { tier: "none", evidence: details.trim() };
  if (count) {
    if (count.max >= LARGE_MACHINES || (value ?? 0) >= LARGE_VALUE_CNY) return { tier: "large", evidence: count.text };
    if (count.max <= 1 && TRIAL.test(norm(text))) return { tier: "small", evidence: count.text };
    return { tier: "standard", evidence: count.text };
  }
  if ((value ?? 0) >= LARGE_VALUE_CNY) return { tier: "large", evidence: details.trim() };
  return { tier: "small", evidence: details.trim() };
}
