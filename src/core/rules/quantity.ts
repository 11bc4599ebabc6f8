/**
 * How many machines the customer wants, from the lead text: "12台", "两台", "10台左右",
 * "20台以上", "2-3台", "qty 8 dispensers", "2 more fully automatic dispensers",
 * "10 dispensing cells", "每条线4台 × 两条线". Counts in clauses about what they already own
 * or bought before are ignored, and so are years and absurd numbers.
 */
import { NUM as ANY_NUM, clauses, norm, parseNumberWord } from "./text";

// "a dispensing robot" names a kind of machine, not a quantity.
const NUM = ANY_NUM.replace("|a|an|", "|");

export interface MachineCount {
  min: number;
  max: number;
  text: string;
}

const ZH_UNIT = String.raw`(?:台|套|部)(?!湾|州|山|风)`;
const EN_NOUN = String.raw`(?:units?|m\/cs?|machines?|dispensers?|systems?|sets?|cells?|stations?|robots?|heads?|platforms?|equipments?|pcs)`;
const RANGE_SEP = String.raw`\s*(?:-|–|~|～|到|至|or|to)\s*`;
const ZH_RE = new RegExp(String.raw`(${NUM})(?:${RANGE_SEP}(${NUM}))?\s*(多|余|几|(?<=十)来)?\s*${ZH_UNIT}`, "g");
const ZH_PAIR_RE = /([一两二三四五六七八九])([一两二三四五六七八九])台/g;
const ZH_SOME_TENS = /(十几|几十|二十几|数十)台/;
const EN_RE = new RegExp(String.raw`\b(${NUM})(?:${RANGE_SEP}(${NUM}))?(?:\s*[x×*])?\s+(?:(?:more|production|standard|additional|extra|new|further|fully|full|semi|automatic|auto|full-auto|inline|in-line|high-speed|desktop|gantry|dispensing|jetting|underfill|coating|potting|glue|of|the|our|such|identical|same|similar|custom\w*|non-standard|dedicated|integrated|vision|precision|dual|twin|double|single|servo|robotic|nos\.?|no\.|uf|ab|2k|conformal|hot-?melt|desktop|benchtop|vision-guided|(?:dual|twin|double|single|multi|two|2k|ab)-(?:valve|head|component|part|axis|station|nozzle)|high-(?:precision|speed|accuracy)|full-auto(?:matic)?|semi-auto(?:matic)?|in-line|off-line|bench-top|desk-top)[\s-]+){0,6}${EN_NOUN}\b(?!\s*(?:per|an|a|each|every|\/)\s*(?:hour|hr|h|day|shift|minute|min|month|week|year)\b)`, "gi");
const EN_QTY = new RegExp(String.raw`\b(?:qty|quantity|数量)\s*[:：]?\s*["“”']?\s*(?:probably|about|approx\.?|around|maybe|roughly|约|大约|大概)?\s*(\d+|(?:one|two|three|four|five|six|seven|eight|nine|ten|twelve)\b)(?:${RANGE_SEP}(\d+))?(?![\d,.]|\s*(?:万|千|k\b|thousand|million|mg|ml|mm|g\b|(?:pcs|pieces|boards|panels|units?)\s*(?:\/|per\b|a (?:day|month|week)|each|every|每)|片|件|个|只|\/|per\b|a (?:day|month|week)|每))`, "gi");
// "dispensers x 6", "点胶机×3", "(9 total)", "total of 12", "12 in total".
const TIMES_RE = new RegExp(String.raw`(?:${EN_NOUN}|机|设备)\s*[x×*]\s*(\d+)\b|(?<![\d.,$¥€£]\s?)\b(\d+)\s*(?:units?|machines?|sets?|dispensers?)?\s*(?:in )?total\b|\btotal(?:ling)?(?: of)?\s*(\d+)\b(?![.,]?\d|\s*(?:k|m|bn|万|元|%|million|thousand|rmb|cny|usd|eur)\b)`, "gi");
// "3 dispensers per line" × "3 new SMT lines".
// "replacing 4 older dispensers": the machines being replaced are the order (their "2 old dispensers" alone are not).
const EN_REPLACE = new RegExp(String.raw`\b(?:replac\w*|swap\w*|upgrad\w*)\s+(?:all\s+)?(?:of\s+)?(?:our|their|the|its)?\s*(${NUM})\s+(?:old|older|aging|ageing|legacy|current|existing|worn)\s+(?:[a-z-]+\s+){0,2}${EN_NOUN}\b`, "gi");
const EN_PER_LINE = new RegExp(String.raw`\b(${NUM})\s+(?:[a-z-]+\s+){0,3}${EN_NOUN}\s+(?:(?:per|each|for each|on each|in each|a)\s+(?:line|shop|site|plant|factory|workshop)\b|each\b(?!\s+(of|with|at|priced|costing)\b))`);
const EN_LINES = new RegExp(String.raw`\b(${NUM})\s+(?:(?:new|more|additional|extra|smt|pcba|assembly|production|packaging|[a-z]+-?)\s+){0,2}lines\b`);
const PAST = /(买过|购买过|采购过|已有|现有|之前|以前|去年|在用|已经有|已购|bought|purchased|existing|\bwe (have )?(supplied|delivered|sold|installed)|\b(they|were|was|already|previously|had been) (supplied|delivered|installed|bought) in (19|20)\d{2}|already (have|own|run)|currently (have|own|run|use)|same (config|model) as|同款|installed base|we have \d+|run \d+)/i;
const PER_LINE = /(?:每条(?:线|产线)?[^，,。；;]{0,6}?|线各|各)(\d+|[一两二三四五六七八九十]+)\s*台/;
const LINES = /(\d+|[一两二三四五六七八九十]+)\s*条[^，,。；;]{0,8}?线/;

