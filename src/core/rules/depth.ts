/**
 * interactionDepth: the deepest interaction anywhere in the lead. A visit to our factory or
 * a sample run → visit; an online meeting or a request for a quote/proposal → proposal;
 * a download or any proactive question → consult; only browsing → none.
 */
import { clauses, negatedBefore, norm } from "./text";

export type DepthTier = "visit" | "proposal" | "consult" | "none";

const VISIT = /((?<!(打电话|电话|来电|致电|邮件|发邮件|写信|留言)[^，,。]{0,2})来(我司|我们|公司|厂|工厂|我厂|访)(?!总机|电话|邮箱|官网|网站|前台|客服)|(?<!(打电话|电话|来电|致电|邮件|发邮件|写信|留言)[^，,。]{0,2}|[找收看得想做遇听搜查])到(我司|我们|我厂|公司|工厂)(?!总机|电话|邮箱|官网|网站|前台|客服)|找到(我司|我们)的?(工厂|厂里|厂区|公司|现场|展厅)|参观|考察|来访|到访|实地|打样|送样|寄样|样品(?!制备)|试样|样板|留样|demo(?:nstration)? at our|visited (our|us|the factory|the plant|the showroom)|factory (visit|tour)|plant (visit|tour)|site visit to us|toured our|came to our|sample (run|test|build|request)|requested samples?|samples?\b|sent (us )?(pcbs?|boards|parts|products) for|(sent|send|shipped|ship|brought|bring|mailed|couriered|provided) (us )?(over )?(\d+|some|a few|several|their|a batch of|sample)?\s*(pcbas?|pcbs?|boards?|parts|products|wafers?|chips?|modules?|components?|units|housings?|substrates?)\b[^,.;]{0,24}\b(for|to) (a |our )?(trial|test|sample|demo|dispensing|evaluation)|(trial|test) runs? (at|in|on) (our|your|us)|(for|do|did|requested|request|asked for|book(ed)?) an? (trial|test) run|(asked|wants?|plans?|requested|request|requests|would like|booked|scheduled) (to |a )?(visit|tour|come to|trial[- ]run at|test at|see the machines? at) (our|us|the factory|the plant)|(来|到|在)(我司|我们|我厂|工厂|公司|厂里|贵司)[^，,。]{0,6}(试机|试做|试打|测试|验证)|来料试|带料|(寄|送|带|发)(了|来|过来)?[^，,。]{0,8}(板|料|产品|样品|芯片|壳体|工件)[^，,。]{0,6}(过来|来)?(试|测|打样)|(约|预约|安排|申请|要求|想|计划)[^，,。]{0,4}(来|到)(我司|我们|我厂|工厂|公司|厂里)[^，,。]{0,4}(参观|考察|看|试机|验厂))/i;
const OUR_VISIT = /(展位|展台|booth|stand at|trade show|exhibition|expo|我们(去|上门|拜访)|我司(去|上门)|上门拜访|we visited|our (sales|engineer|team) visited|visited them|visited their)/i;
// Asking for a quote is asking for a proposal; merely asking what a machine costs ("问价格",
// "how much") is a question like any other, i.e. an online consultation.
const PROPOSAL = /(会议|开会|视频(会议|通话|沟通|交流|演示)|视频会|线上会(?!展)|腾讯会议|钉钉(会议|视频|直播)|zoom|teams|webex|google meet|meeting|video call|conference call|方案(?!评估)|proposal|报价|询价单|询价函|询价表|quote|quotation|rfq|rfp|技术交流会|(request\w*|ask\w* for|want\w*|need\w*|send)\b[^.;]{0,30}\b(an?|the|your|formal|price|written|detailed|techno-commercial|commercial|firm)\s+offer\b|\b(ask\w* for|request\w*|want\w*|need\w*)\s+(an?\s+)?offers?\b|angebot|cotizaci[oó]n|or[cç]amento|oferta|wycen\w*)/i;
const PRICE_ONLY = /(pricing|price|询价(?!单|函|表)|价格|多少钱|价钱|单价|how much|cost)/i;
const CONSULT = /(样本|目录|手册|索要|索取|下载|download|咨询|consult|在线客服|客服|留言|提问|询问|问了|问我们|问你们|问有没有|问全自动|asked|inquir|enquir|question|表单|form|email|e-mail|邮件|电话|来电|call|chat|微信|wechat|whatsapp|资料|brochure|catalog|datasheet|spec sheet|白皮书|white ?paper|webinar|技术交流)/i;
// Our own outreach (a follow-up call after a show, a brochure they never opened) is no interaction of theirs.
const OUR_CONTACT = /((^|[，,。;；\s])(我们|我司)[^，,。]{0,4}(打|联系|致电|发|回访|跟进)|回访|回复我们|回复了我们|our (cold |outbound |follow-up )?(call|email|e-mail|follow)|cold call|outbound|we (called|emailed|contacted|followed up)|(not|never) (been )?(opened|read|clicked)|unopened|(未|没有?)(打开|读|查看|点开))/i;
// Downloaded or browsed material is a download (consult) even when it is a "方案资料", a sample
// report or a price list; a "方案" that is a brochure is not a requested proposal.
const MATERIAL = /(下载|\bdownload\w*|浏览|\bbrowsed|\bviewed)(?:(?!然后|后(?=来|又|再|打|在线|留言|问|咨询|要|预约|第)|并(?=要|且|申请|预约|在线|留言|问)|再次|又(?=打|来|问|要|留言)|\bthen\b|要了|要求|打电话|预约|留言|在线)[^，,。;；]){0,24}?(资料|材料|手册|文件|白皮书|样本|目录|报告|方案|ppt|pdf|brochure|catalog\w*|datasheet|material|document\w*|file|deck|report|white ?paper|spec sheet|case stud\w*|price list)|方案(资料|介绍|手册|彩页|白皮书|ppt|pdf)|(solution|application|product) (brochure|overview|note|sheet|deck)s?/gi;
const BROWSE = /(浏览|看了官网|browsed|visited (our )?website|viewed)/i;

