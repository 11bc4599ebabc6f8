/**
 * Emulated FormApp (spec sections 8 and 9) and form submissions.
 *
 * State lives in world.state.forms. A form linked to a spreadsheet writes each response as a
 * row of its response sheet, named "Form Responses 1" (the en_US name; the emulated
 * spreadsheets are en_US). Columns are found by header text, so a manager may reorder or
 * insert columns between submissions; a question whose header is gone gets a new column.
 */
import type { ExecutionInfo, ServiceModule, World } from "../contract";
import { GasException } from "../contract";
import { serviceState } from "./shared";
import { lastContentRow, writeTyped, writeValues } from "./spreadsheet-cells";
import { gasSignatureError } from "./spreadsheet-errors";
import { type SheetData, type SpreadsheetData, newDriveId, spreadsheetState } from "./spreadsheet-model";
import { Spreadsheet, hostExecution, hostSpreadsheet } from "./spreadsheet";
import { formatDateValue } from "./spreadsheet-values";

export const ItemType = {
  CHECKBOX: "CHECKBOX",
  CHECKBOX_GRID: "CHECKBOX_GRID",
  DATE: "DATE",
  DATETIME: "DATETIME",
  DURATION: "DURATION",
  GRID: "GRID",
  IMAGE: "IMAGE",
  LIST: "LIST",
  MULTIPLE_CHOICE: "MULTIPLE_CHOICE",
  PAGE_BREAK: "PAGE_BREAK",
  PARAGRAPH_TEXT: "PARAGRAPH_TEXT",
  SCALE: "SCALE",
  SECTION_HEADER: "SECTION_HEADER",
  TEXT: "TEXT",
  TIME: "TIME",
  VIDEO: "VIDEO",
} as const;
type ItemTypeName = keyof typeof ItemType;

export const DestinationType = { SPREADSHEET: "SPREADSHEET" } as const;

/** What the response sheet's timestamp column shows, and the format of e.values[0]. */
export const RESPONSE_TIMESTAMP_FORMAT = "M/d/yyyy H:mm:ss";
export const RESPONSE_SHEET_BASE_NAME = "Form Responses";
const EMAIL_HEADER = "Email Address";

/** Item types whose unanswered response is '' rather than omitted (spec 81). */
const BLANK_WHEN_UNANSWERED = new Set<ItemTypeName>(["TEXT", "PARAGRAPH_TEXT", "DATE", "TIME", "DATETIME", "DURATION"]);
const NON_QUESTION = new Set<ItemTypeName>(["SECTION_HEADER", "PAGE_BREAK", "IMAGE", "VIDEO"]);

const CLASS_BY_TYPE: Record<string, string> = {
  TEXT: "FormApp.TextItem",
  PARAGRAPH_TEXT: "FormApp.ParagraphTextItem",
  MULTIPLE_CHOICE: "FormApp.MultipleChoiceItem",
  LIST: "FormApp.ListItem",
  CHECKBOX: "FormApp.CheckboxItem",
  SECTION_HEADER: "FormApp.SectionHeaderItem",
  DATE: "FormApp.DateItem",
};

interface ItemData {
  id: number;
  type: ItemTypeName;
  title: string;
  helpText: string;
  required: boolean;
  choices: string[];
  showOther: boolean;
  /** Last column (1-based) this item's answers went to in the response sheet. */
  lastColumn?: number;
}

interface ResponseData {
  id: string;
  timestamp: number;
  respondentEmail: string;
  answers: Map<number, string | string[]>;
}

interface FormData {
  id: string;
  publishedId: string;
  title: string;
  description: string;
  items: ItemData[];
  collectEmail: boolean;
  acceptingResponses: boolean;
  confirmationMessage: string;
  destinationId: string;
  /** The response sheet in the destination spreadsheet. */
  responseSheetId: number | null;
  responses: ResponseData[];
}

export interface FormsState {
  forms: Map<string, FormData>;
  idCounter: number;
  nextItemId: number;
  /** The form the script is bound to, if any (leadgrade is spreadsheet-bound: none). */
  boundFormId: string | null;
}

