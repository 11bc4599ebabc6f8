/**
 * projectScale: the size of the potential order. A stated machine count decides (8+ large,
 * 1–7 standard, one trial unit small); without a count, a stated value of CNY 3M or more is large; samples
 * or an inquiry without a quantity are small; no purchase (spam, sellers, job seekers) or
 * no information is none.
 */
import type { MachineCount } from "./quantity";
import { junkKind } from "./junk";
import { norm } from "./text";

export type ScaleTier = "large" | "standard" | "small" | "none";

export const LARGE_MACHINES = 8;
export const LARGE_VALUE_CNY = 3_000_000;

const TRIAL = /(试用|试机|试一台|先做验证|做验证|验证用|for (validation|verification)|先买\s*(1|一)\s*台|样机|评估机|验证机|trial|try (it )?out|evaluation unit|pilot unit|demo unit|test unit|to test first|\bto try\b|\btry (it |one |them )?(on|in|first)\b|before (deciding|committing|ordering|buying) (on |to )?more|先(买|上|拿)?(1|一)台(看看|试试)|先试)/i;

// "not a trial, replacing manual work", "不是试用": a production machine.
const NOT_TRIAL = /(\b(not|no|isn'?t|never) (a |an |for )?(trial|evaluation|demo|test)\b|(不是|并非|非|不)(先)?(试用|试机|样机))/gi;

// Details that only record how we got the contact — a scanned badge, a business card, a list — and say no
// conversation took place carry no purchase information.
const CONTACT_ONLY = /(badge[- ]?scan|scanned (their |the |a )?badge|business cards?|exchanged cards|card exchange|(no|without) (real )?(conversation|discussion|talk|contact)|didn'?t (talk|speak|chat)|never (talked|spoke)|名片|扫(了)?(码|胸牌|工牌|证)|胸牌|(没|没有|未)(有)?(交流|沟通|聊|谈|说上话))/i;
// "未沟通具体需求", "no specific need discussed": a need word that says there is none.
const NO_NEED = /((目前|暂时|现在|暂)?(未|没|没有|暂无|无)(沟通|说|提|谈|聊|讨论|交流|明确|问|填写?|留下?)?(过|了)?(任何|具体|明确)?(的)?需求|需求(不明|未知|不清楚|待定|未明)|no (specific |clear |stated |real |current |immediate )?(need|requirement|project)s?\b|no real project)/i;
const NO_NEED_ALL = new RegExp(NO_NEED.source, "gi");
const CONTACT_ONLY_ALL = new RegExp(CONTACT_ONLY.source, "gi");
const ASKED = /(问|询|要|需|想|买|(想|要|帮[^，,。]{0,4})了解(下|一下)?[^，,。]{0,12}(型号|机型|设备|点胶机|价格|方案)|有哪些(型号|机型|设备)|which (models|machines|dispensers)|what (models|machines|options)|采购|报价|价格|方案|样|ask|need|want|buy|purchas|quot|pric|proposal|sample|interest|request|looking for|inquir|enquir|question|咨询|\?|？)/i;

export interface ScaleFinding {
  tier: ScaleTier;
  evidence: string;
}

export function judgeScale(details: string, interaction: string, count: MachineCount | undefined, value: number | undefined): ScaleFinding {
  const text = `${details}\n${interaction}`.trim();
  if (!details.trim() && !/(报价|询价|quote|price|价格|方案|proposal|咨询|inquir|enquir|打样|sample)/i.test(interaction)) return { tier: "none", evidence: "" };
  if (junkKind(text)) return { tier: "none", evidence: details.trim() };
  if (!count) {
    // Asked for nothing once the "no need" and contact-record wording is set aside.
    const needless = details.replace(NO_NEED_ALL, " ");
    if (CONTACT_ONLY.test(details) && !ASKED.test(needless.replace(CONTACT_ONLY_ALL, " "))) return { tier: "none", evidence: details.trim() };
    if (NO_NEED.test(details) && !ASKED.test(needless)) return { tier: "none", evidence: details.trim() };
  }
  if (count) {
    // The spec: "a stated machine count decides" — with a count, the value plays no part.
    if (count.max >= LARGE_MACHINES) return { tier: "large", evidence: count.text };
    if (count.max <= 1 && TRIAL.test(norm(text).replace(NOT_TRIAL, " "))) return { tier: "small", evidence: count.text };
    return { tier: "standard", evidence: count.text };
  }
  if ((value ?? 0) >= LARGE_VALUE_CNY) return { tier: "large", evidence: details.trim() };
  return { tier: "small", evidence: details.trim() };
}
