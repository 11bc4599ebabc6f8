import { describe, expect, it } from "vitest";
import { service } from "../../src/emulator/services/spreadsheet";
import { execInfo, makeWorld, sheetsWorld, thrown } from "./spreadsheet-fixture";

describe("SpreadsheetApp service module", () => {
  it("init creates the bound spreadsheet and sets world.boundSpreadsheetId", async () => {
    const world = makeWorld();
    await service.init(world, {});
    expect(world.boundSpreadsheetId).toMatch(/^[A-Za-z0-9_-]{44}$/);
    const app = service.create(world, execInfo()).SpreadsheetApp as never as { getActiveSpreadsheet(): { getId(): string; getName(): string } };
    expect(app.getActiveSpreadsheet().getId()).toBe(world.boundSpreadsheetId);
    expect(app.getActiveSpreadsheet().getName()).toBe("leadgrade");
    expect(service.globals).toEqual(["SpreadsheetApp"]);
  });

  it("keeps a preset boundSpreadsheetId", async () => {
    const world = makeWorld();
    world.boundSpreadsheetId = "preset-id";
    await service.init(world, {});
    expect(world.boundSpreadsheetId).toBe("preset-id");
    const { SpreadsheetApp } = service.create(world, execInfo()) as never as { SpreadsheetApp: { openById(id: string): { getId(): string } } };
    expect(SpreadsheetApp.openById("preset-id").getId()).toBe("preset-id");
  });

  it("every object carries its Apps Script class name", async () => {
    const { app, ss } = await sheetsWorld();
    const sheet = ss.getSheets()[0];
    expect(app.__gasClass).toBe("SpreadsheetApp");
    expect(ss.__gasClass).toBe("SpreadsheetApp.Spreadsheet");
    expect(sheet.__gasClass).toBe("SpreadsheetApp.Sheet");
    expect(sheet.getRange("A1").__gasClass).toBe("SpreadsheetApp.Range");
    expect(app.newDataValidation().__gasClass).toBe("SpreadsheetApp.DataValidationBuilder");
  });
});

