import { describe, expect, it } from "vitest";
import fc from "fast-check";
import {
  ADVICE_TITLES,
  AdviceSchema,
  MATURITY_THRESHOLDS,
  adviceSignals,
  findConcerns,
  offlineAdvice,
} from "../../src/core/advice";
import { finishGrade } from "../../src/core/grade";
import { emptyLead, type Lang, type Lead } from "../../src/core/lead";
import { DEFAULT_RUBRIC, DIMENSION_KEYS, cloneRubric, type DimensionKey, type Rubric } from "../../src/core/rubric";
import { ADVICE_SECTIONS, type GradeResult } from "../../src/core/result";
import type { DimensionScores } from "../../src/core/score";

type Pick = Partial<Record<DimensionKey, string | [string, string]>>;

function scoresOf(pick: Pick, rubric: Rubric = DEFAULT_RUBRIC): DimensionScores {
  return Object.fromEntries(
    DIMENSION_KEYS.map((k) => {
      const dim = rubric.dimensions.find((d) => d.key === k)!;
      const p = pick[k];
      const [id, evidence] = p === undefined ? [dim.options[dim.options.length - 1].id, ""] : typeof p === "string" ? [p, `${k} evidence`] : p;
      const option = dim.options.find((o) => o.id === id)!;
      return [k, { optionId: id, points: option.points, evidence }];
    }),
  ) as DimensionScores;
}

const detailedLead: Lead = {
  ...emptyLead(),
  customerName: "深圳华芯电子有限公司",
  contactTitle: "总经理",
  industry: "SMT贴片",
  companySize: "2600人",
  address: "广东深圳宝安",
  leadDetails: "PCBA底部填充点胶，目前气泡多、良率低，希望明年3月新线上线前交付，预算300万",
  interactionDetails: "已到厂参观",
};

function resultOf(lead: Lead, pick: Pick, opts: { rubric?: Rubric; missingInfo?: string[]; region?: string } = {}): GradeResult {
  const rubric = opts.rubric ?? DEFAULT_RUBRIC;
  return finishGrade({
    lead,
    rubric,
    dimensions: scoresOf(pick, rubric),
    placement: { region: opts.region ?? "华南", tier: "core", place: "广东 深圳" },
    engine: "rules",
    missingInfo: opts.missingInfo ?? [],
  });
}

const HOT: Pick = {
  companySize: "large", industry: "core", location: "core", history: "new", role: "decisionMaker",
  needMatch: "high", projectScale: "large", interactionDepth: "visit", interactionFrequency: "several",
  budget: "fits", purchasePlan: "deadline",
};
const WARM: Pick = {
  companySize: "medium", industry: "expansion", location: "core", role: "evaluator",
  needMatch: "partial", projectScale: "standard", interactionDepth: "proposal", interactionFrequency: "once",
  purchasePlan: "preliminary",
};
const COLD: Pick = { companySize: "large", industry: "core", location: "core", history: "existing", role: "evaluator", needMatch: "high", projectScale: "standard" };

const advise = (lead: Lead, pick: Pick, lang: Lang = "zh", opts: Parameters<typeof resultOf>[2] = {}) => {
  const result = resultOf(lead, pick, opts);
  return { result, advice: offlineAdvice(lead, result, opts.rubric ?? DEFAULT_RUBRIC, lang) };
};

