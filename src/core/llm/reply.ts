/**
 * Read a chat-completions reply from its raw HTTP form (status, headers, body), whichever
 * runtime fetched it, and turn it into validated choices or a classified failure.
 * Invalid points are a failure: nothing is clamped, rounded or defaulted.
 */
import { DIMENSION_KEYS, type Rubric } from "../rubric";
import { MATURITY_LEVELS, ADVICE_SECTIONS, type Advice, type MaturityLevel } from "../result";
import { ScoreError, optionForPoints, type DimensionScores } from "../score";
import { AdviceSchema } from "../advice";
import { classifyHttpFailure, type LlmFailure } from "./failure";

/** What the adapter got back: an HTTP reply of any status, or no reply at all. */
export type Transport =
  | { kind: "http"; status: number; headers: Record<string, string | string[]>; body: string }
  | { kind: "error"; error: "timeout" | "network"; message: string };

export type Parsed<T> = { ok: true; value: T } | { ok: false; failure: LlmFailure };

export interface GradeChoice {
  dimensions: DimensionScores;
  missingInfo: string[];
}

export const EVIDENCE_MAX_CHARS = 300;

function fail(failure: LlmFailure): { ok: false; failure: LlmFailure } {
  return { ok: false, failure };
}

/** The assistant's text from a reply, or why there is none usable. */
export function readChatContent(t: Transport, nowMs: number): Parsed<string> {
  if (t.kind === "error") return fail({ code: t.error, message: t.message });
  if (t.status < 200 || t.status > 299) return fail(classifyHttpFailure(t.status, t.headers, t.body, nowMs));
  let body: unknown;
  try {
    body = JSON.parse(t.body);
  } catch {
    // A 200 whose body is not JSON is a broken proxy or server, not the model's answer.
    return fail({ code: "server-error", message: `HTTP ${t.status} with a body that is not JSON` });
  }
  const choices = (body as { choices?: unknown })?.choices;
  if (!Array.isArray(choices) || choices.length === 0) return fail({ code: "empty-reply", message: "reply has no choices" });
  const choice = choices[0] as { message?: { content?: unknown; refusal?: unknown }; finish_reason?: unknown };
  const msg = choice?.message ?? {};
  if (typeof msg.refusal === "string" && msg.refusal.trim() !== "") return fail({ code: "refusal", message: `refusal: ${msg.refusal.slice(0, 200)}` });
  const content = typeof msg.content === "string" ? msg.content : "";
  if (choice.finish_reason === "length") return fail({ code: "truncated", message: "finish_reason is length", content });
  if (choice.finish_reason === "content_filter") return fail({ code: "refusal", message: "finish_reason is content_filter" });
  if (content.trim() === "") return fail({ code: "empty-reply", message: "reply content is empty" });
  return { ok: true, value: content };
}

function tryParse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** The first balanced {...} that parses, scanning string literals correctly. */
function firstJsonObject(text: string): unknown {
  for (let start = text.indexOf("{"); start >= 0; start = text.indexOf("{", start + 1)) {
    let depth = 0;
    let inString = false;
    let escaped = false;
    for (let i = start; i < text.length; i++) {
      const c = text[i];
      if (inString) {
        if (escaped) escaped = false;
        else if (c === "\\") escaped = true;
        else if (c === '"') inString = false;
        continue;
      }
      if (c === '"') inString = true;
      else if (c === "{") depth++;
      else if (c === "}" && --depth === 0) {
        const v = tryParse(text.slice(start, i + 1));
        if (v !== undefined) return v;
        break;
      }
    }
  }
  return undefined;
}

/**
 * JSON from a model's text: bare, in a ``` fence, or surrounded by prose. Reasoning
 * models' <think>…</think> blocks are skipped. Undefined when there is none.
 */
export function extractJson(text: string): unknown {
  const stripped = text.replace(/<think>[\s\S]*?<\/think>/gi, "").trim();
  const direct = tryParse(stripped);
  if (direct !== undefined) return direct;
  const fences = stripped.matchAll(/```[a-zA-Z]*\s*\n?([\s\S]*?)```/g);
  for (const m of fences) {
    const v = tryParse(m[1].trim());
    if (v !== undefined) return v;
  }
  return firstJsonObject(stripped);
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** Validate a grade reply against the rubric: every dimension present, points one of its options. */
export function parseGradeContent(content: string, rubric: Rubric): Parsed<GradeChoice> {
  const json = extractJson(content);
  if (!isRecord(json)) return fail({ code: "malformed-json", message: "reply is not a JSON object", content });
  const dims = json.dimensions;
  if (!isRecord(dims)) return fail({ code: "invalid-reply", message: 'reply has no "dimensions" object', content });
  const problems: string[] = [];
  const out: Partial<DimensionScores> = {};
  for (const key of DIMENSION_KEYS) {
    const entry = dims[key];
    if (!isRecord(entry)) {
      problems.push(`${key}: missing`);
      continue;
    }
    try {
      const { optionId, points } = optionForPoints(rubric, key, entry.points);
      const ev = typeof entry.evidence === "string" ? entry.evidence.trim() : "";
      out[key] = { optionId, points, evidence: ev.length > EVIDENCE_MAX_CHARS ? ev.slice(0, EVIDENCE_MAX_CHARS) + "…" : ev };
    } catch (e) {
      if (!(e instanceof ScoreError)) throw e;
      problems.push(e.message);
    }
  }
  if (problems.length) return fail({ code: "invalid-points", message: problems.slice(0, 4).join("; "), content });
  const mi = Array.isArray(json.missingInfo) ? json.missingInfo.filter((x): x is string => typeof x === "string" && x.trim() !== "").map((x) => x.trim()) : [];
  return { ok: true, value: { dimensions: out as DimensionScores, missingInfo: mi.slice(0, 10) } };
}

export function parseAdviceContent(content: string): Parsed<Advice> {
  const json = extractJson(content);
  if (!isRecord(json)) return fail({ code: "malformed-json", message: "reply is not a JSON object", content });
  const level = typeof json.maturityLevel === "string" ? json.maturityLevel.trim().toLowerCase() : "";
  const problems: string[] = [];
  if (!(MATURITY_LEVELS as readonly string[]).includes(level)) problems.push(`maturityLevel must be one of ${MATURITY_LEVELS.join(", ")}`);
  const advice = { maturityLevel: level as MaturityLevel } as Advice;
  for (const s of ADVICE_SECTIONS) {
    const v = json[s];
    if (typeof v !== "string" || v.trim() === "") problems.push(`${s}: missing`);
    else advice[s] = v.trim();
  }
  if (problems.length) return fail({ code: "invalid-reply", message: problems.join("; "), content });
  const checked = AdviceSchema.safeParse(advice);
  if (!checked.success) return fail({ code: "invalid-reply", message: checked.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; "), content });
  return { ok: true, value: checked.data };
}

export function parseGradeReply(t: Transport, rubric: Rubric, nowMs: number): Parsed<GradeChoice> {
  const c = readChatContent(t, nowMs);
  return c.ok ? parseGradeContent(c.value, rubric) : c;
}

export function parseAdviceReply(t: Transport, nowMs: number): Parsed<Advice> {
  const c = readChatContent(t, nowMs);
  return c.ok ? parseAdviceContent(c.value) : c;
}
