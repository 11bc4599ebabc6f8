/**
 * ScriptApp: installable triggers, enums, and the script's identity.
 *
 * Triggers are written as contract TriggerRecords into `world.triggers`; the runtime fires
 * them (event triggers on form submit / open / edit / change, clock triggers at
 * `nextRunAt`). A Trigger object wraps a copy of its record, so what a script holds is a
 * snapshot, as in Apps Script (spec #70). The contract's TriggerRecord has no owner, so
 * every trigger counts as the current user's.
 */
import {
  GasException,
  signatureError,
  type ExecutionInfo,
  type GasObject,
  type ServiceModule,
  type TriggerRecord,
  type World,
  type WorldOptions,
} from "../contract";
import { isDate, serviceState, zoneOffsetMs } from "./shared";

export const TOO_MANY_TRIGGERS_MESSAGE =
  "This script has too many triggers. Triggers must be deleted from the script before more can be added.";
export const EVERY_MINUTES_MESSAGE =
  "The value you passed to everyMinutes was invalid. It must be one of 1, 5, 10, 15 or 30.";
/** [UNVERIFIED] wording patterned on everyMinutes; the allowed hours are the documented ones. */
export const EVERY_HOURS_MESSAGE =
  "The value you passed to everyHours was invalid. It must be one of 1, 2, 4, 6, 8 or 12.";
export const MAX_TRIGGERS = 20;

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** Enums are their names as strings: they compare equal and print like Apps Script enums. */
export const EventType = Object.freeze({
  CLOCK: "CLOCK",
  ON_OPEN: "ON_OPEN",
  ON_EDIT: "ON_EDIT",
  ON_FORM_SUBMIT: "ON_FORM_SUBMIT",
  ON_CHANGE: "ON_CHANGE",
  ON_EVENT_UPDATED: "ON_EVENT_UPDATED",
} as const);
export const AuthMode = Object.freeze({
  NONE: "NONE",
  CUSTOM_FUNCTION: "CUSTOM_FUNCTION",
  LIMITED: "LIMITED",
  FULL: "FULL",
} as const);
export const TriggerSource = Object.freeze({
  SPREADSHEETS: "SPREADSHEETS",
  CLOCK: "CLOCK",
  FORMS: "FORMS",
  DOCUMENTS: "DOCUMENTS",
  CALENDAR: "CALENDAR",
} as const);
export const InstallationSource = Object.freeze({
  APPS_MARKETPLACE_DOMAIN_ADD_ON: "APPS_MARKETPLACE_DOMAIN_ADD_ON",
  NONE: "NONE",
  WEB_STORE_ADD_ON: "WEB_STORE_ADD_ON",
} as const);
export const WeekDay = Object.freeze({
  MONDAY: "MONDAY",
  TUESDAY: "TUESDAY",
  WEDNESDAY: "WEDNESDAY",
  THURSDAY: "THURSDAY",
  FRIDAY: "FRIDAY",
  SATURDAY: "SATURDAY",
  SUNDAY: "SUNDAY",
} as const);

export interface ScriptAppState {
  scriptId: string;
  deploymentId: string;
  timeZone: string;
}

function scriptAppState(world: World): ScriptAppState {
  return serviceState<ScriptAppState>(world, "scriptapp", "ScriptApp");
}

/** Trigger ids look like Apps Script's: a long decimal string, unique in the world. */
function newTriggerUid(world: World): string {
  for (;;) {
    let uid = String(1 + Math.floor(Math.random() * 9));
    while (uid.length < 19) uid += String(Math.floor(Math.random() * 10));
    if (!world.triggers.some((t) => t.uid === uid)) return uid;
  }
}

function idOf(source: unknown): string | null {
  if (typeof source === "string") return source;
  if (typeof source === "object" && source !== null && typeof (source as { getId?: unknown }).getId === "function") {
    return String((source as { getId(): unknown }).getId());
  }
  return null;
}

function install(world: World, record: Omit<TriggerRecord, "uid">): Trigger {
  if (world.triggers.length >= MAX_TRIGGERS) throw new GasException(TOO_MANY_TRIGGERS_MESSAGE);
  const full: TriggerRecord = { uid: newTriggerUid(world), ...record };
  world.triggers.push(full);
  return new Trigger({ ...full });
}

