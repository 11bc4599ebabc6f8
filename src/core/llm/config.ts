/**
 * Where the model lives and how to reach it. Both runtimes read the same variable names
 * (Node from the environment, Apps Script from Script Properties) through a getter, so the
 * defaults and the "no key means rules engine" rule live in one place.
 */

export const DEFAULT_LLM_BASE_URL = "https://api.openai.com/v1";
export const DEFAULT_LLM_MODEL = "gpt-4o-mini";
export const DEFAULT_LLM_TIMEOUT_MS = 30_000;

export interface LlmConfig {
  /** Base URL without a trailing slash, e.g. https://api.openai.com/v1. */
  baseUrl: string;
  /** "" when no key is configured: callers then use the rules engine. */
  apiKey: string;
  model: string;
  /** Per-request timeout. */
  timeoutMs: number;
}

export type SettingGetter = (name: string) => string | null | undefined;

export interface ResolveOptions {
  /** Also read OPENAI_API_KEY / OPENAI_BASE_URL (Node, where those are commonly set). */
  acceptOpenAiNames?: boolean;
}

function firstSet(get: SettingGetter, names: string[]): string {
  for (const n of names) {
    const v = get(n);
    if (typeof v === "string" && v.trim() !== "") return v.trim();
  }
  return "";
}

/** Read LLM_BASE_URL, LLM_API_KEY, LLM_MODEL, LLM_TIMEOUT_MS (and the OpenAI aliases when allowed). */
export function resolveLlmConfig(get: SettingGetter, opts: ResolveOptions = {}): LlmConfig {
  const alias = opts.acceptOpenAiNames === true;
  const baseUrl = firstSet(get, alias ? ["LLM_BASE_URL", "OPENAI_BASE_URL"] : ["LLM_BASE_URL"]) || DEFAULT_LLM_BASE_URL;
  const apiKey = firstSet(get, alias ? ["LLM_API_KEY", "OPENAI_API_KEY"] : ["LLM_API_KEY"]);
  const model = firstSet(get, ["LLM_MODEL"]) || DEFAULT_LLM_MODEL;
  const timeout = Number(firstSet(get, ["LLM_TIMEOUT_MS"]));
  return {
    baseUrl: baseUrl.replace(/\/+$/, ""),
    apiKey,
    model,
    timeoutMs: Number.isFinite(timeout) && timeout > 0 ? timeout : DEFAULT_LLM_TIMEOUT_MS,
  };
}

export function hasApiKey(config: LlmConfig): boolean {
  return config.apiKey !== "";
}

/** The chat-completions endpoint for a base URL (string concatenation: Apps Script has no URL class). */
export function chatCompletionsUrl(baseUrl: string): string {
  return baseUrl.replace(/\/+$/, "") + "/chat/completions";
}

/** Headers for a request; the only place the key is put on the wire. */
export function requestHeaders(config: LlmConfig): Record<string, string> {
  return { "Content-Type": "application/json", Authorization: `Bearer ${config.apiKey}` };
}

const REDACTED = "[redacted]";

/**
 * Remove a secret from any text we surface (errors, logs, results). Also removes
 * "Bearer …" tokens and sk-… shaped keys, because a provider may echo a different
 * credential than the one we hold (e.g. a proxy's own key) in its error body.
 */
export function scrubSecret(text: string, secret: string): string {
  let out = String(text);
  if (secret && secret.length >= 4) out = out.split(secret).join(REDACTED);
  // Providers sometimes echo a masked or partial key ("sk-abc…xyz"); keep none of it.
  out = out.replace(/Bearer\s+[A-Za-z0-9._~+/=-]{4,}/gi, `Bearer ${REDACTED}`);
  out = out.replace(/\bsk-[A-Za-z0-9_*.-]{4,}/g, REDACTED);
  return out;
}

/** One HTTP call as plain data, for adapters (UrlFetchApp.fetchAll takes a list of these, mapped). */
export interface HttpCall {
  url: string;
  method: "POST";
  headers: Record<string, string>;
  /** JSON text of the request body. */
  body: string;
}

export function httpCallFor(config: LlmConfig, request: unknown): HttpCall {
  return { url: chatCompletionsUrl(config.baseUrl), method: "POST", headers: requestHeaders(config), body: JSON.stringify(request) };
}
