/**
 * Offline follow-up advice: the same five sections the model writes, from a fixed
 * template, so a lead still gets a usable plan when no model is configured or it fails.
 *
 * Judgements read each dimension as a share of its best option's points (not option ids
 * or point literals), so they keep working when a manager edits the rubric.
 */
import * as z from "zod/mini";
import { FIELD_LABELS, type Lang, type Lead } from "./lead";
import { type DimensionKey, type Rubric, type Text, textIn } from "./rubric";
import { MATURITY_LEVELS, type Advice, type AdviceSection, type GradeResult, type MaturityLevel } from "./result";
import { viewDimension, type DimensionView } from "./reason";

export const ADVICE_TITLES: Record<AdviceSection, Text> = {
  maturity: { zh: "商机成熟度分析", en: "Opportunity maturity" },
  needsAndPainPoints: { zh: "客户需求与痛点提炼", en: "Needs and pain points" },
  communicationStrategy: { zh: "沟通策略总结", en: "Communication strategy" },
  nextActions: { zh: "后续培育与跟进行动建议", en: "Next actions" },
  resourcesAndRisks: { zh: "资源协调与风险提示", en: "Resources and risks" },
};

export const MATURITY_LABELS: Record<MaturityLevel, Text> = {
  high: { zh: "高", en: "High" },
  medium: { zh: "中", en: "Medium" },
  low: { zh: "低", en: "Low" },
};

const SectionText = z.string().check(z.trim(), z.minLength(1), z.maxLength(5000));
export const AdviceSchema = z.object({
  maturityLevel: z.enum(MATURITY_LEVELS),
  maturity: SectionText,
  needsAndPainPoints: SectionText,
  communicationStrategy: SectionText,
  nextActions: SectionText,
  resourcesAndRisks: SectionText,
});
// Compile-time guard: the schema and the Advice type must describe the same object.
type SchemaMatchesAdvice = z.infer<typeof AdviceSchema> extends Advice ? (Advice extends z.infer<typeof AdviceSchema> ? true : false) : false;
const schemaMatchesAdvice: SchemaMatchesAdvice = true;
void schemaMatchesAdvice;

export type Stage = "informationGathering" | "solutionEvaluation" | "commercialNegotiation" | "longTermNurture";
export const STAGE_LABELS: Record<Stage, Text> = {
  informationGathering: { zh: "信息收集", en: "information gathering" },
  solutionEvaluation: { zh: "方案评估", en: "solution evaluation" },
  commercialNegotiation: { zh: "商务谈判", en: "commercial negotiation" },
  longTermNurture: { zh: "长期培育", en: "long-term nurture" },
};

export type Factor = "technical" | "price" | "delivery" | "service";
const FACTOR_ORDER: readonly Factor[] = ["technical", "price", "delivery", "service"];
export const FACTOR_LABELS: Record<Factor, Text> = {
  technical: { zh: "技术稳定性", en: "technical stability" },
  price: { zh: "价格", en: "price" },
  delivery: { zh: "交付周期", en: "delivery time" },
  service: { zh: "服务响应", en: "service response" },
};

export interface Concern {
  id: string;
  /** Chinese keywords match anywhere; Latin ones must start a word ("void" must not match "avoid"). */
  keywords: string[];
  text: Text;
  factor: Factor;
}

