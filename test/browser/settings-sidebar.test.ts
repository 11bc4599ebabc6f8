/**
 * The Settings sidebar end to end in a real Chromium: the real bundle renders it on the
 * emulator (menu → Settings…), the page runs in the browser, and its google.script.run call
 * is bridged back into a new execution of the bundle's saveSettings — as Apps Script does.
 * Skipped only when Debian's Chromium is not installed.
 */
import { existsSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { chromium, type Browser, type Page } from "playwright-core";
import type { Emulator } from "../../src/emulator/index";
import { uiLog } from "../../src/emulator/services/spreadsheet-host";
import { scriptPropertiesOf } from "../../src/emulator/services/properties";
import { setSettings, startApp } from "../app/harness";

const CHROMIUM = "/usr/bin/chromium";
const hasChromium = existsSync(CHROMIUM);
const HOSTILE_REGION = '"><script>window.__pwned=1</script>';
const SECRET = "sk-sidebar-test-5f1e2d";

// Stands in for Apps Script's client library: each call becomes a new execution of the bundle.
const GOOGLE_SCRIPT_RUN_STUB = `
window.google = { script: { run: (function make(ok, fail) {
  return {
    withSuccessHandler: function (h) { return make(h, fail); },
    withFailureHandler: function (h) { return make(ok, h); },
    saveSettings: function (data) {
      window.__runInBundle("saveSettings", data).then(function (r) {
        if (r.ok) { ok && ok(r.result); } else { fail && fail(new Error(r.error)); }
      });
    }
  };
})() } };`;

function settingValue(emu: Emulator, key: string): unknown {
  return emu.readSheet("Settings").find((r) => r[0] === key)?.[2];
}

async function openSidebar(emu: Emulator, page: Page): Promise<string> {
  const before = uiLog(emu.world).length;
  const r = await emu.run("showSettings", undefined, "menu");
  expect(r.error, JSON.stringify(r.error)).toBeUndefined();
  const shown = uiLog(emu.world).slice(before).find((e) => e.kind === "sidebar");
  expect(shown?.content).toBeTruthy();
  // Apps Script serves sidebars with its client library loaded first; the stand-in goes there too.
  await page.setContent(shown!.content!.replace("<head>", `<head><script>${GOOGLE_SCRIPT_RUN_STUB}</script>`));
  return shown!.content!;
}

describe.skipIf(!hasChromium)("Settings sidebar in a real browser", () => {
  let browser: Browser;
  let emu: Emulator;
  let page: Page;

  beforeAll(async () => {
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
    });
    emu = await startApp();
    setSettings(emu, { FALLBACK_REGION: HOSTILE_REGION });
    page = await browser.newPage();
    await page.exposeFunction("__runInBundle", async (fn: string, data: unknown) => {
      const r = await emu.run(fn, data, "manual");
      return r.ok ? { ok: true, result: r.result } : { ok: false, error: r.error?.message ?? "failed" };
    });
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await emu?.close();
  });

  it("shows current settings escaped, and no secret", async () => {
    const html = await openSidebar(emu, page);
    expect(await page.evaluate(() => (globalThis as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
    expect(await page.inputValue('input[name="FALLBACK_REGION"]')).toBe(HOSTILE_REGION);
    expect(await page.inputValue('input[name="NOTIFY_DELAY_MINUTES"]')).toBe("10");
    expect(await page.getAttribute('input[name="LLM_API_KEY"]', "type")).toBe("password");
    expect(html).not.toContain(SECRET);
  });

  it("saves edited settings into the sheet and the key into Script Properties only", async () => {
    await openSidebar(emu, page);
    await page.fill('input[name="FALLBACK_REGION"]', "华中");
    await page.fill('input[name="NOTIFY_DELAY_MINUTES"]', "0");
    await page.fill('input[name="LLM_MODEL"]', "deepseek-chat");
    await page.fill('input[name="LLM_API_KEY"]', SECRET);
    await page.click('button[type="submit"]');
    await expect.poll(() => page.textContent("#msg"), { timeout: 15_000 }).toBe("OK");

    expect(String(settingValue(emu, "NOTIFY_DELAY_MINUTES"))).toBe("0");
    expect(settingValue(emu, "LLM_MODEL")).toBe("deepseek-chat");
    expect(settingValue(emu, "FALLBACK_REGION")).toBe("华中");
    expect(scriptPropertiesOf(emu.world).get("LLM_API_KEY")).toBe(SECRET);
    expect(await page.inputValue('input[name="LLM_API_KEY"]')).toBe("");
    for (const sheet of ["Settings", "Log", "Leads"]) {
      expect(JSON.stringify(emu.readSheet(sheet))).not.toContain(SECRET);
    }

    // Reopened, the sidebar says the key is set without showing it.
    const html = await openSidebar(emu, page);
    expect(html).not.toContain(SECRET);
    expect(await page.textContent("body")).toMatch(/LLM_API_KEY\s*\((已设置|set)\)/);
  });

  it("refuses an invalid value with a message and leaves the sheet as it was", async () => {
    await openSidebar(emu, page);
    await page.fill('input[name="NOTIFY_DELAY_MINUTES"]', "ten");
    await page.click('button[type="submit"]');
    await expect.poll(() => page.textContent("#msg"), { timeout: 15_000 }).toMatch(/NOTIFY_DELAY_MINUTES|通知延迟|Notify delay/);
    expect(String(settingValue(emu, "NOTIFY_DELAY_MINUTES"))).toBe("0");
  });
});
