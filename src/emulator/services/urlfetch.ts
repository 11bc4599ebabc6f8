/**
 * UrlFetchApp: real HTTP from the host, shaped like Apps Script's.
 *
 * `fetch` and `fetchAll` return Promises; the runtime keeps the calling execution blocked
 * until they settle, as a blocking Apps Script call would. `fetchAll` keeps at most
 * `fetchAllConcurrency` requests in flight, which is what makes batch timings honest.
 *
 * Sandbox safety net (not Apps Script behaviour): only loopback hosts are contacted —
 * 127.0.0.0/8, [::1], localhost and *.localhost. Any other host is refused with
 * NON_LOOPBACK_MESSAGE before a socket is opened, even as a redirect target. Names that can
 * never resolve publicly (single labels such as `undefined`, and *.invalid) fail as Apps
 * Script's "DNS error" without any lookup.
 */
import http from "node:http";
import https from "node:https";
import type { LookupFunction } from "node:net";
import {
  GasException,
  signatureError,
  type ExecutionInfo,
  type GasObject,
  type ServiceModule,
  type World,
  type WorldOptions,
} from "../contract";
import { isPlainObject, serviceState } from "./shared";
import { Blob, decodeBytes, fromByteArray, isBlob, isByteArray, toSignedBytes } from "./utilities";

export const NON_LOOPBACK_PREFIX = "UrlFetchApp in this emulator only reaches loopback hosts (127.0.0.0/8, [::1], localhost); refused:";
/** First characters of the body quoted in a "Request failed" error (measured on live messages). */
export const TRUNCATED_RESPONSE_CHARS = 147;
const MAX_URL_LENGTH = 2082;
const MAX_REDIRECTS = 10;
const METHODS = new Set(["get", "delete", "patch", "post", "put"]);
const REDIRECT_CODES = new Set([301, 302, 303, 307, 308]);

export interface UrlFetchState {
  fetchAllConcurrency: number;
  timeoutMs: number;
  userAgent: string;
}

export function urlFetchState(world: World): UrlFetchState {
  return serviceState<UrlFetchState>(world, "urlfetch", "UrlFetchApp");
}

/** The request options Apps Script documents (spec #42, #43). */
interface FetchParams {
  url?: string;
  method?: string;
  contentType?: string;
  headers?: Record<string, unknown>;
  payload?: unknown;
  followRedirects?: boolean;
  muteHttpExceptions?: boolean;
  validateHttpsCertificates?: boolean;
  escaping?: boolean;
  useIntranet?: boolean;
}

interface PreparedRequest {
  url: string;
  method: string;
  headers: Record<string, string>;
  contentType: string | undefined;
  body: Buffer | undefined;
  /** The payload as getRequest reports it. */
  payloadView: unknown;
  followRedirects: boolean;
  muteHttpExceptions: boolean;
  validateHttpsCertificates: boolean;
}

type Header = [name: string, value: string];

/** Request params, payload fields and fetchAll entries are object literals, never a Date. */
function isParamsObject(value: unknown): value is Record<string, unknown> {
  return isPlainObject(value) && !(value instanceof Date);
}

