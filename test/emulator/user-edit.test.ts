import { afterEach, describe, expect, it } from "vitest";
import { startEmulator, type Emulator } from "../../src/emulator/index";
import { writeBundle } from "./fakes/bundle";

// A bundle whose simple onEdit records what it was told, and an installable edit trigger.
const BUNDLE = writeBundle(`
function onEdit(e) {
  PropertiesService.getScriptProperties().setProperty("simple", JSON.stringify({
    a1: e.range.getA1Notation(), sheet: e.range.getSheet().getName(), value: e.value, oldValue: e.oldValue, authMode: String(e.authMode)
  }));
}
function onEditInstalled(e) {
  PropertiesService.getScriptProperties().setProperty("installed", e.range.getA1Notation() + "|" + e.triggerUid);
}
function install() {
  var ss = SpreadsheetApp.getActiveSpreadsheet();
  ss.insertSheet("Settings");
  ScriptApp.newTrigger("onEditInstalled").forSpreadsheet(ss).onEdit().create();
}
function read() {
  var p = PropertiesService.getScriptProperties();
  return JSON.stringify({ simple: JSON.parse(p.getProperty("simple")), installed: p.getProperty("installed") });
}
`);

let emu: Emulator | undefined;
afterEach(async () => {
  await emu?.close();
  emu = undefined;
});

describe("userEdit: a person typing in the sheet", () => {
  it("changes the cells and fires the simple onEdit (LIMITED) and installed edit triggers with the edit event", async () => {
    emu = await startEmulator({ bundlePath: BUNDLE });
    expect((await emu.run("install")).ok).toBe(true);
    await emu.userEdit("Settings", "B2", [["first"]]);
    const runs = await emu.userEdit("Settings", "B2", [["second"]]);
    expect(runs.map((r) => r.functionName).sort()).toEqual(["onEdit", "onEditInstalled"]);
    expect(runs.every((r) => r.ok)).toBe(true);
    expect(emu.readSheet("Settings")[1]?.[1]).toBe("second");
    const seen = JSON.parse(String((await emu.run("read")).result));
    expect(seen.simple).toEqual({ a1: "B2", sheet: "Settings", value: "second", oldValue: "first", authMode: "LIMITED" });
    expect(seen.installed).toMatch(/^B2\|\S+$/);
  });

  it("passes value and oldValue for a single cell, and the block's range for several", async () => {
    emu = await startEmulator({ bundlePath: writeBundle(`
      function onEdit(e) {
        var p = PropertiesService.getScriptProperties();
        p.setProperty("n", String(Number(p.getProperty("n") || 0) + 1));
        p.setProperty("last", JSON.stringify({ a1: e.range.getA1Notation(), value: e.value === undefined ? null : e.value, oldValue: e.oldValue === undefined ? null : e.oldValue, authMode: String(e.authMode) }));
      }
      function read() { return PropertiesService.getScriptProperties().getProperty("last") + "#" + PropertiesService.getScriptProperties().getProperty("n"); }
      function writeByScript() { SpreadsheetApp.getActiveSpreadsheet().getSheets()[0].getRange("A1").setValue("script"); }
    `) });
    const sheet = "Sheet1";
    await emu.userEdit(sheet, "C3", [["old"]]);
    await emu.userEdit(sheet, "C3", [["new"]]);
    let r = await emu.run("read");
    const [json, n] = String(r.result).split("#");
    expect(JSON.parse(json!)).toEqual({ a1: "C3", value: "new", oldValue: "old", authMode: "LIMITED" });
    expect(n).toBe("2");
    await emu.userEdit(sheet, "A1", [["a", "b"], ["c", "d"]]);
    r = await emu.run("read");
    expect(JSON.parse(String(r.result).split("#")[0]!)).toMatchObject({ a1: "A1:B2", value: null });
    // A script's own write fires nothing.
    await emu.run("writeByScript");
    r = await emu.run("read");
    expect(String(r.result).split("#")[1]).toBe("3");
  });
});
