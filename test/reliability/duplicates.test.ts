/**
 * Duplicates: every lead submitted twice — a re-fired trigger event (late and concurrent),
 * a retried API call (same client id, same content, re-signed HMAC), a blank phantom event —
 * ends as exactly one row, one assignment (Salespeople counts) and one e-mail.
 */
import { afterEach, describe, expect, it } from "vitest";
import { MIN, finish, formAnswers, leadRows, logRows, mailsFor, nowSeconds, salesRows, signedBody, startRel, stepCount, taggedLead, tokenBody, leftoverKeys } from "./helpers";

afterEach(finish);

function totalCount(emu: Parameters<typeof salesRows>[0]): number {
  return salesRows(emu).reduce((s, r) => s + Number(r.count), 0);
}

describe("duplicates on the real bundle", () => {
  it("form: each lead re-fired late, re-fired concurrently and followed by blank phantoms → one row, one assignment, one e-mail", async () => {
    const emu = await startRel();
    const N = 6;
    for (let i = 0; i < N; i++) {
      const first = emu.submitForm(formAnswers(taggedLead(i)));
      // lastFormSubmit is recorded synchronously: re-fire the same event while the first run is still going.
      const ev = emu.lastFormSubmit!;
      const concurrent = emu.fireFormSubmit(ev.sheetEvent!);
      const runs = [...(await first), ...(await concurrent)];
      expect(runs.map((r) => r.error)).toEqual(runs.map(() => undefined));
      // Late re-fire of both event shapes, and phantom events.
      const late = await Promise.all([emu.fireFormSubmit(ev.sheetEvent!), emu.fireFormSubmit(ev.formEvent)]);
      expect(late.flat().every((r) => r.ok)).toBe(true);
      const range = (ev.sheetEvent as { range?: unknown }).range;
      const blanks = [
        { namedValues: {}, values: [], range },
        { namedValues: Object.fromEntries(Object.keys(formAnswers(taggedLead(i))).map((k) => [k, [""]])), values: [""], range },
        { namedValues: { 客户名称: ["   "], 联系人: ["\u200b"] }, values: [], range },
      ];
      for (const b of blanks) expect((await emu.fireFormSubmit(b)).every((r) => r.ok)).toBe(true);
    }
    const noEvent = await emu.run("onFormSubmit");
    expect(noEvent.error).toBeUndefined();

    let rows = leadRows(emu);
    expect(rows).toHaveLength(N);
    expect(new Set(rows.map((r) => r.leadId)).size).toBe(N);
    expect(new Set(rows.map((r) => r.customerName)).size).toBe(N);
    expect(totalCount(emu)).toBe(N);
    for (const r of rows) expect(stepCount(emu, String(r.leadId), "assign"), `assign log for ${r.leadId}`).toBeLessThanOrEqual(1);
    const log = logRows(emu);
    expect(log.filter((l) => l[2] === "intake" && l[3] === "skipped" && /blank/.test(l[4])).length).toBeGreaterThanOrEqual(3 * N);
    expect(log.filter((l) => l[3] === "skipped" && /duplicate/.test(l[4])).length).toBeGreaterThanOrEqual(N);

    await emu.advance(15 * MIN);
    // A re-fire after the e-mail went out changes nothing either.
    await emu.fireFormSubmit(emu.lastFormSubmit!.sheetEvent!);
    await emu.advance(30 * MIN);
    rows = leadRows(emu);
    expect(rows).toHaveLength(N);
    expect(rows.every((r) => r.status === "notified")).toBe(true);
    expect(emu.world.outbox).toHaveLength(N);
    for (const r of rows) expect(mailsFor(emu, String(r.leadId)), String(r.leadId)).toHaveLength(1);
    expect(totalCount(emu)).toBe(N);
    expect(leftoverKeys(emu)).toEqual([]);
  });

  it("API: a retried call (same id, sequential and concurrent), the same content without an id, and a re-signed HMAC retry → one row each, same id", async () => {
    const emu = await startRel();
    // 1) client id, retried three times, twice concurrently
    const body = tokenBody(taggedLead(0), "crm-1001");
    const [a, b, c] = await Promise.all([emu.post(body), emu.post(body), emu.post(body)]);
    const replies = [a, b, c].map((r) => JSON.parse(r.body));
    expect(replies.every((r) => r.ok === true)).toBe(true);
    const id = replies.find((r) => !r.duplicate)!.id;
    expect(id).toMatch(/^A-[0-9a-f]{12}$/);
    expect(replies.filter((r) => !r.duplicate)).toHaveLength(1);
    expect(replies.filter((r) => r.duplicate)).toEqual([{ ok: true, id, duplicate: true }, { ok: true, id, duplicate: true }]);
    expect(JSON.parse((await emu.post(body)).body)).toEqual({ ok: true, id, duplicate: true });
    // The same client id with edited content is still the same lead (the client's retry may re-serialize).
    expect(JSON.parse((await emu.post(tokenBody({ ...taggedLead(0), leadDetails: "changed" }, "crm-1001"))).body)).toEqual({ ok: true, id, duplicate: true });

    // 2) no id: the same content twice
    const noId = tokenBody(taggedLead(1));
    const first = JSON.parse((await emu.post(noId)).body);
    expect(first.ok).toBe(true);
    expect(JSON.parse((await emu.post(noId)).body)).toEqual({ ok: true, id: first.id, duplicate: true });

    // 3) HMAC: the client re-signs its retry with a new timestamp
    const lead2 = { ...taggedLead(2), id: "erp-77" };
    const s1 = JSON.parse((await emu.post(signedBody(lead2, nowSeconds(emu)))).body);
    expect(s1.ok).toBe(true);
    await emu.advance(2 * 1000);
    const s2 = JSON.parse((await emu.post(signedBody(lead2, nowSeconds(emu)))).body);
    expect(s2).toEqual({ ok: true, id: s1.id, duplicate: true });

    const rows = leadRows(emu);
    expect(rows.map((r) => r.leadId).sort()).toEqual([id, first.id, s1.id].sort());
    expect(totalCount(emu)).toBe(3);
    await emu.advance(15 * MIN);
    expect(emu.world.outbox).toHaveLength(3);
    for (const r of leadRows(emu)) {
      expect(r.status).toBe("notified");
      expect(mailsFor(emu, String(r.leadId))).toHaveLength(1);
      expect(stepCount(emu, String(r.leadId), "assign")).toBeLessThanOrEqual(1);
    }
    expect(totalCount(emu)).toBe(3);
  });

  it("the same lead by form and by API are two intakes, each deduplicated on its own channel", async () => {
    const emu = await startRel({ settings: { NOTIFY_DELAY_MINUTES: 0 } });
    await emu.submitForm(formAnswers(taggedLead(5)));
    await emu.fireFormSubmit(emu.lastFormSubmit!.sheetEvent!);
    const body = tokenBody(taggedLead(5), "crm-5");
    await emu.post(body);
    await emu.post(body);
    const rows = leadRows(emu);
    expect(rows.map((r) => String(r.leadId)[0]).sort()).toEqual(["A", "F"]);
    expect(totalCount(emu)).toBe(2);
    await emu.advance(10 * MIN);
    expect(emu.world.outbox).toHaveLength(2);
  });
});
