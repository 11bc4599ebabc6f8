/**
 * JSON schemas for the model's replies, generated from the rubric so that a manager's
 * edit of options or points changes what the model may answer. Both follow the subset
 * OpenAI's strict structured outputs accept: every property required, no extra ones.
 */
import { DIMENSION_KEYS, type Rubric, dimensionOf } from "../rubric";
import { MATURITY_LEVELS, ADVICE_SECTIONS } from "../result";

export const GRADE_SCHEMA_NAME = "lead_grade";
export const ADVICE_SCHEMA_NAME = "lead_advice";

export type JsonSchema = Record<string, unknown>;

/** The distinct points a dimension allows, best first (two options may share points). */
export function allowedPoints(rubric: Rubric, key: (typeof DIMENSION_KEYS)[number]): number[] {
  const out: number[] = [];
  for (const o of dimensionOf(rubric, key).options) if (!out.includes(o.points)) out.push(o.points);
  return out;
}

export function gradeJsonSchema(rubric: Rubric): JsonSchema {
  const dims: Record<string, JsonSchema> = {};
  for (const key of DIMENSION_KEYS) {
    dims[key] = {
      type: "object",
      // Evidence comes first so the model writes down what it read before it picks points.
      properties: {
        evidence: { type: "string", description: "short quote from the lead or reason" },
        points: { type: "integer", enum: allowedPoints(rubric, key) },
      },
      required: ["evidence", "points"],
      additionalProperties: false,
    };
  }
  return {
    type: "object",
    properties: {
      dimensions: { type: "object", properties: dims, required: [...DIMENSION_KEYS], additionalProperties: false },
      missingInfo: { type: "array", items: { type: "string" } },
    },
    required: ["dimensions", "missingInfo"],
    additionalProperties: false,
  };
}

export function adviceJsonSchema(): JsonSchema {
  const props: Record<string, JsonSchema> = { maturityLevel: { type: "string", enum: [...MATURITY_LEVELS] } };
  for (const s of ADVICE_SECTIONS) props[s] = { type: "string" };
  return {
    type: "object",
    properties: props,
    required: ["maturityLevel", ...ADVICE_SECTIONS],
    additionalProperties: false,
  };
}
