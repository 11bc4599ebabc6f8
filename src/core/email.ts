/**
 * Notification e-mails as {subject, text, html}: to the owner of a graded lead, to the
 * manager when nobody could be assigned, and asking for an Incomplete lead to be completed.
 *
 * Every value that came from a lead, a model or a sheet (including rubric labels, which
 * managers edit) goes through `escapeHtml`; nothing from a lead becomes a link or an
 * attribute. Styles are inline because mail clients drop <style> blocks. Only data passed
 * in is shown: no settings, keys or model errors (fallbackReason may quote an API reply).
 */
import { FIELD_LABELS, type Lang, type Lead, type LeadField } from "./lead";
import { DIMENSION_KEYS, GRADE_LABELS, type Grade, type Rubric, maxTotal, textIn } from "./rubric";
import { ADVICE_SECTIONS, type Advice, type GradeResult } from "./result";
import { ADVICE_TITLES, MATURITY_LABELS } from "./advice";
import { viewDimension } from "./reason";
import type { Salesperson, SalespersonProblem } from "./assign";

export interface ComposedEmail {
  subject: string;
  text: string;
  html: string;
}

export interface EmailBase {
  lead: Lead;
  leadId: string;
  result: GradeResult;
  rubric: Rubric;
  lang: Lang;
  /** Already formatted in the script's time zone, or a Date (shown in UTC). */
  submittedAt: string | Date;
  /** Link to the lead's row; only http(s) URLs are linked. */
  rowUrl?: string;
}

export interface OwnerEmailInput extends EmailBase {
  advice?: Advice;
  owner: Pick<Salesperson, "name" | "email">;
  /** Sent after the maximum wait with what is known (the advice may be missing). */
  partial?: boolean;
}

export interface ManagerEmailInput extends EmailBase {
  /** The lead's region ("" when the address gave none) and the Settings fallback region. */
  region: string;
  fallbackRegion: string;
  /** Problems found in the Salespeople sheet, shown so the manager can fix them. */
  salespeopleProblems?: SalespersonProblem[];
}

export type IncompleteEmailInput = EmailBase;

/** Badge colours per grade (background, text); contrast ≥ 4.5:1 for white text. */
export const GRADE_COLORS: Record<Grade, { background: string; text: string }> = {
  A: { background: "#1a7f37", text: "#ffffff" },
  B: { background: "#0969da", text: "#ffffff" },
  C: { background: "#9a6700", text: "#ffffff" },
  D: { background: "#57606a", text: "#ffffff" },
  Incomplete: { background: "#cf222e", text: "#ffffff" },
};

const HTML_ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;", "`": "&#96;" };

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"'`]/g, (ch) => HTML_ESCAPES[ch]);
}

/** Escaped text with line breaks kept. */
function escMultiline(value: string): string {
  return escapeHtml(value).replace(/\r?\n/g, "<br>");
}

