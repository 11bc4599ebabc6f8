import { afterEach, describe, expect, it } from "vitest";
import type { Emulator } from "../../src/emulator/index";
import { insertColumn, moveColumn, sortSheetRows, typeCells } from "../../src/emulator/services/spreadsheet-host";
import { spreadsheetState } from "../../src/emulator/services/spreadsheet-model";
import { createHmac } from "node:crypto";
import { LEADS, MIN, formAnswers, leadRows, salesCounts, startApp, variantLead } from "./harness";

let emu: Emulator | undefined;
afterEach(async () => {
  await emu?.close();
  emu = undefined;
});

describe("concurrency", () => {
  it("20 simultaneous submissions: each lead once, counts consistent and fair", async () => {
    emu = await startApp();
    const runs = await Promise.all(Array.from({ length: 20 }, (_, i) => emu!.submitForm(formAnswers(variantLead(i)))));
    expect(runs.flat().map((r) => r.error).filter(Boolean)).toEqual([]);
    const rows = leadRows(emu);
    expect(rows).toHaveLength(20);
    expect(new Set(rows.map((r) => r.leadId)).size).toBe(20);
    expect(new Set(rows.map((r) => r.customerName)).size).toBe(20);
    expect(rows.every((r) => r.status === "advised" && r.ownerEmail)).toBe(true);

    const counts = salesCounts(emu);
    const total = [...counts.values()].reduce((s, c) => s + c.count, 0);
    expect(total).toBe(20);
    const byRegion = new Map<string, number[]>();
    for (const c of counts.values()) byRegion.set(c.region, [...(byRegion.get(c.region) ?? []), c.count]);
    for (const [region, cs] of byRegion) expect(Math.max(...cs) - Math.min(...cs), region).toBeLessThanOrEqual(1);
    // each rep's count equals the leads they own
    for (const [email, c] of counts) expect(rows.filter((r) => r.ownerEmail === email).length, email).toBe(c.count);

    await emu.advance(15 * MIN);
    expect(emu.world.outbox).toHaveLength(20);
    expect(new Set(emu.world.outbox.map((m) => m.subject)).size).toBe(20);
  });
});

describe("the API (doPost)", () => {
  it("rejects a wrong or missing token and accepts the right one once", async () => {
    emu = await startApp({ scriptProperties: { API_TOKEN: "s3cret-token-value" } });
    const body = (o: object) => JSON.stringify(o);
    const wrong = await emu.post(body({ token: "nope", lead: LEADS[0] }));
    expect(JSON.parse(wrong.body)).toEqual({ ok: false, error: "unauthorized" });
    const missing = await emu.post(body({ lead: LEADS[0] }));
    expect(JSON.parse(missing.body)).toEqual({ ok: false, error: "unauthorized" });
    const junk = await emu.post("{not json");
    expect(JSON.parse(junk.body)).toEqual({ ok: false, error: "invalid-json" });
    const huge = await emu.post(body({ token: "s3cret-token-value", lead: { ...LEADS[0], leadDetails: "x".repeat(70_000) } }));
    expect(JSON.parse(huge.body)).toEqual({ ok: false, error: "too-large" });
    expect(leadRows(emu)).toHaveLength(0);

    const ok = await emu.post(body({ token: "s3cret-token-value", id: "crm-42", lead: LEADS[0] }));
    const reply = JSON.parse(ok.body);
    expect(reply.ok).toBe(true);
    expect(reply.id).toMatch(/^A-[0-9a-f]{12}$/);
    const retry = await emu.post(body({ token: "s3cret-token-value", id: "crm-42", lead: LEADS[0] }));
    expect(JSON.parse(retry.body)).toEqual({ ok: true, id: reply.id, duplicate: true });
    expect(leadRows(emu)).toHaveLength(1);
    expect(JSON.stringify(emu.readSheet("Log"))).not.toContain("s3cret-token-value");
  });
});

