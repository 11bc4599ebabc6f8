/**
 * interactionFrequency: contacts the customer started. Two or more within a week, or
 * continuous contact → several; one → once; only answering us, or nothing said → none.
 * Visits or meetings at our invitation are not the customer's contacts.
 */
import { NUM, norm, parseNumberWord } from "./text";

export type FrequencyTier = "several" | "once" | "none";

const RESPONDER = /(\bno (response|reply|answer)s?\b|\b(didn'?t|did not|does not|doesn'?t) (reply|respond|answer|pick up)|(replied|repl(y|ies)|responds?|responded|answers?|answered) only\b|未回复|没回|没有回复|无回复|没接|未接|从未主动|从没主动|没有主动|没主动|未主动|不主动|不会主动|被动|都是我们|(?<!(给|向|找|联系|问|催)(了|过)?)我们(联系|打|跟进|找|发)[^，,。]{0,6}(他|她|对方|客户)?|才(回复|回应|寄|回)|仅回复|只回复|只是回复|仅回应|只回应|回复了我们|never (reached|called|emailed|contacted|initiated|wrote|got in touch)|never proactive|not proactive|only (replied|responded|answered|reacted)|replied (once |twice )?to our|responded (once |twice )?to our|answered our|passive|no (inbound|proactive))/i;
// "has not contacted us directly", "没有直接联系过我们": a contact that did not happen (other contacts in the field still count).
const NO_CONTACT = /(\bnot|n't|\bnever) (yet |directly |ever )*(contacted|reached out|got in touch|been in touch|initiated|(called|e-?mailed|written to|wrote to|messaged) us)|\bno (direct |inbound )?contact\b(?! other)|(没有?|未曾?|从没|不曾)(直接|亲自)?(联系|来电|打过|打电话|咨询|询价|找过)/g;
const SEVERAL = /(每周|每星期|每个星期|weekly|every week|连着[^，,。]{0,6}(问(?!题)|打|来电|联系|发|催|找)|接连[^，,。]{0,4}(来电|打|联系|发|问(?!题)|催)|好几天[^，,。]{0,4}(都|一直)?(在)?(问(?!题)|打|来电|联系|发|催|找)|(前天|昨天|今天)\s*(和|、|及|跟|与)\s*(昨天|今天)[^，,。]{0,4}(各|都)[^，,。]{0,4}(打|来电|联系|发|问(?!题)|电话|邮件|微信)|(called|emailed|wrote|messaged|contacted us) (both )?yesterday and today|(好几|几|多|数)\s*(次|封|通|个电话|条|回|趟)|反复|频繁|连续|持续|不断|每天|天天|经常|三番五次|一直在?(联系|催|问)|催了|several|multiple|many times|repeatedly|continuous|constantly|daily|every day|frequent|twice|again and again|follow(ed)? up (several|many|daily)|(又|再次|再一次)[^，,。]{0,4}(打|来|发|问|催|联系|咨询|留言|致电|找|加)|(called|rang|phoned|e-?mailed|messaged|wrote|contacted us|reached out|pinged us|asked) (us )?(back )?again|(then|later|and) (also )?(called|rang|phoned|e-?mailed|messaged|wrote in|contacted us|reached out)|keeps? (calling|emailing|asking)|follow(ed|s)?[- ]up (again|twice|with (a |an |another )?(call|e-?mail|message|phone call))|(the )?(next|following) day|\b(a few|two|three|\d) days later|(隔天|次日|第二天|过两天|两天后)[^，,。]{0,4}(又|再)?(打|来|发|问|催|联系|咨询|留言|致电|找)|(?<!说[^，,。]{0,3})(隔天|次日|第二天|过两天|两天后)(?:(?!我们|我司|我方|销售)[^，,。]){0,4}(又|再)(电话|邮件|微信))/i;
// "寄板那天打了个电话", "来过一通电话", "gave us a call when shipping the parts": one call they made.
const ONCE = /(一次|1次|单次|就这一次|唯一|(打|来|致)(了|过)?\s*(个|一个|一通|通)电话|(打|来)过电话|once|(gave|give|made|placed) (us )?an? (quick |short |phone )?(call|ring)|rang us|phoned us|called us|one ([a-z-]+ ){0,2}(time|call|email|e-mail|message|inquiry|enquiry|form|submission|request|rfq|chat|visit|note|dm|letter|fax)|one (live-?)?chat (session|conversation)|a single|single (contact|call|email|inquiry|question|message)|only contact|only direct contact)/i;
const PROACTIVE = /((?<!\b(being|been|when|after|if|unless|once|we|our \w+)\s)\bchas(ed|ing)\b(?!\s+by)|(?<!(从未|从没|没有|没|未|不会|不|无|冇|等待?|建议|希望|(我们|我司|我方|我|销售|业务员?|客服)[^，,。]{0,3}))主动(打(了|过)?\s*(个|一个|一通|通)?电话|来电|致电)(?![^，,。]{0,3}给?(客户|对方))|来问|问过|询问|来电|打来|打过|留言|提交|咨询|询价|发来|来信|找到我们|联系了我们|联系我们|inbound|called|emailed|e-mailed|reached out|contacted us|wrote to us|messaged|submitted|inquired|enquired|got in touch|asked)/i;
const COUNT_RE = new RegExp(String.raw`(?<![a-z])(${NUM})\s*(?:[a-z-]+\s+){0,2}(?:次|个电话|通电话|封(?:邮件)?|条(?:消息|留言|微信|信息|短信)|条(?![^，,。]{0,3}线)|回|times?|calls?|e-?mails?|messages?|inquir(?:y|ies)|enquir(?:y|ies)|chats?|contacts?|forms?|submissions?|rfqs?)`, "gi");
const LONG_SPAN = /(月|季度|年|months?|quarters?|years?|\b(jan(uary)?|feb(ruary)?|march|april|june|july|aug(ust)?|sept?(ember)?|oct(ober)?|nov(ember)?|dec(ember)?)\b)/i;
// "隔了两周", "two weeks apart": the contacts were not within one week.
const APART = /((隔|相隔|间隔)(了)?\s*([一二两三四五六七八九十几多半\d]+)\s*(个)?(周|星期|礼拜|月)|\b(\d+|two|three|four|several|a few|a couple of)\s+(weeks?|months?)\s+apart|\b(a|one)\s+months?\s+apart|weeks apart)/i;
const OUR_OUTREACH = /(我们|我司|(?<!客户的?|对方的?)销售|业务员?|客服|\bwe\b|\bour (sales|team|rep|engineer)s?\b)[^,，]{0,8}(打|联系|致电|拜访|回访|加|call|phon|rang|e-?mail|contact|reach|messag|visit)/i;
// "微信找了我们三次", "给我们打了两次电话", "emailed us twice": "us" is whom they contacted.
const TO_US = /((找|联系|打给|致电|(?<!访)问|催|发给|留言给|私信|加)(了|过)?\s*(我们|我司)|(给|向)(我们|我司)[^，,。]{0,4}(打|发|来|留言|咨询|询|写)|\b(called|rang|phoned|e-?mailed|messaged|contacted|pinged|texted|wrote to|reached out to|chased)\s+(us|our)\b)/i;
// A reply to us ("客户回复了一次", "接了一次"), or a contact promised for later ("说下周会再联系我们"), is not one they started.
// Parts about our side: "我们…", "销售打了两次", "客服回访".
const OUR_SIDE = /(我们|我司|我方|(?<!客户的?|对方的?)销售(?!额|部的?[^，,。]{0,4}(来电|打来))|业务员|(?<!在线|官网|网站|网页)客服(?!咨询|问|里|上|窗口|对话|系统|平台|留言)|加了?(客户|对方|他|她)的?(微信|whatsapp|联系方式)|\bwe\b|\bour\b|\bus\b)/;
const REPLY = /(回复|回应|回了|接了|接听|答复|replied|responded|answered|picked up|got back to)/i;
const FUTURE = /((会|将会?|打算|准备|说[^，,。]{0,6}(再|会))[^，,。]{0,4}(再)?(联系|来电|打|发|找|回复)|\bwill (call|contact|e-?mail|get back|reach out|be in touch))/i;
const STARTED = /(主动|来电|打来|打过|打了|留言|提交|发来|来信|来函|催|询价|咨询|问|找|called|rang|phoned|e-?mailed|messaged|contacted|reached out|wrote|submitted|inquired|enquired|asked)/i;
const EARLIER = /(上个?月|上上周|去年|前年|(\d+|[一二两三四五六七八九十几半]+)\s*个?(月|多月)前|last (month|year)|(a|one|two|three|\d+|a few|several) months? ago|earlier this year)/i;
const RECENT = /(这周|本周|这个星期|这星期|这礼拜|昨天|今天|前天|this week|yesterday|today)/i;
const WEEK_SPAN = /(周|星期|天|日|week|days?|今天|昨天|this week)/i;

export interface FrequencyFinding {
  tier: FrequencyTier;
  evidence: string;
}

// Contacts on two or more named days of one week ("email Mon, call Wed", "周二、周四各打了一次",
// "20号、22号各来电一次") or "on 3 different days" are several contacts within a week.
const WEEKDAY_EN = /\b(mon|tue|tues|wed|wednes|thu|thur|thurs|fri)(?:day|\.)?\b|\b(satur|sun)day\b/g;
const WEEKDAY_ZH = /(?<![一两二三四五六七八九十几每多数])(?:周|星期|礼拜)([一二三四五六日天1-7])((?:\s*[、,，和及与跟/]\s*(?:周|星期|礼拜)?[一二三四五六日天1-7](?![次个天点号日月年]))*)/g;
const MONTH_NAME = String.raw`jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?`;
const MONTHS = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];
const MONTH_DAY = new RegExp(String.raw`(?:(\d{1,2})\s*月\s*)?(\d{1,2})\s*[号日](?!本|元)|\b(\d{1,2})(?:st|nd|rd|th)\b|\b(\d{1,2})\/(\d{1,2})\b|\b(${MONTH_NAME})\.?\s+(\d{1,2})\b|\b(\d{1,2})\s+(${MONTH_NAME})\b|\b20\d{2}-(\d{1,2})-(\d{1,2})\b`, "g");
const SPREAD = new RegExp(String.raw`(${NUM})\s*(?:different|separate|distinct|consecutive)\s+days|on\s+(${NUM})\s+days|(?:分|在)\s*(${NUM})\s*(?:个)?(?:不同的?)?(?:天|日)|(${NUM})\s*(?:个)?(?:不同的?)?(?:天|日)(?:里|内)?(?:都|各|分别)`, "i");

