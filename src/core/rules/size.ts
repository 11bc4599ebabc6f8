/**
 * companySize: headcount from the size field ("1.5k staff", "约1200人", "1000-4999人",
 * "10,000+ employees", "1.2万人", "两千多人") or a size word ("中型企业", "SME"), then the
 * rubric band ("3个人", "两百来号人" too). A range counts by its lower end, the way directories write bands.
 */
import { foldWidth, parseNumberWord } from "./text";

export type SizeBand = "large" | "medium" | "small" | "none";

export interface Headcount {
  /** Staff number the band is judged on. */
  count: number;
  /** The text it was read from. */
  source: string;
}

const HEAD_UNIT = String.raw`(?:[个号名位]?(?:人|员工|职工|工人)|名|位|staff|employees?|funcion[aá]rios|empleados|trabajadores|pracownik[oó]w|mitarbeiter(?:innen)?|besch[aä]ftigte|dipendenti|salari[eé]s|employ[eé]s|zam[eě]stnanc\w*|pracovn[ií]k\w*|medewerkers|anst[aä]llda|ansatte|ty[oö]ntekij\w*|従業員|社員|직원|[cç]al[iı][sş]an|nh[aâ]n vi[eê]n|karyawan|pegawai|people|ppl|pax|persons?|workers?|heads?|headcount|ftes?|consultants?|associates?|team members?|colleagues)`;
const MONEY_UNIT = /(元|块|rmb|cny|usd|eur|\$|¥|€|美元|营收|产值|销售额|revenue|turnover|sales|注册资本|capital)/i;
const BARE_SIZE = /^(约|大约|大概|差不多|不到|不足|少于|将近|接近|近|超过|under|fewer than|less than|nearly|almost|over|about|around|approx\.?|circa|ca\.|~|≈)?\s*([\d,.]+|[一二两三四五六七八九十百千万]+)\s*(k|千|万|w)?\s*((-|–|~|～|至|to)\s*[\d,.]+\s*(k|千|万|w)?)?\s*(\+|-?\s*plus|多|余|来|出头|以上|左右)?$/i;
// "不少于", "no fewer than", "not less than" are "at least": not below.
const BELOW_BEFORE = /((?<!不)(不到|不足)|(?<!不)(少于|小于|低于)|未满|未到|(?<![最附])近|将近|接近|(?<![加最])快|(?<!\b(no|not)\s)(under|fewer than|less than|below)|nearly|almost|just under|not quite)\s*$/i;
const BELOW_AFTER = /^\s*(不到|以下|之下)/;
const NUMBER = String.raw`(\d{1,3}(?:\.\d{3})+(?![\d.,])|\d+,\d{1,2}(?=\s*(?:tys|tsd|k|千)\b)|\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?|[零一二两三四五六七八九十百千万几]+)`;

function scaled(num: string, unit: string | undefined): number {
  // "1.400 employees", "2,5 tys.": European grouping and decimal comma.
  if (!unit && /^\d{1,3}(\.\d{3})+$/.test(num)) num = num.replace(/\./g, "");
  if (/^\d+,\d{1,2}$/.test(num)) num = num.replace(",", ".");
  // "十几" / "几十" / "几百": 几 read as 2 gives a low end inside the band (12, 20, 200).
  let n = parseNumberWord(num.replace(/几/g, "二"));
  if (!Number.isFinite(n)) return NaN;
  const u = (unit ?? "").toLowerCase();
  if (u === "k" || u === "千" || /^(tys|tsd)/.test(u)) n *= 1000;
  else if (u === "万" || u === "w") n *= 10000;
  return n;
}

