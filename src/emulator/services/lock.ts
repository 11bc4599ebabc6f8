/**
 * LockService: real mutual exclusion between overlapping executions.
 *
 * Each lock scope (the script, one user, the bound document) has at most one holding
 * execution and a FIFO queue of waiting executions. A waiter is a pending Promise: the
 * runtime keeps the execution's worker blocked until it settles, so `waitLock` blocks for
 * real, and a timeout is a real timer. Ownership belongs to the execution, not to the Lock
 * object, so two `getScriptLock()` objects in one execution share the hold (spec #32:
 * "already held → true"). `end()` releases whatever an execution still holds (spec #36).
 */
import {
  GasException,
  signatureError,
  type ExecutionInfo,
  type GasObject,
  type ServiceModule,
  type World,
  type WorldOptions,
} from "../contract";
import { getOrCreate, serviceState } from "./shared";

export const LOCK_TIMEOUT_MESSAGE = "Lock timeout: another process was holding the lock for too long.";

/** Test hook: force lock acquisitions to fail as if they timed out. */
export interface LockFaults {
  /** The next N acquisition attempts that would have to wait or acquire fail at once. */
  failNext: number;
  /** While true, every acquisition attempt of a lock not already held fails at once. */
  failAll: boolean;
}

interface Waiter {
  executionId: string;
  grant: () => void;
  timer: ReturnType<typeof setTimeout> | undefined;
}

interface LockScopeState {
  holder: string | null;
  waiters: Waiter[];
}

export interface LockState {
  scopes: Map<string, LockScopeState>;
  faults: LockFaults;
}

export function lockState(world: World): LockState {
  return serviceState<LockState>(world, "lock", "LockService");
}

function scopeState(state: LockState, scope: string): LockScopeState {
  return getOrCreate(state.scopes, scope, () => ({ holder: null, waiters: [] }));
}

/** Host-side inspection for tests and the harness: which execution holds a scope. */
export function lockHolder(world: World, scope: string): string | null {
  return lockState(world).scopes.get(scope)?.holder ?? null;
}

/** Hand the scope to the next waiter, if any. */
function passOn(entry: LockScopeState): void {
  entry.holder = null;
  const next = entry.waiters.shift();
  if (!next) return;
  if (next.timer) clearTimeout(next.timer);
  entry.holder = next.executionId;
  next.grant();
}

function consumeFault(state: LockState): boolean {
  if (state.faults.failAll) return true;
  if (state.faults.failNext > 0) {
    state.faults.failNext -= 1;
    return true;
  }
  return false;
}

export class Lock implements GasObject {
  readonly __gasClass = "LockService.Lock";

  constructor(
    private readonly world: World,
    private readonly exec: ExecutionInfo,
    /** e.g. "script", "user:a@b.c", "document:ss1" */
    readonly scope: string,
  ) {}

  /**
   * Resolves true once this execution holds the scope, false after `timeoutMs`.
   * Synchronous answers are returned directly so a free lock costs no extra turn.
   */
  #acquire(timeoutMs: number): boolean | Promise<boolean> {
    const state = lockState(this.world);
    const entry = scopeState(state, this.scope);
    if (entry.holder === this.exec.id) return true;
    if (consumeFault(state)) return false;
    // Negative timeouts fail even on a free lock (spec #34, observed live).
    if (timeoutMs < 0) return false;
    if (entry.holder === null && entry.waiters.length === 0) {
      entry.holder = this.exec.id;
      return true;
    }
    if (timeoutMs === 0) return false;
    return new Promise<boolean>((resolve) => {
      const waiter: Waiter = { executionId: this.exec.id, grant: () => resolve(true), timer: undefined };
      waiter.timer = setTimeout(() => {
        const at = entry.waiters.indexOf(waiter);
        if (at >= 0) entry.waiters.splice(at, 1);
        resolve(false);
      }, timeoutMs);
      entry.waiters.push(waiter);
    });
  }

  tryLock(timeoutInMillis: number): boolean | Promise<boolean> {
    if (typeof timeoutInMillis !== "number") {
      throw signatureError(this.__gasClass, "tryLock", [...arguments]);
    }
    return this.#acquire(timeoutInMillis);
  }

  /** Returns undefined (never the lock: spec #33), or throws the Lock timeout text. */
  waitLock(timeoutInMillis: number): void | Promise<void> {
    if (typeof timeoutInMillis !== "number") {
      throw signatureError(this.__gasClass, "waitLock", [...arguments]);
    }
    const outcome = this.#acquire(timeoutInMillis);
    const settle = (acquired: boolean): void => {
      if (!acquired) throw new GasException(LOCK_TIMEOUT_MESSAGE);
    };
    if (typeof outcome === "boolean") return settle(outcome);
    return outcome.then(settle);
  }

  hasLock(): boolean {
    return lockState(this.world).scopes.get(this.scope)?.holder === this.exec.id;
  }

  /** No effect when this execution does not hold the scope (spec #36). */
  releaseLock(): void {
    const entry = lockState(this.world).scopes.get(this.scope);
    if (entry && entry.holder === this.exec.id) passOn(entry);
  }
}

export class LockServiceObject implements GasObject {
  readonly __gasClass = "LockService";

  constructor(
    private readonly world: World,
    private readonly exec: ExecutionInfo,
  ) {}

  getScriptLock(): Lock {
    return new Lock(this.world, this.exec, "script");
  }

  getUserLock(): Lock {
    return new Lock(this.world, this.exec, `user:${this.exec.userEmail}`);
  }

  /** null outside a containing document, e.g. in a web app (spec #31). */
  getDocumentLock(): Lock | null {
    if (this.exec.kind === "webapp") return null;
    return new Lock(this.world, this.exec, `document:${this.world.boundSpreadsheetId}`);
  }
}

/** Release every scope the execution holds and drop any wait it left behind. */
function endExecution(world: World, exec: ExecutionInfo): void {
  const state = world.state.lock as LockState | undefined;
  if (!state) return;
  for (const entry of state.scopes.values()) {
    for (const waiter of entry.waiters.filter((w) => w.executionId === exec.id)) {
      if (waiter.timer) clearTimeout(waiter.timer);
      entry.waiters.splice(entry.waiters.indexOf(waiter), 1);
    }
    if (entry.holder === exec.id) passOn(entry);
  }
}

export const service: ServiceModule = {
  globals: ["LockService"],
  init(world: World, _options: WorldOptions): void {
    const state: LockState = { scopes: new Map(), faults: { failNext: 0, failAll: false } };
    world.state.lock = state;
  },
  create(world: World, exec: ExecutionInfo): Record<string, object> {
    return { LockService: new LockServiceObject(world, exec) };
  },
  end: endExecution,
};
