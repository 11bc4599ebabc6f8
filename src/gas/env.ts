/**
 * Per-execution access to Apps Script services: the spreadsheet (also from a web app,
 * where there is no active one), Script Properties, the clock, and digests. Nothing
 * here runs at load time; every function is called from an entry point.
 */
import { leadIdFromDigest, type LeadIdSource } from "../core/pipeline";

export const PROP = {
  spreadsheetId: "SPREADSHEET_ID",
  formId: "FORM_ID",
  formLang: "FORM_LANG",
  llmApiKey: "LLM_API_KEY",
  apiToken: "API_TOKEN",
  apiHmacSecret: "API_HMAC_SECRET",
  /** A received lead whose row the lease holder has yet to write (JSON IntakeInput). */
  receivedPrefix: "in:",
  /** Leads whose intake could not take the lock, kept for runWorker (JSON). */
  intakeQueuePrefix: "queue:",
  /** A lead this execution is working on: "lease:<id>" → expiry ms. */
  leasePrefix: "lease:",
  /** An e-mail already sent for a lead whose row did not yet say so: "sent:<id>" → time. */
  sentPrefix: "sent:",
  /** The durable dedupe index: "seen:<id>" → intake time (ms); pruned by runWorker after SEEN_DAYS. */
  seenPrefix: "seen:",
  /** The one execution draining pending leads: "<token>|<expiry ms>". */
  processingLease: "PROCESSING_LEASE",
  /** Bumped by every intake under the script lock, so the lease holder knows new rows exist. */
  intakeSeq: "INTAKE_SEQ",
  /** What the last full drain saw: {"seq", "nextDueAt", "scannedAt"} (lets an idle runWorker skip the sheet). */
  scanState: "SCAN_STATE",
  /** Set by onEdit when a person edits the Leads sheet (the next runWorker scans it). */
  leadsEditedAt: "LEADS_EDITED_AT",
} as const;

let cachedSpreadsheet: GoogleAppsScript.Spreadsheet.Spreadsheet | null = null;

/** The bound spreadsheet; in a web app or API execution, the one setup recorded. */
export function spreadsheet(): GoogleAppsScript.Spreadsheet.Spreadsheet {
  if (cachedSpreadsheet) return cachedSpreadsheet;
  let ss: GoogleAppsScript.Spreadsheet.Spreadsheet | null = null;
  try {
    ss = SpreadsheetApp.getActiveSpreadsheet();
  } catch (_e) {
    ss = null;
  }
  if (!ss) {
    const id = scriptProps().getProperty(PROP.spreadsheetId);
    if (!id) throw new Error("leadgrade is not set up: run leadgrade → Set up in the spreadsheet first.");
    ss = SpreadsheetApp.openById(id);
  }
  cachedSpreadsheet = ss;
  return ss;
}

/** Use the spreadsheet an event already carries (a form-submit event's `source`): saves a lookup. */
export function useSpreadsheet(ss: unknown): void {
  if (ss && typeof ss === "object" && typeof (ss as { getSheetByName?: unknown }).getSheetByName === "function") {
    cachedSpreadsheet = ss as GoogleAppsScript.Spreadsheet.Spreadsheet;
  }
}

/** Reset per-execution memo (the emulator reuses one context across executions only in tests). */
export function resetExecutionState(): void {
  cachedSpreadsheet = null;
  cachedProps = null;
}

let cachedProps: GoogleAppsScript.Properties.Properties | null = null;
export function scriptProps(): GoogleAppsScript.Properties.Properties {
  if (!cachedProps) cachedProps = PropertiesService.getScriptProperties();
  return cachedProps;
}

export function nowMs(): number {
  return new Date().getTime();
}

export function sha256(text: string): number[] {
  return Utilities.computeDigest(Utilities.DigestAlgorithm.SHA_256, text, Utilities.Charset.UTF_8);
}

export function leadIdFor(source: LeadIdSource, material: string): string {
  return leadIdFromDigest(source, sha256(material));
}

export function timeZone(): string {
  try {
    return Session.getScriptTimeZone() || "Asia/Shanghai";
  } catch (_e) {
    return "Asia/Shanghai";
  }
}

export function formatTime(ms: number): string {
  return Utilities.formatDate(new Date(ms), timeZone(), "yyyy-MM-dd HH:mm");
}

/** An error as one short line, for the Log sheet (no stack). */
export function errorText(e: unknown): string {
  const msg = e instanceof Error ? e.message : String(e);
  return msg.replace(/\s+/g, " ").slice(0, 300);
}
