/**
 * The rubric and company profile as data. Defaults follow the product's grading rules;
 * managers override them from the Rubric and Settings sheets, so logic refers to options
 * by their stable `id` ("large", "core", …) and reads points from here — never literals.
 */
import * as z from "zod/mini";
import type { Lang, LeadField } from "./lead";

export const DIMENSION_KEYS = [
  "companySize",
  "industry",
  "location",
  "history",
  "role",
  "needMatch",
  "projectScale",
  "interactionDepth",
  "interactionFrequency",
  "budget",
  "purchasePlan",
] as const;
export type DimensionKey = (typeof DIMENSION_KEYS)[number];

/** The four paragraphs of the reason text and the dimensions each covers. */
export const DIMENSION_GROUPS = {
  background: ["companySize", "industry", "location", "history", "role"],
  needs: ["needMatch", "projectScale"],
  interaction: ["interactionDepth", "interactionFrequency"],
  budgetPlan: ["budget", "purchasePlan"],
} as const satisfies Record<string, readonly DimensionKey[]>;
export type DimensionGroup = keyof typeof DIMENSION_GROUPS;

export type Text = { zh: string; en: string };

export interface RubricOption {
  /** Stable id the rules engine and the sheets use; points may change, ids do not. */
  id: string;
  points: number;
  label: Text;
}

export interface RubricDimension {
  key: DimensionKey;
  name: Text;
  /** Ordered from the best option to the worst. */
  options: RubricOption[];
}

export interface GradeThresholds {
  A: number;
  B: number;
  C: number;
}

export const GRADES = ["A", "B", "C", "D", "Incomplete"] as const;
export type Grade = (typeof GRADES)[number];

export const GRADE_LABELS: Record<Grade, Text> = {
  A: { zh: "高潜力", en: "High potential" },
  B: { zh: "需重点培育", en: "Nurture closely" },
  C: { zh: "普通跟进", en: "Normal follow-up" },
  D: { zh: "无效", en: "Invalid" },
  Incomplete: { zh: "无法判定，请完善信息", en: "Cannot judge: please complete the lead" },
};

export interface IndustryClass {
  label: Text;
  /** Lower-case substrings matched against the customer's industry and business text. */
  keywords: string[];
}

export interface CompanyProfile {
  business: Text;
  /** What we sell, as keywords: a need that names these is a match. */
  productKeywords: string[];
  coreIndustries: IndustryClass;
  expansionIndustries: IndustryClass;
  /** Places (provinces or cities, zh names; English/pinyin resolved by the gazetteer) that are core service area. */
  coreRegions: string[];
  /** Places a manager marks remote (scored like overseas). None by default. */
  remoteAreas: string[];
  /** Typical price of one machine, in CNY. */
  priceBand: { min: number; max: number };
  typicalContact: Text;
}

export interface IncompleteRule {
  /** The "other scoring fields" counted by the rule. */
  fields: LeadField[];
  /** A lead with blank details and at most this many of `fields` filled is Incomplete. */
  maxFilled: number;
}

export interface Rubric {
  dimensions: RubricDimension[];
  grades: GradeThresholds;
  incomplete: IncompleteRule;
  profile: CompanyProfile;
}

const t = (zh: string, en: string): Text => ({ zh, en });
const opt = (id: string, points: number, zh: string, en: string): RubricOption => ({ id, points, label: t(zh, en) });

