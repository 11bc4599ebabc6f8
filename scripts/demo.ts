/**
 * npm start: the whole product offline. Runs the built dist/Code.js on the emulated Apps
 * Script runtime: Set up, example salespeople, the example leads as Google Form
 * submissions, then the 5-minute worker trigger on an emulated clock until every lead is
 * finished. Prints a summary and writes the workbook (.xlsx) and the sent e-mails (.eml).
 *
 *   npm start                 # offline, rules engine
 *   npm start -- --out DIR    # write elsewhere (default out/)
 *   LLM_API_KEY=… npm start   # grade and advise with the model (LLM_BASE_URL, LLM_MODEL optional)
 */
import { existsSync, mkdirSync, readFileSync } from "node:fs";
import { join, resolve, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { startEmulator } from "../src/emulator/index";
import { typeCells } from "../src/emulator/services/spreadsheet-host";
import { FIELD_LABELS, LEAD_FIELDS, type Lead } from "../src/core/lead";
import { LEAD_COLUMN_DEFS, mapColumns } from "../src/gas/schema";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const MIN = 60_000;

function argValue(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  if (i >= 0) return process.argv[i + 1];
  const eq = process.argv.find((a) => a.startsWith(name + "="));
  return eq ? eq.slice(name.length + 1) : undefined;
}

/** The project's labelled example leads, or the demo's own when those are absent. */
function loadLeads(): { id: string; lead: Partial<Lead> }[] {
  const candidates = [join(root, "test/fixtures/labelled-leads.jsonl"), join(root, "scripts/demo-leads.jsonl")];
  const file = candidates.find((f) => existsSync(f))!;
  return readFileSync(file, "utf8")
    .split("\n")
    .filter((l) => l.trim())
    .map((l, i) => {
      const o = JSON.parse(l) as { id?: string; lead: Partial<Lead> };
      return { id: o.id ?? `#${i + 1}`, lead: o.lead };
    });
}

const REPS = [
  ["张伟", "zhang.wei@example.com", "华东", "", 1, "是"],
  ["李娜", "li.na@example.com", "华东", "", 2, "是"],
  ["王芳", "wang.fang@example.com", "华南", "", 1, "是"],
  ["刘洋", "liu.yang@example.com", "华南", "", 2, "是"],
  ["陈静", "chen.jing@example.com", "华北", "", 1, "是"],
  ["杨磊（兜底）", "yang.lei@example.com", "华中", "", 1, "是"],
];

function pad(s: string, n: number): string {
  // CJK characters take two columns in a terminal.
  const w = Array.from(s).reduce((a, c) => a + (/[\u1100-\uffff]/.test(c) ? 2 : 1), 0);
  return s + " ".repeat(Math.max(0, n - w));
}

function cut(s: string, n: number): string {
  let out = "";
  let w = 0;
  for (const c of Array.from(s)) {
    const cw = /[\u1100-\uffff]/.test(c) ? 2 : 1;
    if (w + cw > n - 1) return out + "…";
    out += c;
    w += cw;
  }
  return out;
}

async function main(): Promise<void> {
  const started = Date.now();
  const outDir = resolve(argValue("--out") ?? join(root, "out"));
  mkdirSync(outDir, { recursive: true });
  const apiKey = process.env.LLM_API_KEY ?? "";
  const emu = await startEmulator({
    now: Date.UTC(2025, 2, 3, 1, 0, 0),
    scriptProperties: apiKey ? { LLM_API_KEY: apiKey } : {},
    prewarmWorkers: 2,
  });
  try {
    const setup = await emu.run("setup");
    if (!setup.ok) throw new Error(`setup failed: ${setup.error?.message}`);

    typeCells(emu.world, "Salespeople", "A2", REPS);
    const settings = emu.readSheet("Settings");
    const set = (key: string, value: string | number) => {
      const i = settings.findIndex((r) => r[0] === key);
      if (i >= 0) typeCells(emu.world, "Settings", `C${i + 1}`, [[value]]);
    };
    set("MANAGER_EMAIL", "manager@example.com");
    set("FALLBACK_REGION", "华中");
    if (process.env.LLM_BASE_URL) set("LLM_BASE_URL", process.env.LLM_BASE_URL);
    if (process.env.LLM_MODEL) set("LLM_MODEL", process.env.LLM_MODEL);

    const leads = loadLeads();
    console.log(`leadgrade demo: ${leads.length} leads, engine ${apiKey ? "model (LLM_API_KEY set)" : "rules (offline)"}`);
    const customerToDemoId = new Map<string, string>();
    // A few receptionists at once: submissions overlap, as on a busy morning.
    for (let i = 0; i < leads.length; i += 4) {
      const batch = leads.slice(i, i + 4);
      const runs = await Promise.all(
        batch.map((l) => {
          const answers: Record<string, string> = {};
          for (const f of LEAD_FIELDS) answers[FIELD_LABELS[f].zh] = l.lead[f] ?? "";
          customerToDemoId.set(l.lead.customerName ?? "", l.id);
          return emu.submitForm(answers);
        }),
      );
      for (const r of runs.flat()) if (!r.ok) console.error(`  ${r.functionName} failed: ${r.error?.message}`);
      await emu.advance(MIN);
    }

    const finished = () => {
      const values = emu.readSheet("Leads");
      const cols = mapColumns(values[0] ?? [], LEAD_COLUMN_DEFS);
      return values.slice(1).every((r) => {
        const status = String(r[cols.status!]);
        return status === "notified" || ((status === "incomplete" || status === "needs-attention") && r[cols.notifiedAt!] !== "");
      });
    };
    for (let t = 0; t < 24 && !finished(); t++) await emu.advance(5 * MIN);

    const values = emu.readSheet("Leads");
    const cols = mapColumns(values[0] ?? [], LEAD_COLUMN_DEFS);
    const c = (r: unknown[], k: keyof typeof cols) => String(r[cols[k]!] ?? "");
    console.log("");
    console.log(`${pad("lead", 8)}${pad("customer", 30)}${pad("grade", 12)}${pad("total", 7)}${pad("owner", 16)}${pad("engine", 8)}status`);
    for (const r of values.slice(1)) {
      const demoId = customerToDemoId.get(c(r, "customerName")) ?? "";
      console.log(
        `${pad(demoId, 8)}${pad(cut(c(r, "customerName"), 28), 30)}${pad(c(r, "grade"), 12)}${pad(c(r, "total"), 7)}${pad(cut(c(r, "owner") || "-", 14), 16)}${pad(c(r, "engine"), 8)}${c(r, "status")}`,
      );
    }
    const workbook = join(outDir, "leadgrade.xlsx");
    await emu.save(workbook);
    const outbox = join(outDir, "outbox");
    const files = await emu.writeOutbox(outbox);
    console.log("");
    console.log(`workbook: ${workbook}`);
    console.log(`outbox:   ${outbox} (${files.length} e-mails)`);
    console.log(`done in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    if (!finished()) {
      console.error("some leads did not finish: see the Log sheet in the workbook");
      process.exitCode = 1;
    }
  } finally {
    await emu.close();
  }
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
