/**
 * General rules added after the fifth and sixth blind sets: Traditional Chinese text, every
 * country by name, placeholders, referrals and past deals, negated trials and custom work,
 * per-machine prices, explicit "no need", search-ranking / competitor / supplier pitches, a
 * customer asking whether we supply something, contacts weeks apart, far relative dates and
 * Taiwan's "第二季". Phrases are our own, not copied from any labelled set.
 */
import { describe, expect, it } from "vitest";
import { toSimplified } from "../../../src/core/rules/text";
import { locate } from "../../../src/core/rules/place";
import { findAmounts } from "../../../src/core/rules/money";
import { findTimes } from "../../../src/core/rules/dates";
import { judgeHistory } from "../../../src/core/rules/history";
import { judgeRole } from "../../../src/core/rules/role";
import { judgeScale } from "../../../src/core/rules/scale";
import { judgeNeed } from "../../../src/core/rules/need";
import { junkKind } from "../../../src/core/rules/junk";
import { judgeFrequency } from "../../../src/core/rules/frequency";
import { judgePlan } from "../../../src/core/rules/plan";
import { machineCount } from "../../../src/core/rules/quantity";
import { statedValue } from "../../../src/core/rules/budget";
import { analyzeWithRules } from "../../../src/core/rules/index";
import { buildCountryTable } from "../../../scripts/gen/countries";
import { buildTraditionalTable } from "../../../scripts/gen/traditional";
import { DEFAULT_PROFILE as P, DEFAULT_RUBRIC } from "../../../src/core/rubric";
import { emptyLead, type Lead } from "../../../src/core/lead";

const NOW = new Date(2026, 10, 26);
const lead = (fields: Partial<Lead>): Lead => ({ ...emptyLead(), ...fields });
const scores = (l: Lead) => Object.fromEntries(Object.entries(analyzeWithRules(l, DEFAULT_RUBRIC, { now: NOW }).dimensions).map(([k, d]) => [k, d.points]));

describe("Traditional Chinese", () => {
  it("folds the characters the rules use", () => {
    expect(toSimplified("電子組裝廠，採購經理，預計明年第一季導入")).toBe("电子组装厂，采购经理，预计明年第一季导入");
    expect(toSimplified("plain ASCII stays")).toBe("plain ASCII stays");
  });

  it("a lead typed in Traditional grades like its Simplified twin", () => {
    const simplified = lead({
      customerName: "甲公司", contactTitle: "工艺经理", industry: "电子组装", companySize: "约800人", address: "广东省东莞市",
      cooperationHistory: "无", leadDetails: "需要全自动点胶机3台，每台预算20万，明年3月投产", interactionDetails: "线上会议并索取报价", interactionFrequency: "一周内主动来电两次",
    });
    const traditional = lead({
      customerName: "甲公司", contactTitle: "工藝經理", industry: "電子組裝", companySize: "約800人", address: "廣東省東莞市",
      cooperationHistory: "無", leadDetails: "需要全自動點膠機3台，每台預算20萬，明年3月投產", interactionDetails: "線上會議並索取報價", interactionFrequency: "一週內主動來電兩次",
    });
    expect(scores(traditional)).toEqual(scores(simplified));
    expect(scores(simplified).industry).toBe(20);
  });

  it("the generated table keeps only characters the rules use", () => {
    const table = buildTraditionalTable((s) => ({ 電: "电", 膠: "胶", 龜: "龟" })[s] ?? s, new Set(["电", "胶"]));
    expect(table).toEqual({ traditional: "膠電", simplified: "胶电" }); // code-point order
  });
});

describe("countries", () => {
  it("any country, in English or Chinese, is overseas", () => {
    for (const a of ["Kaunas, Lithuania", "Tallinn, Estonia", "立陶宛考纳斯", "Lagos, Nigeria", "Lima, Peru", "Montevideo, Uruguay"]) {
      expect(locate(a, "").kind, a).toBe("foreign");
    }
  });

  it("ambiguous names stay out: a word inside Chinese text or a given name is no country", () => {
    expect(locate("", "客户计划增加纳入两条线").kind).not.toBe("foreign");
    expect(locate("", "Jordan from purchasing called").kind).not.toBe("foreign");
  });

  it("the generated table skips China, HK/MO/TW, short and inverted names", () => {
    const table = buildCountryTable(
      { CN: "China", GH: "Ghana", LT: "Lithuania", KR: ["South Korea", "Korea, Republic of"], US: ["United States of America", "USA"], JO: "Jordan", TW: "Taiwan" },
      { CN: "中国", GH: "加纳", LT: "立陶宛", KR: "韩国", US: "美国", JO: "约旦", TW: "中国台湾省" },
    );
    expect(table.split(";")).toEqual(["加纳=ghana", "约旦", "韩国,south korea", "立陶宛,lithuania", "美国,united states of america"]);
    expect(locate("Accra, Ghana", "").country).toBe("加纳");
  });
});

describe("placeholders, history and roles", () => {
  it("a placeholder address lets the details give the place", () => {
    const a = analyzeWithRules(lead({ address: "待确认", leadDetails: "工厂在苏州，需要2台点胶机" }), DEFAULT_RUBRIC, { now: NOW });
    expect(a.dimensions.location.points).toBe(20);
    const b = analyzeWithRules(lead({ address: "n/a", leadDetails: "plant in Wuhan, needs 2 dispensers" }), DEFAULT_RUBRIC, { now: NOW });
    expect(b.dimensions.location.points).toBe(10);
  });

  it("a referral by a customer is not history; a past deal is", () => {
    expect(judgeHistory("新客户，由老客户推荐", "", "").existing).toBe(false);
    expect(judgeHistory("老客户介绍", "", "").existing).toBe(false);
    expect(judgeHistory("", "", "2021年成交过3台，用得不错").existing).toBe(true);
    expect(judgeHistory("", "bought contact list", "").existing).toBe(false);
    expect(judgeHistory("", "", "they purchased two of our dispensers in 2022").existing).toBe(true);
  });

  it("abbreviated assistants are executors", () => {
    for (const t of ["总助", "董助", "厂助"]) expect(judgeRole(t).tier, t).toBe("executor");
  });
});

