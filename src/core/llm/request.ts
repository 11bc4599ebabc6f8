/**
 * Chat-completions request bodies. The Node client and the Apps Script adapter send
 * exactly these objects, so both runtimes ask the model the same question.
 */
import { leadLanguage, type Lang, type Lead } from "../lead";
import type { Rubric } from "../rubric";
import type { GradeResult } from "../result";
import { ADVICE_SCHEMA_NAME, GRADE_SCHEMA_NAME, adviceJsonSchema, gradeJsonSchema, type JsonSchema } from "./schema";
import { adviceUserMessage, capText, gradeUserMessage, systemPrompt } from "./prompts";
import type { LlmFailure } from "./failure";

/** How the reply's JSON shape is enforced, strongest first; endpoints that reject one get the next. */
export const RESPONSE_MODES = ["json_schema", "json_object", "plain"] as const;
export type ResponseMode = (typeof RESPONSE_MODES)[number];

export interface ChatMessage {
  role: "system" | "user" | "assistant";
  content: string;
}

export type ResponseFormat =
  | { type: "json_schema"; json_schema: { name: string; strict: true; schema: JsonSchema } }
  | { type: "json_object" };

export interface ChatRequest {
  model: string;
  messages: ChatMessage[];
  temperature: 0;
  response_format?: ResponseFormat;
}

export interface SchemaSpec {
  name: string;
  schema: JsonSchema;
}

export function nextMode(mode: ResponseMode): ResponseMode | undefined {
  const i = RESPONSE_MODES.indexOf(mode);
  return RESPONSE_MODES[i + 1];
}

export function responseFormatFor(mode: ResponseMode, spec: SchemaSpec): ResponseFormat | undefined {
  if (mode === "json_schema") return { type: "json_schema", json_schema: { name: spec.name, strict: true, schema: spec.schema } };
  if (mode === "json_object") return { type: "json_object" };
  // plain: the system prompt already spells out the JSON shape; the parser digs it out of the text.
  return undefined;
}

/** The same request in another mode (the messages never depend on the mode, so caching still applies). */
export function withMode(request: ChatRequest, mode: ResponseMode, spec: SchemaSpec): ChatRequest {
  const { response_format: _old, ...rest } = request;
  void _old;
  const format = responseFormatFor(mode, spec);
  return format ? { ...rest, response_format: format } : { ...rest };
}

export interface GradeRequestInput {
  lead: Lead;
  rubric: Rubric;
  model: string;
  mode: ResponseMode;
  /** The day the lead arrived (purchase-plan dates are judged from it). */
  receivedAt: Date;
  /** Default: the lead's language. */
  lang?: Lang;
}

export function gradeSchemaSpec(rubric: Rubric): SchemaSpec {
  return { name: GRADE_SCHEMA_NAME, schema: gradeJsonSchema(rubric) };
}

export function adviceSchemaSpec(): SchemaSpec {
  return { name: ADVICE_SCHEMA_NAME, schema: adviceJsonSchema() };
}

export function buildGradeRequest(input: GradeRequestInput): ChatRequest {
  const lang = input.lang ?? leadLanguage(input.lead);
  const request: ChatRequest = {
    model: input.model,
    temperature: 0,
    messages: [
      { role: "system", content: systemPrompt("grade", input.rubric, lang) },
      { role: "user", content: gradeUserMessage(input.lead, lang, input.receivedAt) },
    ],
  };
  return withMode(request, input.mode, gradeSchemaSpec(input.rubric));
}

export interface AdviceRequestInput extends GradeRequestInput {
  result: GradeResult;
}

export function buildAdviceRequest(input: AdviceRequestInput): ChatRequest {
  const lang = input.lang ?? input.result.lang ?? leadLanguage(input.lead);
  const request: ChatRequest = {
    model: input.model,
    temperature: 0,
    messages: [
      { role: "system", content: systemPrompt("advice", input.rubric, lang) },
      { role: "user", content: adviceUserMessage(input.lead, input.result, input.rubric, lang, input.receivedAt) },
    ],
  };
  return withMode(request, input.mode, adviceSchemaSpec());
}

const REPAIR_TEXT: Record<Lang, (problem: string) => string> = {
  zh: (p) =>
    `你上一条回复无法使用：${p}。请只回复一个 JSON 对象，严格符合系统消息中的输出格式：包含全部字段，分值只能取评分表列出的选项分值，不要任何其他文字。`,
  en: (p) =>
    `Your previous reply could not be used: ${p}. Reply again with one JSON object only, exactly in the output format of the system message: every field present, points only from the options the rubric lists, no other text.`,
};

/**
 * The one repair attempt: the original conversation, the model's unusable reply, and a
 * note naming the problem. The model's text is capped so a runaway reply cannot blow the budget.
 */
export function buildRepairRequest(original: ChatRequest, failure: LlmFailure, lang: Lang): ChatRequest {
  const problem = failure.code === "truncated" ? (lang === "zh" ? "回复过长被截断，请缩短 evidence" : "it was cut off for length; keep evidence short") : capText(failure.message, 300);
  const messages: ChatMessage[] = [...original.messages];
  if (failure.content) messages.push({ role: "assistant", content: capText(failure.content, 4000) });
  messages.push({ role: "user", content: REPAIR_TEXT[lang](problem) });
  return { ...original, messages };
}
