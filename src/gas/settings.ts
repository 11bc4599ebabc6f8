/**
 * The manager-editable configuration, parsed from sheet rows (pure). Every problem —
 * a typo, an unknown key, a secret pasted into a sheet — becomes a readable message and
 * a default, never a crash: the Log sheet shows the message, leads keep flowing.
 */
import { DEFAULT_LLM_BASE_URL, DEFAULT_LLM_MODEL } from "../core/llm/config";
import { foldLabel, type Lang } from "../core/lead";
import { DEFAULT_PIPELINE_SETTINGS, type PipelineSettings } from "../core/pipeline";
import { DEFAULT_REGION_RULES, type RegionRule } from "../core/regions";
import { DEFAULT_RUBRIC, DIMENSION_KEYS, cloneRubric, validateRubric, type DimensionKey, type Rubric, type RubricOption } from "../core/rubric";
import { mapColumns, REGION_COLUMNS, RUBRIC_COLUMNS, SETTINGS_COLUMNS } from "./schema";

export interface AppSettings extends PipelineSettings {
  language: Lang;
  fallbackRegion: string;
  managerEmail: string;
  llmBaseUrl: string;
  llmModel: string;
  batchSize: number;
  timeBudgetSeconds: number;
}

type Kind =
  | { type: "int"; min: number; max: number }
  | { type: "lang" }
  | { type: "text" }
  | { type: "email" }
  | { type: "url" }
  | { type: "list" };

export interface SettingDef {
  key: string;
  zh: string;
  en: string;
  kind: Kind;
  /** The default as a sheet cell shows it. */
  default: string;
  helpZh: string;
  helpEn: string;
}

const int = (min: number, max: number): Kind => ({ type: "int", min, max });
const P = DEFAULT_RUBRIC.profile;
const list = (xs: readonly string[]) => xs.join("、");

