import { describe, expect, it } from "vitest";
import type { World, WorldOptions } from "../../src/emulator/contract";
import {
  MAIL_QUOTA_MESSAGE,
  failNextMailSend,
  service,
  setRemainingMailQuota,
  type MailAppObject,
} from "../../src/emulator/services/mail";
import { START, execution, serviceWorld, thrown } from "./world-stub";

const makeWorld = (options: WorldOptions = {}, start = START): World => serviceWorld(service, options, start);

function mailApp(world: World): MailAppObject {
  return service.create(world, execution()).MailApp as MailAppObject;
}

describe("MailApp", () => {
  it("sends (recipient, subject, body) to the outbox", () => {
    const world = makeWorld();
    mailApp(world).sendEmail("a@example.com", "Hi", "Body");
    expect(world.outbox).toHaveLength(1);
    expect(world.outbox[0]).toMatchObject({ to: "a@example.com", subject: "Hi", body: "Body", at: world.clock.now() });
    expect(world.outbox[0].id).toMatch(/\S/);
  });

  it("takes options as a 4th object: cc, bcc, htmlBody, name, replyTo (spec #62)", () => {
    const world = makeWorld();
    mailApp(world).sendEmail("a@example.com", "S", "plain", {
      cc: "c@example.com",
      bcc: "d@example.com",
      htmlBody: "<b>x</b>",
      name: "Leadgrade",
      replyTo: "r@example.com",
    });
    expect(world.outbox[0]).toMatchObject({
      to: "a@example.com",
      cc: "c@example.com",
      bcc: "d@example.com",
      htmlBody: "<b>x</b>",
      name: "Leadgrade",
      replyTo: "r@example.com",
      body: "plain",
    });
  });

  it("positional recipient/subject/body win over same-named options", () => {
    const world = makeWorld();
    mailApp(world).sendEmail("a@example.com", "S", "B", { to: "x@example.com", subject: "other" } as Record<string, unknown>);
    expect(world.outbox[0]).toMatchObject({ to: "a@example.com", subject: "S", body: "B" });
  });

  it("tells the 4-string (to, replyTo, subject, body) form apart from options (spec #63)", () => {
    const world = makeWorld();
    mailApp(world).sendEmail("a@example.com", "reply@example.com", "Subject", "Body text");
    expect(world.outbox[0]).toMatchObject({
      to: "a@example.com",
      replyTo: "reply@example.com",
      subject: "Subject",
      body: "Body text",
    });
  });

  it("accepts a single message object (spec #63)", () => {
    const world = makeWorld();
    mailApp(world).sendEmail({ to: "a@example.com, b@example.com", subject: "S", htmlBody: "<p>h</p>" });
    expect(world.outbox[0]).toMatchObject({ to: "a@example.com, b@example.com", subject: "S", htmlBody: "<p>h</p>" });
  });

  it("counts recipients, not messages, against the quota (spec #64)", () => {
    const world = makeWorld({ mailQuota: 10 });
    const mail = mailApp(world);
    expect(mail.getRemainingDailyQuota()).toBe(10);
    mail.sendEmail("a@example.com,b@example.com", "S", "B", { cc: "c@example.com", bcc: "d@example.com, e@example.com" });
    expect(mail.getRemainingDailyQuota()).toBe(5);
  });

  it("defaults to the consumer quota of 100", () => {
    expect(mailApp(makeWorld()).getRemainingDailyQuota()).toBe(100);
  });

  it("throws the exact quota text when exhausted and sends nothing (spec #65)", () => {
    const world = makeWorld({ mailQuota: 2 });
    const mail = mailApp(world);
    mail.sendEmail("a@example.com", "S", "B");
    const error = thrown(() => mail.sendEmail("a@example.com, b@example.com", "S", "B"));
    expect(error.name).toBe("Exception");
    expect(error.message).toBe("Service invoked too many times for one day: email.");
    expect(world.outbox).toHaveLength(1);
    expect(mail.getRemainingDailyQuota()).toBe(1);
  });

  it("refills at midnight of the script time zone by the emulated clock", () => {
    // 2025-01-06 15:30 UTC is 23:30 in Shanghai.
    const world = makeWorld({ mailQuota: 3, timeZone: "Asia/Shanghai" }, Date.UTC(2025, 0, 6, 15, 30));
    const mail = mailApp(world);
    mail.sendEmail("a@example.com, b@example.com, c@example.com", "S", "B");
    expect(mail.getRemainingDailyQuota()).toBe(0);
    world.clock.advance(20 * 60_000); // 23:50 Shanghai: same day
    expect(() => mail.sendEmail("a@example.com", "S", "B")).toThrow(MAIL_QUOTA_MESSAGE);
    world.clock.advance(15 * 60_000); // 00:05 Shanghai next day (16:05 UTC, same UTC day)
    expect(mail.getRemainingDailyQuota()).toBe(3);
  });

  it("rejects an invalid address with the exact text (spec #66)", () => {
    const world = makeWorld();
    const mail = mailApp(world);
    expect(thrown(() => mail.sendEmail("not-an-address", "S", "B")).message).toBe("Invalid email: not-an-address");
    expect(thrown(() => mail.sendEmail("a@example.com", "S", "B", { cc: "x@@y" })).message).toBe("Invalid email: x@@y");
    expect(world.outbox).toHaveLength(0);
    expect(mail.getRemainingDailyQuota()).toBe(100);
  });

  it("accepts Name <address> recipients", () => {
    const world = makeWorld();
    mailApp(world).sendEmail("Jane Doe <jane@example.com>", "S", "B");
    expect(world.outbox).toHaveLength(1);
  });

  it("host hooks: set the remaining quota and inject a send failure", () => {
    const world = makeWorld();
    const mail = mailApp(world);
    setRemainingMailQuota(world, 1);
    expect(mail.getRemainingDailyQuota()).toBe(1);
    failNextMailSend(world, "Boom");
    expect(thrown(() => mail.sendEmail("a@example.com", "S", "B")).message).toBe("Boom");
    expect(mail.getRemainingDailyQuota()).toBe(1);
    mail.sendEmail("a@example.com", "S", "B");
    expect(mail.getRemainingDailyQuota()).toBe(0);
    expect(world.outbox).toHaveLength(1);
  });

  it("wrong argument shapes raise the G2 signature error", () => {
    const mail = mailApp(makeWorld());
    expect(() => mail.sendEmail("a@example.com", "S")).toThrow(
      "The parameters (string,string) don't match the method signature for MailApp.sendEmail.",
    );
    expect(() => mail.sendEmail("a@example.com", "S", "B", 5)).toThrow(/don't match the method signature/);
  });
});