/** Headcount stated in a text, or undefined. With `strict`, a bare number does not count. */
export function parseHeadcount(raw: string, strict = false): Headcount | undefined {
  const text = foldWidth(raw).replace(/\s+/g, " ").trim();
  if (!text) return undefined;
  const re = new RegExp(
    String.raw`${NUMBER}\s*(k(?![a-z])|千|万|w(?![a-z])|tys\.?|tsd\.?)?\s*(?:(?:-|–|—|~|～|至|到|to)\s*${NUMBER}\s*(k(?![a-z])|千|万|w(?![a-z])|tys\.?|tsd\.?)?)?\s*(\+|多|余|来|出头|以上|左右|上下|-?\s*plus|or more)?\s*(${HEAD_UNIT})?`,
    "gi",
  );
  let best: Headcount | undefined;
  for (const m of text.matchAll(re)) {
    const [whole, a, ua, , ub, , unit] = m;
    const after = text.slice((m.index ?? 0) + whole.length, (m.index ?? 0) + whole.length + 6);
    const before = text.slice(Math.max(0, (m.index ?? 0) - 4), m.index ?? 0);
    const qualifier = text.slice(Math.max(0, (m.index ?? 0) - 14), m.index ?? 0);
    if (MONEY_UNIT.test(after) || /[¥$€]|rmb|usd/i.test(before)) continue;
    // A year ("成立于2005年") or a percentage is not a headcount.
    if (/^\s*(年|%|％|岁|平|㎡|m2|sqm|台|条|家)/.test(after) && !unit) continue;
    const hasUnit = !!unit;
    if (strict && !hasUnit) continue;
    // A number without a staff word counts only when it is the whole field ("1200", "约1200", "500-999").
    // "~8K (DL+IDL)": a note in brackets does not stop a bare number from being the whole field.
    if (!hasUnit && (MONEY_UNIT.test(text) || !BARE_SIZE.test(text.replace(/\s*[(（][^)）]*[)）]\s*/g, " ").trim()))) continue;
    const low = scaled(a, ua ?? ub);
    if (!Number.isFinite(low)) continue;
    // "不到500人", "近千人", "under 1,000 staff", "500人以下": just below the number named.
    if (low <= 0) continue; // "上万人": a bare 万 is no number
    const count = Math.round(low) - (BELOW_BEFORE.test(qualifier) || BELOW_AFTER.test(after) ? 1 : 0);
    if (!best || hasUnit) {
      best = { count, source: whole.trim() };
      if (hasUnit) break;
    }
  }
  if (best) return best;
  // The staff word first: "员工5000+", "人数：约800", "headcount: 1,200", "workforce of 3k".
  const lead = new RegExp(String.raw`(?:员工|职工|工人|人数|人员|staff|employees|headcount|workforce)\s*(?:总数|规模|人数|size|count|number)?\s*(?:[:：]|of|有|约|大约|近|超过|about|around|approx\.?|over|~|≈|\s)*${NUMBER}\s*(k(?![a-z])|千|万|w(?![a-z]))?(?!\s*(?:年|%|岁|台|条|家|元|万元|rmb|usd))`, "i").exec(text);
  if (lead) {
    const n = scaled(lead[1], lead[2]);
    if (Number.isFinite(n)) return { count: Math.round(n) - (/((?<!不)(不到|不足|少于)|(?<![最附])近|将近|接近|(?<!\b(no|not)\s)(under|fewer than|less than)|nearly|almost)/i.test(lead[0]) ? 1 : 0), source: lead[0].trim() };
  }
  return undefined;
}

/** Size words when no number is given. */
const WORD_BANDS: Array<[RegExp, SizeBand]> = [
  [/(上千|数千|几千|千人以上|过千|上万|数万|过万|大型|大厂|集团|large enterprise|large company|large corporation|multinational|fortune 500|500强|thousands of)/i, "large"],
  [/(近千|中型|mid-?size|medium-?size|medium|中等规模)/i, "medium"],
  [/(小微|中小|小型|几十|数十|几百|数百|百人|(a few|several|a couple) hundred(?!\s*(million|thousand|k\b|m\b|usd|eur|rmb|yuan|dollars))|hundreds of (staff|employees|people|workers)|small|sme|startup|start-up|workshop|作坊|工作室|小厂|小公司|family business)/i, "small"],
  [/(微型|个体|个人|一个人|夫妻店|sole proprietor|one-man|micro)/i, "none"],
];

export function bandForCount(count: number): SizeBand {
  if (count >= 1000) return "large";
  if (count >= 500) return "medium";
  if (count >= 5) return "small";
  return "none";
}

export interface SizeFinding {
  band: SizeBand;
  evidence: string;
  count?: number;
}

/** Judge the size from the size field, else from a staff number stated in the details. */
export function judgeSize(sizeField: string, details: string): SizeFinding | undefined {
  const field = sizeField.trim();
  if (field) {
    const h = parseHeadcount(field);
    if (h) return { band: bandForCount(h.count), evidence: field, count: h.count };
    // "集团下属工厂": a group's plant — its own size is not said.
    if (!/(下属|旗下)的?(工厂|厂|企业|公司|子公司)|分厂|\b(subsidiary|branch) (plant|factory|site|of)\b|\b(plant|factory|site) of (a |an |the )?[a-z-]+ group\b/i.test(field)) for (const [re, band] of WORD_BANDS) if (re.test(field)) return { band, evidence: field };
  }
  const d = parseHeadcount(details, true);
  if (d) return { band: bandForCount(d.count), evidence: d.source, count: d.count };
  return undefined;
}
