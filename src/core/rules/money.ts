/**
 * Money amounts in lead text: "600万", "500-600万", "1.2亿", "80万元", "三十万", "5000块",
 * "EUR 450k", "USD 1.2M", "INR 5 crore", "Rs 40 lakh", "$50,000", "¥300,000", "10万美元", "RMB 1M" — converted to CNY
 * at fixed rates so grading is deterministic and works offline.
 */
import { foldWidth } from "./text";

/**
 * CNY per unit of currency. Fixed, rounded mid-2020s rates: good enough to tell whether a
 * budget covers CNY 150,000 a machine, and stable so the same lead always gets the same grade.
 */
export const CNY_RATES: Record<string, number> = {
  CNY: 1, USD: 7.2, EUR: 7.8, GBP: 9.1, JPY: 0.048, KRW: 0.0053, HKD: 0.92, TWD: 0.22, SGD: 5.3, MYR: 1.55, THB: 0.2,
  VND: 0.00028, INR: 0.086, IDR: 0.00045, PHP: 0.125, AUD: 4.7, CAD: 5.2, CHF: 8.1, SEK: 0.67, PLN: 1.8, HUF: 0.02, CZK: 0.31, MXN: 0.39, BRL: 1.3, RUB: 0.08, TRY: 0.2, AED: 1.96, SAR: 1.92,
};

/** Currency code → the words, symbols and codes that name it (lower case), packed to keep the bundle small. */
const CURRENCY_NAMES =
  "CNY:rmb,cny,人民币,元,块,¥,￥,yuan;USD:usd,us$,$,美元,美金,dollar,dollars;EUR:eur,€,欧元,euro,euros;GBP:gbp,£,英镑,pound,pounds;" +
  "JPY:jpy,日元,日币,円,yen;KRW:krw,韩元,₩,won;HKD:hkd,hk$,港币,港元;TWD:twd,ntd,nt$,台币,新台币;SGD:sgd,s$,新加坡元,新币;MYR:myr,rm,令吉,马币,ringgit;" +
  "THB:thb,泰铢,baht;VND:vnd,vnđ,越南盾,dong,đồng;INR:inr,₹,卢比,rupee,rupees,rs,rs.;IDR:idr,印尼盾,rupiah,rp,rp.;PHP:php,₱,比索,peso,pesos;AUD:aud,a$,澳元;" +
  "CAD:cad,c$,加元;CHF:chf,瑞郎,瑞士法郎;SEK:sek,瑞典克朗;PLN:pln,zł,złotych,zloty,兹罗提;HUF:huf,福林,forint;CZK:czk,kč,korun,克朗;MXN:mxn,mx$;BRL:brl,r$,雷亚尔,reais;" +
  "RUB:rub,₽,卢布,ruble,rubles;TRY:try,₺,里拉,lira;AED:aed,迪拉姆,dirham;SAR:sar,里亚尔,riyal";

let currencyIndex: Map<string, string> | undefined;

export function currencyCode(word: string | undefined): string | undefined {
  if (!word) return undefined;
  if (!currencyIndex) {
    currencyIndex = new Map();
    for (const group of CURRENCY_NAMES.split(";")) {
      const [code, names] = group.split(":");
      for (const n of names.split(",")) currencyIndex.set(n, code);
    }
  }
  return currencyIndex.get(word.trim().toLowerCase());
}

export interface Amount {
  /** Low and high ends in CNY (equal for a single figure). */
  low: number;
  high: number;
  currency: string;
  text: string;
  /** Stated per machine ("每台30万", "per unit"). */
  perUnit: boolean;
  /** Position in the searched text. */
  at: number;
}