// "20, 21 and 24 Nov", "11月20、21、24日": several days of one month.
const DAY_LIST = new RegExp(String.raw`\b(\d{1,2})((?:\s*(?:,|and|&)\s*\d{1,2}\b)+)\s*(?:(?:st|nd|rd|th)\s+)?(?:of\s+)?(${MONTH_NAME})\b|(?:(\d{1,2})\s*月\s*)(\d{1,2})((?:\s*(?:[、,，和及]|&)\s*\d{1,2})+)\s*[号日]|()(\d{1,2})((?:\s*(?:[、,，和及]|&)\s*\d{1,2})+)\s*[号日](?=\s*(?:各|分别|都)?\s*(?:来电|打|联系|发|问|催|留言|致电|电话|邮件|微信))`, "gi");

/** The days contacts are dated on, as sorted ordinals (month × 31 + day), distinct. */
function datedDays(t: string): number[] {
  // Dates as (month, day); a day without a month is taken to be in the same month as the others.
  // A deadline ("12月5日前", "by Dec 5") is no contact date.
  const dates = [...t.matchAll(MONTH_DAY)]
    .filter((m) => !/^\s*(前|之前|以前)/.test(t.slice((m.index ?? 0) + m[0].length)) && !/(by|before|until|due)\s*$/i.test(t.slice(Math.max(0, (m.index ?? 0) - 8), m.index)))
    .map((m) => {
      // Groups: 1 month 2 day (3月5日) · 3 day (5th) · 4 month 5 day (3/5) · 6 name 7 day · 8 day 9 name · 10 month 11 day (ISO).
      if (m[2] !== undefined) return { month: m[1] !== undefined ? Number(m[1]) - 1 : -1, day: Number(m[2]) };
      if (m[5] !== undefined) return { month: Number(m[4]) - 1, day: Number(m[5]) };
      if (m[6] !== undefined) return { month: MONTHS.indexOf(m[6].slice(0, 3)), day: Number(m[7]) };
      if (m[9] !== undefined) return { month: MONTHS.indexOf(m[9].slice(0, 3)), day: Number(m[8]) };
      if (m[10] !== undefined) return { month: Number(m[10]) - 1, day: Number(m[11]) };
      return { month: -1, day: Number(m[3]) };
    })
    .filter((d) => d.day >= 1 && d.day <= 31);
  for (const m of t.matchAll(DAY_LIST)) {
    const days = `${m[1] ?? m[5] ?? m[8]}${m[2] ?? m[6] ?? m[9]}`.match(/\d{1,2}/g) ?? [];
    const month = m[3] ? MONTHS.indexOf(m[3].toLowerCase().slice(0, 3)) : m[4] ? Number(m[4]) - 1 : -1;
    for (const d of days) if (Number(d) >= 1 && Number(d) <= 31) dates.push({ month, day: Number(d) });
  }
  const known = dates.find((d) => d.month >= 0)?.month ?? 0;
  const ordinal = (d: { month: number; day: number }) => (d.month >= 0 ? d.month : known) * 31 + d.day;
  const distinct = [...new Set(dates.map(ordinal))].sort((a, b) => a - b);
  return distinct;
}

