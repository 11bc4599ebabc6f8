import { describe, expect, it } from "vitest";
import { judgeRole } from "../../../src/core/rules/role";
import { judgeHistory } from "../../../src/core/rules/history";

describe("judgeRole", () => {
  it.each([
    ["厂长", "decisionMaker"], ["总经理", "decisionMaker"], ["副总经理", "decisionMaker"], ["采购总监", "decisionMaker"], ["老板", "decisionMaker"],
    ["Owner / CEO", "decisionMaker"], ["Plant Manager", "decisionMaker"], ["VP Operations", "decisionMaker"], ["王总", "decisionMaker"], ["老细", "decisionMaker"],
    ["高级工程师", "evaluator"], ["工艺工程师", "evaluator"], ["品质经理", "evaluator"], ["设备部经理", "evaluator"], ["生产主管", "evaluator"],
    ["采购经理", "evaluator"], ["Purchasing Manager", "evaluator"], ["Senior Manufacturing Engineer", "evaluator"], ["HR Manager", "evaluator"],
    ["采购员", "executor"], ["采购专员", "executor"], ["Buyer", "executor"], ["Procurement Specialist", "executor"], ["总经理助理", "executor"], ["Executive Assistant to the CEO", "executor"],
    ["Intern", "none"], ["文员", "none"], ["前台", "none"], ["业务员", "none"], ["", "none"], ["Mr", "none"],
  ])("%s → %s", (title, tier) => {
    expect(judgeRole(title).tier).toBe(tier);
  });
});

describe("judgeHistory", () => {
  it.each([
    ["existing customer, bought 2 units in 2023", true],
    ["22年买过一台UF点胶机", true],
    ["repeat buyer (1 unit 2021)", true],
    ["是", true],
    ["使用过我司设备", true],
    ["否", false],
    ["new", false],
    ["冇合作过", false],
    ["没合作过", false],
    ["之前买过竞品", false],
    ["never bought from us", false],
  ])("%s → %s", (text, existing) => {
    expect(judgeHistory(text, "", "").existing).toBe(existing);
  });

  it("reads the lead source when the field is empty, but a referral is not history", () => {
    expect(judgeHistory("", "Repeat customer", "").existing).toBe(true);
    expect(judgeHistory("", "老客户介绍", "").existing).toBe(false);
  });
});
