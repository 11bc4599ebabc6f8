/**
 * doPost: every bad request (missing/wrong token, wrong HMAC, replayed or stale timestamp,
 * invalid JSON, oversize body, …) is rejected with a short JSON error that reveals nothing —
 * no secret, no stack, no internal path, no echo of the input — and writes no row; a valid
 * call is accepted once and its retry is a duplicate with the same id.
 */
import { afterEach, describe, expect, it } from "vitest";
import { spreadsheetState } from "../../src/emulator/services/spreadsheet-model";
import { LEADS, SECRETS, finish, leadRows, logRows, nowSeconds, signedBody, startRel, tokenBody } from "./helpers";
import type { Emulator } from "../../src/emulator/index";

afterEach(finish);

const ERRORS = ["too-large", "invalid-json", "unauthorized", "stale", "replayed", "invalid-lead", "not-configured", "busy", "internal"];
const MARK = "ECHO-MARKER-5e1f";

/** A reply that says no more than {ok:false, error:<code>}. */
function expectOpaqueRejection(body: string, code?: string): void {
  let parsed: Record<string, unknown>;
  expect(() => (parsed = JSON.parse(body)), body).not.toThrow();
  expect(Object.keys(parsed!).sort(), body).toEqual(["error", "ok"]);
  expect(parsed!.ok).toBe(false);
  expect(ERRORS).toContain(parsed!.error);
  if (code) expect(parsed!.error, body).toBe(code);
  for (const leak of [...Object.values(SECRETS), MARK, "Error", "Exception", " at ", "/work", ".ts", "Code.js", "stack", "\\n"]) expect(body, `reply leaks ${leak}`).not.toContain(leak);
  expect(body.length).toBeLessThan(60);
}

async function post(emu: Emulator, body: string, contentType?: string) {
  const r = await emu.post(body, contentType ? { contentType } : undefined);
  expect(r.execution.error, `doPost threw for ${body.slice(0, 80)}`).toBeUndefined();
  return r.body;
}

const lead = { ...LEADS[0], leadDetails: `${LEADS[0].leadDetails} ${MARK}` };

