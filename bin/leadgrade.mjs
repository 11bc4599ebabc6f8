#!/usr/bin/env node
// leadgrade CLI launcher: runs the TypeScript CLI through tsx, regenerating the bundled
// prompt and place tables first when this checkout has not been built yet.
import { register } from "tsx/esm/api";
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

register();
const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const generated = ["src/core/llm/prompts.generated.ts", "src/core/rules/gazetteer.generated.ts"];
if (generated.some((f) => !existsSync(join(root, f)))) {
  const { generatePrompts } = await import(pathToFileURL(join(root, "scripts/gen/prompts.ts")).href);
  generatePrompts(root);
  const gazetteer = join(root, "scripts/gen/gazetteer.ts");
  if (existsSync(gazetteer)) {
    const mod = await import(pathToFileURL(gazetteer).href);
    if (typeof mod.generateGazetteer === "function") mod.generateGazetteer(root);
  }
}
const { main } = await import(pathToFileURL(join(root, "src/node/cli.ts")).href);
await main();