describe("project scale", () => {
  it("one production unit that is explicitly not a trial is a standard order; 'to try first' is a trial", () => {
    const one = machineCount("buys 1 dispenser");
    expect(judgeScale("buys 1 dispenser for the line, not a trial", "", one, undefined).tier).toBe("standard");
    expect(judgeScale("要1台，不是试用，直接上产线", "", machineCount("要1台"), undefined).tier).toBe("standard");
    expect(judgeScale("buys 1 dispenser to try on one line before ordering more", "", one, undefined).tier).toBe("small");
  });

  it("a price per machine is no order value; a stated total still is", () => {
    expect(statedValue("每台预算60万", machineCount("5台"))).toBe(0);
    expect(statedValue("整体投资400万", machineCount("5台"))).toBe(4_000_000);
    expect(judgeScale("5台，每台预算60万", "", machineCount("5台"), statedValue("5台，每台预算60万", machineCount("5台"))).tier).toBe("standard");
  });

  it("details that say there is no need carry no project, while a question still does", () => {
    expect(judgeScale("来展位拿了彩页，目前暂无需求", "", undefined, undefined).tier).toBe("none");
    expect(judgeScale("no current need, took a brochure", "", undefined, undefined).tier).toBe("none");
    expect(judgeScale("quick question: can your valve jet silver paste? no project yet", "", undefined, undefined).tier).toBe("small");
  });

  it("'多少钱一台' asks a price, it states no count", () => {
    expect(machineCount("想问全自动点胶机多少钱一台")).toBeUndefined();
    expect(machineCount("how much is one unit of your jet valve?")).toBeUndefined();
    expect(machineCount("要3台，一台多少钱")?.max).toBe(3);
  });
});

describe("need and junk", () => {
  it("negated custom work is a high match", () => {
    expect(judgeNeed("全自动点胶机，用标准机型，不需要非标", P).tier).toBe("high");
  });

  it("hand glue guns are not our equipment", () => {
    expect(judgeNeed("asked about a hot melt glue gun for packing", P).tier).toBe("none");
    expect(judgeNeed("想买几把热熔胶枪", P).tier).toBe("none");
    expect(judgeNeed("需要点胶机替代手工打胶枪", P).tier).toBe("high");
  });

  it("search-ranking pitches, competitors and suppliers introducing themselves are junk", () => {
    expect(junkKind("We can rank your website on Google page one within weeks")).toBe("spam");
    expect(junkKind("帮贵司做官网排名优化，百度首页")).toBe("spam");
    expect(junkKind("Turned out he works for a competing dispenser maker")).toBe("seller");
    expect(junkKind("同行来套价格，没有项目")).toBe("seller");
    expect(junkKind("Introducing our silicone sealants; keen to become your preferred sealant supplier")).toBe("seller");
    expect(junkKind("想成为贵司的包装材料供应商")).toBe("seller");
    expect(junkKind("Offering ocean freight services for your exports")).toBe("seller");
  });

  it("a customer asking whether we supply something is not a seller", () => {
    expect(junkKind("Asked whether we supply UV curing lamps")).toBeUndefined();
    expect(junkKind("asked if we can provide a dispensing demo")).toBeUndefined();
  });

  it("a junk lead's own interaction field still counts when it is no pitch", () => {
    const seeker = analyzeWithRules(lead({ leadDetails: "应届生，想应聘点胶工艺岗位，附简历", interactionDetails: "下载了产品手册" }), DEFAULT_RUBRIC, { now: NOW });
    expect(seeker.dimensions.interactionDepth.points).toBe(5);
    const seller = analyzeWithRules(lead({ leadDetails: "We supply epoxy adhesives and want to meet your purchasing team", interactionDetails: "cold email offering samples" }), DEFAULT_RUBRIC, { now: NOW });
    expect(seller.dimensions.interactionDepth.points).toBe(0);
  });
});

describe("timing and frequency", () => {
  it("contacts weeks apart are a single contact, not several", () => {
    expect(judgeFrequency("主动来过两次电话，中间隔了三周", "", "").tier).toBe("once");
    expect(judgeFrequency("two emails from them, three weeks apart", "", "").tier).toBe("once");
    expect(judgeFrequency("一周内主动来过两次电话", "", "").tier).toBe("several");
  });

  it("'N months out' is a relative date; far ones are preliminary", () => {
    expect(judgePlan("Timing: roughly 20 months out", NOW).tier).toBe("preliminary");
    expect(judgePlan("Timing: about 5 months out", NOW).tier).toBe("deadline");
  });

  it("Taiwan's 第二季 is a quarter; an undecided count is no undecided time", () => {
    expect(findTimes("2027年第二季交机", NOW).some((t) => t.specific && t.months <= 12)).toBe(true);
    expect(judgePlan("具体台数等评审后再定，2027年5月必须投产", NOW).tier).toBe("deadline");
  });

  it("currencies named before the figure", () => {
    expect(findAmounts("预算新台币800万")[0]).toMatchObject({ currency: "TWD" });
    expect(findAmounts("港币300万左右")[0]).toMatchObject({ currency: "HKD" });
  });
});
