/**
 * purchasePlan: a specific date, month or quarter within the next 12 months → deadline;
 * "next year", a half-year, a far date, an explicitly undecided or tentative time →
 * preliminary; no plan, only collecting information, or nothing said about timing → none.
 */
import { findTimes, type TimeRef } from "./dates";
import { clauses, norm } from "./text";

const VAGUE = /(大概|大约|可能|也许|或许|吧|看情况|视情况|看订单|待定|初步|不一定|maybe|perhaps|possibly|probably|might|tentative|hopefully|or later|if all goes well|depending|depends)/i;
// A bare "no timeline" / "no date" / "没有时间表" says nothing about timing (none); "no timeline yet",
// "no fixed date", "暂无时间表", "时间没定" say the time is still open (preliminary).
const UNDECIDED = /((再|后|以后)(定|决定|确定|说)|(采购|购买|下单|买|立项|时间|什么时候)[^，,。]{0,8}(要|还要|得|需)等[^，,。]{0,6}(拍板|批准|审批|批下来)|(时间|什么时候|何时|日期)[^，,。]{0,6}(说不准|说不好|不好说)|看[^，,。]{0,8}再定|(时间|什么时候|何时|采购|下单|timing)[^，,。]{0,4}(要看|得看|取决于|视)[^，,。]{0,12}(定下来|确定|决定|而定)|(?<!(调试|验收|安装|交付|交货|培训|约个|约|会议|开会))(时间|什么时候|何时|采购时间|下单时间)[^，,。]{0,2}(要看|得看|看|取决于|视)(?!一下)[^，,。]{0,10}(订单|项目|情况|客户|需求|进度|预算)|(no|without) ([a-z]+ ){0,3}(timeline|timeframe|time ?frame|schedule|date|timing)s? (set |fixed |decided |agreed )?yet|(timeline|timing|date|schedule)s? (is |are )?(still )?(open|pending|tbd|unclear|uncertain)|(暂|还|尚)(无|没有?)(具体)?(时间表|时间|日期)|时间(还|暂|都)?(没|未|不)(定|确定)|(还|暂|都)?(没|未)(定|确定)(具体)?(时间|日期)?|未定|待定|没定|不确定|时间不确定|时间未知|看订单情况|not (yet )?(fixed|decided|set|confirmed|scheduled)|undecided|tbd|to be (decided|determined|confirmed)|no (fixed|firm|set|definite|exact|confirmed|concrete) (timeline|timeframe|time ?frame|schedule|date)|timing (is )?open|open timing|no timing|timing not|time not|later phase|someday|at some point)/i;
// "先问问能不能做", "了解一下": a first question, which yields to a tentative time stated elsewhere;
// "只是问问", "暂无采购计划", "just collecting information" mean no plan whatever else is said.
const ASKING_FIRST = /(先收集报价|收集报价|collecting (quotes|prices|offers)|先了解|了解一下|了解下|问问|first (want to |wanted to )?(ask|check|see|find out)|asking (first|whether|if)|feasibility)/i;
const COLLECTING = /(只是收集报价|just collecting (quotes|prices|offers)|只是了解|只是问问|随便问问|随便看看|收集(信息|资料)|暂无(采购)?计划|没有(采购)?计划|无(采购)?计划|暂不采购|暂时不买|不打算|just (getting|collecting|gathering) (info|information)|collecting information|gathering information|information only|just looking|just browsing|no (purchase |buying )?plans?|not planning|no project|no immediate (need|plan)|research only)/i;
// "No timeline given", "没说采购时间": timing not stated at all — nothing said, not an undecided plan.
const NOT_SAID = /((^|[^a-z])(no|without) (budget (or|and|,|nor) )?(timeline|timeframe|time ?frame|schedule|date|timing|deadline)s?\b(?! (yet|set|fixed|decided))|(no|without) ([a-z]+ ){0,2}(timeline|timeframe|time ?frame|schedule|date|timing|deadline)s? (was |were )?(given|provided|mentioned|stated|specified|shared|indicated|disclosed)|(timeline|timing|schedule|date|deadline) (was |is )?(not|never) (given|provided|mentioned|stated|specified|shared|indicated|disclosed)|(没|未|没有)(说|提|讲|给|透露|告知)(过|到|及|明)?(采购|具体|交货|上线)?(时间|日期|计划)|时间(未|没)(提|说|透露|告知))/i;
const TIMING_WORD = /(时间|计划|采购|下单|上线|投产|量产|交付|到位|安装|timeline|timing|schedule|time|when|plan|order|purchase|deliver|install|sop|go-live|launch|start)/i;

export type PlanTier = "deadline" | "preliminary" | "none";

export interface PlanFinding {
  tier: PlanTier;
  evidence: string;
  time?: TimeRef;
}