describe("doPost rejects bad requests and reveals nothing", () => {
  it("token mode: missing, wrong, near-miss, wrong type, token in the query only, in the wrong field", async () => {
    const emu = await startRel();
    const cases: [string, string | undefined, string][] = [
      [JSON.stringify({ lead }), undefined, "missing token"],
      [JSON.stringify({ token: "nope", lead }), undefined, "wrong token"],
      [JSON.stringify({ token: SECRETS.API_TOKEN.slice(0, -1), lead }), undefined, "one char short"],
      [JSON.stringify({ token: SECRETS.API_TOKEN + "x", lead }), undefined, "one char long"],
      [JSON.stringify({ token: SECRETS.API_TOKEN.toUpperCase(), lead }), undefined, "case changed"],
      [JSON.stringify({ token: "", lead }), undefined, "empty token"],
      [JSON.stringify({ token: 12345, lead }), undefined, "numeric token"],
      [JSON.stringify({ token: [SECRETS.API_TOKEN], lead }), undefined, "token in an array"],
      [JSON.stringify({ lead: { ...lead, token: SECRETS.API_TOKEN } }), undefined, "token inside the lead"],
      [JSON.stringify({ token: SECRETS.API_HMAC_SECRET, lead }), undefined, "the HMAC secret as token"],
    ];
    for (const [body, , what] of cases) {
      const reply = await post(emu, body);
      expectOpaqueRejection(reply, "unauthorized");
      void what;
    }
    // A token in the query string is not accepted (web apps log URLs).
    const q = await emu.post(JSON.stringify({ lead }), { query: `token=${encodeURIComponent(SECRETS.API_TOKEN)}` });
    expectOpaqueRejection(q.body, "unauthorized");
    expect(leadRows(emu)).toHaveLength(0);
    // Not even an unauthenticated body shape error tells the caller what is expected.
    expectOpaqueRejection(await post(emu, JSON.stringify({ token: "nope", lead: "x" })), "unauthorized");
    expectOpaqueRejection(await post(emu, JSON.stringify({ hello: 1 })), "unauthorized");
  });

  it("HMAC mode: wrong secret, tampered lead, bad signature shapes, stale and future timestamps, replay", async () => {
    const emu = await startRel();
    const ts = nowSeconds(emu);
    const good = signedBody(lead, ts);
    const g = JSON.parse(good) as Record<string, unknown>;
    const bad: [string, string][] = [
      [signedBody(lead, ts, "wrong-secret"), "unauthorized"],
      [signedBody(lead, ts, SECRETS.API_TOKEN), "unauthorized"],
      [JSON.stringify({ ...g, lead: { ...lead, customerName: "tampered" } }), "unauthorized"],
      [JSON.stringify({ ...g, signature: "" }), "unauthorized"],
      [JSON.stringify({ ...g, signature: "zz" + String(g.signature).slice(2) }), "unauthorized"],
      [JSON.stringify({ ...g, signature: String(g.signature).slice(0, 32) }), "unauthorized"],
      [JSON.stringify({ ...g, timestamp: ts + 1 }), "unauthorized"],
      [JSON.stringify({ lead, signature: g.signature }), "unauthorized"],
      [signedBody(lead, ts - 3600), "stale"],
      [signedBody(lead, ts - 6 * 60), "stale"],
      [signedBody(lead, ts + 3600), "stale"],
      [signedBody(lead, "not-a-number"), "stale"],
    ];
    for (const [body, code] of bad) expectOpaqueRejection(await post(emu, body), code);
    expect(leadRows(emu)).toHaveLength(0);
    const first = JSON.parse(await post(emu, good));
    expect(first).toEqual({ ok: true, id: expect.stringMatching(/^A-[0-9a-f]{12}$/) });
    expectOpaqueRejection(await post(emu, good), "replayed");
    // Still replayed a few minutes later (within the clock-skew window).
    await emu.advance(4 * 60_000);
    expectOpaqueRejection(await post(emu, good), "replayed");
    expect(leadRows(emu)).toHaveLength(1);
  });

  it("body problems: invalid JSON, non-object JSON, empty, oversize (also multi-byte), wrong content type, bad lead shapes", async () => {
    const emu = await startRel();
    const token = SECRETS.API_TOKEN;
    const cases: [string, string, string?][] = [
      ["{not json", "invalid-json"],
      ["", "invalid-json"],
      ["null", "invalid-json"],
      ["[1,2]", "invalid-json"],
      ['"just a string"', "invalid-json"],
      [JSON.stringify({ token, lead }).slice(0, -1), "invalid-json"],
      [JSON.stringify({ token, lead: { ...lead, leadDetails: "x".repeat(70_000) } }), "too-large"],
      [JSON.stringify({ token, lead: { ...lead, leadDetails: "长".repeat(22_000) } }), "too-large"], // 66 KB in UTF-8
      [JSON.stringify({ token, lead: "a string" }), "invalid-lead"],
      [JSON.stringify({ token, lead: [lead] }), "invalid-lead"],
      [JSON.stringify({ token, lead: {} }), "invalid-lead"],
      [JSON.stringify({ token, lead: { unknownField: MARK } }), "invalid-lead"],
      [JSON.stringify({ token, lead: { customerName: "   ", leadDetails: "" } }), "invalid-lead"],
    ];
    for (const [body, code] of cases) expectOpaqueRejection(await post(emu, body), code);
    // A form-encoded body is not JSON.
    expectOpaqueRejection(await post(emu, `token=${token}&customerName=x`, "application/x-www-form-urlencoded"), "invalid-json");
    expect(leadRows(emu)).toHaveLength(0);
    // Rejections are logged for the manager without the input or the secrets.
    const rejected = logRows(emu).filter((l) => l[2] === "api");
    expect(rejected.length).toBeGreaterThanOrEqual(cases.length - 5);
    expect(JSON.stringify(rejected)).not.toContain(MARK);
  });

  it("an internal failure (Leads sheet renamed away) answers a short code, not the exception text", async () => {
    const emu = await startRel();
    const ss = spreadsheetState(emu.world).spreadsheets.get(emu.world.boundSpreadsheetId)!;
    ss.sheets.find((s) => s.name === "Leads")!.name = "Leads (old)";
    const reply = await post(emu, tokenBody(lead, "broken-1"));
    const parsed = JSON.parse(reply);
    // Either refused with an opaque code or accepted into the queue for later — never an exception text.
    if (parsed.ok) expect(parsed).toEqual({ ok: true, id: expect.any(String), queued: true });
    else expectOpaqueRejection(reply);
    for (const leak of ["MissingSheetError", "Set up", "/work", " at "]) expect(reply).not.toContain(leak);
  });

  it("a valid call is accepted once; its retries (token or re-signed) are duplicates with the same id", async () => {
    const emu = await startRel();
    const body = tokenBody(lead, "crm-ok-1");
    const ok = JSON.parse(await post(emu, body));
    expect(ok).toEqual({ ok: true, id: expect.stringMatching(/^A-[0-9a-f]{12}$/) });
    expect(JSON.parse(await post(emu, body))).toEqual({ ok: true, id: ok.id, duplicate: true });
    expect(JSON.parse(await post(emu, body, "text/plain"))).toEqual({ ok: true, id: ok.id, duplicate: true });
    const signedLead = { ...LEADS[1], id: "sig-1" };
    const s1 = JSON.parse(await post(emu, signedBody(signedLead, nowSeconds(emu))));
    expect(s1.ok).toBe(true);
    await emu.advance(1000);
    expect(JSON.parse(await post(emu, signedBody(signedLead, nowSeconds(emu))))).toEqual({ ok: true, id: s1.id, duplicate: true });
    expect(leadRows(emu).map((r) => r.leadId).sort()).toEqual([ok.id, s1.id].sort());
    // The accepted reply does not echo the lead either.
    expect(JSON.stringify(ok)).not.toContain(MARK);
  });
});
