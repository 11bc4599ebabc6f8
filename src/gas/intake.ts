/**
 * The two ways a lead arrives — a Google Form submission and a POST to the web app —
 * turned into one IntakeInput (normalized lead + stable ID).
 */
import { isBlank, normalizeLead, LeadInputError } from "../core/lead";
import { apiIdMaterial, formIdMaterial } from "../core/pipeline";
import { leadIdFor, nowMs } from "./env";
import type { IntakeInput } from "./pipeline/intake";

type NamedValues = Record<string, unknown>;

interface SheetFormEvent {
  namedValues?: Record<string, string[]>;
  values?: string[];
}
interface FormFormEvent {
  response?: GoogleAppsScript.Forms.FormResponse;
}

/** Question → answer from either event shape; {} for a blank (phantom) event. */
export function namedValuesOf(e: unknown): { named: NamedValues; timestamp: string } {
  if (!e || typeof e !== "object") return { named: {}, timestamp: "" };
  const ev = e as SheetFormEvent & FormFormEvent;
  if (ev.namedValues && typeof ev.namedValues === "object") {
    const named: NamedValues = {};
    let timestamp = "";
    for (const k of Object.keys(ev.namedValues)) {
      const v = ev.namedValues[k];
      if (/^(timestamp|时间戳)$/i.test(k.trim())) timestamp = String(Array.isArray(v) ? v[0] ?? "" : v ?? "");
      else named[k] = v;
    }
    if (!timestamp && Array.isArray(ev.values)) timestamp = String(ev.values[0] ?? "");
    return { named, timestamp };
  }
  if (ev.response && typeof ev.response.getItemResponses === "function") {
    const named: NamedValues = {};
    for (const ir of ev.response.getItemResponses()) named[ir.getItem().getTitle()] = ir.getResponse();
    const ts = ev.response.getTimestamp();
    return { named, timestamp: ts ? new Date(ts.getTime()).toISOString() : "" };
  }
  return { named: {}, timestamp: "" };
}

function allBlank(named: NamedValues): boolean {
  return Object.keys(named).every((k) => {
    const v = named[k];
    const parts = Array.isArray(v) ? v : [v];
    return parts.every((x) => String(x ?? "").trim() === "");
  });
}

/** undefined for a blank phantom event (nothing to do). */
export function fromFormEvent(e: unknown): IntakeInput | undefined {
  const { named, timestamp } = namedValuesOf(e);
  if (!Object.keys(named).length || allBlank(named)) return undefined;
  const n = normalizeLead(named);
  if (isBlank(n.lead)) return undefined;
  return { id: leadIdFor("form", formIdMaterial(timestamp, named)), lead: n.lead, receivedAt: nowMs(), source: "form", truncated: n.truncated };
}

/** From the API body's `lead` (and optional client `id`). Throws LeadInputError on a bad shape. */
export function fromApiLead(lead: unknown, clientId: unknown): IntakeInput {
  const n = normalizeLead(lead);
  if (isBlank(n.lead)) throw new LeadInputError("lead has no known fields");
  let id = typeof clientId === "string" || typeof clientId === "number" ? String(clientId) : "";
  if (!id && lead && typeof lead === "object") {
    const inner = (lead as Record<string, unknown>).id;
    if (typeof inner === "string" || typeof inner === "number") id = String(inner);
  }
  return { id: leadIdFor("api", apiIdMaterial(id.slice(0, 200), n.lead)), lead: n.lead, receivedAt: nowMs(), source: "api", truncated: n.truncated };
}
