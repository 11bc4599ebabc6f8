/**
 * Host side of the emulated runtime: a small pool of worker threads, one execution per worker
 * at a time, and the synchronous-RPC server that runs service methods for them.
 *
 * A proxied call arrives as {t:"call", handle, method, args}; the host runs the real method
 * (awaiting it if it returns a Promise), counts it in world.counters, posts the encoded reply
 * on the worker's reply port and wakes the worker (Atomics.notify). Replies travel by
 * structured clone on a MessageChannel, so there is no fixed reply size: a 20,000-row
 * getValues is one message like any other.
 */
import { Worker, MessageChannel, type MessagePort } from "node:worker_threads";
import { readFileSync } from "node:fs";
import { performance } from "node:perf_hooks";
import { GasException, type ExecutionInfo, type World } from "../contract";
import { HandleTable, gasClassOf } from "./codec";
import type { SharedClock } from "./clock";

export const EXCEEDED_MAXIMUM_EXECUTION_TIME = "Exceeded maximum execution time";
/** Apps Script's limit per execution (spec #75), in real time. */
export const DEFAULT_EXECUTION_TIME_LIMIT_MS = 6 * 60 * 1000;

const WORKER_URL = new URL("./worker.mjs", import.meta.url);

/** What the runtime needs from the services: globals per execution and the end hook. */
export interface RuntimeServices {
  createGlobals(world: World, exec: ExecutionInfo): Record<string, object>;
  endExecution(world: World, exec: ExecutionInfo): void;
}

export interface RuntimeOptions {
  bundlePath: string;
  /** Real-time limit per execution (default 6 minutes). */
  executionTimeLimitMs?: number;
  /** Warm workers kept for reuse between executions (default 2). */
  maxIdleWorkers?: number;
  /** Workers started ahead of the first execution (default 1). */
  prewarmWorkers?: number;
}

export interface ExecutionRequest {
  functionName: string;
  /** Present (even if undefined) means: call the entry point with one argument. */
  event?: unknown;
  hasEvent: boolean;
  kind: ExecutionInfo["kind"];
  triggerUid?: string;
  authMode?: ExecutionInfo["authMode"];
}

export interface ExecutionResult {
  functionName: string;
  executionId: string;
  ok: boolean;
  /** The entry point's return value; service objects come back as the host objects. */
  result?: unknown;
  error?: { name: string; message: string; stack?: string };
  /** Logger/console lines of this execution, in order. */
  logs: string[];
  /** Real milliseconds from dispatch to completion. */
  ms: number;
  /** True when the entry point does not exist in the bundle ("Script function not found"). */
  notFound?: boolean;
  /** The event the entry point received (host-side objects), for re-firing it. */
  event?: unknown;
  kind: ExecutionInfo["kind"];
  triggerUid?: string;
  /** Where the time went inside the worker (context set-up, bundle load, the call). */
  timings?: { contextMs?: number; loadMs?: number; runMs?: number; waitForWorkerMs?: number };
}

interface WorkerReply {
  t: "ready" | "call" | "done";
  [key: string]: unknown;
}

interface ActiveExecution {
  exec: ExecutionInfo;
  table: HandleTable;
  finished: boolean;
  finish(message: WorkerReply | null, failure?: { name: string; message: string }): void;
}

class WorkerSlot {
  readonly worker: Worker;
  readonly signal: Int32Array;
  readonly replyPort: MessagePort;
  readonly ready: Promise<{ compileMs: number }>;
  active: ActiveExecution | null = null;
  dead = false;
  private readyError: Error | null = null;

  constructor(
    private readonly runtime: Runtime,
    code: string,
    filename: string,
    cachedData: Uint8Array | undefined,
    clockBuffer: SharedArrayBuffer,
  ) {
    const signalBuffer = new SharedArrayBuffer(4);
    this.signal = new Int32Array(signalBuffer);
    const channel = new MessageChannel();
    this.replyPort = channel.port2;
    this.worker = new Worker(WORKER_URL, {
      workerData: { code, filename, cachedData, clockBuffer, signalBuffer, replyPort: channel.port1 },
      transferList: [channel.port1],
      // No loaders (tsx, vitest) in the worker: it is plain JavaScript.
      execArgv: [],
    });
    let markReady!: (info: { compileMs: number }) => void;
    let failReady!: (error: Error) => void;
    this.ready = new Promise((resolve, reject) => {
      markReady = resolve;
      failReady = reject;
    });
    this.ready.catch(() => undefined);
    this.worker.on("message", (message: WorkerReply) => {
      if (message.t === "ready") markReady({ compileMs: message.compileMs as number });
      else if (message.t === "call") this.runtime.serveCall(this, message);
      else if (message.t === "done") this.active?.finish(message);
    });
    this.worker.on("error", (error: Error) => {
      this.dead = true;
      this.readyError = error;
      failReady(error);
      this.active?.finish(null, { name: error.name || "Error", message: `The execution's worker failed: ${error.message}` });
    });
    this.worker.on("exit", (code) => {
      this.dead = true;
      failReady(this.readyError ?? new Error(`worker exited with code ${code}`));
      this.active?.finish(null, { name: "Error", message: `The execution's worker exited (code ${code})` });
    });
  }

