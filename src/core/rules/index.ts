/**
 * The deterministic rules engine: picks each dimension's option with a short piece of
 * evidence, locates the lead, and lists what to ask for. Pure and deterministic — the
 * same lead, rubric, region map and arrival day always give the same answer. Points come
 * from the rubric by option id; the total and grade are computed later by code.
 */
import { leadLanguage, type Lang, type Lead } from "../lead";
import type { CompanyProfile, DimensionKey, Rubric } from "../rubric";
import { pointsForOption, type DimensionScore, type DimensionScores } from "../score";
import { DEFAULT_REGION_RULES, type RegionRule } from "../regions";
import { judgeSize } from "./size";
import { judgeIndustry } from "./industry";
import { judgePlace, locate } from "./place";
import { judgeHistory } from "./history";
import { judgeRole } from "./role";
import { judgeNeed } from "./need";
import { machineCount } from "./quantity";
import { judgeScale } from "./scale";
import { judgeDepth } from "./depth";
import { judgeFrequency } from "./frequency";
import { judgeBudget, statedValue, type BudgetFinding } from "./budget";
import { judgePlan } from "./plan";
import { junkKind, stripInjection } from "./junk";
import { cut, plain, toSimplified } from "./text";

export interface RulesOptions {
  /** The day the lead arrived; purchase-plan dates are judged against it. Default: now. */
  now?: Date;
  /** Place → region map (the Regions sheet). Default: DEFAULT_REGION_RULES. */
  regions?: RegionRule[];
}

export interface Placement {
  /** Sales region from the region map ("" when unknown). */
  region: string;
  /** How the location dimension sees it. */
  tier: "core" | "mainland" | "overseas" | "remote" | "unknown";
  /** The place found (e.g. "广东 深圳", "Germany"), "" when none. */
  place: string;
}

export interface RulesAnalysis {
  dimensions: DimensionScores;
  placement: Placement;
  missingInfo: string[];
}

type Say = (zh: string, en: string) => string;

const MISSING: Record<string, [string, string]> = {
  budget: ["预算金额", "budget"],
  timeline: ["采购时间", "purchase timeline"],
  quantity: ["采购数量", "quantity"],
  title: ["联系人职务", "contact title"],
  size: ["企业规模（人数）", "company size (staff)"],
  industry: ["所属行业/产品", "industry / products"],
  address: ["所在城市", "location (city)"],
  need: ["具体需求", "the concrete need"],
};

/** "n/a", "待确认", "-": a value typed to fill the box says nothing, so the details may speak instead. */
const PLACEHOLDER = /^\s*(n\/?a|tbd|tbc|unknown|not (provided|given|known)|[-—–?？.]+|待确认|待定|待补充|未知|不详|不清楚|未提供|暂缺)\s*[.。]?\s*$/i;
const withoutPlaceholder = (s: string) => (PLACEHOLDER.test(s) ? "" : s);

// A machine named as another kind ("灌装机", "carton sealer"), not "3台设备" or "4 machines".
const OTHER_MACHINE = /((?<![手机])[\u4e00-\u9fff]{1,4}(?<![手机])机(?![器型种台])|[\u4e00-\u9fff]+炉|\b(?!dispens)[a-z-]{3,} (machines?|ovens?|printers?|sealers?|mounters?)\b)/i;

/** An interaction note that describes the pitch itself ("打电话推销胶水", "cold emails offering staff"). */
// A seller sending us its own catalogue or price list ("发来了他们的胶水产品目录") is pitching too.
const PITCHING = /(推销|推广|广告|群发|cold[- ]?(call|e-?mail)|offer|pitch|advert|promot|spam|solicit|(他们|他|她|对方|自己|their|its|his|her|own)(的|公司的?|家的?)?[^，,。;]{0,8}(目录|画册|彩页|价目表|价格表|报价单|catalog\w*|brochure|price ?list|line ?card)|(发来|寄来|sent us|emailed us)[^，,。;]{0,8}(目录|画册|彩页|价目表|价格表|catalog\w*|brochure|price ?list|line ?card))/i;

