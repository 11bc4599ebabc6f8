import { describe, expect, it } from "vitest";
import type { ExecutionInfo, World } from "../../src/emulator/contract";
import { evictAllCaches, service, type CacheServiceObject } from "../../src/emulator/services/cache";
import { execution, serviceWorld, thrown } from "./world-stub";

const makeWorld = (): World => serviceWorld(service);

const exec = (id: string, kind: ExecutionInfo["kind"] = "trigger", userEmail = "owner@example.com"): ExecutionInfo => execution(id, { kind, userEmail });

function caches(world: World, info: ExecutionInfo = exec("A")): CacheServiceObject {
  return service.create(world, info).CacheService as CacheServiceObject;
}

describe("CacheService", () => {
  it("get returns null for a missing key; values are shared across executions (spec #55)", () => {
    const world = makeWorld();
    expect(caches(world).getScriptCache().get("k")).toBeNull();
    caches(world, exec("A")).getScriptCache().put("k", "v");
    expect(caches(world, exec("B")).getScriptCache().get("k")).toBe("v");
  });

  it("expires after 600 s by default, by the emulated clock (spec #56)", () => {
    const world = makeWorld();
    const cache = caches(world).getScriptCache();
    cache.put("k", "v");
    world.clock.advance(599_999);
    expect(cache.get("k")).toBe("v");
    world.clock.advance(1);
    expect(cache.get("k")).toBeNull();
  });

  it("honours an explicit expiry up to 21600 s and refuses more (spec #56)", () => {
    const world = makeWorld();
    const cache = caches(world).getScriptCache();
    cache.put("k", "v", 21_600);
    world.clock.advance(21_599_000);
    expect(cache.get("k")).toBe("v");
    world.clock.advance(1000);
    expect(cache.get("k")).toBeNull();
    expect(() => cache.put("k", "v", 21_601)).toThrow(/expirationInSeconds/);
    expect(() => cache.put("k", "v", 0)).toThrow(/expirationInSeconds/);
  });

  it("keys over 250 characters throw the exact text (spec #57)", () => {
    const cache = caches(makeWorld()).getScriptCache();
    cache.put("k".repeat(250), "ok");
    const error = thrown(() => cache.put("k".repeat(251), "v"));
    expect(error.name).toBe("Exception");
    expect(error.message).toBe("Argument too large: key");
  });

  it("values over 100 KB throw the exact text (spec #58)", () => {
    const cache = caches(makeWorld()).getScriptCache();
    cache.put("k", "v".repeat(100 * 1024));
    expect(thrown(() => cache.put("k2", "v".repeat(100 * 1024 + 1))).message).toBe("Argument too large: value");
    expect(() => cache.putAll({ a: "x", b: "v".repeat(100 * 1024 + 1) })).toThrow("Argument too large: value");
    expect(cache.get("a")).toBeNull(); // putAll is all-or-nothing
  });

  it("getAll returns only the keys found (spec #59); putAll/removeAll", () => {
    const cache = caches(makeWorld()).getScriptCache();
    cache.putAll({ foo: "somevalue", x: "othervalue", n: 5 as unknown as string });
    expect(cache.getAll(["foo", "x", "missing"])).toEqual({ foo: "somevalue", x: "othervalue" });
    expect(cache.get("n")).toBe("5");
    cache.removeAll(["foo", "n"]);
    cache.remove("missing");
    expect(cache.getAll(["foo", "x", "n"])).toEqual({ x: "othervalue" });
  });

  it("past 1000 items keeps the 900 farthest from expiration (spec #60)", () => {
    const cache = caches(makeWorld()).getScriptCache();
    // 1000 items whose expiry grows with i, then one more with the longest expiry.
    for (let i = 0; i < 1000; i++) cache.put(`k${i}`, "v", 100 + i);
    expect(cache.get("k0")).toBe("v");
    cache.put("newest", "v", 20_000);
    const present = [...Array(1000).keys()].filter((i) => cache.get(`k${i}`) !== null);
    expect(present).toHaveLength(899);
    expect(present[0]).toBe(101); // the 101 nearest expiry were dropped
    expect(cache.get("newest")).toBe("v");
  });

  it("user caches are per user; the document cache is null in a web app (spec #31)", () => {
    const world = makeWorld();
    caches(world, exec("A", "trigger", "a@example.com")).getUserCache().put("k", "a");
    expect(caches(world, exec("B", "trigger", "b@example.com")).getUserCache().get("k")).toBeNull();
    expect(caches(world, exec("W", "webapp")).getDocumentCache()).toBeNull();
    caches(world, exec("T")).getDocumentCache()!.put("d", "1");
    expect(caches(world, exec("M", "menu")).getDocumentCache()!.get("d")).toBe("1");
    expect(caches(world).getScriptCache().get("d")).toBeNull();
  });

  it("test hook evicts everything", () => {
    const world = makeWorld();
    caches(world).getScriptCache().put("k", "v");
    evictAllCaches(world);
    expect(caches(world).getScriptCache().get("k")).toBeNull();
  });

  it("wrong argument types raise the G2 signature error", () => {
    const cache = caches(makeWorld()).getScriptCache();
    expect(() => cache.get(1 as unknown as string)).toThrow("The parameters (number) don't match the method signature for CacheService.Cache.get.");
    expect(() => cache.getAll("k" as unknown as string[])).toThrow(/don't match the method signature/);
  });
});
