/**
 * Cell values: what a write turns into (USER_ENTERED parsing), what a read shows
 * (display formatting), time-zone arithmetic for date cells, and the tiny formula evaluator.
 *
 * A stored cell value is one of: number, boolean, string, Date (a real instant). Empty cells
 * are `undefined` in storage and `""` to scripts.
 */

import { isDate, wallTime, zoneOffsetMs } from "./shared";

export { isDate, wallTime, type WallTime } from "./shared";

export type CellValue = number | boolean | string | Date;

/** What Apps Script reports for a cell that was never given a number format. */
export const DEFAULT_NUMBER_FORMAT = "0.###############";
export const PLAIN_TEXT_FORMAT = "@";

// ---------------------------------------------------------------------------------------
// Time zones

/** The instant whose wall-clock reading in `timeZone` is the given fields. */
export function zonedInstant(
  year: number, month: number, day: number, hour = 0, minute = 0, second = 0, ms = 0, timeZone: string,
): number {
  const asUtc = Date.UTC(year, month - 1, day, hour, minute, second, ms);
  // Two passes settle the offset except inside a DST gap, where either answer is acceptable.
  let guess = asUtc - zoneOffsetMs(asUtc, timeZone);
  guess = asUtc - zoneOffsetMs(guess, timeZone);
  return guess;
}

const SERIAL_EPOCH_UTC = Date.UTC(1899, 11, 30);
const DAY_MS = 86_400_000;

/** Spreadsheet serial number (days since 1899-12-30, fraction = time of day) of a Date's wall time. */
export function dateToSerial(date: Date, timeZone: string): number {
  const w = wallTime(date, timeZone);
  const wallAsUtc = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second, w.ms);
  return (wallAsUtc - SERIAL_EPOCH_UTC) / DAY_MS;
}

export function serialToDate(serial: number, timeZone: string): Date {
  const wallAsUtc = new Date(SERIAL_EPOCH_UTC + Math.round(serial * DAY_MS));
  return new Date(
    zonedInstant(
      wallAsUtc.getUTCFullYear(), wallAsUtc.getUTCMonth() + 1, wallAsUtc.getUTCDate(),
      wallAsUtc.getUTCHours(), wallAsUtc.getUTCMinutes(), wallAsUtc.getUTCSeconds(), wallAsUtc.getUTCMilliseconds(),
      timeZone,
    ),
  );
}

// ---------------------------------------------------------------------------------------
// USER_ENTERED parsing

export interface ParsedInput {
  /** undefined = the cell becomes empty. */
  value: CellValue | undefined;
  formula?: string;
  /** Number format Sheets picks automatically when the cell had none (e.g. for a typed date). */
  autoFormat?: string;
}

export interface InputContext {
  timeZone: string;
  /** Current emulated time, for dates typed without a year. */
  now: number;
}

/** A cell holds at most 50,000 characters (spec 1.21). */
export const MAX_CELL_CHARS = 50_000;

const NUMBER_RE = /^([+-])?([$¥€£])?(\d+|\d{1,3}(?:,\d{3})+)?(\.\d*)?(?:[eE]([+-]?\d+))?(%)?$/;
const MONTHS = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];

/**
 * Parse what a script wrote into a cell the way Sheets parses typed input (USER_ENTERED),
 * unless the cell is formatted as plain text. Non-strings are stored as they are.
 */
export function parseInput(raw: unknown, cellFormat: string | undefined, ctx: InputContext): ParsedInput {
  if (raw === null || raw === undefined || raw === "") return { value: undefined };
  if (typeof raw === "number") return { value: Number.isFinite(raw) ? raw : "#NUM!" };
  if (typeof raw === "boolean") return { value: raw };
  if (isDate(raw)) {
    const t = (raw as Date).getTime();
    return Number.isNaN(t) ? { value: undefined } : { value: new Date(t) };
  }
  const text = typeof raw === "string" ? raw : String(raw);
  if (cellFormat === PLAIN_TEXT_FORMAT) return { value: text };
  if (text.startsWith("'")) return text.length === 1 ? { value: undefined } : { value: text.slice(1) };
  if (text.length > 1 && text.startsWith("=")) return { value: evaluateFormula(text), formula: text };

  const trimmed = text.trim();
  if (trimmed === "") return { value: text };
  const upper = trimmed.toUpperCase();
  if (upper === "TRUE") return { value: true };
  if (upper === "FALSE") return { value: false };

  const num = parseNumber(trimmed);
  if (num) return num;
  const date = parseDateTime(trimmed, ctx);
  if (date) return date;
  return { value: text };
}