/** The URL when it is a plain http(s) address, else undefined (no javascript:, no quotes). */
export function safeHttpUrl(url: string | undefined): string | undefined {
  if (!url) return undefined;
  const s = url.trim();
  return /^https?:\/\/[^\s"'<>`\\]+$/i.test(s) ? s : undefined;
}

/** One header-safe line: no CR/LF or other controls, collapsed spaces, capped length. */
export function headerSafe(value: string, max = 80): string {
  const s = value.replace(/[\u0000-\u001F\u007F-\u009F\u2028\u2029]+/g, " ").replace(/\s+/g, " ").trim();
  const chars = Array.from(s);
  return chars.length > max ? chars.slice(0, max - 1).join("") + "…" : s;
}

function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

export function formatSubmittedAt(at: string | Date): string {
  if (typeof at === "string") return headerSafe(at, 60);
  if (isNaN(at.getTime())) return "";
  return `${at.getUTCFullYear()}-${pad2(at.getUTCMonth() + 1)}-${pad2(at.getUTCDate())} ${pad2(at.getUTCHours())}:${pad2(at.getUTCMinutes())} UTC`;
}

export function gradeBadgeText(grade: Grade, lang: Lang): string {
  const label = textIn(GRADE_LABELS[grade], lang);
  if (grade === "Incomplete") return label;
  return lang === "zh" ? `${grade}级 · ${label}` : `Grade ${grade} · ${label}`;
}

function subjectGrade(grade: Grade, lang: Lang): string {
  if (grade === "Incomplete") return lang === "zh" ? "待完善" : "Incomplete";
  return gradeBadgeText(grade, lang);
}

function customerOf(lead: Lead, lang: Lang): string {
  return headerSafe(lead.customerName, 60) || (lang === "zh" ? "未知客户" : "Unknown customer");
}

type Say = (zh: string, en: string) => string;
const sayIn = (lang: Lang): Say => (zh, en) => (lang === "zh" ? zh : en);

// ---------------------------------------------------------------- shared pieces

const FONT = "font-family:-apple-system,'Segoe UI','PingFang SC','Microsoft YaHei','Noto Sans CJK SC',Arial,sans-serif";
const H2 = "font-size:16px;margin:24px 0 8px;padding-bottom:4px;border-bottom:1px solid #d0d7de;color:#1f2328";
const TH = "text-align:left;padding:6px 8px;background:#f6f8fa;border:1px solid #d0d7de;font-weight:600;white-space:nowrap";
const TD = "padding:6px 8px;border:1px solid #d0d7de;vertical-align:top";

function page(lang: Lang, subject: string, body: string): string {
  return (
    `<!DOCTYPE html><html lang="${lang === "zh" ? "zh-CN" : "en"}"><head><meta charset="utf-8">` +
    `<meta name="viewport" content="width=device-width,initial-scale=1"><title>${escapeHtml(subject)}</title></head>` +
    `<body style="margin:0;padding:0;background:#f4f5f7">` +
    `<div style="max-width:760px;margin:0 auto;padding:16px;${FONT};font-size:14px;line-height:1.6;color:#1f2328">` +
    `<div style="background:#ffffff;border:1px solid #d0d7de;border-radius:8px;padding:20px 24px">${body}</div>` +
    `<p style="font-size:12px;color:#57606a;margin:12px 4px">${escapeHtml(sayIn(lang)("本邮件由 leadgrade 自动生成。", "Sent automatically by leadgrade."))}</p>` +
    `</div></body></html>`
  );
}

function badgeHtml(grade: Grade, lang: Lang): string {
  const c = GRADE_COLORS[grade];
  return (
    `<span data-role="grade-badge" style="display:inline-block;padding:4px 14px;border-radius:14px;` +
    `background:${c.background};color:${c.text};font-weight:700;font-size:15px">${escapeHtml(gradeBadgeText(grade, lang))}</span>`
  );
}

function noticeHtml(text: string, color: string): string {
  return `<div data-role="notice" style="margin:0 0 16px;padding:10px 12px;border-left:4px solid ${color};background:#fff8c5;color:#1f2328">${escMultiline(text)}</div>`;
}

function headerHtml(input: EmailBase, say: Say): string {
  const when = formatSubmittedAt(input.submittedAt);
  const meta = [say(`线索编号：${input.leadId}`, `Lead ${input.leadId}`), when ? say(`提交时间：${when}`, `submitted ${when}`) : ""].filter(Boolean).join(" · ");
  return (
    `<h1 style="font-size:20px;margin:0 0 4px;color:#1f2328">${escapeHtml(input.lead.customerName || say("未知客户", "Unknown customer"))}</h1>` +
    `<p style="margin:0 0 12px;color:#57606a;font-size:13px">${escapeHtml(meta)}</p>`
  );
}

function totalOutOf(result: GradeResult, rubric: Rubric): string {
  return `${result.total} / ${maxTotal(rubric)}`;
}

function totalLine(result: GradeResult, rubric: Rubric, say: Say): string {
  return say(`总分 ${totalOutOf(result, rubric)}`, `Total ${totalOutOf(result, rubric)}`);
}

function scoreRows(input: EmailBase) {
  return DIMENSION_KEYS.map((k) => viewDimension(input.rubric, k, input.result.dimensions[k], input.lang));
}

function scoreTableHtml(input: EmailBase, say: Say): string {
  const rows = scoreRows(input)
    .map(
      (v) =>
        `<tr data-dimension="${v.key}"><td style="${TD};white-space:nowrap">${escapeHtml(v.name)}</td>` +
        `<td style="${TD};white-space:nowrap;text-align:right;font-weight:600">${v.points} / ${v.maxPoints}</td>` +
        `<td style="${TD}">${escapeHtml(v.optionLabel)}</td><td style="${TD};color:#424a53">${escMultiline(v.evidence)}</td></tr>`,
    )
    .join("");
  return (
    `<h2 style="${H2}">${escapeHtml(say("评分明细", "Score breakdown"))}</h2>` +
    `<table data-role="score-table" role="presentation" cellpadding="0" cellspacing="0" style="border-collapse:collapse;width:100%;font-size:13px">` +
    `<thead><tr><th style="${TH}">${escapeHtml(say("维度", "Dimension"))}</th><th style="${TH};text-align:right">${escapeHtml(say("得分", "Points"))}</th>` +
    `<th style="${TH}">${escapeHtml(say("选项", "Option"))}</th><th style="${TH}">${escapeHtml(say("依据", "Evidence"))}</th></tr></thead>` +
    `<tbody>${rows}</tbody>` +
    `<tfoot><tr><td style="${TD};font-weight:700">${escapeHtml(say("总分", "Total"))}</td>` +
    `<td data-role="total" style="${TD};text-align:right;font-weight:700;white-space:nowrap">${escapeHtml(totalOutOf(input.result, input.rubric))}</td>` +
    `<td style="${TD}" colspan="2"></td></tr></tfoot></table>`
  );
}

function scoreTableText(input: EmailBase, say: Say): string[] {
  return [
    say("评分明细", "Score breakdown"),
    ...scoreRows(input).map((v) => {
      const parts = [`- ${v.name}: ${v.points} / ${v.maxPoints}`];
      if (v.optionLabel) parts.push(say(`（${v.optionLabel}）`, ` (${v.optionLabel})`));
      if (v.evidence) parts.push(say(` 依据：${v.evidence}`, ` evidence: ${v.evidence}`));
      return parts.join("");
    }),
    totalLine(input.result, input.rubric, say),
  ];
}

function reasonParagraphs(result: GradeResult): string[] {
  return result.reason.split("\n").map((p) => p.trim()).filter(Boolean);
}

function reasonHtml(result: GradeResult, say: Say): string {
  const paras = reasonParagraphs(result);
  if (!paras.length) return "";
  return (
    `<h2 style="${H2}">${escapeHtml(say("评级理由", "Why this grade"))}</h2>` +
    paras.map((p) => `<p data-role="reason" style="margin:0 0 8px">${escapeHtml(p)}</p>`).join("")
  );
}

const CONTACT_FIELDS: readonly LeadField[] = ["contactName", "contactTitle", "contactEmail", "contactPhone", "customerName", "address"];
const DETAIL_FIELDS: readonly LeadField[] = ["industry", "companySize", "cooperationHistory", "leadSource", "leadDetails", "interactionDetails", "interactionFrequency"];

function fieldTableHtml(title: string, lead: Lead, fields: readonly LeadField[], lang: Lang, role: string): string {
  const rows = fields
    .filter((f) => lead[f] !== "")
    .map((f) => `<tr><th style="${TH};width:28%">${escapeHtml(textIn(FIELD_LABELS[f], lang))}</th><td style="${TD}">${escMultiline(lead[f])}</td></tr>`)
    .join("");
  if (!rows) return "";
  return `<h2 style="${H2}">${escapeHtml(title)}</h2><table data-role="${role}" role="presentation" cellpadding="0" cellspacing="0" style="border-collapse:collapse;width:100%;font-size:13px">${rows}</table>`;
}

function fieldLinesText(title: string, lead: Lead, fields: readonly LeadField[], lang: Lang): string[] {
  const lines = fields.filter((f) => lead[f] !== "").map((f) => `${textIn(FIELD_LABELS[f], lang)}${lang === "zh" ? "：" : ": "}${lead[f]}`);
  return lines.length ? [title, ...lines] : [];
}

function rowLinkHtml(rowUrl: string | undefined, say: Say): string {
  const url = safeHttpUrl(rowUrl);
  if (!url) return "";
  return (
    `<p style="margin:24px 0 0"><a data-role="row-link" href="${escapeHtml(url)}" ` +
    `style="display:inline-block;padding:8px 16px;background:#0969da;color:#ffffff;text-decoration:none;border-radius:6px">` +
    `${escapeHtml(say("在表格中打开该线索", "Open the lead in the sheet"))}</a></p>`
  );
}

function rowLinkText(rowUrl: string | undefined, say: Say): string[] {
  const url = safeHttpUrl(rowUrl);
  return url ? [say(`在表格中打开：${url}`, `Open in the sheet: ${url}`)] : [];
}

function joinText(blocks: string[][]): string {
  return blocks.filter((b) => b.length).map((b) => b.join("\n")).join("\n\n") + "\n";
}

// ---------------------------------------------------------------- owner

function adviceTitle(section: (typeof ADVICE_SECTIONS)[number], advice: Advice, lang: Lang): string {
  const title = textIn(ADVICE_TITLES[section], lang);
  if (section !== "maturity") return title;
  const level = textIn(MATURITY_LABELS[advice.maturityLevel], lang);
  return lang === "zh" ? `${title}（${level}）` : `${title} (${level})`;
}

const NUMERALS_ZH = ["一", "二", "三", "四", "五"];

export function composeOwnerEmail(input: OwnerEmailInput): ComposedEmail {
  const { lead, result, advice, lang } = input;
  const say = sayIn(lang);
  const subject = headerSafe(
    say(
      `【${subjectGrade(result.grade, lang)}】${customerOf(lead, lang)} – 新线索 ${input.leadId}${input.partial ? "（部分信息）" : ""}`,
      `[${subjectGrade(result.grade, lang)}] ${customerOf(lead, lang)} – new lead ${input.leadId}${input.partial ? " (partial)" : ""}`,
    ),
    200,
  );
  const partialNote = say(
    "已达到最长等待时间，本邮件按目前已知的信息发送；跟进建议可能尚未生成，稍后可在表格中查看。",
    "The maximum wait has passed, so this e-mail carries what is known so far; the follow-up advice may not be ready yet (check the sheet later).",
  );
  const greeting = say(`${input.owner.name}，您好：有一条新线索分配给您。`, `Hello ${input.owner.name}, a new lead has been assigned to you.`);
  const noAdvice = say("跟进建议尚未生成。", "Follow-up advice is not ready yet.");

  const adviceHtml =
    `<h2 style="${H2}">${escapeHtml(say("跟进建议", "Follow-up plan"))}</h2>` +
    (advice
      ? ADVICE_SECTIONS.map(
          (s, i) =>
            `<div data-role="advice" data-section="${s}" style="margin:0 0 12px">` +
            `<h3 style="font-size:14px;margin:12px 0 4px;color:#1f2328">${escapeHtml(`${lang === "zh" ? NUMERALS_ZH[i] + "、" : `${i + 1}. `}${adviceTitle(s, advice, lang)}`)}</h3>` +
            `<p style="margin:0">${escMultiline(advice[s])}</p></div>`,
        ).join("")
      : `<p data-role="advice-missing" style="margin:0;color:#57606a">${escapeHtml(noAdvice)}</p>`);

  const body =
    (input.partial ? noticeHtml(partialNote, "#bf8700") : "") +
    `<p style="margin:0 0 12px">${escapeHtml(greeting)}</p>` +
    headerHtml(input, say) +
    `<p style="margin:0 0 8px">${badgeHtml(result.grade, lang)}` +
    `<span style="margin-left:12px;font-size:15px;font-weight:600">${escapeHtml(totalLine(result, input.rubric, say))}</span></p>` +
    scoreTableHtml(input, say) +
    reasonHtml(result, say) +
    adviceHtml +
    fieldTableHtml(say("联系信息", "Contact"), lead, CONTACT_FIELDS, lang, "contact") +
    fieldTableHtml(say("线索详情", "Lead details"), lead, DETAIL_FIELDS, lang, "details") +
    rowLinkHtml(input.rowUrl, say);

  const text = joinText([
    input.partial ? [partialNote] : [],
    [greeting],
    [
      `${gradeBadgeText(result.grade, lang)} · ${totalLine(result, input.rubric, say)}`,
      say(`客户：${lead.customerName || "未知客户"}`, `Customer: ${lead.customerName || "Unknown customer"}`),
      say(`线索编号：${input.leadId}`, `Lead: ${input.leadId}`),
      ...(formatSubmittedAt(input.submittedAt) ? [say(`提交时间：${formatSubmittedAt(input.submittedAt)}`, `Submitted: ${formatSubmittedAt(input.submittedAt)}`)] : []),
    ],
    scoreTableText(input, say),
    reasonParagraphs(result).length ? [say("评级理由", "Why this grade"), ...reasonParagraphs(result)] : [],
    [
      say("跟进建议", "Follow-up plan"),
      ...(advice
        ? ADVICE_SECTIONS.map((s, i) => `${lang === "zh" ? NUMERALS_ZH[i] + "、" : `${i + 1}. `}${adviceTitle(s, advice, lang)}\n${advice[s]}`)
        : [noAdvice]),
    ],
    fieldLinesText(say("联系信息", "Contact"), lead, CONTACT_FIELDS, lang),
    fieldLinesText(say("线索详情", "Lead details"), lead, DETAIL_FIELDS, lang),
    rowLinkText(input.rowUrl, say),
  ]);
  return { subject, text, html: page(lang, subject, body) };
}

// ---------------------------------------------------------------- manager (no owner)

function noOwnerWhy(input: ManagerEmailInput, say: Say): string {
  const region = input.region.trim();
  const fallback = input.fallbackRegion.trim();
  const first = region
    ? say(`区域“${region}”没有在岗的销售人员`, `no active salesperson covers region "${region}"`)
    : say("无法从地址确定线索所属区域", "the lead's region could not be derived from its address");
  const second = fallback && fallback !== region
    ? say(`备用区域“${fallback}”也没有在岗的销售人员`, `the fallback region "${fallback}" has no active salesperson either`)
    : fallback
      ? ""
      : say("设置中未填写备用区域", "no fallback region is set in Settings");
  return say(`未能自动分配：${[first, second].filter(Boolean).join("，")}。`, `Could not assign automatically: ${[first, second].filter(Boolean).join("; ")}.`);
}

export function composeManagerEmail(input: ManagerEmailInput): ComposedEmail {
  const { lead, result, lang } = input;
  const say = sayIn(lang);
  const subject = headerSafe(
    say(
      `【待分配 · ${subjectGrade(result.grade, lang)}】${customerOf(lead, lang)} – 无人负责的线索 ${input.leadId}`,
      `[Needs an owner · ${subjectGrade(result.grade, lang)}] ${customerOf(lead, lang)} – unassigned lead ${input.leadId}`,
    ),
    200,
  );
  const why = noOwnerWhy(input, say);
  const ask = say(
    "请在线索表中手动填写负责人及其邮箱，并检查销售人员表（区域、是否在岗）。",
    "Please assign an owner by hand in the Leads sheet and check the Salespeople sheet (regions, active flags).",
  );
  const problems = input.salespeopleProblems ?? [];
  const problemsTitle = say("销售人员表中的问题", "Problems in the Salespeople sheet");

  const body =
    noticeHtml(why, "#cf222e") +
    headerHtml(input, say) +
    `<p style="margin:0 0 8px">${badgeHtml(result.grade, lang)}` +
    `<span style="margin-left:12px;font-size:15px;font-weight:600">${escapeHtml(totalLine(result, input.rubric, say))}</span></p>` +
    `<p data-role="ask" style="margin:12px 0">${escapeHtml(ask)}</p>` +
    (problems.length
      ? `<h2 style="${H2}">${escapeHtml(problemsTitle)}</h2><ul data-role="problems" style="margin:0;padding-left:20px">` +
        problems.map((p) => `<li>${escapeHtml(p.message)}</li>`).join("") +
        `</ul>`
      : "") +
    reasonHtml(result, say) +
    fieldTableHtml(say("联系信息", "Contact"), lead, CONTACT_FIELDS, lang, "contact") +
    fieldTableHtml(say("线索详情", "Lead details"), lead, DETAIL_FIELDS, lang, "details") +
    rowLinkHtml(input.rowUrl, say);

  const text = joinText([
    [why, ask],
    [
      `${gradeBadgeText(result.grade, lang)} · ${totalLine(result, input.rubric, say)}`,
      say(`客户：${lead.customerName || "未知客户"}`, `Customer: ${lead.customerName || "Unknown customer"}`),
      say(`线索编号：${input.leadId}`, `Lead: ${input.leadId}`),
    ],
    problems.length ? [problemsTitle, ...problems.map((p) => `- ${p.message}`)] : [],
    reasonParagraphs(result).length ? [say("评级理由", "Why this grade"), ...reasonParagraphs(result)] : [],
    fieldLinesText(say("联系信息", "Contact"), lead, CONTACT_FIELDS, lang),
    fieldLinesText(say("线索详情", "Lead details"), lead, DETAIL_FIELDS, lang),
    rowLinkText(input.rowUrl, say),
  ]);
  return { subject, text, html: page(lang, subject, body) };
}

// ---------------------------------------------------------------- incomplete

/** What to ask for: the model's/rules' list first, then each blank field the Incomplete rule counts. */
export function missingForIncomplete(lead: Lead, _result: GradeResult, rubric: Rubric, lang: Lang): string[] {
  // The reader completes the lead by filling form fields, so the list names the blank fields
  // by their form labels. The engine's own follow-up questions (budget, timeline, …) are
  // sub-points of those fields and worded differently; merging both lists repeated items.
  const fields: LeadField[] = ["leadDetails", ...rubric.incomplete.fields.filter((f) => f !== "leadDetails")];
  return fields.filter((f) => (lead[f] ?? "").trim() === "").map((f) => textIn(FIELD_LABELS[f], lang));
}

export function composeIncompleteEmail(input: IncompleteEmailInput): ComposedEmail {
  const { lead, result, lang } = input;
  const say = sayIn(lang);
  const subject = headerSafe(
    say(`【请完善线索】${customerOf(lead, lang)} – ${input.leadId}`, `[Please complete] ${customerOf(lead, lang)} – lead ${input.leadId}`),
    200,
  );
  const intro = say(
    "这条线索的信息太少，系统无法判断等级。请补充以下信息（可直接在表格中填写，保存后会重新评分）：",
    "This lead carries too little information to grade. Please add the following (you can fill it in directly in the sheet; it is re-graded after saving):",
  );
  const missing = missingForIncomplete(lead, result, input.rubric, lang);
  const receivedTitle = say("目前已收到的信息", "What we have so far");
  const allFields: LeadField[] = [...CONTACT_FIELDS, ...DETAIL_FIELDS];

  const body =
    headerHtml(input, say) +
    `<p style="margin:0 0 8px">${badgeHtml(result.grade, lang)}</p>` +
    `<p style="margin:12px 0 4px">${escapeHtml(intro)}</p>` +
    `<ul data-role="missing" style="margin:0;padding-left:20px">${missing.map((m) => `<li>${escapeHtml(m)}</li>`).join("")}</ul>` +
    fieldTableHtml(receivedTitle, lead, allFields, lang, "received") +
    rowLinkHtml(input.rowUrl, say);

  const text = joinText([
    [`${gradeBadgeText(result.grade, lang)} · ${customerOf(lead, lang)} · ${input.leadId}`],
    [intro, ...missing.map((m) => `- ${m}`)],
    fieldLinesText(receivedTitle, lead, allFields, lang),
    rowLinkText(input.rowUrl, say),
  ]);
  return { subject, text, html: page(lang, subject, body) };
}
