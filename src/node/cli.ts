/**
 * `leadgrade grade <file> [--engine llm|rules|auto] [--advice] [--concurrency N]
 *  [--format jsonl|csv|table] [--now ISO]`
 *
 * Reads leads from JSONL or CSV, grades each (model or rules, see grader.ts) and writes one
 * output record per input record, in input order. A record that cannot be read becomes
 * {"id","error"} and the run goes on; only usage errors and an unreadable file fail the run.
 */
import { readFileSync } from "node:fs";
import { extname } from "node:path";
import { fileURLToPath } from "node:url";
import { parseCsv as parseRfc4180 } from "../core/csv";
import { LeadInputError, fieldForLabel, normalizeLead, type Lead } from "../core/lead";
import { DIMENSION_KEYS } from "../core/rubric";
import { ADVICE_SECTIONS } from "../core/result";
import { createGrader, type EngineChoice, type GradedLead, type GraderOptions } from "./grader";

export const USAGE = `usage: leadgrade grade <file.jsonl|file.csv> [--engine llm|rules|auto] [--advice] [--concurrency N]
                       [--format jsonl|csv|table] [--now ISO-date]

  --engine       auto (default): the model when LLM_API_KEY (or OPENAI_API_KEY) is set, else rules
  --advice       add the five-part follow-up plan
  --concurrency  leads graded at the same time (default 4)
  --format       table on a terminal, jsonl otherwise
  --now          the day the leads arrived (purchase plans are judged from it); default: now

Model endpoint: LLM_BASE_URL (default https://api.openai.com/v1), LLM_API_KEY, LLM_MODEL.`;

export class UsageError extends Error {
  override name = "UsageError";
}

export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  env: Record<string, string | undefined>;
  isTTY: boolean;
}

export type OutputFormat = "jsonl" | "csv" | "table";

export interface GradeArgs {
  file: string;
  engine: EngineChoice;
  advice: boolean;
  concurrency: number;
  format?: OutputFormat;
  now?: Date;
}

export function parseArgs(argv: string[]): GradeArgs | "help" {
  if (argv.length === 0 || argv.includes("--help") || argv.includes("-h")) return "help";
  const [command, ...rest] = argv;
  if (command !== "grade") throw new UsageError(`unknown command "${command}"`);
  const args: Partial<GradeArgs> = { engine: "auto", advice: false, concurrency: 4 };
  for (let i = 0; i < rest.length; i++) {
    const a = rest[i];
    const [flag, inline] = a.startsWith("--") && a.includes("=") ? [a.slice(0, a.indexOf("=")), a.slice(a.indexOf("=") + 1)] : [a, undefined];
    const value = () => {
      const v = inline ?? rest[++i];
      if (v === undefined || (inline === undefined && v.startsWith("--"))) throw new UsageError(`${flag} needs a value`);
      return v;
    };
    switch (flag) {
      case "--engine": {
        const v = value();
        if (v !== "llm" && v !== "rules" && v !== "auto") throw new UsageError(`--engine must be llm, rules or auto (got "${v}")`);
        args.engine = v;
        break;
      }
      case "--advice":
        args.advice = true;
        break;
      case "--concurrency": {
        const n = Number(value());
        if (!Number.isInteger(n) || n < 1 || n > 64) throw new UsageError("--concurrency must be a whole number from 1 to 64");
        args.concurrency = n;
        break;
      }
      case "--format": {
        const v = value();
        if (v !== "jsonl" && v !== "csv" && v !== "table") throw new UsageError(`--format must be jsonl, csv or table (got "${v}")`);
        args.format = v;
        break;
      }
      case "--now": {
        const v = value();
        const d = new Date(v);
        if (Number.isNaN(d.getTime())) throw new UsageError(`--now must be an ISO date (got "${v}")`);
        args.now = d;
        break;
      }
      default:
        if (flag.startsWith("-")) throw new UsageError(`unknown option ${flag}`);
        if (args.file) throw new UsageError(`one input file only (got "${args.file}" and "${flag}")`);
        args.file = flag;
    }
  }
  if (!args.file) throw new UsageError("missing input file");
  return args as GradeArgs;
}

