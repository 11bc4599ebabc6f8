/** src/core/llm must run where Apps Script runs: no Node APIs, no URL/fetch/atob, no timers. */
import { describe, expect, it } from "vitest";
import { build } from "esbuild";
import vm from "node:vm";
import { fileURLToPath } from "node:url";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

const DIR = fileURLToPath(new URL("../../src/core/llm", import.meta.url));

describe("src/core/llm is pure", () => {
  it("imports nothing from Node or the network and uses no timers", () => {
    for (const f of readdirSync(DIR).filter((x) => x.endsWith(".ts") && !x.endsWith(".generated.ts"))) {
      const src = readFileSync(join(DIR, f), "utf8").replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, "");
      expect(src, f).not.toMatch(/from "node:|require\(|\bnew URL\b|\bfetch\(|\batob\(|\bsetTimeout\(|\bprocess\.|\bBuffer\b/);
    }
  });

  it("bundles and runs in a bare V8 context (as in Apps Script)", async () => {
    const out = await build({
      stdin: {
        contents: `
          import { buildGradeRequest, advanceGradeTask, createGradeTask, resolveLlmConfig, httpCallFor } from "./src/core/llm/index";
          import { DEFAULT_RUBRIC } from "./src/core/rubric";
          import { normalizeLead } from "./src/core/lead";
          export function run() {
            const lead = normalizeLead({ customerName: "深圳华联", leadDetails: "需要点胶机3台" }).lead;
            const config = resolveLlmConfig((n) => (n === "LLM_API_KEY" ? "k" : null));
            const task = createGradeTask({ lead, rubric: DEFAULT_RUBRIC, model: config.model, mode: "json_schema", receivedAt: new Date(0) });
            const call = httpCallFor(config, task.request);
            const step = advanceGradeTask(task, { kind: "http", status: 429, headers: { "Retry-After": "1" }, body: "" }, DEFAULT_RUBRIC, { nowMs: 0, random: () => 0 }).step;
            return { url: call.url, kind: step.kind, delayMs: step.delayMs, bytes: call.body.length };
          }`,
        resolveDir: fileURLToPath(new URL("../..", import.meta.url)),
        loader: "ts",
      },
      bundle: true,
      platform: "neutral",
      format: "iife",
      globalName: "LLM",
      target: "es2019",
      mainFields: ["module", "main"],
      write: false,
      logLevel: "silent",
    });
    const ctx = vm.createContext({});
    vm.runInContext(out.outputFiles[0].text, ctx);
    const r = vm.runInContext("LLM.run()", ctx);
    expect(r.url).toBe("https://api.openai.com/v1/chat/completions");
    expect(r.kind).toBe("retry");
    expect(r.delayMs).toBe(1000);
    expect(r.bytes).toBeGreaterThan(3000);
  });
});
