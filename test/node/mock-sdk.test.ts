import { afterEach, describe, expect, it } from "vitest";
import OpenAI, { RateLimitError } from "openai";
import { DEFAULT_RUBRIC } from "../../src/core/rubric";
import { buildGradeRequest, parseGradeContent } from "../../src/core/llm/index";
import { parseMockArgs, startMockLlm, startMockLlmProcess, type MockLlm } from "../../src/node/mock-llm-server";
import { ZH_LEAD, fakeRules } from "../llm/helpers";

const NOW = new Date("2025-11-20T02:00:00Z");
const open: Array<{ close(): Promise<void> }> = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((m) => m.close()));
});
async function mock(opts: Parameters<typeof startMockLlm>[0] = {}): Promise<MockLlm> {
  const m = await startMockLlm({ rules: fakeRules, ...opts });
  open.push(m);
  return m;
}
const sdk = (url: string) => new OpenAI({ baseURL: url, apiKey: "sk-mock", maxRetries: 0 });
const body = () => buildGradeRequest({ lead: ZH_LEAD, rubric: DEFAULT_RUBRIC, model: "mock-model", mode: "json_schema", receivedAt: NOW });

describe("the mock speaks the real protocol (official openai SDK)", () => {
  it("answers a structured-output request with a contract-following completion", async () => {
    const m = await mock();
    const c = await sdk(m.url).chat.completions.create(body() as OpenAI.Chat.ChatCompletionCreateParamsNonStreaming);
    expect(c.object).toBe("chat.completion");
    expect(c.model).toBe("mock-model");
    expect(c.choices[0].finish_reason).toBe("stop");
    const parsed = parseGradeContent(c.choices[0].message.content!, DEFAULT_RUBRIC);
    expect(parsed.ok).toBe(true);
    expect(m.requests[0].path).toBe("/v1/chat/completions");
    expect(m.requests[0].headers.authorization).toBe("Bearer sk-mock");
  });

  it("surfaces 429 with Retry-After, refusals and 400 json_schema rejections the way the SDK expects", async () => {
    const m = await mock({ script: [{ kind: "fault", fault: "429", retryAfter: "3" }, { kind: "fault", fault: "refusal" }, { kind: "fault", fault: "reject-json-schema" }] });
    const client = sdk(m.url);
    const req = body() as OpenAI.Chat.ChatCompletionCreateParamsNonStreaming;
    const e = await client.chat.completions.create(req).catch((x) => x);
    expect(e).toBeInstanceOf(RateLimitError);
    expect(e.headers.get("retry-after")).toBe("3");
    const r = await client.chat.completions.create(req);
    expect(r.choices[0].message.refusal).toMatch(/can't help/);
    const bad = await client.chat.completions.create(req).catch((x) => x);
    expect(bad.status).toBe(400);
    expect(bad.error.param).toBe("response_format");
  });

  it("seeded faults repeat exactly", async () => {
    const run = async () => {
      const m = await mock({ faults: { rate: 0.5, kinds: ["500", "429", "malformed-json"], seed: 42, retryAfter: "0" } });
      const statuses: string[] = [];
      for (let i = 0; i < 16; i++) {
        const res = await fetch(`${m.url}/chat/completions`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body()) });
        statuses.push(`${res.status}:${(await res.text()).length > 0}`);
      }
      return statuses.join(",");
    };
    const a = await run();
    expect(await run()).toBe(a);
    expect(a).toMatch(/500|429/);
    expect(a).toMatch(/200/);
  });

  it("runs in a separate process and prints its URL first", async () => {
    const p = await startMockLlmProcess({ latencyMs: 5 });
    open.push(p);
    expect(p.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/v1$/);
    const c = await sdk(p.url).chat.completions.create(body() as OpenAI.Chat.ChatCompletionCreateParamsNonStreaming);
    expect(c.choices[0].message.content).toContain("dimensions");
    expect(await p.requests()).toHaveLength(1);
    expect(parseMockArgs(["--fault-rate", "0.2", "--faults", "500,timeout", "--seed", "7", "--reject-json-schema"])).toEqual({
      rejectJsonSchema: true,
      faults: { rate: 0.2, kinds: ["500", "timeout"], seed: 7 },
    });
  });
});