const CONCERNS: Concern[] = [
  { id: "precision", keywords: ["精度", "精准", "一致性", "胶量", "precision", "accura", "consisten"], text: { zh: "点胶精度与胶量一致性", en: "dispensing accuracy and volume consistency" }, factor: "technical" },
  { id: "yield", keywords: ["良率", "不良", "气泡", "溢胶", "拉丝", "返工", "yield", "defect", "bubble", "voids", "rework"], text: { zh: "良率与点胶缺陷（气泡、溢胶、拉丝等）", en: "yield and dispensing defects (bubbles, overflow, stringing)" }, factor: "technical" },
  { id: "capacity", keywords: ["产能", "效率", "节拍", "uph", "扩产", "throughput", "capacity", "cycle time", "efficien"], text: { zh: "产能与节拍提升", en: "throughput and cycle time" }, factor: "technical" },
  { id: "automation", keywords: ["自动化", "人工", "手工", "automat", "manual", "labor", "labour"], text: { zh: "以自动化替代人工、减少对人工的依赖", en: "replacing manual work with automation" }, factor: "technical" },
  { id: "process", keywords: ["底部填充", "underfill", "灌胶", "potting", "涂覆", "三防", "conformal", "围坝", "uv胶", "uv glue"], text: { zh: "特定点胶工艺（底部填充、灌胶、涂覆等）的稳定实现", en: "a specific process (underfill, potting, coating) done reliably" }, factor: "technical" },
  { id: "delivery", keywords: ["交期", "交付", "交货", "上线", "投产", "lead time", "deliver", "go-live", "go live"], text: { zh: "交期与产线上线时间", en: "delivery time and line go-live date" }, factor: "delivery" },
  { id: "price", keywords: ["价格", "报价", "成本", "预算", "便宜", "性价比", "price", "pricing", "quote", "quotation", "cost", "budget", "cheap"], text: { zh: "设备投资成本与性价比", en: "equipment cost and value for money" }, factor: "price" },
  { id: "service", keywords: ["售后", "维修", "维护", "培训", "服务", "响应", "service", "maintenance", "support", "training"], text: { zh: "售后服务与响应速度", en: "after-sales service and response time" }, factor: "service" },
  { id: "sample", keywords: ["打样", "样品", "试样", "试用", "sample", "trial unit", "trial run"], text: { zh: "打样验证实际效果", en: "proving the result on samples" }, factor: "technical" },
];

function positionOf(haystack: string, keyword: string): number {
  if (!/[a-z]/.test(keyword)) return haystack.indexOf(keyword);
  const escaped = keyword.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  const m = new RegExp(`(^|[^a-z])${escaped}`).exec(haystack);
  return m ? m.index + m[1].length : -1;
}

/** Concerns the customer wrote about, in the order they first mention them (at most 3). */
export function findConcerns(text: string): Concern[] {
  const haystack = text.toLowerCase();
  return CONCERNS.map((c) => {
    const hits = c.keywords.map((k) => positionOf(haystack, k)).filter((p) => p >= 0);
    return { c, at: hits.length ? Math.min(...hits) : -1 };
  })
    .filter((x) => x.at >= 0)
    .sort((a, b) => a.at - b.at)
    .slice(0, 3)
    .map((x) => x.c);
}

/** How far a dimension got towards its best option: 0..1. */
function share(v: DimensionView): number {
  return v.maxPoints > 0 ? Math.max(0, Math.min(1, v.points / v.maxPoints)) : 0;
}

/** The facts the template reasons on, computed once. */
export interface AdviceSignals {
  views: Record<DimensionKey, DimensionView>;
  /** Mean share of purchase plan, interaction depth and interaction frequency. */
  intent: number;
  budget: number;
  decision: number;
  /** 0.5 intent + 0.25 budget + 0.25 decision. */
  composite: number;
  insufficient: boolean;
  toCollect: string[];
  level: MaturityLevel;
  stage: Stage;
  ranking: Factor[];
  concerns: Concern[];
}

/** Thresholds on the composite signal; documented here so a reviewer can argue with them. */
export const MATURITY_THRESHOLDS = { high: 0.65, medium: 0.35 } as const;
/** At least this many dimensions at zero points means we know too little to judge. */
export const INSUFFICIENT_ZERO_DIMENSIONS = 6;

