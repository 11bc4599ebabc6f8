/**
 * Render the owner e-mail in a real Chromium and check what a reader (and an attacker)
 * would see: no injected script runs, the badge and the score table are visible, and
 * hostile text shows up literally. Skipped only when Debian's Chromium is not installed.
 */
import { existsSync, writeFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { chromium, type Browser, type Page } from "playwright-core";
import { composeIncompleteEmail, composeManagerEmail, composeOwnerEmail } from "../../src/core/email";
import { offlineAdvice } from "../../src/core/advice";
import { finishGrade } from "../../src/core/grade";
import { emptyLead, type Lead } from "../../src/core/lead";
import { DEFAULT_RUBRIC, DIMENSION_KEYS, type DimensionKey } from "../../src/core/rubric";
import type { DimensionScores } from "../../src/core/score";

const CHROMIUM = "/usr/bin/chromium";
const hasChromium = existsSync(CHROMIUM);

const SCRIPT_PAYLOAD = "<script>window.__pwned=1</script>";
const IMG_PAYLOAD = '"><img src=x onerror="window.__pwned=2">';
const SVG_PAYLOAD = "<svg onload=\"window.__pwned=3\"></svg>";
const FORMULA = '=HYPERLINK("http://evil.example","点我")';

const BEST: Record<DimensionKey, string> = {
  companySize: "large", industry: "core", location: "core", history: "new", role: "decisionMaker", needMatch: "high",
  projectScale: "large", interactionDepth: "visit", interactionFrequency: "several", budget: "fits", purchasePlan: "deadline",
};

const EVIDENCE: Partial<Record<DimensionKey, string>> = {
  companySize: "2600人",
  industry: "SMT贴片 & PCBA",
  location: "广东深圳宝安",
  role: SCRIPT_PAYLOAD,
  needMatch: "PCBA底部填充点胶",
  projectScale: "10台",
  interactionDepth: "已到厂参观",
  interactionFrequency: "一周内来电3次",
  budget: "预算300万",
  purchasePlan: "明年3月上线",
};

function scores(): DimensionScores {
  return Object.fromEntries(
    DIMENSION_KEYS.map((k) => {
      const o = DEFAULT_RUBRIC.dimensions.find((d) => d.key === k)!.options.find((x) => x.id === BEST[k])!;
      return [k, { optionId: o.id, points: o.points, evidence: EVIDENCE[k] ?? "" }];
    }),
  ) as DimensionScores;
}

const hostileLead: Lead = {
  ...emptyLead(),
  customerName: `深圳华芯电子${SCRIPT_PAYLOAD}`,
  contactName: `王工${IMG_PAYLOAD}`,
  contactTitle: "总经理",
  contactEmail: "wang@example.com",
  contactPhone: FORMULA,
  address: `广东深圳宝安${SVG_PAYLOAD}`,
  industry: "SMT贴片",
  leadDetails: "10台底部填充点胶机，目前气泡多、良率低\n明年3月新线上线，预算300万 & 含税",
  interactionDetails: "已到厂参观",
};

function ownerHtml(): string {
  const result = finishGrade({ lead: hostileLead, rubric: DEFAULT_RUBRIC, dimensions: scores(), placement: { region: "华南", tier: "core", place: "广东 深圳" }, engine: "rules", missingInfo: [] });
  return composeOwnerEmail({
    lead: hostileLead,
    leadId: "L-20250101-0001",
    result,
    advice: offlineAdvice(hostileLead, result, DEFAULT_RUBRIC, "zh"),
    owner: { name: "张三", email: "zhang@example.com" },
    rowUrl: "https://docs.google.com/spreadsheets/d/abc/edit#gid=0&range=A5",
    rubric: DEFAULT_RUBRIC,
    lang: "zh",
    submittedAt: "2025-01-01 09:30",
  }).html;
}

describe.skipIf(!hasChromium)(`e-mail rendered in Chromium${hasChromium ? "" : " (skipped: /usr/bin/chromium is not installed)"}`, () => {
  let browser: Browser;
  let page: Page;

  /** A fresh page per render: setContent keeps the same window, so a global set by one page would leak into the next. */
  async function render(html: string): Promise<Page> {
    await page?.context().close();
    const context = await browser.newContext({ viewport: { width: 820, height: 900 } });
    page = await context.newPage();
    // The e-mail must not need the network; refuse anything it tries to fetch (e.g. <img src=x>).
    await page.route("**/*", (route) => route.abort());
    await page.setContent(html, { waitUntil: "load" });
    return page;
  }

  beforeAll(async () => {
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
    });
  });

  afterAll(async () => {
    await browser?.close();
  });

  it("the probe works: an unescaped payload does run in this page", async () => {
    await render(`<p>${SCRIPT_PAYLOAD}</p>`);
    expect(await page.evaluate(() => (globalThis as unknown as { __pwned?: number }).__pwned)).toBe(1);
  });

  it("runs no injected script and shows hostile text literally", async () => {
    await render(ownerHtml());
    await page.waitForTimeout(100); // let any onerror/onload handler fire if one slipped through
    expect(await page.evaluate(() => (globalThis as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
    expect(await page.locator("script, img, svg, iframe").count()).toBe(0);

    const body = await page.locator("body").innerText();
    expect(body).toContain(`深圳华芯电子${SCRIPT_PAYLOAD}`);
    expect(body).toContain(`王工${IMG_PAYLOAD}`);
    expect(body).toContain(SVG_PAYLOAD);
    expect(body).toContain(FORMULA);
    expect(body).toContain("预算300万 & 含税");
    expect(await page.locator('a[href*="evil"]').count()).toBe(0);
    expect(await page.locator("h1").innerText()).toBe(`深圳华芯电子${SCRIPT_PAYLOAD}`);
    expect(await page.title()).toContain("【A级 · 高潜力】");
  });

  it("shows the grade badge and every score table row", async () => {
    await render(ownerHtml());
    const badge = page.locator('[data-role="grade-badge"]');
    await expect.poll(() => badge.isVisible()).toBe(true);
    expect(await badge.innerText()).toBe("A级 · 高潜力");
    expect(await badge.evaluate((el) => (globalThis as unknown as { getComputedStyle(e: unknown): { backgroundColor: string } }).getComputedStyle(el).backgroundColor)).toBe("rgb(26, 127, 55)");

    const rows = page.locator('[data-role="score-table"] tbody tr');
    expect(await rows.count()).toBe(11);
    for (let i = 0; i < 11; i++) expect(await rows.nth(i).isVisible()).toBe(true);
    const first = await rows.nth(0).locator("td").allInnerTexts();
    expect(first).toEqual(["企业规模", "20 / 20", "大型企业（≥1000人）", "2600人"]);
    const roleRow = await page.locator('[data-dimension="role"] td').allInnerTexts();
    expect(roleRow[3]).toBe(SCRIPT_PAYLOAD);
    expect(await page.locator('[data-role="total"]').innerText()).toBe("180 / 200");
    expect(await page.locator('[data-role="advice"]').count()).toBe(5);
    expect(await page.locator('[data-role="row-link"]').getAttribute("href")).toBe("https://docs.google.com/spreadsheets/d/abc/edit#gid=0&range=A5");

    await page.screenshot({ path: "/tmp/email.png", fullPage: true });
  });

  it("the manager and incomplete e-mails are inert too", async () => {
    const thin = { ...emptyLead(), customerName: SCRIPT_PAYLOAD, contactPhone: IMG_PAYLOAD };
    const result = finishGrade({ lead: thin, rubric: DEFAULT_RUBRIC, dimensions: scores(), placement: { region: "", tier: "unknown", place: "" }, engine: "rules", missingInfo: [SVG_PAYLOAD] });
    const base = { lead: thin, leadId: "L-2", result, rubric: DEFAULT_RUBRIC, lang: "zh" as const, submittedAt: "2025-01-01" };
    for (const html of [composeManagerEmail({ ...base, region: SCRIPT_PAYLOAD, fallbackRegion: "" }).html, composeIncompleteEmail(base).html]) {
      await render(html);
      await page.waitForTimeout(50);
      expect(await page.evaluate(() => (globalThis as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
      expect(await page.locator("body").innerText()).toContain(SCRIPT_PAYLOAD);
      expect(await page.locator('[data-role="grade-badge"]').isVisible()).toBe(true);
    }
  });
});
