import { describe, expect, it } from "vitest";
import { createHmac } from "node:crypto";
import { checkRequest, constantTimeEqual, MAX_BODY_BYTES } from "../../src/gas/api";
import { parseRegions, parseRubric, parseSettings, rubricSheetRows, settingsSheetRows } from "../../src/gas/settings";
import { mapColumns, LEAD_COLUMN_DEFS } from "../../src/gas/schema";
import { spansFor } from "../../src/gas/table";
import { mergeLines } from "../../src/gas/log";
import { DEFAULT_RUBRIC } from "../../src/core/rubric";

const hmacHex = (m: string, k: string) => createHmac("sha256", k).update(m, "utf8").digest("hex");
const NOW = Date.UTC(2025, 2, 3, 1);
const secrets = { token: "tok-abcdef", hmacSecret: "hmac-secret" };
const never = () => false;

describe("API request checks", () => {
  const lead = { customerName: "甲" };
  it("token: right accepted, wrong or absent rejected, nothing configured → not-configured", () => {
    expect(checkRequest(JSON.stringify({ token: "tok-abcdef", lead }), secrets, NOW, hmacHex, never)).toMatchObject({ ok: true });
    expect(checkRequest(JSON.stringify({ token: "tok-abcdeF", lead }), secrets, NOW, hmacHex, never)).toEqual({ ok: false, error: "unauthorized" });
    expect(checkRequest(JSON.stringify({ lead }), secrets, NOW, hmacHex, never)).toEqual({ ok: false, error: "unauthorized" });
    expect(checkRequest(JSON.stringify({ token: "", lead }), { token: "", hmacSecret: "" }, NOW, hmacHex, never)).toEqual({ ok: false, error: "not-configured" });
  });

  it("HMAC: valid accepted; tampered, stale and replayed rejected", () => {
    const ts = String(NOW / 1000);
    const signature = hmacHex(`${ts}.${JSON.stringify(lead)}`, "hmac-secret");
    const body = JSON.stringify({ lead, timestamp: ts, signature });
    expect(checkRequest(body, secrets, NOW, hmacHex, never)).toMatchObject({ ok: true, request: { signature } });
    expect(checkRequest(JSON.stringify({ lead: { customerName: "乙" }, timestamp: ts, signature }), secrets, NOW, hmacHex, never)).toEqual({ ok: false, error: "unauthorized" });
    expect(checkRequest(body, secrets, NOW + 6 * 60_000, hmacHex, never)).toEqual({ ok: false, error: "stale" });
    expect(checkRequest(body, secrets, NOW, hmacHex, () => true)).toEqual({ ok: false, error: "replayed" });
  });

  it("size, JSON and shape errors reveal nothing", () => {
    expect(checkRequest("x".repeat(MAX_BODY_BYTES + 1), secrets, NOW, hmacHex, never)).toEqual({ ok: false, error: "too-large" });
    expect(checkRequest("{", secrets, NOW, hmacHex, never)).toEqual({ ok: false, error: "invalid-json" });
    expect(checkRequest(JSON.stringify({ lead: "text" }), secrets, NOW, hmacHex, never)).toEqual({ ok: false, error: "unauthorized" });
    expect(checkRequest(JSON.stringify({ token: "tok-abcdef", lead: [1] }), secrets, NOW, hmacHex, never)).toEqual({ ok: false, error: "invalid-lead" });
  });

  it("constant-time compare is still a compare", () => {
    expect(constantTimeEqual("abc", "abc")).toBe(true);
    expect(constantTimeEqual("abd", "abc")).toBe(false);
    expect(constantTimeEqual("ab", "abc")).toBe(false);
    expect(constantTimeEqual("", "")).toBe(false);
  });
});

