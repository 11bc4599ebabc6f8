/**
 * Shared helpers for the reliability suites. They drive the REAL dist/Code.js on the
 * emulator (built by test/global-setup.ts) and reuse test/app/harness.ts wherever it fits.
 *
 * Every emulator started through `startRel` carries distinctive secrets in Script
 * Properties and is tracked: every execution result and web response it produced is kept,
 * and `finish()` (call it in afterEach) asserts that none of the secrets appears in any
 * sheet cell, Log row, console line, e-mail, web response or error text before closing it.
 */
import { expect } from "vitest";
import { createHmac } from "node:crypto";
import { startEmulator, type Emulator, type EmulatorOptions, type ExecutionResult } from "../../src/emulator/index";
import { typeCells } from "../../src/emulator/services/spreadsheet-host";
import { spreadsheetState } from "../../src/emulator/services/spreadsheet-model";
import { scriptPropertiesOf } from "../../src/emulator/services/properties";
import { urlFetchState } from "../../src/emulator/services/urlfetch";
import { utilitiesState } from "../../src/emulator/services/utilities";
import { REPS, T0, setSettings, variantLead } from "../app/harness";
import type { Lead } from "../../src/core/lead";

export { REPS, T0, MIN, LEADS, formAnswers, leadRows, logRows, setSettings, variantLead, type LeadRow } from "../app/harness";

/** Distinctive values: none is "sk-…"-shaped, so only the app's own scrubbing can hide them. */
export const SECRETS = {
  LLM_API_KEY: "LGKEY-9f3Qz7-distinctive-model-key-51xv",
  API_TOKEN: "LGTOK-4kR8w2-distinctive-api-token-77mp",
  API_HMAC_SECRET: "LGHMAC-2hT6y1-distinctive-hmac-secret-03qa",
} as const;

export interface RelOptions {
  settings?: Record<string, string | number>;
  /** Extra Script Properties (merged over the API secrets). */
  scriptProperties?: Record<string, string>;
  /** Set LLM_API_KEY (switches the app to the model engines). */
  llm?: { baseUrl: string; model?: string; fetchTimeoutMs?: number };
  mailQuota?: number;
  reps?: (string | number)[][];
  now?: number;
  emulator?: Partial<EmulatorOptions>;
}

export interface Tracked {
  emu: Emulator;
  executions: ExecutionResult[];
  webBodies: string[];
}

const live: Tracked[] = [];

function track(emu: Emulator): Tracked {
  const t: Tracked = { emu, executions: [], webBodies: [] };
  const keep = <R>(p: Promise<R>): Promise<R> =>
    p.then((r) => {
      const list = (Array.isArray(r) ? r : [r]) as unknown[];
      for (const x of list) {
        const y = x as { execution?: ExecutionResult; body?: string; functionName?: string };
        if (y.execution) {
          t.executions.push(y.execution);
          if (typeof y.body === "string") t.webBodies.push(y.body);
        } else if (y.functionName) t.executions.push(x as ExecutionResult);
      }
      return r;
    });
  const orig = { run: emu.run, post: emu.post, submitForm: emu.submitForm, fireFormSubmit: emu.fireFormSubmit, advance: emu.advance, runDueTriggers: emu.runDueTriggers };
  emu.run = (...a: Parameters<Emulator["run"]>) => keep(orig.run.apply(emu, a as never));
  emu.post = (...a: Parameters<Emulator["post"]>) => keep(orig.post.apply(emu, a as never));
  emu.submitForm = (...a: Parameters<Emulator["submitForm"]>) => keep(orig.submitForm.apply(emu, a as never));
  emu.fireFormSubmit = (...a: Parameters<Emulator["fireFormSubmit"]>) => keep(orig.fireFormSubmit.apply(emu, a as never));
  emu.advance = (...a: Parameters<Emulator["advance"]>) => keep(orig.advance.apply(emu, a as never));
  emu.runDueTriggers = () => keep(orig.runDueTriggers.apply(emu));
  live.push(t);
  return t;
}

