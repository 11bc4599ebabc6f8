/**
 * SpreadsheetApp.getUi(): menus, alerts, prompts, sidebars and dialogs. Nothing is rendered;
 * everything shown is recorded in state.uiLog, and alerts/prompts answer from the scripted
 * queues in state.uiResponses (tests fill them with scriptUiResponses()).
 */
import type { ExecutionInfo, World } from "../contract";
import { ERR, fail, gasSignatureError } from "./spreadsheet-errors";
import type { SpreadsheetState, UiRecord } from "./spreadsheet-model";

export const UiButton = { CLOSE: "CLOSE", OK: "OK", CANCEL: "CANCEL", YES: "YES", NO: "NO" } as const;
export const UiButtonSet = { OK: "OK", OK_CANCEL: "OK_CANCEL", YES_NO: "YES_NO", YES_NO_CANCEL: "YES_NO_CANCEL" } as const;

/** getUi() works in menu clicks, manual runs (editor) and onOpen triggers; elsewhere it throws. */
export function uiAllowed(world: World, exec: ExecutionInfo): boolean {
  if (exec.kind === "menu" || exec.kind === "manual") return true;
  if (exec.kind !== "trigger") return false;
  if (!exec.triggerUid) return exec.functionName === "onOpen";
  return world.triggers.some((t) => t.uid === exec.triggerUid && t.eventType === "ON_OPEN");
}

function describeHtml(html: unknown): { content?: string; title?: string } {
  const h = html as { getContent?: () => unknown; getTitle?: () => unknown } | null;
  if (typeof html === "string") return { content: html };
  return {
    content: typeof h?.getContent === "function" ? String(h.getContent()) : undefined,
    title: typeof h?.getTitle === "function" ? String(h.getTitle() ?? "") : undefined,
  };
}

export class Ui {
  readonly __gasClass = "SpreadsheetApp.Ui";
  readonly Button = UiButton;
  readonly ButtonSet = UiButtonSet;

  constructor(private readonly world: World, private readonly exec: ExecutionInfo, private readonly state: SpreadsheetState) {}

  #record(entry: Omit<UiRecord, "at" | "executionId">): void {
    this.state.uiLog.push({ ...entry, at: this.world.clock.now(), executionId: this.exec.id });
  }

  /** Simple triggers (onOpen without an installable trigger) run LIMITED and cannot open panels. */
  #requireContainerUi(method: string): void {
    if (this.exec.authMode !== "FULL") fail(ERR.uiPermission(method));
  }

  createMenu(caption: unknown): Menu {
    if (typeof caption !== "string") throw gasSignatureError(this.__gasClass, "createMenu", [caption]);
    return new Menu(caption, (items) => this.#record({ kind: "menu", title: caption, items }));
  }

  createAddonMenu(): Menu {
    return new Menu("Add-ons", (items) => this.#record({ kind: "menu", title: "Add-ons", items }));
  }

  alert(...args: unknown[]): string {
    const [title, prompt] = args.length === 3 ? [String(args[0]), String(args[1])] : ["", String(args[0])];
    if (args.length === 0 || args.length > 3) throw gasSignatureError(this.__gasClass, "alert", args);
    this.#record({ kind: "alert", title, content: prompt });
    return this.state.uiResponses.alerts.shift() ?? UiButton.OK;
  }

  prompt(...args: unknown[]): PromptResponse {
    const [title, prompt] = args.length === 3 ? [String(args[0]), String(args[1])] : ["", String(args[0])];
    if (args.length === 0 || args.length > 3) throw gasSignatureError(this.__gasClass, "prompt", args);
    this.#record({ kind: "prompt", title, content: prompt });
    const answer = this.state.uiResponses.prompts.shift() ?? { button: UiButton.OK, text: "" };
    return new PromptResponse(answer.button, answer.text);
  }

  showSidebar(html: unknown): void {
    this.#requireContainerUi("showSidebar");
    this.#record({ kind: "sidebar", ...describeHtml(html) });
  }

  showModalDialog(html: unknown, title: unknown): void {
    this.#requireContainerUi("showModalDialog");
    this.#record({ kind: "modalDialog", ...describeHtml(html), title: String(title) });
  }

  showModelessDialog(html: unknown, title: unknown): void {
    this.#requireContainerUi("showModelessDialog");
    this.#record({ kind: "modelessDialog", ...describeHtml(html), title: String(title) });
  }
}

export class Menu {
  readonly __gasClass = "SpreadsheetApp.Menu";
  private readonly items: [string, string][] = [];
  constructor(private readonly caption: string, private readonly onAdd: (items: [string, string][]) => void) {}

  addItem(caption: unknown, functionName: unknown): this {
    if (typeof caption !== "string" || typeof functionName !== "string") {
      throw gasSignatureError(this.__gasClass, "addItem", [caption, functionName]);
    }
    this.items.push([caption, functionName]);
    return this;
  }
  addSeparator(): this {
    this.items.push(["", ""]);
    return this;
  }
  addSubMenu(menu: Menu): this {
    for (const [c, f] of menu.items) this.items.push([`${menu.caption} > ${c}`, f]);
    return this;
  }
  addToUi(): void {
    this.onAdd(this.items.slice());
  }
}

export class PromptResponse {
  readonly __gasClass = "SpreadsheetApp.PromptResponse";
  constructor(private readonly button: string, private readonly text: string) {}
  getResponseText(): string {
    return this.text;
  }
  getSelectedButton(): string {
    return this.button;
  }
}
