/**
 * Mail quota: with no quota left the notifications are deferred (never dropped, never
 * marked sent); after the quota resets at midnight Asia/Shanghai they all go out, once.
 */
import { afterEach, describe, expect, it } from "vitest";
import { setRemainingMailQuota, failNextMailSend, MAIL_QUOTA_MESSAGE } from "../../src/emulator/services/mail";
import { MIN, finish, formAnswers, leadRows, leftoverKeys, logRows, mailsFor, startRel, taggedLead } from "./helpers";

afterEach(finish);

/** 23:20 in Shanghai (UTC+8) on Monday 2025-03-03. */
const LATE = Date.UTC(2025, 2, 3, 15, 20, 0);
const MIDNIGHT_SHANGHAI = Date.UTC(2025, 2, 3, 16, 0, 0);

describe("mail quota", () => {
  it("quota 0 → owner and manager notifications deferred every run until midnight Shanghai, then all sent once", async () => {
    const emu = await startRel({ now: LATE });
    setRemainingMailQuota(emu.world, 0);
    for (let i = 0; i < 4; i++) await emu.submitForm(formAnswers(taggedLead(i)));
    // An incomplete lead: the manager is asked to complete it (also an e-mail).
    await emu.submitForm(formAnswers({ customerName: "只有名字的公司", contactName: "某人" }));
    const ids = leadRows(emu).map((r) => String(r.leadId));
    expect(ids).toHaveLength(5);

    const runs = await emu.advance(MIDNIGHT_SHANGHAI - LATE - 1000); // 23:59:59
    expect(runs.length).toBeGreaterThanOrEqual(7);
    expect(emu.world.outbox).toHaveLength(0);
    const rows = leadRows(emu);
    expect(rows.filter((r) => r.status === "advised")).toHaveLength(4);
    expect(rows.every((r) => r.notifiedAt === "")).toBe(true);
    const deferred = logRows(emu).filter((l) => l[3] === "deferred" && /quota/i.test(l[4]));
    expect(deferred.length).toBeGreaterThanOrEqual(runs.length - 2);

    await emu.advance(10 * MIN); // 00:09:59
    expect(leadRows(emu).every((r) => r.notifiedAt instanceof Date)).toBe(true);
    expect(leadRows(emu).filter((r) => r.status === "notified")).toHaveLength(4);
    expect(emu.world.outbox).toHaveLength(5);
    expect(emu.world.outbox.every((m) => m.at >= MIDNIGHT_SHANGHAI)).toBe(true);
    for (const id of ids) expect(mailsFor(emu, id), id).toHaveLength(1);
    expect(emu.world.outbox.filter((m) => m.to === "manager@example.com")).toHaveLength(1);

    await emu.advance(60 * MIN);
    expect(emu.world.outbox).toHaveLength(5);
    expect(leftoverKeys(emu)).toEqual([]);
  });

  it("quota for 2 of 5 due mails → 2 sent today, 3 tomorrow, none twice", async () => {
    const emu = await startRel({ now: LATE });
    for (let i = 0; i < 5; i++) await emu.submitForm(formAnswers(taggedLead(i)));
    setRemainingMailQuota(emu.world, 2);
    await emu.advance(30 * MIN); // 23:50
    expect(emu.world.outbox).toHaveLength(2);
    expect(leadRows(emu).filter((r) => r.status === "notified")).toHaveLength(2);
    await emu.advance(30 * MIN); // 00:20
    expect(emu.world.outbox).toHaveLength(5);
    for (const r of leadRows(emu)) {
      expect(r.status).toBe("notified");
      expect(mailsFor(emu, String(r.leadId))).toHaveLength(1);
    }
  });

  it("MailApp throwing its quota error mid-run defers, and the next run sends", async () => {
    const emu = await startRel({ settings: { NOTIFY_DELAY_MINUTES: 0 } });
    failNextMailSend(emu.world, MAIL_QUOTA_MESSAGE);
    await emu.submitForm(formAnswers(taggedLead(0)));
    expect(emu.world.outbox).toHaveLength(0);
    expect(leadRows(emu)[0].status).toBe("advised");
    expect(logRows(emu).some((l) => l[3] === "deferred" && /too many times/.test(l[4]))).toBe(true);
    await emu.advance(5 * MIN);
    expect(emu.world.outbox).toHaveLength(1);
    expect(leadRows(emu)[0].status).toBe("notified");
    await emu.advance(30 * MIN);
    expect(emu.world.outbox).toHaveLength(1);
  });
});
