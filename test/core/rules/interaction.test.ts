import { describe, expect, it } from "vitest";
import { judgeDepth } from "../../../src/core/rules/depth";
import { judgeFrequency } from "../../../src/core/rules/frequency";

describe("judgeDepth", () => {
  it.each([
    ["3月12号来公司参观了工厂和展厅", "visit"],
    ["寄了10片板过来要求打样", "visit"],
    ["sent PCBs for a sample run", "visit"],
    ["Teams meeting with our engineering team, asked for a detailed proposal", "proposal"],
    ["和我们技术做了一次腾讯会议", "proposal"],
    ["要了详细报价", "proposal"],
    ["Zoom call with our FAE on Thursday", "proposal"],
    ["下载了产品目录", "consult"],
    ["下载了点胶方案资料和案例", "consult"],
    ["downloaded the underfill solution brochure", "consult"],
    ["下载了样品测试报告", "consult"],
    ["downloaded the price list, then asked for a formal quotation", "proposal"],
    ["browsed the application notes page", "none"],
    ["在线客服咨询了点胶精度和换线时间", "consult"],
    ["看了抖音视频后加了微信咨询", "consult"],
    ["only browsed our website (3 pages)", "none"],
    ["我们上门拜访了客户", "none"],
    ["", "none"],
  ])("%s → %s", (text, tier) => {
    expect(judgeDepth(text, "", false).tier).toBe(tier);
  });
  it("a proactive contact about a need is at least a consultation; calls with nothing said about them are not", () => {
    expect(judgeDepth("", "needs two dispensers for a new line", true).tier).toBe("consult");
    expect(judgeDepth("", "", true).tier).toBe("none");
  });
});

describe("judgeFrequency", () => {
  it.each([
    ["4 emails this week", "several"],
    ["called twice + emailed once this week", "several"],
    ["一周内来了好几次电话催方案", "several"],
    ["一周内发了好几封邮件", "several"],
    ["本周内主动联系了三次", "several"],
    ["每周都来问", "several"],
    ["发邮件后隔天又来电", "several"],
    ["上午留言，下午再次致电", "several"],
    ["filled in the contact form and called us again the same week", "several"],
    ["sent an email, then phoned two days later", "several"],
    ["three contact-form submissions since Monday", "several"],
    ["emailed in January, called again in May", "once"],
    ["a single contact-form submission", "once"],
    ["one online RFQ", "once"],
    ["咨询过一次，之后没有来电", "once"],
    ["one email", "once"],
    ["one WeChat message", "once"],
    ["主动来电一次", "once"],
    ["只主动提交过这一次表单", "once"],
    ["called once when shipping the PCBs, no other contact", "once"],
    ["客户来电一次，之后我们回访两次", "once"],
    ["客户一个月内联系了两次", "once"],
    ["never reached out; replied once to our follow-up email", "none"],
    ["没有主动联系过，都是我们跟进她回复", "none"],
    ["responded to our call, never initiated", "none"],
    ["只是回复了我们的邮件", "none"],
    ["hasn't reached out to us directly", "none"],
    ["did not contact us; came via the distributor", "none"],
    ["客户没有直接联系过我们", "none"],
    ["", "none"],
  ])("%s → %s", (text, tier) => {
    expect(judgeFrequency(text, "", "").tier).toBe(tier);
  });
  it("reads a proactive contact from the interaction details when the field is empty", () => {
    expect(judgeFrequency("", "客户主动来电咨询", "").tier).toBe("once");
  });
});