function multipart(fields: Record<string, unknown>): { body: Buffer; contentType: string } {
  const boundary = `----GasEmulatorBoundary${Math.random().toString(16).slice(2)}`;
  const parts: Buffer[] = [];
  for (const [key, value] of Object.entries(fields)) {
    const name = key.replace(/"/g, "%22");
    if (isBlob(value)) {
      const fileName = (value.getName() ?? key).replace(/"/g, "%22");
      parts.push(
        Buffer.from(
          `--${boundary}\r\nContent-Disposition: form-data; name="${name}"; filename="${fileName}"\r\n` +
            `Content-Type: ${value.getContentType() ?? "application/octet-stream"}\r\n\r\n`,
        ),
        fromByteArray(value.getBytes()),
        Buffer.from("\r\n"),
      );
    } else {
      parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${String(value)}\r\n`));
    }
  }
  parts.push(Buffer.from(`--${boundary}--\r\n`));
  return { body: Buffer.concat(parts), contentType: `multipart/form-data; boundary=${boundary}` };
}

function prepare(world: World, gasMethod: string, url: unknown, params: FetchParams | undefined, args: unknown[]): PreparedRequest {
  if (typeof url !== "string" || (params !== undefined && params !== null && !isParamsObject(params))) {
    throw signatureError("UrlFetchApp", gasMethod, args);
  }
  const options: FetchParams = params ?? {};
  if (url.length > MAX_URL_LENGTH) throw new GasException("Limit Exceeded: URLFetch URL Length.");
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new GasException(`Invalid argument: ${url}`);
  }
  if (parsed.protocol !== "http:" && parsed.protocol !== "https:") throw new GasException(`Invalid argument: ${url}`);
  const method = String(options.method ?? "get").toLowerCase();
  if (!METHODS.has(method)) throw new GasException(`Invalid argument: method`);

  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(options.headers ?? {})) headers[name] = String(value);
  const headerContentType = Object.entries(headers).find(([name]) => name.toLowerCase() === "content-type")?.[1];

  let body: Buffer | undefined;
  let contentType = options.contentType ?? headerContentType;
  let payloadView: unknown = options.payload;
  const payload = options.payload;
  if (payload !== undefined && payload !== null) {
    if (typeof payload === "string") {
      body = Buffer.from(payload, "utf8");
    } else if (isByteArray(payload)) {
      body = fromByteArray(payload);
    } else if (isBlob(payload)) {
      body = fromByteArray(payload.getBytes());
      contentType ??= payload.getContentType() ?? undefined;
    } else if (isParamsObject(payload)) {
      // A JavaScript object is form data, never JSON (spec #44).
      if (Object.values(payload).some(isBlob)) {
        const encoded = multipart(payload);
        body = encoded.body;
        contentType = encoded.contentType;
        payloadView = payload;
      } else {
        const form = new URLSearchParams();
        for (const [key, value] of Object.entries(payload)) form.append(key, String(value));
        const text = form.toString();
        body = Buffer.from(text, "utf8");
        contentType ??= "application/x-www-form-urlencoded";
        payloadView = text;
      }
    } else {
      body = Buffer.from(String(payload), "utf8");
    }
    contentType ??= "application/x-www-form-urlencoded";
  }
  return {
    url,
    method,
    headers,
    contentType,
    body,
    payloadView,
    followRedirects: options.followRedirects !== false,
    muteHttpExceptions: options.muteHttpExceptions === true,
    validateHttpsCertificates: options.validateHttpsCertificates !== false,
  };
}

type HostVerdict = "loopback" | "unresolvable" | "refused";

function classifyHost(hostname: string): HostVerdict {
  const host = hostname.replace(/^\[|\]$/g, "").toLowerCase();
  if (host === "localhost" || host.endsWith(".localhost") || host === "::1") return "loopback";
  if (/^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host)) return "loopback";
  if (/^\d{1,3}(\.\d{1,3}){3}$/.test(host) || host.includes(":")) return "refused";
  if (!host.includes(".") || host.endsWith(".invalid")) return "unresolvable";
  return "refused";
}

/** Resolve every loopback name to 127.0.0.1, so no real DNS query ever leaves the host. */
const loopbackLookup: LookupFunction = (hostname, options, callback) => {
  const address = hostname.replace(/^\[|\]$/g, "") === "::1" ? "::1" : "127.0.0.1";
  const family = address === "::1" ? 6 : 4;
  if ((options as { all?: boolean }).all) {
    (callback as unknown as (err: null, addresses: { address: string; family: number }[]) => void)(null, [{ address, family }]);
  } else {
    callback(null, address, family);
  }
};

class TransportError extends Error {
  constructor(readonly kind: "timeout" | "address" | "dns" | "unexpected") {
    super(kind);
  }
}

interface RawResponse {
  code: number;
  headers: Header[];
  body: Buffer;
}

function sendOnce(request: PreparedRequest, url: URL, method: string, body: Buffer | undefined, signal: AbortSignal, userAgent: string): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = { ...request.headers };
    const has = (name: string): boolean => Object.keys(headers).some((h) => h.toLowerCase() === name);
    if (!has("user-agent")) headers["User-Agent"] = userAgent;
    for (const name of Object.keys(headers)) if (name.toLowerCase() === "content-type") delete headers[name];
    if (body) {
      if (request.contentType) headers["Content-Type"] = request.contentType;
      headers["Content-Length"] = String(body.length);
    }
    const transport = url.protocol === "https:" ? https : http;
    const req = transport.request(url, {
      method: method.toUpperCase(),
      headers,
      lookup: loopbackLookup,
      signal,
      rejectUnauthorized: request.validateHttpsCertificates,
    });
    req.on("response", (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (chunk: Buffer) => chunks.push(chunk));
      res.on("end", () => {
        const pairs: Header[] = [];
        for (let i = 0; i + 1 < res.rawHeaders.length; i += 2) pairs.push([res.rawHeaders[i], res.rawHeaders[i + 1]]);
        resolve({ code: res.statusCode ?? 0, headers: pairs, body: Buffer.concat(chunks) });
      });
      res.on("error", (error) => reject(error));
    });
    req.on("error", (error) => reject(error));
    if (body && method !== "get") req.end(body);
    else req.end();
  });
}

function transportKind(error: unknown, signal: AbortSignal): TransportError["kind"] {
  if (signal.aborted) return "timeout";
  const code = (error as { code?: string }).code ?? "";
  if (["ENOTFOUND", "EAI_AGAIN", "EAI_NONAME"].includes(code)) return "dns";
  if (["ECONNREFUSED", "EADDRNOTAVAIL", "EHOSTUNREACH", "ENETUNREACH", "ECONNRESET", "EPIPE"].includes(code)) return "address";
  return "unexpected";
}

export class HTTPResponse implements GasObject {
  readonly __gasClass = "UrlFetchApp.HTTPResponse";

  constructor(
    private readonly code: number,
    private readonly headerList: Header[],
    private readonly body: Buffer,
  ) {}

  getResponseCode(): number {
    return this.code;
  }

  /** Decodes with `charset`, else the Content-Type charset, else UTF-8. */
  getContentText(charset?: string): string {
    const declared = /charset="?([^";\s]+)"?/i.exec(this.#headerValue("content-type") ?? "")?.[1];
    return decodeBytes(this.body, charset ?? declared ?? "UTF_8");
  }

  getContent(): number[] {
    return toSignedBytes(this.body);
  }

  /** One value per header; a repeated header keeps its last value. */
  getHeaders(): Record<string, string> {
    const out: Record<string, string> = {};
    for (const [name, value] of this.headerList) out[this.#canonicalName(out, name)] = value;
    return out;
  }

  /** Like getHeaders, but repeated headers (e.g. Set-Cookie) come back as arrays (spec #47). */
  getAllHeaders(): Record<string, string | string[]> {
    const out: Record<string, string | string[]> = {};
    for (const [name, value] of this.headerList) {
      const key = this.#canonicalName(out, name);
      const previous = out[key];
      out[key] = previous === undefined ? value : Array.isArray(previous) ? [...previous, value] : [previous, value];
    }
    return out;
  }

  getBlob(): Blob {
    return new Blob(this.body, this.#headerValue("content-type") ?? null, null);
  }

  getAs(contentType: string): Blob {
    return this.getBlob().getAs(contentType);
  }

  #headerValue(name: string): string | undefined {
    return this.headerList.find(([h]) => h.toLowerCase() === name)?.[1];
  }

  /** Headers differing only in case share the first spelling seen. */
  #canonicalName(seen: Record<string, unknown>, name: string): string {
    return Object.keys(seen).find((k) => k.toLowerCase() === name.toLowerCase()) ?? name;
  }
}

export class UrlFetchAppObject implements GasObject {
  readonly __gasClass = "UrlFetchApp";

  constructor(private readonly world: World) {}

  fetch(url: string, params?: FetchParams): Promise<HTTPResponse> {
    const request = prepare(this.world, "fetch", url, params, [...arguments]);
    return this.#perform(request).then((outcome) => this.#settle(request, outcome));
  }

  /** Results in input order; at most `fetchAllConcurrency` requests in flight (spec #46). */
  fetchAll(requests: Array<string | FetchParams>): Promise<HTTPResponse[]> {
    if (!Array.isArray(requests)) throw signatureError(this.__gasClass, "fetchAll", [...arguments]);
    const prepared = requests.map((entry) =>
      typeof entry === "string" ? prepare(this.world, "fetchAll", entry, undefined, [requests]) : prepare(this.world, "fetchAll", isParamsObject(entry) ? entry.url : entry, isParamsObject(entry) ? entry : undefined, [requests]),
    );
    const limit = Math.max(1, urlFetchState(this.world).fetchAllConcurrency);
    const outcomes: Array<HTTPResponse | GasException> = new Array(prepared.length);
    let next = 0;
    const worker = async (): Promise<void> => {
      while (next < prepared.length) {
        const index = next++;
        try {
          outcomes[index] = this.#settle(prepared[index], await this.#perform(prepared[index]));
        } catch (error) {
          outcomes[index] = error as GasException;
        }
      }
    };
    const workers = Array.from({ length: Math.min(limit, prepared.length) }, worker);
    return Promise.all(workers).then(() => {
      const failure = outcomes.find((o) => !(o instanceof HTTPResponse));
      if (failure) throw failure;
      return outcomes as HTTPResponse[];
    });
  }

  /** The request as it would be sent, without sending it (spec #49). */
  getRequest(url: string, params?: FetchParams): Record<string, unknown> {
    const request = prepare(this.world, "getRequest", url, params, [...arguments]);
    return {
      url: request.url,
      method: request.method,
      contentType: request.contentType ?? "application/x-www-form-urlencoded",
      payload: request.payloadView ?? "",
      headers: { ...request.headers },
      followRedirects: request.followRedirects,
      muteHttpExceptions: request.muteHttpExceptions,
      validateHttpsCertificates: request.validateHttpsCertificates,
      useIntranet: false,
    };
  }

  /** Apply muteHttpExceptions: ≥400 throws with scheme://host only (spec #39). */
  #settle(request: PreparedRequest, response: HTTPResponse): HTTPResponse {
    const code = response.getResponseCode();
    if (code >= 400 && !request.muteHttpExceptions) {
      const origin = new URL(request.url);
      const text = response.getContentText();
      const quoted = text.length > TRUNCATED_RESPONSE_CHARS ? `${text.slice(0, TRUNCATED_RESPONSE_CHARS)}...` : text;
      throw new GasException(
        `Request failed for ${origin.protocol}//${origin.host} returned code ${code}. Truncated server response: ${quoted} (use muteHttpExceptions option to examine full response)`,
      );
    }
    return response;
  }

  /** Send, following redirects, within one deadline; transport failures always throw (spec #41). */
  async #perform(request: PreparedRequest): Promise<HTTPResponse> {
    const state = urlFetchState(this.world);
    const at = this.world.clock.now();
    const started = performance.now();
    const log = (status: number | "error"): void => {
      this.world.fetchLog.push({ at, url: request.url, method: request.method, status, ms: Math.round(performance.now() - started) });
    };
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), state.timeoutMs);
    try {
      let url = new URL(request.url);
      let method = request.method;
      let body = request.body;
      for (let hop = 0; ; hop++) {
        const verdict = classifyHost(url.hostname);
        if (verdict === "refused") {
          log("error");
          throw new GasException(`${NON_LOOPBACK_PREFIX} ${url.href}`);
        }
        if (verdict === "unresolvable") throw new TransportError("dns");
        let raw: RawResponse;
        try {
          raw = await sendOnce(request, url, method, body, controller.signal, state.userAgent);
        } catch (error) {
          throw new TransportError(transportKind(error, controller.signal));
        }
        const location = raw.headers.find(([h]) => h.toLowerCase() === "location")?.[1];
        if (request.followRedirects && REDIRECT_CODES.has(raw.code) && location && hop < MAX_REDIRECTS) {
          url = new URL(location, url);
          if (raw.code === 303 || ((raw.code === 301 || raw.code === 302) && method === "post")) {
            method = "get";
            body = undefined;
          }
          continue;
        }
        log(raw.code);
        return new HTTPResponse(raw.code, raw.headers, raw.body);
      }
    } catch (error) {
      if (!(error instanceof TransportError)) throw error;
      log("error");
      const prefix = { timeout: "Timeout", address: "Address unavailable", dns: "DNS error", unexpected: "Unexpected error" }[error.kind];
      throw new GasException(`${prefix}: ${request.url}`);
    } finally {
      clearTimeout(timer);
    }
  }
}

export const service: ServiceModule = {
  globals: ["UrlFetchApp"],
  init(world: World, options: WorldOptions): void {
    const state: UrlFetchState = {
      fetchAllConcurrency: options.fetchAllConcurrency ?? 10,
      timeoutMs: options.fetchTimeoutMs ?? 60_000,
      userAgent: "Mozilla/5.0 (compatible; Google-Apps-Script; beanserver; +https://script.google.com; id: UAEmdDd-emulated)",
    };
    world.state.urlfetch = state;
  },
  create(world: World, _exec: ExecutionInfo): Record<string, object> {
    return { UrlFetchApp: new UrlFetchAppObject(world) };
  },
};
