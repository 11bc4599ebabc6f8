/**
 * Build the Apps Script bundle: dist/Code.js + dist/appsscript.json.
 *
 * Apps Script only sees top-level `function NAME()` declarations, so the bundle is an IIFE
 * (nothing leaks into the global scope) followed by a generated footer with one real
 * function per export of src/gas/index.ts that forwards to the IIFE's export.
 */
import { build } from "esbuild";
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { generateAll } from "./gen/index";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const GLOBAL = "LeadGrade";

export async function runGenerators(): Promise<void> {
  generateAll(root);
}

export async function buildBundle(): Promise<{ file: string; bytes: number; entries: string[] }> {
  await runGenerators();
  const entry = join(root, "src/gas/index.ts");
  const common = {
    entryPoints: [entry],
    bundle: true,
    platform: "neutral" as const,
    target: "es2019",
    mainFields: ["module", "main"],
    conditions: ["import", "default"],
    charset: "utf8" as const,
    legalComments: "none" as const,
    logLevel: "warning" as const,
  };
  // First pass: learn the entry's export names from the metafile.
  const probe = await build({ ...common, format: "esm", write: false, metafile: true, outfile: "probe.js" });
  const outputs = Object.values(probe.metafile!.outputs);
  const entries = outputs.flatMap((o) => o.exports ?? []).filter((n) => /^[A-Za-z_$][\w$]*$/.test(n)).sort();
  const footer = entries
    .map((name) => `function ${name}() { return ${GLOBAL}.${name}.apply(this, arguments); }`)
    .join("\n");
  const outDir = join(root, "dist");
  mkdirSync(outDir, { recursive: true });
  const file = join(outDir, "Code.js");
  await build({
    ...common,
    format: "iife",
    globalName: GLOBAL,
    outfile: file,
    // Apps Script parses the whole file on every execution, so size is load time. Entry
    // points in the footer keep their names; a source map is not usable in the editor anyway.
    minify: true,
    banner: { js: "// leadgrade — built bundle. Source: https://github.com/ (see README). Do not edit here." },
    footer: { js: `\n// Apps Script entry points\n${footer}\n` },
  });
  copyFileSync(join(root, "appsscript.json"), join(outDir, "appsscript.json"));
  const bytes = readFileSync(file).byteLength;
  writeFileSync(join(outDir, ".entries.json"), JSON.stringify(entries));
  return { file, bytes, entries };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const r = await buildBundle();
  console.error(`built ${r.file} (${(r.bytes / 1024).toFixed(1)} KB) entry points: ${r.entries.join(", ")}`);
}
