import { describe, expect, it } from "vitest";
import {
  DEFAULT_PIPELINE_SETTINGS as S,
  apiIdMaterial,
  bytesToHex,
  formIdMaterial,
  isLeadId,
  leadIdFromDigest,
  nextStep,
  notifyDueAt,
  parseStatus,
  type LeadProgress,
} from "../../src/core/pipeline";
import { createHash } from "node:crypto";

const T0 = Date.UTC(2025, 0, 6, 2, 0, 0);
const MIN = 60_000;
const p = (over: Partial<LeadProgress>): LeadProgress => ({ status: "new", attempts: 0, hasOwner: false, incomplete: false, submittedAt: T0, ...over });

describe("nextStep", () => {
  it("walks new → graded → assigned → advised → notified", () => {
    expect(nextStep(p({}), T0, S)).toEqual({ kind: "grade" });
    expect(nextStep(p({ status: "graded" }), T0, S)).toEqual({ kind: "assign" });
    expect(nextStep(p({ status: "assigned", hasOwner: true }), T0, S)).toEqual({ kind: "advise" });
    expect(nextStep(p({ status: "notified", hasOwner: true, notifiedAt: T0 }), T0, S)).toEqual({ kind: "done" });
  });

  it("notifies only once the delay after analysis has passed", () => {
    const advised = p({ status: "advised", hasOwner: true, advisedAt: T0, notifyAfter: notifyDueAt(T0, S) });
    expect(nextStep(advised, T0 + 9 * MIN, S)).toEqual({ kind: "wait", until: T0 + 10 * MIN });
    expect(nextStep(advised, T0 + 10 * MIN, S)).toEqual({ kind: "notify", partial: false });
    expect(nextStep({ ...advised, notifiedAt: T0 + 10 * MIN }, T0 + 11 * MIN, S)).toEqual({ kind: "done" });
  });

  it("delay 0 means at once", () => {
    const s = { ...S, notifyDelayMinutes: 0 };
    expect(notifyDueAt(T0, s)).toBe(T0);
    expect(nextStep(p({ status: "advised", hasOwner: true, advisedAt: T0 }), T0, s)).toEqual({ kind: "notify", partial: false });
  });

  it("an incomplete lead asks for completion once; no owner escalates", () => {
    expect(nextStep(p({ status: "graded", incomplete: true }), T0, S)).toEqual({ kind: "ask-completion" });
    expect(nextStep(p({ status: "incomplete" }), T0, S)).toEqual({ kind: "ask-completion" });
    expect(nextStep(p({ status: "incomplete", notifiedAt: T0 }), T0, S)).toEqual({ kind: "done" });
    expect(nextStep(p({ status: "assigned", hasOwner: false }), T0, S)).toEqual({ kind: "escalate", why: "no-owner" });
    expect(nextStep(p({ status: "needs-attention" }), T0, S)).toEqual({ kind: "escalate", why: "retries-exhausted" });
    expect(nextStep(p({ status: "needs-attention", notifiedAt: T0 }), T0, S)).toEqual({ kind: "done" });
  });

  it("waits after a failure, and escalates after max attempts", () => {
    expect(nextStep(p({ attempts: 1, retryAt: T0 + 5 * MIN }), T0, S)).toEqual({ kind: "wait", until: T0 + 5 * MIN });
    expect(nextStep(p({ attempts: 1, retryAt: T0 + 5 * MIN }), T0 + 5 * MIN, S)).toEqual({ kind: "grade" });
    expect(nextStep(p({ attempts: S.maxAttempts }), T0, S)).toEqual({ kind: "escalate", why: "retries-exhausted" });
  });

  it("sends what is known when advice keeps failing and the lead has an owner", () => {
    expect(nextStep(p({ status: "assigned", hasOwner: true, attempts: S.maxAttempts }), T0, S)).toEqual({ kind: "notify", partial: true });
    const late = T0 + (S.maxWaitMinutes + 1) * MIN;
    expect(nextStep(p({ status: "assigned", hasOwner: true, attempts: 1 }), late, S)).toEqual({ kind: "notify", partial: true });
    // no failure yet: just slow, keep going
    expect(nextStep(p({ status: "assigned", hasOwner: true, attempts: 0 }), late, S)).toEqual({ kind: "advise" });
  });

  it("an unknown status is escalated rather than guessed", () => {
    expect(nextStep(p({ status: undefined }), T0, S)).toEqual({ kind: "escalate", why: "unknown-status" });
  });
});

describe("parseStatus", () => {
  it("reads keys and zh/en labels", () => {
    expect(parseStatus("advised")).toBe("advised");
    expect(parseStatus(" 已通知 ")).toBe("notified");
    expect(parseStatus("Needs-Attention")).toBe("needs-attention");
    expect(parseStatus("done?")).toBeUndefined();
    expect(parseStatus("")).toBeUndefined();
  });
});

describe("lead IDs", () => {
  const sha = (s: string) => Array.from(createHash("sha256").update(s, "utf8").digest()).map((b) => (b > 127 ? b - 256 : b));

  it("hex of signed bytes equals hex of unsigned", () => {
    expect(bytesToHex([-1, 0, 127, -128, 16])).toBe("ff007f8010");
  });

  it("a form response maps to one ID whatever the key order; another answer changes it", () => {
    const a = formIdMaterial("2025/01/06 10:00:00", { 客户名称: ["甲"], 联系人: ["王"] });
    const b = formIdMaterial("2025/01/06 10:00:00", { 联系人: ["王"], 客户名称: ["甲"], Timestamp: ["x"] });
    const c = formIdMaterial("2025/01/06 10:00:00", { 客户名称: ["乙"], 联系人: ["王"] });
    expect(a).toBe(b);
    expect(a).not.toBe(c);
    const id = leadIdFromDigest("form", sha(a));
    expect(id).toMatch(/^F-[0-9a-f]{12}$/);
    expect(isLeadId(id)).toBe(true);
  });

  it("an API lead uses the client's id when given, else its fields", () => {
    const lead = { customerName: "甲", contactName: "王" };
    expect(apiIdMaterial("ext-1", lead)).toBe(apiIdMaterial(" ext-1 ", { customerName: "other" }));
    expect(apiIdMaterial(undefined, lead)).toBe(apiIdMaterial("", { contactName: "王", customerName: "甲" }));
    expect(apiIdMaterial(undefined, lead)).not.toBe(apiIdMaterial(undefined, { ...lead, contactName: "李" }));
    expect(leadIdFromDigest("api", sha(apiIdMaterial("ext-1", lead)))).toMatch(/^A-/);
  });
});
