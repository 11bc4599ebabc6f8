/**
 * needMatch: does the need name what we sell (the profile's product keywords)? A need
 * that also asks for non-standard work — custom fixtures, integration with another
 * machine, a combined station, semi-automatic equipment — matches only partly. Buying
 * glue itself, other machines, spam and sellers are unrelated.
 */
import type { CompanyProfile } from "../rubric";
import { clauses, findKeyword, negatedBefore, norm } from "./text";
import { junkKind } from "./junk";

export type NeedTier = "high" | "partial" | "none";

// "custom" counts only for work on our machine ("custom fixture", "customized"), not for "customer",
// "customs" or the customer's own "custom firmware"; "集成电路"/"integrated circuit" is an industry.
const CUSTOM = /((非标|定制|订制|客制)(?!化?的?(固件|软件|app|pcb|电路板|线路板|芯片|asic))|特制|(现有|原有|老|旧|existing)[^，,。]{0,10}改造|(?<!(自动化|智能化|数字化|信息化|升级|技术|节能|环保|线))改造|集成(?!电路)|整合|一体|加装|(?<!(工程师|销售|专人|人员|同事|安排)[^，,。]{0,3})对接(?!人|一下)|联动|兼容现有|特殊治具|特殊工装|半自动|手动点胶机|桌面式|combined|combination|all-in-one|\bcustom(i[sz]\w*|-(made|built|designed))?\b(?![- ]?(firmware|software|code|apps?|pcbs?|pcbas?|boards?|chips?|asics?|ics?|silicon|products?|parts?|components?|quot\w*|pric\w*|offers?|proposals?|orders?|clearance|duties)\b)|bespoke|tailor(?!ed (proposal|quot|offer))|integrat(?!ed circuit)|retrofit|non-standard|nonstandard|special fixture|semi-auto|manual dispenser|desktop dispenser|benchtop)/i;
// "玻璃胶、结构胶批发": glue sold by the drum is glue, whatever its kind.
const CONSUMABLE = /(胶水|胶粘剂|粘合剂|胶带|导热膏|glue|adhesive|sealant|epoxy|\b(buy|buying|purchase|purchasing|order|ordering|source|sourcing|supply of|bulk|wholesale)\b[^.;,]{0,24}\b(compounds?|resins?|silicones?)\b|胶$|胶[^，,。]{0,6}(批发|零售)|(批发|零售)[^，,。]{0,6}胶)/i;
const EQUIPMENT = /((?<![手耳]|(?<![公贵你我本该])司)机|设备(?![^，,。]{0,6}不需要)|阀|系统|工作站|产线|线体|点胶|涂胶|灌胶|喷胶|dispens|machine|equipment|system|robot|valve|\bcells?\b|station|\blines?\b|automat|ovens?|printers?|mounters?|testers?|lasers?|welders?|reflow|\baoi\b|\bspi\b|炉|印刷(?!覆膜|厂|行业|包装|品|加工|企业|电路|线路)|贴片(?!加工|厂|行业|企业)|(?<!过)回流焊(?!的)|(?<!过)波峰焊(?!的)|检测仪)/i;
// "the adhesive itself, not machines", "只要胶水，不要设备": a machine named only to be ruled out (not "no
// equipment yet" or "目前不用机器", which say they have none).
// "要点微量胶水", "点一圈UV胶", "点0.05mg的红胶": dispensing said in other words than the keywords
// (not "重点是胶", "10点来电…胶", "地点：青岛胶州").
const DISPENSE_PHRASE = /(?<![重地几钟\d一有])点(一圈|一条|一层|一下|微量|少量|[\d.]+\s*(mg|ml|mm|毫克|毫升|毫米)?)?的?(uv|红|黄|白|黑|硅|环氧|密封|结构|导热|底部填充|填充|ab|热熔|瞬干|三防)?胶(?![州南东囊鞋带])/i;
// Work on a machine that a pure glue order does not mention: "要点微量胶水，需要定制治具".
const MACHINE_WORK = new RegExp(`${DISPENSE_PHRASE.source}|治具|夹具|工装|视觉定位`, "i");
const NOT_A_MACHINE = /(\b(not|rather than|instead of)\s+(the\s+|any\s+|a\s+)?(machines?|equipment|dispensers?|systems?)\b|\bno (machines?|equipment|dispensers?) (is |are )?(needed|required|wanted)\b|(点胶|灌胶|涂胶)?(设备|机器)[^，,。]{0,6}不需要|(不要|不买|而不是|不是要)[^，,。]{0,4}(设备|机器|机台|点胶机))/gi;
const BUY_CONSUMABLE = /(卖|买|采购|批发|wholesale|供应|有没有|需要|想要|求购|问|询|sell|buy|supply|purchase|source|need|looking for|want|quote for|ask(ed|s|ing)? (for|about))/i;
// A machine named as such (not a process word like 灌胶): what a hand-tool question would have to name to be ours.
const MACHINE = /(自动|automat|(?<![手耳]|(?<![公贵你我本该])司)机|设备|阀|系统|工作站|machine|equipment|system|robot|valve|station|dispenser)/i;
// Hand tools are not dispensing equipment: "manual glue gun", "热熔胶枪", "caulking gun".
const HAND_TOOL = /(胶枪|打胶枪|热熔胶枪|胶棒|glue[- ]guns?|hot[- ]?melt guns?|caulk(ing)? guns?|sealant guns?|glue sticks?)/i;
const HAND_TOOL_ALL = new RegExp(HAND_TOOL.source, "gi");
// Asking to buy a manual one, or for a job done for them; naming their old manual line or their own
// contract-manufacturing trade is not it ("目前用手动点胶机，想上视觉点胶机", "我们是SMT代加工厂").
// A second-hand dispenser is still a dispenser (how much it fits our quotes is the budget's matter).
const NOT_OURS = /((买|采购|(?<!不)要|需要|想要|求购|有没有|有无|问)[^，,。]{0,6}手动(点胶|灌胶)(机|设备)|\b(buy|buying|want|wants|need|needs|looking for|quote for) (a |an |one |two |\d )?manual (glue |adhesive )?dispensers?|(请|找|委托|能否|能不能|可否|可以)(你们|贵司|贵方)?[^，,。]{0,4}(代加工|来料加工|帮忙(点胶|灌胶|灌封|涂覆)|代为(点胶|灌胶|灌封|涂覆))|(帮|替)(他们|我们)[^，,。]{0,2}(点胶|灌胶|灌封|涂覆)(?!打样|试)|\b(contract|outsourced|toll) (dispensing|potting|coating|gluing) (service|job)s?|\bas a (contract )?service\b|\b(do|doing|did) (a |the )?(one-off |small )?([a-z-]+ ){0,2}(potting|dispensing|coating|gluing) job\b)/i;
const NOT_OURS_ALL = new RegExp(NOT_OURS.source, "gi");