  reply(message: unknown): void {
    try {
      this.replyPort.postMessage(message);
    } catch (error) {
      // A value structured clone cannot carry: report it as a service error, never hang.
      this.replyPort.postMessage({ ok: false, message: `leadgrade runtime could not pass a value back: ${(error as Error).message}` });
    }
    Atomics.store(this.signal, 0, 1);
    Atomics.notify(this.signal, 0);
  }
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return value !== null && (typeof value === "object" || typeof value === "function") && typeof (value as { then?: unknown }).then === "function";
}

export class Runtime {
  private readonly code: string;
  private readonly filename: string;
  private readonly timeLimitMs: number;
  private readonly maxIdle: number;
  private readonly idle: WorkerSlot[] = [];
  private readonly slots = new Set<WorkerSlot>();
  private codeCache: Uint8Array | undefined;
  private codeCacheRequested = false;
  private executionCount = 0;
  private closed = false;
  /** Worker start-up times (ms from spawn to compiled bundle), for the benchmark. */
  readonly workerStartMs: number[] = [];

  constructor(
    readonly world: World,
    private readonly services: RuntimeServices,
    private readonly clock: SharedClock,
    options: RuntimeOptions,
  ) {
    this.filename = options.bundlePath;
    this.code = readFileSync(options.bundlePath, "utf8");
    this.timeLimitMs = options.executionTimeLimitMs ?? DEFAULT_EXECUTION_TIME_LIMIT_MS;
    this.maxIdle = options.maxIdleWorkers ?? 2;
    for (let i = 0; i < (options.prewarmWorkers ?? 1); i++) this.idle.push(this.spawn());
  }

  private spawn(): WorkerSlot {
    const started = performance.now();
    const slot = new WorkerSlot(this, this.code, this.filename, this.codeCache, this.clock.buffer);
    slot.ready.then(
      () => this.workerStartMs.push(performance.now() - started),
      () => undefined,
    );
    slot.worker.unref();
    this.slots.add(slot);
    return slot;
  }

  private acquire(): WorkerSlot {
    while (this.idle.length > 0) {
      const slot = this.idle.pop()!;
      if (!slot.dead) return slot;
      this.slots.delete(slot);
    }
    return this.spawn();
  }

  private release(slot: WorkerSlot): void {
    slot.active = null;
    if (!slot.dead && !this.closed && this.idle.length < this.maxIdle) {
      slot.worker.unref();
      this.idle.push(slot);
      return;
    }
    this.slots.delete(slot);
    void slot.worker.terminate();
  }

  /** Run one execution in its own worker; resolves when it ends (never rejects). */
  async execute(request: ExecutionRequest): Promise<ExecutionResult> {
    const dispatched = performance.now();
    const exec: ExecutionInfo = {
      id: `exec-${String(++this.executionCount).padStart(4, "0")}`,
      functionName: request.functionName,
      authMode: request.authMode ?? "FULL",
      triggerUid: request.triggerUid,
      kind: request.kind,
      startedAt: this.world.clock.now(),
      userEmail: userEmailOf(this.world),
    };
    const firstLog = this.world.logs.length;
    const table = new HandleTable();
    const base = { functionName: exec.functionName, executionId: exec.id, kind: exec.kind, triggerUid: exec.triggerUid, event: request.hasEvent ? request.event : undefined };
    const collectLogs = (): string[] =>
      this.world.logs.slice(firstLog).filter((line) => line.executionId === exec.id).map((line) => line.message);

    if (this.closed) {
      return { ...base, ok: false, error: { name: "Error", message: "The emulator is closed" }, logs: [], ms: 0 };
    }

    let message: Record<string, unknown>;
    try {
      const globals = this.services.createGlobals(this.world, exec);
      message = {
        t: "run",
        executionId: exec.id,
        functionName: exec.functionName,
        timeZone: scriptTimeZoneOf(this.world),
        globals: Object.entries(globals).map(([name, value]) => ({ name, value: table.encode(value) })),
        hasEvent: request.hasEvent,
        event: request.hasEvent ? table.encode(request.event) : undefined,
      };
    } catch (error) {
      this.endExecution(exec);
      const e = error as Error;
      return { ...base, ok: false, error: { name: e.name, message: e.message, stack: e.stack }, logs: collectLogs(), ms: performance.now() - dispatched };
    }

    const slot = this.acquire();
    slot.worker.ref();
    try {
      await slot.ready;
    } catch (error) {
      this.slots.delete(slot);
      this.endExecution(exec);
      return { ...base, ok: false, error: { name: "Error", message: `Could not start the execution's worker: ${(error as Error).message}` }, logs: collectLogs(), ms: performance.now() - dispatched };
    }
    const waitForWorkerMs = performance.now() - dispatched;
    if (!this.codeCache && !this.codeCacheRequested) {
      this.codeCacheRequested = true;
      message.wantCodeCache = true;
    }

    return new Promise<ExecutionResult>((resolve) => {
      const active: ActiveExecution = {
        exec,
        table,
        finished: false,
        finish: (reply, failure) => {
          if (active.finished) return;
          active.finished = true;
          clearTimeout(timer);
          let result: unknown;
          let error: ExecutionResult["error"];
          let ok = false;
          if (reply) {
            ok = reply.ok === true;
            if (reply.codeCache) this.codeCache = reply.codeCache as Uint8Array;
            try {
              result = ok ? table.decode(reply.result) : undefined;
            } catch (e) {
              ok = false;
              error = { name: "Error", message: (e as Error).message };
            }
            if (!ok && !error) error = reply.error as ExecutionResult["error"];
          } else {
            error = failure;
            if (message.wantCodeCache) this.codeCacheRequested = false;
          }
          this.endExecution(exec);
          const timings = { ...((reply?.timings as object) ?? {}), waitForWorkerMs };
          resolve({ ...base, ok, result, error, logs: collectLogs(), ms: performance.now() - dispatched, notFound: reply?.notFound === true || undefined, timings });
          if (reply) this.release(slot);
          else this.slots.delete(slot);
        },
      };
      slot.active = active;
      const timer = setTimeout(() => {
        // The worker may be deep in a loop or blocked on a call: stop the thread itself.
        slot.dead = true;
        active.finish(null, { name: "Exception", message: EXCEEDED_MAXIMUM_EXECUTION_TIME });
        void slot.worker.terminate();
      }, this.timeLimitMs);
      slot.worker.postMessage(message);
    });
  }