export class Trigger implements GasObject {
  readonly __gasClass = "ScriptApp.Trigger";

  constructor(private readonly record: TriggerRecord) {}

  getHandlerFunction(): string {
    return this.record.handlerFunction;
  }
  getEventType(): string {
    return this.record.eventType;
  }
  getTriggerSource(): string {
    return this.record.triggerSource;
  }
  /** The spreadsheet or form id; null for a clock trigger, which has no source. */
  getTriggerSourceId(): string | null {
    return this.record.triggerSource === "CLOCK" ? null : this.record.sourceId;
  }
  getUniqueId(): string {
    return this.record.uid;
  }
}

abstract class EventTriggerBuilder implements GasObject {
  abstract readonly __gasClass: string;
  protected eventType: TriggerRecord["eventType"] | null = null;

  constructor(
    protected readonly world: World,
    protected readonly handlerFunction: string,
    protected readonly sourceId: string,
    protected readonly triggerSource: TriggerRecord["triggerSource"],
  ) {}

  create(): Trigger {
    if (!this.eventType) throw new GasException("Missing event type: call onFormSubmit() or another event before create().");
    return install(this.world, {
      handlerFunction: this.handlerFunction,
      eventType: this.eventType,
      sourceId: this.sourceId,
      triggerSource: this.triggerSource,
    });
  }
}

export class SpreadsheetTriggerBuilder extends EventTriggerBuilder {
  readonly __gasClass = "ScriptApp.SpreadsheetTriggerBuilder";

  onOpen(): this {
    this.eventType = "ON_OPEN";
    return this;
  }
  onEdit(): this {
    this.eventType = "ON_EDIT";
    return this;
  }
  onChange(): this {
    this.eventType = "ON_CHANGE";
    return this;
  }
  onFormSubmit(): this {
    this.eventType = "ON_FORM_SUBMIT";
    return this;
  }
}

export class FormTriggerBuilder extends EventTriggerBuilder {
  readonly __gasClass = "ScriptApp.FormTriggerBuilder";

  onOpen(): this {
    this.eventType = "ON_OPEN";
    return this;
  }
  onFormSubmit(): this {
    this.eventType = "ON_FORM_SUBMIT";
    return this;
  }
}

const WEEKDAY_INDEX: Record<string, number> = {
  SUNDAY: 0,
  MONDAY: 1,
  TUESDAY: 2,
  WEDNESDAY: 3,
  THURSDAY: 4,
  FRIDAY: 5,
  SATURDAY: 6,
};

export class ClockTriggerBuilder implements GasObject {
  readonly __gasClass = "ScriptApp.ClockTriggerBuilder";
  private periodMinutes: number | null = null;
  private runAt: number | null = null;
  private hour: number | null = null;
  private minute: number | null = null;
  private weekDay: number | null = null;
  private monthDay: number | null = null;

  constructor(
    private readonly world: World,
    private readonly handlerFunction: string,
    private timeZone: string,
  ) {}

  everyMinutes(n: number): this {
    if (typeof n !== "number") throw signatureError(this.__gasClass, "everyMinutes", [...arguments]);
    if (![1, 5, 10, 15, 30].includes(n)) throw new GasException(EVERY_MINUTES_MESSAGE);
    this.periodMinutes = n;
    return this;
  }

  everyHours(n: number): this {
    if (typeof n !== "number") throw signatureError(this.__gasClass, "everyHours", [...arguments]);
    if (![1, 2, 4, 6, 8, 12].includes(n)) throw new GasException(EVERY_HOURS_MESSAGE);
    this.periodMinutes = n * 60;
    return this;
  }

  everyDays(n: number): this {
    if (typeof n !== "number" || n < 1) throw signatureError(this.__gasClass, "everyDays", [...arguments]);
    this.periodMinutes = n * 24 * 60;
    return this;
  }

  everyWeeks(n: number): this {
    if (typeof n !== "number" || n < 1) throw signatureError(this.__gasClass, "everyWeeks", [...arguments]);
    this.periodMinutes = n * 7 * 24 * 60;
    return this;
  }

