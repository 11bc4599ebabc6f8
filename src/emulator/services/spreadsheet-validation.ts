/**
 * SpreadsheetApp.newDataValidation(): the builder and the immutable DataValidation it builds.
 * Rules are stored per cell as ValidationRule records; scripts' own writes are not checked
 * against them (script writes bypass validation, as in Apps Script).
 */
import { GasException } from "../contract";
import type { ValidationRule } from "./spreadsheet-model";
import { gasSignatureError } from "./spreadsheet-errors";

export const DATA_VALIDATION_CRITERIA = [
  "DATE_AFTER", "DATE_BEFORE", "DATE_BETWEEN", "DATE_EQUAL_TO", "DATE_IS_VALID_DATE", "DATE_NOT_BETWEEN",
  "DATE_ON_OR_AFTER", "DATE_ON_OR_BEFORE", "NUMBER_BETWEEN", "NUMBER_EQUAL_TO", "NUMBER_GREATER_THAN",
  "NUMBER_GREATER_THAN_OR_EQUAL_TO", "NUMBER_LESS_THAN", "NUMBER_LESS_THAN_OR_EQUAL_TO", "NUMBER_NOT_BETWEEN",
  "NUMBER_NOT_EQUAL_TO", "TEXT_CONTAINS", "TEXT_DOES_NOT_CONTAIN", "TEXT_EQUAL_TO", "TEXT_IS_VALID_EMAIL",
  "TEXT_IS_VALID_URL", "VALUE_IN_LIST", "VALUE_IN_RANGE", "CUSTOM_FORMULA", "CHECKBOX",
] as const;

export const DataValidationCriteria: Record<string, string> = Object.fromEntries(DATA_VALIDATION_CRITERIA.map((c) => [c, c]));

const CLASS_BUILDER = "SpreadsheetApp.DataValidationBuilder";

export class DataValidation {
  readonly __gasClass = "SpreadsheetApp.DataValidation";
  constructor(readonly rule: ValidationRule) {}
  getCriteriaType(): string {
    return this.rule.criteria;
  }
  getCriteriaValues(): unknown[] {
    return this.rule.args.map((a) => (Array.isArray(a) ? a.slice() : a));
  }
  getAllowInvalid(): boolean {
    return this.rule.allowInvalid;
  }
  getHelpText(): string | null {
    return this.rule.helpText === "" ? null : this.rule.helpText;
  }
  copy(): DataValidationBuilder {
    return new DataValidationBuilder({ ...this.rule, args: this.rule.args.slice() });
  }
}

export class DataValidationBuilder {
  readonly __gasClass = CLASS_BUILDER;
  private rule: ValidationRule;

  constructor(rule?: ValidationRule) {
    this.rule = rule ?? { criteria: "", args: [], allowInvalid: true, helpText: "" };
  }

  #set(criteria: string, args: unknown[]): this {
    this.rule = { ...this.rule, criteria, args };
    return this;
  }

  requireValueInList(...args: unknown[]): this {
    const [values, showDropdown = true] = args;
    if (!Array.isArray(values) || typeof showDropdown !== "boolean" || args.length > 2) {
      throw gasSignatureError(CLASS_BUILDER, "requireValueInList", args);
    }
    return this.#set("VALUE_IN_LIST", [values.map(String), showDropdown]);
  }
  requireValueInRange(...args: unknown[]): this {
    const [range, showDropdown = true] = args;
    if ((range as { __gasClass?: string } | null)?.__gasClass !== "SpreadsheetApp.Range" || typeof showDropdown !== "boolean") {
      throw gasSignatureError(CLASS_BUILDER, "requireValueInRange", args);
    }
    return this.#set("VALUE_IN_RANGE", [range, showDropdown]);
  }
  requireCheckbox(checked?: unknown, unchecked?: unknown): this {
    return this.#set("CHECKBOX", [checked, unchecked].filter((v) => v !== undefined));
  }
  requireNumberBetween(a: number, b: number): this {
    return this.#numeric("requireNumberBetween", "NUMBER_BETWEEN", [a, b]);
  }
  requireNumberNotBetween(a: number, b: number): this {
    return this.#numeric("requireNumberNotBetween", "NUMBER_NOT_BETWEEN", [a, b]);
  }
  requireNumberEqualTo(n: number): this {
    return this.#numeric("requireNumberEqualTo", "NUMBER_EQUAL_TO", [n]);
  }
  requireNumberGreaterThan(n: number): this {
    return this.#numeric("requireNumberGreaterThan", "NUMBER_GREATER_THAN", [n]);
  }
  requireNumberGreaterThanOrEqualTo(n: number): this {
    return this.#numeric("requireNumberGreaterThanOrEqualTo", "NUMBER_GREATER_THAN_OR_EQUAL_TO", [n]);
  }
  requireNumberLessThan(n: number): this {
    return this.#numeric("requireNumberLessThan", "NUMBER_LESS_THAN", [n]);
  }
  requireNumberLessThanOrEqualTo(n: number): this {
    return this.#numeric("requireNumberLessThanOrEqualTo", "NUMBER_LESS_THAN_OR_EQUAL_TO", [n]);
  }
  requireTextContains(text: string): this {
    return this.#set("TEXT_CONTAINS", [String(text)]);
  }
  requireTextDoesNotContain(text: string): this {
    return this.#set("TEXT_DOES_NOT_CONTAIN", [String(text)]);
  }
  requireTextEqualTo(text: string): this {
    return this.#set("TEXT_EQUAL_TO", [String(text)]);
  }
  requireTextIsEmail(): this {
    return this.#set("TEXT_IS_VALID_EMAIL", []);
  }
  requireTextIsUrl(): this {
    return this.#set("TEXT_IS_VALID_URL", []);
  }
  requireDate(): this {
    return this.#set("DATE_IS_VALID_DATE", []);
  }
  requireFormulaSatisfied(formula: string): this {
    return this.#set("CUSTOM_FORMULA", [String(formula)]);
  }
  withCriteria(criteria: string, args: unknown[]): this {
    if (!DATA_VALIDATION_CRITERIA.includes(criteria as never) || !Array.isArray(args)) {
      throw gasSignatureError(CLASS_BUILDER, "withCriteria", [criteria, args]);
    }
    return this.#set(criteria, args.slice());
  }
  setAllowInvalid(allowInvalid: unknown): this {
    if (typeof allowInvalid !== "boolean") throw gasSignatureError(CLASS_BUILDER, "setAllowInvalid", [allowInvalid]);
    this.rule = { ...this.rule, allowInvalid };
    return this;
  }
  setHelpText(helpText: unknown): this {
    this.rule = { ...this.rule, helpText: String(helpText) };
    return this;
  }
  getCriteriaType(): string | null {
    return this.rule.criteria || null;
  }
  getCriteriaValues(): unknown[] {
    return this.rule.args.slice();
  }
  getAllowInvalid(): boolean {
    return this.rule.allowInvalid;
  }
  getHelpText(): string | null {
    return this.rule.helpText || null;
  }
  copy(): DataValidationBuilder {
    return new DataValidationBuilder({ ...this.rule });
  }
  build(): DataValidation {
    if (!this.rule.criteria) throw new GasException("You must specify a criteria for the data validation rule.");
    return new DataValidation({ ...this.rule });
  }

  #numeric(method: string, criteria: string, args: unknown[]): this {
    if (args.some((a) => typeof a !== "number")) throw gasSignatureError(CLASS_BUILDER, method, args);
    return this.#set(criteria, args);
  }
}
