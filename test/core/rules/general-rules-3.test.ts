/**
 * General rules added after the third blind set: marketing-tool ads and staffing agencies are junk,
 * a junk lead's stated contacts still count, "badge scanned, no talk" is no purchase, glue words in
 * another trade's machine and spare parts are no need match, a bare machine count is our machine,
 * a price question about something we do not sell is only a question, a bare "no timeline" says
 * nothing while "no timeline yet" is undecided, "先问问" yields to a tentative time, one call counts,
 * a bare year followed by a full stop is a year. Phrases are our own, not copied from any labelled set.
 */
import { describe, expect, it } from "vitest";
import { junkKind } from "../../../src/core/rules/junk";
import { judgeNeed } from "../../../src/core/rules/need";
import { judgeScale } from "../../../src/core/rules/scale";
import { judgeDepth } from "../../../src/core/rules/depth";
import { judgeFrequency } from "../../../src/core/rules/frequency";
import { judgePlan } from "../../../src/core/rules/plan";
import { findTimes } from "../../../src/core/rules/dates";
import { analyzeWithRules } from "../../../src/core/rules/index";
import { DEFAULT_PROFILE as P, DEFAULT_RUBRIC } from "../../../src/core/rubric";
import { emptyLead, type Lead } from "../../../src/core/lead";

const NOW = new Date(2026, 10, 26);
const lead = (fields: Partial<Lead>): Lead => ({ ...emptyLead(), ...fields });

describe("junk: marketing tools and staffing agencies", () => {
  it.each([
    "智能拓客软件，一键获取全球采购商数据，扫码领取试用",
    "海关数据查询平台，帮您找到精准客户",
    "邮件群发系统，开发信自动发送",
    "B2B lead generation software – get more inquiries, book a demo",
    "importer database with customs records for 200 countries",
    "bulk email marketing tool, 30-day trial",
    "we supply skilled line operators and QC workers within 48 hours",
    "offering temporary staff for your production peaks",
    "manpower agency, can send technicians next week",
    "可为贵厂输送普工、操作工，量大从优",
    "劳务派遣公司，长期提供临时工",
  ])("%s is junk", (text) => {
    expect(junkKind(text)).toBeTruthy();
  });
  it.each([
    "需要2台全自动点胶机，能否提供操作工培训",
    "can you offer training for our operators after installation?",
    "想加微信发一下产品图纸，问点胶方案",
    "we want a free trial run of our boards on your dispenser",
  ])("%s is a customer", (text) => {
    expect(junkKind(text)).toBeUndefined();
  });
  it("a seller's or job seeker's stated contacts still count; their pitch text does not", () => {
    const seller = analyzeWithRules(lead({ leadDetails: "推销我们的导热硅脂，想做贵司供应商", interactionFrequency: "本周来了两次电话" }), DEFAULT_RUBRIC, { now: NOW }).dimensions;
    expect(seller.interactionFrequency.optionId).toBe("several");
    expect(seller.interactionDepth.optionId).toBe("none");
    const job = analyzeWithRules(lead({ leadDetails: "seeking a service engineer position, résumé attached", interactionFrequency: "a single email" }), DEFAULT_RUBRIC, { now: NOW }).dimensions;
    expect(job.interactionFrequency.optionId).toBe("once");
    const ad = analyzeWithRules(lead({ leadDetails: "外贸获客神器，免费体验7天，加V了解", interactionDetails: "留言了三次" }), DEFAULT_RUBRIC, { now: NOW }).dimensions;
    expect(ad.projectScale.optionId).toBe("none");
    expect(ad.interactionFrequency.optionId).toBe("none");
  });
});

describe("scale: a contact record without any conversation is no information", () => {
  it.each([
    ["scanned their badge at the expo, did not talk", "none"],
    ["exchanged business cards at the booth, nothing else", "none"],
    ["展会上扫了胸牌，没交流", "none"],
    ["展会上交换了名片，没聊", "none"],
    ["exchanged business cards, asked about underfill dispensing", "small"],
    ["展会扫码，想要点胶机报价", "small"],
  ])("%s → %s", (details, tier) => {
    expect(judgeScale(details, "", undefined, undefined).tier).toBe(tier);
  });
});

