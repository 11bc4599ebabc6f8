/**
 * Why a model call did not produce a usable answer, as short stable codes. The code is
 * what a lead records as `fallbackReason`; the text is what a person reads in the log.
 */
import type { Lang } from "../lead";

export const FALLBACK_CODES = [
  "no-api-key",
  "timeout",
  "network",
  "rate-limited",
  "server-error",
  "auth-failed",
  "bad-request",
  "format-rejected",
  "malformed-json",
  "invalid-points",
  "invalid-reply",
  "refusal",
  "truncated",
  "empty-reply",
] as const;
export type FallbackCode = (typeof FALLBACK_CODES)[number];

export const FALLBACK_TEXT: Record<FallbackCode, { zh: string; en: string }> = {
  "no-api-key": { zh: "未配置模型 API 密钥，已使用规则引擎", en: "No model API key is configured; the rules engine was used" },
  timeout: { zh: "模型请求超时", en: "The model request timed out" },
  network: { zh: "无法连接模型服务", en: "Could not reach the model endpoint" },
  "rate-limited": { zh: "模型服务限流（429），重试后仍失败", en: "The model endpoint kept rate-limiting (429)" },
  "server-error": { zh: "模型服务出错（5xx），重试后仍失败", en: "The model endpoint kept failing (5xx)" },
  "auth-failed": { zh: "模型 API 密钥无效或无权限（401/403）", en: "The model API key was refused (401/403)" },
  "bad-request": { zh: "模型服务拒绝了请求（4xx）", en: "The model endpoint rejected the request (4xx)" },
  "format-rejected": { zh: "模型服务不支持所需的回复格式", en: "The model endpoint supports none of the reply formats" },
  "malformed-json": { zh: "模型回复不是有效的 JSON，修复后仍无效", en: "The model reply was not valid JSON, also after a repair attempt" },
  "invalid-points": { zh: "模型给出的分值不在评分表选项内，修复后仍无效", en: "The model gave points outside the rubric's options, also after a repair attempt" },
  "invalid-reply": { zh: "模型回复缺少必需的内容，修复后仍无效", en: "The model reply lacked required content, also after a repair attempt" },
  refusal: { zh: "模型拒绝回答", en: "The model refused to answer" },
  truncated: { zh: "模型回复被截断（长度上限）", en: "The model reply was cut off (length limit)" },
  "empty-reply": { zh: "模型返回了空回复", en: "The model returned an empty reply" },
};

export function fallbackText(code: FallbackCode, lang: Lang): string {
  return FALLBACK_TEXT[code][lang];
}

export function isFallbackCode(value: unknown): value is FallbackCode {
  return typeof value === "string" && (FALLBACK_CODES as readonly string[]).includes(value);
}

export interface LlmFailure {
  code: FallbackCode;
  /** Detail for the log; never contains the API key (callers scrub before surfacing). */
  message: string;
  /** From a 429's Retry-After header, in ms. */
  retryAfterMs?: number;
  /** The model's text, kept so a repair request can show it what to fix. */
  content?: string;
}

/** Case-insensitive header lookup over a plain object (Apps Script's getAllHeaders keeps server casing). */
export function headerValue(headers: Record<string, string | string[]> | undefined, name: string): string | undefined {
  if (!headers) return undefined;
  const want = name.toLowerCase();
  for (const k of Object.keys(headers)) {
    if (k.toLowerCase() === want) {
      const v = headers[k];
      return Array.isArray(v) ? v[0] : v;
    }
  }
  return undefined;
}

/**
 * Retry-After is either delta-seconds or an HTTP date (RFC 9110). Returns ms from now,
 * never negative, or undefined when absent or unreadable.
 */
export function parseRetryAfter(value: string | undefined, nowMs: number): number | undefined {
  if (value === undefined) return undefined;
  const v = value.trim();
  if (v === "") return undefined;
  if (/^\d+(\.\d+)?$/.test(v)) return Math.round(parseFloat(v) * 1000);
  const at = Date.parse(v);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, at - nowMs);
}

const FORMAT_WORDS = /response_format|json_schema|json_object|structured output|response format/i;

/** Short, single-line excerpt of an error body for the log. */
function excerpt(body: string): string {
  let text = body;
  try {
    const parsed = JSON.parse(body) as { error?: { message?: unknown } | string; message?: unknown };
    const e = parsed.error;
    const m = typeof e === "string" ? e : e && typeof e.message === "string" ? e.message : typeof parsed.message === "string" ? parsed.message : undefined;
    if (m) text = m;
  } catch {
    // not JSON: keep the raw text
  }
  text = text.replace(/\s+/g, " ").trim();
  return text.length > 200 ? text.slice(0, 200) + "…" : text;
}

/**
 * Classify a non-2xx HTTP reply. A 400/422 that names the response format means the
 * endpoint does not support that mode (the caller downgrades); other 4xx are final.
 */
export function classifyHttpFailure(status: number, headers: Record<string, string | string[]>, body: string, nowMs: number): LlmFailure {
  const detail = `HTTP ${status}${body ? ": " + excerpt(body) : ""}`;
  if (status === 401 || status === 403) return { code: "auth-failed", message: detail };
  if (status === 429) {
    const retryAfterMs = parseRetryAfter(headerValue(headers, "retry-after"), nowMs);
    return retryAfterMs === undefined ? { code: "rate-limited", message: detail } : { code: "rate-limited", message: detail, retryAfterMs };
  }
  if (status === 408) return { code: "timeout", message: detail };
  if (status >= 500) return { code: "server-error", message: detail };
  if ((status === 400 || status === 422) && FORMAT_WORDS.test(body)) return { code: "format-rejected", message: detail };
  return { code: "bad-request", message: detail };
}
