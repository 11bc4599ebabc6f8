import { describe, expect, it } from "vitest";
import fc from "fast-check";
import {
  GRADE_COLORS,
  composeIncompleteEmail,
  composeManagerEmail,
  composeOwnerEmail,
  escapeHtml,
  formatSubmittedAt,
  gradeBadgeText,
  headerSafe,
  missingForIncomplete,
  safeHttpUrl,
  type OwnerEmailInput,
} from "../../src/core/email";
import { offlineAdvice } from "../../src/core/advice";
import { finishGrade } from "../../src/core/grade";
import { LEAD_FIELDS, emptyLead, type Lang, type Lead } from "../../src/core/lead";
import { DEFAULT_RUBRIC, DIMENSION_KEYS, GRADES, cloneRubric, type DimensionKey, type Grade } from "../../src/core/rubric";
import type { GradeResult } from "../../src/core/result";
import type { DimensionScores } from "../../src/core/score";

function scores(ids: Partial<Record<DimensionKey, string>>, evidence = (k: DimensionKey) => `${k} evidence`): DimensionScores {
  return Object.fromEntries(
    DIMENSION_KEYS.map((k) => {
      const dim = DEFAULT_RUBRIC.dimensions.find((d) => d.key === k)!;
      const o = dim.options.find((x) => x.id === ids[k]) ?? dim.options[dim.options.length - 1];
      return [k, { optionId: o.id, points: o.points, evidence: evidence(k) }];
    }),
  ) as DimensionScores;
}

const lead: Lead = {
  ...emptyLead(),
  customerName: "深圳xx公司",
  contactName: "王工",
  contactTitle: "总经理",
  contactEmail: "wang@example.com",
  contactPhone: "13800000000",
  address: "广东深圳宝安",
  industry: "SMT贴片",
  leadDetails: "10台底部填充点胶机\n明年3月上线",
};

const TOP = { companySize: "large", industry: "core", location: "core", history: "existing", role: "decisionMaker", needMatch: "high", projectScale: "large", interactionDepth: "visit", interactionFrequency: "several", budget: "fits", purchasePlan: "deadline" };

function resultFor(l: Lead, ids: Partial<Record<DimensionKey, string>>, missingInfo: string[] = [], evidence?: (k: DimensionKey) => string): GradeResult {
  return finishGrade({ lead: l, rubric: DEFAULT_RUBRIC, dimensions: scores(ids, evidence), placement: { region: "华南", tier: "core", place: "深圳" }, engine: "rules", missingInfo });
}

function ownerInput(over: Partial<OwnerEmailInput> = {}): OwnerEmailInput {
  const l = over.lead ?? lead;
  const result = over.result ?? resultFor(l, TOP);
  const lang = over.lang ?? "zh";
  return {
    lead: l,
    leadId: "L-20250101-0001",
    result,
    advice: offlineAdvice(l, result, DEFAULT_RUBRIC, lang),
    owner: { name: "张三", email: "zhang@example.com" },
    rowUrl: "https://docs.google.com/spreadsheets/d/abc/edit#gid=0&range=A5",
    rubric: DEFAULT_RUBRIC,
    lang,
    submittedAt: "2025-01-01 09:30",
    ...over,
  };
}

/** The tag skeleton of an HTML document: what a hostile value must never change. */
const tags = (html: string) => (html.match(/<[^>]*>/g) ?? []).filter((t) => t !== "<br>");

