/**
 * The workbook's sheets and columns. Code finds a column by its stable key, or by its
 * zh or en header text, so managers may reorder, rename to the other language, or add
 * their own columns. Pure data plus lookups: no Apps Script calls here.
 */
import { SALESPERSON_COLUMNS, SALESPERSON_HEADERS } from "../core/assign";
import { FIELD_LABELS, LEAD_FIELDS, foldLabel, type Lang, type LeadField } from "../core/lead";
import { DIMENSION_KEYS, DEFAULT_DIMENSIONS, type DimensionKey } from "../core/rubric";
import { ADVICE_TITLES } from "../core/advice";
import { ADVICE_SECTIONS, type AdviceSection } from "../core/result";

export const SHEETS = {
  leads: { zh: "线索", en: "Leads", aliases: ["Leads", "线索"] },
  salespeople: { zh: "销售人员", en: "Salespeople", aliases: ["Salespeople", "销售人员", "销售"] },
  rubric: { zh: "评分表", en: "Rubric", aliases: ["Rubric", "评分表", "评分规则"] },
  settings: { zh: "设置", en: "Settings", aliases: ["Settings", "设置"] },
  regions: { zh: "区域", en: "Regions", aliases: ["Regions", "区域", "区域映射"] },
  log: { zh: "日志", en: "Log", aliases: ["Log", "日志"] },
} as const;
export type SheetKey = keyof typeof SHEETS;

/** How a column's cells are formatted: "@" text (no formula, no coercion), a number or a date-time. */
export type ColumnKind = "text" | "number" | "date";

export interface ColumnDef<K extends string = string> {
  key: K;
  zh: string;
  en: string;
  kind: ColumnKind;
  /** Extra header texts accepted when finding the column. */
  aliases?: readonly string[];
}

const pointsKey = (k: DimensionKey) => `points_${k}` as const;
export type PointsKey = ReturnType<typeof pointsKey>;

const dimName = (k: DimensionKey) => DEFAULT_DIMENSIONS.find((d) => d.key === k)!.name;

export const LEAD_COLUMNS = [
  { key: "leadId", zh: "线索ID", en: "Lead ID", kind: "text" },
  { key: "submittedAt", zh: "提交时间", en: "Submitted at", kind: "date" },
  { key: "status", zh: "状态", en: "Status", kind: "text" },
  { key: "source", zh: "来源渠道", en: "Intake", kind: "text" },
  ...LEAD_FIELDS.map((f) => ({ key: f, zh: FIELD_LABELS[f].zh, en: FIELD_LABELS[f].en, kind: "text" as const })),
  ...DIMENSION_KEYS.map((k) => ({ key: pointsKey(k), zh: `${dimName(k).zh}得分`, en: `${dimName(k).en} points`, kind: "number" as const })),
  { key: "total", zh: "总分", en: "Total", kind: "number" },
  { key: "grade", zh: "等级", en: "Grade", kind: "text" },
  { key: "reason", zh: "评级理由", en: "Reason", kind: "text" },
  { key: "evidence", zh: "评分依据", en: "Evidence", kind: "text" },
  { key: "missingInfo", zh: "待补充信息", en: "Missing information", kind: "text" },
  { key: "engine", zh: "评分引擎", en: "Engine", kind: "text" },
  { key: "fallbackReason", zh: "降级原因", en: "Fallback reason", kind: "text" },
  /** Why the advice is the offline template instead of the model's (blank when the model advised). */
  { key: "adviceFallbackReason", zh: "建议降级原因", en: "Advice fallback reason", kind: "text" },
  { key: "region", zh: "区域", en: "Region", kind: "text" },
  { key: "owner", zh: "负责人", en: "Owner", kind: "text" },
  { key: "ownerEmail", zh: "负责人邮箱", en: "Owner email", kind: "text" },
  { key: "maturityLevel", zh: "成熟度", en: "Maturity level", kind: "text" },
  ...ADVICE_SECTIONS.map((s) => ({ key: s, zh: ADVICE_TITLES[s].zh, en: ADVICE_TITLES[s].en, kind: "text" as const })),
  { key: "gradedAt", zh: "评分时间", en: "Graded at", kind: "date" },
  { key: "assignedAt", zh: "分配时间", en: "Assigned at", kind: "date" },
  { key: "advisedAt", zh: "建议时间", en: "Advised at", kind: "date" },
  { key: "notifyAfter", zh: "计划通知时间", en: "Notify after", kind: "date" },
  { key: "notifiedAt", zh: "通知时间", en: "Notified at", kind: "date" },
  { key: "retryAt", zh: "下次重试时间", en: "Retry at", kind: "date" },
  { key: "attempts", zh: "尝试次数", en: "Attempts", kind: "number" },
  { key: "error", zh: "错误信息", en: "Error", kind: "text" },
] as const satisfies readonly ColumnDef[];

