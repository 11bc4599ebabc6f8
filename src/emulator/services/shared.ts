/**
 * Helpers more than one emulated service needs: per-world service state, argument checks,
 * UTF-8 sizes and wall-clock time-zone arithmetic. Host-side only (no Apps Script surface).
 */
import type { GasObject, World } from "../contract";

// ---------------------------------------------------------------------------------------
// Service state

/**
 * The state `service.init` stored under `world.state[key]`; throws (a host error, not a
 * GasException) when init was never called. `name` is how the message names the service.
 */
export function serviceState<T>(world: World, key: string, name: string, initCall = "service.init"): T {
  const state = world.state[key] as T | undefined;
  if (!state) throw new Error(`${name} state missing: call ${initCall}(world, options) first`);
  return state;
}

/** `map.get(key)`, first storing `create()` there when the key is missing. */
export function getOrCreate<K, V>(map: Map<K, V>, key: K, create: () => V): V {
  let value = map.get(key);
  if (!value) {
    value = create();
    map.set(key, value);
  }
  return value;
}

// ---------------------------------------------------------------------------------------
// Argument checks

/** A script's object literal: not null, not an array, not a service object. */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value) && !(value as Partial<GasObject>).__gasClass;
}

export function isStringArray(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((k) => typeof k === "string");
}

/** A Date of any realm (the execution's vm context has its own Date), valid or not: no instanceof. */
export function isDate(v: unknown): v is Date {
  return Object.prototype.toString.call(v) === "[object Date]";
}

// ---------------------------------------------------------------------------------------
// Sizes

const encoder = new TextEncoder();

/** Length of `text` in UTF-8 bytes, as Apps Script's size limits count it. */
export function utf8Length(text: string): number {
  return encoder.encode(text).length;
}

// ---------------------------------------------------------------------------------------
// Time zones (IANA ids, read through Intl)

export interface WallTime {
  year: number;
  month: number; // 1-12
  day: number;
  hour: number;
  minute: number;
  second: number;
  ms: number;
  weekday: number; // 0 = Sunday
}

const partFormatters = new Map<string, Intl.DateTimeFormat>();

/** Throws Intl's RangeError for a time zone id it does not know. */
function partFormatter(timeZone: string): Intl.DateTimeFormat {
  return getOrCreate(
    partFormatters,
    timeZone,
    () =>
      new Intl.DateTimeFormat("en-US", {
        timeZone,
        hourCycle: "h23",
        year: "numeric",
        month: "numeric",
        day: "numeric",
        hour: "numeric",
        minute: "numeric",
        second: "numeric",
        weekday: "short",
        era: "short",
      }),
  );
}

/** Whether Intl knows `timeZone` (Java would fall back to GMT for one it does not). */
export function isKnownTimeZone(timeZone: string): boolean {
  try {
    partFormatter(timeZone);
    return true;
  } catch {
    return false;
  }
}

const WEEKDAYS = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];

/** The wall-clock reading of an instant in a time zone (throws RangeError for an unknown zone). */
export function wallTime(date: Date | number, timeZone: string): WallTime {
  const ms = typeof date === "number" ? date : date.getTime();
  const parts = partFormatter(timeZone).formatToParts(ms);
  const get = (t: string) => parts.find((p) => p.type === t)?.value ?? "0";
  let year = Number(get("year"));
  if (get("era") === "BC") year = 1 - year;
  return {
    year,
    month: Number(get("month")),
    day: Number(get("day")),
    hour: Number(get("hour")) % 24,
    minute: Number(get("minute")),
    second: Number(get("second")),
    ms: ((ms % 1000) + 1000) % 1000,
    weekday: WEEKDAYS.indexOf(get("weekday")),
  };
}

/** Offset (ms) of `timeZone` from UTC at instant `instant` (throws RangeError for an unknown zone). */
export function zoneOffsetMs(instant: number, timeZone: string): number {
  const w = wallTime(instant, timeZone);
  const asUtc = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second, w.ms);
  return asUtc - instant;
}