const CUR_BEFORE = String.raw`(rmb|cny|usd|us\$|eur|gbp|jpy|krw|hkd|hk\$|twd|ntd|nt\$|sgd|s\$|myr|thb|vnd|inr|\brs\.?|idr|\brp\.?|\brm(?=\s*\d)|r\$|mx\$|php|aud|a\$|cad|c\$|chf|sek|pln|huf|czk|mxn|brl|rub|try|aed|sar|人民币|新台币|台币|港币|港元|美元|美金|欧元|日元|日币|韩元|[$¥￥€£₩₹₽₺₱])`;
// European grouping ("€ 700.000", "1.200 funcionários") when no scale word follows; a decimal comma before one ("R$ 1,2 milhão").
const NUMBER = String.raw`(\d+,\d{1,2}(?=\s*(?:juta|jt|miliar|milyar|triliun|millones|milhões|milhoes|milhão|milhao|millió|milliárd|mil\b|tys|mln|mld|mio|mrd|tỷ|ty|tsd|million|billion|crores?|lakhs?)(?![a-z]))|\d{1,3}(?:\.\d{3})+(?![\d.,])(?!\s*(?:k|m|mn|mio|million|millions|bn|billion|万|千|亿)(?![a-z]))|\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|[零一二两三四五六七八九十百千]+)`;
const SCALE = String.raw`((?:万亿|千万|百万|十万|万|亿|千|crores?|lakhs?|lacs?|cr(?![\d])\.?|millions?|billion|thousand|juta|jt|miliar|milyar|triliun|ribu|millones|milhões|milhoes|milhão|milhao|milliárd|millió|mil\.|tys\.?|tsd\.?|mln|mld|mil|triệu|trieu|tỷ|ty|mio\.|mio|mrd|mn|bn|k|m|w)(?![a-z]))`;
const CUR_AFTER = String.raw`((?:元人民币|元|块钱|块|人民币|美元|美金|欧元|英镑|日元|円|韩元|港币|港元|台币|新台币|新加坡元|令吉|泰铢|越南盾|卢比|印尼盾|澳元|加元|瑞郎|卢布|rmb|cny|usd|eur|gbp|jpy|krw|hkd|twd|ntd|sgd|myr|thb|vnd|inr|idr|php|aud|cad|chf|sek|pln|huf|czk|mxn|brl|rub|aed|sar|yuan|dollars?|euros?|yen|baht|rupiah|ringgit|reais|pesos?|rupees?|dong|lira|zloty|zł|złotych|kč|đồng|vnđ|dirhams?|riyals?|pounds?)(?![a-z])|[€$£¥₩₹₽₺₱])`;
const AMOUNT_RE = new RegExp(
  String.raw`(?:${CUR_BEFORE}\s*)?${NUMBER}\s*${SCALE}?(?:\s*(?:-|–|—|~|～|到|至|to)\s*(?:${CUR_BEFORE}\s*)?${NUMBER}\s*${SCALE}?)?\s*${CUR_AFTER}?`,
  "gi",
);

const SCALE_VALUE: Record<string, number> = {
  万亿: 1e12, 千万: 1e7, 百万: 1e6, 十万: 1e5, 万: 1e4, w: 1e4, 亿: 1e8, 千: 1e3, k: 1e3, thousand: 1e3,
  crore: 1e7, crores: 1e7, cr: 1e7, "cr.": 1e7, lakh: 1e5, lakhs: 1e5, lac: 1e5, lacs: 1e5,
  m: 1e6, mn: 1e6, mio: 1e6, "mio.": 1e6, million: 1e6, millions: 1e6, bn: 1e9, billion: 1e9, mrd: 1e9,
  // Indonesian/Malay, Spanish, Portuguese and Vietnamese scale words.
  // Portuguese, Hungarian, Czech ("13 mil. Kč"), Polish ("900 tys. zł", "2 mln") and German ("Tsd.").
  "milhão": 1e6, milhao: 1e6, "millió": 1e6, "milliárd": 1e9, "mil.": 1e6, mil: 1e3, tys: 1e3, "tys.": 1e3, tsd: 1e3, "tsd.": 1e3, mln: 1e6, mld: 1e9,
  ribu: 1e3, juta: 1e6, jt: 1e6, millones: 1e6, "milhões": 1e6, milhoes: 1e6, "triệu": 1e6, trieu: 1e6, miliar: 1e9, milyar: 1e9, "tỷ": 1e9, ty: 1e9, triliun: 1e12,
};

/** "mil" is a thousand in Spanish and Portuguese ("R$ 500 mil", "1.200 mil euros") but a million in English ("$2 mil"). */
function milValue(currency: string | undefined, text: string): number {
  if (currency && ["BRL", "MXN", "ARS", "CLP", "COP", "PEN"].includes(currency)) return 1e3;
  if (/(presupuesto|or[cç]amento|reais|pesos|euros|d[oó]lares|mil\s+(euros|reais|pesos|d[oó]lares|r\$))/i.test(text)) return 1e3;
  return currency ? 1e6 : 1e3;
}

function numberOf(s: string, grouped = false): number {
  // "1,2 miliar": a decimal comma before a scale word; "700.000" with `grouped`: dots group thousands.
  const t = grouped ? s.replace(/\./g, "") : /^\d+,\d{1,2}$/.test(s) ? s.replace(",", ".") : s.replace(/,/g, "");
  if (/^\d+(\.\d+)?$/.test(t)) return Number(t);
  // Chinese numerals without 万/亿 here; the scale group carries those.
  let total = 0, digit = 0;
  const D: Record<string, number> = { 零: 0, 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 };
  const U: Record<string, number> = { 十: 10, 百: 100, 千: 1000 };
  for (const ch of t) {
    if (ch in D) digit = D[ch];
    else if (ch in U) { total += (digit || 1) * U[ch]; digit = 0; }
    else return NaN;
  }
  return total + digit;
}

