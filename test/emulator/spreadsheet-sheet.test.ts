import { describe, expect, it } from "vitest";
import { service } from "../../src/emulator/services/spreadsheet";
import {
  clearFilter,
  filterRows,
  insertColumn,
  moveColumn,
  readSheet,
  renameHeader,
  scriptUiResponses,
  setSelection,
  sortSheetRows,
  typeCells,
  uiLog,
} from "../../src/emulator/services/spreadsheet-host";
import type { SpreadsheetAppService } from "../../src/emulator/services/spreadsheet";
import { execInfo, sheetsWorld, thrown } from "./spreadsheet-fixture";

async function leadsSheet() {
  const ctx = await sheetsWorld();
  const sheet = ctx.ss.insertSheet("Leads");
  sheet.getRange(1, 1, 4, 3).setValues([
    ["Name", "Score", "Phone"],
    ["Bo", 40, "'0138"],
    ["Al", 90, "'0139"],
    ["Cy", 65, "'0137"],
  ]);
  return { ...ctx, sheet };
}

describe("Sheet structure", () => {
  it("insertRowsAfter/insertColumnsAfter shift content and grow the grid", async () => {
    const { sheet } = await leadsSheet();
    sheet.insertRowsAfter(1, 2);
    expect(sheet.getMaxRows()).toBe(1002);
    expect(sheet.getRange("A2:A4").getValues()).toEqual([[""], [""], ["Bo"]]);
    sheet.insertColumnsAfter(1, 1);
    expect(sheet.getMaxColumns()).toBe(27);
    expect(sheet.getRange("A1:C1").getValues()).toEqual([["Name", "", "Score"]]);
    sheet.insertColumnsBefore(1, 1);
    expect(sheet.getRange("B1").getValue()).toBe("Name");
  });

  it("inserting 100,000 rows at once works and keeps the data below in place", async () => {
    const { sheet } = await leadsSheet();
    sheet.insertRowsAfter(1, 100_000);
    expect(sheet.getMaxRows()).toBe(101_000);
    expect(sheet.getRange(100_002, 1).getValue()).toBe("Bo");
    expect(sheet.getLastRow()).toBe(100_004);
  });

  it("deleteRows/deleteColumns remove content and shrink the grid", async () => {
    const { sheet } = await leadsSheet();
    sheet.deleteRows(2, 2);
    expect(sheet.getMaxRows()).toBe(998);
    expect(sheet.getDataRange().getValues()).toEqual([["Name", "Score", "Phone"], ["Cy", 65, "0137"]]);
    sheet.deleteColumn(2);
    expect(sheet.getDataRange().getValues()).toEqual([["Name", "Phone"], ["Cy", "0137"]]);
    expect(sheet.getMaxColumns()).toBe(25);
  });

  it("frozen rows, column widths, hidden columns", async () => {
    const { sheet } = await leadsSheet();
    sheet.setFrozenRows(1);
    expect(sheet.getFrozenRows()).toBe(1);
    expect(sheet.getColumnWidth(2)).toBe(100);
    sheet.setColumnWidth(2, 240);
    expect(sheet.getColumnWidth(2)).toBe(240);
    sheet.getRange("A5").setValue("a rather long company name, inc.");
    sheet.autoResizeColumns(1, 1);
    expect(sheet.getColumnWidth(1)).toBeGreaterThan(200);
    sheet.hideColumns(3);
    expect(sheet.isColumnHiddenByUser(3)).toBe(true);
    sheet.insertColumnsBefore(1, 1);
    expect(sheet.isColumnHiddenByUser(4)).toBe(true);
    expect(sheet.getColumnWidth(3)).toBe(240);
    sheet.showColumns(4);
    expect(sheet.isColumnHiddenByUser(4)).toBe(false);
    expect(thrown(() => sheet.setFrozenRows(1001)).message).toBe("Those rows are out of bounds.");
  });

  it("clear removes content and formats; clearContent keeps formats", async () => {
    const { sheet } = await leadsSheet();
    sheet.getRange("A1:C1").setFontWeight("bold").setNumberFormat("@");
    sheet.getRange("A1:C1").clearContent();
    expect(sheet.getRange("A1").getFontWeight()).toBe("bold");
    expect(sheet.getRange("A1").getNumberFormat()).toBe("@");
    sheet.clear();
    expect(sheet.getLastRow()).toBe(0);
    expect(sheet.getRange("A1").getFontWeight()).toBe("normal");
    expect(sheet.getRange("A1").getNumberFormat()).toBe("0.###############");
  });

  it("Range.sort by absolute column, ascending/descending, blanks last", async () => {
    const { sheet } = await leadsSheet();
    sheet.getRange("A5:B5").setValues([["Di", ""]]);
    sheet.getRange(2, 1, 4, 3).sort({ column: 2, ascending: false });
    expect(sheet.getRange("A2:A5").getValues().flat()).toEqual(["Al", "Cy", "Bo", "Di"]);
    sheet.getRange(2, 1, 4, 3).sort(1);
    expect(sheet.getRange("A2:A5").getValues().flat()).toEqual(["Al", "Bo", "Cy", "Di"]);
    expect(thrown(() => sheet.getRange(2, 2, 3, 1).sort(1)).message).toBe("Those columns are out of bounds.");
    sheet.setFrozenRows(1);
    sheet.sort(2);
    expect(sheet.getRange("B2:B5").getValues().flat()).toEqual([40, 65, 90, ""]);
  });

  it("offset, getCell, getSheet, activate and the active range", async () => {
    const { app, ss, sheet } = await leadsSheet();
    const r = sheet.getRange("B2").offset(1, 1, 2, 1);
    expect(r.getA1Notation()).toBe("C3:C4");
    expect(r.getCell(2, 1).getA1Notation()).toBe("C4");
    expect(r.getSheet().getName()).toBe("Leads");
    ss.getSheets()[0].getRange("A1:B2").activate();
    expect(app.getActiveSheet()?.getName()).toBe("Sheet1");
    expect(app.getActiveRange()?.getA1Notation()).toBe("A1:B2");
    expect(app.getSelection()?.getActiveRange().getA1Notation()).toBe("A1:B2");
  });
});

