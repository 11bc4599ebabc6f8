/**
 * The canonical lead: 13 text fields, normalized from a Google Form's namedValues
 * (Chinese or English question titles), a JSON object from the API, or a CSV row.
 *
 * Normalization never rejects a lead for being long or odd: text is trimmed, control
 * characters are removed, and over-long values are cut with a visible marker, so the
 * receptionist's input is kept as far as it can be and nothing is silently dropped.
 */

export const LEAD_FIELDS = [
  "customerName",
  "contactName",
  "contactTitle",
  "contactEmail",
  "contactPhone",
  "industry",
  "companySize",
  "address",
  "cooperationHistory",
  "leadSource",
  "leadDetails",
  "interactionDetails",
  "interactionFrequency",
] as const;

export type LeadField = (typeof LEAD_FIELDS)[number];
export type Lead = Record<LeadField, string>;
export type Lang = "zh" | "en";

/** Form question titles. The first zh/en label is what setup writes into forms and sheets. */
export const FIELD_LABELS: Record<LeadField, { zh: string; en: string; aliases: readonly string[] }> = {
  customerName: { zh: "客户名称", en: "Customer name", aliases: ["公司名称", "客户", "公司", "company", "company name", "customer"] },
  contactName: { zh: "联系人", en: "Contact name", aliases: ["联系人姓名", "姓名", "contact", "name"] },
  contactTitle: { zh: "客户职务", en: "Contact title", aliases: ["职务", "联系人职务", "职位", "title", "job title", "position", "role"] },
  contactEmail: { zh: "联系邮箱", en: "Contact email", aliases: ["邮箱", "电子邮箱", "email", "e-mail", "email address"] },
  contactPhone: { zh: "联系电话", en: "Contact phone", aliases: ["电话", "手机", "手机号", "phone", "telephone", "mobile", "phone number"] },
  industry: { zh: "所属行业", en: "Industry", aliases: ["行业", "industry sector"] },
  companySize: { zh: "企业规模", en: "Company size", aliases: ["公司规模", "规模", "员工人数", "人数", "size", "employees", "headcount"] },
  address: { zh: "地址", en: "Address", aliases: ["所在地", "地区", "公司地址", "地理位置", "所处地理位置", "location", "city", "region"] },
  cooperationHistory: { zh: "合作历史", en: "Cooperation history", aliases: ["是否老客户", "历史合作", "history", "existing customer", "customer history"] },
  leadSource: { zh: "线索来源", en: "Lead source", aliases: ["来源", "渠道", "source", "channel"] },
  leadDetails: { zh: "线索详情", en: "Lead details", aliases: ["需求详情", "需求描述", "详情", "需求", "details", "requirements", "description", "message"] },
  interactionDetails: { zh: "互动详情", en: "Interaction details", aliases: ["互动情况", "互动深度", "interaction", "interactions"] },
  interactionFrequency: { zh: "互动频率", en: "Interaction frequency", aliases: ["联系频率", "frequency", "contact frequency"] },
};

/** Long free-text fields get more room than names and phone numbers. */
export const FIELD_MAX_CHARS: Record<LeadField, number> = {
  customerName: 200,
  contactName: 100,
  contactTitle: 100,
  contactEmail: 254,
  contactPhone: 60,
  industry: 200,
  companySize: 200,
  address: 300,
  cooperationHistory: 500,
  leadSource: 200,
  leadDetails: 4000,
  interactionDetails: 2000,
  interactionFrequency: 500,
};

export const TRUNCATION_MARKER: Record<Lang, string> = { zh: "…[内容过长，已截断]", en: "…[truncated]" };

export function emptyLead(): Lead {
  return Object.fromEntries(LEAD_FIELDS.map((f) => [f, ""])) as Lead;
}

/** Fold a label for lookup: lower case, no spaces, no punctuation or "*"/"（必填）" decorations. */
export function foldLabel(label: string): string {
  return label
    .toLowerCase()
    .replace(/[（(][^）)]*[）)]/g, "")
    .replace(/[\s*:：_\-./、]+/g, "");
}

const LABEL_INDEX: Map<string, LeadField> = (() => {
  const m = new Map<string, LeadField>();
  for (const f of LEAD_FIELDS) {
    const l = FIELD_LABELS[f];
    for (const label of [f, l.zh, l.en, ...l.aliases]) {
      const k = foldLabel(label);
      if (!m.has(k)) m.set(k, f);
    }
  }
  return m;
})();