describe("Settings, Rubric and Regions sheets", () => {
  it("round-trips the seeded rows, both languages", () => {
    for (const lang of ["zh", "en"] as const) {
      const parsed = parseSettings([["key", "label", "value", "help"], ...settingsSheetRows(lang)]);
      expect(parsed.problems).toEqual([]);
      expect(parsed.settings.language).toBe(lang);
      expect(parsed.settings.notifyDelayMinutes).toBe(10);
      const rub = parseRubric([["维度键", "维度", "选项ID", "选项说明", "分值"], ...rubricSheetRows(DEFAULT_RUBRIC, lang)], parsed, lang);
      expect(rub.problems).toEqual([]);
      expect(rub.rubric.dimensions).toEqual(DEFAULT_RUBRIC.dimensions.map((d) => ({ ...d, options: [...d.options].sort((a, b) => b.points - a.points) })));
    }
  });

  it("typos keep defaults and say what happened; secrets in the sheet are refused", () => {
    const p = parseSettings([
      ["键", "设置项", "值"],
      ["NOTIFY_DELAY_MINUTES", "", "十分钟"],
      ["", "每批线索数", "７"],
      ["LLM_API_KEY", "", "sk-should-not-be-here"],
      ["NOTFY", "", "3"],
    ]);
    expect(p.settings.notifyDelayMinutes).toBe(10);
    expect(p.settings.batchSize).toBe(7);
    const text = p.problems.map((x) => x.message).join("\n");
    expect(text).toMatch(/NOTIFY_DELAY_MINUTES "十分钟" is not valid; using the default 10/);
    expect(text).toMatch(/LLM_API_KEY is a secret/);
    expect(text).not.toContain("sk-should-not-be-here");
    expect(text).toMatch(/unknown setting "NOTFY"/);
  });

  it("a manager's point edit is used; a broken rubric falls back to the defaults", () => {
    const parsed = parseSettings([]);
    const rows = [["dimension", "name", "option", "label", "points"], ...rubricSheetRows(DEFAULT_RUBRIC, "en")];
    const edited = rows.map((r) => (r[0] === "budget" && r[2] === "fits" ? [...r.slice(0, 4), 15] : r));
    expect(parseRubric(edited, parsed, "en").rubric.dimensions.find((d) => d.key === "budget")!.options[0].points).toBe(15);
    const broken = rows.map((r) => (r[0] === "budget" && r[2] === "fits" ? [...r.slice(0, 4), "lots"] : r));
    const res = parseRubric(broken, parsed, "en");
    expect(res.problems.some((x) => /points/.test(x.message))).toBe(true);
    // one unreadable row: that dimension keeps its default options, the others keep their edits
    expect(res.rubric.dimensions.find((d) => d.key === "budget")!.options.map((o) => o.points)).toEqual([10, 0]);
    const dupe = [...rows, ["budget", "Budget", "none", "dup", 0]];
    const res2 = parseRubric(dupe, parsed, "en");
    expect(res2.problems.some((x) => /appears twice/.test(x.message))).toBe(true);
    expect(res2.rubric).toEqual(DEFAULT_RUBRIC);
  });

  it("regions: remote flag, incomplete rows reported", () => {
    const r = parseRegions([["place", "region", "remote"], ["新疆", "西北", "是"], ["广东", ""], ["深圳", "华南", ""]]);
    expect(r.regions).toEqual([{ place: "新疆", region: "西北", remote: true }, { place: "深圳", region: "华南" }]);
    expect(r.remoteAreas).toEqual(["新疆"]);
    expect(r.problems).toHaveLength(1);
  });
});

describe("columns and writes", () => {
  it("finds Leads columns by zh, en or key in any order, ignoring a manager's duplicates", () => {
    const cols = mapColumns(["备注", "Status", "线索ID", "grade", "线索ID"], LEAD_COLUMN_DEFS);
    expect(cols.status).toBe(1);
    expect(cols.leadId).toBe(2);
    expect(cols.grade).toBe(3);
    expect(cols.total).toBeUndefined();
  });

  it("write spans never cross a column the app does not own", () => {
    const owned = new Set([0, 1, 2, 4, 5]);
    expect(spansFor([0, 2], owned)).toEqual([[0, 2]]);
    expect(spansFor([1, 5], owned)).toEqual([[1, 1], [5, 5]]);
    expect(spansFor([1, 2, 5], owned)).toEqual([[1, 2], [5, 5]]);
    expect(spansFor([4, 5], owned)).toEqual([[4, 5]]);
  });

  it("log lines of one lead in one execution become one row with the worst outcome", () => {
    const at = new Date(NOW);
    const merged = mergeLines([
      { at, leadId: "F-1", step: "grade", outcome: "ok", message: "A" },
      { at, leadId: "", step: "config", outcome: "warning", message: "x" },
      { at, leadId: "F-1", step: "assign", outcome: "failed", message: "nobody" },
    ]);
    expect(merged).toHaveLength(2);
    expect(merged[0]).toMatchObject({ leadId: "F-1", step: "grade+assign", outcome: "failed", message: "A | assign: nobody" });
  });
});
