/**
 * Which response format an endpoint accepts, remembered so that a run does not rediscover
 * a rejection on every lead. Keyed by base URL and model (one server may host models with
 * different support). The adapter stores it: Node in memory, Apps Script in Script Properties.
 */
import { RESPONSE_MODES, type ResponseMode } from "./request";

export type ModeMemory = Record<string, ResponseMode>;

/** Script Properties key the Apps Script adapter stores the memory under. */
export const MODE_MEMORY_PROPERTY = "LLM_RESPONSE_MODES";

export function modeKey(baseUrl: string, model: string): string {
  return `${baseUrl.replace(/\/+$/, "")}|${model}`;
}

export function preferredMode(memory: ModeMemory, key: string): ResponseMode {
  const m = memory[key];
  return m && (RESPONSE_MODES as readonly string[]).includes(m) ? m : "json_schema";
}

/** A new memory with `mode` recorded; unchanged (same object) when nothing changes. */
export function rememberMode(memory: ModeMemory, key: string, mode: ResponseMode): ModeMemory {
  return memory[key] === mode ? memory : { ...memory, [key]: mode };
}

export function serializeModeMemory(memory: ModeMemory): string {
  return JSON.stringify(memory);
}

/** Tolerant read of a stored memory: anything unreadable counts as "nothing learned yet". */
export function parseModeMemory(text: string | null | undefined): ModeMemory {
  if (!text) return {};
  try {
    const v = JSON.parse(text) as unknown;
    if (typeof v !== "object" || v === null || Array.isArray(v)) return {};
    const out: ModeMemory = {};
    for (const [k, m] of Object.entries(v as Record<string, unknown>)) {
      if (typeof m === "string" && (RESPONSE_MODES as readonly string[]).includes(m)) out[k] = m as ResponseMode;
    }
    return out;
  } catch {
    return {};
  }
}

/**
 * What a step teaches about the endpoint. A downgrade is always recorded (the rejection is
 * the news); a success only fills an empty slot, so that in a batch a lead that happened to
 * succeed before another lead's rejection cannot flip the memory back.
 */
export function learnFromStep(memory: ModeMemory, key: string, step: { kind: string; mode?: ResponseMode }): ModeMemory {
  if (step.kind === "downgrade" && step.mode) return rememberMode(memory, key, step.mode);
  if (step.kind === "done" && step.mode && memory[key] === undefined) return rememberMode(memory, key, step.mode);
  return memory;
}
