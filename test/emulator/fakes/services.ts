/**
 * Small stand-in services for the runtime's own tests: just enough of SpreadsheetApp, FormApp,
 * ContentService and HtmlService to exercise the runtime (handles, events, web responses),
 * plus a Probe service that makes the runtime's edge cases easy to trigger. The real modules
 * are tested in their own suites; these keep the runtime tests independent of their progress.
 */
import { writeFile } from "node:fs/promises";
import { GasException, type ExecutionInfo, type ServiceModule, type World } from "../../../src/emulator/contract";
import { composeServices } from "../../../src/emulator/runtime/compose";
import type { EmulatorServices } from "../../../src/emulator/index";
import { service as lockService } from "../../../src/emulator/services/lock";
import { service as scriptAppService } from "../../../src/emulator/services/scriptapp";

interface FakeSheetData {
  name: string;
  rows: unknown[][];
}

interface FakeSpreadsheetData {
  id: string;
  sheets: FakeSheetData[];
}

interface FakeFormData {
  id: string;
  titles: string[];
  destinationId: string | null;
  responses: { at: number; answers: Record<string, string | string[]> }[];
}

interface FakeState {
  spreadsheet: FakeSpreadsheetData;
  forms: FakeFormData[];
  /** Host-side timestamps of Probe.mark calls: [label, real ms]. */
  marks: [string, number][];
}

export function fakeState(world: World): FakeState {
  return world.state.fake as FakeState;
}

export class FakeRange {
  readonly __gasClass = "SpreadsheetApp.Range";
  constructor(
    private readonly sheet: FakeSheet,
    private readonly row: number,
    private readonly col: number,
    private readonly numRows: number,
    private readonly numCols: number,
  ) {}
  getRow(): number {
    return this.row;
  }
  getNumRows(): number {
    return this.numRows;
  }
  getNumColumns(): number {
    return this.numCols;
  }
  getSheet(): FakeSheet {
    return this.sheet;
  }
  getValues(): unknown[][] {
    const out: unknown[][] = [];
    for (let r = 0; r < this.numRows; r++) {
      const source = this.sheet.data.rows[this.row - 1 + r] ?? [];
      const row: unknown[] = [];
      for (let c = 0; c < this.numCols; c++) row.push(source[this.col - 1 + c] ?? "");
      out.push(row);
    }
    return out;
  }
  setValues(values: unknown[][]): this {
    values.forEach((row, r) => {
      const target = (this.sheet.data.rows[this.row - 1 + r] ??= []);
      row.forEach((value, c) => (target[this.col - 1 + c] = value));
    });
    return this;
  }
}

export class FakeSheet {
  readonly __gasClass = "SpreadsheetApp.Sheet";
  constructor(
    readonly parent: FakeSpreadsheet,
    readonly data: FakeSheetData,
  ) {}
  getName(): string {
    return this.data.name;
  }
  getParent(): FakeSpreadsheet {
    return this.parent;
  }
  getLastRow(): number {
    return this.data.rows.length;
  }
  getRange(row: number, col: number, numRows = 1, numCols = 1): FakeRange {
    if (row < 1) throw new GasException("The starting row of the range is too small.");
    return new FakeRange(this, row, col, numRows, numCols);
  }
  appendRow(values: unknown[]): this {
    this.data.rows.push([...values]);
    return this;
  }
}

export class FakeSpreadsheet {
  readonly __gasClass = "SpreadsheetApp.Spreadsheet";
  constructor(readonly data: FakeSpreadsheetData) {}
  getId(): string {
    return this.data.id;
  }
  getSheetByName(name: string): FakeSheet | null {
    const sheet = this.data.sheets.find((s) => s.name === name);
    return sheet ? new FakeSheet(this, sheet) : null;
  }
  insertSheet(name: string): FakeSheet {
    if (this.data.sheets.some((s) => s.name === name)) {
      throw new GasException(`A sheet with the name "${name}" already exists. Please enter another name.`);
    }
    const sheet = { name, rows: [] };
    this.data.sheets.push(sheet);
    return new FakeSheet(this, sheet);
  }
}

