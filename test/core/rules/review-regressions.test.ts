/**
 * Misfires a review found in the rules added from the blind sets, each pinned with the
 * ordinary lead text it broke (our own phrases).
 */
import { describe, expect, it } from "vitest";
import { machineCount } from "../../../src/core/rules/quantity";
import { junkKind } from "../../../src/core/rules/junk";
import { locate } from "../../../src/core/rules/place";
import { judgeNeed } from "../../../src/core/rules/need";
import { judgeFrequency } from "../../../src/core/rules/frequency";
import { judgePlan } from "../../../src/core/rules/plan";
import { findTimes } from "../../../src/core/rules/dates";
import { judgeBudget } from "../../../src/core/rules/budget";
import { judgeDepth } from "../../../src/core/rules/depth";
import { findAmounts } from "../../../src/core/rules/money";
import { analyzeWithRules } from "../../../src/core/rules/index";
import { DEFAULT_PROFILE as P, DEFAULT_RUBRIC } from "../../../src/core/rubric";
import { emptyLead } from "../../../src/core/lead";

const NOW = new Date(2026, 10, 20);

describe("review regressions", () => {
  it("spaces around a number keep the machine count", () => {
    expect(machineCount("需要 10 台 全自动点胶机")?.max).toBe(10);
    expect(machineCount("需要 3 台全自动点胶机")?.max).toBe(3);
  });

  it.each([
    "请问你们有没有适合我们需求的全自动点胶机？",
    "目前用的是竞争对手的点胶机，想换10台",
    "Please quote 2 underfill dispensers CIF Haiphong, including sea freight",
    "let me introduce our company: we are an EMS maker and need 3 underfill dispensers",
    "Please contact our purchasing department with your quotation",
    "客户在百度首页看到我们的广告后来电",
  ])("a buyer's own words are no pitch: %s", (text) => {
    expect(junkKind(text)).toBeUndefined();
  });

  it("pitches still are", () => {
    expect(junkKind("Offering sea and air freight services for your exports")).toBe("seller");
    expect(junkKind("百度首页排名，包上首页，不上首页不收费")).toBe("spam");
    expect(junkKind("他其实是我们的同行，来套价格的")).toBe("seller");
  });

  it("'沿海地区' is no Haiti and New Jersey is the USA", () => {
    expect(locate("", "沿海地区的客户，工厂在深圳宝安").city).toBe("深圳");
    expect(locate("Princeton, New Jersey 08540, USA", "").country).toBe("美国");
  });

  it("a customer describing what it makes, or a detail it does not need, keeps its need", () => {
    expect(judgeNeed("We make EV chargers whose control boards require potting.", P).tier).toBe("high");
    expect(judgeNeed("我们生产电源模块需灌封", P).tier).toBe("high");
    expect(judgeNeed("想要一台点胶机，不需要视觉定位", P).tier).toBe("high");
    expect(judgeNeed("点胶机不需要太大", P).tier).toBe("high");
  });

  it("profile keywords typed in Traditional match", () => {
    const rubric = { ...DEFAULT_RUBRIC, profile: { ...P, productKeywords: ["點膠", "塗膠"] } };
    const a = analyzeWithRules({ ...emptyLead(), leadDetails: "需要3台全自動點膠機" }, rubric, { now: NOW });
    expect(a.dimensions.needMatch.points).toBe(20);
  });

  it("their contacts after our outreach still count; months apart are not a week", () => {
    expect(judgeFrequency("We visited them at the show. Afterwards they called us 3 times this week asking for a quote.", "", "").tier).toBe("several");
    expect(judgeFrequency("emailed us on 12 Oct and again on 15 Nov", "", "").tier).toBe("once");
    expect(judgeFrequency("2 separate calls, on 5 Nov and 20 Nov", "", "").tier).toBe("once");
  });

  it("past events are no purchase plan", () => {
    expect(judgePlan("Customer visited on Monday and a few weeks later asked again for the drawings", NOW).tier).toBe("none");
    expect(judgePlan("Bought one unit before Christmas last year, want two more", NOW).tier).toBe("none");
    expect(judgePlan("去年圣诞节前买过一台，这次再要两台", NOW).tier).toBe("none");
    expect(judgePlan("contact was 2 days out of office", NOW).tier).toBe("none");
    expect(findTimes("first lot 2027Q1", NOW).some((t) => t.specific && t.months === 4)).toBe(true);
  });

  it("a question about our machine needs a dispensing object; 技术对接 is still integration", () => {
    expect(judgeNeed("Can your machines do laser marking on PCBs?", P).tier).toBe("none");
    expect(judgeNeed("你们的设备能不能做激光焊接", P).tier).toBe("none");
    expect(judgeNeed("需要点胶机和MES系统做技术对接", P).tier).toBe("partial");
  });

  it("'reach 300k' is no price per machine", () => {
    expect(judgeBudget("Line output must reach 300k boards per month; need 2 dispensers", machineCount("need 2 dispensers"), P).fits).toBe(false);
  });

  it("a call to our switchboard is no visit; a customer asking us is a consultation; 非要 insists", () => {
    expect(judgeDepth("打电话来我司总机询问", "", true).tier).toBe("consult");
    expect(judgeDepth("客户微信问我们多久能发货", "", false).tier).toBe("consult");
    expect(judgeDepth("客户非要来我司参观", "", true).tier).toBe("visit");
  });

  it("amounts quote the lead's own words", () => {
    expect(findAmounts("budget: half a million RMB")[0].text).toBe("half a million RMB");
    expect(findAmounts("项目预算三百多万")[0].text).toBe("三百多万");
  });

  it("European grouping, decimal commas and local scale words", () => {
    expect(findAmounts("Budget € 700.000 for two")[0]).toMatchObject({ low: 700_000 * 7.8 });
    expect(findAmounts("Budget R$ 1,2 milhão")[0].low).toBeCloseTo(1_200_000 * 1.3);
    expect(findAmounts("budżet 900 tys. zł")[0].low).toBeCloseTo(900_000 * 1.8);
    expect(findAmounts("13 mil. Kč")[0]).toMatchObject({ currency: "CZK" });
    expect(findAmounts("1.5 million USD")[0].low).toBeCloseTo(1_500_000 * 7.2);
  });

  it("numeric dates as Europe and the US write them", () => {
    expect(judgePlan("Machines on site by 15.05.2027", NOW).tier).toBe("deadline");
    expect(judgePlan("Target install 03/15/2027", NOW).tier).toBe("deadline");
    expect(judgePlan("PO planned 01/2027", NOW).tier).toBe("deadline");
    expect(judgePlan("Timing: Q1/2028", NOW).tier).toBe("preliminary");
  });
});