/** RFC 4180 CSV (see core/csv.ts), after a byte-order mark; rows with only blank fields are dropped. */
export function parseCsv(text: string): string[][] {
  return parseRfc4180(text.replace(/^\uFEFF/, "")).filter((r) => r.some((f) => f.trim() !== ""));
}

export type InputRecord = { id: string; lead: Lead } | { id: string; error: string };

function recordFrom(raw: unknown, fallbackId: string): InputRecord {
  const obj = raw as Record<string, unknown> | null;
  const rawId = obj && typeof obj === "object" && !Array.isArray(obj) ? obj["id"] : undefined;
  const id = typeof rawId === "string" || typeof rawId === "number" ? String(rawId) : fallbackId;
  try {
    return { id, lead: normalizeLead(raw).lead };
  } catch (e) {
    if (e instanceof LeadInputError) return { id, error: e.message };
    throw e;
  }
}

export function readJsonl(text: string): InputRecord[] {
  const out: InputRecord[] = [];
  text.replace(/^\uFEFF/, "").split(/\r?\n/).forEach((line, i) => {
    if (line.trim() === "") return;
    const fallbackId = String(i + 1);
    try {
      out.push(recordFrom(JSON.parse(line), fallbackId));
    } catch (e) {
      out.push({ id: fallbackId, error: `line ${i + 1}: not valid JSON (${e instanceof Error ? e.message : String(e)})` });
    }
  });
  return out;
}

export function readCsv(text: string): InputRecord[] {
  const rows = parseCsv(text);
  if (rows.length === 0) return [];
  const header = rows[0].map((h) => h.trim());
  const known = header.filter((h) => /^id$/i.test(h) || fieldForLabel(h));
  if (known.length === 0) throw new UsageError("the CSV header names no lead field (use canonical keys or the form's labels)");
  return rows.slice(1).map((cells, i) => {
    const fallbackId = String(i + 1);
    if (cells.length > header.length && cells.slice(header.length).some((c) => c.trim() !== "")) {
      return { id: fallbackId, error: `row ${i + 2}: ${cells.length} fields but the header has ${header.length}` };
    }
    const obj: Record<string, string> = {};
    header.forEach((h, j) => {
      if (h !== "" && cells[j] !== undefined) obj[/^id$/i.test(h) ? "id" : h] = cells[j];
    });
    return recordFrom(obj, fallbackId);
  });
}

export function readInput(file: string, text: string): InputRecord[] {
  const ext = extname(file).toLowerCase();
  if (ext === ".jsonl" || ext === ".ndjson" || ext === ".json") return readJsonl(text);
  if (ext === ".csv") return readCsv(text);
  return text.trimStart().startsWith("{") ? readJsonl(text) : readCsv(text);
}

export interface OutputRecord {
  id: string;
  grade?: string;
  total?: number;
  dimensions?: Record<string, number>;
  region?: string;
  engine?: string;
  fallbackReason?: string;
  reason?: string;
  advice?: Record<string, string>;
  error?: string;
}

export function toOutput(r: GradedLead | { id: string; error: string }): OutputRecord {
  if ("error" in r) return { id: r.id, error: r.error };
  const g = r.result;
  const out: OutputRecord = {
    id: r.id,
    grade: g.grade,
    total: g.total,
    dimensions: Object.fromEntries(DIMENSION_KEYS.map((k) => [k, g.dimensions[k].points])),
    region: g.region,
    engine: g.engine,
  };
  if (g.fallbackReason) out.fallbackReason = g.fallbackReason;
  out.reason = g.reason;
  if (r.advice) out.advice = { ...r.advice };
  return out;
}

