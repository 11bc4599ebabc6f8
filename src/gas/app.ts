/**
 * What each entry point does. index.ts only forwards here, so Apps Script sees a short
 * list of global functions and the logic stays testable in one place.
 */
import { composeOwnerEmail } from "../core/email";
import { LeadInputError } from "../core/lead";
import { bytesToHex } from "../core/pipeline";
import { gradeWithRules } from "../core/grade";
import { offlineAdvice } from "../core/advice";
import { checkRequest, type ApiError } from "./api";
import { invalidateConfig, loadConfig, resetConfigMemo, type AppConfig } from "./config";
import { errorText, nowMs, PROP, resetExecutionState, scriptProps, spreadsheet, useSpreadsheet } from "./env";
import { selectEngines } from "./llm";
import { fromApiLead, fromFormEvent } from "./intake";
import { flushLog, log, resetLog, scrub } from "./log";
import { resetMailQuota, sendMail } from "./mail";
import { drain, drainIntakeQueue, LEADS_URL_CACHE_KEY, findSheet, indexForRows, intake, nothingToDo, pruneProperties, resetForRegrade, resetProcessState, rowById, type RunOptions, type RunSummary } from "./process";
import { runSetup, type SetupReport } from "./setup";
import { settingsDialogHtml, writeSettings, type SettingsForm } from "./dialog";

/** Reset per-execution memory, run, and always write the buffered log lines. */
function execution<T>(fn: () => T): T {
  resetExecutionState();
  resetConfigMemo();
  resetProcessState();
  resetMailQuota();
  resetLog();
  try {
    return fn();
  } finally {
    flushLog();
  }
}

function runOptions(startedAt: number): RunOptions {
  const cfg = loadConfig();
  return { cfg, engines: selectEngines(cfg), deadlineMs: startedAt + cfg.settings.timeBudgetSeconds * 1000 };
}

// ---- triggers ----------------------------------------------------------------------------

export function handleFormSubmit(e: unknown): void {
  const startedAt = nowMs();
  execution(() => {
    const input = fromFormEvent(e);
    if (!input) {
      log("", "intake", "skipped", "blank form event ignored");
      return;
    }
    // A spreadsheet form-submit event carries the spreadsheet: no lookup needed.
    useSpreadsheet((e as { source?: unknown } | undefined)?.source);
    const r = intake(input);
    if (r.duplicate || r.queued) return;
    // Process at once if no other execution is already draining (it picks this lead up).
    drain(runOptions(startedAt), { header: r.header });
  });
}

/** runWorker: queued intakes, housekeeping, then everything due (skipped when provably nothing is). */
export function processAll(force = false): RunSummary[] {
  const startedAt = nowMs();
  return execution(() => {
    const props = scriptProps().getProperties();
    pruneProperties(props, startedAt);
    if (!force && nothingToDo(props, startedAt)) return [];
    const opts = runOptions(startedAt);
    drainIntakeQueue(opts);
    return drain(opts);
  });
}

// ---- web app -------------------------------------------------------------------------------

interface PostEvent {
  postData?: { contents?: string; length?: number };
}

function json(o: object): GoogleAppsScript.Content.TextOutput {
  return ContentService.createTextOutput(JSON.stringify(o)).setMimeType(ContentService.MimeType.JSON);
}

function hmacHex(message: string, secret: string): string {
  return bytesToHex(Utilities.computeHmacSha256Signature(message, secret, Utilities.Charset.UTF_8));
}

const REPLAY_SECONDS = 15 * 60;
/** How long a doPost may process pending leads before replying. */
const API_PROCESS_MS = 20_000;

export function handlePost(e: unknown): GoogleAppsScript.Content.TextOutput {
  const startedAt = nowMs();
  return execution(() => {
    let error: ApiError = "internal";
    try {
      const ev = (e ?? {}) as PostEvent;
      const body = ev.postData && typeof ev.postData.contents === "string" ? ev.postData.contents : "";
      const props = scriptProps().getProperties();
      const cache = CacheService.getScriptCache();
      const checked = checkRequest(
        body,
        { token: props[PROP.apiToken] ?? "", hmacSecret: props[PROP.apiHmacSecret] ?? "" },
        startedAt,
        hmacHex,
        (sig) => cache.get("sig:" + sig) !== null,
      );
      if (!checked.ok) {
        log("", "api", "skipped", "rejected: " + checked.error);
        return json({ ok: false, error: checked.error });
      }
      if (checked.request.signature) cache.put("sig:" + checked.request.signature, "1", REPLAY_SECONDS);
      let input;
      try {
        input = fromApiLead(checked.request.lead, checked.request.clientId);
      } catch (err) {
        if (err instanceof LeadInputError) return json({ ok: false, error: "invalid-lead" });
        throw err;
      }
      // The row is written before the reply, so the client's lead is in the sheet when it hears "ok".
      const r = intake(input, { appendNow: true });
      if (r.queued) return json({ ok: true, id: r.id, queued: true });
      if (r.duplicate) return json({ ok: true, id: r.id, duplicate: true });
      // A web client waits for the reply: only offline engines process at once (briefly);
      // model work is left to the lease holder or runWorker.
      const opts = runOptions(startedAt);
      if (opts.engines.offline) drain({ ...opts, deadlineMs: Math.min(opts.deadlineMs, startedAt + API_PROCESS_MS) }, { header: r.header });
      return json({ ok: true, id: r.id });
    } catch (err) {
      log("", "api", "failed", errorText(err));
      return json({ ok: false, error });
    }
  });
}

/**
 * Submit one lead as the script's owner (Apps Script API `scripts.run`, used by
 * `npm run smoke`) and return the row it produced, keyed by column key.
 */
