/** A minimal World and ExecutionInfo for testing the host-side service classes without workers. */
import type { ExecutionInfo, World, WorldOptions } from "../../src/emulator/contract";
import { stubWorld } from "./world-stub";
import { service as spreadsheetService, type SpreadsheetAppService } from "../../src/emulator/services/spreadsheet";

export const T0 = Date.UTC(2024, 0, 15, 2, 0, 0); // 2024-01-15 10:00 in Asia/Shanghai

/** No bound spreadsheet yet (the spreadsheet service creates one), and clock.set never goes back. */
export function makeWorld(now = T0): World {
  return stubWorld({ now, boundSpreadsheetId: "", monotonicSet: true });
}

export function execInfo(kind: ExecutionInfo["kind"] = "trigger", extra: Partial<ExecutionInfo> = {}): ExecutionInfo {
  return { id: `exec-${kind}`, functionName: "runWorker", authMode: "FULL", kind, startedAt: T0, userEmail: "owner@example.com", ...extra };
}

export async function sheetsWorld(options: WorldOptions = {}, kind: ExecutionInfo["kind"] = "trigger") {
  const world = makeWorld(options.now);
  await spreadsheetService.init(world, options);
  const app = spreadsheetService.create(world, execInfo(kind)).SpreadsheetApp as SpreadsheetAppService;
  return { world, app, ss: app.getActiveSpreadsheet()! };
}

/** Run fn and return the thrown error's name and message (fails the test if nothing is thrown). */
export function thrown(fn: () => unknown): { name: string; message: string } {
  try {
    fn();
  } catch (e) {
    return { name: (e as Error).name, message: (e as Error).message };
  }
  throw new Error("expected an exception");
}
