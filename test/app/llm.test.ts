import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { Emulator } from "../../src/emulator/index";
import { DEFAULT_RUBRIC, DIMENSION_KEYS } from "../../src/core/rubric";
import { LEADS, MIN, formAnswers, leadRows, setSettings, startApp } from "./harness";

const KEY = "sk-test-0123456789abcdef";
let server: Server;
let baseUrl = "";
let mode: "ok" | "refuse-auth" = "ok";
const seen: { auth: string; kind: string }[] = [];

function gradeReply(): string {
  const dimensions: Record<string, { evidence: string; points: number }> = {};
  for (const k of DIMENSION_KEYS) {
    const d = DEFAULT_RUBRIC.dimensions.find((x) => x.key === k)!;
    dimensions[k] = { evidence: `model saw ${k}`, points: d.options[0].points };
  }
  return JSON.stringify({ dimensions, missingInfo: [] });
}

function adviceReply(): string {
  return JSON.stringify({
    maturityLevel: "high",
    maturity: "MODEL maturity",
    needsAndPainPoints: "MODEL needs",
    communicationStrategy: "MODEL strategy",
    nextActions: "- MODEL call within 24h",
    resourcesAndRisks: "MODEL risks",
  });
}

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = "";
    req.on("data", (c) => (body += c));
    req.on("end", () => {
      const isAdvice = /lead_advice|maturityLevel/.test(body) && !/lead_grade/.test(body);
      seen.push({ auth: String(req.headers.authorization ?? ""), kind: isAdvice ? "advice" : "grade" });
      if (mode === "refuse-auth") {
        res.writeHead(401, { "content-type": "application/json" });
        res.end(JSON.stringify({ error: { message: "bad key" } }));
        return;
      }
      const content = isAdvice ? adviceReply() : gradeReply();
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify({ id: "x", object: "chat.completion", choices: [{ index: 0, finish_reason: "stop", message: { role: "assistant", content } }] }));
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

let emu: Emulator | undefined;
afterEach(async () => {
  await emu?.close();
  emu = undefined;
  seen.length = 0;
  mode = "ok";
});

describe("the model path (UrlFetchApp.fetchAll against a mock model)", () => {
  it("grades and advises with the model; code computes the total; the key stays out of the sheets", async () => {
    emu = await startApp({ scriptProperties: { LLM_API_KEY: KEY } });
    setSettings(emu, { LLM_BASE_URL: baseUrl, LLM_MODEL: "mock-model" });
    await emu.submitForm(formAnswers(LEADS[1]));
    const row = leadRows(emu)[0];
    expect(row.engine).toBe("llm");
    expect(row.total).toBe(200);
    expect(row.grade).toBe("A");
    expect(row.region).toBe("华东"); // region is derived by code, not the model
    expect(row.nextActions).toBe("- MODEL call within 24h");
    expect(row.status).toBe("advised");
    expect(seen.map((s) => s.kind)).toEqual(["grade", "advice"]);
    expect(seen.every((s) => s.auth === `Bearer ${KEY}`)).toBe(true);
    await emu.advance(10 * MIN);
    expect(emu.world.outbox).toHaveLength(1);
    for (const name of ["Leads", "Log", "Settings"]) expect(JSON.stringify(emu.readSheet(name))).not.toContain(KEY);
    expect(JSON.stringify(emu.world.outbox)).not.toContain(KEY);
  });

  it("falls back to the rules engine, recording why, when the model refuses the key", async () => {
    mode = "refuse-auth";
    emu = await startApp({ scriptProperties: { LLM_API_KEY: KEY } });
    setSettings(emu, { LLM_BASE_URL: baseUrl });
    await emu.submitForm(formAnswers(LEADS[0]));
    const row = leadRows(emu)[0];
    expect(row.engine).toBe("rules");
    expect(row.fallbackReason).toBe("auth-failed");
    expect(row.status).toBe("advised");
    expect(String(row.nextActions).length).toBeGreaterThan(10);
    expect(JSON.stringify(emu.readSheet("Log"))).not.toContain(KEY);
  });
});
