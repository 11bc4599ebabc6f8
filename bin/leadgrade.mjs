#!/usr/bin/env node
// leadgrade CLI launcher: runs the TypeScript CLI through tsx, regenerating the bundled
// prompt and place tables first when this checkout has not been built yet.
import { register } from "tsx/esm/api";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

register();
const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const { ensureGenerated } = await import(pathToFileURL(join(root, "scripts/gen/index.ts")).href);
ensureGenerated(root);
const { main } = await import(pathToFileURL(join(root, "src/node/cli.ts")).href);
await main();