describe("need: other trades, spare parts and bare machine counts", () => {
  it.each([
    ["有没有纸箱封口喷胶机", "none"],
    ["鞋底刷胶机多少钱", "none"],
    ["wants a gluing machine for corrugated cartons", "none"],
    ["need a dispensing machine for cosmetic creams", "none"],
    ["need replacement needles and syringes for our existing dispensers", "none"],
    ["想买点胶针头和针筒，给现有的点胶机用", "none"],
    ["需要2台全自动点胶机做主板红胶", "high"],
    ["custom underfill cell with vision, 3 sets", "partial"],
    ["custom potting stations for IGBT modules", "partial"],
    ["dispensing on their custom PCBA", "high"],
    ["2 fully automatic dispensers, asked for a custom quote", "high"],
  ])("%s → %s", (text, tier) => {
    expect(judgeNeed(text, P).tier).toBe(tier);
  });
  it("buying N unnamed units is buying ours; N units of another machine is not", () => {
    expect(judgeNeed("plans to buy 2 units for the new line", P, false, true).tier).toBe("high");
    expect(judgeNeed("先要3台全自动的", P, false, true).tier).toBe("high");
    expect(judgeNeed("wants 2 reflow ovens", P, false, true).tier).toBe("none");
    expect(judgeNeed("要3台贴片机", P, false, true).tier).toBe("none");
  });
  it("an existing customer's 'same standard model' reorder matches", () => {
    const d = analyzeWithRules(lead({ cooperationHistory: "existing customer, bought 3 in 2023", leadDetails: "4 units, same high-speed inline model as before" }), DEFAULT_RUBRIC, { now: NOW }).dimensions;
    expect(d.needMatch.optionId).toBe("high");
  });
});

describe("depth: a price question about something we do not sell", () => {
  it.each([
    ["asked how much a bottle filling machine costs", "consult"],
    ["问了纸箱喷胶机的价格", "consult"],
    ["requested a formal quotation for a label gluing machine", "proposal"],
    ["问全自动点胶机报价", "proposal"],
  ])("%s → %s", (details, tier) => {
    const d = analyzeWithRules(lead({ leadDetails: details, interactionDetails: "网站表单" }), DEFAULT_RUBRIC, { now: NOW }).dimensions;
    expect(d.interactionDepth.optionId).toBe(tier);
  });
  it("judgeDepth: asking what something costs is a question; asking for a quote is a proposal", () => {
    expect(judgeDepth("", "asked the price of two dispensers", true).tier).toBe("consult");
    expect(judgeDepth("在线客服咨询了价格", "问全自动点胶机大概多少钱一台", true).tier).toBe("consult");
    expect(judgeDepth("", "asked the price of a juice filler", true).tier).toBe("consult");
    expect(judgeDepth("", "requested a quotation for two dispensers", true).tier).toBe("proposal");
    expect(judgeDepth("要了详细报价", "", true).tier).toBe("proposal");
  });
});

describe("frequency: one call they made", () => {
  it.each([
    ["发货那天来了个电话，后来没消息", "once"],
    ["打过电话问了一下，之后没再联系", "once"],
    ["gave us a quick call when the parts shipped", "once"],
    ["rang us once about lead time", "once"],
    ["phoned Tuesday, then e-mailed Thursday", "several"],
    ["周一来电，周三又发了邮件", "several"],
  ])("%s → %s", (text, tier) => {
    expect(judgeFrequency(text, "", "").tier).toBe(tier);
  });
});

describe("plan: nothing said vs explicitly undecided", () => {
  it.each([
    ["two dispensers. no timeline", "none"],
    ["no schedule, no budget", "none"],
    ["no date given", "none"],
    ["two dispensers, no timeline yet", "preliminary"],
    ["no firm date", "preliminary"],
    ["timing still open", "preliminary"],
    ["暂无时间表", "preliminary"],
    ["时间还没定", "preliminary"],
    ["先问问能不能做，可能明年下半年上", "preliminary"],
    ["先问问价格", "none"],
    ["只是问问，明年再看", "none"],
    ["tender planned 2029.", "preliminary"],
  ])("%s → %s", (text, tier) => {
    expect(judgePlan(text, NOW).tier).toBe(tier);
  });
  it("a bare year before a full stop is a year", () => {
    expect(findTimes("expected 2028.", NOW).map((t) => t.months)).toEqual([24]);
  });
});
