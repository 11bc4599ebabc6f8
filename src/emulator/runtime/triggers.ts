/**
 * Trigger dispatch helpers: which clock trigger is due next, and the time-driven event
 * object (spec #74).
 */
import type { EpochMs, TriggerRecord, World } from "../contract";

const MINUTE = 60_000;

/**
 * The earliest clock trigger due at or before `until` (ties: registration order). A recurring
 * trigger the scheduler has not given a first time yet starts one period from now.
 */
export function nextDueClockTrigger(world: World, until: EpochMs): TriggerRecord | null {
  let best: TriggerRecord | null = null;
  for (const trigger of world.triggers) {
    if (trigger.eventType !== "CLOCK") continue;
    if (trigger.nextRunAt === undefined && (trigger.everyMinutes ?? 0) > 0) {
      trigger.nextRunAt = world.clock.now() + trigger.everyMinutes! * MINUTE;
    }
    if (trigger.nextRunAt === undefined || trigger.nextRunAt > until) continue;
    if (!best || trigger.nextRunAt < best.nextRunAt!) best = trigger;
  }
  return best;
}

/**
 * Move the trigger past the due time it is about to run for: one run per due time, so a long
 * advance replays every period once, never twice. A one-off trigger stays installed (as in
 * Apps Script) but never runs again.
 */
export function scheduleAfterRun(trigger: TriggerRecord, dueAt: EpochMs): void {
  trigger.nextRunAt = trigger.everyMinutes && trigger.everyMinutes > 0 ? dueAt + trigger.everyMinutes * MINUTE : undefined;
}

/** ISO-8601 week number of a calendar date. */
function isoWeek(year: number, month: number, day: number): number {
  const date = new Date(Date.UTC(year, month - 1, day));
  const weekday = date.getUTCDay() || 7;
  date.setUTCDate(date.getUTCDate() + 4 - weekday);
  const yearStart = Date.UTC(date.getUTCFullYear(), 0, 1);
  return Math.ceil(((date.getTime() - yearStart) / 86_400_000 + 1) / 7);
}

export interface ClockEvent {
  authMode: string;
  triggerUid: string;
  year: number;
  month: number;
  "day-of-month": number;
  "day-of-week": number;
  "week-of-year": number;
  hour: number;
  minute: number;
  second: number;
  timezone: string;
}

/** The time-driven event for a run at `at`, with fields in the script's time zone. */
export function clockEvent(at: EpochMs, timeZone: string, triggerUid: string, authMode: string): ClockEvent {
  const parts = new Intl.DateTimeFormat("en-US", {
    timeZone,
    hourCycle: "h23",
    year: "numeric",
    month: "numeric",
    day: "numeric",
    hour: "numeric",
    minute: "numeric",
    second: "numeric",
    weekday: "short",
  }).formatToParts(new Date(at));
  const field = (type: string): string => parts.find((p) => p.type === type)?.value ?? "0";
  const year = Number(field("year"));
  const month = Number(field("month"));
  const day = Number(field("day"));
  const weekdays = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
  return {
    authMode,
    triggerUid,
    year,
    month,
    "day-of-month": day,
    "day-of-week": weekdays.indexOf(field("weekday")) + 1,
    "week-of-year": isoWeek(year, month, day),
    hour: Number(field("hour")),
    minute: Number(field("minute")),
    second: Number(field("second")),
    timezone: timeZone,
  };
}