export function adviceSignals(lead: Lead, result: GradeResult, rubric: Rubric, lang: Lang): AdviceSignals {
  const keys = Object.keys(result.dimensions) as DimensionKey[];
  const views = Object.fromEntries(keys.map((k) => [k, viewDimension(rubric, k, result.dimensions[k], lang)])) as Record<DimensionKey, DimensionView>;
  const s = (k: DimensionKey) => (views[k] ? share(views[k]) : 0);

  const intent = (s("purchasePlan") + s("interactionDepth") + s("interactionFrequency")) / 3;
  const budget = s("budget");
  const decision = s("role");
  const composite = 0.5 * intent + 0.25 * budget + 0.25 * decision;

  const zeroViews = Object.values(views).filter((v) => v.points <= 0);
  const insufficient = result.grade === "Incomplete" || zeroViews.length >= INSUFFICIENT_ZERO_DIMENSIONS;
  const toCollect = result.missingInfo.length
    ? result.missingInfo.slice()
    : [...(lead.leadDetails.trim() === "" ? [textIn(FIELD_LABELS.leadDetails, lang)] : []), ...zeroViews.map((v) => v.name)];

  let level: MaturityLevel;
  if (result.grade === "Incomplete" || result.grade === "D") level = "low";
  else if (composite >= MATURITY_THRESHOLDS.high) level = "high";
  else if (composite >= MATURITY_THRESHOLDS.medium) level = "medium";
  else level = "low";

  let stage: Stage;
  if (insufficient) stage = "informationGathering";
  else if (level === "high") stage = budget > 0 && s("purchasePlan") >= 1 ? "commercialNegotiation" : "solutionEvaluation";
  else if (level === "medium") stage = s("interactionDepth") >= 0.5 || s("needMatch") >= 0.5 ? "solutionEvaluation" : "informationGathering";
  else stage = "longTermNurture";

  const concerns = findConcerns(`${lead.leadDetails}\n${lead.interactionDetails}`);

  // Likely weighting of the four buying factors. Starting weights reflect that process
  // engineers buy dispensers on stability; each signal below shifts one factor.
  const weight: Record<Factor, number> = { technical: 3, price: 2, delivery: 1, service: 1 };
  if (decision >= 1) weight.price += 1; // owners and directors also weigh the money
  else if (decision >= 0.5) weight.technical += 2; // engineers and managers evaluate the process
  else if (decision > 0) weight.price += 2; // purchasing staff are measured on price
  if (s("purchasePlan") >= 1) weight.delivery += 2;
  if (budget <= 0) weight.price += 1;
  if (s("history") >= 1) weight.service += 2; // existing customers judge us by past service
  if (s("projectScale") >= 1) {
    weight.technical += 1;
    weight.service += 1;
  }
  for (const c of concerns) weight[c.factor] += 2;
  const ranking = FACTOR_ORDER.slice().sort((a, b) => weight[b] - weight[a] || FACTOR_ORDER.indexOf(a) - FACTOR_ORDER.indexOf(b));

  return { views, intent, budget, decision, composite, insufficient, toCollect, level, stage, ranking, concerns };
}

type Say = (zh: string, en: string) => string;

function cite(v: DimensionView | undefined, lang: Lang): string {
  if (!v) return "";
  const inner = [v.optionLabel, v.evidence ? (lang === "zh" ? `“${v.evidence}”` : `"${v.evidence}"`) : ""].filter(Boolean).join(lang === "zh" ? "：" : ": ");
  return lang === "zh"
    ? `${v.name}${v.points}/${v.maxPoints}分${inner ? `（${inner}）` : ""}`
    : `${v.name} ${v.points}/${v.maxPoints}${inner ? ` (${inner})` : ""}`;
}

function list(items: string[], lang: Lang): string {
  return items.join(lang === "zh" ? "、" : ", ");
}

function maturitySection(sig: AdviceSignals, result: GradeResult, lang: Lang, say: Say): string {
  const v = sig.views;
  const intentCites = [cite(v.purchasePlan, lang), cite(v.interactionDepth, lang), cite(v.interactionFrequency, lang)].filter(Boolean);
  const level = textIn(MATURITY_LABELS[sig.level], lang);
  const lines = [
    say(`成熟度：${level}。`, `Maturity: ${level}.`),
    say(`购买意向：${intentCites.join("；")}。`, `Purchase intent: ${intentCites.join("; ")}.`),
    say(`预算能力：${cite(v.budget, lang)}。`, `Budget ability: ${cite(v.budget, lang)}.`),
    say(`决策流程：${cite(v.role, lang)}。`, `Decision process: ${cite(v.role, lang)}.`),
  ];
  if (result.grade === "D") {
    lines.push(say("综合评分为D（无效），暂不投入销售资源。", "The lead is graded D (invalid); do not commit sales time yet."));
  } else if (sig.level === "high") {
    lines.push(say("意向明确，预算与决策链较清晰，可以主动推进。", "Clear intent with budget and decision path largely known: push forward."));
  } else if (sig.level === "medium") {
    const weak = [
      sig.budget <= 0 ? say("预算", "budget") : "",
      sig.decision < 0.5 ? say("决策人", "the decision maker") : "",
      (v.purchasePlan ? share(v.purchasePlan) : 0) < 1 ? say("采购时间", "purchase timing") : "",
    ].filter(Boolean);
    lines.push(
      weak.length
        ? say(`有一定意向，但${list(weak, lang)}尚不明确，需要进一步确认。`, `Some intent, but ${list(weak, lang)} still unclear; confirm next.`)
        : say("有一定意向，需要进一步确认。", "Some intent; confirm the details next."),
    );
  } else {
    lines.push(say("意向较弱，以长期培育为主。", "Weak intent so far: nurture for the long term."));
  }
  if (sig.insufficient) {
    lines.push(
      say(
        `信息不足，以上判断仅供参考；请补充：${list(sig.toCollect, lang) || "线索详情"}。`,
        `Not enough information to judge reliably; please collect: ${list(sig.toCollect, lang) || "lead details"}.`,
      ),
    );
  }
  return lines.join("\n");
}