export const SETTING_DEFS: readonly SettingDef[] = [
  { key: "LANGUAGE", zh: "语言", en: "Language", kind: { type: "lang" }, default: "zh", helpZh: "zh 或 en：表头、表单和邮件的语言", helpEn: "zh or en: language of headers, form and e-mails" },
  { key: "NOTIFY_DELAY_MINUTES", zh: "通知延迟（分钟）", en: "Notify delay (minutes)", kind: int(0, 10080), default: String(DEFAULT_PIPELINE_SETTINGS.notifyDelayMinutes), helpZh: "分析完成后多久邮件通知负责人；0 = 立即", helpEn: "Minutes after analysis before the owner is e-mailed; 0 = at once" },
  { key: "FALLBACK_REGION", zh: "兜底区域", en: "Fallback region", kind: { type: "text" }, default: "", helpZh: "本区域无在岗销售时改用的区域", helpEn: "Region used when a lead's region has no active salesperson" },
  { key: "MANAGER_EMAIL", zh: "经理邮箱", en: "Manager e-mail", kind: { type: "email" }, default: "", helpZh: "无人负责或需人工处理的线索通知此邮箱", helpEn: "Told about leads without an owner or needing attention" },
  { key: "LLM_BASE_URL", zh: "模型接口地址", en: "Model base URL", kind: { type: "url" }, default: DEFAULT_LLM_BASE_URL, helpZh: "OpenAI 兼容接口；API 密钥只放在脚本属性 LLM_API_KEY 中", helpEn: "OpenAI-compatible endpoint; the key lives only in Script Property LLM_API_KEY" },
  { key: "LLM_MODEL", zh: "模型名称", en: "Model name", kind: { type: "text" }, default: DEFAULT_LLM_MODEL, helpZh: "模型名称", helpEn: "Model name" },
  { key: "BATCH_SIZE", zh: "每批线索数", en: "Batch size", kind: int(1, 100), default: "20", helpZh: "一次处理的线索数", helpEn: "Leads processed per batch" },
  { key: "MAX_ATTEMPTS", zh: "最大尝试次数", en: "Max attempts", kind: int(1, 10), default: String(DEFAULT_PIPELINE_SETTINGS.maxAttempts), helpZh: "某步骤失败多少次后转人工", helpEn: "Failed tries before a lead needs attention" },
  { key: "MAX_WAIT_MINUTES", zh: "最长等待（分钟）", en: "Max wait (minutes)", kind: int(5, 10080), default: String(DEFAULT_PIPELINE_SETTINGS.maxWaitMinutes), helpZh: "分析一直失败时，超过此时间按已知信息通知", helpEn: "When analysis keeps failing, notify with what is known after this long" },
  { key: "RETRY_DELAY_MINUTES", zh: "重试间隔（分钟）", en: "Retry delay (minutes)", kind: int(0, 1440), default: String(DEFAULT_PIPELINE_SETTINGS.retryDelayMinutes), helpZh: "失败后多久重试", helpEn: "Minutes between a failed try and the next" },
  { key: "TIME_BUDGET_SECONDS", zh: "单次运行时长（秒）", en: "Time budget (seconds)", kind: int(30, 330), default: "270", helpZh: "每次运行的处理时长上限（Apps Script 限 6 分钟）", helpEn: "Processing time per run (Apps Script stops at 6 minutes)" },
  { key: "GRADE_A_MIN", zh: "A级最低分", en: "Grade A minimum", kind: int(0, 1000), default: String(DEFAULT_RUBRIC.grades.A), helpZh: "总分≥此值为 A", helpEn: "Total at or above this is A" },
  { key: "GRADE_B_MIN", zh: "B级最低分", en: "Grade B minimum", kind: int(0, 1000), default: String(DEFAULT_RUBRIC.grades.B), helpZh: "总分≥此值为 B", helpEn: "Total at or above this is B" },
  { key: "GRADE_C_MIN", zh: "C级最低分", en: "Grade C minimum", kind: int(0, 1000), default: String(DEFAULT_RUBRIC.grades.C), helpZh: "总分≥此值为 C，否则 D", helpEn: "Total at or above this is C, else D" },
  { key: "PROFILE_BUSINESS", zh: "公司业务", en: "Our business", kind: { type: "text" }, default: P.business.zh, helpZh: "公司主营业务", helpEn: "What the company sells" },
  { key: "PROFILE_PRODUCT_KEYWORDS", zh: "产品关键词", en: "Product keywords", kind: { type: "list" }, default: list(P.productKeywords), helpZh: "用顿号或逗号分隔", helpEn: "Separated by commas" },
  { key: "PROFILE_CORE_INDUSTRIES", zh: "核心行业关键词", en: "Core industry keywords", kind: { type: "list" }, default: list(P.coreIndustries.keywords), helpZh: "核心战略行业（20分）", helpEn: "Core strategic industries (20 points)" },
  { key: "PROFILE_EXPANSION_INDUSTRIES", zh: "拓展行业关键词", en: "Expansion industry keywords", kind: { type: "list" }, default: list(P.expansionIndustries.keywords), helpZh: "重点拓展行业（10分）", helpEn: "Expansion industries (10 points)" },
  { key: "PROFILE_CORE_REGIONS", zh: "核心服务地区", en: "Core service places", kind: { type: "list" }, default: list(P.coreRegions), helpZh: "核心服务范围的省市（20分）", helpEn: "Provinces/cities of the core service area (20 points)" },
  { key: "PROFILE_PRICE_MIN", zh: "单台最低价（元）", en: "Machine price min (CNY)", kind: int(0, 1e9), default: String(P.priceBand.min), helpZh: "判断预算是否符合报价", helpEn: "Used to judge whether a budget fits" },
  { key: "PROFILE_PRICE_MAX", zh: "单台最高价（元）", en: "Machine price max (CNY)", kind: int(0, 1e9), default: String(P.priceBand.max), helpZh: "判断预算是否符合报价", helpEn: "Used to judge whether a budget fits" },
];

/** Names that must never be kept in a sheet: they live in Script Properties only. */
export const SECRET_KEYS = ["LLM_API_KEY", "API_TOKEN", "API_HMAC_SECRET", "OPENAI_API_KEY"] as const;

export interface ConfigProblem {
  sheet: "Settings" | "Rubric" | "Regions";
  message: string;
}

