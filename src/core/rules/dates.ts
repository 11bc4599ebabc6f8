/**
 * Timing expressions in a lead, each turned into "months from the day the lead arrived"
 * (0 = this month). Small hand-written parsing for the shapes sales leads use — Chinese
 * months/quarters/year-end/next year, English month names, quarters, H1/H2, ISO dates,
 * "within 3 months", SOP/go-live — instead of a large general date library.
 */
import { foldWidth, parseChineseNumber, parseNumberWord } from "./text";

export interface TimeRef {
  /** Months from now to the referenced time (may be fractional-free rounding). */
  months: number;
  /** Specific: a date, month, quarter, year-end or a short relative span. Not: a half-year or a bare year. */
  specific: boolean;
  text: string;
}

const EN_MONTHS = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];
const EN_MONTH_RE = String.raw`(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)`;

function monthsUntil(now: Date, year: number | undefined, month: number): number {
  const cur = now.getFullYear() * 12 + now.getMonth();
  let y = year ?? now.getFullYear();
  if (year === undefined && y * 12 + (month - 1) < cur) y += 1; // "6月" said in November means next June
  return y * 12 + (month - 1) - cur;
}

function yearOf(s: string | undefined, now: Date, rel?: string): number | undefined {
  if (rel) {
    if (/明年|next year|来年/.test(rel)) return now.getFullYear() + 1;
    if (/后年/.test(rel)) return now.getFullYear() + 2;
    if (/今年|this year|本年/.test(rel)) return now.getFullYear();
  }
  if (!s) return undefined;
  const n = Number(s);
  return n < 100 ? 2000 + n : n;
}

function num(s: string): number {
  const n = /^\d+$/.test(s) ? Number(s) : parseChineseNumber(s);
  return Number.isFinite(n) ? n : NaN;
}

const HOLIDAY_MONTH: Record<string, number> = { 五一: 5, 劳动节: 5, "may day": 5, 清明: 4, 清明节: 4, 端午: 6, 端午节: 6, 中秋: 9, 中秋节: 9, 国庆: 10, 国庆节: 10, "national day": 10, 双十一: 11, 双11: 11 };
const HOLIDAY = /(明年|今年|后年|来年|next year'?s?|this year'?s?)?\s*(五一|劳动节|may day|清明节?|端午节?|中秋节?|国庆节?|national day|双十一|双11)((?:假期|长假|假|节)?(?:之?前|以前|之?后|以后|前后|左右|期间|当天)|(?=\s*(?:假期|长假|放假)))?/g;