function needsSection(sig: AdviceSignals, lang: Lang, say: Say): string {
  const v = sig.views;
  let concerns = sig.concerns.map((c) => textIn(c.text, lang));
  if (concerns.length === 0) {
    const match = v.needMatch ? share(v.needMatch) : 0;
    if (sig.insufficient && match <= 0) concerns = [say("需求尚不明确，需先确认其产品、工艺与产量", "The need is not clear yet: find out their product, process and volume")];
    else if (match <= 0) concerns = [say("需求与我司点胶业务的关系不明，需确认是否有真实点胶需求", "How the need relates to our dispensing business is unclear: confirm a real dispensing need")];
    else if (match < 1) concerns = [say("现有工艺需要定制化的点胶方案", "Their process needs a customized dispensing solution")];
    else concerns = [say("通过全自动点胶提升效率与质量一致性", "Raising efficiency and consistency with fully automatic dispensing")];
  }
  const industry = v.industry ? share(v.industry) : 0;
  const challenge =
    industry >= 1
      ? say("在高密度、高可靠性的生产要求下同时保证良率与产能", "keeping yield and throughput up under high-density, high-reliability production")
      : industry > 0
        ? say("新产线导入或工艺升级中兼顾稳定性与换线柔性", "balancing stability and changeover flexibility while introducing a new line or upgrading a process")
        : say("行业与应用尚不明确，需要确认其产品与工艺", "industry and application are not known yet; confirm their product and process");
  const ranking = sig.ranking.map((f) => textIn(FACTOR_LABELS[f], lang)).join(" > ");
  const numbered = concerns.map((c, i) => `${i + 1}) ${c}`).join(say("；", "; "));
  const basis = v.needMatch?.evidence ? say(`（依据：“${v.needMatch.evidence}”）`, ` (based on: "${v.needMatch.evidence}")`) : "";
  return [
    say(`当前关注：${numbered}${basis}。`, `Current concerns: ${numbered}${basis}.`),
    say(`深层挑战：${challenge}。`, `Deeper challenge: ${challenge}.`),
    say(`客户可能的关注排序：${ranking}。`, `Likely ranking of what matters to them: ${ranking}.`),
  ].join("\n");
}

