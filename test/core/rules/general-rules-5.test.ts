/**
 * General rules added after the seventh and eighth blind sets (hurried shorthand, narrative
 * notes and e-mail exports). Phrases are our own, not copied from any labelled set.
 */
import { describe, expect, it } from "vitest";
import { findAmounts } from "../../../src/core/rules/money";
import { judgeBudget } from "../../../src/core/rules/budget";
import { machineCount } from "../../../src/core/rules/quantity";
import { findTimes } from "../../../src/core/rules/dates";
import { judgeRole } from "../../../src/core/rules/role";
import { parseHeadcount } from "../../../src/core/rules/size";
import { judgeFrequency } from "../../../src/core/rules/frequency";
import { judgeDepth } from "../../../src/core/rules/depth";
import { judgeNeed } from "../../../src/core/rules/need";
import { judgeScale } from "../../../src/core/rules/scale";
import { judgePlan } from "../../../src/core/rules/plan";
import { junkKind } from "../../../src/core/rules/junk";
import { locate } from "../../../src/core/rules/place";
import { clauses } from "../../../src/core/rules/text";
import { DEFAULT_PROFILE as P, DEFAULT_RUBRIC } from "../../../src/core/rubric";
import { analyzeWithRules } from "../../../src/core/rules/index";
import { emptyLead } from "../../../src/core/lead";

const NOW = new Date(2026, 10, 26);

describe("shorthand", () => {
  it("'w' is 万 next to a price; 多 inside a Chinese amount; 'half a million'", () => {
    expect(judgeBudget("要3台 30w一台", machineCount("要3台"), P)).toMatchObject({ fits: true, perMachine: 300_000 });
    expect(findAmounts("项目总投资四百多万 台数还没定")[0]).toMatchObject({ low: 4_000_000 });
    expect(findAmounts("budget: half a million RMB")[0]).toMatchObject({ low: 500_000, currency: "CNY" });
    expect(findAmounts("激光功率50w")).toEqual([]); // watts, no price nearby
  });

  it("titles and headcounts typed in a hurry", () => {
    expect(judgeRole("Plant Mgr").tier).toBe("decisionMaker");
    expect(judgeRole("QA engr").tier).toBe("evaluator");
    expect(judgeRole("Dir. of Operations").tier).toBe("decisionMaker");
    expect(parseHeadcount("两千出头")?.count).toBe(2000);
  });

  it("'26Q4' / '27Q1' are quarters", () => {
    expect(findTimes("first PO 27Q2", NOW).some((t) => t.specific && t.months === 7)).toBe(true); // June 2027
    expect(judgePlan("第一批26Q4下单", NOW).tier).toBe("deadline");
  });

  it("spaces next to Chinese separate phrases, but not a count written with ×", () => {
    expect(clauses("要6台 预算每台30w 明年4月")).toEqual(["要6台", "预算每台30w 明年4月"]);
    expect(clauses("全自动 lid attach 预算600w")).toEqual(["全自动", "lid attach", "预算600w"]);
    expect(machineCount("需要 3 台全自动点胶机")?.max).toBe(3);
    expect(machineCount("点胶机 × 4")?.max).toBe(4);
    expect(judgePlan("大概5台 全自动 明年4月要到位", NOW).tier).toBe("deadline");
  });
});

describe("contacts", () => {
  it("a multiplier, contacts listed with '+', and dates a few days apart are several", () => {
    expect(judgeFrequency("phoned 3x this week", "", "").tier).toBe("several");
    expect(judgeFrequency("索样+主动打了一次电话，都在本周", "", "").tier).toBe("several");
    expect(judgeFrequency("inbound e-mails 3 Nov and 6 Nov", "", "").tier).toBe("several");
    expect(judgeFrequency("call 2026-11-02, e-mail 2026-11-05", "", "").tier).toBe("several");
    expect(judgeFrequency("one letter from her, nothing since", "", "").tier).toBe("once");
  });

  it("'via' is no 'a': one inquiry stays one", () => {
    expect(judgeFrequency("one enquiry via the web form", "", "").tier).toBe("once");
  });

  it("a month name is no 'no'", () => {
    expect(judgeFrequency("inbound call on 3 Nov", "", "").tier).toBe("once");
  });

  it("our own outreach is no interaction of theirs", () => {
    expect(judgeFrequency("we called them after the show", "", "").tier).toBe("none");
    expect(judgeDepth("我们展会后回访了一次", "", false).tier).toBe("none");
    expect(judgeDepth("our outbound call; the brochure e-mail was never opened", "", false).tier).toBe("none");
  });
});

describe("timing in narratives", () => {
  it("a day already past this month is history, not a plan", () => {
    expect(judgePlan("She wrote on 12 Nov asking for a datasheet.", NOW).tier).toBe("none");
    expect(judgePlan("11月20日来厂看过机器", NOW).tier).toBe("none");
    expect(judgePlan("machines needed by 15 Dec", NOW).tier).toBe("deadline");
  });

  it("'whether to buy more' is no undecided time when the date is clear", () => {
    expect(judgePlan("先买1台试用，效果好再考虑要不要批量，明年2月到货", NOW).tier).toBe("deadline");
  });
});

