/**
 * Apps Script entry points — the only names Apps Script sees. Each export becomes a
 * top-level function in dist/Code.js (see scripts/build.ts). Logic lives beside this file.
 */
import {
  buildMenu,
  clearConfigCache,
  noteLeadsEdited,
  handleFormSubmit,
  handlePost,
  processAll,
  processNowFromMenu,
  regradeSelection,
  saveSettingsFromDialog,
  sendTestEmailNow,
  setupAndReport,
  showSettingsDialog,
  submitLeadAndRead,
} from "./app";
import type { SettingsForm } from "./dialog";
import type { SetupReport } from "./setup";

/** Simple trigger: the leadgrade menu. */
export function onOpen(_e?: unknown): void {
  buildMenu();
}

/** Simple trigger: editing Settings, Rubric or Regions takes effect at once (clears the cached configuration). */
export function onEdit(e?: { range?: GoogleAppsScript.Spreadsheet.Range }): void {
  try {
    const name = e && e.range ? e.range.getSheet().getName() : "";
    if (/^(Settings|Rubric|Regions|设置|评分表|区域)$/.test(name)) clearConfigCache();
    if (/^(Leads|线索)$/.test(name)) noteLeadsEdited();
  } catch (_err) {
    // never disturb the person typing
  }
}

/** Installable trigger (spreadsheet, on form submit). */
export function onFormSubmit(e?: unknown): void {
  handleFormSubmit(e);
}

/** Web app: POST a lead as JSON (see README, "API"). Clients must follow the redirect (curl -L). */
export function doPost(e?: unknown): GoogleAppsScript.Content.TextOutput {
  return handlePost(e);
}

/** Time-driven trigger, every 5 minutes: finish anything unfinished, send due e-mails. */
export function runWorker(_e?: unknown): void {
  processAll();
}

/** Menu: Set up (idempotent). Also callable through the Apps Script API (npm run smoke). */
export function setup(): SetupReport {
  return setupAndReport();
}

export function processNow(): string {
  return processNowFromMenu();
}

export function regradeSelected(): string {
  return regradeSelection();
}

export function sendTestEmail(): string {
  return sendTestEmailNow();
}

export function showSettings(): void {
  showSettingsDialog();
}

/** Called from the Settings sidebar (google.script.run). */
export function saveSettings(form: SettingsForm): { ok: boolean; message: string } {
  return saveSettingsFromDialog(form);
}

/** Submit one lead as the script's owner and return its row (Apps Script API; `npm run smoke`). */
export function submitLead(lead: unknown, clientId?: string): ReturnType<typeof submitLeadAndRead> {
  return submitLeadAndRead(lead, clientId);
}