describe("composeOwnerEmail", () => {
  it("has the zh subject with grade, label, customer and lead id", () => {
    const { subject } = composeOwnerEmail(ownerInput());
    expect(subject).toBe("【A级 · 高潜力】深圳xx公司 – 新线索 L-20250101-0001");
  });

  it("has the en subject and English body", () => {
    const en = composeOwnerEmail(ownerInput({ lang: "en", lead: { ...lead, customerName: "Acme EMS" } }));
    expect(en.subject).toBe("[Grade A · High potential] Acme EMS – new lead L-20250101-0001");
    expect(en.html).toContain('<html lang="en">');
    expect(en.html).toContain("Score breakdown");
    expect(en.text).toContain("Hello 张三, a new lead has been assigned to you.");
    expect(en.text).toContain("1. Opportunity maturity (High)");
    expect(en.text).toContain("Open in the sheet: https://docs.google.com/");
  });

  it("shows the badge in the grade's colour, the score table, total, reason and five sections", () => {
    const { html, text } = composeOwnerEmail(ownerInput());
    expect(html).toContain(`background:${GRADE_COLORS.A.background}`);
    expect(html).toMatch(/data-role="grade-badge"[^>]*>A级 · 高潜力</);
    expect((html.match(/<tr data-dimension=/g) ?? []).length).toBe(11);
    expect(html).toMatch(/<tr data-dimension="companySize">.*?>企业规模<.*?>20 \/ 20<.*?>大型企业（≥1000人）<.*?>companySize evidence</);
    expect(html).toContain('data-role="total"');
    expect(html).toContain("200 / 200");
    expect((html.match(/data-role="reason"/g) ?? []).length).toBe(4);
    expect((html.match(/data-role="advice"/g) ?? []).length).toBe(5);
    for (const t of ["一、商机成熟度分析（高）", "二、客户需求与痛点提炼", "三、沟通策略总结", "四、后续培育与跟进行动建议", "五、资源协调与风险提示"]) {
      expect(html).toContain(t);
      expect(text).toContain(t);
    }
    for (const v of ["王工", "总经理", "wang@example.com", "13800000000", "广东深圳宝安"]) expect(html).toContain(v);
    expect(html).toContain("10台底部填充点胶机<br>明年3月上线");
    expect(html).toContain('href="https://docs.google.com/spreadsheets/d/abc/edit#gid=0&amp;range=A5"');
    expect(text).toContain("- 企业规模: 20 / 20（大型企业（≥1000人）） 依据：companySize evidence");
    expect(text).toContain("总分 200 / 200");
    expect(text).toContain("联系人：王工");
    expect(text).toContain("提交时间：2025-01-01 09:30");
  });

  it("uses each grade's colour and label", () => {
    for (const g of GRADES) {
      const result = { ...resultFor(lead, TOP), grade: g as Grade };
      const { html, subject } = composeOwnerEmail(ownerInput({ result }));
      expect(html).toContain(`background:${GRADE_COLORS[g].background}`);
      expect(html).toContain(`>${gradeBadgeText(g, "zh")}</span>`);
      expect(subject.startsWith(g === "Incomplete" ? "【待完善】" : `【${g}级 · `)).toBe(true);
    }
    expect(new Set(Object.values(GRADE_COLORS).map((c) => c.background)).size).toBe(5);
    expect(gradeBadgeText("B", "en")).toBe("Grade B · Nurture closely");
    expect(gradeBadgeText("Incomplete", "en")).toBe("Cannot judge: please complete the lead");
  });

  it("says so when sent partially after the max wait, and when advice is missing", () => {
    const zh = composeOwnerEmail(ownerInput({ partial: true, advice: undefined }));
    expect(zh.subject.endsWith("（部分信息）")).toBe(true);
    expect(zh.html).toContain("已达到最长等待时间");
    expect(zh.text.startsWith("已达到最长等待时间")).toBe(true);
    expect(zh.html).toContain('data-role="advice-missing"');
    expect(zh.text).toContain("跟进建议尚未生成。");
    const en = composeOwnerEmail(ownerInput({ partial: true, advice: undefined, lang: "en" }));
    expect(en.subject.endsWith(" (partial)")).toBe(true);
    expect(en.text).toContain("Follow-up advice is not ready yet.");
    expect(composeOwnerEmail(ownerInput()).html).not.toContain("已达到最长等待时间");
  });

  it("links only plain http(s) row URLs", () => {
    expect(composeOwnerEmail(ownerInput({ rowUrl: "javascript:alert(1)" })).html).not.toContain("data-role=\"row-link\"");
    expect(composeOwnerEmail(ownerInput({ rowUrl: 'https://x.test/"onmouseover="alert(1)' })).html).not.toContain("onmouseover");
    expect(composeOwnerEmail(ownerInput({ rowUrl: undefined })).text).not.toContain("在表格中打开");
    expect(safeHttpUrl(" http://a.test/x ")).toBe("http://a.test/x");
    expect(safeHttpUrl("data:text/html,hi")).toBeUndefined();
  });

  it("uses the rubric's labels and maximum (edited rubric)", () => {
    const r = cloneRubric(DEFAULT_RUBRIC);
    r.dimensions[0].name = { zh: "公司体量", en: "Firm size" };
    const { html } = composeOwnerEmail(ownerInput({ rubric: r }));
    expect(html).toContain(">公司体量<");
  });

  it("leaves out a secret that might sit in fallbackReason and shows no blank contact rows", () => {
    const result = { ...resultFor(lead, TOP), fallbackReason: "401 from model: key sk-live-SECRET123 rejected" };
    const out = composeOwnerEmail(ownerInput({ result, lead: { ...lead, contactPhone: "" } }));
    for (const part of [out.subject, out.text, out.html]) expect(part).not.toContain("SECRET123");
    expect(out.html).not.toContain("联系电话");
  });

  it("formats Date values in UTC without Intl and cleans header text", () => {
    expect(formatSubmittedAt(new Date(Date.UTC(2025, 0, 2, 3, 4)))).toBe("2025-01-02 03:04 UTC");
    expect(formatSubmittedAt(new Date("nope"))).toBe("");
    expect(headerSafe("a\r\nBcc: evil@x.com\tb")).toBe("a Bcc: evil@x.com b");
    expect(headerSafe("x".repeat(100), 10)).toBe("x".repeat(9) + "…");
    const out = composeOwnerEmail(ownerInput({ submittedAt: new Date(Date.UTC(2025, 0, 2, 3, 4)), lead: { ...lead, customerName: "" } }));
    expect(out.text).toContain("2025-01-02 03:04 UTC");
    expect(out.subject).toContain("未知客户");
  });
});