const spreadsheetModule: ServiceModule = {
  globals: ["SpreadsheetApp"],
  init(world) {
    world.state.fake = { spreadsheet: { id: world.boundSpreadsheetId, sheets: [{ name: "Sheet1", rows: [] }] }, forms: [], marks: [] } satisfies FakeState;
  },
  create(world) {
    return {
      SpreadsheetApp: {
        __gasClass: "SpreadsheetApp",
        getActiveSpreadsheet: () => new FakeSpreadsheet(fakeState(world).spreadsheet),
        flush: () => undefined,
      },
    };
  },
};

export class FakeItemResponse {
  readonly __gasClass = "FormApp.ItemResponse";
  constructor(
    private readonly title: string,
    private readonly answer: string | string[],
  ) {}
  getItem(): { __gasClass: string; getTitle(): string } {
    const title = this.title;
    return { __gasClass: "FormApp.Item", getTitle: () => title };
  }
  getResponse(): string | string[] {
    return this.answer;
  }
}

export class FakeFormResponse {
  readonly __gasClass = "FormApp.FormResponse";
  constructor(
    private readonly form: FakeFormData,
    private readonly response: FakeFormData["responses"][number],
  ) {}
  getTimestamp(): Date {
    return new Date(this.response.at);
  }
  getItemResponses(): FakeItemResponse[] {
    return this.form.titles.filter((t) => t in this.response.answers).map((t) => new FakeItemResponse(t, this.response.answers[t]));
  }
}

export class FakeForm {
  readonly __gasClass = "FormApp.Form";
  constructor(
    private readonly world: World,
    readonly data: FakeFormData,
  ) {}
  getId(): string {
    return this.data.id;
  }
  addTextItem(): { __gasClass: string; setTitle(t: string): unknown } {
    const data = this.data;
    const item = { __gasClass: "FormApp.TextItem", setTitle: (title: string) => (data.titles.push(title), item) };
    return item;
  }
  setDestination(_type: string, id: string): this {
    this.data.destinationId = id;
    const ss = fakeState(this.world).spreadsheet;
    if (!ss.sheets.some((s) => s.name === "Form Responses 1")) ss.sheets.push({ name: "Form Responses 1", rows: [["Timestamp", ...this.data.titles]] });
    return this;
  }
}

const formsModule: ServiceModule = {
  globals: ["FormApp"],
  init() {},
  create(world) {
    return {
      FormApp: {
        __gasClass: "FormApp",
        DestinationType: Object.freeze({ SPREADSHEET: "SPREADSHEET" }),
        create: (title: string) => {
          if (!title) throw new GasException("Invalid argument: title");
          const data: FakeFormData = { id: `form-${fakeState(world).forms.length + 1}`, titles: [], destinationId: null, responses: [] };
          fakeState(world).forms.push(data);
          return new FakeForm(world, data);
        },
      },
    };
  },
};

/** "6/7/2015 20:54:13" style, as form timestamps appear in e.values (UTC for the fake). */
function formTimestamp(ms: number): string {
  const d = new Date(ms);
  return `${d.getUTCMonth() + 1}/${d.getUTCDate()}/${d.getUTCFullYear()} ${d.getUTCHours()}:${String(d.getUTCMinutes()).padStart(2, "0")}:${String(d.getUTCSeconds()).padStart(2, "0")}`;
}

export function fakeSubmitFormResponse(world: World, formId: string, answers: Record<string, string | string[]>): { formEvent: object; sheetEvent: object | null } {
  const state = fakeState(world);
  const form = state.forms.find((f) => f.id === formId);
  if (!form) throw new Error(`no form ${formId}`);
  const response = { at: world.clock.now(), answers };
  form.responses.push(response);
  const formEvent = { response: new FakeFormResponse(form, response), source: new FakeForm(world, form) };
  if (!form.destinationId) return { formEvent, sheetEvent: null };
  const spreadsheet = new FakeSpreadsheet(state.spreadsheet);
  const sheet = spreadsheet.getSheetByName("Form Responses 1")!;
  const timestamp = formTimestamp(response.at);
  const texts = form.titles.map((t) => {
    const a = answers[t];
    return Array.isArray(a) ? a.join(", ") : (a ?? "");
  });
  sheet.appendRow([new Date(response.at), ...texts]);
  const row = sheet.getLastRow();
  const namedValues: Record<string, string[]> = { Timestamp: [timestamp] };
  form.titles.forEach((t, i) => (namedValues[t] = [texts[i]]));
  return {
    formEvent,
    sheetEvent: { namedValues, range: sheet.getRange(row, 1, 1, form.titles.length + 1), values: [timestamp, ...texts] },
  };
}

