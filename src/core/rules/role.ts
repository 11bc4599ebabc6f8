/**
 * role: the contact's title → decision maker / evaluator / executor / none. Order
 * matters: any assistant is an executor even if the title names a director ("总经理助理");
 * interns, receptionists and clerks are ordinary staff; a purchasing *manager* is an
 * evaluator while a buyer is an executor.
 */
import { findKeyword, norm } from "./text";

export type RoleTier = "decisionMaker" | "evaluator" | "executor" | "none";

const ASSISTANT = ["助理", "秘书", "总助", "董助", "特助", "厂助", "经助", "assistant", "secretary", "asst"];
const STAFF = ["实习", "前台", "文员", "接待", "操作工", "操作员", "普工", "学徒", "销售代表", "业务员", "intern", "trainee", "receptionist", "front desk", "clerk", "operator", "cashier", "sales rep", "student"];
/** Department words that are ordinary staff unless the title also names a rank ("人事经理" is a manager). */
const STAFF_DEPT = ["客服", "行政", "人事", "出纳", "会计", "安全员", "技术员", "technician", "admin", "hr", "customer service"];
const DECISION = [
  "老板", "老板娘", "店主", "东主", "老总", "老细", "董事长", "董事", "总经理", "副总", "总裁", "总监", "厂长", "工场长", "工場長", "社长", "社長", "创始人", "合伙人", "法人", "总工", "ceo", "cto", "coo", "cfo", "cpo", "cio",
  "owner", "founder", "co-founder", "president", "vp", "svp", "evp", "vice president", "general manager", "gm", "managing director", "director", "head of", "chairman",
  "plant manager", "plant head", "factory head", "site head", "factory manager", "plant director", "site manager", "chief executive", "chief operating", "chief technical", "chief technology", "chief financial", "chief procurement", "chief engineer", "chief officer", "partner", "proprietor", "boss",
];
const EVALUATOR = [
  "经理", "主管", "工程师", "主任", "科长", "部长", "课长", "组长", "班长", "负责人", "研发", "工艺", "经理人", "专家",
  "manager", "supervisor", "engineer", "lead", "leader", "head", "section chief", "chief", "fae", "pe", "me", "qe", "specialist", "scientist", "architect", "r&d",
];
const PURCHASING_SENIOR = ["经理", "主管", "工程师", "组长", "manager", "supervisor", "lead", "engineer"];
const EXECUTOR = ["采购", "跟单", "专员", "buyer", "purchaser", "procurement", "purchasing", "purchase", "sourcing", "coordinator", "officer", "agent"];

export interface RoleFinding {
  tier: RoleTier;
  keyword?: string;
}

/** Shorthand as typed in a hurry: "Plant Mgr", "process engr", "Dir. of Ops", "Sr. Eng". */
function expandShorthand(t: string): string {
  return t
    .replace(/\bmgr\b\.?/g, "manager")
    .replace(/\b(engr|eng)\b\.?/g, "engineer")
    .replace(/\bdir\b\.?/g, "director")
    .replace(/\bpurch\b\.?/g, "purchasing")
    .replace(/\bsupv\b\.?/g, "supervisor");
}

export function judgeRole(title: string): RoleFinding {
  const t = expandShorthand(norm(title).trim()) + " ";
  if (!t.trim()) return { tier: "none" };
  let k = findKeyword(t, ASSISTANT);
  if (k) return { tier: "executor", keyword: k };
  k = findKeyword(t, STAFF);
  if (k) return { tier: "none", keyword: k };

  // "Chief Purchasing Officer", "Chief Representative": C-level and heads of an office decide.
  if (/\bchief\s+([a-z&-]+\s+){0,3}officer\b|\bchief representative\b|首席代表/.test(t)) return { tier: "decisionMaker", keyword: "chief" };
  k = findKeyword(t, DECISION);
  // "X总" / "王总" is how a boss is addressed.
  if (!k && /^[\u4e00-\u9fff]{1,2}总\s*$/.test(t.trim())) k = "总";
  if (k) return { tier: "decisionMaker", keyword: k };
  // A purchasing manager/supervisor evaluates; a buyer or purchasing specialist executes.
  // A coordinator outside purchasing and projects ("Marketing Coordinator") is no buyer.
  const buyer = findKeyword(t.replace(/\b(marketing|sales|hr|human resources|admin\w*|event|office|social media|customer service|training)\s+coordinator\b/g, " "), EXECUTOR);
  const senior = findKeyword(t, PURCHASING_SENIOR);
  if (buyer) return senior ? { tier: "evaluator", keyword: senior } : { tier: "executor", keyword: buyer };
  k = findKeyword(t, EVALUATOR);
  if (k) return { tier: "evaluator", keyword: k };
  k = findKeyword(t, STAFF_DEPT);
  if (k) return { tier: "none", keyword: k };
  return { tier: "none" };
}
