import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { composeReason, optionForScore, viewDimension, oneLine } from "../../src/core/reason";
import { DEFAULT_RUBRIC, DIMENSION_GROUPS, DIMENSION_KEYS, cloneRubric, type DimensionKey, type Rubric } from "../../src/core/rubric";
import type { DimensionScores } from "../../src/core/score";

/** Scores from option ids (default: each dimension's worst option) with optional evidence. */
function scoresOf(pick: Partial<Record<DimensionKey, [string, string]>>, rubric: Rubric = DEFAULT_RUBRIC): DimensionScores {
  return Object.fromEntries(
    DIMENSION_KEYS.map((k) => {
      const dim = rubric.dimensions.find((d) => d.key === k)!;
      const [id, evidence] = pick[k] ?? [dim.options[dim.options.length - 1].id, ""];
      const option = dim.options.find((o) => o.id === id)!;
      return [k, { optionId: id, points: option.points, evidence }];
    }),
  ) as DimensionScores;
}

const strong = scoresOf({
  companySize: ["large", "2600人"],
  industry: ["core", "SMT贴片"],
  location: ["core", "深圳宝安"],
  history: ["existing", "2022年采购过2台"],
  role: ["decisionMaker", "总经理"],
  needMatch: ["high", "PCBA底部填充点胶"],
  projectScale: ["large", "10台"],
  interactionDepth: ["visit", "已到厂参观"],
  interactionFrequency: ["several", "一周内来电3次"],
  budget: ["fits", "预算300万"],
  purchasePlan: ["deadline", "明年3月上线"],
});

