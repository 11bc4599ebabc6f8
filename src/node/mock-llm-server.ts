/**
 * A real OpenAI-compatible chat-completions server on 127.0.0.1 for tests, demos and the
 * benchmark. By default it answers like a well-behaved model: it reads the lead from the
 * request's <lead_data> block, runs the rules engine on it and replies in the format the
 * request asked for (json_schema / json_object: bare JSON; plain: JSON inside prose and a
 * fence). Faults and scripted replies exercise every failure path; a seed makes the
 * fault sequence repeatable.
 *
 * In-process: `startMockLlm(opts)`. Out of process (the Apps Script emulator blocks its own
 * thread during a synchronous fetch): `startMockLlmProcess(opts)`, or run this file with tsx;
 * it prints {"url": …} as the first stdout line and serves until SIGTERM/SIGINT.
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { spawn } from "node:child_process";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { normalizeLead, type Lead } from "../core/lead";
import { DEFAULT_RUBRIC, DIMENSION_KEYS, type Rubric } from "../core/rubric";
import { analyzeWithRules } from "../core/rules/index";
import { finishGrade } from "../core/grade";
import { offlineAdvice } from "../core/advice";
import { ADVICE_SCHEMA_NAME } from "../core/llm/schema";

export const MOCK_FAULTS = [
  "timeout",
  "429",
  "500",
  "malformed-json",
  "invalid-points",
  "refusal",
  "length",
  "empty-choices",
  "reject-json-schema",
] as const;
export type MockFault = (typeof MOCK_FAULTS)[number];

export type MockReply = { delayMs?: number } & (
  | { kind: "default" }
  | { kind: "fault"; fault: MockFault; retryAfter?: string }
  | { kind: "content"; content: string | null; finishReason?: string; refusal?: string }
  | { kind: "raw"; status: number; headers?: Record<string, string>; body: string }
);

export interface MockRequestRecord {
  index: number;
  method: string;
  path: string;
  headers: Record<string, string>;
  /** The parsed JSON body (null when it was not JSON). */
  body: any;
  /** The request's response_format type, or "plain". */
  mode: "json_schema" | "json_object" | "plain";
  purpose: "grade" | "advice";
  /** Date.now() when the request arrived. */
  receivedAt: number;
}

export interface MockOptions {
  /** Fixed delay before every reply. */
  latencyMs?: number;
  /** Random faults: each request faults with probability `rate`, picking one of `kinds`. */
  faults?: { rate: number; kinds?: MockFault[]; seed?: number; retryAfter?: string };
  /** Scripted replies by request index (array) or decided per request (function); undefined = default. */
  script?: MockReply[] | ((req: MockRequestRecord) => MockReply | undefined);
  /** Answer any json_schema request with HTTP 400 naming response_format (like servers without structured outputs). */
  rejectJsonSchema?: boolean;
  /** Also reject json_object, leaving only plain instructions. */
  rejectJsonObject?: boolean;
  /** When set, requests must carry this bearer key; a wrong key gets a 401 that echoes it (as some providers do). */
  apiKey?: string;
  rubric?: Rubric;
  /** Rules engine override (tests); default: analyzeWithRules. */
  rules?: typeof analyzeWithRules;
  port?: number;
}

export interface MockLlm {
  /** Base URL to use as LLM_BASE_URL, e.g. http://127.0.0.1:54321/v1 */
  url: string;
  requests: MockRequestRecord[];
  close(): Promise<void>;
}

/** mulberry32: tiny seeded PRNG, so a fault sequence repeats exactly for a seed. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}

function userText(body: any): string {
  const msgs: any[] = Array.isArray(body?.messages) ? body.messages : [];
  const first = msgs.find((m) => m?.role === "user" && typeof m.content === "string");
  return first ? first.content : "";
}

/** The lead a request carries, from its <lead_data> JSON. */
export function leadFromRequest(body: any): { lead: Lead; receivedAt: Date } | undefined {
  const text = userText(body);
  const m = /<lead_data>\s*([\s\S]*?)\s*<\/lead_data>/.exec(text);
  if (!m) return undefined;
  try {
    const lead = normalizeLead(JSON.parse(m[1])).lead;
    const d = /(\d{4}-\d{2}-\d{2})/.exec(text);
    return { lead, receivedAt: d ? new Date(`${d[1]}T04:00:00Z`) : new Date() };
  } catch {
    return undefined;
  }
}

