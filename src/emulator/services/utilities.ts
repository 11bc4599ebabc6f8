/**
 * Utilities (and the Blob class other services hand out).
 *
 * Byte arrays cross into scripts as plain arrays of SIGNED Java bytes (-128..127), never
 * Buffers or hex strings (spec #89, #90). Dates are formatted with Java SimpleDateFormat
 * semantics in IANA zones, computed with Intl on the host.
 */
import { createHash, createHmac, randomUUID } from "node:crypto";
import {
  GasException,
  signatureError,
  type ExecutionInfo,
  type GasObject,
  type ServiceModule,
  type World,
  type WorldOptions,
} from "../contract";
import { isDate, isKnownTimeZone, serviceState, zoneOffsetMs } from "./shared";
import { parseCsv as parseCsvText } from "../../core/csv";

// ---------------------------------------------------------------------------------------
// Bytes

/** Node bytes → Apps Script Byte[] (signed). */
export function toSignedBytes(bytes: Uint8Array): number[] {
  return Array.from(new Int8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength));
}

/** Apps Script Byte[] (signed or unsigned values) → Node bytes. */
export function fromByteArray(bytes: readonly number[]): Buffer {
  return Buffer.from(bytes.map((b) => Number(b) & 0xff));
}

export function isByteArray(value: unknown): value is number[] {
  return Array.isArray(value) && value.every((b) => typeof b === "number" && Number.isInteger(b) && b >= -128 && b <= 255);
}

/** Apps Script Charset enum values are their names; map them to Node/WHATWG labels. */
function charsetLabel(charset: unknown): string {
  const name = String(charset ?? "UTF_8").toUpperCase().replace(/-/g, "_");
  if (name === "UTF_8" || name === "UTF8") return "utf-8";
  if (name === "US_ASCII" || name === "ASCII") return "us-ascii";
  return String(charset).toLowerCase();
}

export function encodeString(text: string, charset?: unknown): Buffer {
  const label = charsetLabel(charset);
  if (label === "utf-8") return Buffer.from(text, "utf8");
  if (label === "us-ascii") return Buffer.from(text.replace(/[^\x00-\x7f]/g, "?"), "latin1");
  if (label === "iso-8859-1" || label === "latin1") return Buffer.from(text, "latin1");
  if (label === "utf-16le") return Buffer.from(text, "utf16le");
  throw new GasException(`Unsupported charset: ${String(charset)}`);
}

export function decodeBytes(bytes: Uint8Array, charset?: unknown): string {
  const label = charsetLabel(charset);
  try {
    return new TextDecoder(label === "us-ascii" ? "windows-1252" : label).decode(bytes);
  } catch {
    throw new GasException(`Unsupported charset: ${String(charset)}`);
  }
}

// ---------------------------------------------------------------------------------------
// Blob

function isBlobLike(value: unknown): value is Blob {
  return value instanceof Blob || (typeof value === "object" && value !== null && typeof (value as Blob).getBytes === "function" && typeof (value as Blob).getContentType === "function");
}

export { isBlobLike as isBlob };

export class Blob implements GasObject {
  readonly __gasClass = "Utilities.Blob";
  #bytes: Buffer;

  constructor(
    bytes: Uint8Array,
    private contentType: string | null = null,
    private name: string | null = null,
  ) {
    this.#bytes = Buffer.from(bytes);
  }

  /** Host-side access to the raw bytes (static, so scripts never see it as a method). */
  static bytesOf(blob: Blob): Buffer {
    return blob.#bytes;
  }

