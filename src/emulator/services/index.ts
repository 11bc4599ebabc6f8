/**
 * The emulated Apps Script services, combined for the runtime (see contract.ts).
 *
 * Order matters for init: the spreadsheet comes first so later modules (forms, …) can find the
 * bound spreadsheet. Globals that no module provides — and every service leadgrade does not
 * emulate (GmailApp, DriveApp, …) — throw "<Name> is not emulated by leadgrade's local runtime".
 */
import type { ServiceModule, World } from "../contract";
import { composeServices } from "../runtime/compose";
import { service as spreadsheet } from "./spreadsheet";
import { service as forms, formsState } from "./forms";
import { service as properties } from "./properties";
import { service as cache } from "./cache";
import { service as lock } from "./lock";
import { service as urlfetch } from "./urlfetch";
import { service as mail } from "./mail";
import { service as scriptapp } from "./scriptapp";
import { service as utilities } from "./utilities";
import { service as html } from "./html";
import { service as session } from "./session";

export { submitFormResponse } from "./forms";
export { saveWorkbook } from "./workbook-file";
export { readSheet, editCellsAsUser } from "./spreadsheet-host";

export const SERVICE_MODULES: readonly ServiceModule[] = [spreadsheet, forms, properties, cache, lock, urlfetch, mail, scriptapp, utilities, html, session];

const composed = composeServices([...SERVICE_MODULES]);

/** A World with every service initialised (async: a workbook may be loaded from .xlsx). */
export const createWorld = composed.createWorld;
/** The globals of one execution: host-side service objects the runtime proxies. */
export const createGlobals = composed.createGlobals;
/** Release what an execution holds (locks, …); runs even after an error or a timeout. */
export const endExecution = composed.endExecution;

/**
 * The form the harness's submitForm uses when given no id: the newest form that feeds the
 * bound spreadsheet, else the newest form; null before the app has created one.
 */
export function defaultFormId(world: World): string | null {
  const all = [...formsState(world).forms.values()];
  const linked = all.filter((form) => form.destinationId === world.boundSpreadsheetId);
  return (linked.at(-1) ?? all.at(-1))?.id ?? null;
}
