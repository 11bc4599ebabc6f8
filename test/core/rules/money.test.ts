import { describe, expect, it } from "vitest";
import { CNY_RATES, findAmounts } from "../../../src/core/rules/money";
import { judgeBudget, statedValue } from "../../../src/core/rules/budget";
import { machineCount } from "../../../src/core/rules/quantity";
import { DEFAULT_PROFILE } from "../../../src/core/rubric";

const one = (text: string) => {
  const a = findAmounts(text);
  expect(a.length, text).toBeGreaterThan(0);
  return a[0];
};

describe("findAmounts", () => {
  it.each([
    ["预算600万左右", 6_000_000],
    ["预算1.2亿", 120_000_000],
    ["预算80万元", 800_000],
    ["预算三十万", 300_000],
    ["预算5000块左右", 5_000],
    ["Budget ~RMB 1M", 1_000_000],
    ["budget 2 million yuan", 2_000_000],
    ["¥300,000", 300_000],
  ])("%s → CNY %i", (text, cny) => {
    expect(one(text).high).toBe(cny);
  });

  it("converts foreign currencies at the documented fixed rates", () => {
    expect(one("Budget EUR 450k").high).toBeCloseTo(450_000 * CNY_RATES.EUR);
    expect(one("$50,000").high).toBeCloseTo(50_000 * CNY_RATES.USD);
    expect(one("10万美元").high).toBeCloseTo(100_000 * CNY_RATES.USD);
    expect(one("JPY 30M").high).toBeCloseTo(30_000_000 * CNY_RATES.JPY);
    expect(one("500万日元").currency).toBe("JPY");
    expect(one("HKD 1.5M").currency).toBe("HKD");
  });

  it("reads Indian lakh/crore scales and spelled-out scales before the currency", () => {
    expect(one("capex INR 3 crore").high).toBeCloseTo(30_000_000 * CNY_RATES.INR);
    expect(one("Rs. 60 lakhs approved").high).toBeCloseTo(6_000_000 * CNY_RATES.INR);
    expect(one("₹1.5 crore").currency).toBe("INR");
    expect(one("around 4 million USD").high).toBeCloseTo(4_000_000 * CNY_RATES.USD);
    expect(one("EUR 2 mio").high).toBeCloseTo(2_000_000 * CNY_RATES.EUR);
    expect(findAmounts("orders 5 units a week")).toEqual([]);
  });

  it("reads ranges and per-machine figures", () => {
    const r = one("预算500-600万");
    expect([r.low, r.high]).toEqual([5_000_000, 6_000_000]);
    expect(one("每台预算30万左右").perUnit).toBe(true);
    expect(one("预算：20-30万/台").perUnit).toBe(true);
    expect(one("USD 300k per unit").perUnit).toBe(true);
  });

  it("ignores headcounts and part numbers", () => {
    expect(findAmounts("10万人")).toEqual([]);
    expect(findAmounts("01005 parts")).toEqual([]);
  });
});

describe("judgeBudget", () => {
  const p = DEFAULT_PROFILE;
  const judge = (text: string) => judgeBudget(text, machineCount(text), p).fits;
  it("spreads a total over the stated machine count", () => {
    expect(judge("需要12台，预算600万左右")).toBe(true);
    expect(judge("需要2台，预算20万")).toBe(false);
    expect(judge("Need 10 cells. Budget EUR 450k.")).toBe(true);
    expect(judge("wants 2-3 more dispensers. Budget ~RMB 1M.")).toBe(true);
  });
  it("needs a figure: 'budget is sufficient' or a far-too-low number is not a fit", () => {
    expect(judge("预算充足，不是问题")).toBe(false);
    expect(judge("想了解下全自动点胶机，预算5000块左右")).toBe(false);
    expect(judge("Budget not shared.")).toBe(false);
  });
  it("follows the profile's minimum price, not a literal", () => {
    const dear = { ...p, priceBand: { min: 500_000, max: 900_000 } };
    expect(judgeBudget("每台预算30万", undefined, dear).fits).toBe(false);
    expect(judgeBudget("每台预算30万", undefined, p).fits).toBe(true);
  });
  it("does not read revenue as a budget", () => {
    expect(judge("年营收5亿，需要2台")).toBe(false);
  });
  it("gives the stated value for the large-project rule", () => {
    expect(statedValue("总预算300万", machineCount("6台"))).toBe(3_000_000);
    // A price per machine is no order value: with a count stated, the count decides.
    expect(statedValue("每台预算40-50万", machineCount("首批6台"))).toBe(0);
    expect(statedValue("每台预算50万", undefined)).toBe(500_000);
  });
});