export function findTimes(raw: string, now: Date): TimeRef[] {
  // "next fiscal year" is next year for a plan's purposes.
  const text = foldWidth(raw).toLowerCase().replace(/next (fiscal|financial|budget) year|next fy\b/g, "next year");
  const out: TimeRef[] = [];
  const add = (months: number, specific: boolean, t: string) => out.push({ months, specific, text: t.trim() });
  const year = now.getFullYear();
  const month0 = now.getMonth();
  // A day earlier this month ("wrote on 16 Nov", "11月19日来参观了") is something that happened, not a plan.
  const past = (months: number, day: number | undefined) => months === 0 && day !== undefined && day < now.getDate();

  // ISO-ish dates: 2026-03-15, 2026/3, 2026年3月(15日)
  for (const m of text.matchAll(/(明年|今年|后年|来年|(?:20)?(\d{2})\s*年)?\s*(\d{1,2}|[一二三四五六七八九十]{1,3})\s*月(?:份)?\s*(初|中|底|末|中旬|下旬|上旬|前|\d{1,2}\s*[日号])?/g)) {
    const mon = num(m[3]);
    if (!(mon >= 1 && mon <= 12)) continue;
    // "明年年底（12月）": a month in brackets belongs to the year named just before them.
    const bracketed = m[1] ? undefined : /(明年|来年|后年)[^，,。]{0,4}[（(]\s*$/.exec(text.slice(Math.max(0, (m.index ?? 0) - 8), m.index));
    const y = bracketed ? year + (bracketed[1] === "后年" ? 2 : 1) : yearOf(m[2], now, m[1]);
    const months = monthsUntil(now, y, mon);
    const day = /\d/.test(m[4] ?? "") ? Number(/\d{1,2}/.exec(m[4]!)![0]) : undefined;
    if (past(months, day)) continue;
    add(months, true, m[0]);
  }
  for (const m of text.matchAll(/\b(20\d{2})[-/.](\d{1,2})(?:[-/.](\d{1,2}))?\b/g)) {
    const mon = Number(m[2]);
    if (!(mon >= 1 && mon <= 12)) continue;
    const months = monthsUntil(now, Number(m[1]), mon);
    if (past(months, m[3] ? Number(m[3]) : undefined)) continue;
    add(months, true, m[0]);
  }
  // Numeric dates as Europe and the US write them: "15.05.2027", "31/08/2027", "03/15/2027", and "01/2027".
  for (const m of text.matchAll(/\b(\d{1,2})[./](\d{1,2})[./](20\d{2})\b/g)) {
    const a = Number(m[1]);
    const b = Number(m[2]);
    // Day first unless that cannot be (US "03/15/2027").
    const [day, mon] = b > 12 ? [b, a] : [a, b];
    if (!(mon >= 1 && mon <= 12 && day >= 1 && day <= 31)) continue;
    const months = monthsUntil(now, Number(m[3]), mon);
    if (months < 0 || past(months, day)) continue;
    add(months, true, m[0]);
  }
  for (const m of text.matchAll(/(?<![\d./])(\d{1,2})\/(20\d{2})\b/g)) {
    const mon = Number(m[1]);
    const months = monthsUntil(now, Number(m[2]), mon);
    if (mon >= 1 && mon <= 12 && months >= 0) add(months, true, m[0]);
  }
  // English months: "1 October", "Aug 1", "by March 2027", "end of June", "in September next year"
  for (const m of text.matchAll(new RegExp(String.raw`\b(?:\d{1,2}(?:st|nd|rd|th)?\s+(?:of\s+)?)?${EN_MONTH_RE}\b\.?(?:\s+\d{1,2}(?:st|nd|rd|th)?\b)?(?:,?\s+(20\d{2}))?(\s+next year)?`, "g"))) {
    const name = m[1];
    // "may" is also a verb: count it only with a day, a year or a time preposition.
    if (name === "may" && !/\d|by|in|before|until|end/.test(m[0] + text.slice(Math.max(0, (m.index ?? 0) - 8), m.index))) continue;
    const mon = EN_MONTHS.indexOf(name.slice(0, 3)) + 1;
    const y = m[2] ? Number(m[2]) : m[3] ? year + 1 : undefined;
    const months = monthsUntil(now, y, mon);
    const day = /\d/.test(m[0].replace(/20\d{2}/, "")) ? Number(/\d{1,2}/.exec(m[0].replace(/20\d{2}/, ""))![0]) : undefined;
    if (past(months, day)) continue;
    add(months, true, m[0]);
  }
  // The first lunar month ("正月十五前", "元宵节前"): about February.
  for (const m of text.matchAll(/正月|元宵/g)) {
    const at = m.index ?? 0;
    if (/(去年|今年|前年|上次)\s*$/.test(text.slice(Math.max(0, at - 4), at)) || /^[^，,。]{0,6}(过(?![后来完])|了)/.test(text.slice(at + m[0].length))) continue;
    add((13 - month0) % 12 || 12, true, m[0]);
  }
  // Holidays with a fixed date: "元旦前" (1 January), "before Christmas" (25 December) — unless it was last year's.
  const lastYears = (at: number, len: number) => /(去年|前年|上次|last year|last time|previous)/.test(text.slice(Math.max(0, at - 12), at + len + 12));
  for (const m of text.matchAll(/元旦|new year'?s day/g)) if (!lastYears(m.index ?? 0, m[0].length)) add(12 - month0, true, m[0]);
  for (const m of text.matchAll(/圣诞|christmas|x-?mas/g)) if (!lastYears(m.index ?? 0, m[0].length)) add((11 - month0 + 12) % 12, true, m[0]);
  // Holidays in a known month, named as a time: "五一前" (May), "明年国庆节前" (October next year),
  // "before National Day". Not a name ("张国庆"), a street ("五一路") or a holiday already past
  // ("国庆期间来厂参观过", "双十一后开始询价").
  for (const m of text.matchAll(HOLIDAY)) {
    const at = m.index ?? 0;
    const rest = text.slice(at + m[0].length).split(/[，,。;；!！?？]/)[0];
    const english = /[a-z]/.test(m[2]);
    if (english ? !/\b(before|by|after|around|until|ahead of)\s*(the\s*)?$/.test(text.slice(Math.max(0, at - 12), at)) : !m[3]) continue;
    if (lastYears(at, m[0].length) || (/(过|了|已经|已|一直|开始)/.test(rest) && !/(要|需|必须|计划|希望|争取|将|会|准备|打算|明年|下单|到位|交付|投产|上线)/.test(rest))) continue;
    add(monthsUntil(now, yearOf(undefined, now, m[1]), HOLIDAY_MONTH[m[2]]), true, m[0]);
  }
  // Calendar weeks: "week 10 of 2027", "KW 12", "CW 3/2027" — about a month each quarter of a year.
  // Not "5 kW", "6 days a week 2 shifts", "week 2 of the trial", a past week ("done in week 45") or a reply's week.
  for (const m of text.matchAll(/(?<!\d\s?|\b(a|per|each|every|one|1)\s)\b(?:week|wk|kw|cw)\s*(\d{1,2})\b(?!\s*(?:of\s+(?:the|our|their|this)|days?|hours?|shifts?|weeks?|hz|a\b|v\b))(?:\s*(?:of|\/|,)?\s*(20\d{2}))?/g)) {
    const week = Number(m[2]);
    if (week < 1 || week > 53) continue;
    const before = text.slice(Math.max(0, (m.index ?? 0) - 30), m.index);
    if (/\b(done|shipped|sent|held|was|were|finished|completed|tested|delivered)\b[^.;]{0,20}$|\b(reply|response|answer|feedback|quote|quotation)\w*\b[^.;]{0,16}$/.test(before)) continue;
    const mon = Math.min(12, Math.floor((week - 1) / 4.35) + 1);
    add(monthsUntil(now, m[3] ? Number(m[3]) : undefined, mon), true, m[0]);
  }
  // Shorthand year-quarter: "26Q4", "27Q1", "2026Q4" → 2026 Q4, 2027 Q1.
  for (const m of text.matchAll(/\b(\d{2}|20\d{2})q([1-4])\b/g)) {
    const y = m[1].length === 2 ? 2000 + Number(m[1]) : Number(m[1]);
    add(monthsUntil(now, y, Number(m[2]) * 3), true, m[0]);
  }
  // Quarters: Q3, 2027 Q1, 三季度, 第4季度, 明年一季度, 第二季 (as Taiwan writes it)
  for (const m of text.matchAll(/(明年|今年|next year|(20\d{2})\s*年?)?\s*(?:\bq([1-4])\b|第?([一二三四1-4])季度|第([一二三四1-4])季(?!节))(\s*[/-]?\s*(?:of\s+)?(?:next year|20\d{2}))?/g)) {
    const q = m[3] ? Number(m[3]) : num(m[4] ?? m[5]);
    const tail = m[6] ?? "";
    const y = m[2] ? Number(m[2]) : /next year/.test(tail) ? year + 1 : /20(\d{2})/.test(tail) ? Number(tail.match(/20\d{2}/)![0]) : yearOf(undefined, now, m[1]);
    add(monthsUntil(now, y, q * 3), true, m[0]);
  }
  if (/下(个)?季度|next quarter/.test(text)) add(3, true, "下季度");
  if (/本季度|this quarter/.test(text)) add(1, true, "本季度");
  // Year end / within this year
  for (const m of text.matchAll(/(明年|今年|next year'?s?|this year'?s?|20\d{2}\s*年?)?\s*(年底|年末|年内|年终|end of (?:the )?year|year[- ]end|by the end of (?:the |this )?year|within (?:the |this )?year)/g)) {
    const y = m[1] ? (/明年|next/.test(m[1]) ? year + 1 : /20\d{2}/.test(m[1]) ? Number(m[1].match(/20\d{2}/)![0]) : year) : year;
    add((y - year) * 12 + 11 - month0, true, m[0]);
  }
  // Relative spans: "within 3 months", "3个月内", "next month", "下个月", "下周", "两周内"
  for (const m of text.matchAll(/(\d+|[一二两三四五六七八九十半]+|one|two|three|four|five|six|eight|ten|twelve|a few|few|a couple of)\s*(?:个)?\s*(月|周|星期|天|months?|weeks?|days?)\s*(内|之内|以内|后|out\b(?!\s+of)|away\b|from now|ahead\b|hence\b)?/g)) {
    const n = m[1] === "半" ? 0.5 : /few|couple/.test(m[1]) ? 3 : /^[a-z]/.test(m[1]) ? parseNumberWord(m[1]) : num(m[1]);
    if (!Number.isFinite(n)) continue;
    const unit = m[2];
    const months = /月|month/.test(unit) ? n : /周|星期|week/.test(unit) ? n / 4 : n / 30;
    const prev = text.slice(Math.max(0, (m.index ?? 0) - 8), m.index);
    if (!(m[3] || /within|in|next|未来|接下来/.test(prev))) continue;
    add(Math.ceil(months), true, m[0]);
  }
  if (/下(个)?月|next month|(?<![\d一二三四五六七八九十])月底|end of (the |this )?month|this month|本月|下周|next week|this week|马上|立即|立刻|尽快|asap|as soon as possible|urgent|immediately|(春节|过年|农历新年|国庆)前|(?<![\d一二两三四五六七八九十几多半去今明前后上本每])年前|(before|by|ahead of|prior to) (the )?(cny|chinese new year|lunar new year|spring festival)/.test(text)) add(1, true, "soon");
  // Half years and bare years are plans, not dates.
  for (const m of text.matchAll(/(明年|今年|next year|this year)?\s*(上半年|下半年|年中|\bh1\b|\bh2\b|first half|second half|mid-year|later this year)/g)) {
    const next = m[1] && /明年|next/.test(m[1]);
    const first = /上半年|h1|first half/.test(m[2]);
    const mid = /年中|mid-year/.test(m[2]);
    const target = first ? 3 : mid ? 6 : 9; // months into the year
    const months = (next ? 12 : 0) + target - month0;
    add(Math.max(months, 0), false, m[0]);
  }
  if (/明年|next year|来年|后年|the year after/.test(text) && !out.some((t) => t.months >= 12 - month0)) add(12 - month0, false, "明年");
  for (const m of text.matchAll(/\b(20\d{2})\s*年?(?![-/.]\d|\d|月)/g)) {
    const y = Number(m[1]);
    if (y > year && !out.some((t) => t.text.includes(m[1]))) add((y - year) * 12, false, m[0]);
  }
  return out;
}