  getBytes(): number[] {
    return toSignedBytes(this.#bytes);
  }
  setBytes(data: number[]): Blob {
    if (!isByteArray(data)) throw signatureError(this.__gasClass, "setBytes", [...arguments]);
    this.#bytes = fromByteArray(data);
    return this;
  }
  getDataAsString(charset?: string): string {
    return decodeBytes(this.#bytes, charset);
  }
  setDataFromString(text: string, charset?: string): Blob {
    if (typeof text !== "string") throw signatureError(this.__gasClass, "setDataFromString", [...arguments]);
    this.#bytes = encodeString(text, charset);
    return this;
  }
  getContentType(): string | null {
    return this.contentType;
  }
  setContentType(contentType: string | null): Blob {
    this.contentType = contentType;
    return this;
  }
  getName(): string | null {
    return this.name;
  }
  setName(name: string): Blob {
    if (typeof name !== "string") throw signatureError(this.__gasClass, "setName", [...arguments]);
    this.name = name;
    return this;
  }
  copyBlob(): Blob {
    return new Blob(this.#bytes, this.contentType, this.name);
  }
  getBlob(): Blob {
    return this;
  }
  isGoogleType(): boolean {
    return false;
  }
  /** Only a no-op conversion is emulated (same type); real conversions need Google's servers. */
  getAs(contentType: string): Blob {
    const base = (t: string | null): string => String(t ?? "").split(";")[0].trim().toLowerCase();
    if (base(contentType) === base(this.contentType)) return this.copyBlob().setContentType(contentType);
    throw new GasException(`Converting from ${this.contentType ?? "unknown"} to ${contentType} is not supported.`);
  }
}

// ---------------------------------------------------------------------------------------
// Time zones

interface ZoneFields {
  year: number;
  /** 1-12 */
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  millisecond: number;
  /** 0 = Sunday */
  weekday: number;
  /** Minutes east of UTC. */
  offsetMinutes: number;
}

/** A fixed-offset id Java understands: GMT, UTC, GMT+8, GMT+08:00, GMT-0530, UTC+1. */
function fixedOffsetMinutes(timeZone: string): number | null {
  if (/^(GMT|UTC|UT|Z|Etc\/GMT|Etc\/UTC)$/i.test(timeZone)) return 0;
  const match = /^(?:GMT|UTC)([+-])(\d{1,2})(?::?(\d{2}))?$/i.exec(timeZone);
  if (!match) return null;
  const minutes = Number(match[2]) * 60 + Number(match[3] ?? 0);
  return match[1] === "-" ? -minutes : minutes;
}

/** Minutes east of UTC that `timeZone` observes at instant `epochMs`. */
export function zoneOffsetMinutes(epochMs: number, timeZone: string): number {
  const fixed = fixedOffsetMinutes(timeZone);
  if (fixed !== null) return fixed;
  // Java's TimeZone.getTimeZone falls back to GMT for an id it does not know.
  if (!isKnownTimeZone(timeZone)) return 0;
  return Math.round(zoneOffsetMs(epochMs, timeZone) / 60_000);
}

export function zoneFields(epochMs: number, timeZone: string): ZoneFields {
  const offsetMinutes = zoneOffsetMinutes(epochMs, timeZone);
  const local = new Date(epochMs + offsetMinutes * 60_000);
  return {
    year: local.getUTCFullYear(),
    month: local.getUTCMonth() + 1,
    day: local.getUTCDate(),
    hour: local.getUTCHours(),
    minute: local.getUTCMinutes(),
    second: local.getUTCSeconds(),
    millisecond: local.getUTCMilliseconds(),
    weekday: local.getUTCDay(),
    offsetMinutes,
  };
}

/** The instant at which wall-clock `localMs` (fields read as UTC) occurs in `timeZone`. */
export function instantOfLocal(localMs: number, timeZone: string): number {
  let guess = localMs - zoneOffsetMinutes(localMs, timeZone) * 60_000;
  guess = localMs - zoneOffsetMinutes(guess, timeZone) * 60_000;
  return guess;
}

/** Java's short names where they differ from Intl's en-US ones: [standard, daylight]. */
const JAVA_SHORT_NAMES: Record<string, [string, string]> = {
  "Asia/Shanghai": ["CST", "CDT"],
  "Asia/Chongqing": ["CST", "CDT"],
  "Asia/Harbin": ["CST", "CDT"],
  PRC: ["CST", "CDT"],
  "Asia/Taipei": ["CST", "CDT"],
  "Asia/Macau": ["CST", "CDT"],
  "Asia/Hong_Kong": ["HKT", "HKST"],
  "Asia/Tokyo": ["JST", "JDT"],
  "Asia/Seoul": ["KST", "KDT"],
  "Asia/Singapore": ["SGT", "SGT"],
  "Asia/Kolkata": ["IST", "IST"],
  "Asia/Calcutta": ["IST", "IST"],
  "Asia/Dubai": ["GST", "GST"],
  "Europe/London": ["GMT", "BST"],
  "Europe/Dublin": ["GMT", "IST"],
  "Europe/Lisbon": ["WET", "WEST"],
  "Europe/Moscow": ["MSK", "MSK"],
  "Australia/Sydney": ["AEST", "AEDT"],
  "Australia/Melbourne": ["AEST", "AEDT"],
  "Australia/Brisbane": ["AEST", "AEDT"],
  GMT: ["GMT", "GMT"],
  "Etc/GMT": ["GMT", "GMT"],
  UTC: ["UTC", "UTC"],
  "Etc/UTC": ["UTC", "UTC"],
};
const CENTRAL_EUROPE = ["Paris", "Berlin", "Madrid", "Rome", "Amsterdam", "Brussels", "Vienna", "Stockholm", "Zurich", "Prague", "Warsaw", "Oslo", "Copenhagen", "Budapest"];
for (const city of CENTRAL_EUROPE) JAVA_SHORT_NAMES[`Europe/${city}`] = ["CET", "CEST"];

function gmtOffsetName(offsetMinutes: number): string {
  const sign = offsetMinutes < 0 ? "-" : "+";
  const abs = Math.abs(offsetMinutes);
  return `GMT${sign}${pad(Math.floor(abs / 60), 2)}:${pad(abs % 60, 2)}`;
}

function zoneName(epochMs: number, timeZone: string, long: boolean, offsetMinutes: number): string {
  const fixed = fixedOffsetMinutes(timeZone);
  if (fixed !== null && !(timeZone in JAVA_SHORT_NAMES)) return fixed === 0 ? "GMT" : gmtOffsetName(fixed);
  if (!isKnownTimeZone(timeZone)) return "GMT";
  if (long) {
    if (timeZone === "GMT" || timeZone === "Etc/GMT") return "Greenwich Mean Time";
    const parts = new Intl.DateTimeFormat("en-US", { timeZone, timeZoneName: "long" }).formatToParts(new Date(epochMs));
    return parts.find((p) => p.type === "timeZoneName")?.value ?? gmtOffsetName(offsetMinutes);
  }
  const known = JAVA_SHORT_NAMES[timeZone];
  if (known) {
    const year = new Date(epochMs).getUTCFullYear();
    const standard = Math.min(zoneOffsetMinutes(Date.UTC(year, 0, 1), timeZone), zoneOffsetMinutes(Date.UTC(year, 6, 1), timeZone));
    return offsetMinutes === standard ? known[0] : known[1];
  }
  const parts = new Intl.DateTimeFormat("en-US", { timeZone, timeZoneName: "short" }).formatToParts(new Date(epochMs));
  const short = parts.find((p) => p.type === "timeZoneName")?.value ?? "";
  return /^GMT[+-]/.test(short) || short === "" ? gmtOffsetName(offsetMinutes) : short;
}

// ---------------------------------------------------------------------------------------
// SimpleDateFormat

const MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];
const DAYS = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];
const PATTERN_LETTERS = new Set("GyYMLwWDdFEuaHkKhmsSzZX");

type FormatToken = { kind: "literal"; text: string } | { kind: "field"; letter: string; count: number };

function pad(value: number, width: number): string {
  const digits = String(Math.abs(value));
  return (value < 0 ? "-" : "") + (digits.length >= width ? digits : "0".repeat(width - digits.length) + digits);
}

/** Split a SimpleDateFormat pattern; quoted text is literal and '' is one quote. */
function tokenize(pattern: string): FormatToken[] {
  const tokens: FormatToken[] = [];
  const literal = (text: string): void => {
    const last = tokens[tokens.length - 1];
    if (last?.kind === "literal") last.text += text;
    else tokens.push({ kind: "literal", text });
  };
  for (let i = 0; i < pattern.length; ) {
    const c = pattern[i];
    if (c === "'") {
      if (pattern[i + 1] === "'") {
        literal("'");
        i += 2;
        continue;
      }
      let text = "";
      let j = i + 1;
      for (; j < pattern.length; j++) {
        if (pattern[j] === "'") {
          if (pattern[j + 1] === "'") {
            text += "'";
            j++;
            continue;
          }
          break;
        }
        text += pattern[j];
      }
      if (j >= pattern.length) throw new GasException(`Unterminated quote in pattern: ${pattern}`);
      literal(text);
      i = j + 1;
      continue;
    }
    if (/[a-zA-Z]/.test(c)) {
      if (!PATTERN_LETTERS.has(c)) throw new GasException(`Illegal pattern character '${c}'`);
      let j = i;
      while (pattern[j] === c) j++;
      tokens.push({ kind: "field", letter: c, count: j - i });
      i = j;
      continue;
    }
    literal(c);
    i++;
  }
  return tokens;
}

/** Days since the epoch of a civil date. */
function civilDay(year: number, month: number, day: number): number {
  return Math.floor(Date.UTC(year, month - 1, day) / 86_400_000);
}

/**
 * Week fields under Java's default (en-US) rules: weeks start on Sunday and week 1 is the
 * week containing January 1. So 29–31 Dec 2024 are week 1 of week-year 2025 (the YYYY bug).
 */
function weekOfYear(f: ZoneFields): { weekYear: number; week: number } {
  const today = civilDay(f.year, f.month, f.day);
  const sunday = today - f.weekday;
  const nextNewYear = civilDay(f.year + 1, 1, 1);
  if (sunday + 6 >= nextNewYear) return { weekYear: f.year + 1, week: 1 };
  const newYear = civilDay(f.year, 1, 1);
  const firstSunday = newYear - new Date(newYear * 86_400_000).getUTCDay();
  return { weekYear: f.year, week: Math.floor((sunday - firstSunday) / 7) + 1 };
}

function formatOffset(offsetMinutes: number, style: "Z" | "X1" | "X2" | "X3"): string {
  if (style !== "Z" && offsetMinutes === 0) return "Z";
  const sign = offsetMinutes < 0 ? "-" : "+";
  const abs = Math.abs(offsetMinutes);
  const hours = pad(Math.floor(abs / 60), 2);
  const minutes = pad(abs % 60, 2);
  if (style === "X1") return `${sign}${hours}`;
  if (style === "X3") return `${sign}${hours}:${minutes}`;
  return `${sign}${hours}${minutes}`;
}

function formatField(letter: string, count: number, epochMs: number, f: ZoneFields, timeZone: string): string {
  switch (letter) {
    case "G":
      return f.year > 0 ? "AD" : "BC";
    case "y":
      return count === 2 ? pad(f.year % 100, 2) : pad(f.year, count);
    case "Y": {
      const { weekYear } = weekOfYear(f);
      return count === 2 ? pad(weekYear % 100, 2) : pad(weekYear, count);
    }
    case "M":
    case "L":
      if (count >= 4) return MONTHS[f.month - 1];
      if (count === 3) return MONTHS[f.month - 1].slice(0, 3);
      return pad(f.month, count);
    case "w":
      return pad(weekOfYear(f).week, count);
    case "W": {
      const firstWeekday = (f.weekday - ((f.day - 1) % 7) + 7) % 7;
      return pad(Math.floor((f.day - 1 + firstWeekday) / 7) + 1, count);
    }
    case "D":
      return pad(civilDay(f.year, f.month, f.day) - civilDay(f.year, 1, 1) + 1, count);
    case "d":
      return pad(f.day, count);
    case "F":
      return pad(Math.floor((f.day - 1) / 7) + 1, count);
    case "E":
      return count >= 4 ? DAYS[f.weekday] : DAYS[f.weekday].slice(0, 3);
    case "u":
      return pad(f.weekday === 0 ? 7 : f.weekday, count);
    case "a":
      return f.hour < 12 ? "AM" : "PM";
    case "H":
      return pad(f.hour, count);
    case "k":
      return pad(f.hour === 0 ? 24 : f.hour, count);
    case "K":
      return pad(f.hour % 12, count);
    case "h":
      return pad(f.hour % 12 === 0 ? 12 : f.hour % 12, count);
    case "m":
      return pad(f.minute, count);
    case "s":
      return pad(f.second, count);
    case "S":
      return pad(f.millisecond, count);
    case "z":
      return zoneName(epochMs, timeZone, count >= 4, f.offsetMinutes);
    case "Z":
      return formatOffset(f.offsetMinutes, "Z");
    case "X":
      return formatOffset(f.offsetMinutes, count === 1 ? "X1" : count === 2 ? "X2" : "X3");
    default:
      throw new GasException(`Illegal pattern character '${letter}'`);
  }
}

export function formatDateIn(date: Date, timeZone: string, pattern: string): string {
  const epochMs = date.getTime();
  const fields = zoneFields(epochMs, timeZone);
  return tokenize(pattern)
    .map((token) => (token.kind === "literal" ? token.text : formatField(token.letter, token.count, epochMs, fields, timeZone)))
    .join("");
}

const NUMERIC_LETTERS = new Set("yYMLwWDdFuHkKhmsS");

function isNumericToken(token: FormatToken | undefined): boolean {
  return token?.kind === "field" && NUMERIC_LETTERS.has(token.letter) && !((token.letter === "M" || token.letter === "L") && token.count >= 3);
}

function unparseable(text: string): GasException {
  return new GasException(`Unparseable date: "${text}"`);
}

/**
 * Java DateFormat.parse: reads from the start (trailing text is ignored), lenient about
 * field ranges (month 13 rolls into the next year), and throws on anything else.
 */
export function parseDateIn(text: string, timeZone: string, pattern: string): Date {
  const tokens = tokenize(pattern);
  let at = 0;
  const values: Record<string, number> = {};
  let pm: boolean | null = null;
  let offsetMinutes: number | null = null;
  const matchWord = (words: string[]): number => {
    const rest = text.slice(at).toLowerCase();
    let best = -1;
    let bestLength = 0;
    words.forEach((word, index) => {
      for (const candidate of [word, word.slice(0, 3)]) {
        if (rest.startsWith(candidate.toLowerCase()) && candidate.length > bestLength) {
          best = index;
          bestLength = candidate.length;
        }
      }
    });
    if (best < 0) throw unparseable(text);
    at += bestLength;
    return best;
  };
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i];
    if (token.kind === "literal") {
      if (!text.startsWith(token.text, at)) throw unparseable(text);
      at += token.text.length;
      continue;
    }
    const { letter, count } = token;
    if (isNumericToken(token)) {
      const abutting = isNumericToken(tokens[i + 1]);
      const sign = (letter === "y" || letter === "Y") && text[at] === "-" ? -1 : 1;
      if (sign < 0) at++;
      let end = at;
      while (end < text.length && /[0-9]/.test(text[end]) && (!abutting || end - at < count)) end++;
      if (end === at) throw unparseable(text);
      const digits = text.slice(at, end);
      let value = Number(digits) * sign;
      if ((letter === "y" || letter === "Y") && count <= 2 && digits.length === 2 && sign > 0) {
        // Two-digit years land within 80 years before and 20 after now, as in Java.
        const now = new Date().getUTCFullYear();
        value += Math.floor((now - 80) / 100) * 100;
        if (value < now - 80) value += 100;
      }
      values[letter === "L" ? "M" : letter] = value;
      at = end;
      continue;
    }
    switch (letter) {
      case "M":
      case "L":
        values.M = matchWord(MONTHS) + 1;
        break;
      case "E":
        matchWord(DAYS);
        break;
      case "a": {
        const rest = text.slice(at, at + 2).toUpperCase();
        if (rest !== "AM" && rest !== "PM") throw unparseable(text);
        pm = rest === "PM";
        at += 2;
        break;
      }
      case "G": {
        const rest = text.slice(at, at + 2).toUpperCase();
        if (rest !== "AD" && rest !== "BC") throw unparseable(text);
        at += 2;
        break;
      }
      case "z":
      case "Z":
      case "X": {
        const rest = text.slice(at);
        const iso = /^(?:GMT|UTC)?([+-])(\d{2}):?(\d{2})?/.exec(rest);
        if (rest.startsWith("Z") && letter === "X") {
          offsetMinutes = 0;
          at += 1;
        } else if (iso) {
          const minutes = Number(iso[2]) * 60 + Number(iso[3] ?? 0);
          offsetMinutes = iso[1] === "-" ? -minutes : minutes;
          at += iso[0].length;
        } else {
          const name = /^[A-Za-z]+/.exec(rest)?.[0] ?? "";
          if (name === "GMT" || name === "UTC") offsetMinutes = 0;
          else {
            const zone = Object.entries(JAVA_SHORT_NAMES).find(([, names]) => names.includes(name));
            if (!zone) throw unparseable(text);
            offsetMinutes = zoneOffsetMinutes(Date.now(), zone[0]);
          }
          at += name.length;
        }
        break;
      }
      default:
        throw unparseable(text);
    }
  }
  let hour = values.H ?? (values.k !== undefined ? values.k % 24 : undefined);
  if (hour === undefined) {
    const twelve = values.h !== undefined ? values.h % 12 : values.K;
    hour = twelve === undefined ? 0 : twelve + (pm ? 12 : 0);
  } else if (pm && hour < 12) {
    hour += 12;
  }
  const year = values.y ?? values.Y ?? 1970;
  const dayOfYearOnly = values.D !== undefined && values.d === undefined;
  // setUTCFullYear, unlike Date.UTC, keeps years 0-99 as they are; both roll over lenient values.
  const localDate = new Date(0);
  localDate.setUTCFullYear(year, dayOfYearOnly ? 0 : (values.M ?? 1) - 1, dayOfYearOnly ? values.D : values.d ?? 1);
  localDate.setUTCHours(hour, values.m ?? 0, values.s ?? 0, values.S ?? 0);
  const local = localDate.getTime();
  const instant = offsetMinutes !== null ? local - offsetMinutes * 60_000 : instantOfLocal(local, timeZone);
  return new Date(instant);
}

