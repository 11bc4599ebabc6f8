/**
 * The emulator harness: runs the real dist/Code.js on the emulated Apps Script runtime.
 * Tests, the local demo and the benchmark drive the app through this API only.
 *
 *   const emu = await startEmulator({ now: Date.UTC(2025, 0, 6, 1) });
 *   await emu.run("setup");
 *   await emu.submitForm({ "姓名": "张三", ... });   // fires the installed onFormSubmit trigger(s)
 *   await emu.advance(10 * 60_000);                 // runs clock triggers that fall due
 *   emu.readSheet("Leads");
 *   await emu.close();
 */
import { existsSync } from "node:fs";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import type { ExecutionInfo, TriggerRecord, World } from "./contract";
import type { SharedClock } from "./runtime/clock";
import type { ComposedServices, RuntimeWorldOptions, RuntimeWorldState } from "./runtime/compose";
import { Runtime, type ExecutionRequest, type ExecutionResult } from "./runtime/host";
import { clockEvent, nextDueClockTrigger, scheduleAfterRun } from "./runtime/triggers";
import { doGetEvent, doPostEvent, webResponseOf, type WebResponse } from "./runtime/webapp";
import { writeOutboxFiles } from "./runtime/eml";

export type { ExecutionResult } from "./runtime/host";
export type { WebResponse } from "./runtime/webapp";
export { EXCEEDED_MAXIMUM_EXECUTION_TIME, DEFAULT_EXECUTION_TIME_LIMIT_MS } from "./runtime/host";

/** What the harness needs from src/emulator/services (injectable for the runtime's own tests). */
export interface EmulatorServices extends ComposedServices {
  submitFormResponse(world: World, formId: string, answers: Record<string, string | string[]>, options?: { email?: string }): { formEvent: object; sheetEvent: object | null };
  saveWorkbook(world: World, path: string): Promise<void>;
  readSheet(world: World, name: string): unknown[][];
  /** A person's edit: write the cells and return the onEdit event (optional). */
  editCellsAsUser?(world: World, sheetName: string, a1: string, rows: unknown[][]): { event: object };
  /** The form submitForm uses when no formId is given (optional; else the form trigger's). */
  defaultFormId?(world: World): string | null | undefined;
}

export interface EmulatorOptions extends RuntimeWorldOptions {
  /** Default: dist/Code.js of this repository. */
  bundlePath?: string;
  /** Real-time limit of one execution (default 6 minutes, as Apps Script). */
  executionTimeLimitMs?: number;
  /** Warm workers kept between executions (default 2). */
  maxIdleWorkers?: number;
  /** Workers started by startEmulator, before the first run (default 1). */
  prewarmWorkers?: number;
  /** Services to run against (default: src/emulator/services). */
  services?: EmulatorServices;
}

export interface Emulator {
  world: World;
  /** One execution in its own worker; concurrent calls really overlap. Default kind "manual". */
  run(functionName: string, event?: unknown, kind?: ExecutionInfo["kind"]): Promise<ExecutionResult>;
  /** Record a response, append it to the linked sheet, fire every ON_FORM_SUBMIT trigger for the form or its spreadsheet. */
  submitForm(answers: Record<string, string | string[]>, opts?: { formId?: string; /** respondent address, when the form collects emails */ email?: string }): Promise<ExecutionResult[]>;
  /** Fire a form-submit event again (duplicates) or a hand-made one (phantom events). */
  fireFormSubmit(event: unknown, handler?: string): Promise<ExecutionResult[]>;
  /** doPost with the web app event (spec #98–#100). Default content type application/json. */
  post(body: string, opts?: { contentType?: string; query?: string }): Promise<WebResponse & { execution: ExecutionResult }>;
  get(query?: string): Promise<WebResponse & { execution: ExecutionResult }>;
  /** Move the clock, running each clock trigger once per due time it passes, in time order. */
  advance(ms: number): Promise<ExecutionResult[]>;
  /** Run the clock triggers already due (catching up once per missed due time). */
  runDueTriggers(): Promise<ExecutionResult[]>;
  readSheet(name: string): unknown[][];
  /**
   * A person types `rows` at `a1` of `sheetName`: the cells change, then the simple `onEdit`
   * (if the bundle has one, LIMITED) and every installed ON_EDIT trigger (FULL) run with the
   * edit event. Script writes never fire these; only people's edits do.
   */
  userEdit(sheetName: string, a1: string, rows: unknown[][]): Promise<ExecutionResult[]>;
  /** The bound spreadsheet as .xlsx. */
  save(path: string): Promise<void>;
  /** One .eml per sent mail; returns the file paths. */
  writeOutbox(dir: string): Promise<string[]>;
  /** The events of the last submitForm, host-side, to re-fire as duplicates. */
  lastFormSubmit: { formEvent: object; sheetEvent: object | null } | null;
  /** Worker start-up times so far (spawn → bundle compiled), ms. */
  workerStartMs: number[];
  close(): Promise<void>;
}

