import { describe, expect, it } from "vitest";
import type { ExecutionInfo, World, WorldOptions } from "../../src/emulator/contract";
import {
  PROPERTY_QUOTA_MESSAGE,
  scriptPropertiesOf,
  service,
  type PropertiesServiceObject,
} from "../../src/emulator/services/properties";
import { execution, serviceWorld } from "./world-stub";

const makeWorld = (options: WorldOptions = {}): World => serviceWorld(service, options);

const exec = (id: string, kind: ExecutionInfo["kind"] = "trigger", userEmail = "owner@example.com"): ExecutionInfo => execution(id, { kind, userEmail });

function props(world: World, info: ExecutionInfo = exec("A")): PropertiesServiceObject {
  return service.create(world, info).PropertiesService as PropertiesServiceObject;
}

describe("PropertiesService", () => {
  it("stores every value as a string (spec #50) and returns null for a missing key (spec #51)", () => {
    const store = props(makeWorld()).getScriptProperties();
    store.setProperty("n", 5 as unknown as string).setProperty("b", true as unknown as string);
    expect(store.getProperty("n")).toBe("5");
    expect(store.getProperty("b")).toBe("true");
    expect(store.getProperty("missing")).toBeNull();
  });

  it("getProperties returns a copy (spec #52)", () => {
    const world = makeWorld();
    const store = props(world).getScriptProperties();
    store.setProperty("a", "1");
    const copy = store.getProperties();
    copy.a = "changed";
    copy.extra = "x";
    expect(store.getProperty("a")).toBe("1");
    expect(store.getKeys()).toEqual(["a"]);
  });

  it("persists across executions and is seeded by options.scriptProperties", () => {
    const world = makeWorld({ scriptProperties: { API_KEY: "k-1" } });
    expect(props(world, exec("A")).getScriptProperties().getProperty("API_KEY")).toBe("k-1");
    props(world, exec("A")).getScriptProperties().setProperty("x", "y");
    expect(props(world, exec("B")).getScriptProperties().getProperty("x")).toBe("y");
    expect(scriptPropertiesOf(world).get("x")).toBe("y");
  });

  it("setProperties merges, or replaces everything with deleteAllOthers (spec #53)", () => {
    const store = props(makeWorld()).getScriptProperties();
    store.setProperties({ a: "1", b: "2" });
    store.setProperties({ b: 3, c: "4" } as Record<string, unknown>);
    expect(store.getProperties()).toEqual({ a: "1", b: "3", c: "4" });
    store.setProperties({ z: "26" }, true);
    expect(store.getProperties()).toEqual({ z: "26" });
  });

  it("deleteProperty and deleteAllProperties chain (spec #53)", () => {
    const store = props(makeWorld()).getScriptProperties();
    store.setProperties({ a: "1", b: "2", c: "3" });
    expect(store.deleteProperty("a").getKeys().sort()).toEqual(["b", "c"]);
    expect(store.deleteAllProperties().getKeys()).toEqual([]);
  });

  it("user properties are per user; document properties are null in a web app (spec #31)", () => {
    const world = makeWorld();
    props(world, exec("A", "trigger", "a@example.com")).getUserProperties().setProperty("k", "a");
    expect(props(world, exec("B", "trigger", "b@example.com")).getUserProperties().getProperty("k")).toBeNull();
    expect(props(world, exec("C", "menu", "a@example.com")).getUserProperties().getProperty("k")).toBe("a");
    expect(props(world, exec("W", "webapp")).getDocumentProperties()).toBeNull();
    props(world, exec("T")).getDocumentProperties()!.setProperty("d", "1");
    expect(props(world, exec("U", "menu")).getDocumentProperties()!.getProperty("d")).toBe("1");
    expect(props(world).getScriptProperties().getProperty("d")).toBeNull();
  });

  it("enforces 9 KB per value with the exact quota text (spec #54)", () => {
    const store = props(makeWorld()).getScriptProperties();
    store.setProperty("k", "x".repeat(9 * 1024 - 1));
    let error: Error | undefined;
    try {
      store.setProperty("k", "x".repeat(9 * 1024));
    } catch (e) {
      error = e as Error;
    }
    expect(error?.name).toBe("Exception");
    expect(error?.message).toBe(
      "You have exceeded the property storage quota. Please remove some properties and try again.",
    );
    expect(store.getProperty("k")).toHaveLength(9 * 1024 - 1);
  });

  it("counts UTF-8 bytes, not characters", () => {
    const store = props(makeWorld()).getScriptProperties();
    expect(() => store.setProperty("k", "中".repeat(3500))).toThrow(PROPERTY_QUOTA_MESSAGE);
  });

  it("enforces 500 KB per store, all-or-nothing", () => {
    const store = props(makeWorld()).getScriptProperties();
    const value = "v".repeat(9000);
    for (let i = 0; i < 56; i++) store.setProperty(`key${String(i).padStart(2, "0")}`, value);
    expect(() => store.setProperties({ a: value, b: value })).toThrow(PROPERTY_QUOTA_MESSAGE);
    expect(store.getProperty("a")).toBeNull();
    expect(store.getKeys()).toHaveLength(56);
    // Replacing everything frees space, so the same write then fits.
    store.setProperties({ a: value, b: value }, true);
    expect(store.getKeys()).toEqual(["a", "b"]);
  });

  it("wrong argument types raise the G2 signature error", () => {
    const store = props(makeWorld()).getScriptProperties();
    expect(() => store.getProperty(null as unknown as string)).toThrow(
      "The parameters (null) don't match the method signature for PropertiesService.Properties.getProperty.",
    );
    expect(() => (store.setProperty as (k: string) => unknown)("only-key")).toThrow(/don't match the method signature/);
  });
});
