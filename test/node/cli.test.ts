import { afterEach, describe, expect, it } from "vitest";
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { DIMENSION_KEYS } from "../../src/core/rubric";
import { parseCsv, readCsv, runCli, type CliDeps } from "../../src/node/cli";
import { memoryModeStore } from "../../src/node/grader";
import { startMockLlm, type MockLlm } from "../../src/node/mock-llm-server";
import { FIXTURES, fakeRules } from "../llm/helpers";
import { readFileSync } from "node:fs";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const JSONL = join(FIXTURES, "leads.jsonl");
const CSV = join(FIXTURES, "leads.csv");
const KEY = "sk-cli-LEAKCHECK-abcdef0123456789";
const mocks: MockLlm[] = [];
afterEach(async () => {
  await Promise.all(mocks.splice(0).map((m) => m.close()));
});

async function cli(argv: string[], env: Record<string, string | undefined> = {}, isTTY = false, deps: CliDeps = {}) {
  let out = "";
  let err = "";
  const code = await runCli(argv, { stdout: (t) => (out += t), stderr: (t) => (err += t), env, isTTY }, { rules: fakeRules, modeStore: memoryModeStore(), sleep: async () => {}, ...deps });
  return { code, out, err, lines: out.trim() === "" ? [] : out.trim().split("\n") };
}

describe("leadgrade grade (in process)", () => {
  it("JSONL in → one JSONL line per record, in order; unreadable records become {id, error}", async () => {
    const r = await cli(["grade", JSONL, "--engine", "rules", "--now", "2025-11-20"]);
    expect(r.code).toBe(0);
    const recs = r.lines.map((l) => JSON.parse(l));
    expect(recs.map((x) => x.id)).toEqual(["zh-1", "en-1", "3", "inj-1", "5"]);
    expect(Object.keys(recs[0])).toEqual(["id", "grade", "total", "dimensions", "region", "engine", "reason"]);
    expect(Object.keys(recs[0].dimensions)).toEqual([...DIMENSION_KEYS]);
    expect(recs[0].total).toBe(DIMENSION_KEYS.reduce((s, k) => s + recs[0].dimensions[k], 0));
    expect(recs[0].engine).toBe("rules");
    expect(recs[2]).toEqual({ id: "3", error: expect.stringContaining("not valid JSON") });
    expect(Object.keys(recs[4])).toEqual(["id", "error"]);
  });

  it("CSV with the form's labels, quoted commas, quotes and newlines", async () => {
    const rows = parseCsv(readFileSync(CSV, "utf8"));
    expect(rows).toHaveLength(3);
    const recs = readCsv(readFileSync(CSV, "utf8"));
    const c1 = recs[0] as { id: string; lead: Record<string, string> };
    expect(c1.id).toBe("c1");
    expect(c1.lead.industry).toBe("PCBA, EMS");
    expect(c1.lead.contactTitle).toBe("采购总监");
    expect(c1.lead.leadDetails).toBe('需要点胶机10台,\n预算"500万"，明年6月投产');
    const r = await cli(["grade", CSV, "--engine", "rules", "--format", "jsonl"]);
    expect(r.lines.map((l) => JSON.parse(l).id)).toEqual(["c1", "c2"]);
  });

  it("grades with the model against the mock, with advice; the key never shows", async () => {
    const m = await startMockLlm({ rules: fakeRules });
    mocks.push(m);
    const r = await cli(["grade", JSONL, "--advice", "--concurrency", "2", "--format", "jsonl"], { LLM_BASE_URL: m.url, LLM_API_KEY: KEY });
    const recs = r.lines.map((l) => JSON.parse(l));
    expect(recs[0].engine).toBe("llm");
    expect(recs[0].advice.maturityLevel).toMatch(/^(high|medium|low)$/);
    expect(Object.keys(recs[0].advice)).toEqual(["maturityLevel", "maturity", "needsAndPainPoints", "communicationStrategy", "nextActions", "resourcesAndRisks"]);
    expect(m.requests.filter((q) => q.purpose === "grade")).toHaveLength(3);

    const denied = await startMockLlm({ rules: fakeRules, apiKey: "another" });
    mocks.push(denied);
    const d = await cli(["grade", JSONL, "--engine", "llm", "--format", "jsonl"], { OPENAI_BASE_URL: denied.url, OPENAI_API_KEY: KEY });
    const drecs = d.lines.map((l) => JSON.parse(l));
    expect(drecs[0]).toMatchObject({ engine: "rules", fallbackReason: "auth-failed" });
    expect(d.err).toContain("auth-failed");
    expect(d.out + d.err).not.toContain(KEY);
  });

  it("auto without a key uses rules silently; --engine llm without a key records no-api-key", async () => {
    const auto = await cli(["grade", JSONL, "--format", "jsonl"]);
    expect(JSON.parse(auto.lines[0])).not.toHaveProperty("fallbackReason");
    const llm = await cli(["grade", JSONL, "--engine", "llm", "--format", "jsonl"]);
    expect(JSON.parse(llm.lines[0])).toMatchObject({ engine: "rules", fallbackReason: "no-api-key" });
    expect(llm.err).toContain("no LLM_API_KEY");
    expect(llm.code).toBe(0);
  });

  it("table on a terminal, jsonl otherwise, csv on request", async () => {
    const t = await cli(["grade", JSONL, "--engine", "rules"], {}, true);
    expect(t.lines[0]).toMatch(/^id\s+grade\s+total\s+region\s+engine/);
    expect(t.out).toContain("zh-1");
    expect(t.out).toContain("error:");
    const j = await cli(["grade", JSONL, "--engine", "rules"], {}, false);
    expect(() => JSON.parse(j.lines[0])).not.toThrow();
    const c = await cli(["grade", JSONL, "--engine", "rules", "--format", "csv", "--advice"]);
    const rows = parseCsv(c.out);
    expect(rows[0].slice(0, 3)).toEqual(["id", "grade", "total"]);
    expect(rows[0]).toContain("nextActions");
    expect(rows).toHaveLength(6);
    expect(rows[3][0]).toBe("3");
  });

  it("usage errors and unreadable files are the only non-zero exits", async () => {
    expect((await cli([])).code).toBe(0); // help
    for (const argv of [["frobnicate"], ["grade"], ["grade", JSONL, "--engine", "gpt"], ["grade", JSONL, "--concurrency", "0"], ["grade", JSONL, "--format", "xml"], ["grade", JSONL, "--now", "someday"], ["grade", JSONL, "--wat"]]) {
      const r = await cli(argv);
      expect(r.code, argv.join(" ")).toBe(2);
      expect(r.err).toContain("usage:");
    }
    const missing = await cli(["grade", join(FIXTURES, "nope.jsonl")]);
    expect(missing.code).toBe(1);
    expect(missing.err).toContain("ENOENT");
  });
});

