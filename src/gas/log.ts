/**
 * The Log sheet: time, lead ID, step, outcome, message. Lines are buffered during an
 * execution and written in one call at its end. Messages pass through `scrub` so a
 * secret held in Script Properties can never reach the sheet.
 */
import { scrubSecret } from "../core/llm/config";
import { PROP, scriptProps, spreadsheet } from "./env";
import { LOG_COLUMNS, sheetNameFor } from "./schema";

export type Outcome = "ok" | "skipped" | "deferred" | "retry" | "failed" | "warning";

export interface LogLine {
  at: Date;
  leadId: string;
  step: string;
  outcome: Outcome;
  message: string;
}

let buffer: LogLine[] = [];
let secrets: string[] | null = null;

function knownSecrets(): string[] {
  if (secrets) return secrets;
  try {
    const p = scriptProps().getProperties();
    secrets = [PROP.llmApiKey, PROP.apiToken, PROP.apiHmacSecret].map((k) => p[k] ?? "").filter((s) => s.length >= 4);
  } catch (_e) {
    secrets = [];
  }
  return secrets;
}

/** Remove every secret this script holds from a text. */
export function scrub(text: string): string {
  let out = String(text);
  for (const s of knownSecrets()) out = scrubSecret(out, s);
  return scrubSecret(out, "");
}

export function log(leadId: string, step: string, outcome: Outcome, message = ""): void {
  buffer.push({ at: new Date(), leadId, step, outcome, message: scrub(message).slice(0, 1000) });
  try {
    console.log(`[${step}] ${leadId} ${outcome} ${scrub(message).slice(0, 300)}`);
  } catch (_e) {
    // console is best-effort
  }
}

export function pendingLogLines(): number {
  return buffer.length;
}

const OUTCOME_RANK: Outcome[] = ["ok", "skipped", "warning", "deferred", "retry", "failed"];

/** One Log row per lead per execution: its steps joined, the worst outcome kept. */
export function mergeLines(lines: readonly LogLine[]): LogLine[] {
  const out: LogLine[] = [];
  const byLead = new Map<string, LogLine>();
  for (const l of lines) {
    const prev = l.leadId ? byLead.get(l.leadId) : undefined;
    if (!prev) {
      const copy = { ...l };
      out.push(copy);
      if (l.leadId) byLead.set(l.leadId, copy);
      continue;
    }
    prev.step = `${prev.step}+${l.step}`;
    if (OUTCOME_RANK.indexOf(l.outcome) > OUTCOME_RANK.indexOf(prev.outcome)) prev.outcome = l.outcome;
    prev.message = `${prev.message} | ${l.step}: ${l.message}`.slice(0, 1000);
  }
  return out;
}

/**
 * Write buffered lines to the Log sheet (creating it if a manager deleted it): a single
 * line is appended, several are inserted as one block. Never throws.
 */
export function flushLog(): void {
  if (!buffer.length) return;
  const lines = mergeLines(buffer);
  buffer = [];
  try {
    const ss = spreadsheet();
    let sheet = ss.getSheetByName(sheetNameFor("log"));
    if (!sheet) {
      sheet = ss.insertSheet(sheetNameFor("log"));
      sheet.appendRow(LOG_COLUMNS.map((c) => c.en));
    }
    // setup formats the message columns "@", so a message is never parsed as a formula.
    const rows = lines.map((l) => [l.at, l.leadId, l.step, l.outcome, l.message]);
    if (rows.length === 1) {
      sheet.appendRow(rows[0]);
    } else {
      const last = sheet.getLastRow();
      sheet.insertRowsAfter(Math.max(last, 1), rows.length);
      sheet.getRange(last + 1, 1, rows.length, 5).setValues(rows);
    }
  } catch (e) {
    try {
      console.error("leadgrade: could not write the Log sheet: " + (e instanceof Error ? e.message : String(e)));
    } catch (_e) {
      // nothing more to do
    }
  }
}

export function resetLog(): void {
  buffer = [];
  secrets = null;
}
