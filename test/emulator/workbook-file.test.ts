import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import ExcelJS from "exceljs";
import { afterAll, describe, expect, it } from "vitest";
import { service, type SpreadsheetAppService } from "../../src/emulator/services/spreadsheet";
import { readSheet } from "../../src/emulator/services/spreadsheet-host";
import { saveWorkbook } from "../../src/emulator/services/workbook-file";
import { execInfo, makeWorld, sheetsWorld } from "./spreadsheet-fixture";

const dir = mkdtempSync(join(tmpdir(), "leadgrade-xlsx-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function reload(path: string) {
  const world = makeWorld();
  await service.init(world, { workbookPath: path });
  const app = service.create(world, execInfo()).SpreadsheetApp as SpreadsheetAppService;
  return { world, app, ss: app.getActiveSpreadsheet()! };
}

describe(".xlsx persistence", () => {
  it("round-trips sheets, typed values, formats, formulas, frozen rows, widths and validation", async () => {
    const { world, app, ss } = await sheetsWorld();
    const leads = ss.insertSheet("Leads");
    const when = new Date(Date.UTC(2024, 0, 5, 1, 30, 0)); // 09:30 in Asia/Shanghai
    leads.getRange("C:C").setNumberFormat("@");
    leads.getRange(1, 1, 3, 6).setValues([
      ["Name", "Score", "Phone", "Hot", "Created", "Double"],
      ["Al", 90.5, "013812345678", true, when, "=2*21"],
      ["Bo", "", "007", false, "2024-02-01", '=VLOOKUP(A2,Rules!A:B,2,FALSE)'],
    ]);
    leads.getRange("A1:F1").setFontWeight("bold").setBackground("#cfe2f3");
    leads.setFrozenRows(1);
    leads.setColumnWidth(1, 210);
    leads.hideColumns(6);
    leads.getRange("B2").setNumberFormat("0.00");
    leads.getRange("G2:G3").setDataValidation(app.newDataValidation().requireValueInList(["A", "B", "C"], true).setAllowInvalid(false).build());
    ss.getSheetByName("Sheet1")!.deleteRows(10, 990);
    const path = join(dir, "roundtrip.xlsx");
    await saveWorkbook(world, path);

    const back = await reload(path);
    expect(back.world.boundSpreadsheetId).toBe(ss.getId());
    expect(back.ss.getName()).toBe("leadgrade");
    expect(back.ss.getSheets().map((s) => [s.getName(), s.getSheetId(), s.getMaxRows(), s.getMaxColumns()])).toEqual(
      ss.getSheets().map((s) => [s.getName(), s.getSheetId(), s.getMaxRows(), s.getMaxColumns()]),
    );
    const sheet = back.ss.getSheetByName("Leads")!;
    const values = readSheet(back.world, "Leads");
    expect(values[0]).toEqual(["Name", "Score", "Phone", "Hot", "Created", "Double"]);
    expect(values[1].slice(0, 4)).toEqual(["Al", 90.5, "013812345678", true]);
    expect((values[1][4] as Date).getTime()).toBe(when.getTime());
    expect(values[1][5]).toBe(42);
    expect(values[2].slice(0, 4)).toEqual(["Bo", "", "007", false]);
    expect((values[2][4] as Date).toISOString()).toBe("2024-01-31T16:00:00.000Z");
    expect(values[2][5]).toBe("#NAME?");
    expect(sheet.getRange("F2:F3").getFormulas()).toEqual([["=2*21"], ["=VLOOKUP(A2,Rules!A:B,2,FALSE)"]]);
    expect(sheet.getRange("C2").getNumberFormat()).toBe("@");
    expect(sheet.getRange("B2").getDisplayValue()).toBe("90.50");
    expect(sheet.getRange("E3").getNumberFormat()).toBe("yyyy-mm-dd");
    expect(sheet.getFrozenRows()).toBe(1);
    expect(sheet.getColumnWidth(1)).toBe(210);
    expect(sheet.isColumnHiddenByUser(6)).toBe(true);
    expect(sheet.getRange("A1").getFontWeight()).toBe("bold");
    expect(sheet.getRange("B1").getBackground()).toBe("#cfe2f3");
    const rule = sheet.getRange("G3").getDataValidation()!;
    expect([rule.getCriteriaType(), rule.getCriteriaValues(), rule.getAllowInvalid()]).toEqual(["VALUE_IN_LIST", [["A", "B", "C"], true], false]);
    // Plain-text cells still refuse coercion after the reload.
    sheet.getRange("C4").setValue("0099");
    expect(sheet.getRange("C4").getValue()).toBe("0099");
  });

  it("loads a workbook written by another tool (no emulator metadata)", async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet("Leads");
    ws.addRow(["Name", "Amount", "When"]);
    ws.addRow(["Cy", 1200, new Date(Date.UTC(2024, 4, 1, 0, 0, 0))]);
    ws.getCell("C2").numFmt = "yyyy-mm-dd";
    ws.views = [{ state: "frozen", ySplit: 1 }];
    const path = join(dir, "foreign.xlsx");
    await wb.xlsx.writeFile(path);

    const { ss, world } = await reload(path);
    const sheet = ss.getSheetByName("Leads")!;
    expect([sheet.getMaxRows(), sheet.getMaxColumns(), sheet.getFrozenRows()]).toEqual([1000, 26, 1]);
    const v = readSheet(world, "Leads");
    expect(v[1].slice(0, 2)).toEqual(["Cy", 1200]);
    // A date cell is a wall-clock date: midnight May 1 in the spreadsheet's zone.
    expect((v[1][2] as Date).toISOString()).toBe("2024-04-30T16:00:00.000Z");
    expect(sheet.getRange("C2").getDisplayValue()).toBe("2024-05-01");
  });
});
