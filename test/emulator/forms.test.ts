import { describe, expect, it } from "vitest";
import { service as formsService, submitFormResponse, type FormAppService, type Form } from "../../src/emulator/services/forms";
import { service as sheetsService, type SpreadsheetAppService } from "../../src/emulator/services/spreadsheet";
import { moveColumn, insertColumn, readSheet } from "../../src/emulator/services/spreadsheet-host";
import { execInfo, makeWorld, thrown } from "./spreadsheet-fixture";

async function formsWorld() {
  const world = makeWorld();
  await sheetsService.init(world, {});
  await formsService.init(world, {});
  const exec = execInfo("manual");
  const FormApp = formsService.create(world, exec).FormApp as FormAppService;
  const SpreadsheetApp = sheetsService.create(world, exec).SpreadsheetApp as SpreadsheetAppService;
  return { world, FormApp, SpreadsheetApp, ss: SpreadsheetApp.getActiveSpreadsheet()! };
}

function leadForm(FormApp: FormAppService): Form {
  const form = FormApp.create("Lead form");
  form.addTextItem().setTitle("Name").setRequired(true);
  form.addTextItem().setTitle("Phone");
  form.addParagraphTextItem().setTitle("Needs");
  form.addMultipleChoiceItem().setTitle("Budget").setChoiceValues(["<10k", "10k-50k", ">50k"]);
  form.addCheckboxItem().setTitle("Products").setChoiceValues(["CRM", "ERP", "BI"]);
  return form;
}

describe("FormApp (spec 9)", () => {
  it("83: create returns a Form; empty title throws; getActiveForm is null; openById with a bad id throws", async () => {
    const { FormApp } = await formsWorld();
    const form = FormApp.create("Lead form");
    expect(form.__gasClass).toBe("FormApp.Form");
    expect(form.getTitle()).toBe("Lead form");
    expect(FormApp.openById(form.getId()).getTitle()).toBe("Lead form");
    expect(FormApp.openByUrl(form.getEditUrl()).getId()).toBe(form.getId());
    expect(thrown(() => FormApp.create(""))).toEqual({ name: "Exception", message: "Invalid argument: title" });
    expect(thrown(() => FormApp.create(null as never)).name).toBe("Exception");
    expect(FormApp.getActiveForm()).toBeNull();
    expect(thrown(() => FormApp.openById("nope")).message).toBe(
      "No item with the given ID could be found, or you do not have permission to access it.",
    );
  });

  it("84: add*Item appends typed items that chain; setChoiceValues([]) throws", async () => {
    const { FormApp } = await formsWorld();
    const form = leadForm(FormApp);
    const items = form.getItems();
    expect(items.map((i) => [i.getTitle(), i.getType()])).toEqual([
      ["Name", "TEXT"],
      ["Phone", "TEXT"],
      ["Needs", "PARAGRAPH_TEXT"],
      ["Budget", "MULTIPLE_CHOICE"],
      ["Products", "CHECKBOX"],
    ]);
    expect(form.getItems(FormApp.ItemType.CHECKBOX).map((i) => i.getTitle())).toEqual(["Products"]);
    expect(items[0].asTextItem().isRequired()).toBe(true);
    expect(items[0].asTextItem().__gasClass).toBe("FormApp.TextItem");
    expect(items[3].asMultipleChoiceItem().getChoices().map((c) => c.getValue())).toEqual(["<10k", "10k-50k", ">50k"]);
    expect(thrown(() => items[0].asListItem()).message).toBe("Invalid conversion for item type: TEXT.");
    const list = form.addListItem().setTitle("Region").setHelpText("Where are you?");
    expect(list.getHelpText()).toBe("Where are you?");
    expect(thrown(() => list.setChoiceValues([]))).toEqual({ name: "Exception", message: "Array is empty: values" });
    expect(typeof items[1].getId()).toBe("number");
    form.deleteItem(items[1]);
    form.deleteItem(0);
    expect(form.getItems().map((i) => i.getTitle())).toEqual(["Needs", "Budget", "Products", "Region"]);
  });

  it("85: setDestination links a spreadsheet with a 'Form Responses 1' sheet; URLs; removeDestination", async () => {
    const { FormApp, ss } = await formsWorld();
    const form = leadForm(FormApp);
    expect(thrown(() => form.getDestinationId()).name).toBe("Exception");
    expect(form.setDestination(FormApp.DestinationType.SPREADSHEET, ss.getId())).toBe(form);
    expect(form.getDestinationId()).toBe(ss.getId());
    expect(form.getDestinationType()).toBe("SPREADSHEET");
    const sheet = ss.getSheetByName("Form Responses 1")!;
    expect(sheet.getIndex()).toBe(1);
    expect(sheet.getFrozenRows()).toBe(1);
    expect(sheet.getDataRange().getValues()).toEqual([["Timestamp", "Name", "Phone", "Needs", "Budget", "Products"]]);
    expect(sheet.getFormUrl()).toContain(form.getId());
    expect(form.getPublishedUrl()).toMatch(/^https:\/\/docs\.google\.com\/forms\/d\/e\/[\w-]+\/viewform$/);
    expect(form.getEditUrl()).toBe(`https://docs.google.com/forms/d/${form.getId()}/edit`);
    expect(thrown(() => form.setDestination("SPREADSHEET", "missing")).name).toBe("Exception");
    form.removeDestination();
    form.removeDestination();
    expect(thrown(() => form.getDestinationId()).name).toBe("Exception");
    // A second link makes a second response sheet.
    form.setDestination(FormApp.DestinationType.SPREADSHEET, ss.getId());
    expect(ss.getSheetByName("Form Responses 2")).not.toBeNull();
  });
});

