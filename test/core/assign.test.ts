import { describe, expect, it } from "vitest";
import fc from "fast-check";
import {
  chooseOwner,
  cleanEmail,
  compareForAssignment,
  foldWidth,
  parseActive,
  parseCount,
  parseSalespeople,
  withLeadAssigned,
  type Salesperson,
} from "../../src/core/assign";

const ZH_HEADER = ["姓名", "邮箱", "区域", "当前线索数", "顺序", "是否在岗"];
const EN_HEADER = ["Name", "Email", "Region", "Current lead count", "Order", "Active"];

function rep(over: Partial<Salesperson> & { email: string; row: number }): Salesperson {
  return {
    key: `${over.email}#${over.row}`,
    name: over.email,
    region: "华南",
    count: 0,
    order: 1,
    active: true,
    countWasBlank: false,
    countWasInvalid: false,
    ...over,
  };
}

describe("parseSalespeople", () => {
  it("reads a zh sheet with numbers, strings and sheet booleans", () => {
    const { reps, problems } = parseSalespeople([
      ZH_HEADER,
      ["张三", "zhang@example.com", "华南", 3, 1, true],
      [" 李四 ", " li@example.com ", " 华东 ", "２", "2", "是"],
    ]);
    expect(problems).toEqual([]);
    expect(reps).toEqual([
      { key: "zhang@example.com#2", name: "张三", email: "zhang@example.com", region: "华南", count: 3, order: 1, active: true, row: 2, countWasBlank: false, countWasInvalid: false },
      { key: "li@example.com#3", name: "李四", email: "li@example.com", region: "华东", count: 2, order: 2, active: true, row: 3, countWasBlank: false, countWasInvalid: false },
    ]);
  });

  it("finds columns by en titles in any order, and by extra aliases", () => {
    const en = parseSalespeople([
      ["Active", "Order", "Current lead count", "Region", "Email", "Name"],
      ["yes", "1", "0", "East", "a@example.com", "Ann"],
    ]);
    expect(en.reps[0]).toMatchObject({ name: "Ann", email: "a@example.com", region: "East", count: 0, order: 1, active: true });
    const aliased = parseSalespeople([["Who", "Mailbox", "Patch"], ["Bo", "b@example.com", "West"]], { name: ["who"], email: ["Mailbox"], region: ["patch"] });
    expect(aliased.reps[0]).toMatchObject({ name: "Bo", email: "b@example.com", region: "West", active: true, order: null, countWasBlank: true });
    const decorated = parseSalespeople([["姓名*", "邮箱（必填）", "区域:", "当前线索数"], ["C", "c@example.com", "华北", "1"]]);
    expect(decorated.reps[0]).toMatchObject({ name: "C", region: "华北", count: 1 });
  });

  it("understands the ways managers mark a rep active or not", () => {
    for (const v of ["是", "yes", "YES", "true", "TRUE", "✓", "✔", "√", "1", "在岗", "", " ", null, undefined, true, 1, "ｙｅｓ"]) {
      expect(parseActive(v), String(v)).toBe(true);
    }
    for (const v of ["否", "no", "false", "FALSE", "0", "离职", "不在岗", "休假", "✗", "×", false, 0]) {
      expect(parseActive(v), String(v)).toBe(false);
    }
    expect(parseActive("maybe")).toBeUndefined();
  });

  it("reports an unknown active value and treats the rep as inactive", () => {
    const { reps, problems } = parseSalespeople([ZH_HEADER, ["王五", "w@example.com", "华南", 1, 1, "出差中"]]);
    expect(reps[0].active).toBe(false);
    expect(problems).toEqual([{ row: 2, column: "active", message: "销售人员表第2行“是否在岗”列：无法识别“出差中”，按不在岗处理（请填“是”或“否”）。" }]);
  });

  it("parses counts forgivingly and rejects what is not a whole number", () => {
    expect(parseCount("１２")).toBe(12);
    expect(parseCount("1,200")).toBe(1200);
    expect(parseCount(" 3.0 ")).toBe(3);
    expect(parseCount(7)).toBe(7);
    expect(parseCount("")).toBeUndefined();
    expect(parseCount(null)).toBeUndefined();
    for (const bad of ["3.5", "-1", "three", "3个", -2, 1.5]) expect(parseCount(bad), String(bad)).toBeNaN();
    expect(foldWidth("ａ＠ｂ．ｃｏｍ　１")).toBe("a@b.com 1");
  });

  it("skips a row with a missing or invalid e-mail, naming the row and column (zh and en)", () => {
    const rows = [ZH_HEADER, ["甲", "", "华南", 0, 1, "是"], ["乙", "not-an-email", "华南", 0, 2, "是"], ["丙", "c@example.com", "华南", 0, 3, "是"]];
    const zh = parseSalespeople(rows);
    expect(zh.reps.map((r) => r.name)).toEqual(["丙"]);
    expect(zh.problems).toEqual([
      { row: 2, column: "email", message: "销售人员表第2行“邮箱”列：邮箱为空，已跳过该行。" },
      { row: 3, column: "email", message: "销售人员表第3行“邮箱”列：“not-an-email”不是有效邮箱，已跳过该行。" },
    ]);
    const en = parseSalespeople(rows, {}, "en");
    expect(en.problems[1].message).toBe('Salespeople row 3, column "email": "not-an-email" is not a valid e-mail address; row skipped.');
  });

  it("accepts mailto: and display-name forms of an e-mail and full-width @", () => {
    expect(cleanEmail("mailto:a@example.com")).toBe("a@example.com");
    expect(cleanEmail("Ann Lee <ann@example.com>")).toBe("ann@example.com");
    expect(cleanEmail("a@b")).toBe("");
    expect(cleanEmail("a b@example.com")).toBe("");
    const { reps } = parseSalespeople([ZH_HEADER, ["全角", "ｚｈ＠ｅｘａｍｐｌｅ．ｃｏｍ", "华南", "", "", ""]]);
    expect(reps[0].email).toBe("zh@example.com");
  });

  it("uses the e-mail as the name when the name is blank, and keeps a rep with a blank region (reported)", () => {
    const { reps, problems } = parseSalespeople([ZH_HEADER, ["", "x@example.com", "", 0, 1, "是"]], {}, "en");
    expect(reps[0]).toMatchObject({ name: "x@example.com", region: "" });
    expect(problems.map((p) => p.column)).toEqual(["name", "region"]);
    expect(problems[1].message).toBe('Salespeople row 2, column "region": region is blank; this person will not get leads.');
    expect(chooseOwner(reps, "", "").owner).toBeUndefined();
  });

  it("starts a newcomer with a blank count at the lowest active count of the region", () => {
    const { reps, problems } = parseSalespeople([
      ZH_HEADER,
      ["老王", "a@example.com", "华南", 7, 1, "是"],
      ["老李", "b@example.com", "华南", 4, 2, "是"],
      ["休假", "c@example.com", "华南", 0, 3, "否"], // inactive: its 0 must not count
      ["华东人", "d@example.com", "华东", 1, 1, "是"], // other region
      ["新人", "e@example.com", "华南", "", 4, "是"],
      ["孤单", "f@example.com", "西北", "", 1, "是"],
    ]);
    expect(problems).toEqual([]);
    const newcomer = reps.find((r) => r.name === "新人")!;
    expect(newcomer).toMatchObject({ count: 4, countWasBlank: true, countWasInvalid: false });
    expect(reps.find((r) => r.name === "孤单")).toMatchObject({ count: 0, countWasBlank: true });
    expect(reps.find((r) => r.name === "老王")!.countWasBlank).toBe(false);
  });

  it("reports a non-numeric count and treats it like a blank one", () => {
    const { reps, problems } = parseSalespeople([ZH_HEADER, ["A", "a@example.com", "华南", 5, 1, "是"], ["B", "b@example.com", "华南", "五", 2, "是"]]);
    expect(reps[1]).toMatchObject({ count: 5, countWasBlank: false, countWasInvalid: true });
    expect(problems).toEqual([{ row: 3, column: "count", message: "销售人员表第3行“当前线索数”列：“五”不是非负整数，按该区域在岗销售的最低线索数计。" }]);
  });

  it("reports a non-numeric order and sorts that rep after numbered ones", () => {
    const { reps, problems } = parseSalespeople([ZH_HEADER, ["A", "a@example.com", "华南", 0, "first", "是"], ["B", "b@example.com", "华南", 0, "2", "是"]], {}, "en");
    expect(reps[0].order).toBeNull();
    expect(problems[0]).toMatchObject({ row: 2, column: "order" });
    expect(problems[0].message).toContain('"first" is not a number');
    expect(chooseOwner(reps, "华南", "").owner!.name).toBe("B");
  });

  it("keeps duplicate names apart by e-mail and row, and skips blank rows silently", () => {
    const { reps, problems } = parseSalespeople([ZH_HEADER, ["张伟", "z1@example.com", "华南", 0, 1, ""], [], ["", "  ", null], ["张伟", "z2@example.com", "华南", 0, 2, ""]]);
    expect(problems).toEqual([]);
    expect(reps.map((r) => r.key)).toEqual(["z1@example.com#2", "z2@example.com#5"]);
  });

  it("reports an empty sheet and missing required columns", () => {
    expect(parseSalespeople([])).toEqual({ reps: [], problems: [{ row: 1, message: "销售人员表第1行：表格为空，没有标题行。" }] });
    const noRegion = parseSalespeople([["姓名", "邮箱"], ["A", "a@example.com"]], {}, "en");
    expect(noRegion.reps).toEqual([]);
    expect(noRegion.problems).toEqual([{ row: 1, column: "region", message: 'Salespeople row 1, column "region": column header not found; no salesperson can be read.' }]);
  });

  it("cuts long cell values in messages", () => {
    const { problems } = parseSalespeople([EN_HEADER, ["A", "x".repeat(100), "East", 0, 1, "yes"]]);
    expect(problems[0].message).toContain("x".repeat(40) + "…");
    expect(problems[0].message).not.toContain("x".repeat(41));
  });
});

