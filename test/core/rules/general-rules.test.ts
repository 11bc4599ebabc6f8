/**
 * General rules added after the second blind set: contacts on several named days, sellers and
 * service agencies, machine counts written as "x N" / per line / totals, staff counts stated
 * before the number, scale words of other currencies, repeat orders of existing customers,
 * semi-auto named only for comparison, biomedical chips, sample runs and visit requests.
 * Phrases are our own, not copied from any labelled set.
 */
import { describe, expect, it } from "vitest";
import { judgeFrequency } from "../../../src/core/rules/frequency";
import { junkKind } from "../../../src/core/rules/junk";
import { machineCount } from "../../../src/core/rules/quantity";
import { judgeSize, parseHeadcount } from "../../../src/core/rules/size";
import { findAmounts } from "../../../src/core/rules/money";
import { judgeBudget } from "../../../src/core/rules/budget";
import { judgeNeed } from "../../../src/core/rules/need";
import { judgeIndustry } from "../../../src/core/rules/industry";
import { judgeDepth } from "../../../src/core/rules/depth";
import { analyzeWithRules } from "../../../src/core/rules/index";
import { DEFAULT_PROFILE as P, DEFAULT_RUBRIC } from "../../../src/core/rubric";
import { emptyLead, type Lead } from "../../../src/core/lead";

const NOW = new Date(2026, 10, 26);
const lead = (fields: Partial<Lead>): Lead => ({ ...emptyLead(), ...fields });

describe("frequency: contacts on several days of one week", () => {
  it.each([
    ["phoned Tuesday, emailed Friday", "several"],
    ["emailed Monday and Wednesday", "several"],
    ["called Wednesday, then again on Thursday", "several"],
    ["form on Mon., WhatsApp on Thu.", "several"],
    ["星期一打电话，星期五又发了邮件", "several"],
    ["上周三、五各发了一封邮件", "several"],
    ["周一和周四都在微信上问报价", "several"],
    ["12号、15号各来过一次电话", "several"],
    ["reached out on two separate days", "several"],
    ["emails on four different days", "several"],
    ["分两天打来电话", "several"],
    ["submitted the form, then followed up with a call the following day", "several"],
    ["发完询价单，次日又打电话确认", "several"],
    ["one call on Wednesday", "once"],
    ["每周一次", "several"],
    ["3号来电一次，28号发了邮件", "once"],
  ])("%s → %s", (text, tier) => {
    expect(judgeFrequency(text, "", "").tier).toBe(tier);
  });
});

describe("junk: sellers and service agencies pitching to us", () => {
  it.each([
    ["We are a leading distributor of dispensing needles and valves in Asia."],
    ["Offering to help you cut your air-freight costs by 20%."],
    ["Provides customs brokerage and trucking for your exports to Europe."],
    ["Can quote your future shipments to the US at special rates."],
    ["Recruitment agency with 200 engineers on file, fee 18%."],
    ["Digital marketing firm: Google Ads and LinkedIn campaigns."],
    ["国际物流专线，双清包税，想为贵司出口设备提供运输"],
    ["猎头公司，可以帮贵司招聘销售总监"],
    ["代理记账、财税服务，首年八折"],
    ["广告推广公司，抖音投放代运营"],
  ])("%s is a seller", (text) => {
    expect(junkKind(text)).toBeTruthy();
  });
  it.each([
    ["Please send a quotation for your fully automatic dispensers, we ship to Europe."],
    ["需要4台点胶机，报关和运输我们自己安排"],
    ["Provide pricing for your underfill dispenser, qty 2."],
    ["Plant in Seoul needs 2 dispensing cells."],
  ])("%s is a buyer", (text) => {
    expect(junkKind(text)).toBeUndefined();
  });

  it("a seller's quote offer and 'soon' are no interaction, budget or plan (their stated calls still count as contacts)", () => {
    const a = analyzeWithRules(
      lead({
        contactTitle: "Account Manager",
        industry: "logistics",
        address: "Qianhai, Shenzhen",
        leadDetails: "Freight forwarder offering to handle your machine exports, can quote soon, budget-friendly rates from USD 900.",
        interactionDetails: "wants to send a quotation for your shipments",
        interactionFrequency: "called Monday and Wednesday",
      }),
      DEFAULT_RUBRIC,
      { now: NOW },
    );
    const d = a.dimensions;
    expect([d.projectScale.optionId, d.interactionDepth.optionId, d.interactionFrequency.optionId, d.budget.optionId, d.purchasePlan.optionId, d.needMatch.optionId]).toEqual([
      "none", "none", "several", "none", "none", "none",
    ]);
  });
});