function pushRange(out: MachineCount[], a: string, b: string | undefined, text: string, plus = 0): void {
  const lo = parseNumberWord(a.replace(/ of$/, ""));
  const hi = b ? parseNumberWord(b.replace(/ of$/, "")) : lo;
  if (!Number.isFinite(lo) || !Number.isFinite(hi)) return;
  // Nobody orders hundreds of dispensers in one lead; such a number is a year or a part code.
  if (hi > 300 || lo <= 0) return;
  out.push({ min: Math.min(lo, hi), max: Math.max(lo, hi) + plus, text });
}

// "多少钱一台", "一台多少钱", "how much is one unit": the price of a machine, not a count.
const PRICE_PER_UNIT = /(多少钱|什么价|啥价|价格|价钱|报价)(大概|大约)?(是)?(一|1)\s*(台|套)|(一|1)\s*(台|套)(大概|大约)?(多少钱|什么价|啥价|价格|价钱)|how much (is |for |does )?(one|a|an|each|per|1) (unit|machine|set|dispenser)|price (of|for) (one|a|an|each|1) (unit|machine|set|dispenser)|(price|cost) per (unit|machine|set)/g;

export function machineCount(raw: string): MachineCount | undefined {
  const found: MachineCount[] = [];
  for (const clause of clauses(raw)) {
    const c = norm(clause).replace(PRICE_PER_UNIT, " ");
    if (PAST.test(c) && !/(再|还要|还是要|又要|另外|新增|要\s*(\d+|[一两二三四五六七八九十]+)\s*(台|套|部)|more|additional|another|new|same as|同款)/.test(c)) continue;
    const perLine = c.match(PER_LINE) ?? c.match(EN_PER_LINE);
    const lines = c.match(LINES) ?? norm(raw).match(LINES) ?? c.match(EN_LINES) ?? norm(raw).match(EN_LINES);
    if (perLine && lines) {
      const n = parseNumberWord(perLine[1]) * parseNumberWord(lines[1]);
      if (Number.isFinite(n) && n > 0) found.push({ min: n, max: n, text: clause });
      continue;
    }
    for (const m of c.matchAll(ZH_PAIR_RE)) pushRange(found, m[1], m[2], clause);
    if (ZH_SOME_TENS.test(c)) found.push({ min: 10, max: 20, text: clause });
    for (const m of c.matchAll(ZH_RE)) {
      if (/^[一两二三四五六七八九]{2}$/.test(m[1])) continue;
      pushRange(found, m[1], m[2], clause);
    }
    for (const m of c.matchAll(EN_RE)) pushRange(found, m[1], m[2], clause);
    for (const m of c.matchAll(EN_REPLACE)) pushRange(found, m[1], undefined, clause);
    for (const m of c.matchAll(EN_QTY)) pushRange(found, m[1], m[2], clause);
    for (const m of c.matchAll(TIMES_RE)) pushRange(found, m[1] ?? m[2] ?? m[3], undefined, clause);
  }
  if (found.length === 0) return undefined;
  // The largest stated count is the order being discussed ("one trial unit, then 10").
  return found.reduce((a, b) => (b.max > a.max ? b : a));
}