/** The canonical field for a key, a form question title or a CSV header, or undefined. */
export function fieldForLabel(label: string): LeadField | undefined {
  return LABEL_INDEX.get(foldLabel(label));
}

// C0/C1 controls except tab and newline; also zero-width and bidi overrides that can
// hide text from a reader of the sheet or the e-mail.
const CONTROL_CHARS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u200B-\u200F\u202A-\u202E\u2066-\u2069\uFEFF]/g;

export function detectLanguage(text: string): Lang {
  const cjk = (text.match(/[\u3400-\u9fff]/g) ?? []).length;
  const latin = (text.match(/[A-Za-z]/g) ?? []).length;
  // One Chinese character carries about as much as a short English word.
  return cjk * 3 >= latin && cjk > 0 ? "zh" : "en";
}

export function leadLanguage(lead: Lead): Lang {
  return detectLanguage(LEAD_FIELDS.map((f) => lead[f]).join(" "));
}

/** Turn any cell-ish value into a clean single string. Arrays (namedValues, checkboxes) are joined. */
export function cleanText(value: unknown): string {
  if (value === null || value === undefined) return "";
  if (Array.isArray(value)) return value.map(cleanText).filter((s) => s !== "").join(", ");
  if (value instanceof Date || Object.prototype.toString.call(value) === "[object Date]") {
    const d = value as Date;
    return isNaN(d.getTime()) ? "" : d.toISOString();
  }
  if (typeof value === "object") return "";
  return String(value)
    .replace(/\r\n?/g, "\n")
    .replace(CONTROL_CHARS, "")
    .replace(/[ \t\u00A0\u3000]+/g, " ")
    .replace(/ *\n */g, "\n")
    .replace(/\n{3,}/g, "\n\n")
    .trim();
}

export function truncate(text: string, max: number, lang: Lang): { text: string; truncated: boolean } {
  const chars = Array.from(text); // do not split surrogate pairs (emoji)
  if (chars.length <= max) return { text, truncated: false };
  const marker = TRUNCATION_MARKER[lang];
  return { text: chars.slice(0, Math.max(0, max - marker.length)).join("") + marker, truncated: true };
}

export interface NormalizedLead {
  lead: Lead;
  lang: Lang;
  /** Fields that were cut to their maximum length. */
  truncated: LeadField[];
  /** Keys in the input that match no lead field (kept for the log, not stored). */
  unknownKeys: string[];
}

export class LeadInputError extends Error {
  override name = "LeadInputError";
}

/**
 * Normalize a lead from a JSON object (canonical keys or labels, optionally nested under
 * `lead`) or from form namedValues (`{title: [value]}`). Throws LeadInputError only when
 * the input is not an object at all; an object with no known field yields an empty lead,
 * which the Incomplete rule then catches.
 */
export function normalizeLead(input: unknown): NormalizedLead {
  if (input === null || typeof input !== "object" || Array.isArray(input)) {
    throw new LeadInputError("lead must be a JSON object of field names to text");
  }
  let source = input as Record<string, unknown>;
  const nested = source["lead"];
  if (nested && typeof nested === "object" && !Array.isArray(nested)) source = nested as Record<string, unknown>;

  const raw = emptyLead();
  const unknownKeys: string[] = [];
  for (const [key, value] of Object.entries(source)) {
    const field = fieldForLabel(key);
    if (!field) {
      if (!/^(id|timestamp|时间戳|提交时间|lang)$/i.test(key.trim())) unknownKeys.push(key);
      continue;
    }
    const text = cleanText(value);
    // Two columns mapping to one field (e.g. "电话" and "手机"): keep both, do not overwrite.
    raw[field] = raw[field] && text && raw[field] !== text ? `${raw[field]}; ${text}` : raw[field] || text;
  }
  const lang = leadLanguage(raw);
  const lead = emptyLead();
  const truncated: LeadField[] = [];
  for (const f of LEAD_FIELDS) {
    const t = truncate(raw[f], FIELD_MAX_CHARS[f], lang);
    lead[f] = t.text;
    if (t.truncated) truncated.push(f);
  }
  return { lead, lang, truncated, unknownKeys };
}

export function isBlank(lead: Lead): boolean {
  return LEAD_FIELDS.every((f) => lead[f] === "");
}