  /** Called by a WorkerSlot for each {t:"call"} message. */
  serveCall(slot: WorkerSlot, message: WorkerReply): void {
    const active = slot.active;
    if (!active) return;
    const { table } = active;
    let target: object;
    let method: string;
    let key = "?";
    try {
      target = table.get(message.handle as number);
      method = message.method as string;
      const fn = (target as Record<string, unknown>)[method];
      key = `${gasClassOf(target)}.${method}`;
      if (typeof fn !== "function") throw new GasException(`${key} is not a function`);
      const counters = this.world.counters;
      counters.set(key, (counters.get(key) ?? 0) + 1);
      const args = table.decode(message.args) as unknown[];
      const value: unknown = fn.apply(target, args);
      if (isThenable(value)) {
        Promise.resolve(value).then(
          (settled) => this.sendResult(slot, active, key, settled),
          (error) => this.sendError(slot, active, key, error),
        );
        return;
      }
      this.sendResult(slot, active, key, value);
    } catch (error) {
      this.sendError(slot, active, key, error);
    }
  }

  private sendResult(slot: WorkerSlot, active: ActiveExecution, key: string, value: unknown): void {
    if (active.finished) {
      // The execution was stopped while this call was pending: undo what the call may have
      // taken (e.g. a lock granted after the time limit).
      this.endExecution(active.exec);
      return;
    }
    let encoded: unknown;
    try {
      encoded = active.table.encode(value);
    } catch (error) {
      this.sendError(slot, active, key, error);
      return;
    }
    slot.reply({ ok: true, value: encoded });
  }

  private sendError(slot: WorkerSlot, active: ActiveExecution, key: string, error: unknown): void {
    if (active.finished) {
      this.endExecution(active.exec);
      return;
    }
    const message = error instanceof Error ? error.message : String(error);
    if (!(error instanceof GasException)) {
      // A bug in a service, not an Apps Script error: keep the stack where a person will look.
      this.world.logs.push({
        at: this.world.clock.now(),
        executionId: active.exec.id,
        level: "error",
        message: `[emulator] internal error in ${key}: ${error instanceof Error ? error.stack ?? message : message}`,
      });
    }
    slot.reply({ ok: false, message });
  }

  private endExecution(exec: ExecutionInfo): void {
    try {
      this.services.endExecution(this.world, exec);
    } catch (error) {
      this.world.logs.push({ at: this.world.clock.now(), executionId: exec.id, level: "error", message: `[emulator] endExecution failed: ${(error as Error).stack ?? error}` });
    }
  }

  /** Terminate every worker; executions still running end with an error. */
  async close(): Promise<void> {
    this.closed = true;
    const slots = [...this.slots];
    this.slots.clear();
    this.idle.length = 0;
    for (const slot of slots) slot.active?.finish(null, { name: "Error", message: "The emulator was closed during the execution" });
    await Promise.all(slots.map((slot) => slot.worker.terminate().catch(() => 0)));
  }
}

function scriptTimeZoneOf(world: World): string {
  const runtimeState = world.state.runtime as { timeZone?: string } | undefined;
  return runtimeState?.timeZone ?? "Asia/Shanghai";
}

function userEmailOf(world: World): string {
  const runtimeState = world.state.runtime as { userEmail?: string } | undefined;
  return runtimeState?.userEmail ?? "owner@example.com";
}
