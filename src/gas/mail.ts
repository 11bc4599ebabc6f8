/**
 * Sending mail within the daily quota. The quota is read once per execution and counted
 * down per recipient; when it is used up (or Apps Script says so) the mail is deferred,
 * never dropped, and the caller retries on a later run.
 */
import type { ComposedEmail } from "../core/email";
import { errorText } from "./env";

export type SendOutcome = { kind: "sent" } | { kind: "deferred"; why: string } | { kind: "failed"; error: string };

let remaining: number | null = null;

export function resetMailQuota(): void {
  remaining = null;
}

function quota(): number {
  if (remaining === null) {
    try {
      remaining = MailApp.getRemainingDailyQuota();
    } catch (_e) {
      remaining = 0;
    }
  }
  return remaining;
}

const QUOTA_ERROR = /too many times for one day|quota/i;

export function sendMail(to: string, mail: ComposedEmail): SendOutcome {
  const recipients = to.split(",").map((s) => s.trim()).filter(Boolean);
  if (!recipients.length) return { kind: "failed", error: "no recipient" };
  if (quota() < recipients.length) return { kind: "deferred", why: "daily e-mail quota used up" };
  try {
    MailApp.sendEmail({ to: recipients.join(","), subject: mail.subject, body: mail.text, htmlBody: mail.html, name: "leadgrade" });
    remaining = quota() - recipients.length;
    return { kind: "sent" };
  } catch (e) {
    const msg = errorText(e);
    if (QUOTA_ERROR.test(msg)) {
      remaining = 0;
      return { kind: "deferred", why: msg };
    }
    return { kind: "failed", error: msg };
  }
}