const HOSTILE = [
  "<script>window.__pwned=1</script>",
  '"><img src=x onerror="window.__pwned=2">',
  "' onmouseover='window.__pwned=3",
  "</table></div><h1>fake</h1>",
  "<!-- comment --> <![CDATA[x]]>",
  "&amp; &lt;b&gt; & &#60;",
  '=HYPERLINK("http://evil.example","click")',
  "+cmd|' /C calc'!A0",
  "@SUM(1+1)",
  "javascript:alert(1)",
  "<a href=\"javascript:alert(1)\">x</a>",
  "<style>body{display:none}</style>",
  "`${x}` {{ constructor }}",
  "emoji 🧪 and 中文 <b>粗</b>",
  "<svg onload=alert(1)>",
  "<iframe srcdoc='<script>parent.__pwned=4</script>'>",
];

describe("escaping (hostile corpus)", () => {
  it("escapes the five HTML-significant characters and the backtick", () => {
    expect(escapeHtml(`<a href="x" title='y'>&\`</a>`)).toBe("&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&#96;&lt;/a&gt;");
  });

  for (const hostile of HOSTILE) {
    it(`keeps the markup intact with ${JSON.stringify(hostile).slice(0, 40)}`, () => {
      const benignLead = Object.fromEntries(LEAD_FIELDS.map((f) => [f, "x"])) as Lead;
      const hostileLead = Object.fromEntries(LEAD_FIELDS.map((f) => [f, hostile])) as Lead;
      const rubric = cloneRubric(DEFAULT_RUBRIC);
      const ev = () => hostile;
      const hostileResult = { ...resultFor(hostileLead, TOP, [hostile], ev), region: hostile };
      const benignResult = { ...resultFor(benignLead, TOP, ["x"], () => "x"), region: "x" };
      const advice = offlineAdvice(hostileLead, hostileResult, rubric, "zh");
      const base = { leadId: hostile, rubric, lang: "zh" as Lang, submittedAt: hostile, rowUrl: hostile };
      const mails = [
        [composeOwnerEmail({ ...base, lead: hostileLead, result: hostileResult, advice, owner: { name: hostile, email: "a@x.com" } }),
         composeOwnerEmail({ ...base, leadId: "x", submittedAt: "x", rowUrl: "x", lead: benignLead, result: benignResult, advice: offlineAdvice(benignLead, benignResult, rubric, "zh"), owner: { name: "x", email: "a@x.com" } })],
        [composeManagerEmail({ ...base, lead: hostileLead, result: hostileResult, region: hostile, fallbackRegion: hostile + "2", salespeopleProblems: [{ row: 2, message: hostile }] }),
         composeManagerEmail({ ...base, leadId: "x", submittedAt: "x", rowUrl: "x", lead: benignLead, result: benignResult, region: "x", fallbackRegion: "x2", salespeopleProblems: [{ row: 2, message: "x" }] })],
        [composeIncompleteEmail({ ...base, lead: hostileLead, result: hostileResult }),
         composeIncompleteEmail({ ...base, leadId: "x", submittedAt: "x", rowUrl: "x", lead: benignLead, result: benignResult })],
      ];
      for (const [bad, good] of mails) {
        expect(tags(bad.html)).toEqual(tags(good.html));
        expect(bad.html).not.toMatch(/<(script|img|svg|iframe|style|a href="javascript)/i);
        if (/[<>"'&]/.test(hostile)) expect(bad.html).not.toContain(hostile);
        expect(bad.html).toContain(escapeHtml(headerSafe(hostile, 60)));
        expect(bad.text).toContain(hostile); // plain text shows it literally
        expect(bad.subject).not.toMatch(/[\r\n]/);
      }
    });
  }

  it("no value changes the tag skeleton (property)", () => {
    const textArb = fc.string({ minLength: 1, maxLength: 40, unit: fc.constantFrom("<", ">", "&", '"', "'", "/", "=", "a", "script", " ", "中", "`", ";") }).filter((s) => s.trim() !== "");
    const benign = Object.fromEntries(LEAD_FIELDS.map((f) => [f, "x"])) as Lead;
    const benignResult = resultFor(benign, TOP, [], () => "x");
    const skeleton = tags(composeOwnerEmail(ownerInput({ lead: benign, result: benignResult, advice: undefined, owner: { name: "x", email: "a@x.com" } })).html);
    fc.assert(
      fc.property(textArb, (value) => {
        const l = Object.fromEntries(LEAD_FIELDS.map((f) => [f, value])) as Lead;
        const result = resultFor(l, TOP, [], () => value);
        const html = composeOwnerEmail(ownerInput({ lead: l, result, advice: undefined, owner: { name: value, email: "a@x.com" }, leadId: value })).html;
        expect(tags(html)).toEqual(skeleton);
      }),
      { numRuns: 200 },
    );
  });
});

describe("composeManagerEmail", () => {
  const base = { lead, leadId: "L-1", result: resultFor(lead, TOP), rubric: DEFAULT_RUBRIC, lang: "zh" as Lang, submittedAt: "2025-01-01" };

  it("says why nobody was assigned and asks for a manual assignment", () => {
    const out = composeManagerEmail({ ...base, region: "华南", fallbackRegion: "华东" });
    expect(out.subject).toBe("【待分配 · A级 · 高潜力】深圳xx公司 – 无人负责的线索 L-1");
    expect(out.text).toContain("未能自动分配：区域“华南”没有在岗的销售人员，备用区域“华东”也没有在岗的销售人员。");
    expect(out.text).toContain("请在线索表中手动填写负责人");
    expect(out.html).toContain('data-role="ask"');
    expect(out.html).toContain('data-role="grade-badge"');
    expect(out.html).toContain("王工");
  });

  it("covers an unknown region, a missing fallback and a fallback equal to the region", () => {
    expect(composeManagerEmail({ ...base, region: "", fallbackRegion: "" }).text).toContain("未能自动分配：无法从地址确定线索所属区域，设置中未填写备用区域。");
    expect(composeManagerEmail({ ...base, region: "华南", fallbackRegion: "华南" }).text).toContain("未能自动分配：区域“华南”没有在岗的销售人员。");
    const en = composeManagerEmail({ ...base, lang: "en", region: "", fallbackRegion: "East" });
    expect(en.text).toContain('Could not assign automatically: the lead\'s region could not be derived from its address; the fallback region "East" has no active salesperson either.');
    expect(en.subject).toBe("[Needs an owner · Grade A · High potential] 深圳xx公司 – unassigned lead L-1");
  });

  it("lists Salespeople sheet problems when given", () => {
    const out = composeManagerEmail({ ...base, region: "华南", fallbackRegion: "", salespeopleProblems: [{ row: 3, column: "email", message: "第3行 邮箱 无效" }] });
    expect(out.html).toContain('<ul data-role="problems"');
    expect(out.text).toContain("销售人员表中的问题\n- 第3行 邮箱 无效");
    expect(composeManagerEmail({ ...base, region: "华南", fallbackRegion: "" }).html).not.toContain("data-role=\"problems\"");
  });
});

describe("composeIncompleteEmail", () => {
  const thin: Lead = { ...emptyLead(), customerName: "某公司", contactPhone: "13800000000", industry: "电子" };
  const result = resultFor(thin, {}, ["客户职务", "所属行业"]);

  it("asks for each blank form field once, by its form label, details first", () => {
    expect(result.grade).toBe("Incomplete");
    const missing = missingForIncomplete(thin, result, DEFAULT_RUBRIC, "zh");
    expect(missing).toEqual(["线索详情", "客户职务", "企业规模", "地址", "合作历史", "互动详情", "互动频率"]);
    const out = composeIncompleteEmail({ lead: thin, leadId: "L-9", result, rubric: DEFAULT_RUBRIC, lang: "zh", submittedAt: "2025-01-01" });
    expect(out.subject).toBe("【请完善线索】某公司 – L-9");
    expect(out.html).toContain("<li>线索详情</li>");
    expect(out.html).toMatch(/data-role="grade-badge"[^>]*>无法判定，请完善信息</);
    expect(out.html).toContain('data-role="received"');
    expect(out.text).toContain("- 线索详情\n- 客户职务\n- 企业规模");
    expect(out.text).toContain("联系电话：13800000000");
  });

  it("writes English", () => {
    const out = composeIncompleteEmail({ lead: thin, leadId: "L-9", result: { ...result, missingInfo: [] }, rubric: DEFAULT_RUBRIC, lang: "en", submittedAt: "2025-01-01" });
    expect(out.subject).toBe("[Please complete] 某公司 – lead L-9");
    expect(out.text).toContain("- Lead details\n- Contact title");
    expect(out.text).toContain("Cannot judge: please complete the lead");
  });
});
