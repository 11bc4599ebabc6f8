/**
 * Round-robin assignment by region, as pure functions. The Apps Script adapter reads the
 * Salespeople sheet, calls `parseSalespeople` and `chooseOwner` under the script lock,
 * and writes the incremented count back to `rep.row`.
 *
 * Managers type this sheet by hand, so parsing forgives what it safely can:
 * - cells are trimmed; full-width digits and letters ("３", "＠") become ASCII;
 * - active: blank, 是/在岗/yes/true/y/on/1/✓/✔/√ mean active; 否/不在岗/离岗/离职/休假/停用/
 *   no/false/n/off/0/✗/✘/×/☐ mean inactive; anything else is reported and treated as
 *   INACTIVE (a rep on leave must not get leads because of a typo);
 * - missing or invalid email: reported, row EXCLUDED (the owner could not be notified);
 * - blank name: reported, the email is used as the name;
 * - blank region: reported, kept (never matches a lead region);
 * - blank count (a newcomer): starts at the lowest count among active reps of the same
 *   region (0 when there are none), so the newcomer is not flooded (`countWasBlank`);
 * - non-numeric or negative count: reported, treated like a blank count (`countWasInvalid`);
 * - blank order: sorts after every numbered rep; non-numeric order: reported, treated as blank;
 * - duplicate names are fine: a rep is identified by email + sheet row (`key`).
 */
import { foldLabel, type Lang } from "./lead";

export const SALESPERSON_COLUMNS = ["name", "email", "region", "count", "order", "active"] as const;
export type SalespersonColumn = (typeof SALESPERSON_COLUMNS)[number];
export type HeaderAliases = Partial<Record<SalespersonColumn, readonly string[]>>;

export const SALESPERSON_HEADERS: Record<SalespersonColumn, { zh: string; en: string; aliases: readonly string[] }> = {
  name: { zh: "姓名", en: "Name", aliases: ["名字", "销售", "销售姓名", "销售人员", "salesperson", "sales rep", "rep"] },
  email: { zh: "邮箱", en: "Email", aliases: ["电子邮箱", "邮件", "邮件地址", "e-mail", "email address", "mail"] },
  region: { zh: "区域", en: "Region", aliases: ["地区", "大区", "负责区域", "销售区域", "area", "territory"] },
  count: { zh: "当前线索数", en: "Current lead count", aliases: ["线索数", "当前线索数量", "线索数量", "已分配线索数", "lead count", "leads", "count"] },
  order: { zh: "顺序", en: "Order", aliases: ["排序", "序号", "优先级", "sort order", "priority"] },
  active: { zh: "是否在岗", en: "Active", aliases: ["在岗", "状态", "在职", "is active", "enabled", "status"] },
};

export interface Salesperson {
  /** email (lower case) + "#" + sheet row: duplicate names and even duplicate emails stay distinct. */
  key: string;
  name: string;
  email: string;
  /** Region text as typed (trimmed, full-width folded); unknown regions are kept and never match. */
  region: string;
  count: number;
  /** null = blank or invalid: sorts after every numbered rep. */
  order: number | null;
  active: boolean;
  /** 1-based sheet row (the header is row 1). */
  row: number;
  countWasBlank: boolean;
  countWasInvalid: boolean;
}

export interface SalespersonProblem {
  row: number;
  column?: SalespersonColumn;
  message: string;
}

export interface ParsedSalespeople {
  reps: Salesperson[];
  problems: SalespersonProblem[];
}

/** Full-width ASCII (U+FF01–FF5E) and the ideographic space to plain ASCII. */
export function foldWidth(text: string): string {
  return text.replace(/[\uFF01-\uFF5E]/g, (ch) => String.fromCharCode(ch.charCodeAt(0) - 0xfee0)).replace(/\u3000/g, " ");
}

function cellText(value: unknown): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "boolean") return value ? "true" : "false";
  if (typeof value === "number") return Number.isFinite(value) ? String(value) : "";
  if (typeof value === "string") return foldWidth(value).replace(/\s+/g, " ").trim();
  return "";
}

/** The form-label fold, after full-width letters and question marks ("邮箱？") are taken out. */
function foldHeader(text: string): string {
  return foldLabel(foldWidth(text).replace(/[?？]/g, ""));
}

/** Region compare key: case and spacing do not matter ("East China" = "east  china"). */
export function regionKey(region: string): string {
  return foldWidth(region).toLowerCase().replace(/\s+/g, "");
}

const EMAIL_RE = /^[^\s@<>()"',;:[\]]+@[^\s@<>()"',;:[\]]+\.[^\s@<>()"',;:[\]]+$/;

/** Accepts "a@b.com", "mailto:a@b.com" and "Name <a@b.com>"; returns "" when invalid. */
export function cleanEmail(text: string): string {
  let s = text.trim();
  const angled = /<([^<>]+)>/.exec(s);
  if (angled) s = angled[1].trim();
  s = s.replace(/^mailto:/i, "");
  return EMAIL_RE.test(s) ? s : "";
}

