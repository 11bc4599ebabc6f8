import { describe, expect, it } from "vitest";
import type { ExecutionInfo, World } from "../../src/emulator/contract";
import { LOCK_TIMEOUT_MESSAGE, lockHolder, lockState, service, type LockServiceObject } from "../../src/emulator/services/lock";
import { execution, rejection, serviceWorld } from "./world-stub";

const makeWorld = (): World => serviceWorld(service);

const exec = (id: string, kind: ExecutionInfo["kind"] = "trigger", userEmail = "owner@example.com"): ExecutionInfo =>
  execution(id, { functionName: "onFormSubmit", kind, userEmail });

function lockService(world: World, info: ExecutionInfo): LockServiceObject {
  return service.create(world, info).LockService as LockServiceObject;
}

describe("LockService", () => {
  it("acquires nothing until tryLock/waitLock (spec #30, #35)", () => {
    const world = makeWorld();
    const lock = lockService(world, exec("A")).getScriptLock();
    expect(lock.hasLock()).toBe(false);
    expect(lockHolder(world, "script")).toBeNull();
    expect(lock.tryLock(0)).toBe(true);
    expect(lock.hasLock()).toBe(true);
    lock.releaseLock();
    expect(lock.hasLock()).toBe(false);
  });

  it("tryLock on an already-held lock returns true; waitLock returns undefined (spec #32, #33)", () => {
    const world = makeWorld();
    const locks = lockService(world, exec("A"));
    const lock = locks.getScriptLock();
    expect(lock.waitLock(1000)).toBeUndefined();
    expect(lock.tryLock(0)).toBe(true);
    // A second Lock object of the same execution shares the hold.
    expect(locks.getScriptLock().hasLock()).toBe(true);
    expect(locks.getScriptLock().tryLock(10)).toBe(true);
  });

  it("edge values of spec #34", () => {
    const world = makeWorld();
    const lock = lockService(world, exec("A")).getScriptLock();
    expect(lock.tryLock(-100)).toBe(false);
    expect(lock.hasLock()).toBe(false);
    expect(() => lock.waitLock(-100)).toThrow(/Lock timeout/);
    expect(lock.waitLock(0)).toBeUndefined();
    expect(lock.hasLock()).toBe(true);
  });

  it("waitLock(null) is the G2 signature error", () => {
    const world = makeWorld();
    const lock = lockService(world, exec("A")).getScriptLock();
    expect(() => lock.waitLock(null as unknown as number)).toThrow(
      "The parameters (null) don't match the method signature for LockService.Lock.waitLock.",
    );
  });

  it("gives real mutual exclusion: B waits until A releases", async () => {
    const world = makeWorld();
    const a = lockService(world, exec("A")).getScriptLock();
    const b = lockService(world, exec("B")).getScriptLock();
    expect(a.tryLock(0)).toBe(true);
    expect(b.tryLock(0)).toBe(false);
    let bSettled = false;
    const bWait = Promise.resolve(b.waitLock(5000)).then(() => (bSettled = true));
    await new Promise((r) => setTimeout(r, 30));
    expect(bSettled).toBe(false);
    expect(b.hasLock()).toBe(false);
    a.releaseLock();
    await bWait;
    expect(b.hasLock()).toBe(true);
    expect(a.hasLock()).toBe(false);
    expect(lockHolder(world, "script")).toBe("B");
  });

  it("waitLock times out with the exact text after the real timeout", async () => {
    const world = makeWorld();
    lockService(world, exec("A")).getScriptLock().waitLock(0);
    const b = lockService(world, exec("B")).getScriptLock();
    const started = Date.now();
    const error = await rejection(b.waitLock(80));
    expect(Date.now() - started).toBeGreaterThanOrEqual(70);
    expect(error.name).toBe("Exception");
    expect(error.message).toBe(LOCK_TIMEOUT_MESSAGE);
    expect(error.message).toBe("Lock timeout: another process was holding the lock for too long.");
    expect(b.hasLock()).toBe(false);
    expect(lockState(world).scopes.get("script")!.waiters).toHaveLength(0);
  });

  it("tryLock(ms) resolves false on timeout and true when granted", async () => {
    const world = makeWorld();
    const a = lockService(world, exec("A")).getScriptLock();
    a.tryLock(0);
    const b = lockService(world, exec("B")).getScriptLock();
    expect(await b.tryLock(40)).toBe(false);
    const pending = b.tryLock(2000);
    setTimeout(() => a.releaseLock(), 20);
    expect(await pending).toBe(true);
  });

  it("hands the lock to waiters in FIFO order", async () => {
    const world = makeWorld();
    const a = lockService(world, exec("A")).getScriptLock();
    a.waitLock(0);
    const order: string[] = [];
    const waits = ["B", "C", "D"].map((id) => {
      const lock = lockService(world, exec(id)).getScriptLock();
      return Promise.resolve(lock.waitLock(5000)).then(() => {
        order.push(id);
        lock.releaseLock();
      });
    });
    a.releaseLock();
    await Promise.all(waits);
    expect(order).toEqual(["B", "C", "D"]);
    expect(lockHolder(world, "script")).toBeNull();
  });

  it("end() releases the execution's locks and passes them on", async () => {
    const world = makeWorld();
    const infoA = exec("A");
    lockService(world, infoA).getScriptLock().waitLock(0);
    lockService(world, infoA).getUserLock().waitLock(0);
    const b = lockService(world, exec("B")).getScriptLock();
    const bWait = b.waitLock(5000);
    service.end!(world, infoA);
    await bWait;
    expect(b.hasLock()).toBe(true);
    expect(lockHolder(world, "user:owner@example.com")).toBeNull();
  });

  it("end() drops a wait left by a dead execution so it never gets the lock", async () => {
    const world = makeWorld();
    const a = lockService(world, exec("A")).getScriptLock();
    a.waitLock(0);
    const infoB = exec("B");
    void lockService(world, infoB).getScriptLock().waitLock(5000);
    service.end!(world, infoB);
    a.releaseLock();
    expect(lockHolder(world, "script")).toBeNull();
  });

  it("script lock is shared by all; user locks are per user; document lock is per document", () => {
    const world = makeWorld();
    const a = lockService(world, exec("A", "trigger", "a@example.com"));
    const b = lockService(world, exec("B", "trigger", "b@example.com"));
    expect(a.getUserLock().tryLock(0)).toBe(true);
    expect(b.getUserLock().tryLock(0)).toBe(true);
    expect(a.getDocumentLock()!.tryLock(0)).toBe(true);
    expect(b.getDocumentLock()!.tryLock(0)).toBe(false);
    expect(a.getScriptLock().tryLock(0)).toBe(true);
    expect(b.getScriptLock().tryLock(0)).toBe(false);
  });

  it("getDocumentLock() is null in a web app (spec #31)", () => {
    const world = makeWorld();
    expect(lockService(world, exec("W", "webapp")).getDocumentLock()).toBeNull();
    expect(lockService(world, exec("T", "trigger")).getDocumentLock()).not.toBeNull();
  });

  it("releaseLock without holding is a no-op and does not steal another's lock (spec #36)", () => {
    const world = makeWorld();
    lockService(world, exec("A")).getScriptLock().waitLock(0);
    const b = lockService(world, exec("B")).getScriptLock();
    expect(b.releaseLock()).toBeUndefined();
    expect(lockHolder(world, "script")).toBe("A");
  });

  it("fault hook forces timeouts", () => {
    const world = makeWorld();
    const lock = lockService(world, exec("A")).getScriptLock();
    lockState(world).faults.failNext = 1;
    expect(() => lock.waitLock(30_000)).toThrow(LOCK_TIMEOUT_MESSAGE);
    expect(lock.tryLock(0)).toBe(true);
    lock.releaseLock();
    lockState(world).faults.failAll = true;
    expect(lock.tryLock(30_000)).toBe(false);
  });
});
