/**
 * Intake: a new lead is deduped through the "seen:<id>" index and recorded in Script
 * Properties ("in:<id>") for the lease holder, or its row is appended at once.
 */
import { LEAD_FIELDS, type Lead } from "../../core/lead";
import { errorText, nowMs, PROP, scriptProps } from "../env";
import type { LeadsTable } from "../leads";
import { LOCK_WAIT_MS, withScriptLock } from "../lock";
import { log } from "../log";
import { LEAD_COLUMN_DEFS, mapColumns, type LeadColumnKey } from "../schema";
import { readHeader, rowFrom, sparseTable, type Cell, type RowPatch } from "../table";
import { leadsSheet, missingFor, unwritableFields, unwritableMessage } from "./sheet";
import type { RunOptions } from "./plan";

/** A received lead is kept in Script Properties only below this size (the per-value limit is 9 KB). */
const MAX_RECEIVED_BYTES = 8000;
/** How long the dedupe index remembers a lead (a re-fired event or retried API call comes within minutes). */
export const SEEN_DAYS = 14;

export interface IntakeInput {
  id: string;
  lead: Lead;
  receivedAt: number;
  source: "form" | "api";
  truncated: string[];
}

export interface IntakeResult {
  id: string;
  duplicate: boolean;
  /** The lock could not be taken (or Leads is unusable): the lead was queued for runWorker. */
  queued: boolean;
  /** The header read under the lock (the drain that follows reuses it). */
  header?: Cell[];
}

/** A received lead waiting in Script Properties for the lease holder to write its row. */
export interface Received {
  input: IntakeInput;
  /** A commit was writing its row when last seen (it may have died after the write). */
  writing: boolean;
}

export function readReceived(props: Record<string, string>): Received[] {
  const out: Received[] = [];
  for (const k of Object.keys(props)) {
    if (k.indexOf(PROP.receivedPrefix) !== 0) continue;
    try {
      const o = JSON.parse(props[k]) as IntakeInput & { writing?: boolean };
      out.push({ input: { id: o.id, lead: o.lead, receivedAt: o.receivedAt, source: o.source, truncated: o.truncated ?? [] }, writing: !!o.writing });
    } catch (_e) {
      log(k.slice(PROP.receivedPrefix.length), "intake", "failed", "unreadable received lead in Script Properties (left in place)");
    }
  }
  return out;
}

export function intakeSeq(): number {
  return Number(scriptProps().getProperty(PROP.intakeSeq) ?? 0) || 0;
}

/** The row a new lead starts as. */
export function newRow(input: IntakeInput): RowPatch<LeadColumnKey> {
  const record: RowPatch<LeadColumnKey> = { leadId: input.id, submittedAt: new Date(input.receivedAt), status: "new", source: input.source, attempts: 0 };
  for (const f of LEAD_FIELDS) record[f] = input.lead[f];
  return record;
}

/** UTF-8 size of a text (Script Properties limits are in bytes). */
function utf8Bytes(text: string): number {
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    n += c < 0x80 ? 1 : c < 0x800 ? 2 : c >= 0xd800 && c < 0xdc00 ? 2 : 3;
  }
  return n;
}

export interface IntakeOptions {
  /**
   * Write the row now (appendRow) instead of leaving it to the lease holder: for callers
   * that will not drain themselves (doPost with the model) or must read the row back.
   */
  appendNow?: boolean;
}

/**
 * Receive a new lead under the script lock: check the dedupe index ("seen:<id>"), then
 * either record the lead in Script Properties for the lease holder, who writes its row
 * together with its grade, owner and advice (no spreadsheet call at all), or append the
 * row at once (header row + appendRow + flush). Both add the ID to the index and bump
 * INTAKE_SEQ. A large lead, a full property store or `appendNow` take the second way.
 * No Log row unless something is unusual.
 */