describe("number formats, styles and data validation", () => {
  it("setNumberFormats/getNumberFormats shape checks and round trip", async () => {
    const { sheet } = await leadsSheet();
    const r = sheet.getRange("A1:B1");
    r.setNumberFormats([["@", "0.00"]]);
    expect(r.getNumberFormats()).toEqual([["@", "0.00"]]);
    expect(thrown(() => r.setNumberFormats([["@"]])).message).toBe(
      "The number of columns in the data does not match the number of columns in the range. The data has 1 but the range has 2.",
    );
    sheet.getRange("B2").setNumberFormat("0.00");
    expect(sheet.getRange("B2").getDisplayValue()).toBe("40.00");
  });

  it("typed dates get a date format automatically; Dates display in the spreadsheet's zone", async () => {
    const { sheet } = await leadsSheet();
    sheet.getRange("D2").setValue("2024-03-09");
    expect(sheet.getRange("D2").getNumberFormat()).toBe("yyyy-mm-dd");
    sheet.getRange("D3").setValue(new Date(Date.UTC(2024, 2, 9, 4, 5, 6)));
    expect(sheet.getRange("D3").getDisplayValue()).toBe("3/9/2024 12:05:06");
    sheet.getRange("D3").setNumberFormat("yyyy-MM-dd HH:mm");
    expect(sheet.getRange("D3").getDisplayValue()).toBe("2024-03-09 12:05");
  });

  it("styles: font weight, background, wrap (batch and single)", async () => {
    const { sheet } = await leadsSheet();
    const header = sheet.getRange("A1:C1");
    expect(header.setFontWeight("bold").setBackground("#cfe2f3").setWrap(false)).toBe(header);
    expect(header.getFontWeights()).toEqual([["bold", "bold", "bold"]]);
    expect(sheet.getRange("A2").getFontWeight()).toBe("normal");
    expect(header.getBackgrounds()[0][2]).toBe("#cfe2f3");
    expect(header.getWrap()).toBe(false);
    expect(sheet.getRange("A2").getWrap()).toBe(true);
    expect(thrown(() => header.setFontWeight("heavy")).message).toBe(
      "The parameters (string) don't match the method signature for SpreadsheetApp.Range.setFontWeight.",
    );
  });

  it("data validation: requireValueInList, setAllowInvalid, get/clear", async () => {
    const { app, sheet } = await leadsSheet();
    const rule = app.newDataValidation().requireValueInList(["A", "B", "C"], true).setAllowInvalid(false).build();
    const col = sheet.getRange("D2:D4");
    col.setDataValidation(rule);
    const got = sheet.getRange("D3").getDataValidation()!;
    expect(got.getCriteriaType()).toBe("VALUE_IN_LIST");
    expect(got.getCriteriaValues()).toEqual([["A", "B", "C"], true]);
    expect(got.getAllowInvalid()).toBe(false);
    expect(got.getHelpText()).toBeNull();
    expect(col.getDataValidations().map((r) => r[0]?.getCriteriaType())).toEqual(["VALUE_IN_LIST", "VALUE_IN_LIST", "VALUE_IN_LIST"]);
    expect(sheet.getRange("D5").getDataValidation()).toBeNull();
    // Script writes bypass validation rules.
    sheet.getRange("D2").setValue("Z");
    expect(sheet.getRange("D2").getValue()).toBe("Z");
    sheet.insertRowsAfter(3, 1);
    expect(sheet.getRange("D4").getDataValidation()?.getCriteriaType()).toBe("VALUE_IN_LIST");
    col.clearDataValidations();
    expect(sheet.getRange("D2").getDataValidation()).toBeNull();
    expect(thrown(() => app.newDataValidation().requireValueInList("A" as never)).message).toBe(
      "The parameters (string) don't match the method signature for SpreadsheetApp.DataValidationBuilder.requireValueInList.",
    );
    expect(app.newDataValidation().requireValueInList(["x"]).build().getAllowInvalid()).toBe(true);
  });
});