/** Every money amount in the text. A figure needs a currency or a money scale (万/k/M) to count. */
export function findAmounts(raw: string): Amount[] {
  // "half a million RMB", "三百多万": words the number pattern does not read, rewritten in
  // place with the same length so positions still point into the caller's text.
  const original = foldWidth(raw);
  const text = original
    .replace(/\bhalf (an?) million\b/gi, (m) => "0.5 million".padEnd(m.length, " "))
    .replace(/\ban? million\b/gi, (m) => "1 million".padEnd(m.length, " "))
    .replace(/([一二两三四五六七八九十百千\d])(多|余|来)(?=[万千亿])/g, "$1 ")
    // "五十个W": 个 between a number and its scale.
    .replace(/([一二两三四五六七八九十百千\d])个(?=[wW万千])/g, "$1 ");
  const out: Amount[] = [];
  for (const m of text.matchAll(AMOUNT_RE)) {
    const [whole, cur1, n1, s1, cur2, n2, s2, curAfter] = m;
    const at = m.index ?? 0;
    const currency = currencyCode(cur1) ?? currencyCode(cur2) ?? currencyCode(curAfter);
    const scale1 = s1?.toLowerCase();
    const scale2 = s2?.toLowerCase();
    if (!currency && !scale1 && !scale2) continue;
    const next = text.slice(at + whole.length, at + whole.length + 3);
    // "10万人" is people; "1k staff" is headcount; "2M pixels" is not money either.
    if (!currency && /^\s*(人|名|员工|台(?!数)|套(?!数)|片|pcs|staff|employees|people|units|次|平|㎡|像素|pixel|点|dots|cycles|小时|hours|km|公里)/i.test(next)) continue;
    // A lone "m"/"k" after a number without a currency is too often metres or a part code.
    const bare = scale1 ?? scale2 ?? "";
    const moneyNear =
      /预算|budget|价|price|cost|spend|capex|rmb|¥|\$|一台|每台|单台|每套|\bper unit\b|\beach\b/i.test(text.slice(Math.max(0, at - 25), at)) ||
      (bare === "w" && /^\s*(左右|以内|以下|上下|一台|每台|\/台|一套|的预算|预算)/.test(text.slice(at + whole.length, at + whole.length + 6)));
    if (!currency && /^(m|k|w)$/.test(bare) && !moneyNear) continue;
    // "700.000", "R$ 1.250 mil", "1.200 tys. zł": dots group thousands unless an English-style
    // million/thousand scale follows ("1.250 million" is 1.25 million).
    const grouped = (n: string | undefined, scale: string | undefined) => !!n && /^\d{1,3}(\.\d{3})+$/.test(n) && !/^(k|m|mn|mio\.?|millions?|bn|billion|thousand|万|千|亿|百万|千万)$/i.test(scale ?? "");
    let a = numberOf(n1, grouped(n1, s1 ?? s2));
    let b = n2 ? numberOf(n2, grouped(n2, s2)) : a;
    if (!Number.isFinite(a) || !Number.isFinite(b)) continue;
    const value = (scale: string | undefined) => (scale === "mil" ? milValue(currency, text) : SCALE_VALUE[scale ?? ""]);
    const v1 = value(scale1) ?? value(scale2) ?? 1;
    const v2 = value(scale2) ?? v1;
    a *= n2 && !scale1 ? v2 : v1;
    b *= v2;
    const rate = CNY_RATES[currency ?? "CNY"] ?? 1;
    const before = text.slice(Math.max(0, at - 8), at + 1).toLowerCase();
    const after = text.slice(at + whole.length, at + whole.length + 12).toLowerCase();
    const perUnit = /(每台|每套|每部|每个|单台|单套|单价|一台|\bper unit|\bper machine|\beach\b|\bapiece|\/台|\/套|\/unit)/.test(before) || /^\s*(\/|每)\s*(台|套|unit|machine|set)|^\s*(per|a|each)\s+(unit|machine|set|dispenser)|^\s*(之间|左右|以内|上下)?\s*(一台|每台)/.test(after);
    out.push({ low: Math.min(a, b) * rate, high: Math.max(a, b) * rate, currency: currency ?? "CNY", text: original.slice(at, at + whole.length).trim(), perUnit, at });
  }
  return out;
}
