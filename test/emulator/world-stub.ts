/**
 * The World and ExecutionInfo stubs the host-side service tests share (no workers), plus
 * the throw/rejection catchers and the emulator pool of the runtime tests.
 */
import { afterEach } from "vitest";
import type { ExecutionInfo, ServiceModule, World, WorldOptions } from "../../src/emulator/contract";
import { startEmulator, type Emulator, type EmulatorOptions } from "../../src/emulator/index";
import { writeBundle } from "./fakes/bundle";
import { fakeServices } from "./fakes/services";

/** Monday 2025-01-06 10:00 in Asia/Shanghai. */
export const START = Date.UTC(2025, 0, 6, 2, 0, 0);

export interface StubWorldOptions {
  now?: number;
  boundSpreadsheetId?: string;
  /** When true, clock.set never moves the clock back. */
  monotonicSet?: boolean;
}

/** A bare World whose clock only moves when the test moves it. */
export function stubWorld({ now = START, boundSpreadsheetId = "ss1", monotonicSet = false }: StubWorldOptions = {}): World {
  let t = now;
  return {
    clock: {
      now: () => t,
      advance: (ms) => void (t += ms),
      set: (ms) => void (t = monotonicSet ? Math.max(t, ms) : ms),
    },
    boundSpreadsheetId,
    triggers: [],
    outbox: [],
    fetchLog: [],
    logs: [],
    counters: new Map(),
    state: {},
  };
}

/** A stub World with one (synchronously initialised) service's state in it. */
export function serviceWorld(service: ServiceModule, options: WorldOptions = {}, now = START): World {
  const world = stubWorld({ now });
  void service.init(world, options);
  return world;
}

/** An execution: "A", running main() from a trigger as owner@example.com, unless overridden. */
export function execution(id = "A", overrides: Partial<Omit<ExecutionInfo, "id">> = {}): ExecutionInfo {
  return { id, functionName: "main", authMode: "FULL", kind: "trigger", startedAt: 0, userEmail: "owner@example.com", ...overrides };
}

/** The error fn throws (fails the test if it returns). */
export function thrown(fn: () => unknown): Error {
  try {
    fn();
  } catch (error) {
    return error as Error;
  }
  throw new Error("expected a throw");
}

/** The error a promise (or a function's result) rejects with (fails the test if it resolves). */
export async function rejection(pending: unknown): Promise<Error> {
  try {
    await (typeof pending === "function" ? pending() : pending);
  } catch (error) {
    return error as Error;
  }
  throw new Error("expected a rejection");
}

/**
 * `emulate(source, opts)` starts an emulator on the fake services at `now` with `source` as the
 * bundle; every emulator it started is closed after each test.
 */
export function emulatorPool(now: number): (source: string, opts?: EmulatorOptions) => Promise<Emulator> {
  let emulators: Emulator[] = [];
  afterEach(async () => {
    await Promise.all(emulators.map((e) => e.close()));
    emulators = [];
  });
  return async (source, opts = {}) => {
    const emu = await startEmulator({ now, services: fakeServices(), bundlePath: writeBundle(source), ...opts });
    emulators.push(emu);
    return emu;
  };
}
