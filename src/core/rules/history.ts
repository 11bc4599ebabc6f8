/**
 * history: an existing customer or a past deal with us. The history field decides when it
 * says something; otherwise the lead source and details may ("Repeat customer", "老客户").
 * A referral by a customer, a purchase from a competitor or a negated phrase is not history.
 */
import { norm } from "./text";

const EXISTING = /((用过|使用过|在用|用的是|买过|采购过)(我司|我们|贵司|你们|your)|(去年|前年|之前|以前|上次|曾经?|(19|20)\d{2}\s*年)[先已曾]{0,2}(购入|购买了|采购了|买了|引进了)(我司|我们|贵司)(?!竞争|同行)|老客户|老客|回头客|复购|返单|再次采购|合作过|有过合作|成交过|(之前|以前|曾|曾经)(成交|下过单|签过单)|下过单|已合作|长期合作|一直合作|曾经合作|买过|购买过|采购过|用过我们|用的是我们|在用我们|我司客户|已有客户|existing customer|current customer|(past|former|previous|old) customer|we (have )?(supplied|delivered|sold|installed) [^,.;]{0,30}(to them|dispens|machines?|units?|systems?|cells?|lines?)|repeat (buyer|customer|order)|returning customer|(?<!(become|becoming|potential|future|prospective|possible|could be|may be)\s(a\s)?)long-?(time|term|standing) (customer|client|account)(?!\s+(of|at|with)\b)|bought(?! (a |the )?(lists?|data\w*|leads?|contacts?))|purchased(?! (a |the )?(lists?|data\w*|leads?|contacts?))|ordered from us|previous order|past order|customer since|worked with us|our customer|already (a )?customer|has \d+ of our|installed base)/i;
// In the history field, which speaks of us: "合作3年了", "已合作五年多", "前后买了15台" (in the details or
// with another partner named — "和诺信合作十年", "陆续采购10台" as a plan — they say nothing of us).
const FIELD_EXISTING = /(^|[，,;；\s])(已|已经)?合作(了)?\s*(\d+|[一二两三四五六七八九十几多半]+)\s*多?\s*(年|个月)|(前后|先后|陆续|累计|总共|一共)[^，,。]{0,3}(买|购|采购|订)(了|过)\s*(\d+|[一二两三四五六七八九十几]+)\s*(台|套)|(去年|前年|之前|以前|上次|上回|(19|20)\d{2}\s*年)(先|已|已经)?(买|购买|采购|订)了\s*(\d+|[一两二三四五六七八九十几])\s*(台|套)(?![^，,。]{0,8}(别家|别人|其他|诺信|武藏|nordson|musashi))/;
const AFFIRMATIVE = /^(是|有|yes|y|true|existing|repeat|老客户|已合作)([\s,，.;；:：(（]|$)/i;
const NEW = /^(否|无|没有|no|none|new|n\/a|na|-|—|新|新客户|首次|第一次|无合作|new customer|prospect|first contact|never)\b|^(否|无|新|没)/i;
const NEGATION = /(没有|没|未|无|冇|从未|从没|不是|非|never|not|no|haven't|hasn't|didn't|first time|首次)[^,，。;；]{0,6}$/i;
const COMPETITOR = /(竞品|竞争对手|别家|别人|其他品牌|其他厂家|同行|友商|competitor|another (vendor|supplier|brand)|other (vendor|supplier|brand)s?)/i;
const REFERRAL = /(介绍|推荐|referr|referred)/i;

export interface HistoryFinding {
  existing: boolean;
  evidence: string;
}

/** A clause saying the lead was referred ("老客户宏达介绍过来的") speaks of the referrer, not of this customer. */
function withoutReferrals(text: string): string {
  return text
    .split(/[，,。;；]/)
    .filter((c) => !REFERRAL.test(c))
    .join("，");
}

function positive(text: string): string | undefined {
  const t = norm(withoutReferrals(text));
  const m = t.match(EXISTING);
  if (!m || m.index === undefined) return undefined;
  if (NEGATION.test(t.slice(0, m.index))) return undefined;
  // "bought 4 units from us in 2019, switched to a competitor later": a past deal with us stands.
  if (COMPETITOR.test(t) && !/(\b(bought|purchased|ordered)\b[^.;,]{0,24}\bfrom us\b|\b(former|past) customer\b|(从|向)(我司|我们)(购买|采购|买)|(买过|购买过|采购过|购入|买了)(我司|我们|贵司)(?!竞争|同行))/i.test(t)) return undefined;
  return text.trim();
}

export function judgeHistory(historyField: string, leadSource: string, details: string): HistoryFinding {
  const field = historyField.trim();
  if (field) {
    if (AFFIRMATIVE.test(norm(field))) return { existing: true, evidence: field };
    if (NEW.test(norm(field)) && !positive(field.replace(/^(否|无|没有)[,，、;；\s]*/, "")) ) return { existing: false, evidence: field };
    const p = positive(field) ?? (FIELD_EXISTING.test(norm(field)) && !COMPETITOR.test(field) ? field : undefined);
    return { existing: !!p, evidence: field };
  }
  const src = leadSource.trim();
  if (src && !REFERRAL.test(src)) {
    const p = positive(src);
    if (p) return { existing: true, evidence: p };
  }
  for (const sentence of details.split(/[。！？!?;；\n]|\.\s/)) {
    if (REFERRAL.test(sentence)) continue;
    const p = positive(sentence);
    if (p) return { existing: true, evidence: p };
  }
  return { existing: false, evidence: "" };
}
