import { describe, expect, it } from "vitest";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { buildRunRequest, parseRunResponse, readCredentials, smokeLead } from "../../scripts/smoke";

const ID = "1AbCdEfGhIjKlMnOpQrStUvWxYz_0123456789-abcdEFG";

describe("npm run smoke request building", () => {
  it("builds a scripts.run request in dev mode, parameters only when given", () => {
    expect(buildRunRequest(ID, "setup")).toEqual({ scriptId: ID, requestBody: { function: "setup", devMode: true } });
    const lead = smokeLead(new Date("2025-03-03T01:00:00Z"));
    expect(buildRunRequest(ID, "submitLead", [lead], false)).toEqual({ scriptId: ID, requestBody: { function: "submitLead", parameters: [lead], devMode: false } });
    expect(lead.customerName).toContain("smoke test");
  });

  it("refuses the placeholder script id and odd function names", () => {
    expect(() => buildRunRequest("REPLACE_WITH_YOUR_SCRIPT_ID", "setup")).toThrow(/script id/);
    expect(() => buildRunRequest(ID, "setup(); evil")).toThrow(/function name/);
  });

  it("reads the result or the script error", () => {
    expect(parseRunResponse({ done: true, response: { result: { ok: true } } })).toEqual({ ok: true, result: { ok: true } });
    expect(
      parseRunResponse({ done: true, error: { code: 3, message: "ScriptError", details: [{ errorType: "Exception", errorMessage: "boom", scriptStackTraceElements: [{ function: "setup", lineNumber: 12 }] }] } }),
    ).toEqual({ ok: false, error: "Exception: boom (at setup:12)" });
  });

  it("reads credentials from a token file or clasp's login file", () => {
    const dir = mkdtempSync(join(tmpdir(), "smoke-"));
    const own = join(dir, "token.json");
    writeFileSync(own, JSON.stringify({ client_id: "c", client_secret: "s", refresh_token: "r" }));
    expect(readCredentials({ LEADGRADE_OAUTH_FILE: own }, dir)).toEqual({ client_id: "c", client_secret: "s", refresh_token: "r" });
    writeFileSync(join(dir, ".clasprc.json"), JSON.stringify({ tokens: { default: { client_id: "c2", client_secret: "s2", refresh_token: "r2", type: "authorized_user" } } }));
    expect(readCredentials({}, dir)).toEqual({ client_id: "c2", client_secret: "s2", refresh_token: "r2" });
    expect(() => readCredentials({ LEADGRADE_OAUTH_FILE: join(dir, "none.json") }, dir)).toThrow(/no credentials/);
  });
});
