/**
 * Configuration as the app uses it: Settings, Rubric and Regions sheets parsed once and
 * kept in the script cache for a few minutes (so a burst of form submissions does not
 * re-read three sheets each). Editing one of those sheets clears the cache (onEdit),
 * and so do setup and the Settings dialog.
 */
import type { Lang } from "../core/lead";
import type { RegionRule } from "../core/regions";
import type { Rubric } from "../core/rubric";
import { spreadsheet } from "./env";
import { log } from "./log";
import { sheetNameFor, type SheetKey } from "./schema";
import { parseRegions, parseRubric, parseSettings, type AppSettings, type ParsedSettings } from "./settings";

export interface AppConfig {
  settings: AppSettings;
  values: ParsedSettings["values"];
  rubric: Rubric;
  regions: RegionRule[];
  lang: Lang;
}

const CACHE_KEY = "leadgrade:config:v1";
/**
 * Edits of Settings, Rubric or Regions clear the cache at once (onEdit, the Settings dialog,
 * setup), so it can live long: an hour saves re-reading three sheets on every busy run.
 */
const CACHE_SECONDS = 3600;

let memo: AppConfig | null = null;

function readRows(key: SheetKey): unknown[][] {
  const sheet = spreadsheet().getSheetByName(sheetNameFor(key));
  if (!sheet) return [];
  return sheet.getDataRange().getValues();
}

function scriptCache(): GoogleAppsScript.Cache.Cache | null {
  try {
    return CacheService.getScriptCache();
  } catch (_e) {
    return null;
  }
}

/** Parse the three configuration sheets; problems go to the Log sheet. */
export function readConfigFromSheets(): AppConfig {
  const parsed = parseSettings(readRows("settings"));
  const lang = parsed.settings.language;
  const rub = parseRubric(readRows("rubric"), parsed, lang);
  const reg = parseRegions(readRows("regions"));
  if (reg.remoteAreas.length) rub.rubric.profile.remoteAreas = reg.remoteAreas;
  for (const p of [...parsed.problems, ...rub.problems, ...reg.problems]) log("", "config", "warning", p.message);
  return { settings: parsed.settings, values: parsed.values, rubric: rub.rubric, regions: reg.regions, lang };
}

export function loadConfig(): AppConfig {
  if (memo) return memo;
  const cache = scriptCache();
  const hit = cache ? cache.get(CACHE_KEY) : null;
  if (hit) {
    try {
      memo = JSON.parse(hit) as AppConfig;
      return memo;
    } catch (_e) {
      // fall through and re-read
    }
  }
  memo = readConfigFromSheets();
  if (cache) {
    try {
      cache.put(CACHE_KEY, JSON.stringify(memo), CACHE_SECONDS);
    } catch (_e) {
      // too large for the cache: read the sheets next time
    }
  }
  return memo;
}

export function invalidateConfig(): void {
  memo = null;
  const cache = scriptCache();
  if (cache) cache.remove(CACHE_KEY);
}

export function resetConfigMemo(): void {
  memo = null;
}