describe("form-submit events (spec 8)", () => {
  it("76–79: the spreadsheet event has string values (timestamp first), array namedValues with Timestamp, and the new row's range", async () => {
    const { world, FormApp, ss } = await formsWorld();
    const form = leadForm(FormApp);
    form.setDestination(FormApp.DestinationType.SPREADSHEET, ss.getId());
    const { sheetEvent } = submitFormResponse(world, form.getId(), {
      Name: "Jane",
      Phone: "013812345678",
      Budget: "10k-50k",
      Products: ["CRM", "BI"],
    }) as { sheetEvent: Record<string, unknown> };
    expect(sheetEvent.authMode).toBe("FULL");
    expect(sheetEvent.triggerUid).toBe("");
    // T0 = 2024-01-15 02:00 UTC = 10:00 in Asia/Shanghai.
    expect(sheetEvent.values).toEqual(["1/15/2024 10:00:00", "Jane", "013812345678", "", "10k-50k", "CRM, BI"]);
    expect(sheetEvent.namedValues).toEqual({
      Timestamp: ["1/15/2024 10:00:00"],
      Name: ["Jane"],
      Phone: ["013812345678"],
      Needs: [""],
      Budget: ["10k-50k"],
      Products: ["CRM, BI"],
    });
    const range = sheetEvent.range as { getA1Notation(): string; getRow(): number; getNumColumns(): number; getSheet(): { getName(): string }; offset(...a: number[]): { getA1Notation(): string } };
    expect(range.getA1Notation()).toBe("A2:F2");
    expect(range.getSheet().getName()).toBe("Form Responses 1");
    expect(range.offset(0, range.getNumColumns(), 1, 1).getA1Notation()).toBe("G2");
    const row = readSheet(world, "Form Responses 1")[1];
    expect(row[0]).toBeInstanceOf(Date);
    expect((row[0] as Date).getTime()).toBe(world.clock.now());
    // The sheet row is typed like user input: the phone number lost its leading zero.
    expect(row.slice(1)).toEqual(["Jane", 13812345678, "", "10k-50k", "CRM, BI"]);
    expect(ss.getSheetByName("Form Responses 1")!.getRange("A2").getDisplayValue()).toBe("1/15/2024 10:00:00");
  });

  it("80/81: the form event has response and source; item responses in form order, '' for unanswered text, omitted otherwise", async () => {
    const { world, FormApp } = await formsWorld();
    const form = leadForm(FormApp).setCollectEmail(true);
    const { formEvent, sheetEvent } = submitFormResponse(world, form.getId(), { Name: "Bo", Products: ["ERP"] }, { email: "bo@example.com" });
    expect(sheetEvent).toBeNull();
    const e = formEvent as { authMode: string; source: Form; response: import("../../src/emulator/services/forms").FormResponse };
    expect(e.authMode).toBe("FULL");
    expect(e.source.getId()).toBe(form.getId());
    const items = e.response.getItemResponses();
    expect(items.map((r) => [r.getItem().getTitle(), r.getResponse()])).toEqual([
      ["Name", "Bo"],
      ["Phone", ""],
      ["Needs", ""],
      ["Products", ["ERP"]],
    ]);
    expect(e.response.getTimestamp()).toBeInstanceOf(Date);
    expect(e.response.getRespondentEmail()).toBe("bo@example.com");
    expect(typeof e.response.getId()).toBe("string");
    expect(form.getResponses()).toHaveLength(1);
    form.setCollectEmail(false);
    expect(form.getResponses()[0].getRespondentEmail()).toBe("");
  });

  it("collectEmail adds an 'Email Address' column; '=' answers are stored as text, never formulas", async () => {
    const { world, FormApp, ss } = await formsWorld();
    const form = leadForm(FormApp).setCollectEmail(true);
    form.setDestination(FormApp.DestinationType.SPREADSHEET, ss.getId());
    const { sheetEvent } = submitFormResponse(world, form.getId(), { Name: '=HYPERLINK("http://x","y")' }, { email: "a@b.c" }) as {
      sheetEvent: { values: string[]; namedValues: Record<string, string[]> };
    };
    expect(sheetEvent.values.slice(1, 3)).toEqual(["a@b.c", '=HYPERLINK("http://x","y")']);
    expect(sheetEvent.namedValues["Email Address"]).toEqual(["a@b.c"]);
    const sheet = ss.getSheetByName("Form Responses 1")!;
    expect(sheet.getRange("C2").getFormula()).toBe("");
    expect(sheet.getRange("C2").getValue()).toBe('=HYPERLINK("http://x","y")');
  });

  it("responses go to the right columns after a manager reorders or inserts columns", async () => {
    const { world, FormApp, ss } = await formsWorld();
    const form = leadForm(FormApp);
    form.setDestination(FormApp.DestinationType.SPREADSHEET, ss.getId());
    submitFormResponse(world, form.getId(), { Name: "A" });
    moveColumn(world, "Form Responses 1", 2, 6); // Name to the end
    insertColumn(world, "Form Responses 1", 1, "Grade");
    world.clock.advance(60_000);
    const { sheetEvent } = submitFormResponse(world, form.getId(), { Name: "B", Budget: ">50k" }) as {
      sheetEvent: { values: string[]; range: { getA1Notation(): string } };
    };
    const rows = readSheet(world, "Form Responses 1");
    expect(rows[0]).toEqual(["Grade", "Timestamp", "Phone", "Needs", "Budget", "Products", "Name"]);
    expect([rows[2][4], rows[2][6]]).toEqual([">50k", "B"]);
    expect(rows[2][0]).toBe("");
    expect(sheetEvent.values).toEqual(["", "1/15/2024 10:01:00", "", "", ">50k", "", "B"]);
    expect(sheetEvent.range.getA1Notation()).toBe("A3:G3");
  });

  it("rejects unknown questions, missing required answers and non-choices (host-side misuse)", async () => {
    const { world, FormApp } = await formsWorld();
    const form = leadForm(FormApp);
    expect(() => submitFormResponse(world, form.getId(), { Nom: "x", Name: "y" })).toThrow(/no question "Nom"/);
    expect(() => submitFormResponse(world, form.getId(), { Phone: "1" })).toThrow(/"Name" is required/);
    expect(() => submitFormResponse(world, form.getId(), { Name: "x", Budget: "lots" })).toThrow(/not a choice/);
    expect(form.getResponses()).toHaveLength(0);
  });

  it("linking copies earlier responses into the new sheet", async () => {
    const { world, FormApp, ss } = await formsWorld();
    const form = leadForm(FormApp);
    submitFormResponse(world, form.getId(), { Name: "Early" });
    form.setDestination(FormApp.DestinationType.SPREADSHEET, ss.getId());
    expect(readSheet(world, "Form Responses 1")[1][1]).toBe("Early");
  });
});
