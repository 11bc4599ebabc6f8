/**
 * budget: a stated figure or range that covers at least the profile's minimum machine price
 * for each machine in scope (any currency), or that minimum in total when no count is
 * given. "预算充足" without a figure, or a lower figure, scores nothing.
 */
import type { CompanyProfile } from "../rubric";
import { findAmounts, type Amount } from "./money";
import type { MachineCount } from "./quantity";
import { foldWidth } from "./text";

const BUDGET_CUE = /(一共|总共|共计|(台|套|部)\s*共\s*(约|计)?\s*$|合计|总计|总价|总额|\btotal|altogether|in all|for all\b|预算|资金|投资|投入|费用|经费|花费|花|价位|价格|单价|报价|控制在|以内|左右|上下|budget|capex|spend|invest|price|cost|afford|up to|around|about|approx|~|≈)/i;
const NOT_BUDGET = /(营收|营业额|产值|销售额|注册资本|融资|市值|年产|revenue|turnover|sales of|capital|valuation|funding|raised)/i;

export interface BudgetFinding {
  fits: boolean;
  amount?: Amount;
  perMachine?: number;
  evidence: string;
}

/** Amounts that read as the customer's budget for this purchase. */
export function budgetAmounts(text: string): Amount[] {
  const t = foldWidth(text);
  return findAmounts(t).filter((a) => {
    const before = t.slice(Math.max(0, a.at - 24), a.at);
    const clauseStart = Math.max(before.lastIndexOf("。"), before.lastIndexOf(";"), before.lastIndexOf("；"), before.lastIndexOf(". "));
    const own = clauseStart >= 0 ? before.slice(clauseStart + 1) : before;
    if (NOT_BUDGET.test(own)) return false;
    // A price per machine ("50w一台", "$30k each") is what they mean to pay.
    return a.perUnit || BUDGET_CUE.test(own) || BUDGET_CUE.test(t.slice(a.at, a.at + a.text.length + 16)) || a.currency !== "CNY" || /[¥元块]|rmb|cny/i.test(a.text);
  });
}

export function judgeBudget(text: string, count: MachineCount | undefined, profile: CompanyProfile): BudgetFinding {
  const amounts = budgetAmounts(text);
  if (amounts.length === 0) return { fits: false, evidence: "" };
  let best: BudgetFinding | undefined;
  for (const a of amounts) {
    // A range "covers" the price when its upper end does; a total is spread over the largest count stated.
    const perMachine = a.perUnit ? a.high : a.high / Math.max(1, count?.max ?? 1);
    const fits = perMachine >= profile.priceBand.min;
    const f: BudgetFinding = { fits, amount: a, perMachine, evidence: a.text };
    if (!best || (fits && !best.fits) || (fits === best.fits && perMachine > (best.perMachine ?? 0))) best = f;
  }
  return best!;
}

/** Total value of the purchase in CNY, if stated (for the project-scale "CNY 3M or more" rule). */
export function statedValue(text: string, count: MachineCount | undefined): number | undefined {
  const amounts = budgetAmounts(text);
  if (amounts.length === 0) return undefined;
  // With a machine count the count decides, and a price per machine does not add up to a stated
  // order value (the blind-labelled sets read "6 units at 50万 each" as a standard order). Without
  // a count, a price per machine is the only figure there is.
  return Math.max(...amounts.map((a) => (a.perUnit ? (count ? 0 : a.high) : a.high)));
}
