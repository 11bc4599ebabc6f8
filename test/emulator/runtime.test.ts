import { describe, expect, it } from "vitest";
import { startEmulator } from "../../src/emulator/index";
import { fakeServices, fakeState } from "./fakes/services";
import { emulatorPool } from "./world-stub";

const T0 = Date.UTC(2025, 0, 6, 2, 0, 0);
const emulate = emulatorPool(T0);

describe("the execution context", () => {
  it("has Dates of the bundle's own realm that read the emulated clock", async () => {
    const emu = await emulate(`
      function main() {
        var d = new Date();
        return { isDate: d instanceof Date, ctor: d.constructor === Date, now: Date.now(), ms: d.getTime(),
                 parsed: new Date("2024-01-05T00:00:00Z").getTime(), parts: new Date(2024, 0, 5).getFullYear(),
                 asString: typeof Date(), fromHost: Probe.now() instanceof Date, hostMs: Probe.now().getTime() };
      }`);
    const first = await emu.run("main");
    expect(first.error).toBeUndefined();
    expect(first.result).toEqual({ isDate: true, ctor: true, now: T0, ms: T0, parsed: Date.UTC(2024, 0, 5), parts: 2024, asString: "string", fromHost: true, hostMs: T0 });
    await emu.advance(90_000);
    expect(((await emu.run("main")).result as { now: number }).now).toBe(T0 + 90_000);
  });

  it("passes Dates both ways as Dates", async () => {
    const emu = await emulate(`
      function main() {
        var back = Probe.echo([new Date(5), { at: new Date(7) }]);
        return { seen: Probe.describe(new Date(Date.UTC(2025, 0, 1))), backIsDate: back[0] instanceof Date && back[1].at instanceof Date,
                 backArray: back instanceof Array, ms: back[0].getTime() + back[1].at.getTime() };
      }`);
    const run = await emu.run("main");
    expect(run.result).toEqual({ seen: { isDate: true, type: "object", isArray: false, json: "2025-01-01T00:00:00.000Z" }, backIsDate: true, backArray: true, ms: 12 });
  });

  it("has no Node globals, and console goes to the execution's log", async () => {
    const emu = await emulate(`
      function main() {
        console.log("hello", { a: 1 });
        Logger.log("via Logger");
        [1].forEach(console.log);
        return [typeof require, typeof process, typeof Buffer, typeof setTimeout, typeof globalThis.Probe].join(",");
      }`);
    const run = await emu.run("main");
    expect(run.result).toBe("undefined,undefined,undefined,undefined,object");
    expect(run.logs).toEqual(['hello {"a":1}', "via Logger", "1 0 [1]"]);
  });

  it("gives each execution a fresh context", async () => {
    const emu = await emulate(`var counter = 0; function main() { counter += 1; globalThis.leak = (globalThis.leak || 0) + 1; return counter + globalThis.leak; }`, { maxIdleWorkers: 1 });
    expect((await emu.run("main")).result).toBe(2);
    expect((await emu.run("main")).result).toBe(2);
  });

  it("exposes enum properties and keeps object identity within an execution", async () => {
    const emu = await emulate(`
      function main() {
        var ss = SpreadsheetApp.getActiveSpreadsheet();
        var sheet = ss.getSheetByName("Sheet1");
        var range = sheet.getRange(1, 1);
        return { red: Probe.Color.RED, kind: ScriptApp.EventType.ON_FORM_SUBMIT, same: Probe.sameObject(range, range),
                 roundTrip: range.getSheet().getName(), printed: String(range), keys: typeof range.getValues };
      }`);
    const run = await emu.run("main");
    expect(run.result).toEqual({ red: "RED", kind: "ON_FORM_SUBMIT", same: true, roundTrip: "Sheet1", printed: "Range", keys: "function" });
  });
});