export function intake(input: IntakeInput, iopts: IntakeOptions = {}): IntakeResult {
  const seenKey = PROP.seenPrefix + input.id;
  let header: Cell[] | undefined;
  let duplicate = false;
  try {
    const json = JSON.stringify(input);
    let recorded = false;
    if (!iopts.appendNow && utf8Bytes(json) <= MAX_RECEIVED_BYTES) {
      recorded = withScriptLock(
        LOCK_WAIT_MS,
        () => {
          const props = scriptProps();
          if (props.getProperty(seenKey) !== null) {
            duplicate = true;
            return true;
          }
          try {
            props.setProperties({ [PROP.receivedPrefix + input.id]: json, [seenKey]: String(nowMs()), [PROP.intakeSeq]: String(intakeSeq() + 1) }, false);
            return true;
          } catch (_e) {
            return false; // the property store is full: write the row instead
          }
        },
        false,
      );
    }
    if (!recorded) {
      withScriptLock(LOCK_WAIT_MS, () => {
        const props = scriptProps();
        if (props.getProperty(seenKey) !== null) {
          duplicate = true;
          return;
        }
        const sheet = leadsSheet();
        header = readHeader(sheet);
        const cols = mapColumns(header, LEAD_COLUMN_DEFS);
        if (cols.leadId === undefined || cols.status === undefined) {
          missingFor(sparseTable(sheet, header, LEAD_COLUMN_DEFS), "intake", new Set());
          throw new Error("the Leads sheet has no Lead ID or Status column");
        }
        const table: LeadsTable = { sheet, values: [header], cols, defs: LEAD_COLUMN_DEFS };
        const lost = unwritableFields(table, input.lead);
        // Never store part of a lead: it is queued whole and written once the column is back.
        if (lost.length) throw new Error(unwritableMessage(lost));
        sheet.appendRow(rowFrom(table, newRow(input)));
        props.setProperties({ [seenKey]: String(nowMs()), [PROP.intakeSeq]: String(intakeSeq() + 1) }, false);
      });
      if (!duplicate) log(input.id, "intake", "ok", input.source);
    }
  } catch (e) {
    queueIntake(input);
    log(input.id, "intake", "deferred", "queued for the next run: " + errorText(e));
    return { id: input.id, duplicate: false, queued: true };
  }
  if (duplicate) {
    log(input.id, "intake", "skipped", "duplicate: this lead was already received");
    return { id: input.id, duplicate: true, queued: false };
  }
  if (input.truncated.length) log(input.id, "intake", "warning", "truncated: " + input.truncated.join(", "));
  return { id: input.id, duplicate: false, queued: false, header };
}

function queueIntake(input: IntakeInput): void {
  try {
    scriptProps().setProperty(PROP.intakeQueuePrefix + input.id, JSON.stringify(input));
  } catch (e) {
    log(input.id, "intake", "failed", "could not queue the lead: " + errorText(e));
  }
}

/** Leads queued by intakes that could not take the lock. */
export function drainIntakeQueue(opts: RunOptions): number {
  const props = scriptProps().getProperties();
  const keys = Object.keys(props).filter((k) => k.indexOf(PROP.intakeQueuePrefix) === 0);
  let n = 0;
  for (const k of keys) {
    if (nowMs() > opts.deadlineMs) break;
    try {
      const input = JSON.parse(props[k]) as IntakeInput;
      const r = intake(input);
      // intake re-queued it under the same key when it failed again
      if (!r.queued) {
        scriptProps().deleteProperty(k);
        n++;
      }
    } catch (e) {
      log("", "intake", "failed", "unreadable queued lead: " + errorText(e));
      scriptProps().deleteProperty(k);
    }
  }
  return n;
}

/** Remove dedupe entries older than SEEN_DAYS and sent markers older than a day. */
export function pruneProperties(props: Record<string, string>, now: number): void {
  const old: string[] = [];
  for (const k of Object.keys(props)) {
    if (k.indexOf(PROP.seenPrefix) === 0 && now - Number(props[k]) > SEEN_DAYS * 86_400_000) old.push(k);
    if (k.indexOf(PROP.sentPrefix) === 0 && now - Number(props[k]) > 86_400_000) old.push(k);
  }
  const store = scriptProps();
  for (const k of old) store.deleteProperty(k);
}
