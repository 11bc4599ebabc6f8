import { describe, expect, it } from "vitest";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { emulatorPool } from "./world-stub";

const T0 = Date.UTC(2025, 0, 6, 2, 0, 0); // Monday 10:00 in Asia/Shanghai
const MINUTE = 60_000;
const emulate = emulatorPool(T0);

describe("clock triggers", () => {
  const source = `
    function setup() {
      ScriptApp.newTrigger("tick").timeBased().everyMinutes(5).create();
      ScriptApp.newTrigger("slow").timeBased().everyMinutes(15).create();
    }
    function tick(e) { Logger.log("tick " + new Date().getTime() + " " + JSON.stringify(e)); }
    function slow(e) { Logger.log("slow " + new Date().getTime()); }`;

  it("runs each due time once, in time order, at the due time", async () => {
    const emu = await emulate(source);
    expect((await emu.run("setup")).ok).toBe(true);
    const runs = await emu.advance(30 * MINUTE);
    const order = runs.map((r) => `${r.functionName}@${(Number(r.logs[0].split(" ")[1]) - T0) / MINUTE}`);
    // Same due time: registration order.
    expect(order).toEqual(["tick@5", "tick@10", "tick@15", "slow@15", "tick@20", "tick@25", "tick@30", "slow@30"]);
    expect(runs.every((r) => r.ok && r.kind === "trigger" && r.triggerUid)).toBe(true);
    expect(emu.world.clock.now()).toBe(T0 + 30 * MINUTE);
    // Nothing is due again until the next period.
    expect(await emu.runDueTriggers()).toEqual([]);
    expect((await emu.advance(4 * MINUTE)).length).toBe(0);
    expect((await emu.advance(MINUTE)).map((r) => r.functionName)).toEqual(["tick"]);
  });

  it("passes the time-driven event object (spec #74)", async () => {
    const emu = await emulate(source);
    await emu.run("setup");
    const [first] = await emu.advance(5 * MINUTE);
    const event = JSON.parse(first.logs[0].split(" ").slice(2).join(" "));
    expect(event).toEqual({
      authMode: "FULL", triggerUid: first.triggerUid, year: 2025, month: 1, "day-of-month": 6, "day-of-week": 1,
      "week-of-year": 2, hour: 10, minute: 5, second: 0, timezone: "Asia/Shanghai",
    });
  });

  it("catches up at most once per due time and respects triggers deleted by a run", async () => {
    const emu = await emulate(`
      function setup() { ScriptApp.newTrigger("once").timeBased().everyMinutes(1).create(); }
      function once() {
        Logger.log("once");
        ScriptApp.getProjectTriggers().forEach(function (t) { ScriptApp.deleteTrigger(t); });
      }`);
    await emu.run("setup");
    emu.world.clock.advance(60 * MINUTE); // time passed without anyone running triggers
    const runs = await emu.runDueTriggers();
    expect(runs.map((r) => r.functionName)).toEqual(["once"]);
    expect(emu.world.triggers).toEqual([]);
  });
});