const foldedProfiles = new WeakMap<CompanyProfile, CompanyProfile>();

/** The profile's keywords and places folded like the lead text, so a manager may type them in Traditional too. */
function simplifiedProfile(p: CompanyProfile): CompanyProfile {
  let folded = foldedProfiles.get(p);
  if (!folded) {
    const fold = (xs: string[]) => xs.map(toSimplified);
    folded = {
      ...p,
      productKeywords: fold(p.productKeywords),
      coreIndustries: { ...p.coreIndustries, keywords: fold(p.coreIndustries.keywords) },
      expansionIndustries: { ...p.expansionIndustries, keywords: fold(p.expansionIndustries.keywords) },
      coreRegions: fold(p.coreRegions),
      remoteAreas: fold(p.remoteAreas),
    };
    foldedProfiles.set(p, folded);
  }
  return folded;
}

/** Pick each dimension's option with evidence; also locate the lead. Pure and deterministic. */
export function analyzeWithRules(lead: Lead, rubric: Rubric, opts: RulesOptions = {}): RulesAnalysis {
  const lang: Lang = leadLanguage(lead);
  const say: Say = (zh, en) => (lang === "zh" ? zh : en);
  const now = opts.now ?? new Date();
  const regions = opts.regions ?? DEFAULT_REGION_RULES;
  const profile = simplifiedProfile(rubric.profile);
  const f = Object.fromEntries(Object.entries(lead).map(([k, v]) => [k, withoutPlaceholder(stripInjection(toSimplified(plain(String(v ?? "")))))])) as Lead;
  const details = f.leadDetails;
  const allText = `${details}\n${f.interactionDetails}`;
  // Someone selling to us, spamming or looking for a job is not a buyer: their "quote", "soon"
  // or repeated pitches are no interaction, budget or plan of a customer.
  const junk = !!junkKind(allText);

  const pick = (key: DimensionKey, optionId: string, evidence: string): DimensionScore => ({
    optionId,
    points: pointsForOption(rubric, key, optionId),
    evidence: cut(evidence, 60),
  });
  const q = (s: string) => (s ? `“${cut(s, 40)}”` : "");

  // Company size counts wherever it is stated: the size field, else the details, the interaction or the industry field.
  const size = judgeSize(f.companySize, `${details}\n${f.interactionDetails}\n${f.industry}`);
  const companySize = size
    ? pick("companySize", size.band, `${q(size.evidence)} → ${say(size.count !== undefined ? `${size.count}人` : "规模描述", size.count !== undefined ? `${size.count} staff` : "size word")}`)
    : pick("companySize", "none", say("未提供企业规模", "company size not given"));

  // A job seeker's or seller's text speaks of their own trade ("3 yrs exp on SMT machines"): only the industry field counts.
  const ind = judgeIndustry(f.industry, junk ? "" : details, profile);
  const industry = pick(
    "industry",
    ind.optionId,
    ind.optionId === "none"
      ? ind.source ? `${q(ind.source)} ${say("不属于核心或拓展行业", "is neither a core nor an expansion industry")}` : say("未提供行业", "industry not given")
      : `${q(ind.source)} → ${ind.optionId === "core" ? say("核心战略行业", "core industry") : say("重点拓展行业", "expansion industry")}`,
  );

  const loc = locate(f.address, f.address.trim() ? "" : allText);
  const placeJ = judgePlace(loc, regions, profile);
  const locOption = placeJ.tier === "core" ? "core" : placeJ.tier === "mainland" ? "mainland" : "none";
  const tierName: Record<Placement["tier"], [string, string]> = {
    core: ["核心服务范围", "core service region"],
    mainland: ["中国大陆其他地区", "other mainland China"],
    overseas: ["海外/港澳台", "overseas / outside the mainland"],
    remote: ["偏远地区", "remote area"],
    unknown: ["地址不明", "location unknown"],
  };
  const location = pick(
    "location",
    locOption,
    placeJ.tier === "unknown" ? say("未提供可识别的地址", "no recognizable location") : `${q(loc.source)} → ${placeJ.place}，${say(...tierName[placeJ.tier])}`,
  );

  const hist = judgeHistory(f.cooperationHistory, f.leadSource, details);
  const history = pick("history", hist.existing ? "existing" : "new", hist.evidence ? `${q(hist.evidence)} → ${hist.existing ? say("老客户", "existing customer") : say("新客户", "new customer")}` : say("无合作记录", "no cooperation on record"));

  // The title box only: the labelled samples score a name such as "刘经理" with no title as unknown.
  const r = judgeRole(f.contactTitle);
  const roleNames: Record<string, [string, string]> = {
    decisionMaker: ["决策者", "decision maker"],
    evaluator: ["评估者/使用者", "evaluator/user"],
    executor: ["采购执行者", "buyer/executor"],
    none: ["普通员工或职务不明", "ordinary staff or unclear"],
  };
  const role = pick("role", r.tier, f.contactTitle.trim() ? `${q(f.contactTitle)} → ${say(...roleNames[r.tier])}` : say("未提供职务", "title not given"));

  // "再加2台，跟之前那台同款": a repeat of what they bought from us names the product only in the history.
  // An existing customer ordering more machines, the same spec or another model of ours buys what we sell.
  const count = machineCount(details) ?? machineCount(f.interactionDetails);
  const repeat = hist.existing && /(同款|同型号|同规格|一样|再加|再买|再订|再采购|追加|增购|加购|复购|换(个|一个|一款)?(新)?(型号|机型)|新机型|same ([a-z-]+ ){0,3}(model|config\w*|type|spec\w*|machine|unit)s?|same as|more of|another|additional|again|\b(one|1|two|2|a few|\d+) more\b|(different|other|new|newer|another) (model|version|type)|\b(needs?|wants?|orders?|buy|requires?)\s+\d+\s+(more\s+)?machines\b(?!\s+of\b)|(?<!(诺信|武藏|别家|别人|其他品牌|竞品|nordson|musashi)[^，,。]{0,2})(那|这)(台|套)(机器|设备|点胶机|灌胶机)|(我们的|我司的|贵司的|你们的|\bour\b|\byour\b)[^，,。.]{0,8}(机器|设备|点胶机|灌胶机|machines?|dispensers?)[^，,。.]{0,8}(改造|升级|加装|增加(一个)?工位|retrofit|upgrade)|(改造|升级|加装|retrofit|upgrade)[^，,。.]{0,6}(我们的|我司的|贵司的|你们的|\bour\b|\byour\b)[^，,。.]{0,6}(机器|设备|点胶机|灌胶机|machines?|dispensers?))/i.test(details);
  const need = judgeNeed(allText, profile, repeat, !!count, repeat ? f.cooperationHistory : "");
  const needMatch = pick(
    "needMatch",
    need.tier,
    !details.trim() && !f.interactionDetails.trim()
      ? say("线索详情为空", "lead details blank")
      : need.tier === "high" ? `${q(need.evidence)} ${say("符合核心业务", "matches our core business")}`
      : need.tier === "partial" ? `${q(need.evidence)} ${say("需要非标定制", "needs customization")}`
      : `${q(need.evidence)} ${say("与我们的产品无关", "unrelated to what we sell")}`,
  );

  const value = statedValue(details, count);
  // A spammer's or seller's figures ("10,000 emails for $99") are no purchase of ours.
  // "想要一台灌装机": a count of a machine we do not make is a question about something we do not sell.
  const sc = junk ? { tier: "none" as const, evidence: "" }
    : count && need.tier === "none" && details.trim() && OTHER_MACHINE.test(count.text) ? { tier: "small" as const, evidence: count.text }
    : judgeScale(details, f.interactionDetails, count, value);
  const scaleNames: Record<string, [string, string]> = {
    large: ["大型项目", "large project"],
    standard: ["标准订单", "standard order"],
    small: ["小额试用/打样/询问", "small trial, sample or inquiry"],
    none: ["无采购信息", "no purchase information"],
  };
  const projectScale = pick("projectScale", sc.tier, `${sc.evidence ? q(sc.evidence) + " → " : ""}${say(...scaleNames[sc.tier])}${count ? say(`（${count.max}台）`, ` (${count.max} machines)`) : ""}`);

  // A seller's or job seeker's contacts still count as contacts they started, but only as stated in the
  // frequency field: their pitch text is no interaction with us.
  const freq = junk ? judgeFrequency(f.interactionFrequency, "", "") : judgeFrequency(f.interactionFrequency, f.interactionDetails, details);
  // Asking the price of something we do not sell is a question, not a request for our quote.
  // A seller's or job seeker's own pitch is no interaction with us; what the interaction field
  // records (they downloaded our brochure, asked questions by e-mail) still is — short of a
  // meeting or quote, which is them selling.
  const junkDepth = () => {
    const d = PITCHING.test(f.interactionDetails) || junkKind(f.interactionDetails) ? { tier: "none" as const, evidence: "" } : judgeDepth(f.interactionDetails, "", false);
    return d.tier === "consult" ? d : { tier: "none" as const, evidence: "" };
  };
  const dep = junk ? junkDepth() : judgeDepth(f.interactionDetails, details, freq.tier !== "none");
  const depthNames: Record<string, [string, string]> = {
    visit: ["到访或打样", "visit or samples"],
    proposal: ["会议或索取方案/报价", "meeting or quote/proposal request"],
    consult: ["下载资料或咨询", "download or inquiry"],
    none: ["仅浏览或无互动", "only browsed or no interaction"],
  };
  const interactionDepth = pick("interactionDepth", dep.tier, `${dep.evidence ? q(dep.evidence) + " → " : ""}${say(...depthNames[dep.tier])}`);
  const freqNames: Record<string, [string, string]> = {
    several: ["一周内多次主动联系", "several proactive contacts"],
    once: ["主动联系一次", "one proactive contact"],
    none: ["未主动联系", "never proactive"],
  };
  const interactionFrequency = pick("interactionFrequency", freq.tier, `${freq.evidence ? q(freq.evidence) + " → " : ""}${say(...freqNames[freq.tier])}`);

  const bud: BudgetFinding = junk ? { fits: false, evidence: "" } : judgeBudget(allText, count, profile);
  const budget = pick(
    "budget",
    bud.fits ? "fits" : "none",
    bud.amount
      ? `${q(bud.amount.text)} ≈ ${say(`每台${Math.round((bud.perMachine ?? 0) / 10000)}万元`, `CNY ${Math.round((bud.perMachine ?? 0) / 1000)}k per machine`)}${bud.fits ? say("，符合报价", ", fits our quotes") : say("，低于市场价", ", below market")}`
      : say("未提供预算金额", "no budget figure"),
  );

  const plan = junk ? { tier: "none" as const, evidence: "" } : judgePlan(details, now);
  const planNames: Record<string, [string, string]> = {
    deadline: ["有明确时间（12个月内）", "clear date within 12 months"],
    preliminary: ["初步计划，时间未定或较远", "preliminary, time undecided or far"],
    none: ["无采购计划", "no purchase plan"],
  };
  const purchasePlan = pick("purchasePlan", plan.tier, `${plan.evidence ? q(plan.evidence) + " → " : ""}${say(...planNames[plan.tier])}`);

  const dimensions: DimensionScores = {
    companySize, industry, location, history, role, needMatch, projectScale, interactionDepth, interactionFrequency, budget, purchasePlan,
  };

  const missing: string[] = [];
  const ask = (k: keyof typeof MISSING) => missing.push(say(...MISSING[k]));
  if (!details.trim()) ask("need");
  if (!bud.amount) ask("budget");
  if (plan.tier !== "deadline") ask("timeline");
  if (!count && sc.tier !== "none") ask("quantity");
  if (!f.contactTitle.trim() || r.tier === "none") ask("title");
  if (!size) ask("size");
  if (!f.industry.trim()) ask("industry");
  if (placeJ.tier === "unknown") ask("address");

  return { dimensions, placement: { region: placeJ.region, tier: placeJ.tier, place: placeJ.place }, missingInfo: missing };
}