describe("need in narratives", () => {
  it("what we sell, our demo and our web page are not their need", () => {
    expect(judgeNeed("问有没有激光打标机。客服说我们只做点胶设备，他说那就不用了", P).tier).toBe("none");
    expect(judgeNeed("watched our underfill demo at the open house and left", P).tier).toBe("none");
    expect(judgeNeed("浏览了点胶机产品页，没有留言", P).tier).toBe("none");
    expect(judgeNeed("浏览了点胶机产品页后留言问价格", P).tier).toBe("high");
  });

  it("a question about our machine is our product", () => {
    expect(judgeNeed("q: can your full auto machine do 0.3mm dots?", P).tier).toBe("high");
    expect(judgeNeed("你们的设备能不能点0.2mm的胶点", P).tier).toBe("high");
  });

  it("semi-auto only as the fallback if too expensive, and 'arrange an engineer to 对接', are no custom work", () => {
    expect(judgeNeed("要2台全自动点胶机，太贵的话就买半自动", P).tier).toBe("high");
    expect(judgeNeed("要全自动点胶机，请安排工程师对接", P).tier).toBe("high");
    expect(judgeNeed("点胶机要和现有产线对接", P).tier).toBe("partial");
  });

  it("'没有填写任何需求' carries no project; a supplier wanting to become ours is a seller", () => {
    expect(judgeScale("访客记录：只看了网页，没有填写任何需求", "", undefined, undefined).tier).toBe("none");
    expect(junkKind("they want to become our fixture supplier")).toBe("seller");
  });

  it("our own site in free text is not their place", () => {
    expect(locate("", "visited our Suzhou plant for a demo").kind).toBe("none");
    expect(locate("", "来我司苏州工厂参观").kind).toBe("none");
    expect(locate("", "their plant is in Suzhou").kind).toBe("cn");
  });
});

describe("from the ninth blind set", () => {
  it("'元旦前' and 'before Christmas' are dates", () => {
    expect(judgePlan("元旦前下单", NOW).tier).toBe("deadline");
    expect(judgePlan("PO before Christmas", NOW).tier).toBe("deadline");
  });

  it("calling our switchboard is no visit", () => {
    expect(judgeDepth("打电话到我司总机要了资料", "", true).tier).toBe("consult");
    expect(judgeDepth("客户带着板子到我司试机", "", true).tier).toBe("visit");
  });

  it("asking whether WE need something is a seller's question", () => {
    expect(junkKind("我们做仓储货架，想了解贵司有没有货架的需求")).toBe("seller");
    expect(junkKind("Does your company have any needs for industrial cleaning?")).toBe("seller");
    expect(junkKind("问你们有没有三轴点胶机")).toBeUndefined();
  });

  it("cards exchanged without talking about a need carry no project", () => {
    expect(judgeScale("展会上加了微信，没聊具体需求", "", undefined, undefined).tier).toBe("none");
  });
});

describe("from the tenth blind set", () => {
  it("a repeat order names the product through the history, but the old machine's kind is not the new need", () => {
    expect(judgeNeed("再加1台全自动的", P, true, true, "2019年买过我们一台半自动点胶机").tier).toBe("high");
    expect(judgeNeed("same again, 2 more units", P, true, true, "bought a custom dispensing cell in 2021").tier).toBe("high");
  });

  it("a message described only in the details is one proactive contact", () => {
    expect(judgeFrequency("", "", "官网留言一次：能不能点硅胶？").tier).toBe("once");
    expect(judgeFrequency("", "", "submitted the web form asking about jet valves").tier).toBe("once");
  });

  it("a job seeker named as such is junk", () => {
    expect(junkKind("Job seeker: CV attached for an engineer opening")).toBe("job");
  });
});