describe("form submit", () => {
  const source = `
    function setup() {
      var form = FormApp.create("Leads");
      form.addTextItem().setTitle("Name");
      form.addTextItem().setTitle("Email");
      form.setDestination(FormApp.DestinationType.SPREADSHEET, SpreadsheetApp.getActiveSpreadsheet().getId());
      ScriptApp.newTrigger("onSheetSubmit").forSpreadsheet(SpreadsheetApp.getActiveSpreadsheet()).onFormSubmit().create();
      ScriptApp.newTrigger("onFormBoundSubmit").forForm(form).onFormSubmit().create();
    }
    function onSheetSubmit(e) {
      return { authMode: e.authMode, triggerUid: e.triggerUid, values: e.values, namedValues: e.namedValues,
               valuesAreStrings: e.values.every(function (v) { return typeof v === "string"; }),
               namedAreArrays: Object.keys(e.namedValues).every(function (k) { return e.namedValues[k] instanceof Array; }),
               rangeRow: e.range ? e.range.getRow() : null, rangeValues: e.range ? e.range.getValues()[0].slice(1) : null };
    }
    function onFormBoundSubmit(e) {
      return { authMode: e.authMode, triggerUid: e.triggerUid, formId: e.source.getId(),
               answers: e.response.getItemResponses().map(function (r) { return r.getItem().getTitle() + "=" + r.getResponse(); }),
               timestampIsDate: e.response.getTimestamp() instanceof Date };
    }`;

  it("fires spreadsheet-bound and form-bound triggers with their event shapes (spec #76-#80)", async () => {
    const emu = await emulate(source);
    expect((await emu.run("setup")).ok).toBe(true);
    const runs = await emu.submitForm({ Name: "Jane", Email: "jane@example.com" });
    expect(runs.map((r) => r.functionName).sort()).toEqual(["onFormBoundSubmit", "onSheetSubmit"]);
    const sheetRun = runs.find((r) => r.functionName === "onSheetSubmit")!;
    const formRun = runs.find((r) => r.functionName === "onFormBoundSubmit")!;
    const sheetTrigger = emu.world.triggers.find((t) => t.triggerSource === "SPREADSHEETS")!;
    const formTrigger = emu.world.triggers.find((t) => t.triggerSource === "FORMS")!;
    expect(sheetRun.result).toEqual({
      authMode: "FULL", triggerUid: sheetTrigger.uid, values: ["1/6/2025 2:00:00", "Jane", "jane@example.com"],
      namedValues: { Timestamp: ["1/6/2025 2:00:00"], Name: ["Jane"], Email: ["jane@example.com"] },
      valuesAreStrings: true, namedAreArrays: true, rangeRow: 2, rangeValues: ["Jane", "jane@example.com"],
    });
    expect(formRun.result).toEqual({ authMode: "FULL", triggerUid: formTrigger.uid, formId: formTrigger.sourceId, answers: ["Name=Jane", "Email=jane@example.com"], timestampIsDate: true });
    expect(sheetRun.triggerUid).toBe(sheetTrigger.uid);
  });

  it("re-fires a recorded event and a phantom blank event", async () => {
    const emu = await emulate(source);
    await emu.run("setup");
    await emu.submitForm({ Name: "Jane", Email: "jane@example.com" });
    const again = await emu.fireFormSubmit(emu.lastFormSubmit!.sheetEvent);
    expect(again.map((r) => r.functionName)).toEqual(["onSheetSubmit"]);
    expect((again[0].result as { values: string[] }).values[1]).toBe("Jane");
    const phantom = await emu.fireFormSubmit({ namedValues: {}, values: [] }, "onSheetSubmit");
    expect(phantom[0].result).toMatchObject({ authMode: "FULL", values: [], namedValues: {}, rangeRow: null });
  });

  it("runs simultaneous submissions as overlapping executions", async () => {
    const emu = await emulate(source);
    await emu.run("setup");
    const all = await Promise.all(Array.from({ length: 8 }, (_, i) => emu.submitForm({ Name: `N${i}`, Email: `n${i}@example.com` })));
    expect(all.flat().every((r) => r.ok)).toBe(true);
    expect(new Set(all.flat().map((r) => r.executionId)).size).toBe(16);
    expect(emu.readSheet("Form Responses 1").length).toBe(9);
  });

  it("needs a form", async () => {
    const emu = await emulate(`function x() {}`);
    await expect(emu.submitForm({ Name: "x" })).rejects.toThrow(/no formId/);
  });
});

