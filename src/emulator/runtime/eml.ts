/**
 * The MailApp outbox as .eml files (RFC 5322 + MIME), UTF-8, one per sent message:
 * multipart/alternative (text, then HTML) when there is an HTML body, else text/plain.
 * Bodies are base64 so any language and line length survives every mail program.
 */
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { SentMail } from "../contract";

/** RFC 2047 encoded-word for header text that is not plain ASCII. */
export function encodeHeaderText(text: string): string {
  if (/^[\x20-\x7e]*$/.test(text)) return text;
  return `=?UTF-8?B?${Buffer.from(text, "utf8").toString("base64")}?=`;
}

function mailbox(address: string, displayName?: string): string {
  if (!displayName) return address;
  const name = /^[\x20-\x7e]*$/.test(displayName) ? `"${displayName.replace(/(["\\])/g, "\\$1")}"` : encodeHeaderText(displayName);
  return `${name} <${address}>`;
}

function base64Lines(text: string): string {
  return (Buffer.from(text, "utf8").toString("base64").match(/.{1,76}/g) ?? [""]).join("\r\n");
}

/** RFC 5322 date-time in UTC, e.g. "Mon, 06 Jan 2025 02:00:00 +0000". */
export function rfc5322Date(ms: number): string {
  const d = new Date(ms);
  const days = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
  const months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
  const two = (n: number): string => String(n).padStart(2, "0");
  return `${days[d.getUTCDay()]}, ${two(d.getUTCDate())} ${months[d.getUTCMonth()]} ${d.getUTCFullYear()} ${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())} +0000`;
}

export function toEml(mail: SentMail, from: string): string {
  const boundary = `leadgrade-${mail.id.replace(/[^A-Za-z0-9]/g, "")}-alt`;
  const domain = from.split("@")[1] ?? "localhost";
  const headers = [
    `From: ${mailbox(from, mail.name)}`,
    `To: ${mail.to}`,
    mail.cc ? `Cc: ${mail.cc}` : null,
    mail.bcc ? `Bcc: ${mail.bcc}` : null,
    mail.replyTo ? `Reply-To: ${mail.replyTo}` : null,
    `Subject: ${encodeHeaderText(mail.subject)}`,
    `Date: ${rfc5322Date(mail.at)}`,
    `Message-ID: <${mail.id.replace(/[<>@\s]/g, "")}@${domain}>`,
    "MIME-Version: 1.0",
  ].filter((line): line is string => line !== null);
  const textPart = ["Content-Type: text/plain; charset=UTF-8", "Content-Transfer-Encoding: base64", "", base64Lines(mail.body)].join("\r\n");
  if (mail.htmlBody === undefined) {
    return [...headers, textPart, ""].join("\r\n");
  }
  const htmlPart = ["Content-Type: text/html; charset=UTF-8", "Content-Transfer-Encoding: base64", "", base64Lines(mail.htmlBody)].join("\r\n");
  return [
    ...headers,
    `Content-Type: multipart/alternative; boundary="${boundary}"`,
    "",
    `--${boundary}`,
    textPart,
    `--${boundary}`,
    htmlPart,
    `--${boundary}--`,
    "",
  ].join("\r\n");
}

function fileSafe(text: string): string {
  return text.replace(/[^\p{L}\p{N}._-]+/gu, "-").replace(/^-+|-+$/g, "").slice(0, 60) || "mail";
}

/** Write one .eml per message into `dir`; returns the paths in sending order. */
export async function writeOutboxFiles(outbox: readonly SentMail[], dir: string, from: string): Promise<string[]> {
  await mkdir(dir, { recursive: true });
  const paths: string[] = [];
  for (const [index, mail] of outbox.entries()) {
    const path = join(dir, `${String(index + 1).padStart(3, "0")}-${fileSafe(mail.subject)}.eml`);
    await writeFile(path, toEml(mail, from), "utf8");
    paths.push(path);
  }
  return paths;
}
