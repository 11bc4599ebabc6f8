/**
 * The emulated wall clock, shared with every execution's worker through a SharedArrayBuffer
 * so that `new Date()` / `Date.now()` inside the bundle read it without a round trip.
 *
 * Layout (BigInt64Array, written with Atomics): [mode, emulated ms at base, real ms at base].
 * - "frozen" (default): time only moves when the host advances it, so tests are repeatable.
 * - "ticking": time also runs at real speed between advances, for code that polls Date.now().
 */
import type { Clock, EpochMs } from "../contract";

export type ClockMode = "frozen" | "ticking";

const MODE = 0;
const BASE = 1;
const REAL_AT_BASE = 2;

export class SharedClock implements Clock {
  readonly buffer: SharedArrayBuffer;
  private readonly cells: BigInt64Array;

  constructor(start: EpochMs, mode: ClockMode = "frozen") {
    this.buffer = new SharedArrayBuffer(3 * BigInt64Array.BYTES_PER_ELEMENT);
    this.cells = new BigInt64Array(this.buffer);
    Atomics.store(this.cells, MODE, mode === "frozen" ? 0n : 1n);
    this.rebase(start);
  }

  get mode(): ClockMode {
    return Atomics.load(this.cells, MODE) === 0n ? "frozen" : "ticking";
  }

  now(): EpochMs {
    const base = Number(Atomics.load(this.cells, BASE));
    if (this.mode === "frozen") return base;
    return base + (Date.now() - Number(Atomics.load(this.cells, REAL_AT_BASE)));
  }

  advance(ms: number): void {
    if (!(ms >= 0)) throw new RangeError(`clock.advance: ms must be >= 0, got ${ms}`);
    this.rebase(this.now() + ms);
  }

  set(ms: EpochMs): void {
    const now = this.now();
    if (ms < now) throw new RangeError(`clock.set: ${new Date(ms).toISOString()} is earlier than now (${new Date(now).toISOString()})`);
    this.rebase(ms);
  }

  private rebase(ms: EpochMs): void {
    Atomics.store(this.cells, REAL_AT_BASE, BigInt(Date.now()));
    Atomics.store(this.cells, BASE, BigInt(Math.floor(ms)));
  }
}
