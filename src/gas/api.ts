/**
 * The web-app API's request checks, pure (the HMAC function is passed in). Apps Script
 * web apps see no request headers, so credentials travel in the JSON body:
 *   {"token": "<API_TOKEN>", "lead": {...}, "id"?: "client-id"}
 *   {"lead": {...}, "timestamp": <unix seconds>, "signature": hex(HMAC-SHA256(API_HMAC_SECRET,
 *        timestamp + "." + JSON.stringify(lead))), "id"?: "client-id"}
 * Replies never say which check failed beyond a short code, and never echo input.
 */
export const MAX_BODY_BYTES = 64 * 1024;
export const MAX_CLOCK_SKEW_MS = 5 * 60_000;

export type ApiError = "too-large" | "invalid-json" | "unauthorized" | "stale" | "replayed" | "invalid-lead" | "not-configured" | "busy" | "internal";

export interface ApiSecrets {
  token: string;
  hmacSecret: string;
}

export interface ApiRequest {
  lead: unknown;
  clientId?: unknown;
  /** Set for signed requests: used for replay protection. */
  signature?: string;
}

/** Compare two strings; the time taken depends only on the caller's string length. */
export function constantTimeEqual(given: string, expected: string): boolean {
  const x = String(given);
  const y = String(expected);
  const ref = x.length === y.length ? y : x;
  let diff = x.length === y.length ? 0 : 1;
  for (let i = 0; i < x.length; i++) diff |= x.charCodeAt(i) ^ ref.charCodeAt(i);
  return diff === 0 && x.length > 0;
}

export function utf8Length(text: string): number {
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff) {
      n += 4;
      i++;
    } else n += 3;
  }
  return n;
}

/**
 * Parse and authenticate a body. `hmacHex(message, secret)` returns lowercase hex.
 * `seen(signature)` tells whether a signature was already used.
 */
export function checkRequest(
  body: string,
  secrets: ApiSecrets,
  nowMs: number,
  hmacHex: (message: string, secret: string) => string,
  seen: (signature: string) => boolean,
): { ok: true; request: ApiRequest } | { ok: false; error: ApiError } {
  if (!secrets.token && !secrets.hmacSecret) return { ok: false, error: "not-configured" };
  if (utf8Length(body) > MAX_BODY_BYTES) return { ok: false, error: "too-large" };
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch (_e) {
    return { ok: false, error: "invalid-json" };
  }
  if (!parsed || typeof parsed !== "object" || Array.isArray(parsed)) return { ok: false, error: "invalid-json" };
  const o = parsed as Record<string, unknown>;
  const lead = o.lead;
  if (!lead || typeof lead !== "object" || Array.isArray(lead)) {
    // Authenticate first so an anonymous caller learns nothing about the expected shape.
    if (!(typeof o.token === "string" && secrets.token && constantTimeEqual(o.token, secrets.token))) return { ok: false, error: "unauthorized" };
    return { ok: false, error: "invalid-lead" };
  }
  if (typeof o.token === "string") {
    if (!secrets.token || !constantTimeEqual(o.token, secrets.token)) return { ok: false, error: "unauthorized" };
    return { ok: true, request: { lead, clientId: o.id } };
  }
  if (typeof o.signature === "string" && (typeof o.timestamp === "number" || typeof o.timestamp === "string")) {
    if (!secrets.hmacSecret) return { ok: false, error: "unauthorized" };
    const ts = String(o.timestamp);
    const expected = hmacHex(`${ts}.${JSON.stringify(lead)}`, secrets.hmacSecret);
    if (!constantTimeEqual(o.signature.toLowerCase(), expected)) return { ok: false, error: "unauthorized" };
    const seconds = Number(ts);
    if (!isFinite(seconds) || Math.abs(nowMs - seconds * 1000) > MAX_CLOCK_SKEW_MS) return { ok: false, error: "stale" };
    if (seen(expected)) return { ok: false, error: "replayed" };
    return { ok: true, request: { lead, clientId: o.id, signature: expected } };
  }
  return { ok: false, error: "unauthorized" };
}
