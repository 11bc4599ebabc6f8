/**
 * Secrets: with a distinctive model key, API token and HMAC secret in Script Properties,
 * none of them appears in any sheet cell, Log row, console line, e-mail, web response, UI
 * or error text — even when the model endpoint, the mail service and API callers echo them
 * back. (Every other reliability suite runs the same check in its afterEach via finish().)
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { startMockLlm, type MockLlm, type MockReply } from "../../src/node/mock-llm-server";
import { failNextMailSend } from "../../src/emulator/services/mail";
import { typeCells } from "../../src/emulator/services/spreadsheet-host";
import { LEADS, MIN, SECRETS, finish, formAnswers, leadRows, logRows, secretLeaks, setSettings, startRel, taggedLead, tokenBody, trackedOf } from "./helpers";

afterEach(finish);

let mock: MockLlm;
let n = 0;
beforeAll(async () => {
  // A provider that echoes the key it was given, in every way it can.
  mock = await startMockLlm({
    latencyMs: 1,
    script: (rec): MockReply | undefined => {
      const auth = rec.headers["authorization"] ?? "";
      const key = auth.replace(/^Bearer\s+/i, "");
      const k = n++ % 6;
      if (k === 0) return { kind: "raw", status: 401, body: JSON.stringify({ error: { message: `Incorrect API key provided: ${key}. Header was "${auth}".` } }) };
      if (k === 1) return { kind: "raw", status: 500, body: `upstream failed for key=${key}` };
      if (k === 2) return { kind: "raw", status: 400, body: JSON.stringify({ error: { message: `bad request from ${auth}` } }) };
      if (k === 3) return { kind: "content", content: `{"dimensions": "${key}"`, finishReason: "stop" };
      if (k === 4) return { kind: "content", content: null, refusal: `I will not, ${key}` };
      return undefined;
    },
  });
});
afterAll(() => mock.close());

describe("secrets never leave Script Properties", () => {
  it("the leak detector itself finds a planted secret", async () => {
    const emu = await startRel();
    typeCells(emu.world, "Leads", "A50", [[`planted ${SECRETS.API_TOKEN}`]]);
    expect(secretLeaks(trackedOf(emu))).toEqual(["API_TOKEN in sheets"]);
    typeCells(emu.world, "Leads", "A50", [[""]]);
    expect(secretLeaks(trackedOf(emu))).toEqual([]);
  });

  it("echoing model endpoint, failing mail, bad API callers, menus and the settings sidebar: no secret anywhere", async () => {
    const emu = await startRel({ llm: { baseUrl: mock.url }, settings: { NOTIFY_DELAY_MINUTES: 0 } });
    // A manager pastes a secret into Settings by mistake (before the configuration is first read
    // and cached): it is ignored, and reported without its value. The cell itself is the
    // manager's doing, not a leak: it is cleared before finish() looks.
    setSettings(emu, { LLM_API_KEY: SECRETS.LLM_API_KEY });
    try {
      await emu.submitForm(formAnswers({ ...LEADS[0], customerName: "first lead" }));
      const warn = logRows(emu).filter((l) => /LLM_API_KEY is a secret/.test(l[4]));
      expect(warn.length, JSON.stringify(logRows(emu).filter((l) => l[2] === "config"))).toBeGreaterThan(0);
      expect(JSON.stringify(logRows(emu))).not.toContain(SECRETS.LLM_API_KEY);
    } finally {
      setSettings(emu, { LLM_API_KEY: "" });
    }
    // Model path with echoed keys in errors, bodies, contents and refusals.
    for (let i = 0; i < 6; i++) await emu.submitForm(formAnswers(taggedLead(i)));
    expect(leadRows(emu)).toHaveLength(7);
    expect(leadRows(emu).some((r) => r.engine === "rules" && r.fallbackReason)).toBe(true);
    // Mail failures whose message carries a secret.
    failNextMailSend(emu.world, `smtp relay refused token ${SECRETS.API_TOKEN} key ${SECRETS.LLM_API_KEY}`);
    await emu.submitForm(formAnswers(taggedLead(7)));
    failNextMailSend(emu.world, `Service error: ${SECRETS.API_HMAC_SECRET}`);
    const test = await emu.run("sendTestEmail", undefined, "menu");
    expect(String(test.result)).not.toBe("");
    // API callers guessing and misusing the secrets.
    await emu.post(JSON.stringify({ token: SECRETS.API_TOKEN.slice(0, 10), lead: LEADS[0] }));
    await emu.post(JSON.stringify({ token: SECRETS.LLM_API_KEY, lead: LEADS[0] }));
    await emu.post(`{"token":"${SECRETS.API_TOKEN}", broken`);
    await emu.post(tokenBody(LEADS[1], "sec-1"));
    // Menus and the sidebar.
    await emu.run("processNow", undefined, "menu");
    await emu.run("showSettings", undefined, "menu");
    await emu.advance(30 * MIN);
    expect(emu.world.outbox.length).toBeGreaterThan(0);
    expect(logRows(emu).some((l) => /model fallback \((auth-failed|server-error|bad-request|malformed-json|refusal)\)/.test(l[4]))).toBe(true);
    // finish() asserts no leak across sheets, logs, mail, web replies, UI, results and errors.
  });
});