function lowestChoice(rubric: Rubric): Record<string, { evidence: string; points: number }> {
  const out: Record<string, { evidence: string; points: number }> = {};
  for (const k of DIMENSION_KEYS) {
    const d = rubric.dimensions.find((x) => x.key === k)!;
    out[k] = { evidence: "", points: Math.min(...d.options.map((o) => o.points)) };
  }
  return out;
}

/** What a contract-following model would answer: the rules engine's choices. */
export function defaultGradeReply(body: any, rubric: Rubric, rules: typeof analyzeWithRules = analyzeWithRules): Record<string, unknown> {
  const found = leadFromRequest(body);
  if (!found) return { dimensions: lowestChoice(rubric), missingInfo: ["lead data not found"] };
  try {
    const a = rules(found.lead, rubric, { now: found.receivedAt });
    const dims: Record<string, { evidence: string; points: number }> = {};
    for (const k of DIMENSION_KEYS) dims[k] = { evidence: a.dimensions[k].evidence, points: a.dimensions[k].points };
    return { dimensions: dims, missingInfo: a.missingInfo };
  } catch {
    // The mock must stay up even if the engine cannot read a lead: answer the lowest options.
    return { dimensions: lowestChoice(rubric), missingInfo: [] };
  }
}

export function defaultAdviceReply(body: any, rubric: Rubric, rules: typeof analyzeWithRules = analyzeWithRules): Record<string, unknown> {
  const found = leadFromRequest(body);
  try {
    if (!found) throw new Error("no lead");
    const a = rules(found.lead, rubric, { now: found.receivedAt });
    const result = finishGrade({ lead: found.lead, rubric, dimensions: a.dimensions, placement: a.placement, engine: "rules", missingInfo: a.missingInfo });
    return { ...offlineAdvice(found.lead, result, rubric, result.lang) };
  } catch {
    const s = "Not enough information; collect the company size, the need and the timeline.";
    return { maturityLevel: "low", maturity: s, needsAndPainPoints: s, communicationStrategy: s, nextActions: s, resourcesAndRisks: s };
  }
}

function completion(model: string, index: number, content: string | null, finishReason: string, refusal: string | null = null) {
  const promptTokens = 1000;
  const completionTokens = content ? Math.ceil(content.length / 3) : 0;
  return {
    id: `chatcmpl-mock-${index}`,
    object: "chat.completion",
    created: Math.floor(Date.now() / 1000),
    model,
    choices: [{ index: 0, message: { role: "assistant", content, refusal }, logprobs: null, finish_reason: finishReason }],
    usage: { prompt_tokens: promptTokens, completion_tokens: completionTokens, total_tokens: promptTokens + completionTokens },
  };
}

function errorBody(message: string, type: string, param: string | null = null, code: string | null = null) {
  return JSON.stringify({ error: { message, type, param, code } });
}

