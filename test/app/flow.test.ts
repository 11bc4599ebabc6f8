import { afterEach, describe, expect, it } from "vitest";
import type { Emulator } from "../../src/emulator/index";
import { renameHeader } from "../../src/emulator/services/spreadsheet-host";
import { LEADS, MIN, formAnswers, leadRows, logRows, salesCounts, setSettings, startApp } from "./harness";

let emu: Emulator | undefined;
afterEach(async () => {
  await emu?.close();
  emu = undefined;
});

describe("a form submission on the real bundle", () => {
  it("is graded, assigned and advised at once, and the owner is e-mailed once after the delay", async () => {
    emu = await startApp();
    const runs = await emu.submitForm(formAnswers(LEADS[0]));
    expect(runs.map((r) => r.error)).toEqual([undefined]);

    let rows = leadRows(emu);
    expect(rows).toHaveLength(1);
    const row = rows[0];
    expect(row.leadId).toMatch(/^F-[0-9a-f]{12}$/);
    expect(row.status).toBe("advised");
    expect(["A", "B", "C", "D"]).toContain(row.grade);
    expect(typeof row.total).toBe("number");
    expect(row.engine).toBe("rules");
    expect(row.region).toBe("华南");
    expect(row.ownerEmail).toBe("south1@example.com");
    expect(String(row.nextActions).length).toBeGreaterThan(10);
    expect(row.gradedAt).toBeInstanceOf(Date);
    expect((row.notifyAfter as Date).getTime() - (row.advisedAt as Date).getTime()).toBe(10 * MIN);
    expect(emu.world.outbox).toHaveLength(0);
    expect(salesCounts(emu).get("south1@example.com")!.count).toBe(1);

    // The worker runs every 5 minutes: not yet at 5, sent at 10, never again.
    await emu.advance(5 * MIN);
    expect(emu.world.outbox).toHaveLength(0);
    expect(leadRows(emu)[0].status).toBe("advised");
    await emu.advance(5 * MIN);
    expect(emu.world.outbox).toHaveLength(1);
    const mail = emu.world.outbox[0];
    expect(mail.to).toBe("south1@example.com");
    expect(mail.htmlBody).toContain(String(row.leadId));
    expect(mail.body).toContain("深圳精密电子有限公司");
    rows = leadRows(emu);
    expect(rows[0].status).toBe("notified");
    expect(rows[0].notifiedAt).toBeInstanceOf(Date);
    await emu.advance(30 * MIN);
    expect(emu.world.outbox).toHaveLength(1);
    expect(logRows(emu).some((l) => l[2] === "notify" && l[3] === "ok")).toBe(true);
  });

  it("a re-fired event and a blank phantom event change nothing", async () => {
    emu = await startApp();
    await emu.submitForm(formAnswers(LEADS[1]));
    const before = JSON.stringify(emu.readSheet("Leads"));
    const countsBefore = JSON.stringify([...salesCounts(emu)]);
    const sheetEvent = emu.lastFormSubmit!.sheetEvent!;
    const again = await emu.fireFormSubmit(sheetEvent);
    expect(again.every((r) => r.ok)).toBe(true);
    const phantom = await emu.fireFormSubmit({ namedValues: {}, values: [], range: (sheetEvent as { range?: unknown }).range });
    expect(phantom.every((r) => r.ok)).toBe(true);
    expect(JSON.stringify(emu.readSheet("Leads"))).toBe(before);
    expect(JSON.stringify([...salesCounts(emu)])).toBe(countsBefore);
    await emu.advance(15 * MIN);
    expect(emu.world.outbox).toHaveLength(1);
    const log = logRows(emu);
    expect(log.some((l) => l[2] === "intake" && l[3] === "skipped" && /duplicate/.test(l[4]))).toBe(true);
    expect(log.some((l) => l[2] === "intake" && /blank/.test(l[4]))).toBe(true);
  });

  it("delay 0 sends at once; an incomplete lead asks the manager; no owner tells the manager", async () => {
    emu = await startApp({ reps: [["王华南一", "south1@example.com", "华南", 0, 1, "是"]], settings: { NOTIFY_DELAY_MINUTES: 0, FALLBACK_REGION: "" } });
    await emu.submitForm(formAnswers(LEADS[0]));
    expect(emu.world.outbox.map((m) => m.to)).toEqual(["south1@example.com"]);
    expect(leadRows(emu)[0].status).toBe("notified");

    await emu.submitForm(formAnswers({ customerName: "只有名字的公司", contactName: "某人" }));
    const incomplete = leadRows(emu).find((r) => r.customerName === "只有名字的公司")!;
    expect(incomplete.grade).toBe("Incomplete");
    expect(incomplete.status).toBe("incomplete");
    expect(incomplete.owner).toBe("");
    expect(emu.world.outbox.at(-1)!.to).toBe("manager@example.com");

    await emu.submitForm(formAnswers(LEADS[2])); // 华北: nobody there, no fallback region
    const orphan = leadRows(emu).find((r) => r.customerName === LEADS[2].customerName)!;
    expect(orphan.status).toBe("needs-attention");
    expect(String(orphan.error)).toMatch(/华北/);
    expect(emu.world.outbox.at(-1)!.to).toBe("manager@example.com");
    const mails = emu.world.outbox.length;
    await emu.advance(30 * MIN);
    expect(emu.world.outbox).toHaveLength(mails);
  });

  it("a typo in Settings falls back to the default and says so in the Log sheet", async () => {
    emu = await startApp();
    setSettings(emu, { NOTIFY_DELAY_MINUTES: "ten", BATCH_SIZ: 5 });
    await emu.submitForm(formAnswers(LEADS[1]));
    const row = leadRows(emu)[0];
    expect((row.notifyAfter as Date).getTime() - (row.advisedAt as Date).getTime()).toBe(10 * MIN);
    const messages = logRows(emu).filter((l) => l[2] === "config").map((l) => l[4]);
    expect(messages.some((m) => /NOTIFY_DELAY_MINUTES/.test(m) && /default 10/.test(m))).toBe(true);
    expect(messages.some((m) => /BATCH_SIZ/.test(m) && /unknown setting/.test(m))).toBe(true);
  });

  it("setup twice leaves one trigger of each kind and keeps the data", async () => {
    emu = await startApp();
    await emu.submitForm(formAnswers(LEADS[0]));
    const again = await emu.run("setup");
    expect(again.ok).toBe(true);
    const kinds = emu.world.triggers.map((t) => `${t.handlerFunction}:${t.eventType}`).sort();
    expect(kinds).toEqual(["onFormSubmit:ON_FORM_SUBMIT", "runWorker:CLOCK"]);
    expect(leadRows(emu)).toHaveLength(1);
    expect(emu.readSheet("Salespeople").length).toBe(7);
    expect(emu.readSheet("Rubric").length).toBeGreaterThan(30);
  });

  it("setup again accepts a manager's own Salespeople header names instead of adding duplicates", async () => {
    emu = await startApp();
    renameHeader(emu.world, "Salespeople", "区域", "负责区域");
    renameHeader(emu.world, "Salespeople", "当前线索数", "已分配线索数");
    const width = emu.readSheet("Salespeople")[0]!.length;
    expect((await emu.run("setup")).ok).toBe(true);
    const header = emu.readSheet("Salespeople")[0]!;
    expect(header).toHaveLength(width);
    expect(header).toContain("负责区域");
    expect(header).not.toContain("区域");
    // And assignment still reads those columns.
    await emu.submitForm(formAnswers(LEADS[0]));
    expect(leadRows(emu)[0]?.owner).not.toBe("");
  });
});