const DEF_BY_NAME: Map<string, SettingDef> = (() => {
  const m = new Map<string, SettingDef>();
  for (const d of SETTING_DEFS) for (const n of [d.key, d.zh, d.en]) m.set(foldLabel(n), d);
  return m;
})();

function cell(v: unknown): string {
  if (v === null || v === undefined) return "";
  if (v instanceof Date || Object.prototype.toString.call(v) === "[object Date]") return "";
  return String(v).trim();
}

function parseValue(def: SettingDef, raw: string): { ok: true; value: string | number } | { ok: false } {
  const k = def.kind;
  switch (k.type) {
    case "int": {
      const s = raw.replace(/[\uFF10-\uFF19]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0)).replace(/[,，\s]/g, "");
      if (!/^\d+(\.0+)?$/.test(s)) return { ok: false };
      const n = Number(s);
      return n >= k.min && n <= k.max ? { ok: true, value: n } : { ok: false };
    }
    case "lang": {
      const s = raw.toLowerCase();
      if (["zh", "cn", "中文", "zh-cn", "chinese"].includes(s)) return { ok: true, value: "zh" };
      if (["en", "english", "英文", "英语"].includes(s)) return { ok: true, value: "en" };
      return { ok: false };
    }
    case "email":
      return raw === "" || /^[^\s@,;]+@[^\s@,;]+\.[^\s@,;]+$/.test(raw) ? { ok: true, value: raw } : { ok: false };
    case "url":
      return /^https?:\/\/[^\s]+$/i.test(raw) ? { ok: true, value: raw.replace(/\/+$/, "") } : { ok: false };
    default:
      return { ok: true, value: raw };
  }
}

export function splitList(text: string): string[] {
  return text.split(/[,，、;；\n]+/).map((s) => s.trim()).filter(Boolean);
}

export interface ParsedSettings {
  settings: AppSettings;
  /** Raw values by key (for the profile and the sidebar). */
  values: Record<string, string | number>;
  problems: ConfigProblem[];
}

/**
 * Read Settings rows (header first). A row is found by its key column, or its label in
 * either language; an unreadable value keeps the default and is reported.
 */
export function parseSettings(rows: readonly unknown[][]): ParsedSettings {
  const problems: ConfigProblem[] = [];
  const values: Record<string, string | number> = {};
  for (const d of SETTING_DEFS) {
    const parsed = parseValue(d, d.default);
    values[d.key] = parsed.ok ? parsed.value : d.default;
  }
  const cols = mapColumns(rows[0] ?? [], SETTINGS_COLUMNS);
  const keyCol = cols.key ?? 0;
  const labelCol = cols.label;
  const valueCol = cols.value ?? 2;
  for (let i = 1; i < rows.length; i++) {
    const row = rows[i] ?? [];
    const name = cell(row[keyCol]) || (labelCol !== undefined ? cell(row[labelCol]) : "");
    if (!name) continue;
    const raw = cell(row[valueCol]);
    if ((SECRET_KEYS as readonly string[]).includes(name.toUpperCase())) {
      if (raw) problems.push({ sheet: "Settings", message: `Settings row ${i + 1}: ${name.toUpperCase()} is a secret and was ignored here; put it in Script Properties and clear this cell.` });
      continue;
    }
    const def = DEF_BY_NAME.get(foldLabel(name)) ?? (labelCol !== undefined ? DEF_BY_NAME.get(foldLabel(cell(row[labelCol]))) : undefined);
    if (!def) {
      problems.push({ sheet: "Settings", message: `Settings row ${i + 1}: unknown setting "${name.slice(0, 60)}" ignored (check the spelling).` });
      continue;
    }
    if (raw === "" && def.kind.type !== "text" && def.kind.type !== "email" && def.kind.type !== "list") {
      problems.push({ sheet: "Settings", message: `Settings row ${i + 1}: ${def.key} is empty; using the default ${def.default}.` });
      continue;
    }
    const parsed = parseValue(def, raw);
    if (!parsed.ok) {
      problems.push({ sheet: "Settings", message: `Settings row ${i + 1}: ${def.key} "${raw.slice(0, 60)}" is not valid; using the default ${def.default}.` });
      continue;
    }
    values[def.key] = parsed.value;
  }
  const num = (k: string) => values[k] as number;
  const settings: AppSettings = {
    language: values.LANGUAGE as Lang,
    notifyDelayMinutes: num("NOTIFY_DELAY_MINUTES"),
    fallbackRegion: String(values.FALLBACK_REGION),
    managerEmail: String(values.MANAGER_EMAIL),
    llmBaseUrl: String(values.LLM_BASE_URL),
    llmModel: String(values.LLM_MODEL),
    batchSize: num("BATCH_SIZE"),
    maxAttempts: num("MAX_ATTEMPTS"),
    maxWaitMinutes: num("MAX_WAIT_MINUTES"),
    retryDelayMinutes: num("RETRY_DELAY_MINUTES"),
    timeBudgetSeconds: num("TIME_BUDGET_SECONDS"),
  };
  return { settings, values, problems };
}