describe("composeReason", () => {
  it("writes four zh paragraphs naming dimension, points, option and evidence", () => {
    const lines = composeReason(strong, DEFAULT_RUBRIC, "zh").split("\n");
    expect(lines).toHaveLength(4);
    expect(lines[0]).toBe(
      "客户背景：企业规模20分（大型企业（≥1000人）：“2600人”）；所属行业20分（核心战略行业：“SMT贴片”）；" +
        "所处地理位置20分（核心服务范围（珠三角、长三角）：“深圳宝安”）；合作历史20分（老客户或有成功合作：“2022年采购过2台”）；" +
        "客户职务20分（决策者（老板、总经理、厂长、技术/采购总监、副总）：“总经理”）。",
    );
    expect(lines[1]).toBe("需求与项目：需求匹配度20分（高度匹配核心业务：“PCBA底部填充点胶”）；项目规模20分（大型项目（≥8台或≥300万元）：“10台”）。");
    expect(lines[2].startsWith("互动情况：互动深度20分")).toBe(true);
    expect(lines[3]).toBe("预算与采购计划：预算10分（预算明确且符合常规报价：“预算300万”）；采购计划10分（有明确截止或上线时间（12个月内）：“明年3月上线”）。");
  });

  it("writes English with pts, quotes and the group titles", () => {
    const lines = composeReason(strong, DEFAULT_RUBRIC, "en").split("\n");
    expect(lines).toHaveLength(4);
    expect(lines[0].startsWith('Customer background: Company size 20 pts (Large (≥1000 staff): "2600人"); Industry 20 pts')).toBe(true);
    expect(lines[1].startsWith("Needs & project: Need match 20 pts")).toBe(true);
    expect(lines[2].startsWith("Interaction: Interaction depth 20 pts")).toBe(true);
    expect(lines[3].startsWith("Budget & purchase plan: Budget 10 pts")).toBe(true);
    expect(lines[3].endsWith(".")).toBe(true);
  });

  it("uses the singular unit for one point in English", () => {
    const r = cloneRubric(DEFAULT_RUBRIC);
    r.dimensions.find((d) => d.key === "budget")!.options[0].points = 1;
    const s = scoresOf({ budget: ["fits", ""] }, r);
    expect(composeReason(s, r, "en")).toContain("Budget 1 pt (Clear budget that fits our normal quotes)");
  });

  it("leaves out the quote when there is no evidence", () => {
    const text = composeReason(scoresOf({}), DEFAULT_RUBRIC, "zh");
    expect(text).toContain("合作历史0分（新客户）");
    expect(text).not.toContain("“”");
  });

  it("reads labels and points from an edited rubric, not the defaults", () => {
    const r = cloneRubric(DEFAULT_RUBRIC);
    const size = r.dimensions.find((d) => d.key === "companySize")!;
    size.options[0] = { ...size.options[0], points: 30, label: { zh: "超大客户", en: "Key account" } };
    const s = scoresOf({ companySize: ["large", "5000人"] }, r);
    expect(composeReason(s, r, "zh")).toContain("企业规模30分（超大客户：“5000人”）");
    expect(composeReason(s, r, "en")).toContain('Company size 30 pts (Key account: "5000人")');
  });

  it("finds the option by points when the id is unknown, and omits the label when nothing matches", () => {
    const s = scoresOf({});
    s.companySize = { optionId: "", points: 10, evidence: "800人" };
    s.industry = { optionId: "gone", points: 7, evidence: "x" };
    const text = composeReason(s, DEFAULT_RUBRIC, "zh");
    expect(text).toContain("企业规模10分（中型企业（500–999人）：“800人”）");
    expect(text).toContain("所属行业7分（“x”）");
    expect(optionForScore(DEFAULT_RUBRIC, "industry", undefined)).toBeUndefined();
  });

  it("keeps evidence on one line so the paragraphs stay four", () => {
    const s = scoresOf({ budget: ["fits", "预算\n300万\r\n含税"] });
    const lines = composeReason(s, DEFAULT_RUBRIC, "zh").split("\n");
    expect(lines).toHaveLength(4);
    expect(lines[3]).toContain("“预算 300万 含税”");
    expect(oneLine("  a \n\n b  ")).toBe("a b");
  });

  it("says a dimension was not scored and falls back to the key when the rubric lacks it", () => {
    const s = scoresOf({}) as Partial<DimensionScores>;
    delete s.role;
    const r = cloneRubric(DEFAULT_RUBRIC);
    r.dimensions = r.dimensions.filter((d) => d.key !== "budget");
    const zh = composeReason(s as DimensionScores, r, "zh");
    expect(zh).toContain("客户职务未评分");
    expect(zh).toContain("budget0分");
    expect(composeReason(s as DimensionScores, r, "en")).toContain("Contact role not scored");
    expect(viewDimension(r, "budget", undefined, "en")).toMatchObject({ name: "budget", maxPoints: 0, scored: false });
  });

  it("always has four paragraphs, each naming its dimensions and their points (property)", () => {
    const optionArb = (k: DimensionKey) => fc.constantFrom(...DEFAULT_RUBRIC.dimensions.find((d) => d.key === k)!.options);
    const arb = fc.record(
      Object.fromEntries(DIMENSION_KEYS.map((k) => [k, fc.tuple(optionArb(k), fc.string({ maxLength: 30 }))])) as unknown as Record<
        DimensionKey,
        fc.Arbitrary<[{ id: string; points: number }, string]>
      >,
    );
    fc.assert(
      fc.property(arb, fc.constantFrom("zh" as const, "en" as const), (picked, lang) => {
        const s = Object.fromEntries(
          DIMENSION_KEYS.map((k) => [k, { optionId: picked[k][0].id, points: picked[k][0].points, evidence: picked[k][1] }]),
        ) as DimensionScores;
        const lines = composeReason(s, DEFAULT_RUBRIC, lang).split("\n");
        expect(lines).toHaveLength(4);
        const groups = Object.values(DIMENSION_GROUPS);
        groups.forEach((keys, i) => {
          for (const k of keys) {
            const dim = DEFAULT_RUBRIC.dimensions.find((d) => d.key === k)!;
            const unit = lang === "zh" ? "分" : s[k].points === 1 ? " pt" : " pts";
            expect(lines[i]).toContain(`${dim.name[lang]}${lang === "zh" ? "" : " "}${s[k].points}${unit}`);
          }
        });
      }),
    );
  });
});

describe("evidence that already quotes the lead", () => {
  it("is not wrapped in a second pair of quotes", () => {
    const dims = Object.fromEntries(
      DEFAULT_RUBRIC.dimensions.map((d) => [d.key, { optionId: d.options[0]!.id, points: d.options[0]!.points, evidence: d.key === "companySize" ? "“约1200人” → 1200人" : "x" }]),
    ) as DimensionScores;
    const zh = composeReason(dims, DEFAULT_RUBRIC, "zh");
    expect(zh).toContain("：“约1200人” → 1200人）");
    expect(zh).not.toContain("““");
    expect(zh).toContain("：“x”）");
  });
});