describe("from the thirteenth and fourteenth blind sets", () => {
  it("a supplier offering to become our supplier; headcounts written '3,000-plus'; a technician is staff", () => {
    expect(junkKind("我司代理进口胶水，想给贵司做胶水供应商")).toBe("seller");
    expect(parseHeadcount("3,000-plus")?.count).toBe(3000);
    expect(judgeRole("技术员").tier).toBe("none");
  });

  it("a field that starts with an expansion category keeps it; a bracket after a generic word does not", () => {
    const a = analyzeWithRules({ ...emptyLead(), industry: "High-end equipment (semiconductor test handlers)" }, DEFAULT_RUBRIC, { now: NOW });
    expect(a.dimensions.industry.points).toBe(10);
    const b = analyzeWithRules({ ...emptyLead(), industry: "Power module packaging (semiconductor)" }, DEFAULT_RUBRIC, { now: NOW });
    expect(b.dimensions.industry.points).toBe(20);
    const c = analyzeWithRules({ ...emptyLead(), industry: "做家电控制板的" }, DEFAULT_RUBRIC, { now: NOW });
    expect(c.dimensions.industry.points).toBe(20);
  });

  it("'好用再说' does not undo a clear date; 正月 and a bracketed month of next year", () => {
    expect(judgePlan("先买1台试用，好用再说，最好下个月能交货", NOW).tier).toBe("deadline");
    expect(judgePlan("正月十五前必须到厂", NOW).tier).toBe("deadline");
    expect(judgePlan("明年年底（12月）之前投产就行", NOW).tier).toBe("preliminary");
  });

  it("questions asked at a trade show are no online consultation; 询价 is a price question; a downloaded 方案 is material", () => {
    expect(judgeDepth("", "展会上登记的，想了解全自动点胶机的价格", false).tier).toBe("none");
    expect(judgeDepth("电话询价", "", true).tier).toBe("consult");
    expect(judgeDepth("下载了储能pack点胶方案", "", false).tier).toBe("consult");
    expect(judgeDepth("要了正式报价", "", true).tier).toBe("proposal");
  });

  it("'在15万到20万之间一台' is per machine; '五十个W一台' is 50万", () => {
    expect(judgeBudget("想上两台，预算在15万到20万之间一台", machineCount("想上两台"), P)).toMatchObject({ fits: true, perMachine: 200_000 });
    expect(findAmounts("五十个W一台")[0]).toMatchObject({ low: 500_000, perUnit: true });
  });
});

describe("from the fifteenth blind set", () => {
  it("a stated machine count decides the scale, whatever the value; 'N stations each' on M lines multiplies", () => {
    expect(judgeScale("6 fully automatic underfill dispensers, budget USD 450k", "", machineCount("6 fully automatic underfill dispensers"), 3_240_000).tier).toBe("standard");
    expect(judgeScale("项目总投资350万，台数待定", "", undefined, 3_500_000).tier).toBe("large");
    expect(machineCount("Two new lines, 4 dispensing stations each")?.max).toBe(8);
    expect(machineCount("还是要同款全自动点胶机1台，给新增的一条线配套")?.max).toBe(1);
  });

  it("glue for phone repair and a hand glue gun are not our machines", () => {
    expect(judgeNeed("问你们有没有卖修手机屏幕用的UV胶水", P).tier).toBe("none");
    expect(judgeNeed("问有没有电缆接头灌胶用的手动胶枪", P).tier).toBe("none");
  });

  it("vendor-list requests are pitches; our call plus 'he has not contacted us' is no contact of his", () => {
    expect(junkKind("Asks to be added to our approved vendor list for adhesives")).toBe("seller");
    expect(judgeFrequency("we called him after the show; he has not contacted us himself", "", "").tier).toBe("none");
  });

  it("asking whether we can do a custom scheme is a question, not a proposal request", () => {
    expect(judgeDepth("", "电话里对方问了能否做IGBT模块的非标灌封方案", false).tier).not.toBe("proposal");
    expect(judgeDepth("要了详细方案和报价", "", true).tier).toBe("proposal");
  });
});

describe("from the sixteenth blind set", () => {
  it("a call to our hotline is a proactive contact; 'that single question' is one", () => {
    expect(judgeFrequency("", "", "打400电话问：你们的点胶机能点硅胶吗？").tier).toBe("once");
    expect(judgeFrequency("that single question; no other contact", "", "").tier).toBe("once");
  });

  it("'Our Kunshan plant' in a customer's words is theirs; 'visited our Kunshan plant' is ours", () => {
    expect(locate("", "Our Kunshan plant needs 3 dispensers").city).toBe("苏州"); // Kunshan is a county-level city of Suzhou
    expect(locate("", "visited our Kunshan plant for a demo").kind).toBe("none");
  });

  it("asking about a custom scheme is a question; crypto returns are spam", () => {
    expect(judgeDepth("", "回访时他问了灌封点胶的非标定制方案", false).tier).not.toBe("proposal");
    expect(junkKind("Earn 300% monthly returns with our USDT mining pool")).toBe("spam");
  });
});

describe("from the seventeenth blind set", () => {
  it("'10 custom dispensing units' is a count; the customer's own cartridges are no spare part; a misspelt 'dispencer' is ours", () => {
    expect(machineCount("Wants 10 custom dispensing units built into their robot cells")?.max).toBe(10);
    expect(judgeNeed("Lid bonding with UV adhesive on microfluidic cartridges; for now they only want us to dispense samples on 20 cartridges", P).tier).not.toBe("none");
    expect(judgeNeed("asked the price of a fully automatic dispencer", P).tier).toBe("high");
  });

  it("a question asked when we called them is no online consultation; our own recommendation is not their need", () => {
    expect(judgeDepth("之后只浏览过官网", "电话回访时他说：想了解下全自动点胶机价格", false).tier).toBe("none");
    expect(judgeDepth("browsed our website only", "When our agent called him he asked the price of a dispenser", false).tier).toBe("none");
    expect(judgeNeed("我们打电话过去推荐点胶机，他说不需要，反问有没有鞋底打磨机", P).tier).toBe("none");
  });
});