function strategySection(sig: AdviceSignals, rubric: Rubric, lang: Lang, say: Say): string {
  const stage = textIn(STAGE_LABELS[sig.stage], lang);
  const top = textIn(FACTOR_LABELS[sig.ranking[0]], lang);
  const lead: Record<Stage, string> = {
    informationGathering: say(
      "先以开放式问题了解产品、工艺、产量和时间表，少谈报价；用同行业案例建立专业可信度。",
      "Ask open questions about product, process, volume and timing before talking price; build credibility with a case from their industry.",
    ),
    solutionEvaluation: say(
      `围绕“${top}”展开，用打样数据、同行案例和技术交流证明方案可行，并引导客户明确评估标准。`,
      `Lead with ${top}: prove the solution with sample data, peer cases and a technical session, and get the customer to state their evaluation criteria.`,
    ),
    commercialNegotiation: say(
      `需求与预算已较清楚，主动推进报价、交期与付款条款；谈判中突出“${top}”的价值，避免单纯比价。`,
      `Need and budget are fairly clear: drive the quote, delivery and payment terms; stress the value of ${top} rather than competing on price alone.`,
    ),
    longTermNurture: say(
      "当前不宜强推，以低频、有价值的行业内容保持联系，等待项目窗口。",
      "Do not push now; stay in touch with occasional, useful industry content and wait for a project window.",
    ),
  };
  const role = sig.views.role;
  const contact = textIn(rubric.profile.typicalContact, lang);
  const roleNote =
    sig.decision >= 1
      ? say("联系人为决策者，可直接确认预算、时间表与决策流程。", "The contact is a decision maker: confirm budget, timeline and decision process directly.")
      : sig.decision > 0
        ? say(
            `当前联系人为${role?.optionLabel || "非决策者"}，请其引荐决策者并说明决策流程；技术细节同时与${contact}对接。`,
            `The contact is ${role?.optionLabel || "not the decision maker"}: ask them to introduce the decision maker and explain the decision process; work out the technical details with ${contact}.`,
          )
        : say(
            `联系人职务不明，首先确认其角色与决策人；技术细节与${contact}对接。`,
            `The contact's role is unclear: first find out their role and who decides; work out the technical details with ${contact}.`,
          );
  return [say(`所处阶段：${stage}。`, `Stage: ${stage}.`), lead[sig.stage], roleNote].join("\n");
}

function actionsSection(sig: AdviceSignals, result: GradeResult, lang: Lang, say: Say): string {
  const collect = list(sig.toCollect, lang) || say("线索详情", "lead details");
  const steps: string[] = [];
  if (result.grade === "D") {
    steps.push(say("先确认是否为有效需求（排除推销、求职、无关行业）；无效则标记并停止跟进", "First confirm the need is real (not a vendor pitch, job seeker or unrelated industry); if not, mark it and stop"));
  }
  if (sig.insufficient) {
    steps.push(
      say(`3个工作日内电话或邮件联系，补充：${collect}`, `Within 3 working days, call or e-mail to collect: ${collect}`),
      say("信息补齐后重新评分并更新跟进计划", "Re-grade the lead once the information is in and update this plan"),
      say("先发送公司介绍与同行业案例，建立联系", "Send our company introduction and a case from their industry to open the conversation"),
    );
  } else if (sig.level === "high") {
    steps.push(
      say("24小时内电话联系，确认需求细节、决策链与上线时间", "Within 24 hours, call to confirm the need, the decision chain and the go-live date"),
      say("72小时内发送定制方案并预约技术交流", "Send a tailored proposal within 72 hours and book a technical call"),
      sig.stage === "commercialNegotiation"
        ? say("两周内安排打样或工厂参观，并推进报价与合同条款", "Within two weeks, arrange samples or a factory visit and move the quote and contract terms forward")
        : say("一周内确认预算范围与采购时间表，两周内安排打样或工厂参观", "Within one week, confirm the budget range and purchase timeline; within two weeks, arrange samples or a factory visit"),
    );
  } else if (sig.level === "medium") {
    steps.push(
      say("48小时内电话沟通，确认产品、胶水与工艺要求及产量", "Within 48 hours, call to confirm product, adhesive, process requirements and volume"),
      say("一周内发送同行业案例与初步方案，并预约线上技术交流", "Within one week, send a peer case and an outline proposal and book an online technical session"),
      say("两周后回访，推动免费打样并确认预算与采购时间", "Follow up after two weeks: propose free samples and confirm budget and timing"),
    );
  } else {
    steps.push(
      say("加入月度行业资讯，每季度回访并附案例", "Add to the monthly industry newsletter and call back quarterly with a case study"),
      say("一周内发送一次公司介绍与资料包", "Within one week, send our introduction and brochure pack once"),
      say("客户再次主动联系或出现新项目时重新评分", "Re-grade when the customer reaches out again or a new project appears"),
    );
  }
  return steps.map((s, i) => `${i + 1}. ${s}${say("。", ".")}`).join("\n");
}

