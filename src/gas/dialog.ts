/**
 * The Settings sidebar: the common settings and the two secrets. Secrets are written to
 * Script Properties and never shown back (the sidebar only says whether one is set).
 */
import { escapeHtml } from "../core/email";
import type { AppConfig } from "./config";
import { PROP, scriptProps } from "./env";
import { findSheet } from "./pipeline/sheet";
import { mapColumns, SETTINGS_COLUMNS } from "./schema";
import { parseSettings, SETTING_DEFS } from "./settings";

/** Settings the sidebar edits (the rest stay in the sheet). */
export const DIALOG_KEYS = ["LANGUAGE", "NOTIFY_DELAY_MINUTES", "FALLBACK_REGION", "MANAGER_EMAIL", "LLM_BASE_URL", "LLM_MODEL", "BATCH_SIZE", "MAX_ATTEMPTS"] as const;
export const DIALOG_SECRETS = [PROP.llmApiKey, PROP.apiToken, PROP.apiHmacSecret] as const;

export type SettingsForm = Partial<Record<string, string>>;

export function settingsDialogHtml(cfg: AppConfig, props: Record<string, string>): string {
  const zh = cfg.lang === "zh";
  const fields = DIALOG_KEYS.map((k) => {
    const def = SETTING_DEFS.find((d) => d.key === k)!;
    const label = zh ? def.zh : def.en;
    const help = zh ? def.helpZh : def.helpEn;
    const value = String(cfg.values[k] ?? "");
    return `<label>${escapeHtml(label)}<input name="${k}" value="${escapeHtml(value)}" title="${escapeHtml(help)}"></label>`;
  }).join("");
  const secrets = DIALOG_SECRETS.map((k) => {
    const isSet = Boolean(props[k]);
    const state = zh ? (isSet ? "已设置" : "未设置") : isSet ? "set" : "not set";
    return `<label>${k} <small>(${state})</small><input name="${k}" type="password" autocomplete="off" placeholder="${zh ? "留空则不修改" : "leave blank to keep"}"></label>`;
  }).join("");
  return `<!DOCTYPE html><html><head><base target="_top"><style>
body{font-family:Arial,sans-serif;font-size:13px;margin:12px}label{display:block;margin:0 0 10px}input{display:block;width:100%;box-sizing:border-box;padding:4px}
button{margin-top:8px;padding:6px 12px}#msg{margin-top:10px;white-space:pre-wrap}</style></head><body>
<form id="f">${fields}<hr>${secrets}<button type="submit">${zh ? "保存" : "Save"}</button></form><div id="msg" role="status"></div>
<script>
document.getElementById('f').addEventListener('submit', function (ev) {
  ev.preventDefault();
  var data = {};
  Array.prototype.forEach.call(this.elements, function (el) { if (el.name) data[el.name] = el.value; });
  var msg = document.getElementById('msg');
  msg.textContent = '…';
  google.script.run.withSuccessHandler(function (r) { msg.textContent = r.message; })
    .withFailureHandler(function () { msg.textContent = ${JSON.stringify(zh ? "保存失败" : "Could not save")}; })
    .saveSettings(data);
  Array.prototype.forEach.call(this.querySelectorAll('input[type=password]'), function (el) { el.value = ''; });
});
</script></body></html>`;
}

/** Validate and write the sidebar's values into the Settings sheet; secrets into Script Properties. */
export function writeSettings(form: SettingsForm): { ok: boolean; message: string } {
  const sheet = findSheet("settings");
  if (!sheet) return { ok: false, message: "Settings sheet missing: run Set up." };
  const values = sheet.getDataRange().getValues();
  const cols = mapColumns(values[0] ?? [], SETTINGS_COLUMNS);
  if (cols.key === undefined || cols.value === undefined) return { ok: false, message: "Settings sheet: key or value column not found." };
  const rows: unknown[][] = [["key", "label", "value"]];
  for (const k of DIALOG_KEYS) if (typeof form[k] === "string") rows.push([k, "", String(form[k]).trim()]);
  const problems = parseSettings(rows).problems;
  if (problems.length) return { ok: false, message: problems.map((p) => p.message).join("\n") };
  const byKey = new Map<string, number>();
  for (let i = 1; i < values.length; i++) byKey.set(String(values[i][cols.key]).trim(), i);
  for (const k of DIALOG_KEYS) {
    if (typeof form[k] !== "string") continue;
    const i = byKey.get(k);
    const v = String(form[k]).trim();
    if (i === undefined) {
      const line = new Array(values[0].length).fill("");
      line[cols.key] = k;
      line[cols.value] = v;
      values.push(line);
    } else values[i][cols.value] = v;
  }
  sheet.getRange(1, 1, values.length, values[0].length).setValues(values);
  const props = scriptProps();
  for (const k of DIALOG_SECRETS) {
    const v = typeof form[k] === "string" ? String(form[k]).trim() : "";
    if (v) props.setProperty(k, v);
  }
  return { ok: true, message: "OK" };
}