export class FakeTextOutput {
  readonly __gasClass = "ContentService.TextOutput";
  private mimeType = "TEXT";
  constructor(private content: string) {}
  setMimeType(mimeType: string): this {
    this.mimeType = mimeType;
    return this;
  }
  getMimeType(): string {
    return this.mimeType;
  }
  getContent(): string {
    return this.content;
  }
}

export class FakeHtmlOutput {
  readonly __gasClass = "HtmlService.HtmlOutput";
  constructor(private readonly content: string) {}
  getContent(): string {
    return this.content;
  }
}

const webModule: ServiceModule = {
  globals: ["ContentService", "HtmlService"],
  init() {},
  create() {
    return {
      ContentService: {
        __gasClass: "ContentService",
        MimeType: Object.freeze({ JSON: "JSON", TEXT: "TEXT", CSV: "CSV" }),
        createTextOutput: (content = "") => new FakeTextOutput(String(content)),
      },
      HtmlService: { __gasClass: "HtmlService", createHtmlOutput: (html = "") => new FakeHtmlOutput(String(html)) },
    };
  },
};

const loggerModule: ServiceModule = {
  globals: ["Logger"],
  init() {},
  create(world: World, exec: ExecutionInfo) {
    return {
      Logger: {
        __gasClass: "Logger",
        log: (message: unknown) => void world.logs.push({ at: world.clock.now(), executionId: exec.id, level: "info", message: String(message) }),
      },
    };
  },
};

class ProbeBigRange {
  readonly __gasClass = "Probe.BigRange";
  constructor(
    private readonly rows: number,
    private readonly cols: number,
  ) {}
  getValues(): unknown[][] {
    const out: unknown[][] = [];
    for (let r = 0; r < this.rows; r++) {
      const row: unknown[] = [];
      for (let c = 0; c < this.cols; c++) row.push(c === 0 ? new Date(Date.UTC(2025, 0, 1) + r * 60_000) : c % 2 ? r * 100 + c : `r${r}c${c}`);
      out.push(row);
    }
    return out;
  }
}

/** Probe: test hooks the runtime tests call from inside the bundle. */
const probeModule: ServiceModule = {
  globals: ["Probe"],
  init() {},
  create(world: World, exec: ExecutionInfo) {
    return {
      Probe: {
        __gasClass: "Probe",
        Color: Object.freeze({ RED: "RED", BLUE: "BLUE" }),
        echo: (value: unknown) => value,
        describe: (value: unknown) => ({
          isDate: value instanceof Date,
          type: typeof value,
          isArray: Array.isArray(value),
          json: value instanceof Date ? value.toISOString() : JSON.stringify(value),
        }),
        executionId: () => exec.id,
        execution: () => ({ authMode: exec.authMode, kind: exec.kind, triggerUid: exec.triggerUid ?? null, userEmail: exec.userEmail }),
        now: () => new Date(world.clock.now()),
        fail: (message: string) => {
          throw new GasException(message);
        },
        crash: () => {
          throw new TypeError("service bug");
        },
        bigRange: (rows: number, cols: number) => new ProbeBigRange(rows, cols),
        mark: (label: string) => void fakeState(world).marks.push([label, performance.now()]),
        delay: (ms: number) => new Promise((resolve) => setTimeout(() => resolve(ms), ms)),
        /** Resolves once Probe.mark(label) has been called (by any execution). */
        waitForMark: async (label: string) => {
          while (!fakeState(world).marks.some(([seen]) => seen === label)) await new Promise((resolve) => setTimeout(resolve, 5));
        },
        sameObject: (a: unknown, b: unknown) => a === b,
      },
    };
  },
};

/** The full fake service set, shaped like src/emulator/services/index.ts. */
export function fakeServices(): EmulatorServices {
  const composed = composeServices([spreadsheetModule, formsModule, webModule, loggerModule, probeModule, lockService, scriptAppService]);
  return {
    ...composed,
    submitFormResponse: fakeSubmitFormResponse,
    async saveWorkbook(world, path) {
      await writeFile(path, JSON.stringify(fakeState(world).spreadsheet));
    },
    readSheet(world, name) {
      const sheet = fakeState(world).spreadsheet.sheets.find((s) => s.name === name);
      if (!sheet) throw new Error(`no sheet ${name}`);
      return sheet.rows.map((r) => [...r]);
    },
  };
}