  atHour(hour: number): this {
    if (typeof hour !== "number" || hour < 0 || hour > 23) throw signatureError(this.__gasClass, "atHour", [...arguments]);
    this.hour = hour;
    return this;
  }

  nearMinute(minute: number): this {
    if (typeof minute !== "number" || minute < 0 || minute > 59) {
      throw signatureError(this.__gasClass, "nearMinute", [...arguments]);
    }
    this.minute = minute;
    return this;
  }

  onWeekDay(day: string): this {
    if (!(String(day) in WEEKDAY_INDEX)) throw signatureError(this.__gasClass, "onWeekDay", [...arguments]);
    this.weekDay = WEEKDAY_INDEX[String(day)];
    return this;
  }

  onMonthDay(day: number): this {
    if (typeof day !== "number" || day < 1 || day > 31) throw signatureError(this.__gasClass, "onMonthDay", [...arguments]);
    this.monthDay = day;
    return this;
  }

  inTimezone(timeZone: string): this {
    if (typeof timeZone !== "string") throw signatureError(this.__gasClass, "inTimezone", [...arguments]);
    this.timeZone = timeZone;
    return this;
  }

  after(durationMillis: number): this {
    if (typeof durationMillis !== "number") throw signatureError(this.__gasClass, "after", [...arguments]);
    this.runAt = this.world.clock.now() + Math.max(0, durationMillis);
    return this;
  }

  at(date: Date): this {
    if (!(date instanceof Date) && !isDate(date)) throw signatureError(this.__gasClass, "at", [...arguments]);
    this.runAt = (date as Date).getTime();
    return this;
  }

  atDate(year: number, month: number, day: number): this {
    if ([year, month, day].some((v) => typeof v !== "number")) throw signatureError(this.__gasClass, "atDate", [...arguments]);
    const localMidnight = Date.UTC(year, month - 1, day);
    this.runAt = localMidnight - zoneOffsetMs(localMidnight, this.timeZone);
    return this;
  }

  create(): Trigger {
    const now = this.world.clock.now();
    let everyMinutes: number;
    let nextRunAt: number;
    if (this.runAt !== null) {
      everyMinutes = 0;
      nextRunAt = this.runAt;
    } else if (this.periodMinutes !== null || this.weekDay !== null || this.monthDay !== null) {
      everyMinutes = this.periodMinutes ?? (this.weekDay !== null ? 7 * 24 * 60 : 0);
      nextRunAt = this.#firstRun(now, everyMinutes);
    } else {
      throw new GasException("Missing time: call everyMinutes(), everyHours(), after(), at() or another schedule before create().");
    }
    return install(this.world, {
      handlerFunction: this.handlerFunction,
      eventType: "CLOCK",
      sourceId: "",
      triggerSource: "CLOCK",
      everyMinutes,
      nextRunAt,
    });
  }

  /**
   * Sub-daily periods start one period from now. Daily and longer schedules run at the next
   * matching local hour/minute (Apps Script picks a time within that hour; we take its start,
   * or the nearMinute, so tests are deterministic).
   */
  #firstRun(now: number, everyMinutes: number): number {
    if (everyMinutes > 0 && everyMinutes < 24 * 60) return now + everyMinutes * MINUTE;
    const offset = zoneOffsetMs(now, this.timeZone);
    const local = new Date(now + offset);
    const hour = this.hour ?? local.getUTCHours();
    const minute = this.minute ?? (this.hour === null ? local.getUTCMinutes() : 0);
    let candidate = Date.UTC(local.getUTCFullYear(), local.getUTCMonth(), local.getUTCDate(), hour, minute);
    const matches = (localMs: number): boolean => {
      const d = new Date(localMs);
      if (this.weekDay !== null && d.getUTCDay() !== this.weekDay) return false;
      if (this.monthDay !== null && d.getUTCDate() !== this.monthDay) return false;
      return localMs > now + offset;
    };
    for (let i = 0; i < 400 && !matches(candidate); i++) candidate += DAY;
    return candidate - offset;
  }
}

export class TriggerBuilder implements GasObject {
  readonly __gasClass = "ScriptApp.TriggerBuilder";

  constructor(
    private readonly world: World,
    private readonly handlerFunction: string,
  ) {}