export function formsState(world: World): FormsState {
  return serviceState<FormsState>(world, "forms", "FormApp", "forms service.init");
}

const ERR = {
  badId: "No item with the given ID could be found, or you do not have permission to access it.",
  emptyTitle: "Invalid argument: title",
  emptyChoices: "Array is empty: values",
  destinationId: "Invalid argument: id",
  conversion: (type: string) => `Invalid conversion for item type: ${type}.`,
};

interface FormsContext {
  world: World;
  exec: ExecutionInfo;
  state: FormsState;
}

// =========================================================================================
// FormApp

export class FormAppService {
  readonly __gasClass = "FormApp";
  readonly ItemType = ItemType;
  readonly DestinationType = DestinationType;

  constructor(private readonly ctx: FormsContext) {}

  create(...args: unknown[]): Form {
    const [title] = args;
    if (args.length !== 1 || (title !== null && typeof title !== "string")) throw gasSignatureError("FormApp", "create", args);
    if (!title) throw new GasException(ERR.emptyTitle);
    const state = this.ctx.state;
    const id = newDriveId(state, "form");
    const data: FormData = {
      id,
      publishedId: `1FAIpQL${newDriveId(state, "pub").slice(7)}`,
      title,
      description: "",
      items: [],
      collectEmail: false,
      acceptingResponses: true,
      confirmationMessage: "",
      destinationId: "",
      responseSheetId: null,
      responses: [],
    };
    state.forms.set(id, data);
    return new Form(this.ctx, data);
  }
  openById(...args: unknown[]): Form {
    const [id] = args;
    if (args.length !== 1 || typeof id !== "string") throw gasSignatureError("FormApp", "openById", args);
    const data = this.ctx.state.forms.get(id);
    if (!data) throw new GasException(ERR.badId);
    return new Form(this.ctx, data);
  }
  openByUrl(...args: unknown[]): Form {
    const [url] = args;
    if (args.length !== 1 || typeof url !== "string") throw gasSignatureError("FormApp", "openByUrl", args);
    const id = /\/forms\/d\/([A-Za-z0-9_-]+)/.exec(url)?.[1];
    const data = [...this.ctx.state.forms.values()].find((f) => f.id === id || f.publishedId === /\/forms\/d\/e\/([A-Za-z0-9_-]+)/.exec(url)?.[1]);
    if (!data) throw new GasException(ERR.badId);
    return new Form(this.ctx, data);
  }
  getActiveForm(): Form | null {
    const id = this.ctx.state.boundFormId;
    const data = id ? this.ctx.state.forms.get(id) : undefined;
    return data ? new Form(this.ctx, data) : null;
  }
}

// =========================================================================================
// Form

export class Form {
  readonly __gasClass = "FormApp.Form";
  constructor(private readonly ctx: FormsContext, readonly data: FormData) {}

