/**
 * Trigger dispatch helpers: which clock trigger is due next, and the time-driven event
 * object (spec #74).
 */
import type { EpochMs, TriggerRecord, World } from "../contract";
import { wallTime } from "../services/shared";

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
  const { year, month, day, hour, minute, second, weekday } = wallTime(at, timeZone);
  return {
    authMode,
    triggerUid,
    year,
    month,
    "day-of-month": day,
    // 1 = Monday … 7 = Sunday
    "day-of-week": weekday === 0 ? 7 : weekday,
    "week-of-year": isoWeek(year, month, day),
    hour,
    minute,
    second,
    timezone: timeZone,
  };
}
