/**
 * npm run smoke — for users with Google access (not run in CI). Runs `setup` and submits
 * one test lead on YOUR deployed script through the Apps Script API (scripts.run), then
 * prints the row it produced.
 *
 * One-time set-up (see README, "Smoke test on your deployment"):
 *   1. `clasp login`, `clasp create --type sheets` (or set scriptId in .clasp.json), `npm run deploy`.
 *   2. In the Apps Script editor: Project Settings → link a standard Google Cloud project;
 *      in that project enable the "Apps Script API" and create an OAuth client (Desktop).
 *   3. Deploy → New deployment → type "API Executable" (access: Only myself).
 *   4. Credentials, either:
 *        LEADGRADE_OAUTH_FILE=path/to/token.json  with {client_id, client_secret, refresh_token}
 *      or the login `clasp login --creds <that OAuth client's json>` stored in ~/.clasprc.json.
 *   LEADGRADE_SCRIPT_ID overrides .clasp.json's scriptId.
 */
import { existsSync, readFileSync } from "node:fs";
import { homedir } from "node:os";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";

export interface RunRequest {
  scriptId: string;
  requestBody: { function: string; parameters?: unknown[]; devMode: boolean };
}

/** devMode runs the latest pushed code (owner only) instead of the last API deployment. */
export function buildRunRequest(scriptId: string, functionName: string, parameters: unknown[] = [], devMode = true): RunRequest {
  if (!/^[A-Za-z0-9_-]{30,}$/.test(scriptId) || /^REPLACE/i.test(scriptId)) throw new Error(`not a script id: "${scriptId}" (set scriptId in .clasp.json or LEADGRADE_SCRIPT_ID)`);
  if (!/^[A-Za-z_$][\w$]*$/.test(functionName)) throw new Error(`not a function name: ${functionName}`);
  const requestBody: RunRequest["requestBody"] = { function: functionName, devMode };
  if (parameters.length) requestBody.parameters = parameters;
  return { scriptId, requestBody };
}

export interface RunResponseData {
  done?: boolean;
  error?: { code?: number; message?: string; details?: { errorMessage?: string; errorType?: string; scriptStackTraceElements?: { function?: string; lineNumber?: number }[] }[] };
  response?: { result?: unknown };
}

/** The function's return value, or a readable error (script errors arrive as a 200 with `error`). */
export function parseRunResponse(data: RunResponseData): { ok: true; result: unknown } | { ok: false; error: string } {
  if (data.error) {
    const d = data.error.details?.[0];
    const where = d?.scriptStackTraceElements?.[0];
    const at = where ? ` (at ${where.function ?? "?"}:${where.lineNumber ?? "?"})` : "";
    return { ok: false, error: `${d?.errorType ?? "Error"}: ${d?.errorMessage ?? data.error.message ?? "unknown error"}${at}` };
  }
  return { ok: true, result: data.response?.result };
}

/** The test lead the smoke run submits (clearly marked so a manager can delete the row). */
export function smokeLead(now: Date): Record<string, string> {
  return {
    customerName: `leadgrade smoke test ${now.toISOString()}`,
    contactName: "Smoke Test",
    contactTitle: "工艺工程师",
    industry: "SMT贴片",
    companySize: "800人",
    address: "广东深圳",
    leadDetails: "测试线索：需要2台点胶机，预算每台30万，下季度上线。可删除此行。",
    interactionDetails: "在线咨询",
    interactionFrequency: "本周1次",
  };
}

interface OAuthToken {
  client_id: string;
  client_secret: string;
  refresh_token: string;
}

/** Read credentials from LEADGRADE_OAUTH_FILE or clasp's ~/.clasprc.json (v3 `tokens.default`, or v2 `token` + `oauth2ClientSettings`). */
export function readCredentials(env: NodeJS.ProcessEnv, home: string): OAuthToken {
  const file = env.LEADGRADE_OAUTH_FILE || join(home, ".clasprc.json");
  if (!existsSync(file)) throw new Error(`no credentials: set LEADGRADE_OAUTH_FILE or run \`clasp login --creds <oauth-client.json>\` (looked for ${file})`);
  const j = JSON.parse(readFileSync(file, "utf8")) as Record<string, any>;
  const t = j.tokens?.default ?? (j.token ? { ...j.oauth2ClientSettings, ...j.token, client_id: j.oauth2ClientSettings?.clientId, client_secret: j.oauth2ClientSettings?.clientSecret } : j);
  if (!t?.client_id || !t?.client_secret || !t?.refresh_token) throw new Error(`${file} lacks client_id, client_secret or refresh_token`);
  return { client_id: t.client_id, client_secret: t.client_secret, refresh_token: t.refresh_token };
}

async function main(): Promise<void> {
  const root = join(dirname(fileURLToPath(import.meta.url)), "..");
  const scriptId = process.env.LEADGRADE_SCRIPT_ID || (JSON.parse(readFileSync(join(root, ".clasp.json"), "utf8")) as { scriptId: string }).scriptId;
  const creds = readCredentials(process.env, homedir());
  const { google } = await import("googleapis");
  const auth = new google.auth.OAuth2(creds.client_id, creds.client_secret);
  auth.setCredentials({ refresh_token: creds.refresh_token });
  const script = google.script({ version: "v1", auth });
  const call = async (fn: string, params: unknown[] = []) => {
    const res = await script.scripts.run(buildRunRequest(scriptId, fn, params));
    const parsed = parseRunResponse(res.data as RunResponseData);
    if (!parsed.ok) throw new Error(`${fn}: ${parsed.error}`);
    return parsed.result;
  };
  console.log("running setup …");
  const report = (await call("setup")) as { formUrl?: string; created?: string[]; triggers?: unknown };
  console.log(`  form: ${report?.formUrl ?? "?"}; created: ${(report?.created ?? []).join(", ") || "-"}; triggers: ${JSON.stringify(report?.triggers)}`);
  console.log("submitting one test lead …");
  const out = (await call("submitLead", [smokeLead(new Date())])) as { ok: boolean; id?: string; row?: Record<string, unknown>; error?: string };
  if (!out?.ok) throw new Error(`submitLead: ${out?.error ?? "no result"}`);
  console.log(`  lead ${out.id}:`);
  for (const [k, v] of Object.entries(out.row ?? {})) if (v !== "" && v !== undefined) console.log(`    ${k}: ${String(v).replace(/\n/g, " ⏎ ").slice(0, 160)}`);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  main().catch((e) => {
    console.error(`smoke failed: ${e instanceof Error ? e.message : String(e)}`);
    process.exit(1);
  });
}