describe("errors", () => {
  it("re-throws service errors as Exception with the message unchanged (G1)", async () => {
    const emu = await emulate(`
      function main() {
        try { Probe.fail("The coordinates of the range are outside the dimensions of the sheet."); }
        catch (e) { return { text: String(e), name: e.name, message: e.message, isError: e instanceof Error, json: JSON.parse(JSON.stringify(e)), stackHead: e.stack.split("\\n")[0] }; }
      }`);
    const run = await emu.run("main");
    const message = "The coordinates of the range are outside the dimensions of the sheet.";
    expect(run.result).toEqual({ text: `Exception: ${message}`, name: "Exception", message, isError: true, json: { name: "Exception", message }, stackHead: `Exception: ${message}` });
  });

  it("reports an uncaught error as the execution's error", async () => {
    const emu = await emulate(`function main() { SpreadsheetApp.getActiveSpreadsheet().insertSheet("Sheet1"); }`);
    const run = await emu.run("main");
    expect(run.ok).toBe(false);
    expect(run.error).toMatchObject({ name: "Exception", message: 'A sheet with the name "Sheet1" already exists. Please enter another name.' });
  });

  it("surfaces service bugs as Exception in the bundle and logs the stack", async () => {
    const emu = await emulate(`function main() { try { Probe.crash(); } catch (e) { return String(e); } }`);
    const run = await emu.run("main");
    expect(run.result).toBe("Exception: service bug");
    expect(run.logs.some((l) => l.includes("internal error in Probe.crash") && l.includes("TypeError"))).toBe(true);
  });

  it("throws a clear error for services that are not emulated", async () => {
    const emu = await emulate(`
      function main() {
        var out = [];
        ["GmailApp", "DriveApp", "CalendarApp", "DocumentApp"].forEach(function (name) {
          try { globalThis[name].getInboxThreads(); out.push(name + " passed"); } catch (e) { out.push(String(e)); }
        });
        return out;
      }`);
    const run = await emu.run("main");
    expect(run.result).toEqual(["GmailApp", "DriveApp", "CalendarApp", "DocumentApp"].map((n) => `Exception: ${n} is not emulated by leadgrade's local runtime`));
  });

  it("reports a missing entry point as Apps Script does", async () => {
    const emu = await emulate(`function main() {}`);
    const run = await emu.run("nope");
    expect(run).toMatchObject({ ok: false, notFound: true, error: { message: "Script function not found: nope" } });
  });

  it("reports errors thrown while loading the bundle", async () => {
    const emu = await emulate(`throw new Error("top-level boom"); function main() {}`);
    const run = await emu.run("main");
    expect(run).toMatchObject({ ok: false, error: { message: "top-level boom" } });
  });
});

describe("calls and counters", () => {
  it("counts every proxied call by Class.method", async () => {
    const emu = await emulate(`
      function main() {
        var ss = SpreadsheetApp.getActiveSpreadsheet();
        for (var i = 0; i < 3; i++) ss.getSheetByName("Sheet1").getRange(1, 1).getValues();
        try { Probe.fail("x"); } catch (e) {}
      }`);
    await emu.run("main");
    expect(Object.fromEntries(emu.world.counters)).toEqual({
      "SpreadsheetApp.getActiveSpreadsheet": 1,
      "SpreadsheetApp.Spreadsheet.getSheetByName": 3,
      "SpreadsheetApp.Sheet.getRange": 3,
      "SpreadsheetApp.Range.getValues": 3,
      "Probe.fail": 1,
    });
  });

  it("passes a 20,000 x 30 getValues reply intact", async () => {
    const emu = await emulate(`
      function main() {
        var values = Probe.bigRange(20000, 30).getValues();
        var last = values[19999];
        return { rows: values.length, cols: values[0].length, firstIsDate: values[0][0] instanceof Date, lastDate: last[0].getTime(),
                 lastNumber: last[29], lastText: last[28], isArray: values instanceof Array && last instanceof Array };
      }`);
    const run = await emu.run("main");
    expect(run.error).toBeUndefined();
    expect(run.result).toEqual({ rows: 20000, cols: 30, firstIsDate: true, lastDate: Date.UTC(2025, 0, 1) + 19999 * 60_000, lastNumber: 1999929, lastText: "r19999c28", isArray: true });
  });

  it("sends large arguments to the host intact", async () => {
    const emu = await emulate(`
      function main() {
        var rows = []; for (var r = 0; r < 5000; r++) { var row = []; for (var c = 0; c < 20; c++) row.push(c ? "x" + r + "-" + c : new Date(r)); rows.push(row); }
        var sheet = SpreadsheetApp.getActiveSpreadsheet().getSheetByName("Sheet1");
        sheet.getRange(1, 1, 5000, 20).setValues(rows);
      }`);
    expect((await emu.run("main")).ok).toBe(true);
    const rows = emu.readSheet("Sheet1");
    expect(rows.length).toBe(5000);
    expect(rows[4999][19]).toBe("x4999-19");
    expect(rows[4999][0]).toEqual(new Date(4999));
  });

  it("blocks the execution while an async host method settles", async () => {
    const emu = await emulate(`function main() { var t = Probe.delay(150); return t; }`);
    const run = await emu.run("main");
    expect(run.result).toBe(150);
    expect(run.ms).toBeGreaterThanOrEqual(140);
  });
});

