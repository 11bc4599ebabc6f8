/**
 * A lead's life as data: its states, what step comes next, and how its ID is formed.
 * Pure: the Apps Script adapter reads a row, asks `nextStep`, does the step and writes
 * the row back; running a step twice is harmless because the state says it is done.
 *
 *   new → graded → assigned → advised → notified
 *   side states: incomplete (the submitter is asked to complete the lead),
 *                needs-attention (retries exhausted or no owner; the manager is told)
 */

export const LEAD_STATUSES = ["new", "graded", "assigned", "advised", "notified", "incomplete", "needs-attention"] as const;
export type LeadStatus = (typeof LEAD_STATUSES)[number];

export const STATUS_LABELS: Record<LeadStatus, { zh: string; en: string }> = {
  new: { zh: "新线索", en: "new" },
  graded: { zh: "已评分", en: "graded" },
  assigned: { zh: "已分配", en: "assigned" },
  advised: { zh: "已生成建议", en: "advised" },
  notified: { zh: "已通知", en: "notified" },
  incomplete: { zh: "信息不全", en: "incomplete" },
  "needs-attention": { zh: "需人工处理", en: "needs-attention" },
};

/** Status as written in a cell: the stable key, or a zh/en label a manager picked from the dropdown. */
export function parseStatus(cell: unknown): LeadStatus | undefined {
  const s = String(cell ?? "").trim().toLowerCase();
  if (s === "") return undefined;
  for (const st of LEAD_STATUSES) {
    if (s === st || s === STATUS_LABELS[st].zh || s === STATUS_LABELS[st].en.toLowerCase()) return st;
  }
  return undefined;
}

export function isFinalStatus(status: LeadStatus): boolean {
  return status === "notified";
}

export interface PipelineSettings {
  /** Minutes between analysis complete and the owner's e-mail; 0 = at once. */
  notifyDelayMinutes: number;
  /** Failed tries of one step before the lead is escalated. */
  maxAttempts: number;
  /** After this long since submission a lead whose analysis keeps failing is sent with what is known. */
  maxWaitMinutes: number;
  /** Wait between a failed try and the next one. */
  retryDelayMinutes: number;
}

export const DEFAULT_PIPELINE_SETTINGS: PipelineSettings = {
  notifyDelayMinutes: 10,
  maxAttempts: 3,
  maxWaitMinutes: 60,
  retryDelayMinutes: 5,
};

/** What the adapter knows of a lead's progress (times in epoch ms, undefined when blank). */
export interface LeadProgress {
  status: LeadStatus | undefined;
  submittedAt?: number;
  gradedAt?: number;
  assignedAt?: number;
  advisedAt?: number;
  notifyAfter?: number;
  notifiedAt?: number;
  /** Earliest time of the next try after a failure. */
  retryAt?: number;
  attempts: number;
  hasOwner: boolean;
  /** The grade is "Incomplete": ask for more instead of assigning. */
  incomplete: boolean;
}

export type Step =
  | { kind: "grade" }
  | { kind: "assign" }
  | { kind: "advise" }
  /** E-mail the owner; `partial` when analysis never completed and the maximum wait has passed. */
  | { kind: "notify"; partial: boolean }
  /** Mark incomplete and ask the submitter/manager to complete the lead. */
  | { kind: "ask-completion" }
  /** Mark needs-attention (if not yet) and tell the manager once. */
  | { kind: "escalate"; why: "no-owner" | "retries-exhausted" | "unknown-status" }
  | { kind: "wait"; until: number }
  | { kind: "done" };

/** When the owner may be e-mailed, given when analysis completed. */
export function notifyDueAt(analysisCompleteAt: number, settings: PipelineSettings): number {
  return analysisCompleteAt + Math.max(0, settings.notifyDelayMinutes) * 60_000;
}

/**
 * The one step a lead needs now. Order of checks: finished leads stay finished; a lead
 * waiting after a failure waits; exhausted retries escalate (or send what is known when
 * it has an owner); otherwise the state machine moves one step.
 */