export function defaultSettings(): AppSettings {
  return parseSettings([]).settings;
}

/** Settings rows as setup writes them: key, label, value, help. */
export function settingsSheetRows(lang: Lang): string[][] {
  return SETTING_DEFS.map((d) => [d.key, lang === "zh" ? d.zh : d.en, d.key === "LANGUAGE" ? lang : d.default, lang === "zh" ? d.helpZh : d.helpEn]);
}

// ---- Rubric ---------------------------------------------------------------------------

/** Rubric rows as setup writes them: one per dimension option. */
export function rubricSheetRows(rubric: Rubric, lang: Lang): (string | number)[][] {
  const out: (string | number)[][] = [];
  for (const d of rubric.dimensions) for (const o of d.options) out.push([d.key, d.name[lang], o.id, o.label[lang], o.points]);
  return out;
}

/**
 * Build the rubric from the Rubric sheet, the grade thresholds and the profile settings.
 * Anything invalid → the default rubric and the problems, so grading never stops.
 */
export function parseRubric(rows: readonly unknown[][], parsed: ParsedSettings, lang: Lang): { rubric: Rubric; problems: ConfigProblem[] } {
  const problems: ConfigProblem[] = [];
  const rubric = cloneRubric(DEFAULT_RUBRIC);
  const v = parsed.values;
  rubric.grades = { A: v.GRADE_A_MIN as number, B: v.GRADE_B_MIN as number, C: v.GRADE_C_MIN as number };
  const p = rubric.profile;
  p.business = { ...p.business, [lang]: String(v.PROFILE_BUSINESS) || p.business[lang] };
  const listOr = (key: string, fallback: string[]) => {
    const xs = splitList(String(v[key] ?? ""));
    return xs.length ? xs : fallback;
  };
  p.productKeywords = listOr("PROFILE_PRODUCT_KEYWORDS", p.productKeywords);
  p.coreIndustries.keywords = listOr("PROFILE_CORE_INDUSTRIES", p.coreIndustries.keywords);
  p.expansionIndustries.keywords = listOr("PROFILE_EXPANSION_INDUSTRIES", p.expansionIndustries.keywords);
  p.coreRegions = listOr("PROFILE_CORE_REGIONS", p.coreRegions);
  p.priceBand = { min: v.PROFILE_PRICE_MIN as number, max: v.PROFILE_PRICE_MAX as number };

  if (rows.length > 1) {
    const cols = mapColumns(rows[0] ?? [], RUBRIC_COLUMNS);
    const need = ["dimension", "option", "points"] as const;
    const missing = need.filter((k) => cols[k] === undefined);
    if (missing.length) {
      problems.push({ sheet: "Rubric", message: `Rubric: column(s) ${missing.join(", ")} not found; the default rubric is used.` });
    } else {
      const byDim = new Map<DimensionKey, { name?: string; options: RubricOption[] }>();
      // A dimension with an unreadable row keeps all its defaults: dropping one option would silently change grading.
      const broken = new Set<DimensionKey>();
      for (let i = 1; i < rows.length; i++) {
        const row = rows[i] ?? [];
        const key = cell(row[cols.dimension!]);
        if (!key && !cell(row[cols.option!])) continue;
        if (!(DIMENSION_KEYS as readonly string[]).includes(key)) {
          problems.push({ sheet: "Rubric", message: `Rubric row ${i + 1}: unknown dimension "${key.slice(0, 40)}".` });
          continue;
        }
        const dk = key as DimensionKey;
        const id = cell(row[cols.option!]);
        const rawPoints = row[cols.points!];
        const points = typeof rawPoints === "number" ? rawPoints : Number(cell(rawPoints));
        if (!id || !Number.isInteger(points) || points < 0 || cell(rawPoints) === "") {
          problems.push({ sheet: "Rubric", message: `Rubric row ${i + 1}: option "${id.slice(0, 40)}" needs an id and whole points ≥ 0 (got "${cell(rawPoints).slice(0, 20)}"); dimension ${dk} keeps its default options.` });
          broken.add(dk);
          continue;
        }
        const def = DEFAULT_RUBRIC.dimensions.find((d) => d.key === dk)!;
        const defOpt = def.options.find((o) => o.id === id);
        const label = cols.label !== undefined ? cell(row[cols.label]) : "";
        const entry = byDim.get(dk) ?? { options: [] };
        if (cols.dimensionName !== undefined && cell(row[cols.dimensionName])) entry.name = cell(row[cols.dimensionName]);
        entry.options.push({
          id,
          points,
          label: { zh: defOpt?.label.zh ?? (label || id), en: defOpt?.label.en ?? (label || id), [lang]: label || defOpt?.label[lang] || id } as RubricOption["label"],
        });
        byDim.set(dk, entry);
      }
      for (const d of rubric.dimensions) {
        const e = broken.has(d.key) ? undefined : byDim.get(d.key);
        if (broken.has(d.key)) continue;
        if (!e) {
          problems.push({ sheet: "Rubric", message: `Rubric: dimension ${d.key} has no rows; its defaults are used.` });
          continue;
        }
        d.options = e.options.slice().sort((a, b) => b.points - a.points);
        if (e.name) d.name = { ...d.name, [lang]: e.name };
      }
    }
  }
  const checked = validateRubric(rubric);
  if (!checked.ok) {
    for (const m of checked.problems) problems.push({ sheet: "Rubric", message: `Rubric: ${m}; the default rubric is used.` });
    const fallback = cloneRubric(DEFAULT_RUBRIC);
    return { rubric: fallback, problems };
  }
  return { rubric: checked.rubric, problems };
}