function namedDays(t: string): boolean {
  const days = new Set<string>();
  for (const m of t.matchAll(WEEKDAY_EN)) days.add((m[1] ?? m[2]).slice(0, 2));
  for (const m of t.matchAll(WEEKDAY_ZH)) {
    days.add(m[1]);
    for (const d of (m[2] ?? "").match(/[一二三四五六日天1-7]/g) ?? []) days.add(d);
  }
  if (days.size >= 2) return true;
  if (datedDays(t).some((d, i, all) => i > 0 && d - all[i - 1] <= 7)) return true;
  const s = t.match(SPREAD);
  const n = s ? parseNumberWord(s[1] ?? s[2] ?? s[3] ?? s[4]) : NaN;
  return n >= 2;
}

// "called 2x": a count written as a multiplier.
const TIMES_X = /(?<![\w.])(\d)\s*[x×](?![a-z\d])/gi;
// "寄样+主动来电一次", "called + wechat msgs": contacts of different kinds listed together.
const CONTACT_ACT = /(寄样|索样|要样|来电|电话|邮件|微信|留言|询价|询过价|咨询|来访|来过|call|e-?mail|wechat|whatsapp|msgs?|messages?|sample|visit)/i;
const CONTACT_ACTS = new RegExp(CONTACT_ACT.source, "gi");