export type LeadColumnKey = "leadId" | "submittedAt" | "status" | "source" | LeadField | PointsKey | "total" | "grade" | "reason" | "evidence" | "missingInfo" | "engine" | "fallbackReason" | "adviceFallbackReason" | "region" | "owner" | "ownerEmail" | "maturityLevel" | AdviceSection | "gradedAt" | "assignedAt" | "advisedAt" | "notifyAfter" | "notifiedAt" | "retryAt" | "attempts" | "error";

export const LEAD_COLUMN_DEFS: readonly ColumnDef<LeadColumnKey>[] = LEAD_COLUMNS as unknown as ColumnDef<LeadColumnKey>[];
export { pointsKey };

/** From the headers assignment reads (with their aliases), so Set up and the pipeline agree on every column. */
export const SALESPEOPLE_COLUMNS: readonly ColumnDef[] = SALESPERSON_COLUMNS.map((k) => ({
  key: k,
  zh: SALESPERSON_HEADERS[k].zh,
  en: SALESPERSON_HEADERS[k].en,
  kind: k === "count" || k === "order" ? ("number" as const) : ("text" as const),
  aliases: SALESPERSON_HEADERS[k].aliases,
}));

export const RUBRIC_COLUMNS: readonly ColumnDef[] = [
  { key: "dimension", zh: "维度键", en: "Dimension key", kind: "text" },
  { key: "dimensionName", zh: "维度", en: "Dimension", kind: "text" },
  { key: "option", zh: "选项ID", en: "Option id", kind: "text" },
  { key: "label", zh: "选项说明", en: "Option", kind: "text" },
  { key: "points", zh: "分值", en: "Points", kind: "number" },
];

export const REGION_COLUMNS: readonly ColumnDef[] = [
  { key: "place", zh: "地点关键词", en: "Place keyword", kind: "text" },
  { key: "region", zh: "区域", en: "Region", kind: "text" },
  { key: "remote", zh: "偏远地区", en: "Remote", kind: "text" },
];

export const SETTINGS_COLUMNS: readonly ColumnDef[] = [
  { key: "key", zh: "键", en: "Key", kind: "text" },
  { key: "label", zh: "设置项", en: "Setting", kind: "text" },
  { key: "value", zh: "值", en: "Value", kind: "text" },
  { key: "help", zh: "说明", en: "Help", kind: "text" },
];

export const LOG_COLUMNS: readonly ColumnDef[] = [
  { key: "time", zh: "时间", en: "Time", kind: "date" },
  { key: "leadId", zh: "线索ID", en: "Lead ID", kind: "text" },
  { key: "step", zh: "步骤", en: "Step", kind: "text" },
  { key: "outcome", zh: "结果", en: "Outcome", kind: "text" },
  { key: "message", zh: "信息", en: "Message", kind: "text" },
];

export function headerText(def: ColumnDef, lang: Lang): string {
  return lang === "zh" ? def.zh : def.en;
}

/**
 * Column positions (0-based) by key for a header row. A header matches a column when it
 * equals (folded) the key, the zh or the en text, or an alias. The first match wins, so a
 * manager's duplicate column to the right is ignored.
 */
export function mapColumns<K extends string>(header: readonly unknown[], defs: readonly ColumnDef<K>[]): Partial<Record<K, number>> {
  const folded = header.map((h) => foldLabel(String(h ?? "")));
  const out: Partial<Record<K, number>> = {};
  const taken = new Set<number>();
  for (const def of defs) {
    const names = new Set([def.key, def.zh, def.en, ...(def.aliases ?? [])].map(foldLabel));
    const at = folded.findIndex((h, i) => h !== "" && !taken.has(i) && names.has(h));
    if (at >= 0) {
      out[def.key] = at;
      taken.add(at);
    }
  }
  return out;
}

export function missingColumns<K extends string>(map: Partial<Record<K, number>>, keys: readonly K[]): K[] {
  return keys.filter((k) => map[k] === undefined);
}

/** Sheet names stay English (formulas, links and the API refer to them); zh names are accepted too. */
export function sheetNameFor(key: SheetKey): string {
  return SHEETS[key].en;
}
