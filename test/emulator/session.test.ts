import { describe, expect, it } from "vitest";
import type { ExecutionInfo, World, WorldOptions } from "../../src/emulator/contract";
import { service, type ConsoleObject, type LoggerObject, type SessionObject } from "../../src/emulator/services/session";
import { execution, serviceWorld } from "./world-stub";

const makeWorld = (options: WorldOptions = {}): World => serviceWorld(service, options);

const exec = (id: string, userEmail = "owner@example.com", kind: ExecutionInfo["kind"] = "trigger"): ExecutionInfo => execution(id, { kind, userEmail });

function globalsOf(world: World, info: ExecutionInfo) {
  return service.create(world, info) as { Session: SessionObject; Logger: LoggerObject; console: ConsoleObject };
}

describe("Session", () => {
  it("active user is the execution's; effective user is the owner", () => {
    const world = makeWorld({ userEmail: "boss@example.com" });
    const { Session } = globalsOf(world, exec("A", "rep@example.com", "menu"));
    expect(Session.getActiveUser().getEmail()).toBe("rep@example.com");
    expect(Session.getEffectiveUser().getEmail()).toBe("boss@example.com");
  });

  it("script time zone comes from options, default Asia/Shanghai", () => {
    expect(globalsOf(makeWorld(), exec("A")).Session.getScriptTimeZone()).toBe("Asia/Shanghai");
    expect(globalsOf(makeWorld({ timeZone: "Europe/Paris" }), exec("A")).Session.getScriptTimeZone()).toBe("Europe/Paris");
  });

  it("temporary active user key is stable per user and hides the email", () => {
    const world = makeWorld();
    const a1 = globalsOf(world, exec("A", "a@example.com")).Session.getTemporaryActiveUserKey();
    const a2 = globalsOf(world, exec("B", "a@example.com")).Session.getTemporaryActiveUserKey();
    const b = globalsOf(world, exec("C", "b@example.com")).Session.getTemporaryActiveUserKey();
    expect(a1).toBe(a2);
    expect(a1).not.toBe(b);
    expect(a1).not.toContain("example");
  });
});

describe("Logger and console", () => {
  it("Logger.log substitutes %s and chains; getLog is per execution", () => {
    const world = makeWorld();
    const a = globalsOf(world, exec("A"));
    const b = globalsOf(world, exec("B"));
    expect(a.Logger.log("lead %s scored %s", "L-1", 87)).toBe(a.Logger);
    a.Logger.log({ grade: "A" });
    b.Logger.log("other");
    expect(a.Logger.getLog()).toBe('lead L-1 scored 87\n{"grade":"A"}');
    expect(b.Logger.getLog()).toBe("other");
    expect(world.logs.map((l) => [l.executionId, l.level, l.message])).toEqual([
      ["A", "log", "lead L-1 scored 87"],
      ["A", "log", '{"grade":"A"}'],
      ["B", "log", "other"],
    ]);
    a.Logger.clear();
    expect(a.Logger.getLog()).toBe("");
  });

  it("console levels go to world.logs with the execution id and emulated time", () => {
    const world = makeWorld();
    const { console: gasConsole } = globalsOf(world, exec("X"));
    gasConsole.log("a", 1);
    gasConsole.info("b");
    gasConsole.warn("c %d", 2.5);
    gasConsole.error("d", { e: 1 });
    expect(world.logs.map((l) => [l.level, l.message])).toEqual([
      ["log", "a 1"],
      ["info", "b"],
      ["warn", "c 2"],
      ["error", 'd {"e":1}'],
    ]);
    expect(world.logs.every((l) => l.executionId === "X" && l.at === world.clock.now())).toBe(true);
  });

  it("end() forgets the execution's Logger buffer", () => {
    const world = makeWorld();
    const info = exec("A");
    globalsOf(world, info).Logger.log("x");
    service.end!(world, info);
    expect(globalsOf(world, info).Logger.getLog()).toBe("");
    expect(world.logs).toHaveLength(1);
  });
});