export function submitLeadAndRead(lead: unknown, clientId?: string): { ok: boolean; id?: string; duplicate?: boolean; row?: Record<string, string | number | boolean>; error?: string } {
  const startedAt = nowMs();
  return execution(() => {
    let input;
    try {
      input = fromApiLead(lead, clientId);
    } catch (e) {
      return { ok: false, error: e instanceof LeadInputError ? "invalid-lead" : "internal" };
    }
    const r = intake(input, { appendNow: true });
    if (!r.duplicate && !r.queued) drain(runOptions(startedAt), { header: r.header });
    return { ok: true, id: r.id, duplicate: r.duplicate, row: rowById(r.id) };
  });
}

// ---- menu --------------------------------------------------------------------------------

export function menuLang(): "zh" | "en" {
  try {
    return loadConfig().lang;
  } catch (_e) {
    return "zh";
  }
}

export function buildMenu(): void {
  const zh = menuLang() === "zh";
  SpreadsheetApp.getUi()
    .createMenu("leadgrade")
    .addItem(zh ? "初始化 / 修复" : "Set up", "setup")
    .addItem(zh ? "设置…" : "Settings…", "showSettings")
    .addItem(zh ? "立即处理" : "Process now", "processNow")
    .addItem(zh ? "重新评分所选行" : "Regrade selected rows", "regradeSelected")
    .addItem(zh ? "发送测试邮件" : "Send test email", "sendTestEmail")
    .addToUi();
}

function toast(message: string): void {
  try {
    spreadsheet().toast(message, "leadgrade", 5);
  } catch (_e) {
    // no UI in this context
  }
}

export function setupAndReport(): SetupReport {
  return execution(() => {
    const r = runSetup();
    try {
      CacheService.getScriptCache().remove(LEADS_URL_CACHE_KEY); // setup may have re-created Leads
    } catch (_e) {
      // the entry expires on its own
    }
    toast(r.lang === "zh" ? "初始化完成" : "Set up complete");
    return r;
  });
}

export function processNowFromMenu(): string {
  const runs = processAll(true);
  const total = runs.reduce((a, s) => ({ g: a.g + s.graded, n: a.n + s.notified }), { g: 0, n: 0 });
  const msg = `graded ${total.g}, notified ${total.n}`;
  toast(msg);
  return msg;
}

export function regradeSelection(): string {
  const startedAt = nowMs();
  const ids = execution(() => {
    const sheet = SpreadsheetApp.getActiveSheet();
    const leads = findSheet("leads");
    if (!leads || sheet.getSheetId() !== leads.getSheetId()) return [] as string[];
    const range = sheet.getActiveRange();
    if (!range) return [];
    return indexForRows(range.getRow(), range.getNumRows());
  });
  if (!ids.length) {
    toast(menuLang() === "zh" ? "请先在线索表中选中要重新评分的行" : "Select rows in the Leads sheet first");
    return "nothing selected";
  }
  const runs = execution(() => {
    const opts = runOptions(startedAt);
    resetForRegrade(ids);
    return drain(opts);
  });
  const graded = runs.reduce((n, s) => n + s.graded, 0);
  const msg = `regraded ${graded} of ${ids.length}`;
  toast(msg);
  return msg;
}

export function sendTestEmailNow(): string {
  return execution(() => {
    const cfg: AppConfig = loadConfig();
    let to = "";
    try {
      to = Session.getActiveUser().getEmail();
    } catch (_e) {
      to = "";
    }
    to = to || cfg.settings.managerEmail;
    if (!to) return "no recipient: set MANAGER_EMAIL in Settings";
    const lead = {
      customerName: "示例电子有限公司", contactName: "王工", contactTitle: "工艺工程师", contactEmail: "wang@example.com", contactPhone: "0755-0000000",
      industry: "SMT贴片", companySize: "800人", address: "广东深圳", cooperationHistory: "新客户", leadSource: "官网",
      leadDetails: "新产线需要2台全自动点胶机，用于底部填充，预算每台30万，计划下季度上线。", interactionDetails: "在线咨询并索取报价", interactionFrequency: "本周联系2次",
    };
    const result = gradeWithRules(lead, cfg.rubric, { regions: cfg.regions });
    const advice = offlineAdvice(lead, result, cfg.rubric, result.lang);
    const mail = composeOwnerEmail({ lead, leadId: "F-000000000000", result, advice, rubric: cfg.rubric, lang: cfg.lang, submittedAt: new Date(nowMs()), owner: { name: "Test", email: to } });
    const out = sendMail(to, { ...mail, subject: "[TEST] " + mail.subject });
    log("", "test-email", out.kind === "sent" ? "ok" : out.kind === "deferred" ? "deferred" : "failed", to);
    return out.kind === "sent" ? `sent to ${to}` : out.kind === "deferred" ? out.why : scrub(out.error);
  });
}

export function showSettingsDialog(): void {
  execution(() => {
    const html = HtmlService.createHtmlOutput(settingsDialogHtml(loadConfig(), scriptProps().getProperties())).setTitle("leadgrade").setWidth(300);
    SpreadsheetApp.getUi().showSidebar(html);
  });
}

export function saveSettingsFromDialog(form: SettingsForm): { ok: boolean; message: string } {
  return execution(() => {
    const r = writeSettings(form);
    invalidateConfig();
    return r;
  });
}

export function clearConfigCache(): void {
  try {
    invalidateConfig();
  } catch (_e) {
    // a simple trigger may lack access; the cache expires by itself
  }
}

/** A person edited the Leads sheet: the next runWorker reads it even if nothing else is due. */
export function noteLeadsEdited(): void {
  try {
    PropertiesService.getScriptProperties().setProperty(PROP.leadsEditedAt, String(nowMs()));
  } catch (_e) {
    // a simple trigger may lack access; the periodic backstop scan still covers the edit
  }
}
