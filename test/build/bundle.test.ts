import { describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import vm from "node:vm";

const code = readFileSync(new URL("../../dist/Code.js", import.meta.url), "utf8");
const REQUIRED = ["onOpen", "onFormSubmit", "doPost", "runWorker", "setup"];

describe("dist/Code.js", () => {
  it("loads in a bare vm context with no Node globals and calls no service at top level", () => {
    // A context with none of Apps Script's services: any top-level call to one would throw.
    const context = vm.createContext({});
    vm.runInContext(code, context, { filename: "Code.js" });
    for (const name of REQUIRED) {
      expect(typeof (context as Record<string, unknown>)[name], name).toBe("function");
    }
    expect(vm.runInContext("typeof require + typeof process + typeof Buffer", context)).toBe("undefinedundefinedundefined");
  });

  it("declares entry points as real top-level function declarations", () => {
    for (const name of REQUIRED) {
      expect(code).toMatch(new RegExp(`^function ${name}\\(`, "m"));
    }
  });

  it("carries the prompts without their editors' notes, keeping the system/user split", () => {
    const prompt = readFileSync(new URL("../../prompts/grade.zh.md", import.meta.url), "utf8");
    const note = /<!--([\s\S]*?)-->/.exec(prompt)![1].trim().split("\n")[0];
    expect(note.length).toBeGreaterThan(5);
    expect(code).not.toContain(note);
    expect(code).toContain("<!-- user-message -->");
    expect(code).toContain(prompt.split("<!-- user-message -->")[1].trim().split("\n")[0]);
  });

  it("has no Node-only module references", () => {
    expect(code).not.toMatch(/\brequire\(|node:|process\.env/);
  });
});
