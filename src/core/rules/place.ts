/**
 * Location and sales region. Reads the address (or, when the address is empty, the lead
 * and interaction details) — never the company name or phone number — finds a Chinese
 * province/city/district or a foreign country/city, then maps it to a region through the
 * manager-editable region rules and to a location tier through the company profile.
 */
import { GAZETTEER } from "./gazetteer.generated";
import { EN_PLACES, FOREIGN, NOT_A_PLACE_IN_DETAILS, US_STATE_RE, ZONES, unpack } from "./places";
import { COUNTRIES } from "./countries.generated";
import { OVERSEAS_REGION, type RegionRule } from "../regions";
import type { CompanyProfile } from "../rubric";
import { foldWidth } from "./text";

type Level = 0 | 1 | 2 | 3; // province, city, zone/tie-break, county — lower wins a name clash
interface CnPlace { kind: "cn"; province: string; city: string; county: string; level: Level }
interface ForeignPlace { kind: "foreign"; country: string }
type PlaceEntry = CnPlace | ForeignPlace;

interface Index {
  zh: Map<string, PlaceEntry>;
  maxLen: number;
  enRe: RegExp;
  en: Map<string, PlaceEntry>;
  enZh: Map<string, string>;
  cityProvince: Map<string, string>;
}

let index: Index | undefined;

function put(map: Map<string, PlaceEntry>, name: string, entry: PlaceEntry): void {
  const old = map.get(name);
  if (!old || (old.kind === "cn" && entry.kind === "cn" && entry.level < old.level)) map.set(name, entry);
}