export const DEFAULT_DIMENSIONS: RubricDimension[] = [
  {
    key: "companySize",
    name: t("企业规模", "Company size"),
    options: [
      opt("large", 20, "大型企业（≥1000人）", "Large (≥1000 staff)"),
      opt("medium", 10, "中型企业（500–999人）", "Medium (500–999 staff)"),
      opt("small", 5, "小型企业（5–499人）", "Small (5–499 staff)"),
      opt("none", 0, "微型或未知（<5人）", "Micro or unknown (<5 staff)"),
    ],
  },
  {
    key: "industry",
    name: t("所属行业", "Industry"),
    options: [
      opt("core", 20, "核心战略行业", "Core strategic industry"),
      opt("expansion", 10, "重点拓展行业", "Expansion industry"),
      opt("none", 0, "无关行业或未知", "Unrelated or unknown"),
    ],
  },
  {
    key: "location",
    name: t("所处地理位置", "Location"),
    options: [
      opt("core", 20, "核心服务范围（珠三角、长三角）", "Core service region (PRD, YRD)"),
      opt("mainland", 10, "中国大陆其他地区", "Other mainland China"),
      opt("none", 0, "海外、偏远地区或未知", "Overseas, remote or unknown"),
    ],
  },
  {
    key: "history",
    name: t("合作历史", "Cooperation history"),
    options: [
      opt("existing", 20, "老客户或有成功合作", "Existing customer / past deal"),
      opt("new", 0, "新客户", "New customer"),
    ],
  },
  {
    key: "role",
    name: t("客户职务", "Contact role"),
    options: [
      opt("decisionMaker", 20, "决策者（老板、总经理、厂长、技术/采购总监、副总）", "Decision maker (owner, GM, plant director, technical/purchasing director, VP)"),
      opt("evaluator", 10, "评估者/使用者（部门经理、主管、工程师）", "Evaluator/user (department manager, supervisor, engineer)"),
      opt("executor", 5, "采购执行者（采购专员、助理）", "Buyer/executor (purchasing specialist, assistant)"),
      opt("none", 0, "普通员工或不明", "Ordinary staff or unclear"),
    ],
  },
  {
    key: "needMatch",
    name: t("需求匹配度", "Need match"),
    options: [
      opt("high", 20, "高度匹配核心业务", "Highly matches our core business"),
      opt("partial", 10, "部分匹配，需要定制", "Partly matches, needs customization"),
      opt("none", 0, "不相关", "Unrelated"),
    ],
  },
  {
    key: "projectScale",
    name: t("项目规模", "Project scale"),
    options: [
      opt("large", 20, "大型项目（≥8台或≥300万元）", "Large (≥8 machines or ≥ CNY 3M)"),
      opt("standard", 10, "标准订单（1–7台）", "Standard order (1–7 machines)"),
      opt("small", 5, "小额试用、打样或简单询价", "Small trial, samples or simple inquiry"),
      opt("none", 0, "无信息或无采购", "No information or no purchase"),
    ],
  },
  {
    key: "interactionDepth",
    name: t("互动深度", "Interaction depth"),
    options: [
      opt("visit", 20, "到访工厂或索取/寄送样品打样", "Visited the factory or requested samples"),
      opt("proposal", 10, "线上会议或索取详细方案/报价", "Online meeting or asked for a detailed proposal/quote"),
      opt("consult", 5, "下载资料或在线技术咨询", "Downloaded material or online technical consultation"),
      opt("none", 0, "仅浏览", "Only browsed"),
    ],
  },
  {
    key: "interactionFrequency",
    name: t("互动频率", "Interaction frequency"),
    options: [
      opt("several", 20, "一周内多次或持续主动联系", "Several or continuous proactive contacts within a week"),
      opt("once", 10, "主动联系过一次", "A single proactive contact"),
      opt("none", 0, "从未主动，仅回应", "Never proactive, only responded"),
    ],
  },
  {
    key: "budget",
    name: t("预算", "Budget"),
    options: [
      opt("fits", 10, "预算明确且符合常规报价", "Clear budget that fits our normal quotes"),
      opt("none", 0, "未提预算或远低于市场价", "No budget mentioned, or far below market"),
    ],
  },
  {
    key: "purchasePlan",
    name: t("采购计划", "Purchase plan"),
    options: [
      opt("deadline", 10, "有明确截止或上线时间（12个月内）", "Clear deadline or go-live date (within 12 months)"),
      opt("preliminary", 5, "初步计划，时间未定或较远", "Preliminary plan, time undecided or far away"),
      opt("none", 0, "无计划或仅收集信息", "No plan, just collecting information"),
    ],
  },
];