/** startApp of test/app/harness.ts, plus secrets, emulator options and tracking. */
export async function startRel(opts: RelOptions = {}): Promise<Emulator> {
  const props: Record<string, string> = { API_TOKEN: SECRETS.API_TOKEN, API_HMAC_SECRET: SECRETS.API_HMAC_SECRET, ...(opts.scriptProperties ?? {}) };
  if (opts.llm) props.LLM_API_KEY = SECRETS.LLM_API_KEY;
  const emu = await startEmulator({ now: opts.now ?? T0, scriptProperties: props, mailQuota: opts.mailQuota, prewarmWorkers: 2, ...(opts.emulator ?? {}) });
  track(emu);
  const r = await emu.run("setup");
  expect(r.error, JSON.stringify(r.error)).toBeUndefined();
  const reps = opts.reps ?? REPS;
  if (reps.length) typeCells(emu.world, "Salespeople", "A2", reps);
  const settings: Record<string, string | number> = { MANAGER_EMAIL: "manager@example.com", FALLBACK_REGION: "华中", ...(opts.settings ?? {}) };
  if (opts.llm) {
    settings.LLM_BASE_URL = opts.llm.baseUrl;
    settings.LLM_MODEL = opts.llm.model ?? "mock-model";
    // Apps Script's UrlFetchApp has no per-request timeout option: the emulator's is the one that bites.
    urlFetchState(emu.world).timeoutMs = opts.llm.fetchTimeoutMs ?? 400;
    // A frozen clock with real sleeps would never wake a Retry-After wait: sleeps move emulated time.
    utilitiesState(emu.world).virtualSleep = true;
  }
  setSettings(emu, settings);
  return emu;
}

/** Every cell of every sheet of the bound spreadsheet, as text. */
export function allSheetText(emu: Emulator): string {
  const ss = spreadsheetState(emu.world).spreadsheets.get(emu.world.boundSpreadsheetId)!;
  return ss.sheets.map((s) => `## ${s.name}\n${JSON.stringify(emu.readSheet(s.name))}`).join("\n");
}

/** Formulas present in a sheet, host-side ([] when none). */
export function formulasIn(emu: Emulator, sheetName: string): { row: number; col: number; formula: string }[] {
  const ss = spreadsheetState(emu.world).spreadsheets.get(emu.world.boundSpreadsheetId)!;
  const sheet = ss.sheets.find((s) => s.name === sheetName)!;
  const out: { row: number; col: number; formula: string }[] = [];
  sheet.formulas.rows.forEach((r, i) => (r ?? []).forEach((f, j) => f !== undefined && f !== null && f !== "" && out.push({ row: i + 1, col: j + 1, formula: String(f) })));
  return out;
}

/** Everything the app produced that a person or a client can see. */
export function producedText(t: Tracked): { where: string; text: string }[] {
  const { emu } = t;
  const out: { where: string; text: string }[] = [{ where: "sheets", text: allSheetText(emu) }];
  for (const l of emu.world.logs) out.push({ where: "world.logs", text: l.message });
  for (const m of emu.world.outbox) out.push({ where: `mail to ${m.to}`, text: [m.to, m.cc, m.bcc, m.subject, m.body, m.htmlBody].join("\n") });
  for (const b of t.webBodies) out.push({ where: "web response", text: b });
  for (const e of t.executions) {
    out.push({ where: `execution ${e.functionName} logs`, text: e.logs.join("\n") });
    if (e.error) out.push({ where: `execution ${e.functionName} error`, text: `${e.error.name} ${e.error.message} ${e.error.stack ?? ""}` });
    if (e.result !== undefined) {
      let s = "";
      try {
        s = JSON.stringify(e.result) ?? "";
      } catch {
        s = String(e.result);
      }
      out.push({ where: `execution ${e.functionName} result`, text: s });
    }
  }
  for (const f of emu.world.fetchLog) out.push({ where: "fetch log", text: f.url });
  // Dialogs, sidebars, toasts and alerts shown to the person at the keyboard.
  out.push({ where: "ui", text: JSON.stringify(spreadsheetState(emu.world).uiLog) });
  return out;
}

export function secretLeaks(t: Tracked): string[] {
  const leaks: string[] = [];
  for (const { where, text } of producedText(t)) for (const [name, value] of Object.entries(SECRETS)) if (text.includes(value)) leaks.push(`${name} in ${where}`);
  return leaks;
}

export function trackedOf(emu: Emulator): Tracked {
  const t = live.find((x) => x.emu === emu);
  if (!t) throw new Error("emulator not started by startRel");
  return t;
}

/** afterEach: assert no secret leaked anywhere, then close every tracked emulator. */
export async function finish(): Promise<void> {
  const all = live.splice(0);
  let leaks: string[] = [];
  try {
    for (const t of all) leaks = leaks.concat(secretLeaks(t));
  } finally {
    for (const t of all) await t.emu.close();
  }
  expect(leaks, "a secret leaked").toEqual([]);
}

