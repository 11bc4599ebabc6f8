/**
 * Web app requests: the doGet/doPost event object (spec #98–#100) and what a client sees for
 * the entry point's outcome (spec #94–#95).
 */
import { gasClassOf } from "./codec";

export interface WebResponse {
  status: number;
  contentType: string;
  body: string;
  /** TextOutput is served by a redirect to script.googleusercontent.com (spec #94). */
  redirected: boolean;
}

export interface DoGetEvent {
  queryString: string | null;
  parameter: Record<string, string>;
  parameters: Record<string, string[]>;
  contextPath: "";
  contentLength: number;
}

export interface DoPostEvent extends Omit<DoGetEvent, "queryString"> {
  queryString: string;
  postData: { contents: string; length: number; name: "postData"; type: string };
}

/** Decode one application/x-www-form-urlencoded component ("+" is a space). */
function decodeComponent(text: string): string {
  try {
    return decodeURIComponent(text.replace(/\+/g, " "));
  } catch {
    return text;
  }
}

/** Pairs in order; keys are kept literally (no `foo[]` parsing, spec #99). */
function parseQuery(query: string): [string, string][] {
  if (!query) return [];
  return query
    .split("&")
    .filter((part) => part.length > 0)
    .map((part) => {
      const eq = part.indexOf("=");
      return eq < 0 ? [decodeComponent(part), ""] : [decodeComponent(part.slice(0, eq)), decodeComponent(part.slice(eq + 1))];
    });
}

function collect(pairs: [string, string][]): Pick<DoGetEvent, "parameter" | "parameters"> {
  const parameter: Record<string, string> = {};
  const parameters: Record<string, string[]> = {};
  for (const [key, value] of pairs) {
    if (!(key in parameters)) {
      parameters[key] = [];
      parameter[key] = value;
    }
    parameters[key].push(value);
  }
  return { parameter, parameters };
}

function stripQuestionMark(query: string | undefined): string {
  return (query ?? "").replace(/^\?/, "");
}

/** GET: no postData, contentLength -1; queryString null without a query (as documented). */
export function doGetEvent(query?: string): DoGetEvent {
  const queryString = stripQuestionMark(query);
  return { queryString: queryString === "" ? null : queryString, ...collect(parseQuery(queryString)), contextPath: "", contentLength: -1 };
}

/**
 * POST: postData carries the raw body; a form-encoded body is also parsed into parameters,
 * after the query's. A POST without a query has queryString "" (observed live).
 */
export function doPostEvent(body: string, contentType: string, query?: string): DoPostEvent {
  const queryString = stripQuestionMark(query);
  const length = Buffer.byteLength(body, "utf8");
  const pairs = parseQuery(queryString);
  if (/^application\/x-www-form-urlencoded\b/i.test(contentType)) pairs.push(...parseQuery(body));
  return {
    queryString,
    ...collect(pairs),
    contextPath: "",
    contentLength: length,
    postData: { contents: body, length, name: "postData", type: contentType },
  };
}

const MIME_BY_ENUM: Record<string, string> = {
  CSV: "text/csv",
  ICAL: "text/calendar",
  JAVASCRIPT: "application/javascript",
  JSON: "application/json",
  TEXT: "text/plain",
  VCARD: "text/vcard",
  XML: "text/xml",
  RSS: "application/rss+xml",
  ATOM: "application/atom+xml",
};

function htmlPage(text: string): string {
  const escaped = text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
  return `<!DOCTYPE html><html><head><meta charset="utf-8"><title>Error</title></head><body><p>${escaped}</p></body></html>`;
}

function callIfPresent(target: object, method: string): unknown {
  const fn = (target as Record<string, unknown>)[method];
  return typeof fn === "function" ? (fn as () => unknown).call(target) : undefined;
}

/** A ContentService.MimeType value (string or enum object) → an HTTP content type. */
function mimeTypeOf(value: unknown): string {
  const name = value !== null && typeof value === "object" ? String(callIfPresent(value, "name") ?? value) : String(value ?? "TEXT");
  if (name.includes("/")) return name;
  return MIME_BY_ENUM[name.toUpperCase()] ?? "text/plain";
}

/** Page texts Apps Script serves when a web app entry point cannot answer (spec #95). */
export const NO_RETURN_PAGE_TEXT = "The script completed but did not return anything.";
export const UNSUPPORTED_RETURN_PAGE_TEXT = "The script completed but the returned value is not a supported return type.";

/**
 * Apps Script serves its error pages (missing handler, uncaught error) as HTML with status 200
 * — clients cannot rely on the status code ([UNVERIFIED] beyond user reports), so neither does
 * the emulator: the body says what happened.
 */
export function webResponseOf(outcome: { ok: boolean; result?: unknown; error?: { name: string; message: string }; notFound?: boolean }, functionName: string): WebResponse {
  if (outcome.notFound) {
    return { status: 200, contentType: "text/html", body: htmlPage(`Script function not found: ${functionName}`), redirected: false };
  }
  if (!outcome.ok) {
    const error = outcome.error ?? { name: "Error", message: "unknown error" };
    return { status: 200, contentType: "text/html", body: htmlPage(`${error.name}: ${error.message}`), redirected: false };
  }
  const result = outcome.result;
  if (result === undefined || result === null) {
    return { status: 200, contentType: "text/html", body: htmlPage(NO_RETURN_PAGE_TEXT), redirected: false };
  }
  if (typeof result === "object") {
    const cls = gasClassOf(result);
    if (/TextOutput$/.test(cls)) {
      const body = String(callIfPresent(result, "getContent") ?? "");
      return { status: 200, contentType: mimeTypeOf(callIfPresent(result, "getMimeType")), body, redirected: true };
    }
    if (/HtmlOutput$/.test(cls)) {
      return { status: 200, contentType: "text/html", body: String(callIfPresent(result, "getContent") ?? ""), redirected: false };
    }
  }
  return { status: 200, contentType: "text/html", body: htmlPage(UNSUPPORTED_RETURN_PAGE_TEXT), redirected: false };
}
