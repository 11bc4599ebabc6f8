/**
 * The processing lease in Script Properties: one execution drains at a time.
 */
import { nowMs, PROP, scriptProps } from "../env";
import { LOCK_WAIT_MS, withScriptLock } from "../lock";
import { intakeSeq } from "./intake";

/** The processing lease outlives any single execution (6 minutes), so a crashed holder's work is picked up again. */
const LEASE_MS = 6 * 60_000 + 30_000;

/** An idle runWorker still scans the sheet this often, for rows people changed by hand. */
const BACKSTOP_SCAN_MS = 30 * 60_000;

function leaseHolder(value: string | null, now: number): string | null {
  if (!value) return null;
  const [token, until] = value.split("|");
  return Number(until) > now ? token : null;
}

/** Take the processing lease unless another execution holds it; null when it does. */
export function takeLease(): string | null {
  const token = Utilities.getUuid();
  return withScriptLock(
    LOCK_WAIT_MS,
    () => {
      const props = scriptProps();
      const now = nowMs();
      if (leaseHolder(props.getProperty(PROP.processingLease), now)) return null;
      props.setProperty(PROP.processingLease, `${token}|${now + LEASE_MS}`);
      return token;
    },
    false,
  );
}

/**
 * Give the lease back, unless a lead arrived since `seq` (its intake saw the lease taken and
 * left the lead to this holder): then keep it and return false. Records what the drain saw,
 * so an idle runWorker can skip reading the sheet.
 */
export function releaseLease(token: string, seq: number | null, nextDueAt: number): boolean {
  return withScriptLock(
    LOCK_WAIT_MS,
    () => {
      const props = scriptProps();
      if (seq !== null && intakeSeq() !== seq) return false;
      if (leaseHolder(props.getProperty(PROP.processingLease), 0) === token) props.deleteProperty(PROP.processingLease);
      if (seq !== null) props.setProperty(PROP.scanState, JSON.stringify({ seq, nextDueAt: isFinite(nextDueAt) ? nextDueAt : 0, scannedAt: nowMs() }));
      return true;
    },
    false,
  );
}

/** True when nothing can be due: no intake, no edit of Leads and no due time since the last full drain. */
export function nothingToDo(props: Record<string, string>, now: number): boolean {
  let state: { seq?: number; nextDueAt?: number; scannedAt?: number };
  try {
    state = JSON.parse(props[PROP.scanState] ?? "") as typeof state;
  } catch (_e) {
    return false;
  }
  const seq = Number(props[PROP.intakeSeq] ?? 0) || 0;
  const scannedAt = Number(state.scannedAt) || 0;
  if (state.seq !== seq || now - scannedAt >= BACKSTOP_SCAN_MS) return false;
  if (state.nextDueAt && now >= state.nextDueAt) return false;
  if (Number(props[PROP.leadsEditedAt] ?? 0) >= scannedAt) return false;
  if (Object.keys(props).some((k) => k.indexOf(PROP.intakeQueuePrefix) === 0 || k.indexOf(PROP.receivedPrefix) === 0)) return false;
  return true;
}