describe("web app", () => {
  const source = `
    function doPost(e) {
      if (e.parameter.mode === "html") return HtmlService.createHtmlOutput("<b>hi</b>");
      if (e.parameter.mode === "none") return;
      if (e.parameter.mode === "number") return 200;
      if (e.parameter.mode === "throw") throw new Error("bad request");
      return ContentService.createTextOutput(JSON.stringify(e)).setMimeType(ContentService.MimeType.JSON);
    }
    function doGet(e) { return ContentService.createTextOutput(JSON.stringify(e)); }`;

  it("passes the doPost event (spec #100) and serves TextOutput through the redirect", async () => {
    const emu = await emulate(source);
    const body = JSON.stringify({ token: "t", lead: { name: "张三" } });
    const response = await emu.post(body, { query: "n=1&n=2&foo[]=x" });
    expect(response).toMatchObject({ status: 200, contentType: "application/json", redirected: true });
    expect(JSON.parse(response.body)).toEqual({
      queryString: "n=1&n=2&foo[]=x", parameter: { n: "1", "foo[]": "x" }, parameters: { n: ["1", "2"], "foo[]": ["x"] },
      contextPath: "", contentLength: Buffer.byteLength(body),
      postData: { contents: body, length: Buffer.byteLength(body), name: "postData", type: "application/json" },
    });
    expect(response.execution.kind).toBe("webapp");
  });

  it("parses form-encoded bodies into parameters and has queryString '' without a query", async () => {
    const emu = await emulate(source);
    const response = await emu.post("a=1&b=two+words", { contentType: "application/x-www-form-urlencoded" });
    const event = JSON.parse(response.body);
    expect(event).toMatchObject({ queryString: "", parameter: { a: "1", b: "two words" }, parameters: { a: ["1"], b: ["two words"] } });
  });

  it("passes the doGet event (spec #98-#99): no postData, contentLength -1", async () => {
    const emu = await emulate(source);
    const response = await emu.get("name=alice&n=1&n=2");
    expect(response.contentType).toBe("text/plain");
    expect(JSON.parse(response.body)).toEqual({ queryString: "name=alice&n=1&n=2", parameter: { name: "alice", n: "1" }, parameters: { name: ["alice"], n: ["1", "2"] }, contextPath: "", contentLength: -1 });
    expect(JSON.parse((await emu.get()).body).queryString).toBeNull();
  });

  it("answers like Apps Script when doPost is missing, returns nothing, or returns HTML (spec #95)", async () => {
    const emu = await emulate(source);
    expect((await emu.post("", { query: "mode=none" })).body).toContain("The script completed but did not return anything.");
    expect((await emu.post("", { query: "mode=number" })).body).toContain("not a supported return type");
    expect(await emu.post("", { query: "mode=html" })).toMatchObject({ status: 200, contentType: "text/html", body: "<b>hi</b>", redirected: false });
    const failed = await emu.post("", { query: "mode=throw" });
    expect(failed.body).toContain("Error: bad request");
    const missing = await emulate(`function doGet() {}`);
    expect((await missing.post("{}")).body).toContain("Script function not found: doPost");
  });
});

describe("execution info", () => {
  it("tells services who runs and why", async () => {
    const emu = await emulate(`function info() { return Probe.execution(); }
      function setup() { ScriptApp.newTrigger("info").timeBased().everyMinutes(1).create(); }`, { userEmail: "boss@example.com" });
    expect((await emu.run("info")).result).toEqual({ authMode: "FULL", kind: "manual", triggerUid: null, userEmail: "boss@example.com" });
    expect((await emu.run("info", { authMode: "LIMITED" }, "menu")).result).toMatchObject({ authMode: "LIMITED", kind: "menu" });
    await emu.run("setup");
    const [tick] = await emu.advance(60_000);
    expect(tick.result).toEqual({ authMode: "FULL", kind: "trigger", triggerUid: emu.world.triggers[0].uid, userEmail: "boss@example.com" });
    expect((await emu.post("{}")).execution.kind).toBe("webapp");
  });
});

describe("outbox", () => {
  it("writes one RFC 5322 .eml per sent mail (multipart/alternative, UTF-8)", async () => {
    const emu = await emulate(`function x() {}`);
    emu.world.outbox.push(
      { id: "m1", at: T0, to: "rep@example.com", subject: "新线索 A 级", body: "纯文本 body", htmlBody: "<p>线索</p>", name: "leadgrade" },
      { id: "m2", at: T0, to: "boss@example.com", cc: "x@example.com", subject: "Plain", body: "text only" },
    );
    const dir = mkdtempSync(join(tmpdir(), "leadgrade-outbox-"));
    const paths = await emu.writeOutbox(dir);
    expect(paths.length).toBe(2);
    const first = readFileSync(paths[0], "utf8");
    expect(first).toMatch(/^From: "leadgrade" <owner@example.com>\r\n/);
    expect(first).toContain(`Subject: =?UTF-8?B?${Buffer.from("新线索 A 级").toString("base64")}?=`);
    expect(first).toContain("Date: Mon, 06 Jan 2025 02:00:00 +0000");
    expect(first).toMatch(/Content-Type: multipart\/alternative; boundary="([^"]+)"/);
    const boundary = /boundary="([^"]+)"/.exec(first)![1];
    const parts = first.split(`--${boundary}`);
    expect(parts.length).toBe(4);
    expect(parts[1]).toContain("Content-Type: text/plain; charset=UTF-8");
    expect(Buffer.from(parts[1].split("\r\n\r\n")[1].replace(/\r\n/g, ""), "base64").toString("utf8")).toBe("纯文本 body");
    expect(Buffer.from(parts[2].split("\r\n\r\n")[1].replace(/\r\n/g, ""), "base64").toString("utf8")).toBe("<p>线索</p>");
    const second = readFileSync(paths[1], "utf8");
    expect(second).toContain("Cc: x@example.com\r\n");
    expect(second).toContain("Content-Type: text/plain; charset=UTF-8");
    expect(second).not.toContain("multipart");
  });
});