// ---------------------------------------------------------------------------------------
// formatString (printf subset)

export function formatStringLike(template: string, args: unknown[]): string {
  let next = 0;
  return template.replace(/%(?:(\d+)\$)?([-+ 0#]*)(\d+)?(?:\.(\d+))?([sdifeExXoc%bB])/g, (whole, position, flags: string, width, precision, conversion: string) => {
    if (conversion === "%") return "%";
    const value = position ? args[Number(position) - 1] : args[next++];
    let text: string;
    const number = Number(value);
    switch (conversion) {
      case "s":
        text = value === undefined ? "undefined" : value === null ? "null" : typeof value === "object" ? JSON.stringify(value) : String(value);
        if (precision !== undefined) text = text.slice(0, Number(precision));
        break;
      case "b":
      case "B":
        text = String(value !== null && value !== undefined && value !== false);
        break;
      case "d":
      case "i":
        text = String(Math.trunc(number));
        break;
      case "f":
        text = number.toFixed(precision === undefined ? 6 : Number(precision));
        break;
      case "e":
      case "E": {
        text = number.toExponential(precision === undefined ? 6 : Number(precision)).replace(/e([+-])(\d)$/, "e$10$2");
        if (conversion === "E") text = text.toUpperCase();
        break;
      }
      case "x":
        text = (Math.trunc(number) >>> 0).toString(16);
        break;
      case "X":
        text = (Math.trunc(number) >>> 0).toString(16).toUpperCase();
        break;
      case "o":
        text = (Math.trunc(number) >>> 0).toString(8);
        break;
      case "c":
        text = typeof value === "number" ? String.fromCharCode(value) : String(value).charAt(0);
        break;
      default:
        return whole;
    }
    const numeric = "difeE".includes(conversion);
    if (numeric && number >= 0) {
      if (flags.includes("+")) text = `+${text}`;
      else if (flags.includes(" ")) text = ` ${text}`;
    }
    const minWidth = width === undefined ? 0 : Number(width);
    if (text.length < minWidth) {
      if (flags.includes("-")) text = text.padEnd(minWidth);
      else if (flags.includes("0") && numeric) {
        const sign = /^[+\- ]/.test(text) ? text[0] : "";
        text = sign + text.slice(sign.length).padStart(minWidth - sign.length, "0");
      } else text = text.padStart(minWidth);
    }
    return text;
  });
}

// ---------------------------------------------------------------------------------------
// The service

export const DigestAlgorithm = Object.freeze({
  MD2: "MD2",
  MD5: "MD5",
  SHA_1: "SHA_1",
  SHA_256: "SHA_256",
  SHA_384: "SHA_384",
  SHA_512: "SHA_512",
} as const);
export const MacAlgorithm = Object.freeze({
  HMAC_MD5: "HMAC_MD5",
  HMAC_SHA_1: "HMAC_SHA_1",
  HMAC_SHA_256: "HMAC_SHA_256",
  HMAC_SHA_384: "HMAC_SHA_384",
  HMAC_SHA_512: "HMAC_SHA_512",
} as const);
export const Charset = Object.freeze({ US_ASCII: "US_ASCII", UTF_8: "UTF_8" } as const);
export const RsaAlgorithm = Object.freeze({ RSA_SHA_1: "RSA_SHA_1", RSA_SHA_256: "RSA_SHA_256" } as const);

const NODE_DIGEST: Record<string, string> = { MD5: "md5", SHA_1: "sha1", SHA_256: "sha256", SHA_384: "sha384", SHA_512: "sha512" };
const NODE_HMAC: Record<string, string> = {
  HMAC_MD5: "md5",
  HMAC_SHA_1: "sha1",
  HMAC_SHA_256: "sha256",
  HMAC_SHA_384: "sha384",
  HMAC_SHA_512: "sha512",
};
const MAX_SLEEP_MS = 300_000;
export const SLEEP_TOO_LONG_MESSAGE = `Invalid argument: milliseconds. The maximum is ${MAX_SLEEP_MS}.`;
export const BASE64_DECODE_MESSAGE = "Could not decode string.";

export interface UtilitiesState {
  timeZone: string;
  /** Test hook: when true, sleep(ms) advances the emulated clock and returns at once. */
  virtualSleep: boolean;
}

export function utilitiesState(world: World): UtilitiesState {
  return serviceState<UtilitiesState>(world, "utilities", "Utilities");
}

function isCharset(value: unknown): boolean {
  return value === undefined || (typeof value === "string" && charsetLabel(value) !== "");
}

function base64Of(text: string, webSafe: boolean): number[] {
  const cleaned = text.replace(/\s+/g, "");
  const pattern = webSafe ? /^[A-Za-z0-9_-]*={0,2}$/ : /^[A-Za-z0-9+/]*={0,2}$/;
  if (!pattern.test(cleaned) || cleaned.replace(/=+$/, "").length % 4 === 1) throw new GasException(BASE64_DECODE_MESSAGE);
  return toSignedBytes(Buffer.from(cleaned, webSafe ? "base64url" : "base64"));
}

export class UtilitiesObject implements GasObject {
  readonly __gasClass = "Utilities";
  readonly DigestAlgorithm = DigestAlgorithm;
  readonly MacAlgorithm = MacAlgorithm;
  readonly Charset = Charset;
  readonly RsaAlgorithm = RsaAlgorithm;

  constructor(private readonly world: World) {}

  formatDate(date: Date, timeZone: string, format: string): string {
    if (!isDateValue(date) || typeof timeZone !== "string" || typeof format !== "string") {
      throw signatureError(this.__gasClass, "formatDate", [...arguments]);
    }
    return formatDateIn(date, timeZone, format);
  }

  parseDate(date: string, timeZone: string, format: string): Date {
    if (typeof date !== "string" || typeof timeZone !== "string" || typeof format !== "string") {
      throw signatureError(this.__gasClass, "parseDate", [...arguments]);
    }
    return parseDateIn(date, timeZone, format);
  }

  formatString(template: string, ...args: unknown[]): string {
    if (typeof template !== "string") throw signatureError(this.__gasClass, "formatString", [...arguments]);
    return formatStringLike(template, args);
  }

  getUuid(): string {
    return randomUUID();
  }

  /** (algorithm, String[, charset]) or (algorithm, Byte[]) — bytes with a charset is not an overload (spec #91). */
  computeDigest(algorithm: string, value: string | number[], charset?: string): number[] {
    const okString = typeof value === "string" && isCharset(charset);
    const okBytes = isByteArray(value) && arguments.length === 2;
    if (typeof algorithm !== "string" || !(algorithm in DigestAlgorithm) || !(okString || okBytes)) {
      throw signatureError(this.__gasClass, "computeDigest", [...arguments]);
    }
    const nodeName = NODE_DIGEST[algorithm];
    if (!nodeName) throw new GasException(`Utilities.computeDigest(${algorithm}) is not emulated`);
    const input = typeof value === "string" ? encodeString(value, charset) : fromByteArray(value);
    return toSignedBytes(createHash(nodeName).update(input).digest());
  }

  computeHmacSignature(algorithm: string, value: string | number[], key: string | number[], charset?: string): number[] {
    const okStrings = typeof value === "string" && typeof key === "string" && isCharset(charset);
    const okBytes = isByteArray(value) && isByteArray(key) && arguments.length === 3;
    if (typeof algorithm !== "string" || !(algorithm in NODE_HMAC) || !(okStrings || okBytes)) {
      throw signatureError(this.__gasClass, "computeHmacSignature", [...arguments]);
    }
    return hmac(NODE_HMAC[algorithm], value, key, charset);
  }

  computeHmacSha256Signature(value: string | number[], key: string | number[], charset?: string): number[] {
    const okStrings = typeof value === "string" && typeof key === "string" && isCharset(charset);
    const okBytes = isByteArray(value) && isByteArray(key) && arguments.length === 2;
    if (!(okStrings || okBytes)) throw signatureError(this.__gasClass, "computeHmacSha256Signature", [...arguments]);
    return hmac("sha256", value, key, charset);
  }

  computeRsaSha256Signature(): never {
    throw new GasException("Utilities.computeRsaSha256Signature is not emulated");
  }

  computeRsaSignature(): never {
    throw new GasException("Utilities.computeRsaSignature is not emulated");
  }

  base64Encode(data: string | number[], charset?: string): string {
    return this.#encodeBase64("base64Encode", [...arguments], data, charset).toString("base64");
  }

  base64EncodeWebSafe(data: string | number[], charset?: string): string {
    // Web-safe keeps the '=' padding, like java.util.Base64.getUrlEncoder().
    return this.#encodeBase64("base64EncodeWebSafe", [...arguments], data, charset)
      .toString("base64")
      .replace(/\+/g, "-")
      .replace(/\//g, "_");
  }

  base64Decode(encoded: string, charset?: string): number[] {
    if (typeof encoded !== "string" || !isCharset(charset)) throw signatureError(this.__gasClass, "base64Decode", [...arguments]);
    return base64Of(encoded, false);
  }

  base64DecodeWebSafe(encoded: string, charset?: string): number[] {
    if (typeof encoded !== "string" || !isCharset(charset)) {
      throw signatureError(this.__gasClass, "base64DecodeWebSafe", [...arguments]);
    }
    return base64Of(encoded, true);
  }

  newBlob(data?: string | number[], contentType?: string | null, name?: string | null): Blob {
    const okData = data === undefined || typeof data === "string" || isByteArray(data);
    const okType = contentType === undefined || contentType === null || typeof contentType === "string";
    const okName = name === undefined || name === null || typeof name === "string";
    if (!okData || !okType || !okName) throw signatureError(this.__gasClass, "newBlob", [...arguments]);
    const bytes = data === undefined ? Buffer.alloc(0) : typeof data === "string" ? Buffer.from(data, "utf8") : fromByteArray(data);
    return new Blob(bytes, contentType ?? null, name ?? null);
  }

  parseCsv(csv: string, delimiter?: string): string[][] {
    if (typeof csv !== "string" || (delimiter !== undefined && typeof delimiter !== "string")) {
      throw signatureError(this.__gasClass, "parseCsv", [...arguments]);
    }
    return parseCsvText(csv, delimiter ?? ",");
  }

  /**
   * Really waits (the execution stays blocked), unless the virtualSleep hook is on: then it
   * advances the emulated clock instead and returns at once.
   */
  sleep(milliseconds: number): void | Promise<void> {
    if (typeof milliseconds !== "number") throw signatureError(this.__gasClass, "sleep", [...arguments]);
    if (milliseconds > MAX_SLEEP_MS) throw new GasException(SLEEP_TOO_LONG_MESSAGE);
    if (!(milliseconds > 0)) return;
    if (utilitiesState(this.world).virtualSleep) {
      this.world.clock.advance(milliseconds);
      return;
    }
    return new Promise((resolve) => setTimeout(resolve, milliseconds));
  }

  jsonParse(jsonString: string): unknown {
    return JSON.parse(jsonString);
  }

  jsonStringify(object: unknown): string {
    return JSON.stringify(object);
  }

  zip(): never {
    throw new GasException("Utilities.zip is not emulated");
  }

  unzip(): never {
    throw new GasException("Utilities.unzip is not emulated");
  }

  gzip(): never {
    throw new GasException("Utilities.gzip is not emulated");
  }

  ungzip(): never {
    throw new GasException("Utilities.ungzip is not emulated");
  }

  #encodeBase64(method: string, args: unknown[], data: string | number[], charset?: string): Buffer {
    if (typeof data === "string" && isCharset(charset)) return encodeString(data, charset);
    if (isByteArray(data) && args.length === 1) return fromByteArray(data);
    throw signatureError(this.__gasClass, method, args);
  }
}

function isDateValue(value: unknown): value is Date {
  return isDate(value) && !Number.isNaN(value.getTime());
}

function hmac(algorithm: string, value: string | number[], key: string | number[], charset?: string): number[] {
  const bytesOf = (v: string | number[]): Buffer => (typeof v === "string" ? encodeString(v, charset) : fromByteArray(v));
  return toSignedBytes(createHmac(algorithm, bytesOf(key)).update(bytesOf(value)).digest());
}

export const service: ServiceModule = {
  globals: ["Utilities"],
  init(world: World, options: WorldOptions): void {
    const state: UtilitiesState = { timeZone: options.timeZone ?? "Asia/Shanghai", virtualSleep: false };
    world.state.utilities = state;
  },
  create(world: World, _exec: ExecutionInfo): Record<string, object> {
    return { Utilities: new UtilitiesObject(world) };
  },
};