// ---- Regions --------------------------------------------------------------------------

export function regionSheetRows(): string[][] {
  return DEFAULT_REGION_RULES.map((r) => [r.place, r.region, r.remote ? "是" : ""]);
}

const YES = /^(是|y|yes|true|1|✓|√|remote|偏远)$/i;

export function parseRegions(rows: readonly unknown[][]): { regions: RegionRule[]; remoteAreas: string[]; problems: ConfigProblem[] } {
  const problems: ConfigProblem[] = [];
  if (rows.length <= 1) {
    return { regions: DEFAULT_REGION_RULES, remoteAreas: [], problems: rows.length === 0 ? [] : [{ sheet: "Regions", message: "Regions: the sheet has no rows; the default region map is used." }] };
  }
  const cols = mapColumns(rows[0] ?? [], REGION_COLUMNS);
  if (cols.place === undefined || cols.region === undefined) {
    return { regions: DEFAULT_REGION_RULES, remoteAreas: [], problems: [{ sheet: "Regions", message: "Regions: place or region column not found; the default region map is used." }] };
  }
  const regions: RegionRule[] = [];
  const remoteAreas: string[] = [];
  for (let i = 1; i < rows.length; i++) {
    const row = rows[i] ?? [];
    const place = cell(row[cols.place]);
    const region = cell(row[cols.region]);
    if (!place && !region) continue;
    if (!place || !region) {
      problems.push({ sheet: "Regions", message: `Regions row ${i + 1}: needs both a place and a region; skipped.` });
      continue;
    }
    const remote = cols.remote !== undefined && YES.test(cell(row[cols.remote]));
    regions.push(remote ? { place, region, remote } : { place, region });
    if (remote) remoteAreas.push(place);
  }
  return { regions: regions.length ? regions : DEFAULT_REGION_RULES, remoteAreas, problems };
}