describe("chooseOwner", () => {
  const team = [
    rep({ email: "a@x.com", row: 2, count: 3, order: 1 }),
    rep({ email: "b@x.com", row: 3, count: 2, order: 2 }),
    rep({ email: "c@x.com", row: 4, count: 2, order: 1 }),
    rep({ email: "d@x.com", row: 5, count: 0, order: 1, active: false }),
    rep({ email: "e@x.com", row: 6, count: 0, order: 1, region: "华东" }),
  ];

  it("picks the lowest count among active reps of the region, ties to the smallest order", () => {
    expect(chooseOwner(team, "华南", "华东")).toEqual({ owner: team[2], regionUsed: "华南", reason: "region" });
  });

  it("breaks a full tie by the sheet row", () => {
    const twins = [rep({ email: "late@x.com", row: 9 }), rep({ email: "early@x.com", row: 3 })];
    expect(chooseOwner(twins, "华南", "").owner!.email).toBe("early@x.com");
    expect(compareForAssignment(twins[0], twins[0])).toBe(0);
  });

  it("uses the fallback region when the region has no active rep, or the lead has no region", () => {
    expect(chooseOwner(team, "西北", "华东")).toEqual({ owner: team[4], regionUsed: "华东", reason: "fallback-region" });
    expect(chooseOwner(team, "", "华东").reason).toBe("fallback-region");
    expect(chooseOwner([team[3]], "华南", "华东")).toEqual({ regionUsed: "", reason: "no-active-rep" });
    expect(chooseOwner(team, "西北", "")).toEqual({ regionUsed: "", reason: "no-active-rep" });
    expect(chooseOwner([], "华南", "华南")).toEqual({ regionUsed: "", reason: "no-active-rep" });
  });

  it("matches region text ignoring case, spaces and full width, but never guesses", () => {
    const en = [rep({ email: "a@x.com", row: 2, region: "East China" })];
    expect(chooseOwner(en, "east  china", "").owner).toBeDefined();
    expect(chooseOwner(en, "ＥＡＳＴ ＣＨＩＮＡ", "").owner).toBeDefined();
    expect(chooseOwner([rep({ email: "a@x.com", row: 2, region: "华南区" })], "华南", "").owner).toBeUndefined();
  });

  it("withLeadAssigned increments only the chosen rep", () => {
    const after = withLeadAssigned(team, team[2]);
    expect(after.map((r) => r.count)).toEqual([3, 2, 3, 0, 0]);
    expect(team[2].count).toBe(2);
  });
});