function buildIndex(): Index {
  const zh = new Map<string, PlaceEntry>();
  const cityProvince = new Map<string, string>();
  for (const prov of GAZETTEER.split("|")) {
    const [province, rest] = prov.split("/");
    put(zh, province, { kind: "cn", province, city: "", county: "", level: 0 });
    for (const group of rest.split(";")) {
      const [city, counties] = group.split(":");
      if (city) {
        put(zh, city, { kind: "cn", province, city, county: "", level: 1 });
        cityProvince.set(city, province);
      }
      for (const county of counties ? counties.split(",") : []) {
        if (county) put(zh, county, { kind: "cn", province, city: city || province, county, level: 3 });
      }
    }
  }
  const cityEntry = (name: string, county: string, level: Level): CnPlace | undefined => {
    const e = zh.get(name);
    if (!e || e.kind !== "cn") return undefined;
    return { kind: "cn", province: e.province, city: e.city || e.province, county, level };
  };
  for (const [zone, city] of unpack(ZONES)) {
    const e = cityEntry(city, zone, 2);
    if (e) put(zh, zone, e);
  }
  const en = new Map<string, PlaceEntry>();
  for (const [name, country] of unpack(FOREIGN)) {
    const entry: ForeignPlace = { kind: "foreign", country };
    if (/[a-z]/.test(name)) en.set(simplifyEn(name), entry);
    else zh.set(name, entry);
  }
  // Every other country (generated); a name the hand list or China's own places use is kept as it is.
  for (const group of COUNTRIES.split(";")) {
    const at = group.indexOf("=");
    const names = group.slice(at + 1).split(",");
    const entry: ForeignPlace = { kind: "foreign", country: at >= 0 ? group.slice(0, at) : names[0] };
    for (const name of names) {
      if (/[a-z]/.test(name)) {
        const key = simplifyEn(name);
        if (!en.has(key)) en.set(key, entry);
      } else if (!zh.has(name)) zh.set(name, entry);
    }
  }
  const enZh = new Map<string, string>();
  for (const [name, zhName] of unpack(EN_PLACES)) {
    const key = simplifyEn(name);
    enZh.set(key, zhName);
    const e = zh.get(zhName);
    if (e && !en.has(key)) en.set(key, e);
  }
  const keys = [...en.keys()].sort((a, b) => b.length - a.length).map((k) => k.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"));
  const enRe = new RegExp(`\\b(${keys.join("|")})\\b`, "g");
  let maxLen = 0;
  for (const k of zh.keys()) maxLen = Math.max(maxLen, k.length);
  return { zh, maxLen, enRe, en, enZh, cityProvince };
}

function getIndex(): Index {
  return (index ??= buildIndex());
}

function simplifyEn(s: string): string {
  // "México", "Querétaro", "São Paulo" are written with and without accents.
  return s.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase().replace(/['’`]/g, "").replace(/[-_]/g, " ").replace(/\s+/g, " ");
}

interface Hit { at: number; name: string; entry: PlaceEntry }

// "visited our Shenzhen factory", "来我司深圳工厂": our place, not theirs (free text only); "Our Kunshan
// plant needs…" in a customer's own words is theirs.
const OURS_BEFORE = /(\b(visit\w*|tour\w*|at|to|came to|come to|in|by|from|via) our |我司|贵司|本司|(来|到|参观|去)我们的?)\s*$/i;
// A county or district in free text is skipped (many are ordinary words), unless the text says it is a
// place: "工厂在昆山", "位于江阴", "义乌市", "慈溪的新厂".
const COUNTY_CONTEXT_BEFORE = /(在|位于|地处|坐落于?|落户|搬到|迁到|迁至|设在|来自)$/;
const COUNTY_CONTEXT_AFTER = /^(市|县|区|的?(工厂|厂区|新厂|老厂|基地|园区|工业园|开发区|高新区|分厂|分公司|总部|厂))/;
// After "在/位于 …" the name must end there ("在昆山，", "在江阴做…"), not run on into a word ("在高密度板上").
const COUNTY_WORD_END = /^($|[\s，,。;；、:：)）]|做|生产|有|建|开|设|办|投|的(?!话))/;
// County-level cities whose names are everyday words ("合作伙伴", "长寿命", "高密度", "东方"): never read from free text.
const COUNTY_COMMON_WORDS = ["合作", "长寿", "高密", "永康", "东方", "宁安", "永安", "新民", "安国", "沙河", "灯塔", "同仁", "集安", "明光", "天长", "临江", "龙井"];
function countyNamedAsPlace(text: string, i: number, len: number): boolean {
  const name = text.slice(i, i + len);
  if (COUNTY_COMMON_WORDS.includes(name) && !/^(市|县|区)/.test(text.slice(i + len))) return false;
  const after = text.slice(i + len, i + len + 5);
  if (COUNTY_CONTEXT_AFTER.test(after) && !/^(工厂|厂)/.test(after)) return true;
  if (/^的?(工厂|厂)/.test(after) && COUNTY_CONTEXT_BEFORE.test(text.slice(Math.max(0, i - 3), i))) return true;
  return COUNTY_CONTEXT_BEFORE.test(text.slice(Math.max(0, i - 3), i)) && COUNTY_WORD_END.test(after);
}
const PLACE_TYPOS: Record<string, string> = { 洲: "州", 筦: "莞", 珊: "山" };
const PLACE_TYPO = /[洲筦珊]/;
const PLACE_TYPO_ALL = /[洲筦珊]/g;
const TRADE_SHOW = /^.{0,4}(展会|展览|会展|展上|博览会|expo|fair|show|exhibition|trade)/i;

/** All place names in a text, in order. `loose` is for free text: districts and show venues are skipped. */
export function findPlaces(raw: string, loose = false): Hit[] {
  const idx = getIndex();
  const text = foldWidth(raw);
  const hits: Hit[] = [];
  for (let i = 0; i < text.length; ) {
    let matched = 0;
    if (/[\u4e00-\u9fff]/.test(text[i])) {
      for (let len = Math.min(idx.maxLen, text.length - i); len >= 2; len--) {
        const name = text.slice(i, i + len);
        // "苏洲", "东筦", "中珊": a slip of the input method, read as the place it sounds like.
        // (In free text only before 市/区/县/镇: "金珊" is a name.)
        const typoOk = PLACE_TYPO.test(name) && (!loose || /^(市|区|县|镇)/.test(text.slice(i + len)));
        const entry = idx.zh.get(name) ?? (typoOk ? idx.zh.get(name.replace(PLACE_TYPO_ALL, (c) => PLACE_TYPOS[c])) : undefined);
        if (!entry) continue;
        matched = len;
        const skip =
          loose &&
          ((entry.kind === "cn" && entry.level === 3 && !countyNamedAsPlace(text, i, len)) || NOT_A_PLACE_IN_DETAILS.includes(name) || TRADE_SHOW.test(text.slice(i + len, i + len + 8)) || OURS_BEFORE.test(text.slice(Math.max(0, i - 6), i)));
        if (!skip) hits.push({ at: i, name, entry });
        break;
      }
    }
    i += matched || 1;
  }
  const en = simplifyEn(text);
  for (const m of en.matchAll(idx.enRe)) {
    const entry = idx.en.get(m[1]);
    const at = m.index ?? 0;
    if (!entry) continue;
    if (loose && (TRADE_SHOW.test(en.slice(at + m[0].length, at + m[0].length + 12)) || OURS_BEFORE.test(en.slice(Math.max(0, at - 16), at)))) continue;
    // Positions in `en` may drift from `text` by removed apostrophes; order is what matters.
    hits.push({ at, name: m[1], entry });
  }
  if (US_STATE_RE.test(text.trim()) || /,\s*(US|U\.S\.A?\.?)\s*$/.test(text.trim())) hits.push({ at: text.length, name: "USA", entry: { kind: "foreign", country: "美国" } });
  return hits.sort((a, b) => a.at - b.at);
}

export interface Located {
  kind: "cn" | "foreign" | "china" | "none";
  province: string;
  city: string;
  county: string;
  country: string;
  /** The text the place came from, for evidence. */
  source: string;
}

const NOWHERE: Located = { kind: "none", province: "", city: "", county: "", country: "", source: "" };

/** Resolve the lead's place: the address first; the details only when the address is empty. */
export function locate(address: string, details: string): Located {
  const fromAddress = address.trim() !== "";
  const text = fromAddress ? address : details;
  const hits = findPlaces(text, !fromAddress);
  const source = text.trim();
  if (hits.length === 0) {
    if (/(中国|china|\bprc\b|mainland|内地|大陆)/i.test(text)) return { ...NOWHERE, kind: "china", source };
    return { ...NOWHERE, source: fromAddress ? source : "" };
  }
  const first = hits[0];
  if (first.entry.kind === "foreign") return { ...NOWHERE, kind: "foreign", country: first.entry.country, source };
  const province = first.entry.province;
  let city = first.entry.city;
  let county = first.entry.county;
  // "江苏南通", "广东省深圳市宝安区": later names of the same province refine the city and district.
  for (const h of hits.slice(1)) {
    if (h.entry.kind !== "cn" || h.entry.province !== province) continue;
    if (!city && h.entry.city) city = h.entry.city;
    if (!county && h.entry.county && (!city || h.entry.city === city)) county = h.entry.county;
  }
  if (!city && getIndex().cityProvince.get(province) === undefined && /^(北京|天津|上海|重庆)$/.test(province)) city = province;
  return { kind: "cn", province, city, county, country: "", source };
}

/** A place keyword from a sheet ("广东省", "Shenzhen", "深圳市") → the short Chinese name used for matching. */
export function canonicalPlace(name: string): string {
  const s = foldWidth(name).trim();
  if (/^[a-z .'-]+$/i.test(s)) {
    const key = simplifyEn(s);
    const idx = getIndex();
    const zh = idx.enZh.get(key) ?? idx.enZh.get(key.replace(/ /g, ""));
    if (zh) return zh;
    const foreign = idx.en.get(key);
    return foreign && foreign.kind === "foreign" ? foreign.country : s;
  }
  return s.replace(/(特别行政区|维吾尔自治区|壮族自治区|回族自治区|自治区|省|市|地区|区|县)$/, "") || s;
}

export interface PlaceJudgement {
  tier: "core" | "mainland" | "overseas" | "remote" | "unknown";
  region: string;
  place: string;
}

function ruleFor(rules: RegionRule[], names: string[]): RegionRule | undefined {
  for (const n of names) {
    if (!n) continue;
    const r = rules.find((x) => canonicalPlace(x.place) === n);
    if (r) return r;
  }
  return undefined;
}

const OVERSEAS_KEYS = new Set([OVERSEAS_REGION, "overseas", "foreign", "国外", "境外"]);

/** Region and location tier for a located place under the region rules and profile. */
export function judgePlace(loc: Located, rules: RegionRule[], profile: CompanyProfile): PlaceJudgement {
  if (loc.kind === "none") return { tier: "unknown", region: "", place: "" };
  if (loc.kind === "china") return { tier: "mainland", region: "", place: "中国" };
  if (loc.kind === "foreign") {
    const rule = ruleFor(rules, [loc.country]) ?? rules.find((r) => OVERSEAS_KEYS.has(r.place.trim().toLowerCase()));
    return { tier: rule?.remote ? "remote" : "overseas", region: rule?.region ?? OVERSEAS_REGION, place: loc.country };
  }
  // Most specific first: a city rule overrides its province's.
  const names = [loc.county, loc.city, loc.province];
  const rule = ruleFor(rules, names);
  const remoteAreas = profile.remoteAreas.map(canonicalPlace);
  const core = profile.coreRegions.map(canonicalPlace);
  let tier: PlaceJudgement["tier"] = "mainland";
  // Any matching rule marked remote makes the place remote, even when an earlier rule gives its region.
  const remoteRule = rules.some((x) => x.remote && names.filter(Boolean).includes(canonicalPlace(x.place)));
  if (remoteRule || names.some((n) => n && remoteAreas.includes(n))) tier = "remote";
  else if (names.some((n) => n && core.includes(n))) tier = "core";
  const place = [loc.province, loc.city !== loc.province ? loc.city : "", loc.county].filter(Boolean).join(" ");
  return { tier, region: rule?.region ?? "", place };
}