describe("concurrency", () => {
  it("runs executions in overlapping workers: B waits for A's script lock", async () => {
    const emu = await emulate(`
      function holder() {
        var lock = LockService.getScriptLock();
        lock.waitLock(5000);
        Probe.mark("A locked");
        Probe.waitForMark("B waiting");
        Probe.delay(300);
        Probe.mark("A releasing");
        lock.releaseLock();
      }
      function waiter() {
        Probe.waitForMark("A locked");
        Probe.mark("B waiting");
        var lock = LockService.getScriptLock();
        lock.waitLock(5000);
        Probe.mark("B locked");
        lock.releaseLock();
      }`);
    const [a, b] = await Promise.all([emu.run("holder"), emu.run("waiter")]);
    expect(a.error).toBeUndefined();
    expect(b.error).toBeUndefined();
    expect(a.executionId).not.toBe(b.executionId);
    const order = fakeState(emu.world).marks.map(([label]) => label);
    expect(order).toEqual(["A locked", "B waiting", "A releasing", "B locked"]);
    const at = Object.fromEntries(fakeState(emu.world).marks);
    expect(at["B locked"] - at["B waiting"]).toBeGreaterThanOrEqual(150);
  });

  it("releases the locks of an execution that fails", async () => {
    const emu = await emulate(`
      function crasher() { LockService.getScriptLock().waitLock(1000); throw new Error("died holding the lock"); }
      function next() { return LockService.getScriptLock().tryLock(100); }`);
    expect((await emu.run("crasher")).error?.message).toBe("died holding the lock");
    expect((await emu.run("next")).result).toBe(true);
  });
});

describe("execution time limit", () => {
  it("stops a busy execution with Exceeded maximum execution time and releases its lock", async () => {
    const emu = await emulate(`
      function spin() { LockService.getScriptLock().waitLock(1000); while (true) {} }
      function blocked() { Probe.delay(100000); }
      function after() { return LockService.getScriptLock().tryLock(0); }`, { executionTimeLimitMs: 300 });
    const spin = await emu.run("spin");
    expect(spin).toMatchObject({ ok: false, error: { name: "Exception", message: "Exceeded maximum execution time" } });
    expect(spin.ms).toBeLessThan(5000);
    const blocked = await emu.run("blocked");
    expect(blocked.error?.message).toBe("Exceeded maximum execution time");
    expect((await emu.run("after")).result).toBe(true);
  });
});

describe("the script's time zone", () => {
  const source = `
    function main() {
      var d = new Date(); // 2025-01-06T02:00:00Z = 10:00 in Asia/Shanghai
      var local = new Date(2025, 0, 6, 10, 30);
      var copy = new Date(d.getTime()); copy.setHours(23, 59, 0, 0);
      return {
        hours: d.getHours(), date: d.getDate(), day: d.getDay(), offset: d.getTimezoneOffset(),
        text: String(d), dateText: d.toDateString(),
        localMs: local.getTime(), setHoursMs: copy.getTime(),
        isoLocal: new Date("2025-01-06T10:00:00").getTime(), isoUtc: new Date("2025-01-06T10:00:00Z").getTime(),
        dateOnly: new Date("2025-01-06").getTime(), parsed: Date.parse("2025/01/06 10:00"),
        intlZone: new Intl.DateTimeFormat().resolvedOptions().timeZone,
        localeTime: d.toLocaleTimeString("en-US", { hour12: false }),
        utcHours: d.getUTCHours(), iso: d.toISOString(),
      };
    }`;

  it("uses the script's time zone for local time, as Apps Script does", async () => {
    const emu = await emulate(source);
    const run = await emu.run("main");
    expect(run.error).toBeUndefined();
    expect(run.result).toEqual({
      hours: 10, date: 6, day: 1, offset: -480,
      text: "Mon Jan 06 2025 10:00:00 GMT+0800 (China Standard Time)", dateText: "Mon Jan 06 2025",
      localMs: Date.UTC(2025, 0, 6, 2, 30), setHoursMs: Date.UTC(2025, 0, 6, 15, 59),
      isoLocal: T0, isoUtc: Date.UTC(2025, 0, 6, 10), dateOnly: Date.UTC(2025, 0, 6), parsed: T0,
      intlZone: "Asia/Shanghai", localeTime: "10:00:00", utcHours: 2, iso: "2025-01-06T02:00:00.000Z",
    });
  });

  it("follows another zone with daylight saving", async () => {
    const emu = await emulate(`function main() {
      var winter = new Date(2025, 0, 15, 12), summer = new Date(2025, 6, 15, 12);
      return [winter.getTimezoneOffset(), summer.getTimezoneOffset(), winter.getHours(), summer.getHours(), summer.toISOString()];
    }`, { timeZone: "America/New_York" });
    expect((await emu.run("main")).result).toEqual([300, 240, 12, 12, "2025-07-15T16:00:00.000Z"]);
  });

  it("drains promise jobs before the execution ends", async () => {
    const emu = await emulate(`function main() { Promise.resolve().then(function () { Logger.log("microtask ran"); }); }`);
    expect((await emu.run("main")).logs).toEqual(["microtask ran"]);
  });
});

describe("start-up failures", () => {
  it("reports a bundle that does not compile on every run", async () => {
    const emu = await emulate(`function main( {`);
    const run = await emu.run("main");
    expect(run.error).toMatchObject({ name: "SyntaxError", message: "Unexpected end of input" });
    expect((await emu.run("main")).error?.name).toBe("SyntaxError");
  });

  it("says how to build a missing bundle", async () => {
    await expect(startEmulator({ services: fakeServices(), bundlePath: "/nonexistent/Code.js" })).rejects.toThrow(/npm run build/);
  });
});
