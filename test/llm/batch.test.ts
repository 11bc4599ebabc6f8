/**
 * The shape of the Apps Script adapter's loop, run synchronously over fake replies:
 * build N requests → send all at once → parse all → decide per lead → next round.
 */
import { describe, expect, it } from "vitest";
import { DEFAULT_RUBRIC } from "../../src/core/rubric";
import {
  advanceGradeTask,
  createGradeTask,
  httpCallFor,
  modeKey,
  preferredMode,
  learnFromStep,
  resolveLlmConfig,
  type GradeChoice,
  type LlmStep,
  type LlmTask,
  type ModeMemory,
  type Transport,
} from "../../src/core/llm/index";
import { EN_LEAD, ZH_LEAD, gradeJson, okReply } from "./helpers";

const R = DEFAULT_RUBRIC;
const NOW = Date.parse("2025-11-20T00:00:00Z");

describe("batch driver over the pure API", () => {
  it("runs rounds of fetchAll-style batches until every lead is done or fell back", () => {
    const config = resolveLlmConfig((n) => ({ LLM_API_KEY: "k-123456", LLM_BASE_URL: "http://127.0.0.1:9/v1" })[n]);
    const key = modeKey(config.baseUrl, config.model);
    let memory: ModeMemory = {};
    const leads = [ZH_LEAD, EN_LEAD, ZH_LEAD, EN_LEAD];
    let tasks: Array<{ id: number; task: LlmTask; waitMs: number }> = leads.map((lead, id) => ({
      id,
      task: createGradeTask({ lead, rubric: R, model: config.model, mode: preferredMode(memory, key), receivedAt: new Date(NOW) }),
      waitMs: 0,
    }));
    // What the "endpoint" answers per lead, round by round.
    const script: Record<number, Transport[]> = {
      0: [okReply(gradeJson({ companySize: 20 }, R))],
      1: [{ kind: "http", status: 429, headers: { "Retry-After": "2" }, body: "" }, okReply(gradeJson({}, R))],
      2: [{ kind: "http", status: 400, headers: {}, body: '{"error":{"message":"response_format json_schema unsupported"}}' }, okReply(gradeJson({}, R))],
      3: [{ kind: "http", status: 401, headers: {}, body: "bad key" }],
    };
    const finals: Record<number, LlmStep<GradeChoice>> = {};
    const sentModes: string[][] = [];
    let rounds = 0;
    while (tasks.length && rounds < 5) {
      rounds++;
      const calls = tasks.map((t) => httpCallFor(config, t.task.request)); // one fetchAll
      expect(calls.every((c) => c.url === "http://127.0.0.1:9/v1/chat/completions" && c.headers.Authorization === "Bearer k-123456")).toBe(true);
      sentModes.push(calls.map((c) => (JSON.parse(c.body).response_format?.type as string) ?? "plain"));
      const replies = tasks.map((t) => script[t.id].shift()!);
      const next: typeof tasks = [];
      tasks.forEach((t, i) => {
        const a = advanceGradeTask(t.task, replies[i], R, { nowMs: NOW, random: () => 0 });
        if (a.step.kind === "done" || a.step.kind === "fallback") finals[t.id] = a.step;
        else next.push({ id: t.id, task: a.task, waitMs: a.step.delayMs });
        memory = learnFromStep(memory, key, a.step);
      });
      // Apps Script sleeps for the longest wait of the round (or defers to the next run).
      expect(Math.max(0, ...next.map((n) => n.waitMs))).toBe(rounds === 1 ? 2000 : 0);
      tasks = next;
    }
    expect(rounds).toBe(2);
    expect(sentModes).toEqual([["json_schema", "json_schema", "json_schema", "json_schema"], ["json_schema", "json_object"]]);
    expect(finals[0]).toMatchObject({ kind: "done" });
    expect(finals[1]).toMatchObject({ kind: "done" });
    expect(finals[2]).toMatchObject({ kind: "done", mode: "json_object" });
    expect(finals[3]).toMatchObject({ kind: "fallback", reason: "auth-failed" });
    expect(preferredMode(memory, key)).toBe("json_object");
    // Tasks are plain data: they survive a JSON round trip (e.g. stored between executions).
    const t = createGradeTask({ lead: ZH_LEAD, rubric: R, model: "m", mode: "json_schema", receivedAt: new Date(NOW) });
    expect(JSON.parse(JSON.stringify(t))).toEqual(t);
  });
});