describe("assignment", () => {
  it("reps whose count is blank (newcomers) share the region's leads fairly", async () => {
    emu = await startApp({
      reps: [
        ["甲", "a@example.com", "华南", "", 1, "是"],
        ["乙", "b@example.com", "华南", "", 2, "是"],
        ["丙", "c@example.com", "华南", "", 3, "否"],
      ],
    });
    for (let i = 0; i < 4; i++) await emu.submitForm(formAnswers({ ...LEADS[0], customerName: `华南客户${i}` }));
    const owners = leadRows(emu).map((r) => r.ownerEmail);
    expect(owners).toEqual(["a@example.com", "b@example.com", "a@example.com", "b@example.com"]);
    const counts = salesCounts(emu);
    expect(counts.get("a@example.com")!.count).toBe(2);
    expect(counts.get("b@example.com")!.count).toBe(2);
  });
});

describe("menu functions", () => {
  it("Regrade selected rows re-grades only the selection and keeps the owner; Process now and Send test email run", async () => {
    const { setSelection } = await import("../../src/emulator/services/spreadsheet-host");
    emu = await startApp({ settings: { NOTIFY_DELAY_MINUTES: 0 } });
    await emu.submitForm(formAnswers(LEADS[0]));
    await emu.submitForm(formAnswers(LEADS[1]));
    const before = leadRows(emu);
    expect(before.map((r) => r.status)).toEqual(["notified", "notified"]);
    const countsBefore = JSON.stringify([...salesCounts(emu)]);
    setSelection(emu.world, "Leads", `A${before[1]._row}`);
    const r = await emu.run("regradeSelected", undefined, "menu");
    expect(r.error).toBeUndefined();
    expect(String(r.result)).toMatch(/regraded 1 of 1/);
    const after = leadRows(emu);
    expect(after[0].gradedAt).toEqual(before[0].gradedAt);
    expect(after[1].ownerEmail).toBe(before[1].ownerEmail);
    expect(after[1].status).toBe("notified");
    expect(JSON.stringify([...salesCounts(emu)])).toBe(countsBefore);
    expect(emu.world.outbox).toHaveLength(3); // the owner is told the new analysis once

    const p = await emu.run("processNow", undefined, "menu");
    expect(p.ok).toBe(true);
    const t = await emu.run("sendTestEmail", undefined, "menu");
    expect(t.ok).toBe(true);
    expect(emu.world.outbox.at(-1)!.subject).toMatch(/^\[TEST\]/);
  });
});
