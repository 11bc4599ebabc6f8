/**
 * Combines service modules into the three functions the runtime needs (createWorld,
 * createGlobals, endExecution). services/index.ts applies it to the real modules; tests apply
 * it to small fakes.
 */
import type { ExecutionInfo, ServiceModule, World, WorldOptions } from "../contract";
import { SharedClock, type ClockMode } from "./clock";
import { notEmulatedGlobal } from "./codec";

/** Apps Script services leadgrade's runtime does not emulate: touching them throws clearly. */
export const NOT_EMULATED_SERVICES = [
  "GmailApp",
  "DriveApp",
  "CalendarApp",
  "DocumentApp",
  "SlidesApp",
  "ContactsApp",
  "GroupsApp",
  "SitesApp",
  "LanguageApp",
  "Maps",
  "XmlService",
  "Charts",
  "Jdbc",
  "CardService",
  "DataStudioApp",
  "LinearOptimizationService",
  "ConferenceDataService",
  "Browser",
  "Drive",
  "Sheets",
  "Gmail",
  "Calendar",
  "Docs",
  "Slides",
  "Tasks",
  "BigQuery",
  "AdminDirectory",
  "YouTube",
];

/** Globals the app may rely on; any not provided by a module throws "not emulated" too. */
export const EMULATED_SERVICES = [
  "SpreadsheetApp",
  "FormApp",
  "LockService",
  "PropertiesService",
  "CacheService",
  "UrlFetchApp",
  "MailApp",
  "ScriptApp",
  "HtmlService",
  "ContentService",
  "Utilities",
  "Session",
  "Logger",
];

/** Runtime-level settings, kept in world.state.runtime. */
export interface RuntimeWorldState {
  timeZone: string;
  userEmail: string;
}

/** WorldOptions plus the runtime's own extension (compatible: optional). */
export interface RuntimeWorldOptions extends WorldOptions {
  /** "frozen" (default): emulated time moves only when advanced; "ticking": also in real time. */
  clockMode?: ClockMode;
}

export interface ComposedServices {
  createWorld(options?: RuntimeWorldOptions): Promise<World>;
  createGlobals(world: World, exec: ExecutionInfo): Record<string, object>;
  endExecution(world: World, exec: ExecutionInfo): void;
}

/** A 44-character id like a Drive file id, for the bound spreadsheet until a module sets one. */
function newBoundSpreadsheetId(): string {
  const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-";
  let id = "1";
  while (id.length < 44) id += alphabet[Math.floor(Math.random() * alphabet.length)];
  return id;
}

function logLine(world: World, exec: ExecutionInfo, level: "log" | "info" | "warn" | "error", args: unknown[]): void {
  const message = args
    .map((arg) => {
      if (typeof arg === "string") return arg;
      if (arg instanceof Date) return arg.toISOString();
      if (arg !== null && typeof arg === "object") {
        try {
          return JSON.stringify(arg);
        } catch {
          return String(arg);
        }
      }
      return String(arg);
    })
    .join(" ");
  world.logs.push({ at: world.clock.now(), executionId: exec.id, level, message });
}

/** `console` for the bundle when no module provides one: lines go to world.logs. */
export function createConsole(world: World, exec: ExecutionInfo): object {
  return {
    __gasClass: "console",
    log: (...args: unknown[]) => logLine(world, exec, "log", args),
    info: (...args: unknown[]) => logLine(world, exec, "info", args),
    warn: (...args: unknown[]) => logLine(world, exec, "warn", args),
    error: (...args: unknown[]) => logLine(world, exec, "error", args),
  };
}

export function composeServices(modules: ServiceModule[]): ComposedServices {
  return {
    async createWorld(options: RuntimeWorldOptions = {}): Promise<World> {
      const clock = new SharedClock(options.now ?? Date.now(), options.clockMode ?? "frozen");
      const runtimeState: RuntimeWorldState = {
        timeZone: options.timeZone ?? "Asia/Shanghai",
        userEmail: options.userEmail ?? "owner@example.com",
      };
      const world: World = {
        clock,
        boundSpreadsheetId: newBoundSpreadsheetId(),
        triggers: [],
        outbox: [],
        fetchLog: [],
        logs: [],
        counters: new Map(),
        state: { runtime: runtimeState },
      };
      // In order: a later module may read what an earlier one set up (e.g. the spreadsheet).
      for (const module of modules) await module.init(world, options);
      return world;
    },

    createGlobals(world: World, exec: ExecutionInfo): Record<string, object> {
      const globals: Record<string, object> = {};
      for (const module of modules) Object.assign(globals, module.create(world, exec));
      if (!globals.console) globals.console = createConsole(world, exec);
      for (const name of [...EMULATED_SERVICES, ...NOT_EMULATED_SERVICES]) {
        if (!globals[name]) globals[name] = notEmulatedGlobal(name);
      }
      return globals;
    },

    endExecution(world: World, exec: ExecutionInfo): void {
      // Every module's end runs even if one throws (a lock must never stay held).
      let firstError: unknown = null;
      for (const module of modules) {
        try {
          module.end?.(world, exec);
        } catch (error) {
          firstError ??= error;
        }
      }
      if (firstError) throw firstError;
    },
  };
}