function parseNumber(s: string): ParsedInput | null {
  const m = NUMBER_RE.exec(s);
  if (!m) return null;
  const [, sign, currency, intPart, fracPart, exp, percent] = m;
  if (!intPart && (!fracPart || fracPart === ".")) return null;
  const digits = (intPart ?? "0").replace(/,/g, "") + (fracPart ?? "");
  let n = Number(digits + (exp !== undefined ? `e${exp}` : ""));
  if (!Number.isFinite(n)) return null;
  if (sign === "-") n = -n;
  if (percent) return { value: n / 100, autoFormat: fracPart && fracPart.length > 1 ? "0.00%" : "0%" };
  if (currency) return { value: n, autoFormat: `"${currency}"#,##0.00` };
  if (intPart?.includes(",")) return { value: n, autoFormat: "#,##0" };
  return { value: n };
}

const TIME_PART = String.raw`(\d{1,2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3}))?)?(?:\s*([AaPp][Mm]))?`;
const ISO_DATE_RE = new RegExp(String.raw`^(\d{4})([-/.])(\d{1,2})\2(\d{1,2})(?:\s+${TIME_PART})?$`);
const US_DATE_RE = new RegExp(String.raw`^(\d{1,2})/(\d{1,2})(?:/(\d{2}|\d{4}))?(?:\s+${TIME_PART})?$`);
const TIME_ONLY_RE = new RegExp(String.raw`^${TIME_PART}$`);
const NAMED_MONTH_RE = /^(?:([A-Za-z]{3,9})\.?\s+(\d{1,2}),?\s+(\d{4})|(\d{1,2})[\s-]([A-Za-z]{3,9})\.?[\s-](\d{4}))$/;

function monthFromName(name: string): number {
  const i = MONTHS.indexOf(name.slice(0, 3).toLowerCase());
  const full = ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december"];
  if (i < 0) return 0;
  const lower = name.toLowerCase();
  return lower.length === 3 || full[i].startsWith(lower) || lower === "sept" ? i + 1 : 0;
}

function validDate(y: number, mo: number, d: number): boolean {
  if (mo < 1 || mo > 12 || d < 1) return false;
  return d <= new Date(Date.UTC(y, mo, 0)).getUTCDate();
}

function timeFields(m: RegExpExecArray, at: number): [number, number, number, number] | null {
  if (m[at] === undefined) return [0, 0, 0, 0];
  let h = Number(m[at]);
  const mi = Number(m[at + 1]);
  const s = m[at + 2] ? Number(m[at + 2]) : 0;
  const ms = m[at + 3] ? Number(m[at + 3].padEnd(3, "0")) : 0;
  const ampm = m[at + 4]?.toUpperCase();
  if (ampm) {
    if (h < 1 || h > 12) return null;
    h = (h % 12) + (ampm === "PM" ? 12 : 0);
  }
  if (h > 23 || mi > 59 || s > 59) return null;
  return [h, mi, s, ms];
}

function parseDateTime(s: string, ctx: InputContext): ParsedInput | null {
  let y: number, mo: number, d: number, time: [number, number, number, number] | null;
  let format: string;
  let m: RegExpExecArray | null;
  if ((m = ISO_DATE_RE.exec(s))) {
    [y, mo, d] = [Number(m[1]), Number(m[3]), Number(m[4])];
    time = timeFields(m, 5);
    format = `yyyy${m[2]}mm${m[2]}dd`;
  } else if ((m = US_DATE_RE.exec(s))) {
    // The emulated spreadsheets use the en_US locale: month first.
    [mo, d] = [Number(m[1]), Number(m[2])];
    y = m[3] === undefined ? wallTime(ctx.now, ctx.timeZone).year : m[3].length === 2 ? 2000 + Number(m[3]) - (Number(m[3]) >= 30 ? 100 : 0) : Number(m[3]);
    time = timeFields(m, 4);
    format = "M/d/yyyy";
  } else if ((m = NAMED_MONTH_RE.exec(s))) {
    mo = monthFromName(m[1] ?? m[5]);
    d = Number(m[2] ?? m[4]);
    y = Number(m[3] ?? m[6]);
    time = [0, 0, 0, 0];
    format = "d mmm yyyy";
  } else if ((m = TIME_ONLY_RE.exec(s))) {
    const t = timeFields(m, 1);
    if (!t) return null;
    const serial = (t[0] * 3600 + t[1] * 60 + t[2] + t[3] / 1000) / 86400;
    return { value: serialToDate(serial, ctx.timeZone), autoFormat: m[5] ? "h:mm:ss am/pm" : "H:mm:ss" };
  } else {
    return null;
  }
  if (!time || !validDate(y, mo, d)) return null;
  const hasTime = m[0] !== undefined && /:/.test(s);
  const instant = zonedInstant(y, mo, d, time[0], time[1], time[2], time[3], ctx.timeZone);
  return { value: new Date(instant), autoFormat: hasTime ? `${format} H:mm:ss` : format };
}

