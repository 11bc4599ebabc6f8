/** Write a hand-written bundle to a temp file for startEmulator({ bundlePath }). */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export function writeBundle(source: string): string {
  const dir = mkdtempSync(join(tmpdir(), "leadgrade-bundle-"));
  const path = join(dir, "Code.js");
  writeFileSync(path, source);
  return path;
}