describe("bin/leadgrade.mjs (real process)", () => {
  it("prints usage", () => {
    const r = spawnSync(process.execPath, [join(ROOT, "bin/leadgrade.mjs"), "--help"], { encoding: "utf8", cwd: ROOT });
    expect(r.status).toBe(0);
    expect(r.stdout).toContain("usage: leadgrade grade");
  });

  it("exits 2 on a usage error and 1 on an unreadable file", () => {
    const u = spawnSync(process.execPath, [join(ROOT, "bin/leadgrade.mjs"), "grade"], { encoding: "utf8", cwd: ROOT });
    expect(u.status).toBe(2);
    const f = spawnSync(process.execPath, [join(ROOT, "bin/leadgrade.mjs"), "grade", "/nonexistent.jsonl"], { encoding: "utf8", cwd: ROOT });
    expect(f.status).toBe(1);
  });

  it("grades the fixture end to end with the real rules engine", () => {
    const env = { ...process.env, LLM_API_KEY: "", OPENAI_API_KEY: "" };
    const r = spawnSync(process.execPath, [join(ROOT, "bin/leadgrade.mjs"), "grade", JSONL, "--now", "2025-11-20"], { encoding: "utf8", cwd: ROOT, env });
    expect(r.status).toBe(0);
    const recs = r.stdout.trim().split("\n").map((l) => JSON.parse(l));
    expect(recs.map((x) => x.id)).toEqual(["zh-1", "en-1", "3", "inj-1", "5"]);
    for (const i of [0, 1, 3]) {
      expect(recs[i].error, `record ${recs[i].id}`).toBeUndefined();
      expect(recs[i]).toMatchObject({ engine: "rules", grade: expect.stringMatching(/^(A|B|C|D|Incomplete)$/) });
    }
  });
});
