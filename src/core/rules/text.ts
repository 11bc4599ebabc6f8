/**
 * Text helpers shared by the rule modules: width folding, Chinese numerals, keyword
 * matching that respects English word starts, clause splitting and evidence quotes.
 */
import { SIMPLIFIED, TRADITIONAL } from "./traditional.generated";

/** Full-width ASCII → half-width, so "１２台" and "（EMS）" parse like "12台" and "(EMS)". */
// Numerals as cheques and contracts write them ("叁佰贰拾万").
const FINANCIAL_DIGITS: Record<string, string> = { 壹: "一", 贰: "二", 貳: "二", 叁: "三", 參: "三", 肆: "四", 伍: "五", 陆: "六", 陸: "六", 柒: "七", 捌: "八", 玖: "九", 拾: "十", 佰: "百", 仟: "千" };

export function foldWidth(text: string): string {
  return text
    .replace(/[\uFF01-\uFF5E]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .replace(/\u3000/g, " ")
    // Only a run of them: a lone 陆 or 伍 is a word or a name ("大陆", "队伍", "陆经理").
    .replace(/[壹贰貳叁參肆伍陆陸柒捌玖拾佰仟零]{2,}/g, (run) => run.replace(/[^零]/g, (c) => FINANCIAL_DIGITS[c] ?? c));
}

/** Lower-cased, width-folded text for matching. */
export function norm(text: string): string {
  return foldWidth(text).toLowerCase();
}

const CN_DIGIT: Record<string, number> = { 零: 0, 〇: 0, 一: 1, 二: 2, 两: 2, 俩: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 };
const CN_UNIT: Record<string, number> = { 十: 10, 百: 100, 千: 1000 };

/** Value of a Chinese numeral such as 两, 十二, 三百五十, 一千二百, 2千 (digits may mix in). NaN when not a numeral. */
export function parseChineseNumber(s: string): number {
  if (!s) return NaN;
  if (/^\d+(\.\d+)?$/.test(s)) return Number(s);
  let total = 0;
  let section = 0;
  let digit: number | null = null;
  let i = 0;
  while (i < s.length) {
    const ch = s[i];
    const m = s.slice(i).match(/^\d+(\.\d+)?/);
    if (m) {
      digit = Number(m[0]);
      i += m[0].length;
      continue;
    }
    if (ch in CN_DIGIT) digit = CN_DIGIT[ch];
    else if (ch in CN_UNIT) {
      section += (digit ?? 1) * CN_UNIT[ch];
      digit = null;
    } else if (ch === "万" || ch === "亿") {
      const mult = ch === "万" ? 1e4 : 1e8;
      total = (total + section + (digit ?? 0)) * mult;
      section = 0;
      digit = null;
    } else return NaN;
    i++;
  }
  return total + section + (digit ?? 0);
}

const EN_NUMBERS: Record<string, number> = {
  a: 1, an: 1, one: 1, single: 1, two: 2, couple: 2, pair: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10,
  eleven: 11, twelve: 12, fifteen: 15, twenty: 20, thirty: 30, forty: 40, fifty: 50, dozen: 12, several: 3, few: 3,
};

/** A number written as digits ("1,200", "2.5"), an English word or a Chinese numeral. NaN otherwise. */
export function parseNumberWord(s: string): number {
  const t = s.trim().toLowerCase().replace(/,(?=\d{3}\b)/g, "");
  if (/^\d+(\.\d+)?$/.test(t)) return Number(t);
  if (t in EN_NUMBERS) return EN_NUMBERS[t];
  if (/^half an? dozen$/.test(t)) return 6;
  return parseChineseNumber(t);
}

/** Pattern source matching one number token: digits (with thousands commas), a Chinese numeral, or an English number word. */
export const NUM = String.raw`(?:\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?|[零〇一二两俩三四五六七八九十百千]+|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|half a dozen|a|an|single|couple of|pair of|dozen)`;

const isAsciiWordChar = (c: string | undefined): boolean => !!c && /[a-z0-9]/i.test(c);

/**
 * Does `text` (already normalized) contain `keyword`? Chinese keywords match anywhere;
 * English keywords must start at a word start, and short ones (under 5 letters, e.g.
 * "ems", "smt", "pack") must also end at a word end (a plural "s" allowed), so "systems"
 * is not EMS and "packaging" is not a battery pack, while stems like "dispens" still match.
 */
export function hasKeyword(text: string, keyword: string): boolean {
  const kw = keyword.toLowerCase();
  if (!kw) return false;
  if (!/[a-z0-9]/.test(kw)) return text.includes(kw);
  let from = 0;
  for (;;) {
    const i = text.indexOf(kw, from);
    if (i < 0) return false;
    from = i + 1;
    if (isAsciiWordChar(text[i - 1]) && /^[a-z0-9]/.test(kw)) continue;
    const after = text[i + kw.length];
    if (kw.length < 5 && /[a-z0-9]$/.test(kw) && isAsciiWordChar(after)) {
      if (!(after === "s" && !isAsciiWordChar(text[i + kw.length + 1]))) continue;
    }
    return true;
  }
}

/** The first keyword of the list the text contains, or undefined. */
export function findKeyword(text: string, keywords: readonly string[]): string | undefined {
  return keywords.find((k) => hasKeyword(text, k));
}

/** Split into clauses at sentence and clause punctuation (Chinese and English) and newlines. */
export function clauses(text: string): string[] {
  return foldWidth(text)
    // Spaces between Chinese phrases, or between Chinese and an English word, separate phrases as a
    // comma would ("要8台 预算每台35w 明年3月", "全自动 lid attach"); "需要 3 台" stays one phrase.
    .split(/[。！？!?;；\n]+|[,，、](?!\d{3})|(?<!\b(?:nos?|qty|approx|mr|ms|mrs|dr|inc|co|sr|jr|vs|etc|st|no))\.(?=\s|$)|(?<=[\u4e00-\u9fff])\s+(?=[\u4e00-\u9fff]|[A-Za-z]{2})|(?<=[A-Za-z]{2})\s+(?=[\u4e00-\u9fff])/)
    .map((s) => s.trim())
    .filter((s) => s !== "");
}

/** Text cut to `max` characters (by code point) with an ellipsis, whitespace collapsed. */
export function cut(text: string, max: number): string {
  const chars = Array.from(text.replace(/\s+/g, " ").trim());
  return chars.length <= max ? chars.join("") : chars.slice(0, max - 1).join("") + "…";
}

/** Neutralize spreadsheet formula prefixes and HTML tags so they neither parse as numbers nor show in evidence. */
export function plain(text: string): string {
  return (text ?? "")
    .replace(/<[^>]{0,200}>/g, " ")
    .replace(/&nbsp;/g, " ")
    .replace(/&amp;/g, "&")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/^[=@+]+/, "")
    // A spreadsheet function pasted into a field ("=HYPERLINK(…)", "@SUM(1+1)") says nothing about the lead.
    // Only as a formula: at the start of the field or after =, @, + or - ("lump sum (RMB 600k)" is text).
    .replace(/(^|[=@+-])\s*(HYPERLINK|SUM|IMPORTXML|IMPORTDATA|IMPORTHTML|IMPORTRANGE|IMPORTFEED|WEBSERVICE|IMAGE|INDIRECT|CONCATENATE|CHAR|DDE|CMD)\((?:[^()]|\([^()]*\))*\)/g, "$1 ")
    .trim();
}

/** Is the clause around position `at` negated just before it ("没有", "never", "not", "无")? */
export function negatedBefore(text: string, at: number, window = 6): boolean {
  const before = text.slice(Math.max(0, at - window), at).replace(/有没有|是否|whether|if/g, "");
  // "不需要非标" negates; "非要来参观" insists.
  return /(没有|没|未|无|不|冇|从未|never|not|no|n't|without)\s*(需要|要|用|必要|需|搞|做|问|提|说)?\s*$|非\s*$/.test(before) || /(没有|从未|未曾|never|not|no)\b/.test(before);
}

let simplifiedOf: Map<string, string> | undefined;

/** Traditional characters folded to the simplified ones the rules are written in ("半導體" → "半导体"). */
export function toSimplified(text: string): string {
  if (!/[\u4e00-\u9fff]/.test(text)) return text;
  if (!simplifiedOf) {
    simplifiedOf = new Map();
    for (let i = 0; i < TRADITIONAL.length; i++) simplifiedOf.set(TRADITIONAL[i], SIMPLIFIED[i]);
  }
  const map = simplifiedOf;
  return text.replace(/[\u4e00-\u9fff]/g, (ch) => map.get(ch) ?? ch);
}
