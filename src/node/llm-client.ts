/**
 * Node transport for the shared protocol: sends a ChatRequest with the official `openai`
 * SDK (any OpenAI-compatible base URL) and hands back the raw reply as a Transport, so
 * the pure parser and retry policy in src/core/llm decide everything. The SDK's own
 * retries are off (maxRetries: 0): one call here is one HTTP request.
 */
import OpenAI, { APIConnectionError, APIConnectionTimeoutError, APIError, APIUserAbortError } from "openai";
import { scrubSecret, type ChatRequest, type LlmConfig, type Transport } from "../core/llm/index";

export interface LlmClient {
  send(request: ChatRequest): Promise<Transport>;
}

function headersToObject(h: Headers | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  h?.forEach((v, k) => {
    out[k] = v;
  });
  return out;
}

export function createLlmClient(config: LlmConfig): LlmClient {
  const sdk = new OpenAI({ apiKey: config.apiKey, baseURL: config.baseUrl, maxRetries: 0, timeout: config.timeoutMs });
  const scrub = (s: string) => scrubSecret(s, config.apiKey);
  return {
    async send(request: ChatRequest): Promise<Transport> {
      // Our own deadline covers the whole exchange, body included; the SDK's timeout only the wait for headers.
      const signal = AbortSignal.timeout(config.timeoutMs);
      try {
        const params = request as unknown as OpenAI.Chat.ChatCompletionCreateParamsNonStreaming;
        const response = await sdk.chat.completions.create(params, { signal }).asResponse();
        const body = await response.text();
        return { kind: "http", status: response.status, headers: headersToObject(response.headers), body };
      } catch (e) {
        if (e instanceof APIUserAbortError || e instanceof APIConnectionTimeoutError || (e instanceof Error && (e.name === "TimeoutError" || e.name === "AbortError"))) {
          return { kind: "error", error: "timeout", message: `no reply within ${config.timeoutMs} ms` };
        }
        if (e instanceof APIConnectionError) return { kind: "error", error: "network", message: scrub(e.message || "connection failed") };
        if (e instanceof APIError && typeof e.status === "number") {
          const body = e.error !== undefined ? JSON.stringify({ error: e.error }) : scrub(e.message);
          return { kind: "http", status: e.status, headers: headersToObject(e.headers), body: scrub(body) };
        }
        return { kind: "error", error: "network", message: scrub(e instanceof Error ? e.message : String(e)) };
      }
    },
  };
}
