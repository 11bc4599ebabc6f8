import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { existsSync, mkdtempSync, readFileSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DEFAULT_BUNDLE_PATH, startEmulator, type Emulator } from "../../src/emulator/index";
import { fakeServices } from "./fakes/services";
import { writeBundle } from "./fakes/bundle";

const entries = JSON.parse(readFileSync(join(DEFAULT_BUNDLE_PATH, "..", ".entries.json"), "utf8")) as string[];

const SERVICE_FILES = ["spreadsheet", "forms", "properties", "cache", "lock", "urlfetch", "mail", "scriptapp", "utilities", "html", "session", "workbook-file"];
const servicesReady = SERVICE_FILES.every((name) => existsSync(new URL(`../../src/emulator/services/${name}.ts`, import.meta.url)));

describe("the real dist/Code.js on the runtime", () => {
  let emu: Emulator;
  beforeAll(async () => {
    // Real services once they all exist; the stand-ins keep this suite meaningful before.
    emu = await startEmulator({ now: Date.UTC(2025, 0, 6, 2), services: servicesReady ? undefined : fakeServices() });
  });
  afterAll(() => emu.close());

  it("loads dist/Code.js by default and finds every entry point it declares", async () => {
    expect(entries).toEqual(expect.arrayContaining(["onOpen", "onFormSubmit", "doPost", "runWorker", "setup"]));
    const missing = await emu.run("noSuchEntryPoint");
    expect(missing.error?.message).toBe("Script function not found: noSuchEntryPoint");
    // A copy of the bundle whose entry points are re-declared (the last declaration wins) to
    // report that the runtime reached them by name.
    const probe = await startEmulator({
      services: fakeServices(),
      bundlePath: writeBundle(readFileSync(DEFAULT_BUNDLE_PATH, "utf8") + entries.map((n) => `\nfunction ${n}() { return "reached ${n}"; }`).join("")),
    });
    try {
      for (const name of entries) expect((await probe.run(name)).result, name).toBe(`reached ${name}`);
    } finally {
      await probe.close();
    }
  });

  it("answers a web request through doPost", async () => {
    const response = await emu.post(JSON.stringify({ token: "wrong", lead: {} }));
    expect(response.execution.notFound).toBeUndefined();
    expect(typeof response.status).toBe("number");
    expect(response.execution.timings?.loadMs).toBeGreaterThanOrEqual(0);
  });
});

describe.runIf(servicesReady)("the runtime on the real services", () => {
  const T0 = Date.UTC(2025, 0, 6, 2); // 10:00 in Asia/Shanghai
  const source = `
    function setup() {
      var ss = SpreadsheetApp.getActiveSpreadsheet();
      var form = FormApp.create("Leads");
      form.addTextItem().setTitle("Name");
      form.addTextItem().setTitle("Email");
      form.setDestination(FormApp.DestinationType.SPREADSHEET, ss.getId());
      ScriptApp.newTrigger("onFormSubmit").forSpreadsheet(ss).onFormSubmit().create();
      ScriptApp.newTrigger("onFormBound").forForm(form).onFormSubmit().create();
      ScriptApp.newTrigger("runWorker").timeBased().everyMinutes(5).create();
    }
    function onFormSubmit(e) {
      MailApp.sendEmail("rep@example.com", "New lead " + e.namedValues.Name[0], "plain", { htmlBody: "<b>html</b>" });
      return { values: e.values, named: e.namedValues, uid: e.triggerUid, auth: String(e.authMode), a1: e.range.getA1Notation(), sheet: e.range.getSheet().getName() };
    }
    function onFormBound(e) {
      return { uid: e.triggerUid, form: e.source.getTitle(), answers: e.response.getItemResponses().map(function (r) { return r.getResponse(); }), at: e.response.getTimestamp().getTime() };
    }
    function runWorker(e) { return e.minute + " " + new Date(); }
    function doPost(e) {
      return ContentService.createTextOutput(JSON.stringify({ ok: true, got: JSON.parse(e.postData.contents) })).setMimeType(ContentService.MimeType.JSON);
    }
    function holdLock() { var l = LockService.getScriptLock(); l.waitLock(5000); Utilities.sleep(300); l.releaseLock(); return Date.now(); }
    function tryLockNow() { return LockService.getScriptLock().tryLock(0); }`;

  it("runs setup, a form submission, a web request and clock triggers end to end", async () => {
    const emu = await startEmulator({ now: T0, bundlePath: writeBundle(source) });
    try {
      expect((await emu.run("setup")).error).toBeUndefined();
      const runs = await emu.submitForm({ Name: "Jane", Email: "jane@example.com" });
      const byName = Object.fromEntries(runs.map((r) => [r.functionName, r]));
      const sheetTrigger = emu.world.triggers.find((t) => t.handlerFunction === "onFormSubmit")!;
      expect(byName.onFormSubmit.result).toEqual({
        values: ["1/6/2025 10:00:00", "Jane", "jane@example.com"],
        named: { Timestamp: ["1/6/2025 10:00:00"], Name: ["Jane"], Email: ["jane@example.com"] },
        uid: sheetTrigger.uid, auth: "FULL", a1: "A2:C2", sheet: "Form Responses 1",
      });
      expect(byName.onFormBound.result).toMatchObject({ form: "Leads", answers: ["Jane", "jane@example.com"], at: T0 });
      expect(emu.world.outbox.map((m) => m.subject)).toEqual(["New lead Jane"]);

      const again = await emu.fireFormSubmit(emu.lastFormSubmit!.sheetEvent);
      expect(again.map((r) => r.functionName)).toEqual(["onFormSubmit"]);

      const response = await emu.post(JSON.stringify({ a: 1 }));
      expect(response).toMatchObject({ status: 200, contentType: "application/json", redirected: true, body: '{"ok":true,"got":{"a":1}}' });

      const ticks = await emu.advance(10 * 60_000);
      expect(ticks.map((r) => r.result)).toEqual(["5 Mon Jan 06 2025 10:05:00 GMT+0800 (China Standard Time)", "10 Mon Jan 06 2025 10:10:00 GMT+0800 (China Standard Time)"]);
      expect(emu.world.counters.get("MailApp.sendEmail")).toBe(2);

      const dir = mkdtempSync(join(tmpdir(), "leadgrade-save-"));
      await emu.save(join(dir, "leadgrade.xlsx"));
      expect(statSync(join(dir, "leadgrade.xlsx")).size).toBeGreaterThan(1000);
      expect(emu.readSheet("Form Responses 1")[1].slice(1)).toEqual(["Jane", "jane@example.com"]);
      const eml = await emu.writeOutbox(join(dir, "outbox"));
      expect(eml.length).toBe(2);
    } finally {
      await emu.close();
    }
  });

  it("gives overlapping executions real mutual exclusion through LockService", async () => {
    const emu = await startEmulator({ now: T0, bundlePath: writeBundle(source) });
    try {
      const holder = emu.run("holdLock");
      await new Promise((resolve) => setTimeout(resolve, 150));
      const whileHeld = await emu.run("tryLockNow");
      await holder;
      const afterwards = await emu.run("tryLockNow");
      expect([whileHeld.result, afterwards.result]).toEqual([false, true]);
    } finally {
      await emu.close();
    }
  });
});