const ONLINE = /(邮件|电话|来电|微信|在线|官网|网站|表单|留言|e-?mail|call|phone|chat|wechat|whatsapp|online|web|form|message)/i;
// (A question a distributor or agent passed on is theirs, not the customer's online inquiry.)
const ON_OUR_CALL = /(回访电话(里|中)|回访(的)?时候|回访中|(distributor|(?<!\bour\s)agent|dealer|reseller|代理商|经销商)[^,.;，。]{0,12}(passed on|passed along|forwarded|relayed|转来|转达|转给)|(电话)?回访时|我们(打|致电)[^，,。]{0,6}(时|过去)|\b(when|while) (our|we) ([a-z]+ )?(called|phoned|rang)|\bon our (follow-up |cold |outbound )?call\b)/i;
const AT_SHOW = /(展会上|展会时|在展会|展位|展台|展上|at (the |our )?(booth|stand|trade ?show|trade fair|fair|exhibition|expo)|at (the )?(show|fair))/i;

export interface DepthFinding {
  tier: DepthTier;
  evidence: string;
}

/** Clauses paired with their text for matching: material spans read as material — browsed, downloaded or asked for. */
function unmask(text: string): Array<[string, string]> {
  return clauses(text).map((c) => {
    const n = norm(c);
    const browsed = /(浏览|browsed|viewed)/.test(n);
    return [c, n.replace(MATERIAL, (m) => (browsed ? " browsed " : /^(下载|download)/.test(m) ? " download material " : " 资料 "))];
  });
}

function firstMatch(parts: Array<[string, string]>, re: RegExp, skip?: RegExp): string | undefined {
  for (const [p, n] of parts) {
    const m = n.match(re);
    if (!m || m.index === undefined) continue;
    if (skip && skip.test(n)) continue;
    if (negatedBefore(n, m.index, 4)) continue;
    return p;
  }
  return undefined;
}

export function judgeDepth(interaction: string, details: string, proactive: boolean): DepthFinding {
  const parts = [...unmask(interaction), ...unmask(details)];
  const visit = firstMatch(parts, VISIT, OUR_VISIT);
  if (visit) return { tier: "visit", evidence: visit };
  // "问了能否做非标灌封方案", "想了解全自动方案": whether we can do something, or what solutions there are,
  // is a question, not a request for a proposal.
  const proposal = firstMatch(
    parts.map(([p, n]) => [p, n.replace(/(能否|能不能|可否|是否能|可不可以|有没有|问了|问过|咨询了?)(?:(?!要求|索要|要|出具|发|提供|会议|报价)[^，,。]){0,24}方案/g, " 问 ").replace(/(问问|问一下|想了解|了解一下|想先了解|打听)(?:(?!要求|索要|要|出具|发|提供|会议|报价|请|希望|做|出|给|定制|设计)[^，,。]){0,24}方案/g, " 问 ")] as [string, string]),
    PROPOSAL,
  );
  if (proposal) return { tier: "proposal", evidence: proposal };
  // A question asked in person at a trade show is no online consultation (the samples score it 0).
  // Details that are a trade-show note ("展会上登记的，…想了解价格") say nothing of an online question.
  // Likewise a question asked when we called them ("电话回访时他说想了解价格", "when our agent called him he asked").
  const online = (ps: Array<[string, string]>) => {
    let atShow = false;
    return ps.filter(([p]) => {
      if (AT_SHOW.test(p) || ON_OUR_CALL.test(p)) atShow = true;
      else if (ONLINE.test(p) || /(之后|以后|后来|回去|回来|[周天月]后|later|after|\bthen\b)/i.test(p)) atShow = false;
      return !atShow;
    });
  };
  // Material they downloaded is a download wherever it happened (a booth kiosk too). Taking a brochure at a
  // stand is not: two blind writers disagree on it, and the samples score a show contact without a question 0.
  const downloaded = firstMatch(parts, /download material/, /(to download|可(以)?下载|扫码下载|让(他|她|客户)下载|gave (him|her|them)|给(了)?(他|她|客户)|(we|我们)[^，,。]{0,12}(sent|发))/i);
  if (downloaded) return { tier: "consult", evidence: downloaded };
  const detailsOnline = online(unmask(details));
  const asked = firstMatch([...online(unmask(interaction)), ...detailsOnline], PRICE_ONLY);
  if (asked) return { tier: "consult", evidence: asked };
  const consult = firstMatch(online(unmask(interaction)), CONSULT, OUR_CONTACT) ?? firstMatch(detailsOnline, /(下载|download|咨询|consult|在线客服|留言)/i, OUR_CONTACT);
  if (consult) return { tier: "consult", evidence: consult };
  // Any inquiry the customer started counts as an online consultation.
  if (proactive && (interaction.trim() || details.trim())) return { tier: "consult", evidence: "" };
  const browse = firstMatch(parts, BROWSE);
  return { tier: "none", evidence: browse ?? "" };
}