export const DEFAULT_PROFILE: CompanyProfile = {
  business: t(
    "全自动点胶设备和工艺解决方案，服务电子制造企业",
    "Fully automatic glue-dispensing equipment and process solutions for electronics manufacturers",
  ),
  productKeywords: [
    "点胶", "涂胶", "灌胶", "底部填充", "underfil", "dispens", "dispenc", "glue", "coating", "potting", "glob top",
    "喷胶", "打胶", "封胶", "注胶", "胶灌注", "灌注机", "灌注设备", "画胶", "围坝", "填充胶", "三防漆", "涂覆", "灌封", "胶路", "胶量", "喷射阀", "点胶阀", "导热胶", "导热凝胶", "结构胶", "点样", "密封胶", "uv胶", "红胶", "锡膏喷印", "粘接", "粘合", "胶接",
    "jetting", "jet valve", "conformal", "encapsulat", "dam and fill", "dam & fill", "adhesive", "bonding", "gluing", "sealant", "thermal interface", "thermal gel", "gap filler", "lid attach", "die attach",
  ],
  coreIndustries: {
    label: t("半导体/先进封装、SMT贴片/PCBA、电子组装/EMS", "Semiconductor / advanced packaging, SMT / PCBA, electronics assembly / EMS"),
    keywords: [
      "半导体", "封装", "封测", "晶圆", "芯片", "集成电路", "微电子", "smt", "贴片", "pcba", "pcb组装", "pcb装配", "线路板组装", "电路板组装", "ems", "电子组装", "电子制造", "电子加工", "电子代工", "电子装联", "汽车电子", "电子厂", "主板", "板卡", "控制板", "驱动板", "电源板", "主控板",
      "semiconductor", "semicon", "advanced packaging", "adv packaging", "ic packaging", "chip packaging", "semiconductor packaging", "ic assembly", "osat", "wafer", "chip", "flip chip", "integrated circuit", "microelectronic", "motherboard",
      "pcb assembly", "circuit board assembly", "board assembly", "electronics assembly", "electronic assembly", "electronics manufactur", "electronic manufactur", "electronics contract", "automotive electronics", "surface mount",
    ],
  },
  expansionIndustries: {
    label: t("消费电子模组、新能源电池Pack、生物医药、高端装备", "Consumer-electronics modules, new-energy battery packs, biomedicine, high-end equipment"),
    keywords: [
      "消费电子", "3c", "模组", "穿戴", "电池", "pack", "新能源", "储能", "锂电", "动力电池", "电芯", "生物医药", "医药", "制药", "生物制药", "生物科技", "医疗器械", "医疗设备", "医疗耗材", "体外诊断", "血糖仪", "输液器", "医用导管", "手术器械", "高端装备", "智能装备", "精密装备", "工业机器人", "机器人", "数控机床", "机床", "agv", "航空航天", "手机", "耳机", "可穿戴", "摄像头", "光模块", "显示模组", "触摸屏",
      "consumer electronics", "module", "battery", "batteries", "energy storage", "lithium", "ev", "electric vehicle", "biomedic", "biotech", "biopharma", "biolog", "life science", "medical device", "medical equipment", "medical consumable", "medtech", "pharma", "diagnostic", "insulin", "glucose meter", "catheter", "surgical instrument", "surgical robot", "infusion set", "infusion pump",
      "high-end equipment", "advanced equipment", "precision equipment", "industrial robot", "robotics", "cnc machine tool", "machine tool", "aerospace", "wearable", "smartphone", "earphone", "earbud", "camera module", "display module", "optical module", "touch panel",
    ],
  },
  coreRegions: ["广州", "深圳", "珠海", "佛山", "惠州", "东莞", "中山", "江门", "肇庆", "上海", "江苏", "浙江", "安徽"],
  remoteAreas: [],
  priceBand: { min: 150_000, max: 800_000 },
  typicalContact: t("客户的工艺工程师", "the customer's process engineer"),
};

