// Build once before any test file runs, so every suite exercises the same fresh bundle.
import { buildBundle } from "../scripts/build";

export default async function setup(): Promise<void> {
  await buildBundle();
}