const ACTIVE_WORDS = new Set(["是", "在岗", "在职", "有效", "启用", "yes", "y", "true", "on", "active", "1", "✓", "✔", "√", "☑", "✅"]);
const INACTIVE_WORDS = new Set(["否", "不在岗", "离岗", "离职", "休假", "请假", "停用", "无效", "no", "n", "false", "off", "inactive", "0", "✗", "✘", "×", "☐", "❌"]);

/** true / false, or undefined for text we do not recognize. Blank means active. */
export function parseActive(value: unknown): boolean | undefined {
  if (value === true || value === false) return value;
  const s = cellText(value).toLowerCase();
  if (s === "") return true;
  if (ACTIVE_WORDS.has(s)) return true;
  if (INACTIVE_WORDS.has(s)) return false;
  return undefined;
}

/** A whole non-negative number from a cell ("3", "３", "1,200", 3, "3.0"); undefined for blank; NaN when invalid. */
export function parseCount(value: unknown): number | undefined {
  if (typeof value === "number") return Number.isInteger(value) && value >= 0 ? value : NaN;
  const s = cellText(value).replace(/[,，\s]/g, "");
  if (s === "") return undefined;
  if (!/^\d+(\.0+)?$/.test(s)) return NaN;
  return Number(s);
}

/** An order number; decimals and negatives are allowed (a manager may slot someone in at 1.5). */
function parseOrder(value: unknown): number | undefined {
  if (typeof value === "number") return Number.isFinite(value) ? value : NaN;
  const s = cellText(value).replace(/[,，\s]/g, "");
  if (s === "") return undefined;
  return /^-?\d+(\.\d+)?$/.test(s) ? Number(s) : NaN;
}

const COLUMN_NAMES: Record<SalespersonColumn, { zh: string; en: string }> = {
  name: { zh: "姓名", en: "name" },
  email: { zh: "邮箱", en: "email" },
  region: { zh: "区域", en: "region" },
  count: { zh: "当前线索数", en: "current lead count" },
  order: { zh: "顺序", en: "order" },
  active: { zh: "是否在岗", en: "active" },
};

function problem(lang: Lang, row: number, column: SalespersonColumn | undefined, zh: string, en: string): SalespersonProblem {
  const where = column
    ? lang === "zh" ? `销售人员表第${row}行“${COLUMN_NAMES[column].zh}”列：` : `Salespeople row ${row}, column "${COLUMN_NAMES[column].en}": `
    : lang === "zh" ? `销售人员表第${row}行：` : `Salespeople row ${row}: `;
  return column ? { row, column, message: where + (lang === "zh" ? zh : en) } : { row, message: where + (lang === "zh" ? zh : en) };
}

function quoteCell(value: unknown): string {
  const s = cellText(value);
  return s.length > 40 ? s.slice(0, 40) + "…" : s;
}

/**
 * Read the Salespeople sheet. `rows[0]` is the header row (zh or en titles, any column
 * order); `headerAliases` adds titles a manager uses. `lang` is the language of problem messages.
 */