const REPO_ROOT = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
export const DEFAULT_BUNDLE_PATH = join(REPO_ROOT, "dist", "Code.js");

function callIfPresent(target: unknown, method: string): unknown {
  if (target === null || typeof target !== "object") return undefined;
  const fn = (target as Record<string, unknown>)[method];
  return typeof fn === "function" ? (fn as () => unknown).call(target) : undefined;
}

/** The spreadsheet a spreadsheet-bound form event's range lives in. */
function spreadsheetIdOfEvent(event: object, fallback: string): string {
  const range = (event as { range?: unknown }).range;
  const id = callIfPresent(callIfPresent(callIfPresent(range, "getSheet"), "getParent"), "getId");
  return typeof id === "string" ? id : fallback;
}

export async function startEmulator(opts: EmulatorOptions = {}): Promise<Emulator> {
  const services: EmulatorServices = opts.services ?? ((await import("./services/index")) as EmulatorServices);
  const bundlePath = opts.bundlePath ?? DEFAULT_BUNDLE_PATH;
  if (!existsSync(bundlePath)) throw new Error(`startEmulator: no bundle at ${bundlePath} (run \`npm run build\` first)`);
  const world = await services.createWorld(opts);
  const runtime = new Runtime(world, services, world.clock as SharedClock, {
    bundlePath,
    executionTimeLimitMs: opts.executionTimeLimitMs,
    maxIdleWorkers: opts.maxIdleWorkers,
    prewarmWorkers: opts.prewarmWorkers,
  });
  const runtimeState = world.state.runtime as RuntimeWorldState | undefined;
  const timeZone = runtimeState?.timeZone ?? opts.timeZone ?? "Asia/Shanghai";
  const userEmail = runtimeState?.userEmail ?? opts.userEmail ?? "owner@example.com";

  const execute = (request: ExecutionRequest): Promise<ExecutionResult> => runtime.execute(request);

  const fireTrigger = (trigger: TriggerRecord, event: object): Promise<ExecutionResult> =>
    execute({
      functionName: trigger.handlerFunction,
      event: { ...event, authMode: "FULL", triggerUid: trigger.uid },
      hasEvent: true,
      kind: "trigger",
      triggerUid: trigger.uid,
    });

  const formSubmitTriggers = (): TriggerRecord[] => world.triggers.filter((t) => t.eventType === "ON_FORM_SUBMIT");

  async function runClockTriggersUntil(until: number): Promise<ExecutionResult[]> {
    const results: ExecutionResult[] = [];
    for (let trigger = nextDueClockTrigger(world, until); trigger; trigger = nextDueClockTrigger(world, until)) {
      const dueAt = trigger.nextRunAt!;
      if (dueAt > world.clock.now()) world.clock.set(dueAt);
      // Scheduled before the run, so a handler that deletes or re-creates it is respected.
      scheduleAfterRun(trigger, dueAt);
      const event = clockEvent(dueAt, timeZone, trigger.uid, "FULL");
      results.push(await execute({ functionName: trigger.handlerFunction, event, hasEvent: true, kind: "trigger", triggerUid: trigger.uid }));
    }
    return results;
  }

  async function web(functionName: "doGet" | "doPost", event: object): Promise<WebResponse & { execution: ExecutionResult }> {
    const execution = await execute({ functionName, event, hasEvent: true, kind: "webapp" });
    return { ...webResponseOf(execution, functionName), execution };
  }

  const emulator: Emulator = {
    world,
    lastFormSubmit: null,
    workerStartMs: runtime.workerStartMs,

    run(functionName, ...rest) {
      const [event, kind] = rest as [unknown, ExecutionInfo["kind"] | undefined];
      // An event that states its authMode (e.g. a simple onOpen's LIMITED) sets the execution's.
      const stated = (event as { authMode?: unknown } | null | undefined)?.authMode;
      const authMode = stated === "NONE" || stated === "LIMITED" || stated === "FULL" ? stated : undefined;
      return execute({ functionName, event, hasEvent: rest.length > 0 && event !== undefined, kind: kind ?? "manual", authMode });
    },

    async submitForm(answers, submitOpts = {}) {
      const formId =
        submitOpts.formId ??
        services.defaultFormId?.(world) ??
        formSubmitTriggers().find((t) => t.triggerSource === "FORMS")?.sourceId;
      if (!formId) throw new Error("submitForm: no formId given and no form found (run the app's setup first, or pass { formId })");
      const events = services.submitFormResponse(world, formId, answers, submitOpts.email === undefined ? undefined : { email: submitOpts.email });
      emulator.lastFormSubmit = events;
      const sheetId = events.sheetEvent ? spreadsheetIdOfEvent(events.sheetEvent, world.boundSpreadsheetId) : null;
      const runs: Promise<ExecutionResult>[] = [];
      for (const trigger of formSubmitTriggers()) {
        if (trigger.triggerSource === "FORMS" && trigger.sourceId === formId) runs.push(fireTrigger(trigger, events.formEvent));
        if (trigger.triggerSource === "SPREADSHEETS" && events.sheetEvent && trigger.sourceId === sheetId) runs.push(fireTrigger(trigger, events.sheetEvent));
      }
      return Promise.all(runs);
    },

    async fireFormSubmit(event, handler) {
      const base = (event ?? {}) as object;
      if (handler) {
        const triggerUid = (base as { triggerUid?: string }).triggerUid;
        return [await execute({ functionName: handler, event: { authMode: "FULL", ...base }, hasEvent: true, kind: "trigger", triggerUid })];
      }
      // A form-bound event (has `response`) goes to form triggers, a spreadsheet-bound one
      // (range / values / namedValues, including blank phantoms) to spreadsheet triggers, {} to all.
      const isFormShaped = "response" in base;
      const isSheetShaped = !isFormShaped && ("range" in base || "values" in base || "namedValues" in base);
      const neither = !isFormShaped && !isSheetShaped;
      const runs = formSubmitTriggers()
        .filter((t) => neither || (t.triggerSource === "FORMS" ? isFormShaped : isSheetShaped))
        .map((t) => fireTrigger(t, base));
      return Promise.all(runs);
    },

    async userEdit(sheetName, a1, rows) {
      if (!services.editCellsAsUser) throw new Error("userEdit: the services in use do not emulate user edits");
      const { event } = services.editCellsAsUser(world, sheetName, a1, rows);
      const results: ExecutionResult[] = [];
      const simple = await execute({ functionName: "onEdit", event, hasEvent: true, kind: "trigger", authMode: "LIMITED" });
      if (!simple.notFound) results.push(simple);
      for (const trigger of world.triggers.filter((t) => t.eventType === "ON_EDIT" && t.sourceId === world.boundSpreadsheetId)) {
        results.push(await fireTrigger(trigger, event));
      }
      return results;
    },

    post(body, postOpts = {}) {
      return web("doPost", doPostEvent(body, postOpts.contentType ?? "application/json", postOpts.query));
    },

    get(query) {
      return web("doGet", doGetEvent(query));
    },

    async advance(ms) {
      if (!(ms >= 0)) throw new RangeError(`advance: ms must be >= 0, got ${ms}`);
      const target = world.clock.now() + ms;
      const results = await runClockTriggersUntil(target);
      if (target > world.clock.now()) world.clock.set(target);
      return results;
    },

    runDueTriggers() {
      return runClockTriggersUntil(world.clock.now());
    },

    readSheet(name) {
      return services.readSheet(world, name);
    },

    save(path) {
      return services.saveWorkbook(world, path);
    },

    writeOutbox(dir) {
      return writeOutboxFiles(world.outbox, dir, userEmail);
    },

    close() {
      return runtime.close();
    },
  };
  return emulator;
}