describe("ranges and bounds (spec 1.1–1.7)", () => {
  it("1: getRange(row, col, numRows, numCols) is 1-based and sized", async () => {
    const { ss } = await sheetsWorld();
    const sheet = ss.getSheets()[0];
    sheet.getRange(2, 3).setValue("x");
    const r = sheet.getRange(2, 3, 3, 3);
    expect(r.getValues()).toEqual([["x", "", ""], ["", "", ""], ["", "", ""]]);
    expect([r.getRow(), r.getColumn(), r.getNumRows(), r.getNumColumns()]).toEqual([2, 3, 3, 3]);
    expect(r.getA1Notation()).toBe("C2:E4");
    expect(sheet.getRange(2, 3, 4).getNumRows()).toBe(4);
  });

  it("getRange by A1 notation: cell, block, whole columns, whole rows, open-ended", async () => {
    const { ss } = await sheetsWorld();
    const sheet = ss.getSheets()[0];
    expect(sheet.getRange("B2").getA1Notation()).toBe("B2");
    expect(sheet.getRange("B2:D5").getNumRows()).toBe(4);
    const col = sheet.getRange("A:B");
    expect([col.getRow(), col.getNumRows(), col.getNumColumns()]).toEqual([1, 1000, 2]);
    const rows = sheet.getRange("2:3");
    expect([rows.getRow(), rows.getNumRows(), rows.getNumColumns()]).toEqual([2, 2, 26]);
    expect(sheet.getRange("A2:C").getNumRows()).toBe(999);
    expect(ss.getRange("Sheet1!C3").getA1Notation()).toBe("C3");
    expect(thrown(() => sheet.getRange("not a range")).message).toBe("Range not found");
  });

  it("2: zero rows throws", async () => {
    const { ss } = await sheetsWorld();
    const sheet = ss.getSheets()[0];
    sheet.getRange(1, 1).setValue("header");
    expect(thrown(() => sheet.getRange(2, 1, sheet.getLastRow() - 1, 3))).toEqual({
      name: "Exception",
      message: "The number of rows in the range must be at least 1.",
    });
  });

  it("3: zero columns throws", async () => {
    const { ss } = await sheetsWorld();
    expect(thrown(() => ss.getSheets()[0].getRange(1, 1, 1, 0)).message).toBe("The number of columns in the range must be at least 1.");
  });

  it("4: starting row/column too small", async () => {
    const { ss } = await sheetsWorld();
    const sheet = ss.getSheets()[0];
    expect(thrown(() => sheet.getRange(1, 0)).message).toBe("The starting column of the range is too small.");
    expect(thrown(() => sheet.getRange(0, 1)).message).toBe("The starting row of the range is too small.");
  });

  it("5: ranges past the grid throw and never auto-grow", async () => {
    const { ss } = await sheetsWorld();
    const sheet = ss.getSheets()[0];
    expect(thrown(() => sheet.getRange(1000, 1, 2, 1)).message).toBe("The coordinates of the range are outside the dimensions of the sheet.");
    expect(thrown(() => sheet.getRange(1, 27)).message).toBe("The coordinates of the range are outside the dimensions of the sheet.");
    expect(thrown(() => sheet.getRange("A1:AA1")).message).toBe("The coordinates of the range are outside the dimensions of the sheet.");
    expect(thrown(() => sheet.getRange(1, 1).offset(0, 26)).message).toBe("The coordinates of the range are outside the dimensions of the sheet.");
    expect([sheet.getMaxRows(), sheet.getMaxColumns()]).toEqual([1000, 26]);
  });

  it("6: row/column operations past the grid throw 'out of bounds'", async () => {
    const { ss } = await sheetsWorld();
    const sheet = ss.getSheets()[0];
    expect(thrown(() => sheet.deleteRows(1000, 2)).message).toBe("Those rows are out of bounds.");
    expect(thrown(() => sheet.getColumnWidth(27)).message).toBe("Those columns are out of bounds.");
    expect(thrown(() => sheet.deleteColumns(26, 2)).message).toBe("Those columns are out of bounds.");
    expect(thrown(() => sheet.insertRowsAfter(1001, 1)).message).toBe("Those rows are out of bounds.");
    expect(thrown(() => sheet.deleteRows(1, 1000)).message).toBe("Sorry, it is not possible to delete all non-frozen rows.");
  });

  it("7: new sheets are 1000×26", async () => {
    const { ss } = await sheetsWorld();
    const sheet = ss.insertSheet("Leads");
    expect([sheet.getMaxRows(), sheet.getMaxColumns()]).toEqual([1000, 26]);
  });
});

