/**
 * The Salespeople sheet as the commit reads and writes it (under the commit's lock).
 */
import { parseSalespeople, regionKey, type Salesperson, type SalespersonProblem } from "../../core/assign";
import { OVERSEAS_REGION } from "../../core/regions";
import type { AppConfig } from "../config";
import { log } from "../log";
import { SALESPEOPLE_COLUMNS } from "../schema";
import { readTable, type Cell, type Table } from "../table";
import { findSheet } from "./sheet";

type Sheet = GoogleAppsScript.Spreadsheet.Sheet;

export interface SalesState {
  table: Table<string>;
  reps: Salesperson[];
  problems: SalespersonProblem[];
  changed: Set<string>;
  /** A lead was assigned in this commit (only then is the sheet written). */
  assigned: boolean;
}

let salesSheetMemo: Sheet | null | undefined;
/** Salespeople problems were logged in this execution. */
let salesReported = false;

/**
 * Reps whose region no lead can ever have: not a region of the Regions sheet, not the
 * overseas region, not the fallback region (a typo like 火星, or a region the map lacks).
 * They silently never get leads, so each is named (row and value).
 */
function unknownRegionProblems(reps: readonly Salesperson[], cfg: AppConfig): SalespersonProblem[] {
  const known = new Set<string>([OVERSEAS_REGION, cfg.settings.fallbackRegion, ...cfg.regions.map((r) => r.region)].filter(Boolean).map(regionKey));
  const out: SalespersonProblem[] = [];
  for (const rep of reps) {
    if (!rep.region || known.has(regionKey(rep.region))) continue;
    const message =
      cfg.lang === "zh"
        ? `销售人员表第${rep.row}行“区域”列：“${rep.region}”不是区域表（Regions）中的区域，也不是兜底区域，该销售（${rep.name}）不会被分配线索。请改成区域表中的区域，或在区域表中加上它。`
        : `Salespeople row ${rep.row}, column "region": "${rep.region}" is not a region of the Regions sheet nor the fallback region; ${rep.name} will not get leads. Use a region from the Regions sheet, or add it there.`;
    out.push({ row: rep.row, column: "region", message });
  }
  return out;
}

export function readSales(cfg: AppConfig): SalesState | null {
  if (salesSheetMemo === undefined) salesSheetMemo = findSheet("salespeople");
  const sheet = salesSheetMemo;
  if (!sheet) {
    log("", "assign", "failed", "The Salespeople sheet is missing: run leadgrade → Set up.");
    return null;
  }
  const table = readTable(sheet, SALESPEOPLE_COLUMNS);
  const parsed = parseSalespeople(table.values, {}, cfg.lang);
  parsed.problems.push(...unknownRegionProblems(parsed.reps, cfg));
  // Reported once per run, whether or not anybody could be assigned (an unmatched region is why nobody was).
  if (!salesReported) {
    salesReported = true;
    for (const pr of parsed.problems.slice(0, 10)) log("", "assign", "warning", pr.message);
    if (parsed.problems.length > 10) log("", "assign", "warning", `Salespeople: ${parsed.problems.length - 10} more problem(s) not listed.`);
  }
  // A blank or unreadable count was given the region's lowest count: write it down, or
  // the newcomer would stay "lowest" forever and win every tie.
  const changed = new Set(parsed.reps.filter((r) => r.countWasBlank || r.countWasInvalid).map((r) => r.key));
  return { table, reps: parsed.reps, problems: parsed.problems, changed, assigned: false };
}

export function writeSales(s: SalesState): void {
  const countCol = s.table.cols.count;
  if (countCol === undefined || !s.assigned || !s.changed.size) return;
  // One write from the first to the last changed rep: the counts between were read under this lock.
  let first = Infinity;
  let last = -1;
  for (const rep of s.reps) {
    if (!s.changed.has(rep.key)) continue;
    const r = rep.row - 1;
    s.table.values[r][countCol] = rep.count;
    first = Math.min(first, r);
    last = Math.max(last, r);
  }
  if (last < 0) return;
  const block: Cell[][] = [];
  for (let r = first; r <= last; r++) block.push([s.table.values[r]?.[countCol] ?? ""]);
  s.table.sheet.getRange(first + 1, countCol + 1, block.length, 1).setValues(block);
}

/** Forget the Salespeople sheet and what was reported about it (see resetProcessState). */
export function resetSalesState(): void {
  salesSheetMemo = undefined;
  salesReported = false;
}
