/**
 * The seam between the emulator's runtime and its services.
 *
 * Design: every execution of the bundle (a trigger, a menu click, a web request) runs in
 * its own worker thread, inside a node:vm context that has the bundle and proxies for the
 * Apps Script globals. A proxy call blocks the worker (Atomics.wait) while the HOST thread
 * runs the real service method on the shared World and posts the result back. So:
 *   - executions really overlap, and LockService gives real mutual exclusion;
 *   - service methods are ordinary host-side classes, testable without workers;
 *   - a host method may return a Promise (UrlFetchApp, waitLock, sleep): the worker stays
 *     blocked until it settles, exactly like a blocking Apps Script call.
 *
 * Values crossing the boundary: primitives, arrays, plain objects, Dates (re-created in the
 * execution's realm) and service objects. A service object travels as a handle; calling a
 * method on the handle calls the host object's method. Errors thrown by host methods are
 * re-thrown in the execution as `Error` with name "Exception" and the same message (G1).
 */

export type EpochMs = number;

/** Emulated wall clock shared by the host and all executions. */
export interface Clock {
  now(): EpochMs;
  /** Move emulated time forward (never backward). */
  advance(ms: number): void;
  /** Jump to an absolute time (must not be earlier than now()). */
  set(ms: EpochMs): void;
}

/** Who is running and why; one per execution. */
export interface ExecutionInfo {
  id: string;
  /** Entry point name, e.g. "onFormSubmit". */
  functionName: string;
  authMode: "NONE" | "LIMITED" | "FULL";
  /** Set when a trigger started the execution. */
  triggerUid?: string;
  /** Web app or time-driven: no UI, no active spreadsheet unless bound. */
  kind: "trigger" | "menu" | "webapp" | "manual";
  startedAt: EpochMs;
  userEmail: string;
}

export interface TriggerRecord {
  uid: string;
  handlerFunction: string;
  eventType: "CLOCK" | "ON_OPEN" | "ON_EDIT" | "ON_FORM_SUBMIT" | "ON_CHANGE";
  /** Spreadsheet or form id for event triggers; "" for clock triggers. */
  sourceId: string;
  triggerSource: "SPREADSHEETS" | "FORMS" | "CLOCK";
  /** Clock triggers: period in minutes (1, 5, 10, 15, 30) or hours*60; 0 for one-off `at`. */
  everyMinutes?: number;
  /** Clock triggers: next time it is due. */
  nextRunAt?: EpochMs;
}

export interface SentMail {
  id: string;
  at: EpochMs;
  to: string;
  cc?: string;
  bcc?: string;
  replyTo?: string;
  subject: string;
  body: string;
  htmlBody?: string;
  name?: string;
}

export interface FetchLogEntry {
  at: EpochMs;
  url: string;
  method: string;
  status: number | "error";
  ms: number;
}

/**
 * Counts of service calls, by "Service.Class.method" (e.g. "SpreadsheetApp.Range.getValues").
 * The benchmark reads these; every proxied call increments exactly one counter.
 */
export type CallCounters = Map<string, number>;

/**
 * Everything persistent: what survives between executions. The services module owns the
 * concrete state types; the runtime only passes the World around and reads the fields below.
 */
export interface World {
  clock: Clock;
  /** The bound spreadsheet's id (the container of the script). */
  boundSpreadsheetId: string;
  triggers: TriggerRecord[];
  outbox: SentMail[];
  fetchLog: FetchLogEntry[];
  /** Logger.log / console lines, with the execution id. */
  logs: { at: EpochMs; executionId: string; level: "log" | "info" | "warn" | "error"; message: string }[];
  counters: CallCounters;
  /** Service-specific state, keyed by service name; opaque to the runtime. */
  state: Record<string, unknown>;
}

export interface WorldOptions {
  /** Initial emulated time (default: real now). */
  now?: EpochMs;
  timeZone?: string; // default "Asia/Shanghai"
  userEmail?: string; // default "owner@example.com"
  scriptProperties?: Record<string, string>;
  /** Remaining MailApp recipients today (default 100, the consumer quota). */
  mailQuota?: number;
  /** At most this many requests of one fetchAll are in flight at once (default 10). */
  fetchAllConcurrency?: number;
  /** Per-request timeout for UrlFetchApp before "Timeout: <url>" (default 60000 ms). */
  fetchTimeoutMs?: number;
  /** Load the bound spreadsheet from an .xlsx file instead of starting empty. */
  workbookPath?: string;
}

/**
 * What the services module exports (src/emulator/services/index.ts):
 *
 *   createWorld(options: WorldOptions): World
 *   createGlobals(world: World, exec: ExecutionInfo): Record<string, object>
 *       // { SpreadsheetApp, LockService, PropertiesService, CacheService, UrlFetchApp,
 *       //   MailApp, ScriptApp, FormApp, HtmlService, ContentService, Utilities, Session,
 *       //   Logger, console, ...and any service it does not emulate as an object whose
 *       //   every property access throws "<Name> is not emulated" }
 *   endExecution(world: World, exec: ExecutionInfo): void
 *       // release the execution's locks, flush pending writes
 *   submitFormResponse(world, formId, answers: Record<string, string | string[]>)
 *       : { formEvent: object; sheetEvent: object | null }
 *       // records a response, appends it to the linked sheet (if any) and returns the two
 *       // event objects (form-bound and spreadsheet-bound shapes) for the runtime to fire
 *   saveWorkbook(world, path: string): Promise<void>   // .xlsx via exceljs
 *   readSheet(world, name: string): unknown[][]         // host-side inspection (getValues of the data range)
 */

/**
 * One module per emulated service, in src/emulator/services/<name>.ts, each exporting
 * `service: ServiceModule`. services/index.ts (the runtime's) combines them.
 */
export interface ServiceModule {
  /** Names of the globals it provides, e.g. ["SpreadsheetApp"]. */
  globals: string[];
  /** Create this service's persistent state in world.state[<its key>]. */
  init(world: World, options: WorldOptions): void | Promise<void>;
  /** The global objects for one execution (host-side objects; the runtime proxies them). */
  create(world: World, exec: ExecutionInfo): Record<string, object>;
  /** Called when an execution ends, even after an error (release locks, …). */
  end?(world: World, exec: ExecutionInfo): void;
}

/**
 * Every host-side service object carries its Apps Script class name, used for call
 * counters ("SpreadsheetApp.Range.getValues") and signature errors.
 */
export const GAS_CLASS = "__gasClass";
export interface GasObject {
  readonly __gasClass: string;
}

/** Apps Script's service error: name "Exception", message without prefix (G1). */
export class GasException extends Error {
  constructor(message: string) {
    super(message);
    this.name = "Exception";
  }
}

/** G2: "The parameters (<types>) don't match the method signature for <Class>.<method>." */
export function signatureError(gasClass: string, method: string, args: unknown[]): GasException {
  const types = args.map((a) =>
    a === null ? "null" : Array.isArray(a) ? "number[]".replace("number", typeof a[0] === "string" ? "String" : "Object") : typeof a === "object" ? (a as Partial<GasObject>).__gasClass ?? "Object" : typeof a,
  );
  return new GasException(`The parameters (${types.join(",")}) don't match the method signature for ${gasClass}.${method}.`);
}
