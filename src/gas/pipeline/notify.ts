/**
 * Notifications: the e-mails due for the rows just written, each recorded in Script
 * Properties ("sent:<id>") the moment it is sent.
 */
import { composeIncompleteEmail, composeManagerEmail, composeOwnerEmail, type ComposedEmail } from "../../core/email";
import { LEAD_FIELDS, type Lead } from "../../core/lead";
import { nextStep } from "../../core/pipeline";
import { errorText, formatTime, nowMs, PROP, scriptProps, spreadsheet } from "../env";
import { adviceOf, leadOf, progressOf, resultOf, type LeadsTable } from "../leads";
import { log } from "../log";
import { sendMail } from "../mail";
import { text } from "../table";
import { missingFor } from "./sheet";
import type { RunOptions, RunSummary } from "./plan";
import type { Sent } from "./commit";

let rowUrlBase: string | null = null;

export const LEADS_URL_CACHE_KEY = "leadgrade:leadsUrl";

/** The Leads sheet's address, kept in the script cache (it changes only if the sheet is re-created). */
function rowUrl(t: LeadsTable, rowIndex: number): string {
  if (rowUrlBase === null) {
    const cache = CacheService.getScriptCache();
    const key = LEADS_URL_CACHE_KEY;
    try {
      rowUrlBase = cache.get(key);
    } catch (_e) {
      rowUrlBase = null;
    }
    if (rowUrlBase === null) {
      try {
        rowUrlBase = `${spreadsheet().getUrl()}#gid=${t.sheet.getSheetId()}`;
        cache.put(key, rowUrlBase, 21600);
      } catch (_e) {
        rowUrlBase = "";
      }
    }
  }
  return rowUrlBase ? `${rowUrlBase}&range=A${rowIndex + 1}` : "";
}

function plainNotice(id: string, lead: Lead, why: string, lang: "zh" | "en"): ComposedEmail {
  const subject = lang === "zh" ? `【需人工处理】线索 ${id}` : `[Needs attention] lead ${id}`;
  const lines = [why, "", ...LEAD_FIELDS.filter((f) => lead[f]).map((f) => `${f}: ${lead[f]}`)];
  const escape = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
  return { subject, text: lines.join("\n"), html: `<pre style="white-space:pre-wrap">${escape(lines.join("\n"))}</pre>` };
}

/**
 * Send the e-mails due for these rows. Each send is recorded in Script Properties at
 * once, so a run that dies before marking the row never sends it again.
 */
export function notifyDue(t: LeadsTable, rows: Map<string, number>, opts: RunOptions, summary: RunSummary, alreadySent: Set<string>): Sent[] {
  const { cfg } = opts;
  const sent: Sent[] = [];
  const now = nowMs();
  const reported = new Set<string>();
  if (missingFor(t, "notify", reported).length) return sent;
  let quotaDeferred = false;
  rows.forEach((r, id) => {
    if (quotaDeferred) return;
    const p = progressOf(t, r);
    const step = nextStep(p, now, cfg.settings);
    if (step.kind !== "notify" && step.kind !== "ask-completion" && step.kind !== "escalate") return;
    if (step.kind === "escalate" && p.status !== "needs-attention") return; // commit sets the status first
    if (step.kind === "ask-completion" && p.status !== "incomplete") return;
    const status = p.status!;
    if (alreadySent.has(id)) {
      sent.push({ id, row: r, status: step.kind === "notify" ? "notified" : status });
      return;
    }
    const lead = leadOf(t, r);
    const result = resultOf(t, r, cfg.rubric);
    const lang = cfg.lang;
    const base = { lead, leadId: id, rubric: cfg.rubric, lang, submittedAt: p.submittedAt ? formatTime(p.submittedAt) : "", rowUrl: rowUrl(t, r) };
    let to = "";
    let mail: ComposedEmail;
    try {
      if (step.kind === "notify") {
        to = text(t, r, "ownerEmail");
        if (!result) throw new Error("the row's grade could not be read");
        mail = composeOwnerEmail({ ...base, result, advice: adviceOf(t, r), owner: { name: text(t, r, "owner"), email: to }, partial: step.partial });
      } else {
        to = cfg.settings.managerEmail;
        if (step.kind === "ask-completion" && result) mail = composeIncompleteEmail({ ...base, result });
        else if (result && !text(t, r, "ownerEmail")) mail = composeManagerEmail({ ...base, result, region: result.region, fallbackRegion: cfg.settings.fallbackRegion });
        else mail = plainNotice(id, lead, text(t, r, "error") || "needs attention", lang);
      }
    } catch (e) {
      summary.failed++;
      log(id, "notify", "failed", "could not compose the e-mail: " + errorText(e));
      return;
    }
    if (!to) {
      log(id, "notify", "warning", step.kind === "notify" ? "the owner has no e-mail address" : "MANAGER_EMAIL is not set in Settings; nobody was e-mailed");
      sent.push({ id, row: r, status: step.kind === "notify" ? "notified" : status });
      return;
    }
    const outcome = sendMail(to, mail);
    if (outcome.kind === "sent") {
      scriptProps().setProperty(PROP.sentPrefix + id, String(now));
      sent.push({ id, row: r, status: step.kind === "notify" ? "notified" : status });
      summary.notified++;
      log(id, "notify", "ok", `${step.kind === "notify" ? "owner" : "manager"} ${to}${step.kind === "notify" && step.partial ? " (partial: analysis incomplete)" : ""}`);
    } else if (outcome.kind === "deferred") {
      quotaDeferred = true;
      summary.deferred++;
      log(id, "notify", "deferred", outcome.why);
    } else {
      summary.failed++;
      log(id, "notify", "failed", outcome.error);
    }
  });
  return sent;
}

export function sentMarkers(props: Record<string, string>): Set<string> {
  return new Set(Object.keys(props).filter((k) => k.indexOf(PROP.sentPrefix) === 0).map((k) => k.slice(PROP.sentPrefix.length)));
}

/** Forget the Leads sheet address (see resetProcessState). */
export function resetNotifyState(): void {
  rowUrlBase = null;
}