export function nextStep(p: LeadProgress, now: number, settings: PipelineSettings): Step {
  const status = p.status;
  if (status === "notified") return { kind: "done" };
  if (status === "incomplete") return p.notifiedAt !== undefined ? { kind: "done" } : { kind: "ask-completion" };
  if (status === "needs-attention") return p.notifiedAt !== undefined ? { kind: "done" } : { kind: "escalate", why: "retries-exhausted" };
  if (status === undefined) return { kind: "escalate", why: "unknown-status" };
  if (p.notifiedAt !== undefined) return { kind: "done" };

  const exhausted = p.attempts >= settings.maxAttempts;
  const waitedTooLong = p.submittedAt !== undefined && now >= p.submittedAt + settings.maxWaitMinutes * 60_000;
  const analysisStuck = status === "new" || status === "graded" || status === "assigned";

  if (analysisStuck && (exhausted || (waitedTooLong && p.attempts > 0))) {
    // Send what is known when someone can act on it; otherwise a person must look.
    if (status === "assigned" && p.hasOwner) return { kind: "notify", partial: true };
    return { kind: "escalate", why: "retries-exhausted" };
  }
  if (p.retryAt !== undefined && now < p.retryAt && status !== "advised") return { kind: "wait", until: p.retryAt };

  switch (status) {
    case "new":
      return { kind: "grade" };
    case "graded":
      return p.incomplete ? { kind: "ask-completion" } : { kind: "assign" };
    case "assigned":
      return p.hasOwner ? { kind: "advise" } : { kind: "escalate", why: "no-owner" };
    case "advised": {
      if (!p.hasOwner) return { kind: "escalate", why: "no-owner" };
      const due = p.notifyAfter ?? notifyDueAt(p.advisedAt ?? now, settings);
      return now >= due ? { kind: "notify", partial: false } : { kind: "wait", until: due };
    }
  }
  return { kind: "done" };
}

/** True when a step would do work now (not waiting, not done). */
export function needsWork(step: Step): boolean {
  return step.kind !== "wait" && step.kind !== "done";
}

/** The retry time after a failed try. */
export function retryAfterFailure(now: number, settings: PipelineSettings): number {
  return now + Math.max(0, settings.retryDelayMinutes) * 60_000;
}

// ---- Lead IDs ------------------------------------------------------------------------
// A lead's ID is derived from what was submitted, so a re-fired form event or a retried
// API call maps to the same ID and is recognised as a duplicate. The digest itself is
// computed by the runtime (Utilities.computeDigest in Apps Script); the text it is
// computed over, and the ID's format, are defined here.

export type LeadIdSource = "form" | "api";
const ID_PREFIX: Record<LeadIdSource, string> = { form: "F", api: "A" };
/** 12 hex digits = 48 bits: a collision among a million leads has odds of about 1 in 500. */
const ID_HEX_DIGITS = 12;

/** Canonical text of a form response: timestamp + question/answer pairs sorted by question. */
export function formIdMaterial(timestamp: string, namedValues: Record<string, unknown>): string {
  const pairs = Object.keys(namedValues)
    .filter((k) => !/^(timestamp|时间戳)$/i.test(k.trim()))
    .sort()
    .map((k) => [k.trim(), answerText(namedValues[k])]);
  return JSON.stringify(["form", String(timestamp).trim(), pairs]);
}

/** Canonical text of an API lead: the client's id when given, else the normalized fields. */
export function apiIdMaterial(clientId: string | undefined, normalizedLead: Record<string, string>): string {
  const id = (clientId ?? "").trim();
  if (id) return JSON.stringify(["api-id", id]);
  const keys = Object.keys(normalizedLead).sort();
  return JSON.stringify(["api-lead", keys.map((k) => [k, normalizedLead[k]])]);
}

function answerText(v: unknown): string {
  if (Array.isArray(v)) return v.map((x) => String(x ?? "").trim()).join("\u001f");
  return String(v ?? "").trim();
}

/** Hex of a digest given as signed (Apps Script) or unsigned bytes. */
export function bytesToHex(bytes: ArrayLike<number>): string {
  let out = "";
  for (let i = 0; i < bytes.length; i++) out += ((bytes[i] + 256) % 256).toString(16).padStart(2, "0");
  return out;
}

export function leadIdFromDigest(source: LeadIdSource, digest: ArrayLike<number>): string {
  return `${ID_PREFIX[source]}-${bytesToHex(digest).slice(0, ID_HEX_DIGITS)}`;
}

const LEAD_ID_RE = /^[FAM]-[0-9a-f]{12}$/;
export function isLeadId(value: unknown): boolean {
  return typeof value === "string" && LEAD_ID_RE.test(value);
}
