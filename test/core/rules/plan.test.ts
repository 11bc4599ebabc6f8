import { describe, expect, it } from "vitest";
import { findTimes } from "../../../src/core/rules/dates";
import { judgePlan } from "../../../src/core/rules/plan";

const NOV = new Date(2026, 10, 26);
const MAR = new Date(2026, 2, 15);

describe("findTimes", () => {
  it("counts months from the arrival day", () => {
    expect(findTimes("明年3月", NOV)[0].months).toBe(4);
    expect(findTimes("6月底", NOV)[0].months).toBe(7);
    expect(findTimes("6月底", MAR)[0].months).toBe(3);
    expect(findTimes("SOP 1 October", NOV)[0].months).toBe(11);
    expect(findTimes("before Aug 1", NOV)[0].months).toBe(9);
    expect(findTimes("Q3", NOV)[0].months).toBe(10);
    expect(findTimes("2027-05-01", NOV)[0].months).toBe(6);
    expect(findTimes("within 3 months", NOV)[0].months).toBe(3);
  });
  it("does not treat the verb 'may' as May", () => {
    expect(findTimes("we may be interested later", NOV)).toEqual([]);
  });
});

describe("judgePlan", () => {
  it.each([
    ["要在年底前到位", "deadline"],
    ["6月底前必须投产", "deadline"],
    ["SOP 1 October, equipment must be installed by then.", "deadline"],
    ["明年3月上线", "deadline"],
    ["Q1完成招标", "deadline"],
    ["Tender closes in 6 weeks", "deadline"],
    ["need them within two months", "deadline"],
    ["希望春节前到货", "deadline"],
    ["采购时间还没定", "preliminary"],
    ["time not fixed, maybe end of year or later", "preliminary"],
    ["Timeline: maybe later this year, not fixed.", "preliminary"],
    ["大概下半年吧，还没定具体时间", "preliminary"],
    ["明年再定具体采购时间", "preliminary"],
    ["next year", "preliminary"],
    ["2028年投产", "preliminary"],
    ["时间看测试结果再定", "preliminary"],
    ["No budget or timeline yet.", "preliminary"],
    ["no timeline, no budget, \"just getting info\"", "none"],
    ["只是先了解下，暂无采购计划", "none"],
    ["Need 2 dispensers for SMT.", "none"],
    ["Quantity 3. No delivery date provided.", "none"],
    ["timeline was not mentioned", "none"],
    ["客户没提采购时间", "none"],
    ["must be up and running by CNY", "deadline"],
    ["想在过年前装好", "deadline"],
    ["设备年前到位", "deadline"],
    ["两年前买过一台，这次时间没定", "preliminary"],
  ])("%s → %s", (text, tier) => {
    expect(judgePlan(text, NOV).tier).toBe(tier);
  });

  it("a month over 12 months away is only preliminary", () => {
    expect(judgePlan("明年12月上线", NOV).tier).toBe("preliminary");
    expect(judgePlan("明年4月上线", MAR).tier).toBe("preliminary");
    expect(judgePlan("明年3月上线", MAR).tier).toBe("deadline");
  });

  it("a budget that is undecided does not make the timing undecided", () => {
    expect(judgePlan("预算暂未确定，年底前要上线", NOV).tier).toBe("deadline");
  });
});