describe("machine counts", () => {
  it.each([
    ["dispensing robots x 4 for the new line", 4],
    ["5 x inline dispensers", 5],
    ["点胶机 × 6", 6],
    ["two lines with 4 dispensers on each line", 8],
    ["2 dispensers per line, 5 new assembly lines", 10],
    ["4 new lines; 3 units each line", 12],
    ["每条产线配2台，一共三条线", 6],
    ["合计十台", 10],
    ["12 units in total across both plants", 12],
    ["a total of 9 machines", 9],
    ["need 2 more production machines like the last batch", 2],
  ])("%s → %i", (text, n) => {
    expect(machineCount(text)?.max).toBe(n);
  });
  it("money after 'total' is not a count", () => {
    expect(machineCount("total 450,000 RMB")).toBeUndefined();
    expect(machineCount("CNY 600 total budget")).toBeUndefined();
  });
});

describe("company size", () => {
  it.each([
    ["≈2,400", 2400],
    ["approx. 650", 650],
    ["员工约3000", 3000],
    ["headcount 1.2k", 1200],
    ["人数：600左右", 600],
    ["45 associates", 45],
    ["120 pax", 120],
  ])("%s → %i", (text, n) => {
    expect(parseHeadcount(text)?.count).toBe(n);
  });
  it("reads the size from another field when the size field is empty", () => {
    const a = analyzeWithRules(lead({ industry: "EMS, about 1,500 employees", leadDetails: "4 dispensers" }), DEFAULT_RUBRIC, { now: NOW });
    expect(a.dimensions.companySize.optionId).toBe("large");
    expect(judgeSize("", "我们员工一千二百人左右")?.band).toBe("large");
  });
});

describe("money scale words and totals", () => {
  it.each([
    ["anggaran Rp 2,5 miliar", 2.5e9 * 0.00045],
    ["IDR 700 juta", 7e8 * 0.00045],
    ["R$ 3 milhões", 3e6 * 1.3],
    ["MXN 4 millones", 4e6 * 0.39],
    ["VND 3 tỷ", 3e9 * 0.00028],
    ["RM 250,000", 250000 * 1.55],
  ])("%s", (text, cny) => {
    const a = findAmounts(text);
    expect(a.length).toBe(1);
    expect(a[0].high).toBeCloseTo(cny, 0);
  });
  it("a total without the word budget is a budget", () => {
    expect(judgeBudget("两台全自动点胶机，总共70万", { min: 2, max: 2, text: "" }, P).fits).toBe(true);
    expect(judgeBudget("三台点胶机 合计120万", { min: 3, max: 3, text: "" }, P).fits).toBe(true);
  });
});

describe("need", () => {
  it.each([
    ["全自动和半自动点胶机哪个更适合我们？", "high"],
    ["想用全自动点胶机替换现有的手动点胶", "high"],
    ["upgrading from semi-automatic to fully automatic dispensing", "high"],
    ["要一台半自动桌面点胶机", "partial"],
    ["bonding machine for catheter tips, needs a custom fixture", "partial"],
    ["wire bonding equipment for power modules", "none"],
  ])("%s → %s", (text, tier) => {
    expect(judgeNeed(text, P).tier).toBe(tier);
  });
  it("an existing customer reordering our machine matches without naming the product", () => {
    const base = { industry: "PCBA", cooperationHistory: "bought 2 units from us last year" };
    for (const leadDetails of ["Wants one more unit of the same configuration.", "Interested in a newer model this time, 1 unit to start.", "再订2台，跟上次同规格"]) {
      expect(analyzeWithRules(lead({ ...base, leadDetails }), DEFAULT_RUBRIC, { now: NOW }).dimensions.needMatch.optionId, leadDetails).toBe("high");
    }
  });
  it("one more production machine is a standard order, not a trial", () => {
    const a = analyzeWithRules(lead({ cooperationHistory: "existing customer", leadDetails: "1 more production machine for line 3, same spec." }), DEFAULT_RUBRIC, { now: NOW });
    expect(a.dimensions.projectScale.optionId).toBe("standard");
  });
});

describe("industry: biomedicine", () => {
  it.each([
    ["Biopharmaceuticals (insulin pens)", "expansion"],
    ["生物医药（基因检测芯片）", "expansion"],
    ["diagnostics – microfluidic chips", "expansion"],
    ["lab-on-a-chip diagnostics", "expansion"],
    ["芯片封测", "core"],
  ])("%s → %s", (text, option) => {
    expect(judgeIndustry(text, "", P).optionId).toBe(option);
  });
});

describe("depth: sample runs and visit requests", () => {
  it.each([
    ["shipped 30 housings to us for a dispensing trial", "visit"],
    ["asked to come to our plant next month to see the machine", "visit"],
    ["requested a test run at our factory with their boards", "visit"],
    ["寄了一箱工件过来让我们试打", "visit"],
    ["预约下周到我司参观", "visit"],
    ["下月来我们工厂试机", "visit"],
    ["先买一台试机看看", "none"],
    ["计划明年二季度试产", "none"],
    ["钉钉上问了换线时间", "consult"],
    ["钉钉视频会议演示了设备", "proposal"],
  ])("%s → %s", (text, tier) => {
    expect(judgeDepth(text, "", false).tier).toBe(tier);
  });
});