export async function startMockLlm(opts: MockOptions = {}): Promise<MockLlm> {
  const rubric = opts.rubric ?? DEFAULT_RUBRIC;
  const requests: MockRequestRecord[] = [];
  const random = seededRandom(opts.faults?.seed ?? 1);
  const sockets = new Set<Socket>();
  const timers = new Set<NodeJS.Timeout>();
  let closed = false;

  const later = (ms: number) =>
    new Promise<void>((resolve) => {
      if (ms <= 0) return resolve();
      const t = setTimeout(() => {
        timers.delete(t);
        resolve();
      }, ms);
      timers.add(t);
    });

  function pickReply(rec: MockRequestRecord): MockReply {
    const s = opts.script;
    const scripted = typeof s === "function" ? s(rec) : s?.[rec.index];
    if (scripted) return scripted;
    if (rec.mode === "json_schema" && opts.rejectJsonSchema) return { kind: "fault", fault: "reject-json-schema" };
    if (rec.mode === "json_object" && opts.rejectJsonObject) return { kind: "raw", status: 400, body: errorBody("'response_format.type' json_object is not supported by this model", "invalid_request_error", "response_format") };
    const f = opts.faults;
    if (f && f.rate > 0) {
      // Always draw both numbers so the sequence for a seed does not depend on the outcome.
      const hit = random() < f.rate;
      const kinds = f.kinds?.length ? f.kinds : MOCK_FAULTS.filter((k) => k !== "reject-json-schema");
      const which = kinds[Math.floor(random() * kinds.length) % kinds.length];
      if (hit) return { kind: "fault", fault: which, retryAfter: f.retryAfter };
    }
    return { kind: "default" };
  }

  function formatted(json: Record<string, unknown>, mode: MockRequestRecord["mode"]): string {
    const text = JSON.stringify(json);
    // A plain-mode model wraps its JSON in prose and a fence; the client must dig it out.
    return mode === "plain" ? `Here is the result:\n\`\`\`json\n${JSON.stringify(json, null, 2)}\n\`\`\`\nLet me know if you need more.` : text;
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const arrived = Date.now();
    const path = (req.url ?? "/").split("?")[0];
    if (req.method === "GET" && path === "/__mock/requests") {
      res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(requests));
      return;
    }
    if (req.method !== "POST" || !path.endsWith("/chat/completions")) {
      res.writeHead(404, { "content-type": "application/json" }).end(errorBody(`no route ${req.method} ${path}`, "invalid_request_error"));
      return;
    }
    const raw = await readBody(req);
    let body: any = null;
    try {
      body = JSON.parse(raw);
    } catch {
      body = null;
    }
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(req.headers)) headers[k] = Array.isArray(v) ? v.join(", ") : String(v ?? "");
    const rf = body?.response_format;
    const mode: MockRequestRecord["mode"] = rf?.type === "json_schema" ? "json_schema" : rf?.type === "json_object" ? "json_object" : "plain";
    const purpose = rf?.json_schema?.name === ADVICE_SCHEMA_NAME || userText(body).includes("<grade_data>") ? "advice" : "grade";
    const rec: MockRequestRecord = { index: requests.length, method: req.method, path, headers, body, mode, purpose, receivedAt: Date.now() };
    requests.push(rec);

    const send = (status: number, text: string, extra: Record<string, string> = {}) => {
      if (closed || res.writableEnded) return;
      res.writeHead(status, { "content-type": "application/json", ...extra }).end(text);
    };
    if (!body || !Array.isArray(body.messages)) return send(400, errorBody("body must be JSON with messages", "invalid_request_error", "messages"));
    if (opts.apiKey !== undefined) {
      const auth = headers["authorization"] ?? "";
      const given = auth.replace(/^Bearer\s+/i, "");
      if (given !== opts.apiKey) return send(401, errorBody(`Incorrect API key provided: ${given}.`, "invalid_request_error", null, "invalid_api_key"));
    }

    const reply = pickReply(rec);
    const model = String(body.model ?? "mock");
    let answer: string | undefined;
    const good = () => (answer ??= formatted(purpose === "advice" ? defaultAdviceReply(body, rubric, opts.rules) : defaultGradeReply(body, rubric, opts.rules), mode));
    // The configured latency runs from the request's arrival: the answer is prepared meanwhile, so
    // the mock's own CPU time (the rules engine behind its replies) is not added to every call.
    if (reply.kind === "default") good();
    await later(Math.max(0, (opts.latencyMs ?? 0) + (reply.delayMs ?? 0) - (Date.now() - arrived)));

    switch (reply.kind) {
      case "default":
        return send(200, JSON.stringify(completion(model, rec.index, good(), "stop")));
      case "content":
        return send(200, JSON.stringify(completion(model, rec.index, reply.content, reply.finishReason ?? "stop", reply.refusal ?? null)));
      case "raw":
        return send(reply.status, reply.body, reply.headers ?? {});
      case "fault":
        switch (reply.fault) {
          case "timeout":
            return; // never answer; close() drops the socket
          case "429":
            return send(429, errorBody("Rate limit reached for requests", "requests", null, "rate_limit_exceeded"), { "retry-after": reply.retryAfter ?? "1" });
          case "500":
            return send(500, errorBody("The server had an error while processing your request.", "server_error"));
          case "malformed-json":
            return send(200, JSON.stringify(completion(model, rec.index, good().slice(0, 40) + ' "oops', "stop")));
          case "invalid-points": {
            const json = purpose === "advice" ? { ...defaultAdviceReply(body, rubric, opts.rules), maturityLevel: "very high" } : defaultGradeReply(body, rubric, opts.rules);
            if (purpose === "grade") (json.dimensions as Record<string, { points: number }>).companySize.points = 13;
            return send(200, JSON.stringify(completion(model, rec.index, formatted(json, mode), "stop")));
          }
          case "refusal":
            return send(200, JSON.stringify(completion(model, rec.index, null, "stop", "I'm sorry, but I can't help with that request.")));
          case "length":
            return send(200, JSON.stringify(completion(model, rec.index, good().slice(0, 60), "length")));
          case "empty-choices":
            return send(200, JSON.stringify({ ...completion(model, rec.index, null, "stop"), choices: [] }));
          case "reject-json-schema":
            return send(400, errorBody("Invalid parameter: 'response_format' of type 'json_schema' is not supported with this model.", "invalid_request_error", "response_format"));
        }
    }
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((e) => {
      if (!res.headersSent) res.writeHead(500, { "content-type": "application/json" }).end(errorBody(String(e), "server_error"));
    });
  });
  server.on("connection", (s) => {
    sockets.add(s);
    s.on("close", () => sockets.delete(s));
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(opts.port ?? 0, "127.0.0.1", () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/v1`,
    requests,
    close: async () => {
      closed = true;
      for (const t of timers) clearTimeout(t);
      timers.clear();
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

export interface MockLlmProcess {
  url: string;
  pid: number;
  /** The requests seen so far (fetched from the child over HTTP). */
  requests(): Promise<MockRequestRecord[]>;
  close(): Promise<void>;
}

/** Options that can cross a process boundary (no script function). */
export type MockProcessOptions = Omit<MockOptions, "script" | "rubric"> & { script?: MockReply[] };

/** Run the mock in a child process (tsx), for callers whose own thread blocks during fetch. */
export async function startMockLlmProcess(opts: MockProcessOptions = {}): Promise<MockLlmProcess> {
  const file = fileURLToPath(import.meta.url);
  const child = spawn(process.execPath, ["--import", "tsx", file, "--json", JSON.stringify(opts)], { stdio: ["ignore", "pipe", "inherit"] });
  const lines = createInterface({ input: child.stdout! });
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error("mock LLM process did not start within 15 s")), 15_000);
    child.once("exit", (code) => reject(new Error(`mock LLM process exited with ${code}`)));
    lines.once("line", (line) => {
      clearTimeout(timer);
      try {
        resolve((JSON.parse(line) as { url: string }).url);
      } catch (e) {
        reject(e);
      }
    });
  });
  return {
    url,
    pid: child.pid!,
    requests: async () => (await (await fetch(url.replace(/\/v1$/, "") + "/__mock/requests")).json()) as MockRequestRecord[],
    close: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once("exit", () => resolve());
        child.kill("SIGTERM");
      }),
  };
}

/** `tsx src/node/mock-llm-server.ts [--json '{…MockOptions}'] [--latency ms] [--fault-rate r] [--faults a,b] [--seed n] [--reject-json-schema] [--port p]` */
export function parseMockArgs(argv: string[]): MockProcessOptions {
  let opts: MockProcessOptions = {};
  const faults: { rate: number; kinds?: MockFault[]; seed?: number; retryAfter?: string } = { rate: 0 };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const v = () => argv[++i] ?? "";
    if (a === "--json") opts = { ...opts, ...(JSON.parse(v()) as MockProcessOptions) };
    else if (a === "--latency") opts.latencyMs = Number(v());
    else if (a === "--fault-rate") faults.rate = Number(v());
    else if (a === "--faults") faults.kinds = v().split(",").filter(Boolean) as MockFault[];
    else if (a === "--seed") faults.seed = Number(v());
    else if (a === "--retry-after") faults.retryAfter = v();
    else if (a === "--reject-json-schema") opts.rejectJsonSchema = true;
    else if (a === "--port") opts.port = Number(v());
    else throw new Error(`unknown option ${a}`);
  }
  if (faults.rate > 0) opts.faults = faults;
  return opts;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const mock = await startMockLlm(parseMockArgs(process.argv.slice(2)));
  process.stdout.write(JSON.stringify({ url: mock.url }) + "\n");
  const stop = () => void mock.close().then(() => process.exit(0));
  process.on("SIGTERM", stop);
  process.on("SIGINT", stop);
}
