/**
 * Concurrency: 50 submissions (form and API) in overlapping executions, with worker runs
 * overlapping them → every lead assigned once, per-region counts sum to the leads assigned,
 * max − min within a region ≤ 1, and every row's fields belong to its own lead.
 */
import { afterEach, describe, expect, it } from "vitest";
import { gradeWithRules } from "../../src/core/grade";
import { DEFAULT_RUBRIC } from "../../src/core/rubric";
import { DEFAULT_REGION_RULES } from "../../src/core/regions";
import { normalizeLead, LEAD_FIELDS } from "../../src/core/lead";
import { MIN, REPS, T0, finish, formAnswers, leadRows, leftoverKeys, mailsFor, regionSpread, salesRows, startRel, stepCount, taggedLead, tokenBody } from "./helpers";

afterEach(finish);

describe("50 overlapping submissions", () => {
  it("every lead once, assigned once, fair per region, nothing written to the wrong row", async () => {
    const emu = await startRel();
    const N = 50;
    const leads = Array.from({ length: N }, (_, i) => taggedLead(i));
    const launches: Promise<unknown>[] = [];
    const apiIds = new Map<number, string>();
    for (let i = 0; i < N; i++) {
      if (i % 2 === 0) launches.push(emu.submitForm(formAnswers(leads[i])));
      else launches.push(emu.post(tokenBody(leads[i], `crm-${i}`)).then((r) => apiIds.set(i, JSON.parse(r.body).id)));
      // A worker run and a manual "Process now" overlap the burst.
      if (i === 10) launches.push(emu.run("runWorker"));
      if (i === 30) launches.push(emu.run("processNow", undefined, "menu"));
    }
    const settled = await Promise.all(launches);
    void settled;

    const rows = leadRows(emu);
    expect(rows).toHaveLength(N);
    expect(new Set(rows.map((r) => r.leadId)).size).toBe(N);
    const regionOfRep = new Map(REPS.map((r) => [String(r[1]), String(r[2])]));
    for (const row of rows) {
      const m = /#(\d+)$/.exec(String(row.contactName));
      expect(m, `row ${row._row} contact ${row.contactName}`).not.toBeNull();
      const i = Number(m![1]);
      const lead = normalizeLead(leads[i]).lead;
      // Every lead field of the row is the lead's own.
      for (const f of LEAD_FIELDS) expect(String(row[f] ?? ""), `row ${row._row} field ${f}`).toBe(lead[f]);
      if (apiIds.has(i)) expect(row.leadId).toBe(apiIds.get(i));
      else expect(String(row.leadId)).toMatch(/^F-/);
      // The grade columns are the lead's own grade (the rules engine on this lead's text).
      const expected = gradeWithRules(lead, DEFAULT_RUBRIC, { now: new Date(T0), regions: DEFAULT_REGION_RULES });
      expect(row.grade, `row ${row._row} grade`).toBe(expected.grade);
      expect(row.total, `row ${row._row} total`).toBe(expected.total);
      expect(row.region, `row ${row._row} region`).toBe(expected.region);
      expect(row.status).toBe("advised");
      // The owner serves the lead's region (华北 has one rep, 华中 is the fallback).
      expect(regionOfRep.get(String(row.ownerEmail)), `row ${row._row} owner`).toBe(row.region);
      expect(String(row.nextActions).length).toBeGreaterThan(10);
      expect(stepCount(emu, String(row.leadId), "assign")).toBeLessThanOrEqual(1);
    }

    const reps = salesRows(emu);
    const assigned = rows.filter((r) => r.ownerEmail);
    expect(reps.reduce((s, r) => s + Number(r.count), 0)).toBe(assigned.length);
    for (const rep of reps) expect(rows.filter((r) => r.ownerEmail === rep.email).length, rep.email).toBe(Number(rep.count));
    for (const [region, counts] of regionSpread(emu)) {
      const inRegion = assigned.filter((r) => reps.some((rep) => rep.email === r.ownerEmail && rep.region === region)).length;
      expect(counts.reduce((s, c) => s + c, 0), region).toBe(inRegion);
      expect(Math.max(...counts) - Math.min(...counts), region).toBeLessThanOrEqual(1);
    }

    await emu.advance(15 * MIN);
    const after = leadRows(emu);
    expect(after.every((r) => r.status === "notified")).toBe(true);
    expect(emu.world.outbox).toHaveLength(N);
    for (const r of after) {
      const mails = mailsFor(emu, String(r.leadId));
      expect(mails, String(r.leadId)).toHaveLength(1);
      expect(mails[0].to).toBe(r.ownerEmail);
      expect(mails[0].body).toContain(String(r.contactName));
    }
    expect(leftoverKeys(emu)).toEqual([]);
  });
});