function countContacts(t: string): number {
  let total = 0;
  for (const m of t.matchAll(COUNT_RE)) {
    const n = parseNumberWord(m[1]);
    if (Number.isFinite(n) && n < 100) total += n;
  }
  for (const m of t.matchAll(TIMES_X)) total += Number(m[1]);
  const listed = t.split(/\s*[+＋]\s*/);
  if (listed.length >= 2) total = Math.max(total, listed.filter((p) => CONTACT_ACT.test(p)).length);
  return total;
}

// "等待客户主动来电", "建议主动联系", "waiting for them to call": a contact hoped for, not made.
const WAITING = /^[^，,。]{0,4}(等待|等着|等客户|待客户|建议|期待|希望客户|waiting for|wait for|expect(ing)? (them|the customer|the client) to)/i;

function classify(text: string): FrequencyTier | undefined {
  const all = norm(text);
  if (WAITING.test(all) && countContacts(all) === 0 && !/(已|了|过|called|emailed|contacted)/i.test(text)) return "none";
  // "客户来电一次，之后我们回访两次": our own follow-ups are not the customer's contacts.
  // "on 3, 5 and 8 Nov": a list of days stays in one part.
  const parts = all.replace(/(\d)\s*[,，、]\s*(?=\d)/g, "$1 & ").split(/[,，;；。.、]|\bthen\b|之后|然后/).filter((p) => p.trim());
  const theirs = parts.filter((p) => !OUR_SIDE.test(p) || TO_US.test(p) || /(客户|对方|他们|customer|client|they|he|she)[^,，]{0,6}(主动|来电|打来|联系|called|emailed|reached)/.test(p));
  // Every part is about our side ("we called them", "销售打了一次电话，又加了客户微信"): none of it is theirs.
  if (theirs.length === 0 && parts.some((p) => OUR_OUTREACH.test(p))) return "none";
  // "提交表单一次，之后都是我们跟进", "客户来电一次，之后只回复我们的邮件": a contact they started
  // stands, whatever we did after it. Without one ("我们发了三封邮件，客户回复了一次"), a responder's
  // wording anywhere makes them passive.
  const started = theirs.filter((p) => !RESPONDER.test(p) && !REPLY.test(p) && !FUTURE.test(p) && (STARTED.test(p) || TO_US.test(p)));
  const kept =
    started.length > 0 && theirs.length < parts.length ? started.join("，")
    : theirs.length > 0 && theirs.length < parts.length && !RESPONDER.test(all) ? theirs.join("，")
    : all;
  const t = kept.replace(NO_CONTACT, " ");
  if (!t.trim()) return undefined;
  if (t !== kept && !PROACTIVE.test(t) && !ONCE.test(t) && !SEVERAL.test(t) && countContacts(t) === 0) return "none";
  const positiveProactive = /主动/.test(t.replace(/(从未|从没|没有|没|未|不会|不)主动/g, ""));
  if (RESPONDER.test(kept) && !positiveProactive) return "none";
  const n = countContacts(t);
  if (namedDays(t)) return "several";
  const several = SEVERAL.test(t) || n >= 2;
  // "3月5日来电，4月8日又来电": dated contacts, none within a week of another.
  const dated = datedDays(t);
  if (several && dated.length >= 2 && !dated.some((d, i) => i > 0 && d - dated[i - 1] <= 7)) return "once";
  if (several) {
    // Two contacts spread over months are not "several within a week" unless continuous.
    const continuous = /(连续|持续|不断|(?<!不是|不)(每天|天天)|continuous|constantly|每周|weekly|(?<!\bnot\s|\bno\s|n't\s)(daily|every day))/i.test(t);
    // A month named in a date ("24 and 25 Nov", "11月3日") dates contacts; it is no span of months.
    if (LONG_SPAN.test(t.replace(MONTH_DAY, " ").replace(DAY_LIST, " ")) && !WEEK_SPAN.test(t) && !continuous) return "once";
    if (APART.test(t) && !continuous) return "once";
    // "上个月来过一次电话，这周又发了一次微信": one contact weeks ago and one this week are not several within a week.
    // Only when the earlier time dates a contact ("公司去年成立" does not), and this week holds one contact
    // ("这周打电话又发邮件催报价" holds two).
    const recentAt = t.search(RECENT);
    const earlier = recentAt > 0 ? t.slice(0, recentAt).match(EARLIER) : null;
    if (earlier && CONTACT_ACT.test(t.slice(earlier.index ?? 0, recentAt)) && !continuous) {
      const recent = t.slice(recentAt);
      const acts = recent.match(CONTACT_ACTS)?.length ?? 0;
      if (countContacts(recent) <= 1 && acts <= 1 && !SEVERAL.test(recent.replace(/(又|再次|再一次|\bagain\b)/g, " "))) return "once";
    }
    return "several";
  }
  if (ONCE.test(t) || n === 1) return "once";
  if (PROACTIVE.test(t)) return "once";
  return undefined;
}

export function judgeFrequency(frequencyField: string, interaction: string, details: string): FrequencyFinding {
  const field = frequencyField.trim();
  // A bare number in the frequency box is the number of their contacts ("1", "3").
  const bare = /^(\d{1,2})$/.exec(field);
  if (bare && !RESPONDER.test(norm(`${interaction}\n${details}`))) return { tier: Number(bare[1]) >= 2 ? "several" : Number(bare[1]) === 1 ? "once" : "none", evidence: field };
  const fromField = classify(field);
  if (fromField) return { tier: fromField, evidence: field };
  if (field) {
    // A field that says something we cannot read as a contact ("N/A", "见上") falls through to the details.
    // …but not a "没有" that asks a question ("确认样品收到没有").
    if (/((^|[\s,，;；])(无|没有|暂无|none|no|never)([\s,，;；。.]|$)|^\s*0\s*$|(没有|没|无|冇|未曾?|从未|从没|并未)(主动)?(联系|来电|互动|打过|找过|来往))/i.test(field)) return { tier: "none", evidence: field };
  }
  for (const text of [interaction, details]) {
    const t = norm(text).replace(NO_CONTACT, " ");
    if (!t.trim()) continue;
    if (RESPONDER.test(norm(text)) && !/主动/.test(t.replace(/(从未|从没|没有|没|未|不)主动/g, ""))) continue;
    if (SEVERAL.test(t) && /(主动|来电|电话来|打来|called|emailed|contacted|reached out|催)/i.test(t)) return { tier: "several", evidence: text.trim() };
    if (/(主动|打来|来电|(?<!(销售|业务员?|我们|我司|回访时?|跟进时?)[^，,。]{0,3})打[^，,。]{0,6}电话[^，,。]{0,2}问|留言|提交了?表单|发来|来信|来函|called us|(called|rang) our (hotline|number|office|switchboard|sales line)|emailed us|e-mailed us|reached out|contacted us|wrote to us|messaged us|wrote in|submitted (a|the|our) (web )?form)/i.test(t)) return { tier: "once", evidence: text.trim() };
  }
  return { tier: "none", evidence: field };
}