describe("round robin (property)", () => {
  const teamArb = fc
    .array(fc.record({ count: fc.nat({ max: 20 }), order: fc.option(fc.integer({ min: -3, max: 10 }), { nil: null }), active: fc.boolean() }), { minLength: 1, maxLength: 8 })
    .map((xs) => xs.map((x, i) => rep({ email: `r${i}@x.com`, row: i + 2, ...x })));

  it("each pick has the lowest count, then the smallest order, then the first row", () => {
    fc.assert(
      fc.property(teamArb, fc.nat({ max: 40 }), (team, n) => {
        let reps = team;
        for (let i = 0; i < n; i++) {
          const choice = chooseOwner(reps, "华南", "");
          const active = reps.filter((r) => r.active);
          if (!active.length) {
            expect(choice.reason).toBe("no-active-rep");
            return;
          }
          const owner = choice.owner!;
          const lowest = Math.min(...active.map((r) => r.count));
          expect(owner.count).toBe(lowest);
          for (const other of active.filter((r) => r.count === lowest && r.key !== owner.key)) {
            if (owner.order !== null && other.order !== null) expect(owner.order).toBeLessThanOrEqual(other.order);
            if (owner.order === null) expect(other.order).toBeNull();
            if (owner.order === other.order) expect(owner.row).toBeLessThan(other.row);
          }
          reps = withLeadAssigned(reps, owner);
        }
      }),
    );
  });

  it("starting level (or with blank-count newcomers), N leads keep max − min ≤ 1 among active reps", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 6 }),
        fc.nat({ max: 5 }),
        fc.array(fc.boolean(), { minLength: 1, maxLength: 6 }),
        fc.nat({ max: 60 }),
        (size, start, blanks, n) => {
          const rows: unknown[][] = [["姓名", "邮箱", "区域", "当前线索数", "顺序", "是否在岗"]];
          for (let i = 0; i < size; i++) rows.push([`R${i}`, `r${i}@x.com`, "华东", blanks[i % blanks.length] && i > 0 ? "" : start, size - i, "是"]);
          let { reps } = parseSalespeople(rows);
          for (let i = 0; i < n; i++) {
            const { owner } = chooseOwner(reps, "华东", "");
            reps = withLeadAssigned(reps, owner!);
            const counts = reps.map((r) => r.count);
            expect(Math.max(...counts) - Math.min(...counts)).toBeLessThanOrEqual(1);
          }
          expect(reps.reduce((s, r) => s + r.count, 0)).toBe(size * start + n);
        },
      ),
    );
  });
});