// ---------------------------------------------------------------------------------------
// Formulas

/** Result shown for a formula the emulator cannot evaluate; tests detect formulas by it or by getFormulas(). */
export const UNEVALUATED_FORMULA = "#NAME?";

/**
 * Evaluate a formula that is plain arithmetic on literals (`=1+2`, `=(3-1)*2^3`, `="a"&"b"`).
 * Anything else (functions, references) gives "#NAME?": the emulator does not compute sheets.
 */
export function evaluateFormula(formula: string): CellValue {
  try {
    const result = new ArithmeticParser(formula.slice(1)).parseAll();
    if (typeof result === "number" && !Number.isFinite(result)) return "#DIV/0!";
    return result;
  } catch {
    return UNEVALUATED_FORMULA;
  }
}

class ArithmeticParser {
  private pos = 0;
  constructor(private readonly src: string) {}

  parseAll(): number | string {
    const v = this.concat();
    this.skipSpace();
    if (this.pos !== this.src.length) throw new Error("trailing input");
    return v;
  }
  private skipSpace() {
    while (this.src[this.pos] === " ") this.pos++;
  }
  private eat(ch: string): boolean {
    this.skipSpace();
    if (this.src[this.pos] === ch) {
      this.pos++;
      return true;
    }
    return false;
  }
  private concat(): number | string {
    let v = this.additive();
    while (this.eat("&")) v = String(v) + String(this.additive());
    return v;
  }
  private additive(): number | string {
    let v = this.term();
    for (;;) {
      if (this.eat("+")) v = num(v) + num(this.term());
      else if (this.eat("-")) v = num(v) - num(this.term());
      else return v;
    }
  }
  private term(): number | string {
    let v = this.power();
    for (;;) {
      if (this.eat("*")) v = num(v) * num(this.power());
      else if (this.eat("/")) v = num(v) / num(this.power());
      else return v;
    }
  }
  private power(): number | string {
    const base = this.unary();
    if (this.eat("^")) return Math.pow(num(base), num(this.power()));
    return base;
  }
  private unary(): number | string {
    if (this.eat("-")) return -num(this.unary());
    if (this.eat("+")) return num(this.unary());
    return this.primary();
  }
  private primary(): number | string {
    this.skipSpace();
    if (this.eat("(")) {
      const v = this.concat();
      if (!this.eat(")")) throw new Error("missing )");
      return v;
    }
    if (this.src[this.pos] === '"') {
      const end = this.src.indexOf('"', this.pos + 1);
      if (end < 0) throw new Error("unterminated string");
      const s = this.src.slice(this.pos + 1, end);
      this.pos = end + 1;
      return s;
    }
    const m = /^\d+(\.\d*)?([eE][+-]?\d+)?|^\.\d+/.exec(this.src.slice(this.pos));
    if (!m) throw new Error("not arithmetic");
    this.pos += m[0].length;
    return Number(m[0]);
  }
}

function num(v: number | string): number {
  if (typeof v === "number") return v;
  const n = Number(v);
  if (v.trim() === "" || Number.isNaN(n)) throw new Error("#VALUE!");
  return n;
}

// ---------------------------------------------------------------------------------------
// Display formatting (getDisplayValues)

export function isDateFormat(format: string | undefined): boolean {
  if (!format || format === PLAIN_TEXT_FORMAT) return false;
  const bare = format.replace(/"[^"]*"|\\.|\[[^\]]*\]/g, "");
  if (/[0#?]/.test(bare)) return false;
  return /[ydhsYDHS]|[mM]{1,4}/.test(bare);
}

const MONTH_NAMES = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];
const DAY_NAMES = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];

