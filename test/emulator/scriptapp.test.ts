import { describe, expect, it } from "vitest";
import type { World } from "../../src/emulator/contract";
import {
  EVERY_MINUTES_MESSAGE,
  TOO_MANY_TRIGGERS_MESSAGE,
  service,
  type ScriptAppObject,
} from "../../src/emulator/services/scriptapp";
import { START, execution, serviceWorld, thrown } from "./world-stub"; // START: 10:00 in Shanghai

const makeWorld = (): World => serviceWorld(service, { timeZone: "Asia/Shanghai" });

function scriptApp(world: World): ScriptAppObject {
  return service.create(world, execution("A", { functionName: "setup", kind: "manual" })).ScriptApp as ScriptAppObject;
}

const spreadsheet = { __gasClass: "SpreadsheetApp.Spreadsheet", getId: () => "ss1" };

describe("ScriptApp triggers", () => {
  it("creates a spreadsheet form-submit trigger (spec #67)", () => {
    const world = makeWorld();
    const app = scriptApp(world);
    const trigger = app.newTrigger("onLead").forSpreadsheet(spreadsheet).onFormSubmit().create();
    expect(trigger.getHandlerFunction()).toBe("onLead");
    expect(trigger.getEventType()).toBe(app.EventType.ON_FORM_SUBMIT);
    expect(trigger.getTriggerSource()).toBe(app.TriggerSource.SPREADSHEETS);
    expect(trigger.getTriggerSourceId()).toBe("ss1");
    expect(trigger.getUniqueId()).toMatch(/^\d{19}$/);
    expect(world.triggers).toEqual([
      { uid: trigger.getUniqueId(), handlerFunction: "onLead", eventType: "ON_FORM_SUBMIT", sourceId: "ss1", triggerSource: "SPREADSHEETS" },
    ]);
  });

  it("accepts an id instead of an object, and the other spreadsheet events", () => {
    const world = makeWorld();
    const app = scriptApp(world);
    const events = [
      app.newTrigger("a").forSpreadsheet("ss2").onOpen().create(),
      app.newTrigger("b").forSpreadsheet("ss2").onEdit().create(),
      app.newTrigger("c").forSpreadsheet("ss2").onChange().create(),
    ].map((t) => t.getEventType());
    expect(events).toEqual(["ON_OPEN", "ON_EDIT", "ON_CHANGE"]);
    expect(world.triggers.every((t) => t.sourceId === "ss2")).toBe(true);
  });

  it("creates a form trigger (spec #68)", () => {
    const world = makeWorld();
    const trigger = scriptApp(world).newTrigger("onLead").forForm({ getId: () => "form1" }).onFormSubmit().create();
    expect(trigger.getTriggerSource()).toBe("FORMS");
    expect(trigger.getTriggerSourceId()).toBe("form1");
    expect(world.triggers[0]).toMatchObject({ eventType: "ON_FORM_SUBMIT", sourceId: "form1", triggerSource: "FORMS" });
  });

  it("everyMinutes accepts only 1, 5, 10, 15, 30 (spec #69)", () => {
    const world = makeWorld();
    const app = scriptApp(world);
    for (const n of [2, 60, 0]) {
      const error = thrown(() => app.newTrigger("tick").timeBased().everyMinutes(n));
      expect(error.name).toBe("Exception");
      expect(error.message).toBe("The value you passed to everyMinutes was invalid. It must be one of 1, 5, 10, 15 or 30.");
    }
    expect(EVERY_MINUTES_MESSAGE).toContain("everyMinutes");
    const trigger = app.newTrigger("tick").timeBased().everyMinutes(5).create();
    expect(trigger.getEventType()).toBe("CLOCK");
    expect(trigger.getTriggerSourceId()).toBeNull();
    expect(world.triggers[0]).toMatchObject({ eventType: "CLOCK", triggerSource: "CLOCK", sourceId: "", everyMinutes: 5, nextRunAt: START + 5 * 60_000 });
  });

  it("everyHours, after and at write nextRunAt", () => {
    const world = makeWorld();
    const app = scriptApp(world);
    app.newTrigger("h").timeBased().everyHours(2).create();
    app.newTrigger("once").timeBased().after(90_000).create();
    app.newTrigger("at").timeBased().at(new Date(START + 3_600_000)).create();
    expect(world.triggers.map((t) => [t.everyMinutes, t.nextRunAt])).toEqual([
      [120, START + 2 * 3_600_000],
      [0, START + 90_000],
      [0, START + 3_600_000],
    ]);
    expect(() => app.newTrigger("h").timeBased().everyHours(3)).toThrow(/everyHours was invalid/);
  });

  it("daily at an hour runs at the next such hour of the script time zone", () => {
    const world = makeWorld();
    scriptApp(world).newTrigger("daily").timeBased().everyDays(1).atHour(9).create();
    // 10:00 Shanghai now → tomorrow 09:00 Shanghai = 01:00 UTC.
    expect(world.triggers[0]).toMatchObject({ everyMinutes: 1440, nextRunAt: Date.UTC(2025, 0, 7, 1, 0) });
  });

  it("getProjectTriggers returns copies; deleteTrigger removes one (spec #70)", () => {
    const world = makeWorld();
    const app = scriptApp(world);
    app.newTrigger("a").forSpreadsheet("ss1").onFormSubmit().create();
    const b = app.newTrigger("b").timeBased().everyMinutes(1).create();
    const listed = app.getProjectTriggers();
    expect(listed.map((t) => t.getHandlerFunction())).toEqual(["a", "b"]);
    app.deleteTrigger(listed[1]);
    expect(world.triggers.map((t) => t.handlerFunction)).toEqual(["a"]);
    expect(b.getHandlerFunction()).toBe("b"); // the old object still answers
    app.deleteTrigger(b); // already gone: no effect
    expect(app.getProjectTriggers()).toHaveLength(1);
  });

  it("the 21st trigger throws the exact text (spec #71)", () => {
    const world = makeWorld();
    const app = scriptApp(world);
    for (let i = 0; i < 20; i++) app.newTrigger(`f${i}`).timeBased().everyMinutes(30).create();
    const error = thrown(() => app.newTrigger("one-more").forSpreadsheet("ss1").onOpen().create());
    expect(error.message).toBe(
      "This script has too many triggers. Triggers must be deleted from the script before more can be added.",
    );
    expect(error.message).toBe(TOO_MANY_TRIGGERS_MESSAGE);
    expect(world.triggers).toHaveLength(20);
    expect(new Set(world.triggers.map((t) => t.uid)).size).toBe(20);
  });

  it("exposes the enums (spec #72) and identity helpers", () => {
    const app = scriptApp(makeWorld());
    expect(Object.keys(app.EventType)).toEqual(["CLOCK", "ON_OPEN", "ON_EDIT", "ON_FORM_SUBMIT", "ON_CHANGE", "ON_EVENT_UPDATED"]);
    expect(Object.keys(app.AuthMode)).toEqual(["NONE", "CUSTOM_FUNCTION", "LIMITED", "FULL"]);
    expect(app.AuthMode.FULL).toBe("FULL");
    expect(app.getScriptId()).toMatch(/\S{20,}/);
    expect(app.getService().getUrl()).toMatch(/^https:\/\/script\.google\.com\/macros\/s\/[\w-]+\/exec$/);
    expect(app.getOAuthToken()).toMatch(/^ya29\./);
  });

  it("wrong argument types raise the G2 signature error", () => {
    const app = scriptApp(makeWorld());
    expect(() => app.newTrigger(5 as unknown as string)).toThrow(
      "The parameters (number) don't match the method signature for ScriptApp.newTrigger.",
    );
    expect(() => app.newTrigger("f").forSpreadsheet(null)).toThrow(/ScriptApp\.TriggerBuilder\.forSpreadsheet/);
    expect(() => app.newTrigger("f").forSpreadsheet("ss1").create()).toThrow();
  });
});