describe("reading values (spec 1.8–1.13)", () => {
  it("8/9: empty cells are '' and values keep their types", async () => {
    const { ss } = await sheetsWorld();
    const sheet = ss.getSheets()[0];
    const when = new Date(Date.UTC(2024, 0, 5, 3, 4, 5));
    sheet.getRange(1, 1, 1, 4).setValues([[42, true, when, "text"]]);
    const values = sheet.getRange(1, 1, 2, 5).getValues();
    expect(values[0].slice(0, 2)).toEqual([42, true]);
    expect(values[0][2]).toBeInstanceOf(Date);
    expect((values[0][2] as Date).getTime()).toBe(when.getTime());
    expect(values[0][3]).toBe("text");
    expect(values[0][4]).toBe("");
    expect(values[1]).toEqual(["", "", "", "", ""]);
    expect(sheet.getRange("E5").getValue()).toBe("");
    expect(sheet.getRange(1, 1, 1, 2).getValue()).toBe(42);
  });

  it("getValues returns copies: mutating them does not change the sheet", async () => {
    const { ss } = await sheetsWorld();
    const sheet = ss.getSheets()[0];
    sheet.getRange("A1").setValue(new Date(0));
    const v = sheet.getRange("A1").getValues();
    (v[0][0] as Date).setTime(5);
    v[0][0] = "changed";
    expect((sheet.getRange("A1").getValue() as Date).getTime()).toBe(0);
  });

  it("10: getDisplayValues formats numbers, dates, booleans; empty is ''", async () => {
    const { ss } = await sheetsWorld();
    const sheet = ss.getSheets()[0];
    const r = sheet.getRange("A1:E1");
    r.setValues([[1.23, "2024-01-05", true, 1234567.891, ""]]);
    sheet.getRange("A1").setNumberFormat('"$"#,##0.00');
    sheet.getRange("D1").setNumberFormat("#,##0.00");
    expect(r.getDisplayValues()).toEqual([["$1.23", "2024-01-05", "TRUE", "1,234,567.89", ""]]);
    sheet.getRange("B1").setNumberFormat("M/d/yyyy");
    expect(sheet.getRange("B1").getDisplayValue()).toBe("1/5/2024");
    sheet.getRange("F1").setValue(0.25);
    sheet.getRange("F1").setNumberFormat("0%");
    expect(sheet.getRange("F1").getDisplayValue()).toBe("25%");
    sheet.getRange("G1").setValue(1 / 3);
    expect(sheet.getRange("G1").getDisplayValue()).toBe("0.3333333333");
  });

  it("11: numbers in date-formatted cells read back as Dates (serial days since 1899-12-30)", async () => {
    const { ss } = await sheetsWorld({ timeZone: "UTC" });
    const sheet = ss.getSheets()[0];
    sheet.getRange("A1").setNumberFormat("yyyy-mm-dd");
    sheet.getRange("A1").setValue(45296.5);
    const d = sheet.getRange("A1").getValue() as Date;
    expect(d).toBeInstanceOf(Date);
    expect(d.toISOString()).toBe("2024-01-05T12:00:00.000Z");
  });

  it("12: getLastRow/getLastColumn are 0 on an empty sheet, else the last content", async () => {
    const { ss } = await sheetsWorld();
    const sheet = ss.getSheets()[0];
    expect([sheet.getLastRow(), sheet.getLastColumn()]).toEqual([0, 0]);
    sheet.getRange("C7").setValue("x");
    sheet.getRange("E2").setValue(0);
    expect([sheet.getLastRow(), sheet.getLastColumn()]).toEqual([7, 5]);
    sheet.getRange("C7").clearContent();
    expect(sheet.getLastRow()).toBe(2);
    sheet.getRange("E2").setValue("");
    expect(sheet.getLastRow()).toBe(0);
  });

  it("13: getDataRange is A1:(lastRow,lastCol); A1 on an empty sheet", async () => {
    const { ss } = await sheetsWorld();
    const sheet = ss.getSheets()[0];
    expect(sheet.getDataRange().getA1Notation()).toBe("A1");
    expect(sheet.getDataRange().getValues()).toEqual([[""]]);
    sheet.getRange("B3").setValue(1);
    expect(sheet.getDataRange().getA1Notation()).toBe("A1:B3");
  });
});

