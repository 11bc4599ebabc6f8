/**
 * Apps Script entry points — the only names Apps Script sees. Each export becomes a
 * top-level function in dist/Code.js (see scripts/build.ts). Logic lives beside this file.
 */
export function onOpen(_e?: unknown): void {}
export function onFormSubmit(_e?: unknown): void {}
export function doPost(_e?: unknown): unknown { return undefined; }
export function runWorker(_e?: unknown): void {}
export function setup(): void {}
