/**
 * MailApp: sends into `world.outbox`, with the recipient-based daily quota.
 *
 * The quota counts recipients (to + cc + bcc), not messages (spec #64), and refills at
 * midnight of the script's time zone by the emulated clock. A send that is refused (bad
 * address, quota, injected failure) neither spends quota nor reaches the outbox.
 */
import {
  GasException,
  signatureError,
  type ExecutionInfo,
  type GasObject,
  type SentMail,
  type ServiceModule,
  type World,
  type WorldOptions,
} from "../contract";
import { isPlainObject, serviceState } from "./shared";

export const MAIL_QUOTA_MESSAGE = "Service invoked too many times for one day: email.";
/** [UNVERIFIED] text for a message without any recipient. */
export const NO_RECIPIENT_MESSAGE = "Failed to send email: no recipient";
/** Apps Script's generic transient failure, the default for injected send failures. */
export const SERVER_ERROR_MESSAGE = "We're sorry, a server error occurred. Please wait a bit and try again.";

export interface MailState {
  dailyQuota: number;
  remaining: number;
  /** The script-time-zone date (YYYY-MM-DD) that `remaining` belongs to. */
  day: string;
  timeZone: string;
  /** Messages of failures to throw on the next sends, first one first. */
  pendingFailures: string[];
  sentCount: number;
}

export function mailState(world: World): MailState {
  return serviceState<MailState>(world, "mail", "MailApp");
}

function dayIn(timeZone: string, at: number): string {
  // en-CA formats as YYYY-MM-DD.
  return new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" }).format(new Date(at));
}

/** The state with the quota refilled if the script-time-zone day has changed. */
function currentMailState(world: World): MailState {
  const state = mailState(world);
  const today = dayIn(state.timeZone, world.clock.now());
  if (today !== state.day) {
    state.day = today;
    state.remaining = state.dailyQuota;
  }
  return state;
}

/** Test hook: set today's remaining recipient quota. */
export function setRemainingMailQuota(world: World, remaining: number): void {
  currentMailState(world).remaining = remaining;
}

/** Test hook: make the next send throw `message` (queued; one per call). */
export function failNextMailSend(world: World, message: string = SERVER_ERROR_MESSAGE): void {
  mailState(world).pendingFailures.push(message);
}

const ADDRESS = /^[^\s@<>(),;:"[\]\\]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)+$/;

/** Split a comma-separated list, accept `Name <addr>`, throw on the first bad address. */
function recipientsOf(list: string | undefined): string[] {
  if (list === undefined || list === null) return [];
  const out: string[] = [];
  for (const raw of String(list).split(",")) {
    const token = raw.trim();
    if (token === "") continue;
    const angled = /<([^<>]*)>\s*$/.exec(token);
    const address = (angled ? angled[1] : token).trim();
    if (!ADDRESS.test(address)) throw new GasException(`Invalid email: ${token}`);
    out.push(address);
  }
  return out;
}

interface MailMessage {
  to?: string;
  cc?: string;
  bcc?: string;
  replyTo?: string;
  subject?: string;
  body?: string;
  htmlBody?: string;
  name?: string;
  noReply?: boolean;
  attachments?: unknown[];
  inlineImages?: Record<string, unknown>;
}

function optionalString(value: unknown): string | undefined {
  return value === undefined || value === null ? undefined : String(value);
}

export class MailAppObject implements GasObject {
  readonly __gasClass = "MailApp";

  constructor(private readonly world: World) {}

  getRemainingDailyQuota(): number {
    return currentMailState(this.world).remaining;
  }

  /**
   * Overloads: (message), (recipient, subject, body), (recipient, subject, body, options)
   * and (to, replyTo, subject, body) — a 4th argument that is a string is the body of the
   * replyTo form, never options (spec #63).
   */
  sendEmail(...args: unknown[]): void {
    const message = this.#messageOf(args);
    const state = currentMailState(this.world);
    const to = recipientsOf(message.to);
    const cc = recipientsOf(message.cc);
    const bcc = recipientsOf(message.bcc);
    if (message.replyTo) recipientsOf(message.replyTo);
    const count = to.length + cc.length + bcc.length;
    if (count === 0) throw new GasException(NO_RECIPIENT_MESSAGE);
    if (count > state.remaining) throw new GasException(MAIL_QUOTA_MESSAGE);
    const failure = state.pendingFailures.shift();
    if (failure !== undefined) throw new GasException(failure);
    state.remaining -= count;
    state.sentCount += 1;
    const sent: SentMail = {
      id: `mail-${state.sentCount}`,
      at: this.world.clock.now(),
      to: String(message.to).trim(),
      subject: message.subject ?? "",
      body: message.body ?? "",
    };
    if (message.cc) sent.cc = message.cc;
    if (message.bcc) sent.bcc = message.bcc;
    if (message.replyTo) sent.replyTo = message.replyTo;
    if (message.htmlBody !== undefined) sent.htmlBody = message.htmlBody;
    if (message.name !== undefined) sent.name = message.name;
    this.world.outbox.push(sent);
  }

  #messageOf(args: unknown[]): MailMessage {
    const fail = (): never => {
      throw signatureError(this.__gasClass, "sendEmail", args);
    };
    if (args.length === 1) {
      if (!isPlainObject(args[0])) fail();
      return this.#fromOptions(args[0] as Record<string, unknown>, {});
    }
    if (args.length < 3 || args.length > 4 || typeof args[0] !== "string") fail();
    const [first, second, third, fourth] = args;
    if (args.length === 4 && typeof fourth === "string") {
      return { to: first as string, replyTo: optionalString(second), subject: optionalString(third), body: fourth };
    }
    const base: MailMessage = { to: first as string, subject: optionalString(second), body: optionalString(third) };
    if (args.length === 3 || fourth === undefined || fourth === null) return base;
    if (!isPlainObject(fourth)) fail();
    return this.#fromOptions(fourth as Record<string, unknown>, base);
  }

  #fromOptions(options: Record<string, unknown>, base: MailMessage): MailMessage {
    // Positional arguments win: options of the 4-argument form cannot replace to/subject/body.
    const pick = (key: keyof MailMessage): string | undefined => (base[key] as string | undefined) ?? optionalString(options[key]);
    return {
      to: pick("to"),
      cc: pick("cc"),
      bcc: pick("bcc"),
      replyTo: pick("replyTo"),
      subject: pick("subject"),
      body: pick("body"),
      htmlBody: pick("htmlBody"),
      name: pick("name"),
      noReply: options.noReply === true,
    };
  }
}

export const service: ServiceModule = {
  globals: ["MailApp"],
  init(world: World, options: WorldOptions): void {
    const timeZone = options.timeZone ?? "Asia/Shanghai";
    const dailyQuota = options.mailQuota ?? 100;
    const state: MailState = {
      dailyQuota,
      remaining: dailyQuota,
      day: dayIn(timeZone, world.clock.now()),
      timeZone,
      pendingFailures: [],
      sentCount: 0,
    };
    world.state.mail = state;
  },
  create(world: World, _exec: ExecutionInfo): Record<string, object> {
    return { MailApp: new MailAppObject(world) };
  },
};
