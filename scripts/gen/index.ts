/**
 * Every generated source module, in the order they must be made (the Traditional table
 * reads the place tables). They are gitignored: the build makes them, and the Node tools
 * make any that are missing on a fresh clone before the code that imports them loads.
 */
import { existsSync } from "node:fs";
import { join } from "node:path";
import { generatePrompts } from "./prompts";
import { generateGazetteer } from "./gazetteer";
import { generateCountries } from "./countries";
import { generateTraditional } from "./traditional";

export const GENERATORS: ReadonlyArray<{ file: string; generate: (root: string) => string }> = [
  { file: "src/core/llm/prompts.generated.ts", generate: generatePrompts },
  { file: "src/core/rules/gazetteer.generated.ts", generate: generateGazetteer },
  { file: "src/core/rules/countries.generated.ts", generate: generateCountries },
  { file: "src/core/rules/traditional.generated.ts", generate: generateTraditional },
];

export function generateAll(root: string): void {
  for (const g of GENERATORS) g.generate(root);
}

/** Make the generated modules when any is missing (a checkout that was never built). */
export function ensureGenerated(root: string): void {
  if (GENERATORS.some((g) => !existsSync(join(root, g.file)))) generateAll(root);
}
