/**
 * needMatch: does the need name what we sell (the profile's product keywords)? A need
 * that also asks for non-standard work — custom fixtures, integration with another
 * machine, a combined station, semi-automatic equipment — matches only partly. Buying
 * glue itself, other machines, spam and sellers are unrelated.
 */
import type { CompanyProfile } from "../rubric";
import { findKeyword, negatedBefore, norm } from "./text";
import { junkKind } from "./junk";

export type NeedTier = "high" | "partial" | "none";

// "custom" counts only for work on our machine ("custom fixture", "customized"), not for "customer",
// "customs" or the customer's own "custom firmware"; "集成电路"/"integrated circuit" is an industry.
const CUSTOM = /((非标|定制|订制|客制)(?!化?的?(固件|软件|app|pcb|电路板|线路板|芯片|asic))|特制|改造|集成(?!电路)|整合|一体|对接(?!人)|联动|兼容现有|特殊治具|特殊工装|半自动|手动点胶机|桌面式|combined|combination|all-in-one|\bcustom(i[sz]|[- ]?(made|built|design|fixture|jig|tool|machine|dispens|system|solution|station|equipment|nozzle|valve|automation|line|cell|gantry|conveyor|config|setup|carrier|pallet|integrat))|bespoke|tailor(?!ed (proposal|quot|offer))|integrat(?!ed circuit)|retrofit|non-standard|nonstandard|special fixture|semi-auto|manual dispenser|desktop dispenser|benchtop)/i;
const CONSUMABLE = /(胶水|胶粘剂|粘合剂|胶带|glue|adhesive|sealant|epoxy|胶$)/i;
const EQUIPMENT = /(机|设备|阀|系统|工作站|产线|线体|点胶|涂胶|灌胶|喷胶|dispens|machine|equipment|system|robot|valve|\bcells?\b|station|\blines?\b|automat)/i;
const BUY_CONSUMABLE = /(卖|买|采购|供应|有没有|需要|想要|求购|sell|buy|supply|purchase|source|need|looking for|want|quote for)/i;

// "全自动和半自动的区别", "upgrade from semi-auto to fully automatic": semi-auto named only to compare or replace.
const NOT_SEMI = /((全自动|fully?[- ]?auto\w*)[^，,。;]{0,12}(跟|和|与|或|还是|vs\.?|versus|or|and|against|compared (to|with))\s*(半自动|semi-?auto\w*|手动|manual)|(半自动|semi-?auto\w*|手动|manual)[^，,。;]{0,12}(跟|和|与|或|还是|vs\.?|versus|or|and)\s*(全自动|fully?[- ]?auto\w*)|(从|替换|换掉|取代|淘汰|升级|replac\w*|upgrad\w*|instead of|switch\w*)[^，,。;]{0,10}(半自动|semi-?auto\w*|手动|manual)|(半自动|semi-?auto\w*|手动|manual)[^，,。;]{0,10}(换成|升级|替换|改成|改为|(to|with|by) full))/gi;
// Bonding that is not glue: wire, ultrasonic, thermocompression or hybrid bonding, 引线键合, 焊线.
const NOT_GLUE = /((wire|ultrasonic|thermo-?compression|hybrid|wafer|eutectic)[- ]?bond\w*|键合|焊线|邦定)/gi;

export interface NeedFinding {
  tier: NeedTier;
  evidence: string;
}

/** With `repeatOrder`, an existing customer reorders our machines: the need matches even when it names no product. */
export function judgeNeed(text: string, profile: CompanyProfile, repeatOrder = false): NeedFinding {
  const t = norm(text).replace(NOT_SEMI, (m) => m.replace(/半自动|semi-?auto\w*|手动|manual/g, " ")).replace(NOT_GLUE, " ");
  if (!t.trim()) return { tier: "none", evidence: "" };
  if (junkKind(t)) return { tier: "none", evidence: text.trim() };
  if (CONSUMABLE.test(t) && !EQUIPMENT.test(t) && BUY_CONSUMABLE.test(t)) return { tier: "none", evidence: text.trim() };
  const product = findKeyword(t, profile.productKeywords) ?? (repeatOrder ? text.trim() : undefined);
  if (!product) return { tier: "none", evidence: text.trim() };
  const m = t.match(CUSTOM);
  if (m && m.index !== undefined && !negatedBefore(t, m.index, 5)) return { tier: "partial", evidence: m[0] };
  return { tier: "high", evidence: product };
}