export const DEFAULT_INCOMPLETE_RULE: IncompleteRule = {
  fields: ["contactTitle", "industry", "companySize", "address", "cooperationHistory", "interactionDetails", "interactionFrequency"],
  maxFilled: 1,
};

export const DEFAULT_GRADES: GradeThresholds = { A: 150, B: 100, C: 60 };

export const DEFAULT_RUBRIC: Rubric = {
  dimensions: DEFAULT_DIMENSIONS,
  grades: DEFAULT_GRADES,
  incomplete: DEFAULT_INCOMPLETE_RULE,
  profile: DEFAULT_PROFILE,
};

/** A deep copy, so a caller can edit a rubric without touching the defaults. */
export function cloneRubric(r: Rubric): Rubric {
  return JSON.parse(JSON.stringify(r)) as Rubric;
}

export function dimensionOf(rubric: Rubric, key: DimensionKey): RubricDimension {
  const d = rubric.dimensions.find((x) => x.key === key);
  if (!d) throw new RubricError(`rubric has no dimension "${key}"`);
  return d;
}

export function maxTotal(rubric: Rubric): number {
  return rubric.dimensions.reduce((s, d) => s + Math.max(...d.options.map((o) => o.points)), 0);
}

export function textIn(text: Text, lang: Lang): string {
  return text[lang] || text.zh || text.en;
}

export class RubricError extends Error {
  override name = "RubricError";
}

const TextSchema = z.object({ zh: z.string(), en: z.string() });
const PointsSchema = z.number().check(z.int(), z.gte(0), z.lte(1000));
export const RubricSchema = z.object({
  dimensions: z.array(
    z.object({
      key: z.enum(DIMENSION_KEYS),
      name: TextSchema,
      options: z.array(z.object({ id: z.string().check(z.minLength(1)), points: PointsSchema, label: TextSchema })).check(z.minLength(1)),
    }),
  ),
  grades: z.object({ A: PointsSchema, B: PointsSchema, C: PointsSchema }),
  incomplete: z.object({ fields: z.array(z.string()), maxFilled: z.number().check(z.int(), z.gte(0)) }),
  profile: z.object({
    business: TextSchema,
    productKeywords: z.array(z.string()),
    coreIndustries: z.object({ label: TextSchema, keywords: z.array(z.string()) }),
    expansionIndustries: z.object({ label: TextSchema, keywords: z.array(z.string()) }),
    coreRegions: z.array(z.string()),
    remoteAreas: z.array(z.string()),
    priceBand: z.object({ min: z.number().check(z.gte(0)), max: z.number().check(z.gte(0)) }),
    typicalContact: TextSchema,
  }),
});

/**
 * Check a rubric assembled from sheets. Returns a list of human-readable problems
 * (empty when the rubric is usable) so the caller can log them and keep the defaults.
 */
export function validateRubric(input: unknown): { ok: true; rubric: Rubric } | { ok: false; problems: string[] } {
  const parsed = RubricSchema.safeParse(input);
  if (!parsed.success) {
    return { ok: false, problems: parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`) };
  }
  const rubric = parsed.data as Rubric;
  const problems: string[] = [];
  for (const key of DIMENSION_KEYS) {
    const ds = rubric.dimensions.filter((d) => d.key === key);
    if (ds.length !== 1) problems.push(`dimension ${key}: expected exactly one, found ${ds.length}`);
    for (const d of ds) {
      const ids = new Set<string>();
      for (const o of d.options) {
        if (ids.has(o.id)) problems.push(`dimension ${key}: option "${o.id}" appears twice`);
        ids.add(o.id);
      }
    }
  }
  const g = rubric.grades;
  if (!(g.A > g.B && g.B > g.C)) problems.push(`grades: thresholds must fall A > B > C (got A=${g.A}, B=${g.B}, C=${g.C})`);
  if (rubric.profile.priceBand.min > rubric.profile.priceBand.max) problems.push("profile.priceBand: min is above max");
  return problems.length ? { ok: false, problems } : { ok: true, rubric };
}
