import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { bandForCount, judgeSize, parseHeadcount } from "../../../src/core/rules/size";

describe("parseHeadcount", () => {
  it.each([
    ["1.5k staff", 1500],
    ["约1200人", 1200],
    ["1000-4999人", 1000],
    ["10,000+ employees", 10000],
    ["5000+人", 5000],
    ["1.2万人", 12000],
    ["员工1500人", 1500],
    ["800人左右", 800],
    ["两千多人", 2000],
    ["3,000 workers", 3000],
    ["1200", 1200],
    ["500-999", 500],
    ["就5个人", 5],
    ["三百来人", 300],
    ["一百来号人", 100],
    ["四十个员工", 40],
    ["十几个工人", 12],
    ["几百人", 200],
  ])("%s → %i", (text, count) => {
    expect(parseHeadcount(text)?.count).toBe(count);
  });

  it("does not read money, years or a number inside prose without a staff word", () => {
    expect(parseHeadcount("注册资本5000万")).toBeUndefined();
    expect(parseHeadcount("成立于2005年")).toBeUndefined();
    expect(parseHeadcount("we ship 1200 boards a day", true)).toBeUndefined();
  });
});

describe("judgeSize", () => {
  it("maps counts and size words to bands", () => {
    expect(judgeSize("中型企业", "")?.band).toBe("medium");
    expect(judgeSize("大型集团", "")?.band).toBe("large");
    expect(judgeSize("小微企业", "")?.band).toBe("small");
    expect(judgeSize("3人", "")?.band).toBe("none");
    expect(judgeSize("家庭作坊，两个人", "")?.band).toBe("none");
    expect(judgeSize("小工作室，4个人", "")?.band).toBe("none");
    expect(judgeSize("40 employees", "")?.band).toBe("small");
    expect(judgeSize("600 employees", "")?.band).toBe("medium");
  });

  it("reads a staff number from the details only when the field is empty and a staff word is present", () => {
    expect(judgeSize("", "工厂有800名员工，成立于2005年")?.band).toBe("medium");
    expect(judgeSize("", "需要2台点胶机")).toBeUndefined();
  });

  it("band is monotonic in headcount", () => {
    const rank = { none: 0, small: 1, medium: 2, large: 3 } as const;
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 200000 }), fc.integer({ min: 0, max: 200000 }), (a, b) => {
        const [lo, hi] = a <= b ? [a, b] : [b, a];
        return rank[bandForCount(lo)] <= rank[bandForCount(hi)];
      }),
    );
  });

  it("parses any written staff number back to its band", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 99999 }), fc.constantFrom("人", " employees", " staff", "名员工"), (n, unit) => {
        return judgeSize(`${n}${unit}`, "")?.band === bandForCount(n);
      }),
    );
  });
});