describe("the API with an HMAC signature", () => {
  it("accepts a signed call once and rejects its replay, a bad signature and a stale timestamp", async () => {
    emu = await startApp({ scriptProperties: { API_HMAC_SECRET: "hmac-secret-value" } });
    const lead = LEADS[1];
    const ts = String(Math.floor(emu.world.clock.now() / 1000));
    const sign = (t: string, l: object) => createHmac("sha256", "hmac-secret-value").update(`${t}.${JSON.stringify(l)}`).digest("hex");
    const body = JSON.stringify({ lead, timestamp: ts, signature: sign(ts, lead) });
    const first = JSON.parse((await emu.post(body)).body);
    expect(first.ok).toBe(true);
    expect(JSON.parse((await emu.post(body)).body)).toEqual({ ok: false, error: "replayed" });
    const forged = JSON.stringify({ lead: { ...lead, customerName: "x" }, timestamp: ts, signature: sign(ts, lead) });
    expect(JSON.parse((await emu.post(forged)).body)).toEqual({ ok: false, error: "unauthorized" });
    const old = String(Number(ts) - 3600);
    expect(JSON.parse((await emu.post(JSON.stringify({ lead, timestamp: old, signature: sign(old, lead) }))).body)).toEqual({ ok: false, error: "stale" });
    expect(leadRows(emu)).toHaveLength(1);
    expect(JSON.stringify(emu.readSheet("Log"))).not.toContain("hmac-secret-value");
  });
});

describe("humans in the sheet", () => {
  it("sorting Leads and reordering/adding columns between steps breaks nothing", async () => {
    emu = await startApp();
    for (let i = 0; i < 3; i++) await emu.submitForm(formAnswers(LEADS[i]));
    const before = leadRows(emu);
    // A manager sorts by customer name descending, drags Status to column A and adds a notes column.
    const header = emu.readSheet("Leads")[0];
    sortSheetRows(emu.world, "Leads", header.indexOf("客户名称"), false);
    moveColumn(emu.world, "Leads", header.indexOf("状态") + 1, 1);
    insertColumn(emu.world, "Leads", 3, "备注");
    const rowsNow = emu.readSheet("Leads");
    typeCells(emu.world, "Leads", "C2", rowsNow.slice(1).map((r, i) => [`note ${i}`]));
    const notesBefore = emu.readSheet("Leads").slice(1).map((r) => r[2]);

    await emu.advance(15 * MIN);
    const after = leadRows(emu);
    expect(after).toHaveLength(3);
    for (const b of before) {
      const a = after.find((r) => r.leadId === b.leadId)!;
      expect(a.customerName).toBe(b.customerName);
      expect(a.ownerEmail).toBe(b.ownerEmail);
      expect(a.grade).toBe(b.grade);
      expect(a.status).toBe(b.status === "advised" ? "notified" : b.status);
    }
    expect(emu.readSheet("Leads").slice(1).map((r) => r[2])).toEqual(notesBefore);
    const mailsTo = emu.world.outbox.map((m) => m.to).sort();
    expect(mailsTo).toEqual(before.filter((b) => b.status === "advised").map((b) => String(b.ownerEmail)).sort());
  });

  it("formula-looking values are stored as text, never as formulas", async () => {
    emu = await startApp();
    const hostile = {
      ...LEADS[0],
      customerName: '=HYPERLINK("http://evil.example","click")',
      contactName: "+cmd|' /C calc'!A0",
      contactTitle: "@SUM(1+1)",
      contactPhone: "-1+1",
      companySize: "007",
      leadDetails: "2025-01-05 <script>alert(1)</script>",
    };
    await emu.submitForm(formAnswers(hostile));
    const row = leadRows(emu)[0];
    expect(row.customerName).toBe(hostile.customerName);
    expect(row.contactName).toBe(hostile.contactName);
    expect(row.contactTitle).toBe(hostile.contactTitle);
    expect(row.contactPhone).toBe(hostile.contactPhone);
    expect(row.companySize).toBe("007");
    expect(row.leadDetails).toBe(hostile.leadDetails);
    const state = spreadsheetState(emu.world);
    const ss = state.spreadsheets.get(emu.world.boundSpreadsheetId)!;
    const leads = ss.sheets.find((s) => s.name === "Leads")!;
    const formulas = leads.formulas.rows.flatMap((r) => (r ?? []).filter((f) => f !== undefined));
    expect(formulas).toEqual([]);
  });
});