// ---- leads, API and bookkeeping -------------------------------------------------------------

export function tokenBody(lead: Partial<Lead>, id?: string, token: string = SECRETS.API_TOKEN): string {
  return JSON.stringify(id === undefined ? { token, lead } : { token, id, lead });
}

export function signedBody(lead: unknown, tsSeconds: number | string, secret: string = SECRETS.API_HMAC_SECRET, extra: Record<string, unknown> = {}): string {
  const ts = String(tsSeconds);
  const signature = createHmac("sha256", secret).update(`${ts}.${JSON.stringify(lead)}`).digest("hex");
  return JSON.stringify({ lead, timestamp: ts, signature, ...extra });
}

export function nowSeconds(emu: Emulator): number {
  return Math.floor(emu.world.clock.now() / 1000);
}

/** A distinct lead per index with a unique marker in every free-text field, to detect cross-row writes. */
export function taggedLead(i: number): Partial<Lead> {
  const v = variantLead(i);
  return { ...v, contactName: `${v.contactName}#${i}`, contactPhone: `1380000${String(i).padStart(4, "0")}`, interactionDetails: `${v.interactionDetails} [tag-${i}]` };
}

/** Salespeople rows as written by the app (duplicate emails/names stay distinct by row). */
export function salesRows(emu: Emulator): { row: number; name: string; email: string; region: string; count: unknown; order: unknown; active: unknown }[] {
  const v = emu.readSheet("Salespeople");
  const h = v[0].map(String);
  const at = (names: string[]) => h.findIndex((x) => names.includes(x));
  const c = { name: at(["姓名", "Name"]), email: at(["邮箱", "Email"]), region: at(["区域", "Region"]), count: at(["当前线索数", "Current lead count"]), order: at(["顺序", "Order"]), active: at(["是否在岗", "Active"]) };
  return v.slice(1).map((r, i) => ({ row: i + 2, name: String(r[c.name] ?? ""), email: String(r[c.email] ?? ""), region: String(r[c.region] ?? ""), count: r[c.count], order: r[c.order], active: r[c.active] })).filter((r) => r.name || r.email);
}

/** Log rows naming a lead (the Log merges one lead's steps of one execution into one row). */
export function logFor(emu: Emulator, leadId: string): string[][] {
  return emu.readSheet("Log").slice(1).map((r) => r.map((c) => String(c))).filter((r) => r[1] === leadId);
}

/** How many times a step ran with a given outcome for a lead, counting merged Log rows. */
export function stepCount(emu: Emulator, leadId: string, step: string, outcome = "ok"): number {
  let n = 0;
  for (const r of logFor(emu, leadId)) {
    const steps = r[2].split("+");
    // message: "<first message> | step2: msg | step3: msg"
    const parts = r[4].split(" | ");
    steps.forEach((s, k) => {
      if (s !== step) return;
      if (steps.length === 1) {
        if (r[3] === outcome) n++;
        return;
      }
      const msg = k === 0 ? parts[0] : parts.find((p) => p.startsWith(`${s}: `)) ?? "";
      // Merged rows keep only the worst outcome, so for merged steps count "ok" by presence of a non-failure message.
      if (outcome === "ok" ? !/^(retry|failed|deferred)/.test(msg) : r[3] === outcome) n++;
    });
  }
  return n;
}

/** Mails whose html names a lead ID. */
export function mailsFor(emu: Emulator, leadId: string) {
  return emu.world.outbox.filter((m) => (m.htmlBody ?? "").includes(leadId) || m.subject.includes(leadId));
}

export function props(emu: Emulator): Map<string, string> {
  return scriptPropertiesOf(emu.world);
}

/** Bookkeeping keys the app leaves in Script Properties (leases, queued intakes, sent markers). */
export function leftoverKeys(emu: Emulator): string[] {
  return [...props(emu).keys()].filter((k) => /^(lease|queue|sent):/.test(k));
}

/** Check every region: max − min count ≤ 1 among its active reps. */
export function regionSpread(emu: Emulator): Map<string, number[]> {
  const m = new Map<string, number[]>();
  for (const r of salesRows(emu)) m.set(r.region, [...(m.get(r.region) ?? []), Number(r.count)]);
  return m;
}