// "全自动和半自动的区别", "upgrade from semi-auto to fully automatic": semi-auto named only to compare or replace.
const NOT_SEMI = /((全自动|fully?[- ]?auto\w*)[^，,。;]{0,12}(跟|和|与|或|还是|vs\.?|versus|or|and|against|compared (to|with))\s*(半自动|semi-?auto\w*|手动|manual)|(半自动|semi-?auto\w*|手动|manual)[^，,。;]{0,12}(跟|和|与|或|还是|vs\.?|versus|or|and)\s*(全自动|fully?[- ]?auto\w*)|(从|替换|换掉|取代|淘汰|升级)[^，,。;]{0,10}(半自动|semi-?auto\w*|手动|manual)|(replac\w*|upgrad\w*|instead of|switch\w*)(?:(?!\b(with|to|for|by|into)\b)[^，,。;]){0,30}(半自动|semi-?auto\w*|手动|manual)|(半自动|semi-?auto\w*|手动|manual)[^，,。;]{0,10}(换成|升级|替换|改成|改为|(to|with|by) full)|(现在|目前|现有|原来|currently|now)[^，,。;]{0,4}(半自动|semi-?auto\w*|手动|manual)[^。;]{0,12}(换成|升级|替换|改成|改为|(to|with|by) full)|(现在|目前|现有|原来|currently|now)\s*(在用|用|使用|用的是|是|using|uses|running|runs|on)(的)?\s*(半自动|semi-?auto\w*|手动|manual)(?=[^。;]{0,24}(全自动|fully?[- ]?auto))|(贵了|太贵|超预算|不然|否则|otherwise|if (it'?s )?too (expensive|costly)|if over budget)[^，,。;]{0,8}(半自动|semi-?auto\w*|手动|manual))/gi;
// Bonding that is not glue: wire, ultrasonic, thermocompression or hybrid bonding, 引线键合, 焊线.
const NOT_GLUE = /((wire|ultrasonic|thermo-?compression|hybrid|wafer|eutectic)[- ]?bond\w*|键合|焊线|邦定)/gi;

// Glue words applied to a non-electronics material or product ("布料涂胶机", "carton gluing machine",
// "sauce dispensing/filling"): machines for another trade, not ours.
const OTHER_TRADE = /(饼干|糕点|蛋糕|面包(?!机|板)|巧克力|糖果|夹心|\b(biscuits?|cookies?|cakes?|chocolates?|confection\w*)\b|布料|面料|纺织|服装|织物|无纺布|鞋|皮革|纸箱|纸盒|纸张|纸品|包装盒|瓦楞|彩盒|木工|木材|木板|家具|地板|瓷砖|墙纸|壁纸|装订|书本|食品|酱|饮料|灌装|化妆品|日化|建筑|门窗|fabric|textile|garment|apparel|\bshoes?\b|footwear|leather|cardboard|cartons?\b|corrugat|paper (bags?|box\w*|cups?|products?)|bookbind|woodwork|\bwood\b|furniture|flooring|\btiles?\b|wallpaper|\bfood|sauce|beverage|bottl|cosmetic|construction|window|filling machine)/i;
// Spare parts and consumables ("spare nozzles", "针头、针筒", "replacement syringes for their other-brand
// dispensers"): not a machine, whatever machine they are for.
const SPARE = /(备件|配件|耗材|针头|针筒|胶筒|喷嘴|易损件|spare|replacement parts?|consumables?|nozzles?|needles?|syringes?|(glue|adhesive|syringe|胶)\s*cartridges?|\btips\b)/i;
const FOR_MACHINE = /\b(for|used (on|with|in)|to fit|fits?|compatible with)\b[^,.;]{0,40}|(用于|给|配|适配|适用于|用在)[^，,。;]{0,15}/gi;
// "点胶针头", "dispensing needles": the glue word names the part, not a machine.
const PART_OF = /(点胶|涂胶|灌胶|dispens\w*|glue|jetting)\s*(?=备件|配件|耗材|针头|针筒|胶筒|喷嘴|易损件|spare|replacement|consumable|nozzle|needle|syringe|cartridge|tips)/gi;
// Generic machine words that say nothing about the kind of machine ("1 unit", "3台全自动的", "fully-auto model").
const GENERIC = /(\b(for|on|in|to) [^,.;]{0,20}\blines?\b|用于[^，,。;]{0,10}线|units?|sets?|models?|pcs|(fully?[- ]?|full[- ]?)?auto(matic)?|standard|全自动|自动|台|套|机型|型号)/gi;

// "客服回复我们只做点胶设备", "watched the underfill demo", "浏览了点胶机产品页", "clicked our ad".
const NOT_THEIR_NEED = /((原理|道理)[^，,。]{0,4}(差不多|一样|类似|相似)|\bsimilar (principle|to (your )?dispensing)|(我们|我司|本公司|\bwe\b|\bour company\b)\s*(只|只是|仅|\bonly\b)\s*(做|卖|生产|提供|make|sell|offer|do)|(我们|我司)[^，,。]{0,8}(推荐|推销|介绍)|(客服|我们|我司)(回复|回覆|告知|说明|解释)|(看了|观看|观摩|watched|saw)[^，,。;]{0,20}(演示|demo)|(浏览|看了|看过|点击|点了|browsed|looked at|viewed|clicked)[^，,。;]{0,24}(页|网站|官网|广告|page|website|site|\bads?\b)|(下载|download\w*)[^，,。;]{0,16}(白皮书|资料|手册|案例|目录|样本|规格书|brochure|white ?paper|case stud\w*|datasheet|catalog\w*|app(lication)? note))/i;
const THEIR_ASK = /(问|询|要|想|需要|咨询|来电|ask|want|need(?!s? nothing)|quot|request|interested)/i;
// "has no need for dispensing equipment", "没有其他需求", "left without discussing any project".
const NONE_NEEDED = /((has|have|had) no (need|use|interest)|\bno ([a-z-]+ )?(purchase|order|buying)s? (is |are )?(planned|intended|foreseen)|\bnot planning to (buy|purchase|order)\b(?![^.;]{0,40}\b(until|before|but|yet)\b)|\bnot interested\b|(没有|没|无)(其他|任何)?需求|就不用了|那就不用|暂不需要|不需要了|(说|表示|回复)不需要|without discussing any (project|need))/i;

// Processes that are not dispensing ("能不能做激光打标", "for screw fastening").
const OTHER_PROCESS = /(screw|fasten|laser|weld|label|marking|solder|engrav|cutting|placement|inspection|cleaning|\baoi\b|打标|激光|焊接|点焊|锁螺丝|螺丝|贴标|喷码|切割|雕刻|贴片|插件|检测|清洗)/i;
const ASKS_ABOUT_OURS = /(\b(asked|asking|asks|questions?|inquir\w*|enquir\w*)\b[^.;!?]{0,24}\babout (our|your) ([a-z-]+ ){0,3}(models?|machines?|dispensers?|equipment|systems?)\b|(问|咨询|了解)(了|过)?(我们|贵司|你们|你司)的?[^，,。]{0,8}(机型|型号|设备|机器|点胶机)|(问|咨询)[^，,。]{0,2}(现有|标准)的?(机型|型号|设备|机器)[^，,。]{0,4}(能不能|能否|可以|可否|是否能)(做|点|用)|\b(your|ur|you guys'?)\s+(full[- ]?auto(matic)?\s+)?(machines?|equipment|dispensers?|systems?)\b[^;!?。]{0,40}\b(dots?|beads?|glue|gel|paste|underfill|potting|coat\w*|jet\w*|dispens\w*|adhesives?|sealant|epoxy|silicone)\b|(你们|贵司|你司)的?(全自动)?(设备|机器|机台)[^，,。]{0,12}(能不能|能否|可以|能)(点|涂|喷|灌)(胶|\d|[^，,。]{0,8}胶))/i;

export interface NeedFinding {
  tier: NeedTier;
  evidence: string;
}

/**
 * With `repeatOrder`, an existing customer reorders our machines: the need matches even when it names no product.
 * With `units`, a machine count is stated: buying N units that are not named as another kind of machine
 * ("wants 1 unit first as a trial", "要3台全自动的") is buying ours.
 */
export function judgeNeed(text: string, profile: CompanyProfile, repeatOrder = false, units = false, history = ""): NeedFinding {
  // "点角机": the pinyin input method's slip for 点胶机.
  const t0 = norm(text).replace(/点角(机|设备)/g, "点胶$1").replace(NOT_SEMI, (m) => m.replace(/半自动|semi-?auto\w*|手动|manual/g, " ")).replace(NOT_GLUE, " ");
  if (!t0.trim()) return { tier: "none", evidence: "" };
  if (junkKind(t0)) return { tier: "none", evidence: text.trim() };
  const foreign = { tier: "none" as const, evidence: text.trim() };
  const withoutRuledOut = t0.replace(NOT_A_MACHINE, " ");
  if (CONSUMABLE.test(t0) && !EQUIPMENT.test(withoutRuledOut) && !MACHINE_WORK.test(withoutRuledOut) && BUY_CONSUMABLE.test(t0)) return foreign;
  if (HAND_TOOL.test(t0) && !MACHINE.test(t0.replace(HAND_TOOL_ALL, " "))) return foreign;
  // A manual or second-hand dispenser, or a job done for them as a service, is not a machine we sell.
  if (NOT_OURS.test(t0) && !MACHINE.test(t0.replace(NOT_A_MACHINE, " ").replace(NOT_OURS_ALL, " "))) return foreign;
  if (SPARE.test(t0) && BUY_CONSUMABLE.test(t0) && !EQUIPMENT.test(t0.replace(FOR_MACHINE, " ").replace(PART_OF, " "))) return foreign;
  // Clauses about another trade's machine do not name our product, nor do clauses about what
  // we sell, our demo or our web page they browsed, or clauses saying they need nothing.
  const t = clauses(t0)
    .filter((c) => !OTHER_TRADE.test(c) && !(NOT_THEIR_NEED.test(c) && !THEIR_ASK.test(c)) && !NONE_NEEDED.test(c))
    .join("\n");
  const implicit = (repeatOrder || units) && !OTHER_TRADE.test(t0) && (repeatOrder || !EQUIPMENT.test(t0.replace(GENERIC, " ")));
  // A repeat order may name the product only in the history ("2016年买过我们一台点胶机"); what that
  // old machine was (semi-auto, custom) says nothing about the new order.
  // "can ur full auto machine do 0.2 mm dots?", "你们的设备能不能点0.2mm": a dispensing question about our machine.
  // The process they ask about follows the question ("问现有设备能不能做贴片").
  const ask = t.match(ASKS_ABOUT_OURS);
  const aboutOurs = !!ask && !OTHER_TRADE.test(t0) && !OTHER_PROCESS.test(t.slice(ask.index ?? 0, (ask.index ?? 0) + ask[0].length + 12)) && !/(laser|weld|screw|激光|焊接|螺丝)/i.test(t0);
  const product = findKeyword(t, profile.productKeywords) ?? t.match(DISPENSE_PHRASE)?.[0] ?? (history ? findKeyword(norm(history), profile.productKeywords) : undefined) ?? (implicit || aboutOurs ? text.trim() : undefined);
  if (!product) return EQUIPMENT.test(t0) || OTHER_TRADE.test(t0) ? foreign : { tier: "none", evidence: text.trim() };
  const m = t.match(CUSTOM);
  if (m && m.index !== undefined && !negatedBefore(t, m.index, 5)) return { tier: "partial", evidence: m[0] };
  return { tier: "high", evidence: product };
}
