/**
 * Drive the real dist/Code.js on the emulated runtime: set up a workbook, seed salespeople
 * and settings the way a manager would type them, and read the Leads sheet back by key.
 */
import { expect } from "vitest";
import { startEmulator, type Emulator } from "../../src/emulator/index";
import { typeCells } from "../../src/emulator/services/spreadsheet-host";
import { FIELD_LABELS, LEAD_FIELDS, type Lead } from "../../src/core/lead";
import { LEAD_COLUMN_DEFS, mapColumns, type LeadColumnKey } from "../../src/gas/schema";

export const T0 = Date.UTC(2025, 2, 3, 1, 0, 0); // Monday 09:00 in Shanghai
export const MIN = 60_000;

export const REPS: (string | number)[][] = [
  ["张华东一", "east1@example.com", "华东", 0, 1, "是"],
  ["李华东二", "east2@example.com", "华东", 0, 2, "是"],
  ["王华南一", "south1@example.com", "华南", 0, 1, "是"],
  ["赵华南二", "south2@example.com", "华南", 0, 2, "是"],
  ["钱华北一", "north1@example.com", "华北", 0, 1, "是"],
  ["孙兜底", "fallback@example.com", "华中", 0, 1, "是"],
];

export interface AppOptions {
  settings?: Record<string, string | number>;
  scriptProperties?: Record<string, string>;
  mailQuota?: number;
  reps?: (string | number)[][];
}

export async function startApp(opts: AppOptions = {}): Promise<Emulator> {
  const emu = await startEmulator({ now: T0, scriptProperties: opts.scriptProperties, mailQuota: opts.mailQuota, prewarmWorkers: 2 });
  const r = await emu.run("setup");
  expect(r.error, JSON.stringify(r.error)).toBeUndefined();
  expect(r.ok).toBe(true);
  const reps = opts.reps ?? REPS;
  if (reps.length) typeCells(emu.world, "Salespeople", "A2", reps);
  setSettings(emu, { MANAGER_EMAIL: "manager@example.com", FALLBACK_REGION: "华中", ...(opts.settings ?? {}) });
  return emu;
}

/** Type values into the Settings sheet's value column, by key (as a manager would). */
export function setSettings(emu: Emulator, values: Record<string, string | number>): void {
  const rows = emu.readSheet("Settings");
  for (const [key, value] of Object.entries(values)) {
    const i = rows.findIndex((r) => r[0] === key);
    if (i < 0) typeCells(emu.world, "Settings", `A${rows.length + 1}`, [[key, key, value]]);
    else typeCells(emu.world, "Settings", `C${i + 1}`, [[value]]);
  }
}

export function formAnswers(lead: Partial<Lead>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const f of LEAD_FIELDS) out[FIELD_LABELS[f].zh] = lead[f] ?? "";
  return out;
}

export type LeadRow = Record<LeadColumnKey, unknown> & { _row: number };

export function leadRows(emu: Emulator): LeadRow[] {
  const values = emu.readSheet("Leads");
  const cols = mapColumns(values[0] ?? [], LEAD_COLUMN_DEFS);
  return values.slice(1).map((row, i) => {
    const o = { _row: i + 2 } as LeadRow;
    for (const def of LEAD_COLUMN_DEFS) {
      const c = cols[def.key];
      (o as Record<string, unknown>)[def.key] = c === undefined ? undefined : row[c];
    }
    return o;
  }).filter((r) => r.leadId !== "" && r.leadId !== undefined);
}

export function salesCounts(emu: Emulator): Map<string, { region: string; count: number }> {
  const values = emu.readSheet("Salespeople");
  const m = new Map<string, { region: string; count: number }>();
  for (const r of values.slice(1)) if (r[1]) m.set(String(r[1]), { region: String(r[2]), count: Number(r[3]) });
  return m;
}

export function logRows(emu: Emulator): string[][] {
  return emu.readSheet("Log").slice(1).map((r) => r.map((c) => String(c)));
}

export const LEADS: Partial<Lead>[] = [
  {
    customerName: "深圳精密电子有限公司", contactName: "陈经理", contactTitle: "总经理", contactEmail: "chen@example.com", contactPhone: "13800000001",
    industry: "SMT贴片", companySize: "1200人", address: "广东省深圳市宝安区", cooperationHistory: "新客户", leadSource: "官网",
    leadDetails: "新建两条SMT产线，需要10台全自动点胶机做底部填充，预算每台40万，计划今年6月前上线。", interactionDetails: "来厂参观并索取样品", interactionFrequency: "本周联系3次",
  },
  {
    customerName: "苏州新能源科技", contactName: "刘工", contactTitle: "工艺工程师", contactEmail: "liu@example.com", contactPhone: "0512-0000000",
    industry: "新能源电池Pack", companySize: "600人", address: "江苏苏州", cooperationHistory: "新客户", leadSource: "展会",
    leadDetails: "电池Pack灌胶工艺，想了解设备报价，2台。", interactionDetails: "在线咨询", interactionFrequency: "主动联系1次",
  },
  {
    customerName: "北京某医疗器械", contactName: "周主管", contactTitle: "采购主管", contactEmail: "zhou@example.com", contactPhone: "010-0000000",
    industry: "医疗器械", companySize: "300人", address: "北京市朝阳区", cooperationHistory: "新客户", leadSource: "电话",
    leadDetails: "询问点胶机价格", interactionDetails: "电话咨询", interactionFrequency: "一次",
  },
];

/** A distinct lead per index, cycling through three regions. */
export function variantLead(i: number): Partial<Lead> {
  const base = LEADS[i % 3];
  return { ...base, customerName: `${base.customerName} ${i}`, contactEmail: `c${i}@example.com` };
}