describe("Ui (spec 97)", () => {
  it("getUi throws outside menu/manual/onOpen executions", async () => {
    const { world } = await sheetsWorld();
    for (const kind of ["trigger", "webapp"] as const) {
      const app = service.create(world, execInfo(kind)).SpreadsheetApp as SpreadsheetAppService;
      expect(thrown(() => app.getUi())).toEqual({ name: "Exception", message: "Cannot call SpreadsheetApp.getUi() from this context." });
    }
    const onOpen = service.create(world, execInfo("trigger", { functionName: "onOpen", authMode: "LIMITED" })).SpreadsheetApp as SpreadsheetAppService;
    const ui = onOpen.getUi();
    ui.createMenu("Leadgrade").addItem("Regrade selected rows", "regradeSelected").addSeparator().addItem("Setup", "setup").addToUi();
    expect(uiLog(world).at(-1)).toMatchObject({
      kind: "menu",
      title: "Leadgrade",
      items: [["Regrade selected rows", "regradeSelected"], ["", ""], ["Setup", "setup"]],
    });
    expect(thrown(() => ui.showSidebar({ getContent: () => "<p>x</p>" })).message).toBe(
      "You do not have permission to call Ui.showSidebar. Required permissions: https://www.googleapis.com/auth/script.container.ui",
    );
  });

  it("alert/prompt answer from scripted responses; sidebars and dialogs are recorded", async () => {
    const { world } = await sheetsWorld();
    const app = service.create(world, execInfo("menu")).SpreadsheetApp as SpreadsheetAppService;
    const ui = app.getUi();
    scriptUiResponses(world, { alerts: ["NO"], prompts: [{ text: "sk-test" }, { button: "CANCEL", text: "" }] });
    expect(ui.alert("Confirm", "Regrade 3 rows?", ui.ButtonSet.YES_NO)).toBe("NO");
    expect(ui.alert("Done")).toBe("OK");
    const p = ui.prompt("API key");
    expect([p.getSelectedButton(), p.getResponseText()]).toEqual(["OK", "sk-test"]);
    expect(ui.prompt("Again").getSelectedButton()).toBe("CANCEL");
    ui.showSidebar({ getContent: () => "<b>hi</b>", getTitle: () => "Leadgrade" });
    ui.showModalDialog({ getContent: () => "<i>x</i>" }, "Settings");
    const log = uiLog(world);
    expect(log.find((e) => e.kind === "sidebar")).toMatchObject({ content: "<b>hi</b>", title: "Leadgrade", executionId: "exec-menu" });
    expect(log.find((e) => e.kind === "modalDialog")).toMatchObject({ content: "<i>x</i>", title: "Settings" });
    expect(log.filter((e) => e.kind === "alert").map((e) => e.content)).toEqual(["Regrade 3 rows?", "Done"]);
  });
});