  #addItem(type: ItemTypeName): ItemData {
    const item: ItemData = { id: this.ctx.state.nextItemId++, type, title: "", helpText: "", required: false, choices: [], showOther: false };
    this.data.items.push(item);
    return item;
  }

  getId(): string {
    return this.data.id;
  }
  getTitle(): string {
    return this.data.title;
  }
  setTitle(title: unknown): Form {
    if (typeof title !== "string") throw gasSignatureError(this.__gasClass, "setTitle", [title]);
    this.data.title = title;
    return this;
  }
  getDescription(): string {
    return this.data.description;
  }
  setDescription(description: unknown): Form {
    if (typeof description !== "string") throw gasSignatureError(this.__gasClass, "setDescription", [description]);
    this.data.description = description;
    return this;
  }
  setConfirmationMessage(message: unknown): Form {
    this.data.confirmationMessage = String(message);
    return this;
  }
  getConfirmationMessage(): string {
    return this.data.confirmationMessage;
  }
  setCollectEmail(collect: unknown): Form {
    if (typeof collect !== "boolean") throw gasSignatureError(this.__gasClass, "setCollectEmail", [collect]);
    this.data.collectEmail = collect;
    return this;
  }
  collectsEmail(): boolean {
    return this.data.collectEmail;
  }
  setAcceptingResponses(accepting: unknown): Form {
    if (typeof accepting !== "boolean") throw gasSignatureError(this.__gasClass, "setAcceptingResponses", [accepting]);
    this.data.acceptingResponses = accepting;
    return this;
  }
  isAcceptingResponses(): boolean {
    return this.data.acceptingResponses;
  }
  getPublishedUrl(): string {
    return `https://docs.google.com/forms/d/e/${this.data.publishedId}/viewform`;
  }
  getEditUrl(): string {
    return `https://docs.google.com/forms/d/${this.data.id}/edit`;
  }

  addTextItem(): TextItem {
    return new TextItem(this.ctx, this.data, this.#addItem("TEXT"));
  }
  addParagraphTextItem(): ParagraphTextItem {
    return new ParagraphTextItem(this.ctx, this.data, this.#addItem("PARAGRAPH_TEXT"));
  }
  addMultipleChoiceItem(): MultipleChoiceItem {
    return new MultipleChoiceItem(this.ctx, this.data, this.#addItem("MULTIPLE_CHOICE"));
  }
  addListItem(): ListItem {
    return new ListItem(this.ctx, this.data, this.#addItem("LIST"));
  }
  addCheckboxItem(): CheckboxItem {
    return new CheckboxItem(this.ctx, this.data, this.#addItem("CHECKBOX"));
  }
  addSectionHeaderItem(): SectionHeaderItem {
    return new SectionHeaderItem(this.ctx, this.data, this.#addItem("SECTION_HEADER"));
  }

  getItems(type?: unknown): Item[] {
    if (type !== undefined && !(typeof type === "string" && type in ItemType)) throw gasSignatureError(this.__gasClass, "getItems", [type]);
    return this.data.items.filter((i) => type === undefined || i.type === type).map((i) => new Item(this.ctx, this.data, i));
  }
  getItemById(id: unknown): Item | null {
    if (typeof id !== "number") throw gasSignatureError(this.__gasClass, "getItemById", [id]);
    const item = this.data.items.find((i) => i.id === id);
    return item ? new Item(this.ctx, this.data, item) : null;
  }
  /** deleteItem(index) | deleteItem(item). */
  deleteItem(target: unknown): void {
    const index =
      typeof target === "number"
        ? target
        : typeof target === "object" && target !== null && "itemData" in target
          ? this.data.items.indexOf((target as Item).itemData)
          : NaN;
    if (Number.isNaN(index)) throw gasSignatureError(this.__gasClass, "deleteItem", [target]);
    if (index < 0 || index >= this.data.items.length) throw new GasException(ERR.badId);
    this.data.items.splice(index, 1);
  }
  moveItem(from: unknown, to: unknown): Item {
    if (typeof from !== "number" || typeof to !== "number") throw gasSignatureError(this.__gasClass, "moveItem", [from, to]);
    const [item] = this.data.items.splice(from, 1);
    if (!item) throw new GasException(ERR.badId);
    this.data.items.splice(to, 0, item);
    return new Item(this.ctx, this.data, item);
  }

  /** Link to a spreadsheet: creates "Form Responses N" there with the header and existing responses. */
  setDestination(type: unknown, id: unknown): Form {
    if (type !== DestinationType.SPREADSHEET || typeof id !== "string") throw gasSignatureError(this.__gasClass, "setDestination", [type, id]);
    const ss = spreadsheetState(this.ctx.world).spreadsheets.get(id);
    if (!ss) throw new GasException(ERR.destinationId);
    linkResponseSheet(this.ctx.world, this.data, ss);
    return this;
  }
  getDestinationId(): string {
    if (!this.data.destinationId) throw new GasException("This form does not currently have a response destination.");
    return this.data.destinationId;
  }
  getDestinationType(): string {
    if (!this.data.destinationId) throw new GasException("This form does not currently have a response destination.");
    return DestinationType.SPREADSHEET;
  }
  removeDestination(): Form {
    this.data.destinationId = "";
    this.data.responseSheetId = null;
    return this;
  }
  getResponses(): FormResponse[] {
    return this.data.responses.map((r) => new FormResponse(this.ctx, this.data, r));
  }
  getResponse(id: unknown): FormResponse {
    const r = this.data.responses.find((x) => x.id === id);
    if (!r) throw new GasException(ERR.badId);
    return new FormResponse(this.ctx, this.data, r);
  }
  deleteAllResponses(): Form {
    this.data.responses = [];
    return this;
  }
}

// =========================================================================================
// Items

/** The generic Item that Form.getItems() returns. */
export class Item {
  readonly __gasClass: string = "FormApp.Item";
  constructor(protected readonly ctx: FormsContext, protected readonly form: FormData, readonly itemData: ItemData) {}

  getId(): number {
    return this.itemData.id;
  }
  getIndex(): number {
    return this.form.items.indexOf(this.itemData);
  }
  getType(): string {
    return this.itemData.type;
  }
  getTitle(): string {
    return this.itemData.title;
  }
  getHelpText(): string {
    return this.itemData.helpText;
  }
  setTitle(title: unknown): this {
    if (typeof title !== "string") throw gasSignatureError(this.__gasClass, "setTitle", [title]);
    this.itemData.title = title;
    return this;
  }
  setHelpText(text: unknown): this {
    if (typeof text !== "string") throw gasSignatureError(this.__gasClass, "setHelpText", [text]);
    this.itemData.helpText = text;
    return this;
  }
  #as<T extends Item>(type: ItemTypeName, make: new (ctx: FormsContext, form: FormData, item: ItemData) => T): T {
    if (this.itemData.type !== type) throw new GasException(ERR.conversion(this.itemData.type));
    return new make(this.ctx, this.form, this.itemData);
  }
  asTextItem(): TextItem {
    return this.#as("TEXT", TextItem);
  }
  asParagraphTextItem(): ParagraphTextItem {
    return this.#as("PARAGRAPH_TEXT", ParagraphTextItem);
  }
  asMultipleChoiceItem(): MultipleChoiceItem {
    return this.#as("MULTIPLE_CHOICE", MultipleChoiceItem);
  }
  asListItem(): ListItem {
    return this.#as("LIST", ListItem);
  }
  asCheckboxItem(): CheckboxItem {
    return this.#as("CHECKBOX", CheckboxItem);
  }
  asSectionHeaderItem(): SectionHeaderItem {
    return this.#as("SECTION_HEADER", SectionHeaderItem);
  }
}

class QuestionItem extends Item {
  isRequired(): boolean {
    return this.itemData.required;
  }
  setRequired(required: unknown): this {
    if (typeof required !== "boolean") throw gasSignatureError(this.__gasClass, "setRequired", [required]);
    this.itemData.required = required;
    return this;
  }
}

export class TextItem extends QuestionItem {
  override readonly __gasClass = CLASS_BY_TYPE.TEXT;
}
export class ParagraphTextItem extends QuestionItem {
  override readonly __gasClass = CLASS_BY_TYPE.PARAGRAPH_TEXT;
}
export class SectionHeaderItem extends Item {
  override readonly __gasClass = CLASS_BY_TYPE.SECTION_HEADER;
}

export class Choice {
  readonly __gasClass = "FormApp.Choice";
  constructor(readonly value: string) {}
  getValue(): string {
    return this.value;
  }
}

class ChoiceItem extends QuestionItem {
  setChoiceValues(values: unknown): this {
    if (!Array.isArray(values)) throw gasSignatureError(this.__gasClass, "setChoiceValues", [values]);
    if (values.length === 0) throw new GasException(ERR.emptyChoices);
    this.itemData.choices = values.map(String);
    return this;
  }
  setChoices(choices: unknown): this {
    if (!Array.isArray(choices) || !choices.every((c) => c instanceof Choice)) throw gasSignatureError(this.__gasClass, "setChoices", [choices]);
    if (choices.length === 0) throw new GasException("Array is empty: choices");
    this.itemData.choices = (choices as Choice[]).map((c) => c.value);
    return this;
  }
  createChoice(value: unknown): Choice {
    if (typeof value !== "string") throw gasSignatureError(this.__gasClass, "createChoice", [value]);
    return new Choice(value);
  }
  getChoices(): Choice[] {
    return this.itemData.choices.map((c) => new Choice(c));
  }
}

export class ListItem extends ChoiceItem {
  override readonly __gasClass = CLASS_BY_TYPE.LIST;
}
export class MultipleChoiceItem extends ChoiceItem {
  override readonly __gasClass = CLASS_BY_TYPE.MULTIPLE_CHOICE;
  showOtherOption(enabled: unknown): this {
    if (typeof enabled !== "boolean") throw gasSignatureError(this.__gasClass, "showOtherOption", [enabled]);
    this.itemData.showOther = enabled;
    return this;
  }
  hasOtherOption(): boolean {
    return this.itemData.showOther;
  }
}
export class CheckboxItem extends ChoiceItem {
  override readonly __gasClass = CLASS_BY_TYPE.CHECKBOX;
  showOtherOption(enabled: unknown): this {
    if (typeof enabled !== "boolean") throw gasSignatureError(this.__gasClass, "showOtherOption", [enabled]);
    this.itemData.showOther = enabled;
    return this;
  }
  hasOtherOption(): boolean {
    return this.itemData.showOther;
  }
}

// =========================================================================================
// Responses

export class ItemResponse {
  readonly __gasClass = "FormApp.ItemResponse";
  constructor(private readonly ctx: FormsContext, private readonly form: FormData, private readonly item: ItemData, private readonly answer: string | string[]) {}
  getItem(): Item {
    return new Item(this.ctx, this.form, this.item);
  }
  getResponse(): string | string[] {
    return Array.isArray(this.answer) ? this.answer.slice() : this.answer;
  }
}

export class FormResponse {
  readonly __gasClass = "FormApp.FormResponse";
  constructor(private readonly ctx: FormsContext, private readonly form: FormData, private readonly response: ResponseData) {}
  getId(): string {
    return this.response.id;
  }
  getTimestamp(): Date {
    return new Date(this.response.timestamp);
  }
  getRespondentEmail(): string {
    return this.form.collectEmail ? this.response.respondentEmail : "";
  }
  getEditResponseUrl(): string {
    return `https://docs.google.com/forms/d/e/${this.form.publishedId}/viewform?edit2=${this.response.id}`;
  }
  /** In form order; unanswered text-like items give '', other unanswered items are omitted. */
  getItemResponses(): ItemResponse[] {
    const out: ItemResponse[] = [];
    for (const item of this.form.items) {
      if (NON_QUESTION.has(item.type)) continue;
      const answer = this.response.answers.get(item.id);
      if (answer === undefined || (Array.isArray(answer) && answer.length === 0)) {
        if (BLANK_WHEN_UNANSWERED.has(item.type)) out.push(new ItemResponse(this.ctx, this.form, item, ""));
        continue;
      }
      out.push(new ItemResponse(this.ctx, this.form, item, answer));
    }
    return out;
  }
  getResponseForItem(item: unknown): ItemResponse | null {
    if (!(item instanceof Item)) throw gasSignatureError(this.__gasClass, "getResponseForItem", [item]);
    const answer = this.response.answers.get(item.itemData.id);
    return answer === undefined ? null : new ItemResponse(this.ctx, this.form, item.itemData, answer);
  }
}

// =========================================================================================
// Linking and submission

function responseSheet(form: FormData, ss: SpreadsheetData): SheetData | undefined {
  return ss.sheets.find((s) => s.sheetId === form.responseSheetId);
}

function questionItems(form: FormData): ItemData[] {
  return form.items.filter((i) => !NON_QUESTION.has(i.type));
}

function headerTitles(form: FormData): string[] {
  return ["Timestamp", ...(form.collectEmail ? [EMAIL_HEADER] : []), ...questionItems(form).map((i) => i.title)];
}

function linkResponseSheet(world: World, form: FormData, ss: SpreadsheetData): void {
  const host = hostSpreadsheet(world, ss.id);
  let n = 1;
  while (host.getSheetByName(`${RESPONSE_SHEET_BASE_NAME} ${n}`)) n++;
  // Linking happens in the form editor: the spreadsheet's active sheet and selection stay.
  const { activeSheetId, selection } = ss;
  const sheet = host.insertSheet(`${RESPONSE_SHEET_BASE_NAME} ${n}`, 0).data;
  Object.assign(ss, { activeSheetId, selection });
  form.destinationId = ss.id;
  form.responseSheetId = sheet.sheetId;
  const header = headerTitles(form);
  writeValues(ss, sheet, { row: 0, column: 0, numRows: 1, numColumns: header.length }, [header.map((h) => `'${h}`)], world.clock.now());
  sheet.frozenRows = 1;
  for (const r of form.responses) appendResponseRow(world, form, ss, sheet, r);
}

/** Column (1-based) for a header title; appends a header cell when the title is missing. */
function columnFor(world: World, ss: SpreadsheetData, sheet: SheetData, header: unknown[], title: string, fallback?: number): number {
  const found = header.indexOf(title);
  if (found >= 0) return found + 1;
  if (fallback !== undefined && fallback <= header.length) return fallback;
  const column = Math.max(header.length, 0) + 1;
  if (column > sheet.maxColumns) sheet.maxColumns = column;
  writeValues(ss, sheet, { row: 0, column: column - 1, numRows: 1, numColumns: 1 }, [[`'${title}`]], world.clock.now());
  header[column - 1] = title;
  return column;
}

function answerText(answer: string | string[] | undefined): string {
  if (answer === undefined) return "";
  return Array.isArray(answer) ? answer.join(", ") : answer;
}

interface WrittenRow {
  row: number;
  width: number;
  /** Strings as the sheet columns hold them (timestamp first), for e.values. */
  values: string[];
  namedValues: Record<string, string[]>;
}

function appendResponseRow(world: World, form: FormData, ss: SpreadsheetData, sheet: SheetData, response: ResponseData): WrittenRow {
  const headerRow = sheet.values.rows[0] ?? [];
  const header: unknown[] = Array.from({ length: headerRow.length }, (_, i) => headerRow[i] ?? "");
  const cells = new Map<number, { text: string; title: string }>();
  const timestampText = formatDateValue(new Date(response.timestamp), RESPONSE_TIMESTAMP_FORMAT, ss.timeZone);
  const tsColumn = columnFor(world, ss, sheet, header, "Timestamp", 1);
  cells.set(tsColumn, { text: timestampText, title: "Timestamp" });
  if (form.collectEmail) cells.set(columnFor(world, ss, sheet, header, EMAIL_HEADER), { text: response.respondentEmail, title: EMAIL_HEADER });
  for (const item of questionItems(form)) {
    const column = columnFor(world, ss, sheet, header, item.title, item.lastColumn);
    item.lastColumn = column;
    cells.set(column, { text: answerText(response.answers.get(item.id)), title: item.title });
  }
  const row = lastContentRow(sheet) + 1;
  if (row > sheet.maxRows) sheet.maxRows = row;
  const width = Math.max(...cells.keys());
  const now = world.clock.now();
  for (const [column, cell] of cells) {
    if (column === tsColumn) {
      writeTyped(sheet, row - 1, column - 1, new Date(response.timestamp), RESPONSE_TIMESTAMP_FORMAT);
      continue;
    }
    // Answers are typed into the sheet like user input (so "007" loses its zeros, as in
    // real response sheets), except that an answer is never turned into a formula.
    const typed = cell.text.startsWith("=") ? `'${cell.text}` : cell.text;
    writeValues(ss, sheet, { row: row - 1, column: column - 1, numRows: 1, numColumns: 1 }, [[typed]], now);
  }
  const values: string[] = [];
  const namedValues: Record<string, string[]> = {};
  for (let c = 1; c <= width; c++) {
    const cell = cells.get(c);
    values.push(cell?.text ?? "");
    if (cell) namedValues[cell.title] = [cell.text];
  }
  return { row, width, values, namedValues };
}

export interface SubmitOptions {
  /** Respondent's address (recorded when the form collects emails). */
  email?: string;
}

/**
 * Record a response as a respondent would submit it, append it to the linked sheet, and
 * return the two event objects for the runtime to fire (it fills in triggerUid).
 * `answers` maps item titles (or item ids) to a string, or string[] for checkboxes.
 */
export function submitFormResponse(
  world: World,
  formId: string,
  answers: Record<string, string | string[]>,
  options: SubmitOptions = {},
): { formEvent: object; sheetEvent: object | null } {
  const state = formsState(world);
  const form = state.forms.get(formId);
  if (!form) throw new Error(`No form with id ${formId}`);
  if (!form.acceptingResponses) throw new Error(`Form ${formId} is not accepting responses`);
  const byKey = new Map<string, ItemData>();
  for (const item of questionItems(form)) {
    byKey.set(String(item.id), item);
    if (!byKey.has(item.title)) byKey.set(item.title, item);
  }
  const recorded = new Map<number, string | string[]>();
  for (const [key, answer] of Object.entries(answers)) {
    const item = byKey.get(key);
    if (!item) throw new Error(`Form "${form.title}" has no question "${key}"`);
    if (item.type === "CHECKBOX" && !Array.isArray(answer)) throw new Error(`Checkbox question "${item.title}" needs a string[] answer`);
    if (item.type !== "CHECKBOX" && typeof answer !== "string") throw new Error(`Question "${item.title}" needs a string answer`);
    const chosen = Array.isArray(answer) ? answer : [answer];
    if (item.choices.length && !item.showOther && answer !== "" && chosen.some((a) => !item.choices.includes(a))) {
      throw new Error(`"${chosen.join(", ")}" is not a choice of "${item.title}"`);
    }
    recorded.set(item.id, Array.isArray(answer) ? answer.slice() : answer);
  }
  for (const item of questionItems(form)) {
    const a = recorded.get(item.id);
    if (item.required && (a === undefined || a === "" || (Array.isArray(a) && a.length === 0))) {
      throw new Error(`Question "${item.title}" is required`);
    }
  }
  const response: ResponseData = {
    id: `2_${newDriveId(state, "resp").slice(1, 40)}`,
    timestamp: world.clock.now(),
    respondentEmail: options.email ?? "",
    answers: recorded,
  };
  form.responses.push(response);

  const ctx: FormsContext = { world, exec: hostExecution(world), state };
  const formEvent = {
    authMode: "FULL",
    response: new FormResponse(ctx, form, response),
    source: new Form(ctx, form),
    triggerUid: "",
  };

  const ss = form.destinationId ? spreadsheetState(world).spreadsheets.get(form.destinationId) : undefined;
  const sheet = ss && responseSheet(form, ss);
  if (!ss || !sheet) return { formEvent, sheetEvent: null };
  const written = appendResponseRow(world, form, ss, sheet, response);
  const host: Spreadsheet = hostSpreadsheet(world, ss.id);
  const sheetEvent = {
    authMode: "FULL",
    range: host.getSheetById(sheet.sheetId)!.getRange(written.row, 1, 1, written.width),
    values: written.values,
    namedValues: written.namedValues,
    source: host,
    triggerUid: "",
  };
  return { formEvent, sheetEvent };
}

/** The form whose response sheet this is, if any (Sheet.getFormUrl support, tests). */
export function formForSheet(world: World, spreadsheetId: string, sheetId: number): string | null {
  const state = world.state.forms as FormsState | undefined;
  for (const f of state?.forms.values() ?? []) if (f.destinationId === spreadsheetId && f.responseSheetId === sheetId) return f.id;
  return null;
}

export const service: ServiceModule = {
  globals: ["FormApp"],
  init(world) {
    const state: FormsState = { forms: new Map(), idCounter: 0, nextItemId: 1_000_001, boundFormId: null };
    world.state.forms = state;
  },
  create(world, exec) {
    return { FormApp: new FormAppService({ world, exec, state: formsState(world) }) };
  },
};