function csvCell(v: unknown): string {
  const s = v === undefined || v === null ? "" : String(v);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function formatCsv(records: OutputRecord[], withAdvice: boolean): string {
  const cols = ["id", "grade", "total", ...DIMENSION_KEYS, "region", "engine", "fallbackReason", "reason", ...(withAdvice ? ["maturityLevel", ...ADVICE_SECTIONS] : []), "error"];
  const lines = [cols.join(",")];
  for (const r of records) {
    const cells = cols.map((c) => {
      if ((DIMENSION_KEYS as readonly string[]).includes(c)) return r.dimensions?.[c];
      if (c === "maturityLevel" || (ADVICE_SECTIONS as readonly string[]).includes(c)) return r.advice?.[c];
      return (r as unknown as Record<string, unknown>)[c];
    });
    lines.push(cells.map(csvCell).join(","));
  }
  return lines.join("\n") + "\n";
}

/** Terminal width of text: CJK and full-width characters take two columns. */
function width(s: string): number {
  let w = 0;
  for (const ch of s) w += /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/.test(ch) ? 2 : 1;
  return w;
}

function pad(s: string, w: number): string {
  return s + " ".repeat(Math.max(0, w - width(s)));
}

export function formatTable(records: OutputRecord[]): string {
  const head = ["id", "grade", "total", "region", "engine", "note"];
  const rows = records.map((r) =>
    r.error !== undefined
      ? [r.id, "-", "-", "-", "-", `error: ${r.error}`]
      : [r.id, r.grade ?? "", String(r.total ?? ""), r.region || "-", r.engine ?? "", r.fallbackReason ? `fallback: ${r.fallbackReason}` : r.advice ? `maturity: ${r.advice.maturityLevel}` : ""],
  );
  const widths = head.map((h, i) => Math.max(width(h), ...rows.map((r) => width(r[i]))));
  const line = (cells: string[]) => cells.map((c, i) => pad(c, widths[i])).join("  ").trimEnd();
  return [line(head), line(widths.map((w) => "-".repeat(w))), ...rows.map(line)].join("\n") + "\n";
}

/** Test seams: the rules engine and the LLM transport. */
export type CliDeps = Pick<GraderOptions, "rules" | "client" | "sleep" | "random" | "policy" | "modeStore">;

export async function runCli(argv: string[], io: CliIo, deps: CliDeps = {}): Promise<number> {
  let args: GradeArgs | "help";
  try {
    args = parseArgs(argv);
  } catch (e) {
    if (e instanceof UsageError) {
      io.stderr(`leadgrade: ${e.message}\n${USAGE}\n`);
      return 2;
    }
    throw e;
  }
  if (args === "help") {
    io.stdout(USAGE + "\n");
    return 0;
  }
  let text: string;
  try {
    text = readFileSync(args.file, "utf8");
  } catch (e) {
    io.stderr(`leadgrade: cannot read ${args.file}: ${(e as NodeJS.ErrnoException).code ?? String(e)}\n`);
    return 1;
  }
  let inputs: InputRecord[];
  try {
    inputs = readInput(args.file, text);
  } catch (e) {
    if (e instanceof UsageError) {
      io.stderr(`leadgrade: ${args.file}: ${e.message}\n`);
      return 1;
    }
    throw e;
  }
  const grader = createGrader({
    ...deps,
    engine: args.engine,
    advice: args.advice,
    concurrency: args.concurrency,
    env: io.env,
    now: args.now,
    log: (e) => {
      if (e.outcome !== "done") io.stderr(`[${e.step} ${e.id}] ${e.outcome}: ${e.message}\n`);
    },
  });
  if (args.engine === "llm" && !grader.endpoint.hasKey) io.stderr("leadgrade: no LLM_API_KEY / OPENAI_API_KEY set; grading with the rules engine\n");
  const readable = inputs.filter((r): r is { id: string; lead: Lead } => "lead" in r);
  const graded = await grader.gradeMany(readable);
  const byIndex = new Map<InputRecord, GradedLead | { id: string; error: string }>();
  readable.forEach((r, i) => byIndex.set(r, graded[i]));
  const records = inputs.map((r) => toOutput("lead" in r ? byIndex.get(r)! : r));

  const format: OutputFormat = args.format ?? (io.isTTY ? "table" : "jsonl");
  if (format === "jsonl") io.stdout(records.map((r) => JSON.stringify(r)).join("\n") + (records.length ? "\n" : ""));
  else if (format === "csv") io.stdout(formatCsv(records, args.advice));
  else io.stdout(formatTable(records));
  return 0;
}

export async function main(): Promise<void> {
  const code = await runCli(process.argv.slice(2), {
    stdout: (t) => process.stdout.write(t),
    stderr: (t) => process.stderr.write(t),
    env: process.env,
    isTTY: process.stdout.isTTY === true,
  });
  process.exitCode = code;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) await main();