const NOT_TIME_SUBJECT = /(预算|budget|价格|price|数量|台数|套数|几台|批量|要不要|型号|机型|供应商|厂家|品牌|supplier|vendor|brand|规格|配置|quantity|how many|number of (units|machines)|more units|volume|model|spec)/i;
// "a video call next week", "下周来厂看机", "周五前回复报价", "respond by 5 Dec": the time of a meeting,
// a visit or a reply, not of the purchase. Only that short phrase is masked; the rest is read as usual.
const SOON = String.raw`(?:next week|this week|tomorrow|later today|(?:on |this |next )?(?:mon|tues|wednes|thurs|fri|satur|sun)day|(?:by|before) (?:\d{1,2} [a-z]{3,9}|[a-z]{3,9} \d{1,2}|(?:mon|tues|wednes|thurs|fri)day))`;
const MEETING_TIME = new RegExp(
  String.raw`\b(?:video call|conference call|(?:a |the )call|meeting|visit|demo|webinar|walk-?through)\b[^,.;!?]{0,24}?\b${SOON}|\b(?:respond|reply|answer|get back|send (?:the |a )?(?:quote|proposal))\w*\s+${SOON}|(?:下周|本周|这周|明天|后天|周[一二三四五六日天]|星期[一二三四五六日天])[^，,。;；]{0,6}?(?:开会|视频|会议|来厂|到厂|参观|拜访|看机|演示|通话)|(?:下周|本周|这周|明天|后天|周[一二三四五六日天]|星期[一二三四五六日天])前?[^，,。;；]{0,3}(?:回复|答复|给报价|出报价|报价|发方案)`,
  "gi",
);
const ABOUT_OTHER = /(好用|效果|试用|用得好|后面|后续|数量|再加|批量|more units|results?|trial|outcome|performance)/i;
const TENTATIVE_BUY = /(\b(might|may) (then )?(buy|purchase|order)\b|\b(will|would) (then )?(buy|purchase|order) (if|once|after)\b|\b(buy|purchase|order)\w* (if|once|after|when) (the )?(results?|samples?|trial|test)|(效果|打样|测试|试用)[^，,。]{0,6}(好|ok|满意|通过|可以)[^，,。]{0,4}(就|再)?(买|采购|下单)|(?<!不|没|没有|未|不再)考虑(采购|购买)(?!过)|(?<!不)可能(会)?(买|采购|下单))/i;
const TIME_ASKED = /(什么时候|何时|哪个月|时间|when|timeline|timing)/i;
const TIME_WORDS = /(时间|日期|时候|工期|交期|进度|timeline|timing|time|date|when|schedule)/i;

export function judgePlan(text: string, now: Date): PlanFinding {
  const parts = clauses(text);
  const times = findTimes(text.replace(MEETING_TIME, " "), now);
  const timingClauses = parts.filter((c) => findTimes(c, now).length > 0 || TIMING_WORD.test(c));
  const vague = timingClauses.find((c) => VAGUE.test(norm(c)) && (findTimes(c, now).length > 0 || UNDECIDED.test(norm(c)) || /时间|timeline|timing|schedule/i.test(c)));
  // "预算暂未确定" is about money, not timing.
  // "请问需要几台？" — "还没定": in a pasted chat, an answer speaks of the question before it.
  const aboutOther = (c: string) => NOT_TIME_SUBJECT.test(c) && !/(时间|timeline|timing|schedule|date)/i.test(c);
  // "要看打样效果再说" says nothing of time; "明年下半年再说" or "采购再说" does.
  // ("等招标再说" waits for a step, "什么时候买再说" speaks of time: both stay undecided.)
  const laterOnly = (c: string) => /看[^，,。]{0,12}再说/.test(c) && !UNDECIDED.test(norm(c).replace(/再说/g, " ")) && !TIMING_WORD.test(c) && !/(年|月|季|周|星期|节|以后|之后|后面|什么时候|何时|交期|when)/.test(c) && findTimes(c, now).length === 0;
  const undecided = parts.find((c, i) => UNDECIDED.test(norm(c)) && !laterOnly(c) && !NOT_SAID.test(norm(c)) && !aboutOther(c) && !(i > 0 && /(几|多少|吗|么|how many|how much|\?|？)/i.test(parts[i - 1]) && aboutOther(parts[i - 1]) && !TIME_ASKED.test(parts[i - 1]) && !TIME_WORDS.test(c) && !/(计划|采购|下单|plan|purchase|order)/i.test(c)));
  const specific = times.filter((t) => t.specific && t.months >= 0 && t.months <= 12);
  // "好用再说，最好下个月交货": with a clear date, an open phrase that does not speak of time
  // is about something else (more units, the trial's outcome).
  const timeless = undecided !== undefined && specific.length > 0 && ABOUT_OTHER.test(undecided) && !TIME_WORDS.test(undecided) && findTimes(undecided, now).length === 0;
  if (specific.length > 0 && !vague && (!undecided || timeless)) {
    const t = specific[0];
    return { tier: "deadline", evidence: parts.find((c) => norm(c).includes(t.text)) ?? t.text, time: t };
  }
  const tentative = TENTATIVE_BUY.test(norm(text));
  const collecting = parts.find((c) => COLLECTING.test(norm(c))) ?? (undecided || vague || times.length > 0 || tentative ? undefined : parts.find((c) => ASKING_FIRST.test(norm(c))));
  if (collecting) return { tier: "none", evidence: collecting };
  // "Might buy if the result is good; no schedule", "效果好就采购": a tentative purchase with its time open.
  if (undecided || vague || times.length > 0 || tentative) {
    const t = times[0];
    const ev = undecided ?? vague ?? parts.find((c) => t && norm(c).includes(t.text)) ?? t?.text ?? "";
    return { tier: "preliminary", evidence: ev, time: t };
  }
  return { tier: "none", evidence: "" };
}
