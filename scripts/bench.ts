/**
 * npm run bench [-- --json] [--leads N] [--latency MS] [--calls-leads N] [--concurrency N] [--skip-burst] [--burst-only]
 *
 * Everything runs the built dist/Code.js on the emulated Apps Script runtime, against the
 * mock model in a child process (the emulator's synchronous fetch must not share its thread):
 *   burst              N leads submitted as overlapping form events; time until every lead
 *                      is graded and advised: the app's batched worker (Settings BATCH_SIZE
 *                      default) vs the sequential baseline (BATCH_SIZE 1: one lead at a time,
 *                      one UrlFetchApp.fetch after another). fetchAll runs ≤ 10 at once.
 *   sheetCallsPerLead  every SpreadsheetApp.* call (emulator counters) from the first
 *                      submission until every lead is notified, ÷ leads, with 1,000 and
 *                      20,000 rows already in Leads (seeded host-side).
 *   bundle             bytes of dist/Code.js, and median time to load it in a fresh vm context.
 *   promptTokens       static (cacheable) prefix vs per-lead part, grade and advice.
 *   rulesLeadsPerSecond  gradeWithRules over the fixture leads, repeated.
 */
import { readFileSync, statSync } from "node:fs";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import vm from "node:vm";
import { performance } from "node:perf_hooks";
import { startEmulator, type Emulator } from "../src/emulator/index";
import { typeCells } from "../src/emulator/services/spreadsheet-host";
import { startMockLlmProcess, type MockLlmProcess } from "../src/node/mock-llm-server";
import { promptTokens } from "../src/node/tokens";
import { gradeWithRules } from "../src/core/grade";
import { DEFAULT_RUBRIC } from "../src/core/rubric";
import { FIELD_LABELS, LEAD_FIELDS, normalizeLead, type Lead } from "../src/core/lead";
import { LEAD_COLUMN_DEFS, mapColumns } from "../src/gas/schema";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const MIN = 60_000;
const T0 = Date.UTC(2025, 2, 3, 1, 0, 0);

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  if (i >= 0) return process.argv[i + 1];
  const eq = process.argv.find((a) => a.startsWith(name + "="));
  return eq ? eq.slice(name.length + 1) : undefined;
}
const asJson = process.argv.includes("--json");
const LEADS = Number(arg("--leads") ?? 100);
const LATENCY = Number(arg("--latency") ?? 300);
const CALLS_LEADS = Number(arg("--calls-leads") ?? LEADS);
/** Form submissions in flight at once (a busy morning, not 100 threads at one instant). */
const CONCURRENCY = Number(arg("--concurrency") ?? 20);
const note = (s: string) => {
  if (!asJson) process.stderr.write(s + "\n");
};

const REPS: (string | number)[][] = [
  ["张伟", "zhang.wei@example.com", "华东", "", 1, "是"],
  ["李娜", "li.na@example.com", "华东", "", 2, "是"],
  ["王芳", "wang.fang@example.com", "华南", "", 1, "是"],
  ["刘洋", "liu.yang@example.com", "华南", "", 2, "是"],
  ["陈静", "chen.jing@example.com", "华北", "", 1, "是"],
  ["杨磊", "yang.lei@example.com", "华中", "", 1, "是"],
];

function fixtureLeads(): Lead[] {
  return readFileSync(join(root, "test/fixtures/labelled-leads.jsonl"), "utf8")
    .split("\n")
    .filter((l) => l.trim())
    .map((l) => normalizeLead((JSON.parse(l) as { lead: unknown }).lead).lead);
}

/** N distinct leads (distinct form answers → distinct lead IDs). */
function burstLeads(n: number): Lead[] {
  const base = fixtureLeads();
  return Array.from({ length: n }, (_, i) => ({ ...base[i % base.length], customerName: `${base[i % base.length].customerName} #${i + 1}` }));
}

function answers(lead: Lead): Record<string, string> {
  const out: Record<string, string> = {};
  for (const f of LEAD_FIELDS) out[FIELD_LABELS[f].zh] = lead[f] ?? "";
  return out;
}

async function startApp(settings: Record<string, string | number>, mock: MockLlmProcess | null): Promise<Emulator> {
  const emu = await startEmulator({ now: T0, scriptProperties: mock ? { LLM_API_KEY: "sk-bench-0000000000" } : {}, prewarmWorkers: CONCURRENCY + 2, maxIdleWorkers: CONCURRENCY + 4 });
  const r = await emu.run("setup");
  if (!r.ok) throw new Error(`setup failed: ${r.error?.message}`);
  typeCells(emu.world, "Salespeople", "A2", REPS);
  const rows = emu.readSheet("Settings");
  const all = { MANAGER_EMAIL: "manager@example.com", FALLBACK_REGION: "华中", ...(mock ? { LLM_BASE_URL: mock.url, LLM_MODEL: "mock" } : {}), ...settings };
  for (const [key, value] of Object.entries(all)) {
    const i = rows.findIndex((row) => row[0] === key);
    if (i < 0) throw new Error(`no setting ${key}`);
    typeCells(emu.world, "Settings", `C${i + 1}`, [[value]]);
  }
  return emu;
}