describe("offlineAdvice", () => {
  it("a hot lead is high maturity, in commercial negotiation, with a 72-hour proposal", () => {
    const { result, advice } = advise(detailedLead, HOT);
    expect(result.grade).toBe("A");
    expect(advice.maturityLevel).toBe("high");
    expect(advice.maturity).toContain("成熟度：高");
    expect(advice.maturity).toContain("采购计划10/10分（有明确截止或上线时间（12个月内）：“purchasePlan evidence”）");
    expect(advice.maturity).toContain("决策流程：客户职务20/20分");
    expect(advice.communicationStrategy).toContain("所处阶段：商务谈判");
    expect(advice.communicationStrategy).toContain("联系人为决策者");
    expect(advice.nextActions).toContain("72小时内发送定制方案并预约技术交流");
    expect(advice.nextActions).toContain("推进报价与合同条款");
    expect(advice.resourcesAndRisks).toContain("交期赶不上客户上线时间");
    expect(advice.resourcesAndRisks).toContain("华南地区同行业已合作客户");
    expect(AdviceSchema.safeParse(advice).success).toBe(true);
  });

  it("draws concerns from the lead text in the order the customer wrote them", () => {
    const { advice } = advise(detailedLead, HOT);
    const concerns = advice.needsAndPainPoints.split("\n")[0];
    expect(concerns).toMatch(/^当前关注：1\) 特定点胶工艺.*；2\) 良率与点胶缺陷.*；3\) 交期与产线上线时间/);
    expect(advice.needsAndPainPoints).toContain("深层挑战：在高密度、高可靠性");
    // defects + delivery + deadline push technical first and delivery second
    expect(advice.needsAndPainPoints).toContain("客户可能的关注排序：技术稳定性 > 交付周期 > 价格 > 服务响应");
  });

  it("a hot lead without a stated budget stays in solution evaluation and is told to confirm the budget", () => {
    const { advice } = advise(detailedLead, { ...HOT, budget: "none" });
    expect(advice.maturityLevel).toBe("high");
    expect(advice.communicationStrategy).toContain("所处阶段：方案评估");
    expect(advice.nextActions).toContain("72小时内发送定制方案并预约技术交流");
    expect(advice.nextActions).toContain("一周内确认预算范围与采购时间表");
    expect(advice.resourcesAndRisks).toContain("交期赶不上");
  });

  it("a hot lead without a firm date is warned about competitors, not delivery", () => {
    const { advice } = advise(detailedLead, { ...HOT, purchasePlan: "preliminary" });
    expect(advice.maturityLevel).toBe("high");
    expect(advice.resourcesAndRisks).toContain("竞品在方案评估阶段抢先");
  });

  it("a warm lead is medium, in solution evaluation, with a 48-hour call and names what is unclear", () => {
    const lead = { ...detailedLead, leadDetails: "想了解点胶机", interactionDetails: "" };
    const { result, advice } = advise(lead, WARM);
    expect(result.grade).toBe("C");
    expect(advice.maturityLevel).toBe("medium");
    expect(advice.maturity).toContain("有一定意向，但预算、采购时间尚不明确");
    expect(advice.communicationStrategy).toContain("所处阶段：方案评估");
    expect(advice.communicationStrategy).toContain("当前联系人为评估者/使用者");
    expect(advice.communicationStrategy).toContain("客户的工艺工程师");
    expect(advice.nextActions).toContain("48小时内电话沟通");
    expect(advice.needsAndPainPoints).toContain("现有工艺需要定制化的点胶方案");
    expect(advice.needsAndPainPoints).toContain("新产线导入或工艺升级");
    expect(advice.resourcesAndRisks).toContain("预算未明确");
  });

  it("a medium lead with only a consultation is still gathering information", () => {
    const lead = { ...detailedLead, leadDetails: "咨询", interactionDetails: "" };
    const { advice } = advise(lead, { ...WARM, needMatch: "none", interactionDepth: "consult", interactionFrequency: "several", budget: "fits", role: "evaluator", purchasePlan: "none" });
    expect(advice.maturityLevel).toBe("medium");
    expect(advice.communicationStrategy).toContain("所处阶段：信息收集");
    expect(advice.maturity).toContain("采购时间尚不明确");
    expect(advice.needsAndPainPoints).toContain("需求与我司点胶业务的关系不明");
    expect(advice.resourcesAndRisks).toContain("采购时间不明");
  });

  it("names the weakest point as the risk: decision chain, then budget, plan, engagement, else price", () => {
    const lead = { ...detailedLead, leadDetails: "需要点胶", interactionDetails: "" };
    const base: Pick = { ...WARM, role: "evaluator", budget: "fits", purchasePlan: "preliminary", interactionFrequency: "once", interactionDepth: "consult" };
    const levels: string[] = [];
    const riskOf = (pick: Pick) => {
      const a = advise(lead, pick).advice;
      levels.push(a.maturityLevel);
      return a.resourcesAndRisks;
    };
    expect(riskOf({ ...base, role: "executor" })).toContain("决策链不清");
    expect(riskOf({ ...base, budget: "none", interactionDepth: "proposal" })).toContain("预算未明确");
    expect(riskOf({ ...base, purchasePlan: "none" })).toContain("采购时间不明");
    expect(riskOf(base)).toContain("竞品低价竞争");
    const dated = advise(lead, { ...base, purchasePlan: "deadline", interactionDepth: "none", interactionFrequency: "none" }).advice;
    levels.push(dated.maturityLevel);
    expect(dated.resourcesAndRisks).toContain("客户参与度低");
    expect(dated.maturity).toContain("有一定意向，需要进一步确认。");
    expect(levels.every((l) => l === "medium")).toBe(true);
  });

  it("a cold lead is low maturity and goes to monthly news with quarterly calls", () => {
    const lead = { ...detailedLead, leadDetails: "收集资料", interactionDetails: "" };
    const { result, advice } = advise(lead, COLD);
    expect(result.grade).toBe("B");
    expect(advice.maturityLevel).toBe("low");
    expect(advice.maturity).toContain("意向较弱");
    expect(advice.communicationStrategy).toContain("所处阶段：长期培育");
    expect(advice.nextActions).toContain("加入月度行业资讯，每季度回访并附案例");
    expect(advice.resourcesAndRisks).toContain("暂不投入专家资源");
    // an existing customer judges us by past service: service response moves above delivery
    expect(advice.needsAndPainPoints).toContain("服务响应 > 交付周期");
    expect(advise(lead, { ...COLD, history: "new" }).advice.needsAndPainPoints).toContain("交付周期 > 服务响应");
  });

  it("a D lead is low and asks to confirm the need is real", () => {
    const lead = { ...detailedLead, leadDetails: "我们是胶水供应商，想合作" };
    const { result, advice } = advise(lead, { ...HOT, companySize: "none", industry: "none", location: "none", needMatch: "none", projectScale: "none", role: "none", history: "new", interactionFrequency: "none" });
    expect(result.grade).toBe("D");
    expect(advice.maturityLevel).toBe("low");
    expect(advice.maturity).toContain("综合评分为D");
    expect(advice.nextActions).toContain("先确认是否为有效需求");
    expect(advice.communicationStrategy).toContain("联系人职务不明");
  });

  it("an Incomplete lead says information is missing and names result.missingInfo", () => {
    const lead = { ...emptyLead(), customerName: "某公司", contactPhone: "13800000000" };
    const { result, advice } = advise(lead, {}, "zh", { missingInfo: ["客户职务", "采购数量"] });
    expect(result.grade).toBe("Incomplete");
    expect(advice.maturityLevel).toBe("low");
    expect(advice.maturity).toContain("信息不足");
    expect(advice.maturity).toContain("请补充：客户职务、采购数量");
    expect(advice.nextActions).toMatch(/^1\. 3个工作日内电话或邮件联系，补充：客户职务、采购数量/);
    expect(advice.communicationStrategy).toContain("所处阶段：信息收集");
    expect(advice.needsAndPainPoints).toContain("需求尚不明确");
    expect(advice.needsAndPainPoints).toContain("行业与应用尚不明确");
    expect(advice.resourcesAndRisks).toContain("信息不足导致误判或漏跟");
  });

  it("without missingInfo, asks for the blank details and the zero-point dimensions", () => {
    const lead = { ...detailedLead, leadDetails: "" };
    const { advice } = advise(lead, { needMatch: "high", companySize: "large", industry: "core", location: "core" });
    expect(advice.maturity).toContain("请补充：线索详情、合作历史、客户职务、项目规模");
    const en = advise({ ...lead, leadDetails: "hi" }, { needMatch: "high", companySize: "large", industry: "core", location: "core" }, "en").advice;
    expect(en.maturity).toContain("please collect: Cooperation history, Contact role, Project scale");
    expect(en.maturity).not.toContain("Lead details");
  });

  it("writes English for an English lead", () => {
    const lead: Lead = { ...emptyLead(), customerName: "Acme EMS", leadDetails: "Need underfill dispensing with better yield; price matters", contactTitle: "Purchasing specialist" };
    const { advice } = advise(lead, { ...HOT, role: "executor" }, "en");
    expect(advice.maturityLevel).toBe("high");
    expect(advice.maturity).toContain("Maturity: High.");
    expect(advice.maturity).toContain("Purchase intent: Purchase plan 10/10 (Clear deadline");
    expect(advice.needsAndPainPoints).toContain("Current concerns: 1) a specific process (underfill, potting, coating) done reliably; 2) yield and dispensing defects");
    expect(advice.needsAndPainPoints).toContain("3) equipment cost and value for money");
    expect(advice.communicationStrategy).toContain("Stage: commercial negotiation.");
    expect(advice.communicationStrategy).toContain("ask them to introduce the decision maker");
    expect(advice.nextActions).toContain("Send a tailored proposal within 72 hours and book a technical call");
    expect(advice.resourcesAndRisks).toContain("Biggest risk:");
    expect(advice.resourcesAndRisks).not.toMatch(/[\u4e00-\u9fff]{2}地区/);
    expect(/[\u4e00-\u9fff]/.test(advice.nextActions)).toBe(false);
  });

  it("writes the English cold and incomplete templates", () => {
    const cold = advise({ ...detailedLead, leadDetails: "just looking" }, COLD, "en").advice;
    expect(cold.nextActions).toContain("Add to the monthly industry newsletter and call back quarterly with a case study");
    expect(cold.communicationStrategy).toContain("Stage: long-term nurture.");
    const inc = advise(emptyLead(), {}, "en", { missingInfo: ["contact title"] }).advice;
    expect(inc.maturity).toContain("Not enough information to judge reliably; please collect: contact title.");
    expect(inc.nextActions).toContain("Within 3 working days, call or e-mail to collect: contact title");
  });

  it("judges by share of each dimension's best points, so scaling a rubric changes nothing", () => {
    const doubled = cloneRubric(DEFAULT_RUBRIC);
    for (const d of doubled.dimensions) for (const o of d.options) o.points *= 2;
    doubled.grades = { A: 300, B: 200, C: 120 };
    for (const pick of [HOT, WARM, COLD]) {
      const a = advise(detailedLead, pick).advice;
      const b = advise(detailedLead, pick, "zh", { rubric: doubled }).advice;
      expect(b.maturityLevel).toBe(a.maturityLevel);
      expect(b.communicationStrategy).toBe(a.communicationStrategy);
      expect(b.nextActions).toBe(a.nextActions);
    }
  });

  it("ranks price first for a purchasing executor and delivery up for a firm date", () => {
    const lead = { ...detailedLead, leadDetails: "需要点胶设备", interactionDetails: "" };
    const exec = adviceSignals(lead, resultOf(lead, { ...WARM, role: "executor" }), DEFAULT_RUBRIC, "zh");
    expect(exec.ranking[0]).toBe("price");
    const dated = adviceSignals(lead, resultOf(lead, { ...WARM, purchasePlan: "deadline", budget: "fits" }), DEFAULT_RUBRIC, "zh");
    expect(dated.ranking.indexOf("delivery")).toBeLessThan(dated.ranking.indexOf("price"));
  });

  it("is deterministic and always valid; the level follows the composite signal (property)", () => {
    const optionArb = (k: DimensionKey) => fc.constantFrom(...DEFAULT_RUBRIC.dimensions.find((d) => d.key === k)!.options.map((o) => o.id));
    const pickArb = fc.record(Object.fromEntries(DIMENSION_KEYS.map((k) => [k, optionArb(k)])) as Record<DimensionKey, fc.Arbitrary<string>>);
    fc.assert(
      fc.property(pickArb, fc.constantFrom<Lang>("zh", "en"), fc.string({ maxLength: 60 }), (pick, lang, details) => {
        const lead = { ...detailedLead, leadDetails: details };
        const result = resultOf(lead, pick);
        const a = offlineAdvice(lead, result, DEFAULT_RUBRIC, lang);
        expect(offlineAdvice(lead, result, DEFAULT_RUBRIC, lang)).toEqual(a);
        expect(AdviceSchema.safeParse(a).success).toBe(true);
        const sig = adviceSignals(lead, result, DEFAULT_RUBRIC, lang);
        if (result.grade === "Incomplete" || result.grade === "D") expect(a.maturityLevel).toBe("low");
        else if (sig.composite >= MATURITY_THRESHOLDS.high) expect(a.maturityLevel).toBe("high");
        else if (sig.composite < MATURITY_THRESHOLDS.medium) expect(a.maturityLevel).toBe("low");
        else expect(a.maturityLevel).toBe("medium");
        const concernLine = a.needsAndPainPoints.split("\n")[0];
        const count = (concernLine.match(/\d\) /g) ?? []).length;
        expect(count).toBeGreaterThanOrEqual(1);
        expect(count).toBeLessThanOrEqual(3);
      }),
      { numRuns: 200 },
    );
  });
});