export function formatDateValue(date: Date, format: string, timeZone: string): string {
  const w = wallTime(date, timeZone);
  const hasAmPm = /am\/pm|a\/p/i.test(format);
  const tokens = format.match(/"[^"]*"|\\.|am\/pm|a\/p|y+|m+|d+|h+|s+|\.0+|[^"\\ymdhsa.]+|./gi) ?? [];
  // "m" means minutes when it follows an hour or precedes a seconds token.
  const kinds = tokens.map((t) => t[0].toLowerCase());
  let out = "";
  tokens.forEach((tok, i) => {
    const k = kinds[i];
    const lower = tok.toLowerCase();
    if (tok.startsWith('"')) out += tok.slice(1, -1);
    else if (tok.startsWith("\\")) out += tok.slice(1);
    else if (lower === "am/pm") out += w.hour < 12 ? "AM" : "PM";
    else if (lower === "a/p") out += w.hour < 12 ? "A" : "P";
    else if (k === "y") out += tok.length <= 2 ? String(w.year % 100).padStart(2, "0") : String(w.year);
    else if (k === "d") {
      if (tok.length === 1) out += String(w.day);
      else if (tok.length === 2) out += String(w.day).padStart(2, "0");
      else if (tok.length === 3) out += DAY_NAMES[w.weekday].slice(0, 3);
      else out += DAY_NAMES[w.weekday];
    } else if (k === "h") {
      const h = hasAmPm ? ((w.hour + 11) % 12) + 1 : w.hour;
      out += tok.length >= 2 ? String(h).padStart(2, "0") : String(h);
    } else if (k === "s") out += tok.length >= 2 ? String(w.second).padStart(2, "0") : String(w.second);
    else if (k === "m") {
      const prev = kinds.slice(0, i).reverse().find((x) => /[ymdhs]/.test(x));
      const next = kinds.slice(i + 1).find((x) => /[ymdhs]/.test(x));
      const isMinute = tok.length <= 2 && (prev === "h" || next === "s");
      if (isMinute) out += tok.length === 2 ? String(w.minute).padStart(2, "0") : String(w.minute);
      else if (tok.length === 1) out += String(w.month);
      else if (tok.length === 2) out += String(w.month).padStart(2, "0");
      else if (tok.length === 3) out += MONTH_NAMES[w.month - 1].slice(0, 3);
      else out += MONTH_NAMES[w.month - 1];
    } else if (tok.startsWith(".0")) out += "." + String(w.ms).padStart(3, "0").slice(0, tok.length - 1);
    else out += tok;
  });
  return out;
}

function formatGeneralNumber(n: number): string {
  if (Number.isInteger(n) && Math.abs(n) < 1e15) return String(n);
  if (Math.abs(n) >= 1e15 || (n !== 0 && Math.abs(n) < 1e-9)) {
    const [mant, exp] = n.toExponential(5).split("e");
    const e = Number(exp);
    return `${Number(mant)}E${e < 0 ? "-" : "+"}${String(Math.abs(e)).padStart(2, "0")}`;
  }
  return String(Number(n.toPrecision(10)));
}

function formatNumberPattern(n: number, format: string): string {
  const section = format.split(";")[n < 0 && format.includes(";") ? 1 : 0];
  const useOwnSign = n < 0 && format.includes(";");
  let v = useOwnSign ? Math.abs(n) : n;
  const bare = section.replace(/\[[^\]]*\]/g, "");
  const percent = /%/.test(bare.replace(/"[^"]*"/g, ""));
  if (percent) v *= 100;
  const m = /[#0,]*[0#](?:\.[0#]+)?/.exec(bare.replace(/"[^"]*"/g, (s) => "\u0000".repeat(s.length)));
  if (!m) return bare.replace(/"/g, "");
  const pattern = m[0];
  const decimals = (pattern.split(".")[1] ?? "").length;
  const grouped = pattern.includes(",");
  const neg = v < 0;
  let body = Math.abs(v).toFixed(decimals);
  if (grouped) {
    const [int, frac] = body.split(".");
    body = int.replace(/\B(?=(\d{3})+(?!\d))/g, ",") + (frac !== undefined ? "." + frac : "");
  }
  const prefix = bare.slice(0, m.index).replace(/"([^"]*)"/g, "$1").replace(/\\(.)/g, "$1");
  const suffix = bare.slice(m.index + pattern.length).replace(/"([^"]*)"/g, "$1").replace(/\\(.)/g, "$1");
  return (neg ? "-" : "") + prefix + body + suffix;
}

/** The text Sheets displays for a cell value under a number format. */
export function displayValue(value: CellValue | undefined, format: string | undefined, timeZone: string): string {
  if (value === undefined || value === "") return "";
  if (typeof value === "boolean") return value ? "TRUE" : "FALSE";
  if (typeof value === "string") return value;
  if (format === PLAIN_TEXT_FORMAT) return isDate(value) ? formatDateValue(value, "M/d/yyyy H:mm:ss", timeZone) : String(value);
  if (isDate(value)) {
    if (format && isDateFormat(format)) return formatDateValue(value, format, timeZone);
    if (format && format !== DEFAULT_NUMBER_FORMAT) return formatNumberPattern(dateToSerial(value, timeZone), format);
    const w = wallTime(value, timeZone);
    const midnight = w.hour === 0 && w.minute === 0 && w.second === 0;
    return formatDateValue(value, midnight ? "M/d/yyyy" : "M/d/yyyy H:mm:ss", timeZone);
  }
  if (format && isDateFormat(format)) return formatDateValue(serialToDate(value, timeZone), format, timeZone);
  if (!format || format === DEFAULT_NUMBER_FORMAT || /^general$/i.test(format)) return formatGeneralNumber(value);
  return formatNumberPattern(value, format);
}