  forSpreadsheet(spreadsheet: unknown): SpreadsheetTriggerBuilder {
    const id = idOf(spreadsheet);
    if (id === null) throw signatureError(this.__gasClass, "forSpreadsheet", [...arguments]);
    return new SpreadsheetTriggerBuilder(this.world, this.handlerFunction, id, "SPREADSHEETS");
  }

  forForm(form: unknown): FormTriggerBuilder {
    const id = idOf(form);
    if (id === null) throw signatureError(this.__gasClass, "forForm", [...arguments]);
    return new FormTriggerBuilder(this.world, this.handlerFunction, id, "FORMS");
  }

  timeBased(): ClockTriggerBuilder {
    return new ClockTriggerBuilder(this.world, this.handlerFunction, scriptAppState(this.world).timeZone);
  }

  forDocument(): never {
    throw new GasException("ScriptApp.TriggerBuilder.forDocument is not emulated");
  }

  forUserCalendar(): never {
    throw new GasException("ScriptApp.TriggerBuilder.forUserCalendar is not emulated");
  }
}

export class Service implements GasObject {
  readonly __gasClass = "ScriptApp.Service";

  constructor(private readonly deploymentId: string) {}

  /** A fake but well-formed web app URL; the runtime's web server may map it. */
  getUrl(): string {
    return `https://script.google.com/macros/s/${this.deploymentId}/exec`;
  }

  isEnabled(): boolean {
    return true;
  }
}

export class ScriptAppObject implements GasObject {
  readonly __gasClass = "ScriptApp";
  readonly EventType = EventType;
  readonly AuthMode = AuthMode;
  readonly TriggerSource = TriggerSource;
  readonly InstallationSource = InstallationSource;
  readonly WeekDay = WeekDay;

  constructor(
    private readonly world: World,
    private readonly exec: ExecutionInfo,
  ) {}

  newTrigger(functionName: string): TriggerBuilder {
    if (typeof functionName !== "string") throw signatureError(this.__gasClass, "newTrigger", [...arguments]);
    return new TriggerBuilder(this.world, functionName);
  }

  getProjectTriggers(): Trigger[] {
    return this.world.triggers.map((record) => new Trigger({ ...record }));
  }

  /** Triggers of this project on one spreadsheet/form (id or object). */
  getUserTriggers(source: unknown): Trigger[] {
    const id = idOf(source);
    if (id === null) throw signatureError(this.__gasClass, "getUserTriggers", [...arguments]);
    return this.world.triggers.filter((t) => t.sourceId === id).map((record) => new Trigger({ ...record }));
  }

  deleteTrigger(trigger: Trigger): void {
    if (typeof (trigger as Partial<Trigger> | null)?.getUniqueId !== "function") throw signatureError(this.__gasClass, "deleteTrigger", [...arguments]);
    const at = this.world.triggers.findIndex((t) => t.uid === trigger.getUniqueId());
    if (at >= 0) this.world.triggers.splice(at, 1);
  }

  getScriptId(): string {
    return scriptAppState(this.world).scriptId;
  }

  getService(): Service {
    return new Service(scriptAppState(this.world).deploymentId);
  }

  /** A fake token: the emulator never talks to Google, so it only has to look like one. */
  getOAuthToken(): string {
    return `ya29.emulated-${this.exec.userEmail.replace(/[^a-z0-9]/gi, "-")}`;
  }

  getInstallationSource(): string {
    return InstallationSource.NONE;
  }

  invalidateAuth(): void {
    throw new GasException("ScriptApp.invalidateAuth is not emulated");
  }
}

export const service: ServiceModule = {
  globals: ["ScriptApp"],
  init(world: World, options: WorldOptions): void {
    const state: ScriptAppState = {
      scriptId: "1EmulatedScriptId_leadgrade_0000000000000000000000000",
      deploymentId: "AKfycbEmulatedDeployment_leadgrade",
      timeZone: options.timeZone ?? "Asia/Shanghai",
    };
    world.state.scriptapp = state;
  },
  create(world: World, exec: ExecutionInfo): Record<string, object> {
    return { ScriptApp: new ScriptAppObject(world, exec) };
  },
};