describe("findConcerns", () => {
  it("matches Latin keywords only at word starts", () => {
    expect(findConcerns("We avoid industrial waste").map((c) => c.id)).toEqual([]);
    expect(findConcerns("voids after curing; trial unit first").map((c) => c.id)).toEqual(["yield", "sample"]);
    expect(findConcerns("Automation of manual lines").map((c) => c.id)).toEqual(["automation"]);
  });

  it("keeps at most three, in order of first mention", () => {
    expect(findConcerns("售后要快，价格要低，精度要高，交期要短").map((c) => c.id)).toEqual(["service", "price", "precision"]);
  });
});

describe("AdviceSchema and titles", () => {
  const valid = { maturityLevel: "high", maturity: "a", needsAndPainPoints: "b", communicationStrategy: "c", nextActions: "d", resourcesAndRisks: "e" };
  it("accepts a complete advice object and rejects a bad level, a blank section or a missing key", () => {
    expect(AdviceSchema.safeParse(valid).success).toBe(true);
    expect(AdviceSchema.safeParse({ ...valid, maturityLevel: "very high" }).success).toBe(false);
    expect(AdviceSchema.safeParse({ ...valid, nextActions: "   " }).success).toBe(false);
    const { resourcesAndRisks: _dropped, ...missing } = valid;
    expect(AdviceSchema.safeParse(missing).success).toBe(false);
    expect(AdviceSchema.safeParse({ ...valid, maturity: "x".repeat(5001) }).success).toBe(false);
  });

  it("has zh and en titles for each of the five sections", () => {
    expect(ADVICE_SECTIONS.map((s) => ADVICE_TITLES[s].zh)).toEqual(["商机成熟度分析", "客户需求与痛点提炼", "沟通策略总结", "后续培育与跟进行动建议", "资源协调与风险提示"]);
    for (const s of ADVICE_SECTIONS) expect(ADVICE_TITLES[s].en).toMatch(/^[A-Z][a-z ]+$/);
  });
});