describe("writing values (spec 1.14–1.23)", () => {
  it("14: row-count mismatch", async () => {
    const { ss } = await sheetsWorld();
    const r = ss.getSheets()[0].getRange(1, 1, 526, 2);
    expect(thrown(() => r.setValues([[1, 2]]))).toEqual({
      name: "Exception",
      message: "The number of rows in the data does not match the number of rows in the range. The data has 1 but the range has 526.",
    });
  });

  it("15: column-count mismatch", async () => {
    const { ss } = await sheetsWorld();
    const r = ss.getSheets()[0].getRange(1, 1, 1, 4);
    expect(thrown(() => r.setValues([[1, 2, 3, 4, 5]])).message).toBe(
      "The number of columns in the data does not match the number of columns in the range. The data has 5 but the range has 4.",
    );
  });

  it("16/G2: a 1-D array or a wrong type gives the signature error", async () => {
    const { ss } = await sheetsWorld();
    const sheet = ss.getSheets()[0];
    const r = sheet.getRange(1, 1, 1, 4);
    expect(thrown(() => r.setValues([1, 2, 3, null]))).toEqual({
      name: "Exception",
      message: "The parameters (number,number,number,null) don't match the method signature for SpreadsheetApp.Range.setValues.",
    });
    expect(thrown(() => r.setValues(sheet.getRange("A1") as never)).message).toBe(
      "The parameters (SpreadsheetApp.Range) don't match the method signature for SpreadsheetApp.Range.setValues.",
    );
    expect(thrown(() => sheet.getRange("1" as never, 2 as never)).message).toBe(
      "The parameters (string,number) don't match the method signature for SpreadsheetApp.Sheet.getRange.",
    );
    expect(thrown(() => sheet.appendRow("a,b" as never)).message).toBe(
      "The parameters (string) don't match the method signature for SpreadsheetApp.Sheet.appendRow.",
    );
    expect(thrown(() => sheet.getRange("A1").setNotes("foo" as never)).message).toMatch(/don't match the method signature/);
    // Nothing was written by the failed calls.
    expect(sheet.getLastRow()).toBe(0);
  });

  it("17: '=' strings become formulas: getFormulas has the text, getValues a computed value", async () => {
    const { ss } = await sheetsWorld();
    const sheet = ss.getSheets()[0];
    sheet.getRange("A1:C1").setValues([["=1+2", '=HYPERLINK("http://evil","x")', "=(2+3)*2^2"]]);
    expect(sheet.getRange("A1:C1").getFormulas()).toEqual([["=1+2", '=HYPERLINK("http://evil","x")', "=(2+3)*2^2"]]);
    expect(sheet.getRange("A1:C1").getValues()).toEqual([[3, "#NAME?", 20]]);
    sheet.appendRow(["=A1*2", "plain"]);
    expect(sheet.getRange("A2").getFormula()).toBe("=A1*2");
    expect(sheet.getRange("B2").getFormula()).toBe("");
    sheet.getRange("A1").setValue("overwritten");
    expect(sheet.getRange("A1").getFormula()).toBe("");
    sheet.getRange("D1").setFormula("=10/4");
    expect(sheet.getRange("D1").getValue()).toBe(2.5);
  });

  it("18: USER_ENTERED coercion of strings", async () => {
    const { ss } = await sheetsWorld();
    const sheet = ss.getSheets()[0];
    const inputs = ["2024-01-05", "007", "1,000,000", "$2.99", "013812345678", "2.000", "TRUE", "false", "50%", "-3.5", "1e3", "+86 138 0013 8000", "1,00", "abc", " 42 "];
    sheet.getRange(1, 1, 1, inputs.length).setValues([inputs]);
    const [v] = sheet.getRange(1, 1, 1, inputs.length).getValues();
    expect(v[0]).toBeInstanceOf(Date);
    // Midnight 2024-01-05 in the spreadsheet's time zone (Asia/Shanghai, UTC+8).
    expect((v[0] as Date).toISOString()).toBe("2024-01-04T16:00:00.000Z");
    expect(v.slice(1)).toEqual([7, 1000000, 2.99, 13812345678, 2, true, false, 0.5, -3.5, 1000, "+86 138 0013 8000", "1,00", "abc", 42]);
  });

  it("18: typed date-times, US dates and times become Dates", async () => {
    const { ss } = await sheetsWorld({ timeZone: "UTC" });
    const sheet = ss.getSheets()[0];
    sheet.getRange("A1:D1").setValues([["2024-01-05 13:45", "1/5/2024", "2024/1/5", "Jan 5, 2024"]]);
    const [v] = sheet.getRange("A1:D1").getValues() as Date[][];
    expect(v.map((d) => d.toISOString())).toEqual([
      "2024-01-05T13:45:00.000Z",
      "2024-01-05T00:00:00.000Z",
      "2024-01-05T00:00:00.000Z",
      "2024-01-05T00:00:00.000Z",
    ]);
    expect(sheet.getRange("A2").setValue("2024-02-30").getValue()).toBe("2024-02-30");
  });

  it("19: '@' plain-text format before writing keeps strings as they are", async () => {
    const { ss } = await sheetsWorld();
    const sheet = ss.getSheets()[0];
    const r = sheet.getRange("A1:D1");
    r.setNumberFormat("@");
    r.setValues([["007", "2024-01-05", "=1+2", "013812345678"]]);
    expect(r.getValues()).toEqual([["007", "2024-01-05", "=1+2", "013812345678"]]);
    expect(r.getFormulas()).toEqual([["", "", "", ""]]);
    expect(r.getNumberFormats()).toEqual([["@", "@", "@", "@"]]);
    // Formatting after the write does not bring back lost zeros.
    sheet.getRange("A2").setValue("007");
    sheet.getRange("A2").setNumberFormat("@");
    expect(sheet.getRange("A2").getValue()).toBe(7);
  });

  it("20: a leading apostrophe forces text and is not part of the value", async () => {
    const { ss } = await sheetsWorld();
    const r = ss.getSheets()[0].getRange("A1:B1");
    r.setValues([["'00123", "'=1+2"]]);
    expect(r.getValues()).toEqual([["00123", "=1+2"]]);
    expect(r.getFormulas()).toEqual([["", ""]]);
  });

  it("21: a cell holds at most 50,000 characters", async () => {
    const { ss } = await sheetsWorld();
    const sheet = ss.getSheets()[0];
    expect(thrown(() => sheet.getRange("A1").setValue("x".repeat(50_001))).message).toBe(
      "Your input contains more than the maximum of 50000 characters in a single cell.",
    );
    sheet.getRange("A1").setValue("x".repeat(50_000));
    expect((sheet.getRange("A1").getValue() as string).length).toBe(50_000);
  });

  it("22: appendRow writes below the last content row from column A, returns the Sheet, grows when full", async () => {
    const { ss } = await sheetsWorld();
    const sheet = ss.getSheets()[0];
    sheet.getRange("C3").setValue("x");
    expect(sheet.appendRow(["a", "007"])).toBe(sheet);
    expect(sheet.getRange("A4:B4").getValues()).toEqual([["a", 7]]);
    const small = ss.insertSheet("Small");
    small.deleteRows(3, 998);
    small.appendRow([1]);
    small.appendRow([2]);
    small.appendRow([3]);
    expect(small.getMaxRows()).toBe(3);
    small.appendRow([4]);
    expect(small.getMaxRows()).toBe(4);
    expect(small.getRange("A4").getValue()).toBe(4);
  });

  it("setValue on a multi-cell range fills every cell", async () => {
    const { ss } = await sheetsWorld();
    const r = ss.getSheets()[0].getRange("A1:B2");
    r.setValue("x");
    expect(r.getValues()).toEqual([["x", "x"], ["x", "x"]]);
  });
});

describe("sheets and spreadsheet (spec 1.24–1.27)", () => {
  it("24: insertSheet with an existing name throws; a new sheet becomes active", async () => {
    const { ss } = await sheetsWorld();
    const leads = ss.insertSheet("Leads");
    expect(ss.getActiveSheet().getName()).toBe("Leads");
    expect(leads.getSheetId()).not.toBe(ss.getSheets()[0].getSheetId());
    expect(thrown(() => ss.insertSheet("Leads"))).toEqual({
      name: "Exception",
      message: 'A sheet with the name "Leads" already exists. Please enter another name.',
    });
    expect(thrown(() => ss.getSheets()[0].setName("Leads")).message).toBe('A sheet with the name "Leads" already exists. Please enter another name.');
    expect(ss.insertSheet().getName()).toBe("Sheet3");
    expect(ss.insertSheet("First", 0).getIndex()).toBe(1);
  });

  it("25: getSheetByName returns null for a missing sheet", async () => {
    const { ss } = await sheetsWorld();
    expect(ss.getSheetByName("Nope")).toBeNull();
    expect(ss.getSheetByName("Sheet1")?.getName()).toBe("Sheet1");
  });

  it("deleteSheet removes a sheet; deleting the last one throws", async () => {
    const { ss } = await sheetsWorld();
    const leads = ss.insertSheet("Leads");
    ss.deleteSheet(leads);
    expect(ss.getSheets().map((s) => s.getName())).toEqual(["Sheet1"]);
    expect(thrown(() => ss.deleteSheet(ss.getSheets()[0])).message).toBe("You can't remove all the sheets in a document.");
  });

  it("26: openById with a bad id throws; getActiveSpreadsheet is the bound one; create makes a new one", async () => {
    const { app, ss } = await sheetsWorld({}, "webapp");
    expect(app.getActiveSpreadsheet()?.getId()).toBe(ss.getId());
    expect(thrown(() => app.openById("nope")).message).toBe("Unexpected error while getting the method or property openById on object SpreadsheetApp.");
    const other = app.create("Archive");
    expect(app.openById(other.getId()).getName()).toBe("Archive");
    expect(app.openByUrl(other.getUrl()).getId()).toBe(other.getId());
    expect(other.getUrl()).toBe(`https://docs.google.com/spreadsheets/d/${other.getId()}/edit`);
  });

  it("26: getActiveSpreadsheet is null when the script is not bound", async () => {
    const { world, app } = await sheetsWorld();
    world.boundSpreadsheetId = "";
    expect(app.getActiveSpreadsheet()).toBeNull();
  });

  it("27: reads see earlier writes with or without flush", async () => {
    const { app, ss } = await sheetsWorld();
    const sheet = ss.getSheets()[0];
    sheet.getRange("A1").setValue(1);
    expect(sheet.getRange("A1").getValue()).toBe(1);
    app.flush();
    expect(sheet.getRange("A1").getValue()).toBe(1);
  });

  it("a second execution sees the first one's writes (state lives in the World)", async () => {
    const { world, ss } = await sheetsWorld();
    ss.insertSheet("Leads").appendRow(["Name"]);
    const again = service.create(world, execInfo("trigger", { id: "second" })).SpreadsheetApp as never as {
      getActiveSpreadsheet(): { getSheetByName(n: string): { getRange(a: string): { getValue(): unknown } } };
    };
    expect(again.getActiveSpreadsheet().getSheetByName("Leads").getRange("A1").getValue()).toBe("Name");
  });
});

describe("TextFinder (spec 1.28–1.29)", () => {
  it("28: partial, case-insensitive by default; options narrow it", async () => {
    const { ss } = await sheetsWorld();
    const sheet = ss.getSheets()[0];
    sheet.getRange("A1:A4").setValues([["Acme Corp"], ["acme"], ["ACME ltd"], ["=1+2"]]);
    expect(sheet.createTextFinder("acme").findAll().map((r) => r.getA1Notation())).toEqual(["A1", "A2", "A3"]);
    expect(sheet.createTextFinder("acme").matchCase(true).findAll().map((r) => r.getA1Notation())).toEqual(["A2"]);
    expect(sheet.createTextFinder("acme").matchEntireCell(true).findAll().map((r) => r.getA1Notation())).toEqual(["A2"]);
    expect(sheet.createTextFinder("^A.*d$").useRegularExpression(true).findAll().map((r) => r.getA1Notation())).toEqual(["A3"]);
    expect(sheet.createTextFinder("1+2").findAll()).toEqual([]);
    expect(sheet.createTextFinder("1+2").matchFormulaText(true).findAll().map((r) => r.getA1Notation())).toEqual(["A4"]);
  });

  it("29: findNext walks then returns null; replaceAllWith counts occurrences; spreadsheet finder starts at the first sheet", async () => {
    const { ss } = await sheetsWorld();
    const sheet = ss.getSheets()[0];
    sheet.getRange("A1:A2").setValues([["aa a"], ["b"]]);
    ss.insertSheet("Two").getRange("A1").setValue("a");
    const f = ss.createTextFinder("a");
    expect(f.findNext()?.getSheet().getName()).toBe("Sheet1");
    expect(f.findNext()?.getSheet().getName()).toBe("Two");
    expect(f.findNext()).toBeNull();
    expect(sheet.createTextFinder("a").replaceAllWith("z")).toBe(3);
    expect(sheet.getRange("A1").getValue()).toBe("zz z");
    expect(sheet.createTextFinder("nothing").findAll()).toEqual([]);
  });
});

describe("G1: error shape", () => {
  it("service errors are Exceptions whose String() is 'Exception: <message>'", async () => {
    const { ss } = await sheetsWorld();
    try {
      ss.getSheets()[0].getRange(0, 1);
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(Error);
      expect((e as Error).name).toBe("Exception");
      expect(String(e)).toBe("Exception: The starting row of the range is too small.");
    }
  });
});
