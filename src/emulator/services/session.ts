/**
 * Session, Logger and console.
 *
 * The active user is whoever runs the execution (ExecutionInfo.userEmail); the effective
 * user is the script owner (WorldOptions.userEmail), because installable triggers run as the
 * user who created them (spec #73). Logger and console lines go to `world.logs` with the
 * execution id; Logger.getLog() returns this execution's Logger lines only.
 */
import { createHash } from "node:crypto";
import {
  signatureError,
  type ExecutionInfo,
  type GasObject,
  type ServiceModule,
  type World,
  type WorldOptions,
} from "../contract";
import { formatStringLike } from "./utilities";
import { serviceState } from "./shared";

export interface SessionState {
  timeZone: string;
  ownerEmail: string;
  /** Logger lines by execution id, for Logger.getLog(); dropped when the execution ends. */
  loggerLines: Map<string, string[]>;
}

export function sessionState(world: World): SessionState {
  return serviceState<SessionState>(world, "session", "Session");
}

type Level = "log" | "info" | "warn" | "error";

function render(value: unknown): string {
  if (typeof value === "string") return value;
  if (value instanceof Date) return value.toISOString();
  if (value !== null && typeof value === "object") {
    try {
      return JSON.stringify(value);
    } catch {
      return String(value);
    }
  }
  return String(value);
}

/** A format string with arguments substitutes them (%s, %d, …); otherwise values are joined. */
function messageOf(args: unknown[]): string {
  if (args.length > 1 && typeof args[0] === "string" && /%[-+ 0#\d.]*[sdifeExXoc%bB]/.test(args[0])) {
    const rendered = args.slice(1).map((a) => (a !== null && typeof a === "object" && !(a instanceof Date) ? render(a) : a));
    return formatStringLike(args[0], rendered);
  }
  return args.map(render).join(" ");
}

function pushLog(world: World, exec: ExecutionInfo, level: Level, message: string): void {
  world.logs.push({ at: world.clock.now(), executionId: exec.id, level, message });
}

export class User implements GasObject {
  readonly __gasClass = "Session.User";

  constructor(private readonly email: string) {}

  getEmail(): string {
    return this.email;
  }

  /** Deprecated in Apps Script; the part before '@'. */
  getUsername(): string {
    return this.email.split("@")[0] ?? "";
  }
}

export class SessionObject implements GasObject {
  readonly __gasClass = "Session";

  constructor(
    private readonly world: World,
    private readonly exec: ExecutionInfo,
  ) {}

  getActiveUser(): User {
    return new User(this.exec.userEmail);
  }

  getEffectiveUser(): User {
    return new User(sessionState(this.world).ownerEmail);
  }

  getScriptTimeZone(): string {
    return sessionState(this.world).timeZone;
  }

  /** Deprecated alias of getScriptTimeZone. */
  getTimeZone(): string {
    return sessionState(this.world).timeZone;
  }

  getActiveUserLocale(): string {
    return "en";
  }

  /** Stable per user and script, and not the email itself. */
  getTemporaryActiveUserKey(): string {
    return createHash("sha256").update(`leadgrade-emulator:${this.exec.userEmail}`).digest("base64url").slice(0, 43);
  }
}

export class LoggerObject implements GasObject {
  readonly __gasClass = "Logger";

  constructor(
    private readonly world: World,
    private readonly exec: ExecutionInfo,
  ) {}

  /** log(data) or log(format, values...) with %s-style substitution; returns the Logger. */
  log(...args: unknown[]): LoggerObject {
    if (args.length === 0) throw signatureError(this.__gasClass, "log", args);
    const message = messageOf(args);
    const lines = sessionState(this.world).loggerLines;
    lines.set(this.exec.id, [...(lines.get(this.exec.id) ?? []), message]);
    pushLog(this.world, this.exec, "log", message);
    return this;
  }

  getLog(): string {
    return (sessionState(this.world).loggerLines.get(this.exec.id) ?? []).join("\n");
  }

  clear(): void {
    sessionState(this.world).loggerLines.delete(this.exec.id);
  }
}

export class ConsoleObject implements GasObject {
  readonly __gasClass = "console";
  #timers = new Map<string, number>();

  constructor(
    private readonly world: World,
    private readonly exec: ExecutionInfo,
  ) {}

  log(...args: unknown[]): void {
    pushLog(this.world, this.exec, "log", messageOf(args));
  }
  debug(...args: unknown[]): void {
    pushLog(this.world, this.exec, "log", messageOf(args));
  }
  info(...args: unknown[]): void {
    pushLog(this.world, this.exec, "info", messageOf(args));
  }
  warn(...args: unknown[]): void {
    pushLog(this.world, this.exec, "warn", messageOf(args));
  }
  error(...args: unknown[]): void {
    pushLog(this.world, this.exec, "error", messageOf(args));
  }
  time(label = "default"): void {
    this.#timers.set(String(label), performance.now());
  }
  timeEnd(label = "default"): void {
    const started = this.#timers.get(String(label));
    if (started === undefined) return;
    this.#timers.delete(String(label));
    pushLog(this.world, this.exec, "log", `${String(label)}: ${Math.round(performance.now() - started)}ms`);
  }
}

export const service: ServiceModule = {
  globals: ["Session", "Logger", "console"],
  init(world: World, options: WorldOptions): void {
    const state: SessionState = {
      timeZone: options.timeZone ?? "Asia/Shanghai",
      ownerEmail: options.userEmail ?? "owner@example.com",
      loggerLines: new Map(),
    };
    world.state.session = state;
  },
  create(world: World, exec: ExecutionInfo): Record<string, object> {
    return {
      Session: new SessionObject(world, exec),
      Logger: new LoggerObject(world, exec),
      console: new ConsoleObject(world, exec),
    };
  },
  end(world: World, exec: ExecutionInfo): void {
    (world.state.session as SessionState | undefined)?.loggerLines.delete(exec.id);
  },
};
