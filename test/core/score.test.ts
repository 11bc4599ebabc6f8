import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { DEFAULT_RUBRIC, DIMENSION_KEYS, cloneRubric, type DimensionKey, validateRubric } from "../../src/core/rubric";
import { gradeForTotal, isIncomplete, optionForPoints, scoreLead, totalOf, type DimensionScores } from "../../src/core/score";
import { emptyLead } from "../../src/core/lead";

const optionArb = (key: DimensionKey) =>
  fc.constantFrom(...DEFAULT_RUBRIC.dimensions.find((d) => d.key === key)!.options);

const scoresArb = fc.record(
  Object.fromEntries(DIMENSION_KEYS.map((k) => [k, optionArb(k).map((o) => ({ optionId: o.id, points: o.points, evidence: "" }))])) as Record<
    DimensionKey,
    fc.Arbitrary<{ optionId: string; points: number; evidence: string }>
  >,
);

const filledLead = { ...emptyLead(), leadDetails: "need 2 dispensers" };

describe("scoring", () => {
  it("the total is the sum of the dimension points (property)", () => {
    fc.assert(
      fc.property(scoresArb, (scores) => {
        const r = scoreLead(filledLead, DEFAULT_RUBRIC, scores as DimensionScores);
        expect(r.total).toBe(DIMENSION_KEYS.map((k) => scores[k].points).reduce((a, b) => a + b, 0));
      }),
    );
  });

  it("the grade is monotonic in the total (property)", () => {
    const order = { D: 0, C: 1, B: 2, A: 3 } as const;
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 200 }), fc.integer({ min: 0, max: 200 }), (a, b) => {
        const [lo, hi] = a <= b ? [a, b] : [b, a];
        expect(order[gradeForTotal(lo, DEFAULT_RUBRIC.grades)]).toBeLessThanOrEqual(order[gradeForTotal(hi, DEFAULT_RUBRIC.grades)]);
      }),
    );
  });

  it("uses the documented thresholds at their edges", () => {
    const g = (t: number) => gradeForTotal(t, DEFAULT_RUBRIC.grades);
    expect([g(150), g(149), g(100), g(99), g(60), g(59), g(0)]).toEqual(["A", "B", "B", "C", "C", "D", "D"]);
  });

  it("rejects points that are not one of the dimension's options, never clamps", () => {
    expect(() => optionForPoints(DEFAULT_RUBRIC, "budget", 5)).toThrow(/not one of the allowed points \(10, 0\)/);
    expect(() => optionForPoints(DEFAULT_RUBRIC, "companySize", 25)).toThrow();
    expect(() => optionForPoints(DEFAULT_RUBRIC, "companySize", "20")).toThrow(/must be a number/);
    expect(optionForPoints(DEFAULT_RUBRIC, "companySize", 10)).toEqual({ optionId: "medium", points: 10 });
  });

  it("follows a manager's edited points", () => {
    const r = cloneRubric(DEFAULT_RUBRIC);
    r.dimensions.find((d) => d.key === "history")!.options[0]!.points = 10;
    expect(optionForPoints(r, "history", 10).optionId).toBe("existing");
    expect(() => optionForPoints(r, "history", 20)).toThrow();
  });

  it("applies the Incomplete rule: blank details and at most one other scoring field", () => {
    const lead = emptyLead();
    lead.customerName = "华恒实业";
    expect(isIncomplete(lead, DEFAULT_RUBRIC)).toBe(true);
    lead.contactTitle = "Process Engineer";
    expect(isIncomplete(lead, DEFAULT_RUBRIC)).toBe(true);
    lead.industry = "EMS";
    expect(isIncomplete(lead, DEFAULT_RUBRIC)).toBe(false);
    const withDetails = { ...emptyLead(), leadDetails: "spam text" };
    expect(isIncomplete(withDetails, DEFAULT_RUBRIC)).toBe(false);
  });

  it("computes total even when the grade is Incomplete", () => {
    const lead = { ...emptyLead(), contactTitle: "Process Engineer" };
    const scores = Object.fromEntries(DIMENSION_KEYS.map((k) => [k, { optionId: "x", points: 0, evidence: "" }])) as DimensionScores;
    scores.role = { optionId: "evaluator", points: 10, evidence: "Process Engineer" };
    const r = scoreLead(lead, DEFAULT_RUBRIC, scores);
    expect(r).toMatchObject({ total: 10, grade: "Incomplete" });
    expect(totalOf(scores)).toBe(10);
  });
});

describe("rubric validation", () => {
  it("accepts the defaults and reports a manager's typo clearly", () => {
    expect(validateRubric(DEFAULT_RUBRIC).ok).toBe(true);
    const bad = cloneRubric(DEFAULT_RUBRIC) as unknown as { grades: { A: unknown } };
    bad.grades.A = "一百五";
    const r = validateRubric(bad);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.problems.join("\n")).toMatch(/grades\.A/);
    const swapped = cloneRubric(DEFAULT_RUBRIC);
    swapped.grades = { A: 100, B: 150, C: 60 };
    const r2 = validateRubric(swapped);
    expect(r2.ok).toBe(false);
  });
});