export function parseSalespeople(rows: unknown[][], headerAliases: HeaderAliases = {}, lang: Lang = "zh"): ParsedSalespeople {
  const problems: SalespersonProblem[] = [];
  if (rows.length === 0) {
    problems.push(problem(lang, 1, undefined, "表格为空，没有标题行。", "the sheet is empty (no header row)."));
    return { reps: [], problems };
  }

  const columnIndex: Partial<Record<SalespersonColumn, number>> = {};
  const header = (rows[0] ?? []).map((h) => foldHeader(cellText(h)));
  for (const col of SALESPERSON_COLUMNS) {
    const def = SALESPERSON_HEADERS[col];
    const names = new Set([col, def.zh, def.en, ...def.aliases, ...(headerAliases[col] ?? [])].map(foldHeader));
    const at = header.findIndex((h) => h !== "" && names.has(h));
    if (at >= 0) columnIndex[col] = at;
  }
  const missingRequired = (["email", "region"] as const).filter((c) => columnIndex[c] === undefined);
  if (missingRequired.length) {
    for (const c of missingRequired) {
      problems.push(problem(lang, 1, c, "找不到该列标题，无法读取销售人员。", "column header not found; no salesperson can be read."));
    }
    return { reps: [], problems };
  }

  const cell = (row: unknown[], col: SalespersonColumn): unknown => {
    const at = columnIndex[col];
    return at === undefined ? undefined : row[at];
  };

  interface Draft extends Omit<Salesperson, "count"> {
    count: number | undefined;
  }
  const drafts: Draft[] = [];
  for (let i = 1; i < rows.length; i++) {
    const row = rows[i] ?? [];
    const sheetRow = i + 1;
    if (row.every((v) => cellText(v) === "")) continue; // blank spacer rows are normal

    const rawEmail = cell(row, "email");
    const email = cleanEmail(cellText(rawEmail));
    if (!email) {
      const shown = quoteCell(rawEmail);
      problems.push(
        shown
          ? problem(lang, sheetRow, "email", `“${shown}”不是有效邮箱，已跳过该行。`, `"${shown}" is not a valid e-mail address; row skipped.`)
          : problem(lang, sheetRow, "email", "邮箱为空，已跳过该行。", "e-mail is blank; row skipped."),
      );
      continue;
    }

    let name = cellText(cell(row, "name"));
    if (!name) {
      name = email;
      problems.push(problem(lang, sheetRow, "name", "姓名为空，已用邮箱代替。", "name is blank; the e-mail address is used instead."));
    }

    const region = cellText(cell(row, "region"));
    if (!region) problems.push(problem(lang, sheetRow, "region", "区域为空，该销售不会被分配线索。", "region is blank; this person will not get leads."));

    let active = parseActive(cell(row, "active"));
    if (active === undefined) {
      problems.push(
        problem(lang, sheetRow, "active", `无法识别“${quoteCell(cell(row, "active"))}”，按不在岗处理（请填“是”或“否”）。`, `"${quoteCell(cell(row, "active"))}" is not understood; treated as inactive (use yes or no).`),
      );
      active = false;
    }

    const rawCount = cell(row, "count");
    const count = parseCount(rawCount);
    const countWasInvalid = count !== undefined && Number.isNaN(count);
    if (countWasInvalid) {
      problems.push(
        problem(lang, sheetRow, "count", `“${quoteCell(rawCount)}”不是非负整数，按该区域在岗销售的最低线索数计。`, `"${quoteCell(rawCount)}" is not a whole number ≥ 0; counted as the lowest count among active reps of the region.`),
      );
    }

    const rawOrder = cell(row, "order");
    const order = parseOrder(rawOrder);
    if (order !== undefined && Number.isNaN(order)) {
      problems.push(problem(lang, sheetRow, "order", `“${quoteCell(rawOrder)}”不是数字，排在该区域其他销售之后。`, `"${quoteCell(rawOrder)}" is not a number; sorted after the others of the region.`));
    }

    drafts.push({
      key: `${email.toLowerCase()}#${sheetRow}`,
      name,
      email,
      region,
      count: count === undefined || countWasInvalid ? undefined : count,
      order: order === undefined || Number.isNaN(order) ? null : order,
      active,
      row: sheetRow,
      countWasBlank: count === undefined,
      countWasInvalid,
    });
  }

  // Newcomers start level with the least-loaded active colleague of their region.
  const lowestByRegion = new Map<string, number>();
  for (const d of drafts) {
    if (!d.active || d.count === undefined) continue;
    const k = regionKey(d.region);
    const low = lowestByRegion.get(k);
    if (low === undefined || d.count < low) lowestByRegion.set(k, d.count);
  }
  const reps: Salesperson[] = drafts.map((d) => ({ ...d, count: d.count ?? lowestByRegion.get(regionKey(d.region)) ?? 0 }));
  return { reps, problems };
}

export type OwnerChoiceReason = "region" | "fallback-region" | "no-active-rep";

export interface OwnerChoice {
  owner?: Salesperson;
  /** The region the owner was picked from; "" when nobody was picked. */
  regionUsed: string;
  reason: OwnerChoiceReason;
}

/** Lowest count, then smallest order (blank last), then the earlier sheet row. */
export function compareForAssignment(a: Salesperson, b: Salesperson): number {
  if (a.count !== b.count) return a.count - b.count;
  if (a.order !== b.order) {
    if (a.order === null) return 1;
    if (b.order === null) return -1;
    return a.order - b.order;
  }
  return a.row - b.row;
}

function pickIn(reps: readonly Salesperson[], region: string): Salesperson | undefined {
  const k = regionKey(region);
  if (!k) return undefined;
  const candidates = reps.filter((r) => r.active && regionKey(r.region) === k);
  return candidates.sort(compareForAssignment)[0];
}

export function chooseOwner(reps: readonly Salesperson[], region: string, fallbackRegion: string): OwnerChoice {
  const inRegion = pickIn(reps, region);
  if (inRegion) return { owner: inRegion, regionUsed: region, reason: "region" };
  const inFallback = pickIn(reps, fallbackRegion);
  if (inFallback) return { owner: inFallback, regionUsed: fallbackRegion, reason: "fallback-region" };
  return { regionUsed: "", reason: "no-active-rep" };
}

/** The reps after `owner` got one more lead (what the adapter writes back). */
export function withLeadAssigned(reps: readonly Salesperson[], owner: Salesperson): Salesperson[] {
  return reps.map((r) => (r.key === owner.key ? { ...r, count: r.count + 1, countWasBlank: false, countWasInvalid: false } : r));
}