describe("host-side helpers (a manager editing the sheet)", () => {
  it("setSelection drives getActiveRange/getSelection in later executions", async () => {
    const { world, sheet } = await leadsSheet();
    setSelection(world, "Leads", "A2:C3");
    const app = service.create(world, execInfo("menu")).SpreadsheetApp as SpreadsheetAppService;
    expect(app.getActiveSheet()?.getName()).toBe("Leads");
    expect(app.getActiveRange()?.getA1Notation()).toBe("A2:C3");
    expect(app.getSelection()?.getActiveRange().getValues().map((r) => r[0])).toEqual(["Bo", "Al"]);
    expect(sheet.getName()).toBe("Leads");
  });

  it("sortSheetRows, insertColumn, moveColumn, renameHeader, filterRows", async () => {
    const { world, sheet } = await leadsSheet();
    sortSheetRows(world, "Leads", 2, false);
    expect(readSheet(world, "Leads").map((r) => r[0])).toEqual(["Name", "Al", "Cy", "Bo"]);
    insertColumn(world, "Leads", 2, "Notes");
    expect(readSheet(world, "Leads")[0]).toEqual(["Name", "Notes", "Score", "Phone"]);
    moveColumn(world, "Leads", 4, 1);
    expect(readSheet(world, "Leads")[0]).toEqual(["Phone", "Name", "Notes", "Score"]);
    expect(readSheet(world, "Leads")[1]).toEqual(["0139", "Al", "", 90]);
    renameHeader(world, "Leads", "Score", "AI Score");
    expect(sheet.getRange("D1").getValue()).toBe("AI Score");
    filterRows(world, "Leads", (row) => (row[3] as number) > 50);
    expect([2, 3, 4].map((r) => sheet.isRowHiddenByFilter(r))).toEqual([false, false, true]);
    expect(sheet.getFilter()?.getRange().getA1Notation()).toBe("A1:D4");
    clearFilter(world, "Leads");
    expect(sheet.getFilter()).toBeNull();
    expect(sheet.isRowHiddenByFilter(4)).toBe(false);
    typeCells(world, "Leads", "A6", [["0100", "2024-01-05"]]);
    expect(sheet.getRange("A6").getValue()).toBe(100);
  });
});

describe("batch performance", () => {
  it("20,000×40 setValues/getValues stays fast", async () => {
    const { ss } = await sheetsWorld();
    const sheet = ss.insertSheet("Big");
    sheet.insertRowsAfter(1000, 19_000);
    sheet.insertColumnsAfter(26, 14);
    const rows = Array.from({ length: 20_000 }, (_, r) => Array.from({ length: 40 }, (_, c) => (c % 2 ? `lead ${r}` : r * c)));
    const t0 = performance.now();
    sheet.getRange(1, 1, 20_000, 40).setValues(rows);
    const t1 = performance.now();
    const back = sheet.getRange(1, 1, 20_000, 40).getValues();
    const t2 = performance.now();
    expect(back[19_999][39]).toBe("lead 19999");
    expect(back[19_999][38]).toBe(19_999 * 38);
    expect(sheet.getLastRow()).toBe(20_000);
    expect(t2 - t1).toBeLessThan(500);
    expect(t1 - t0).toBeLessThan(3000);
  });
});