function resourcesSection(sig: AdviceSignals, result: GradeResult, lang: Lang, say: Say): string {
  const experts: Record<Factor, string> = {
    technical: say("应用工程师/工艺专家", "an application engineer / process expert"),
    price: say("销售经理（报价与付款方式）", "the sales manager (pricing and payment terms)"),
    delivery: say("生产计划与交付负责人", "the production-planning and delivery lead"),
    service: say("售后服务经理", "the after-sales service manager"),
  };
  const industryShare = sig.views.industry ? share(sig.views.industry) : 0;
  const region = result.region;
  const resources =
    sig.level === "low" || sig.insufficient
      ? say("暂不投入专家资源；准备公司介绍、行业资讯与案例库资料。", "No expert time yet; prepare the company introduction, industry news and case library.")
      : say(
          `协调${experts[sig.ranking[0]]}参与；准备${industryShare > 0 ? "同行业" : "相近行业"}应用案例、设备规格书与打样报告；参考案例：${region ? `${region}地区` : ""}同行业已合作客户（可安排参观或电话背书）。`,
          `Bring in ${experts[sig.ranking[0]]}; prepare ${industryShare > 0 ? "same-industry" : "adjacent-industry"} application cases, spec sheets and sample test reports; reference case: an existing customer in their industry${region ? ` in ${region}` : ""} (visit or reference call).`,
        );

  const planShare = sig.views.purchasePlan ? share(sig.views.purchasePlan) : 0;
  const freqShare = sig.views.interactionFrequency ? share(sig.views.interactionFrequency) : 0;
  let risk: string;
  let prevention: string;
  if (sig.insufficient) {
    risk = say("信息不足导致误判或漏跟", "misjudging or dropping the lead for lack of information");
    prevention = say("补齐关键信息后重新评分", "collect the key facts and re-grade");
  } else if (sig.level === "high") {
    risk = planShare >= 1
      ? say("交期赶不上客户上线时间，或被竞品抢单", "our delivery missing their go-live date, or a competitor taking the order")
      : say("竞品在方案评估阶段抢先", "a competitor getting ahead during evaluation");
    prevention = say("尽早确认交期并预留排产，同时用打样结果锁定技术优势", "confirm delivery early and reserve production capacity, and lock in the technical lead with sample results");
  } else if (sig.decision < 0.5) {
    risk = say("决策链不清，方案可能卡在未接触的决策人", "an unclear decision chain: the proposal may stall with a decision maker we have not met");
    prevention = say("请联系人尽早引荐决策人，并明确决策流程", "ask the contact to introduce the decision maker early and map the decision process");
  } else if (sig.budget <= 0) {
    risk = say("预算未明确，报价后可能因价差流失", "no known budget: the lead may drop out over the price gap after the quote");
    prevention = say("先给出价格区间与配置分档，尽早校准预算", "share a price range and configuration tiers early to calibrate their budget");
  } else if (planShare <= 0) {
    risk = say("采购时间不明，项目可能长期搁置", "no purchase timing: the project may stall indefinitely");
    prevention = say("每次沟通约定下一次联系时间，并持续分享案例", "agree the next contact date in every conversation and keep sharing cases");
  } else if (freqShare <= 0) {
    risk = say("客户参与度低，可能在比价中转向竞品", "low engagement: they may drift to a competitor while comparing prices");
    prevention = say("定期提供有价值的技术内容保持接触", "keep in touch with useful technical content on a regular rhythm");
  } else {
    risk = say("竞品低价竞争", "a competitor undercutting on price");
    prevention = say("突出工艺稳定性与服务响应的价值，并提供同行案例", "stress the value of process stability and service response with peer cases");
  }
  return [
    say(`资源协调：${resources}`, `Resources: ${resources}`),
    say(`最大风险：${risk}。`, `Biggest risk: ${risk}.`),
    say(`预防措施：${prevention}。`, `Preventive measure: ${prevention}.`),
  ].join("\n");
}

/** The five-section plan from a template. Deterministic: the same input always gives the same text. */
export function offlineAdvice(lead: Lead, result: GradeResult, rubric: Rubric, lang: Lang): Advice {
  const say: Say = (zh, en) => (lang === "zh" ? zh : en);
  const sig = adviceSignals(lead, result, rubric, lang);
  return {
    maturityLevel: sig.level,
    maturity: maturitySection(sig, result, lang, say),
    needsAndPainPoints: needsSection(sig, lang, say),
    communicationStrategy: strategySection(sig, rubric, lang, say),
    nextActions: actionsSection(sig, result, lang, say),
    resourcesAndRisks: resourcesSection(sig, result, lang, say),
  };
}