/** Leads rows by status (new rows only: those after `skipRows` seeded rows). */
function statuses(emu: Emulator, skipRows: number): string[] {
  const values = emu.readSheet("Leads");
  const cols = mapColumns(values[0] ?? [], LEAD_COLUMN_DEFS);
  return values.slice(1 + skipRows).filter((r) => String(r[cols.leadId!] ?? "") !== "").map((r) => String(r[cols.status!]));
}

const ANALYSED = new Set(["advised", "notified", "incomplete", "needs-attention"]);

/** Submit the leads with at most CONCURRENCY executions in flight; resolves when all intakes returned. */
async function submitAll(emu: Emulator, leads: Lead[]): Promise<void> {
  let next = 0;
  const failures: string[] = [];
  async function lane(): Promise<void> {
    while (next < leads.length) {
      const lead = leads[next++];
      const runs = await emu.submitForm(answers(lead));
      for (const r of runs) if (!r.ok) failures.push(`${r.functionName}: ${r.error?.message}`);
    }
  }
  await Promise.all(Array.from({ length: Math.min(CONCURRENCY, leads.length) }, lane));
  if (failures.length) throw new Error(`executions failed: ${failures.slice(0, 3).join("; ")}`);
}

async function waitUntil(pred: () => boolean, timeoutMs: number): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!pred()) {
    if (Date.now() > until) throw new Error("timed out");
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** Milliseconds from the first submission until every lead is graded and advised. */
async function burstRun(batchSize: number | null, mock: MockLlmProcess): Promise<number> {
  const emu = await startApp(batchSize === null ? {} : { BATCH_SIZE: batchSize }, mock);
  try {
    const leads = burstLeads(LEADS);
    const started = performance.now();
    const submitted = submitAll(emu, leads);
    let done = false;
    const finished = waitUntil(() => {
      const s = statuses(emu, 0);
      done = s.length === leads.length && s.every((x) => ANALYSED.has(x));
      return done;
    }, 10 * MIN).then(() => performance.now() - started);
    const [ms] = await Promise.all([finished, submitted]);
    return Math.round(ms);
  } finally {
    await emu.close();
  }
}

/** Seed `rows` finished leads host-side (no bundle, no counters). */
function seedRows(emu: Emulator, rows: number): void {
  const header = emu.readSheet("Leads")[0];
  const cols = mapColumns(header, LEAD_COLUMN_DEFS);
  const at = new Date(T0 - 30 * 24 * 60 * MIN);
  const out: unknown[][] = [];
  for (let i = 0; i < rows; i++) {
    const r: unknown[] = new Array(header.length).fill("");
    r[cols.leadId!] = "F-" + (0x100000000000 + i).toString(16).slice(-12);
    r[cols.submittedAt!] = at;
    r[cols.status!] = i % 10 === 0 ? "needs-attention" : "notified";
    r[cols.source!] = "form";
    r[cols.customerName!] = `既有客户 ${i}`;
    r[cols.grade!] = "B";
    r[cols.total!] = 120;
    r[cols.owner!] = "张伟";
    r[cols.ownerEmail!] = "zhang.wei@example.com";
    r[cols.notifiedAt!] = at;
    out.push(r);
  }
  for (let i = 0; i < out.length; i += 5000) typeCells(emu.world, "Leads", `A${i + 2}`, out.slice(i, i + 5000));
}

function spreadsheetCalls(emu: Emulator): number {
  let n = 0;
  for (const [k, v] of emu.world.counters) if (k.startsWith("SpreadsheetApp.")) n += v;
  return n;
}

/** Spreadsheet calls per lead, from the first submission until every lead is notified. */
async function callsPerLead(rows: number, mock: MockLlmProcess): Promise<{ perLead: number; byMethod: Record<string, number> }> {
  const emu = await startApp({}, mock);
  try {
    seedRows(emu, rows);
    const leads = burstLeads(CALLS_LEADS);
    emu.world.counters.clear();
    await submitAll(emu, leads);
    await waitUntil(() => statuses(emu, rows).filter((x) => ANALYSED.has(x)).length === leads.length, 10 * MIN);
    const settled = () => {
      const values = emu.readSheet("Leads");
      const cols = mapColumns(values[0] ?? [], LEAD_COLUMN_DEFS);
      return values.slice(1 + rows).every((r) => String(r[cols.notifiedAt!] ?? "") !== "");
    };
    for (let i = 0; i < 12 && !settled(); i++) await emu.advance(5 * MIN);
    if (!settled()) throw new Error("not every lead was notified");
    const byMethod: Record<string, number> = {};
    for (const [k, v] of emu.world.counters) if (k.startsWith("SpreadsheetApp.")) byMethod[k.slice("SpreadsheetApp.".length)] = v;
    return { perLead: Math.round((spreadsheetCalls(emu) / leads.length) * 100) / 100, byMethod };
  } finally {
    await emu.close();
  }
}

function bundleStats(): { bytes: number; loadMs: number } {
  const file = join(root, "dist/Code.js");
  const code = readFileSync(file, "utf8");
  const times: number[] = [];
  for (let i = 0; i < 9; i++) {
    const t = performance.now();
    const ctx = vm.createContext({});
    vm.runInContext(code, ctx, { filename: "Code.js" });
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  return { bytes: statSync(file).size, loadMs: Math.round(times[Math.floor(times.length / 2)] * 10) / 10 };
}

function rulesThroughput(): number {
  const leads = fixtureLeads();
  const now = new Date(T0);
  for (const l of leads) gradeWithRules(l, DEFAULT_RUBRIC, { now }); // warm up
  let n = 0;
  const t = performance.now();
  while (performance.now() - t < 1500) {
    for (const l of leads) gradeWithRules(l, DEFAULT_RUBRIC, { now });
    n += leads.length;
  }
  return Math.round(n / ((performance.now() - t) / 1000));
}

async function main(): Promise<void> {
  const mock = await startMockLlmProcess({ latencyMs: LATENCY });
  try {
    let burst = { leads: LEADS, latencyMs: LATENCY, baselineMs: 0, batchedMs: 0, ratio: 0 };
    if (!process.argv.includes("--skip-burst")) {
      note(`burst: ${LEADS} leads, ${LATENCY} ms per model call — batched…`);
      const batchedMs = await burstRun(null, mock);
      note(`  batched ${batchedMs} ms; baseline (batch size 1, sequential fetch)…`);
      const baselineMs = await burstRun(1, mock);
      burst = { leads: LEADS, latencyMs: LATENCY, baselineMs, batchedMs, ratio: Math.round((baselineMs / batchedMs) * 100) / 100 };
    }
    if (process.argv.includes("--burst-only")) {
      process.stdout.write(JSON.stringify({ burst }) + "\n");
      return;
    }
    note(`spreadsheet calls per lead (${CALLS_LEADS} leads) with 1,000 rows…`);
    const c1 = await callsPerLead(1000, mock);
    note(`  ${c1.perLead} ${JSON.stringify(c1.byMethod)}`);
    note("… with 20,000 rows…");
    const c20 = await callsPerLead(20000, mock);
    note(`  ${c20.perLead} ${JSON.stringify(c20.byMethod)}`);
    const tokens = promptTokens(fixtureLeads(), { now: new Date(T0) });
    const out = {
      burst,
      sheetCallsPerLead: { rows1000: c1.perLead, rows20000: c20.perLead },
      bundle: bundleStats(),
      promptTokens: { gradeStatic: tokens.gradeStatic, gradePerLead: tokens.gradePerLead.mean, adviceStatic: tokens.adviceStatic, advicePerLead: tokens.advicePerLead.mean },
      rulesLeadsPerSecond: rulesThroughput(),
    };
    if (asJson) {
      process.stdout.write(JSON.stringify(out) + "\n");
      return;
    }
    const rows: [string, string, string][] = [
      ["burst: leads / model latency", `${out.burst.leads} / ${out.burst.latencyMs} ms`, ""],
      ["burst: baseline (batch size 1, sequential)", `${(out.burst.baselineMs / 1000).toFixed(1)} s`, ""],
      ["burst: batched worker", `${(out.burst.batchedMs / 1000).toFixed(1)} s`, ""],
      ["burst: speed-up", `${out.burst.ratio}×`, "target ≥ 8"],
      ["spreadsheet calls per lead, 1,000 rows", String(out.sheetCallsPerLead.rows1000), "target ≤ 6"],
      ["spreadsheet calls per lead, 20,000 rows", String(out.sheetCallsPerLead.rows20000), "target ≤ 6"],
      ["bundle size", `${(out.bundle.bytes / 1024).toFixed(1)} KB`, "target ≤ 120 KB"],
      ["bundle load (fresh vm, median)", `${out.bundle.loadMs} ms`, ""],
      ["prompt tokens: grade static / per lead", `${out.promptTokens.gradeStatic} / ${out.promptTokens.gradePerLead}`, "static ≥ 1,024, per lead ≤ 800"],
      ["prompt tokens: advice static / per lead", `${out.promptTokens.adviceStatic} / ${out.promptTokens.advicePerLead}`, "static ≥ 1,024, per lead ≤ 800"],
      ["rules engine", `${out.rulesLeadsPerSecond} leads/s`, ""],
    ];
    const w0 = Math.max(...rows.map((r) => r[0].length));
    const w1 = Math.max(...rows.map((r) => r[1].length));
    console.log(rows.map(([a, b, c]) => `${a.padEnd(w0)}  ${b.padStart(w1)}  ${c}`).join("\n"));
  } finally {
    await mock.close();
  }
}

main().catch((e) => {
  console.error(e instanceof Error ? e.stack ?? e.message : e);
  process.exit(1);
});
