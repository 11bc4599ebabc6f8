/**
 * HtmlService and ContentService: outputs a web app or dialog returns, and templates.
 *
 * Templates compile the way Apps Script's do (see HtmlTemplate.getCode): text and
 * `<?!= ?>` append raw to `output._`, `<?= ?>` appends HTML-escaped to `output._$`, and
 * `<? ?>` is inlined code. Evaluation happens on the host, with the template's own
 * properties in scope plus `HtmlService` and whatever `world.state.html.globals` holds;
 * functions defined by the bundle are NOT in scope there (see the report / README).
 */
import {
  GasException,
  signatureError,
  type ExecutionInfo,
  type GasObject,
  type ServiceModule,
  type World,
  type WorldOptions,
} from "../contract";
import { Blob } from "./utilities";
import { serviceState } from "./shared";

export interface HtmlState {
  /** Project HTML files by name (with or without ".html"), for *FromFile. */
  files: Record<string, string>;
  /** Extra names in scope while a template is evaluated (e.g. an `include` helper). */
  globals: Record<string, unknown>;
}

export function htmlState(world: World): HtmlState {
  return serviceState<HtmlState>(world, "html", "HtmlService");
}

export const SandboxMode = Object.freeze({ EMULATED: "EMULATED", IFRAME: "IFRAME", NATIVE: "NATIVE" } as const);
export const XFrameOptionsMode = Object.freeze({ ALLOWALL: "ALLOWALL", DEFAULT: "DEFAULT" } as const);
export const MimeType = Object.freeze({
  CSV: "CSV",
  ICAL: "ICAL",
  JAVASCRIPT: "JAVASCRIPT",
  JSON: "JSON",
  TEXT: "TEXT",
  VCARD: "VCARD",
} as const);

/** HTTP Content-Type for a ContentService.MimeType value. */
export const CONTENT_TYPE_OF_MIME: Record<string, string> = {
  CSV: "text/csv",
  ICAL: "text/calendar",
  JAVASCRIPT: "application/javascript",
  JSON: "application/json",
  TEXT: "text/plain",
  VCARD: "text/vcard",
};

export function escapeHtml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&#39;");
}

function fileContent(world: World, name: string): string | undefined {
  const files = htmlState(world).files;
  return files[name] ?? files[name.replace(/\.html$/i, "")] ?? files[`${name}.html`];
}

function missingFile(name: string): GasException {
  return new GasException(`No HTML file named ${name} was found.`);
}

// ---------------------------------------------------------------------------------------
// HtmlOutput

export class HtmlOutput implements GasObject {
  readonly __gasClass = "HtmlService.HtmlOutput";
  #content: string;
  #title = "";
  #width: number | null = null;
  #height: number | null = null;
  #faviconUrl: string | null = null;
  #sandboxMode: string = SandboxMode.IFRAME;
  #xFrameOptionsMode: string = XFrameOptionsMode.DEFAULT;
  #metaTags: { name: string; content: string }[] = [];
  /** Set by HtmlService so asTemplate() keeps access to the file registry. */
  #evaluationContext: TemplateContext | null = null;

  constructor(content = "") {
    this.#content = content;
  }

  append(addedContent: string): HtmlOutput {
    this.#content += String(addedContent);
    return this;
  }
  appendUntrusted(addedContent: string): HtmlOutput {
    this.#content += escapeHtml(String(addedContent));
    return this;
  }
  clear(): HtmlOutput {
    this.#content = "";
    return this;
  }
  getContent(): string {
    return this.#content;
  }
  setContent(content: string): HtmlOutput {
    this.#content = String(content);
    return this;
  }
  getTitle(): string {
    return this.#title;
  }
  setTitle(title: string): HtmlOutput {
    if (typeof title !== "string") throw signatureError(this.__gasClass, "setTitle", [...arguments]);
    this.#title = title;
    return this;
  }
  getWidth(): number | null {
    return this.#width;
  }
  setWidth(width: number): HtmlOutput {
    if (typeof width !== "number") throw signatureError(this.__gasClass, "setWidth", [...arguments]);
    this.#width = width;
    return this;
  }
  getHeight(): number | null {
    return this.#height;
  }
  setHeight(height: number): HtmlOutput {
    if (typeof height !== "number") throw signatureError(this.__gasClass, "setHeight", [...arguments]);
    this.#height = height;
    return this;
  }
  getFaviconUrl(): string | null {
    return this.#faviconUrl;
  }
  setFaviconUrl(iconUrl: string): HtmlOutput {
    this.#faviconUrl = String(iconUrl);
    return this;
  }
  /** Kept for inspection only: Apps Script now always uses IFRAME. */
  setSandboxMode(mode: string): HtmlOutput {
    if (!(String(mode) in SandboxMode)) throw signatureError(this.__gasClass, "setSandboxMode", [...arguments]);
    this.#sandboxMode = String(mode);
    return this;
  }
  getSandboxMode(): string {
    return this.#sandboxMode;
  }
  setXFrameOptionsMode(mode: string): HtmlOutput {
    if (!(String(mode) in XFrameOptionsMode)) throw signatureError(this.__gasClass, "setXFrameOptionsMode", [...arguments]);
    this.#xFrameOptionsMode = String(mode);
    return this;
  }
  getXFrameOptionsMode(): string {
    return this.#xFrameOptionsMode;
  }
  addMetaTag(name: string, content: string): HtmlOutput {
    this.#metaTags.push({ name: String(name), content: String(content) });
    return this;
  }
  getMetaTags(): { name: string; content: string }[] {
    return this.#metaTags.map((tag) => ({ ...tag }));
  }
  asTemplate(): HtmlTemplate {
    return new HtmlTemplate(this.#content, this.#evaluationContext);
  }
  getBlob(): Blob {
    return new Blob(Buffer.from(this.#content, "utf8"), "text/html", null);
  }
  getAs(contentType: string): Blob {
    return this.getBlob().getAs(contentType);
  }

  static withContext(output: HtmlOutput, context: TemplateContext): HtmlOutput {
    output.#evaluationContext = context;
    return output;
  }
}

// ---------------------------------------------------------------------------------------
// HtmlTemplate

interface TemplateContext {
  world: World;
  htmlService: HtmlServiceObject;
}

/** JS source that builds the output, shaped like Apps Script's getCode(). */
export function compileTemplate(raw: string): string {
  const lines: string[] = [];
  const pattern = /<\?(!?=)?([\s\S]*?)\?>/g;
  let last = 0;
  for (let match = pattern.exec(raw); match; match = pattern.exec(raw)) {
    if (match.index > last) lines.push(`output._ = ${JSON.stringify(raw.slice(last, match.index))};`);
    const [, kind, rawCode] = match;
    const code = kind ? rawCode.trim().replace(/;+$/, "") : rawCode;
    if (kind === "=") lines.push(`output._$ = (${code});`);
    else if (kind === "!=") lines.push(`output._ = (${code});`);
    else lines.push(code);
    last = pattern.lastIndex;
  }
  if (last < raw.length) lines.push(`output._ = ${JSON.stringify(raw.slice(last))};`);
  return ["(function() { var output = HtmlService.initTemplate();", ...lines, "return output; })();"].join("\n");
}

/** `output` while a template runs: assigning to `_` appends raw, to `_$` appends escaped. */
function templateOutput(): { target: object; content: () => string } {
  let content = "";
  const text = (value: unknown): string => (value === undefined || value === null ? "" : String(value));
  const target = {
    set _(value: unknown) {
      content += text(value);
    },
    set _$(value: unknown) {
      content += escapeHtml(text(value));
    },
    append(value: unknown) {
      content += text(value);
    },
  };
  return { target, content: () => content };
}

export class HtmlTemplate implements GasObject {
  readonly __gasClass = "HtmlService.HtmlTemplate";
  #raw: string;
  #context: TemplateContext | null;

  constructor(raw: string, context: TemplateContext | null) {
    this.#raw = raw;
    this.#context = context;
  }

  getRawContent(): string {
    return this.#raw;
  }

  getCode(): string {
    return compileTemplate(this.#raw);
  }

  getCodeWithComments(): string {
    return compileTemplate(this.#raw);
  }

  /**
   * Runs the template. The template's own properties are its variables (spec #96). The
   * optional `variables` argument is a host-side extension: a runtime whose proxies keep
   * property writes in the execution can pass them here.
   */
  evaluate(variables?: Record<string, unknown>): HtmlOutput {
    const scope: Record<string, unknown> = { ...(this.#context ? htmlState(this.#context.world).globals : {}) };
    for (const key of Object.keys(this)) if (key !== "__gasClass") scope[key] = (this as unknown as Record<string, unknown>)[key];
    if (variables && typeof variables === "object") Object.assign(scope, variables);
    const output = templateOutput();
    const templateHtmlService = {
      initTemplate: () => output.target,
      createHtmlOutput: (html?: string) => this.#context?.htmlService.createHtmlOutput(html) ?? new HtmlOutput(html ?? ""),
      createHtmlOutputFromFile: (name: string) => {
        if (!this.#context) throw missingFile(name);
        return this.#context.htmlService.createHtmlOutputFromFile(name);
      },
      createTemplateFromFile: (name: string) => {
        if (!this.#context) throw missingFile(name);
        return this.#context.htmlService.createTemplateFromFile(name);
      },
    };
    // Scriptlets are arbitrary JS with the template's variables as free names, hence `with`
    // (the Function constructor's body is sloppy-mode code).
    const run = new Function("__scope", "HtmlService", `with (__scope) { return ${this.getCode()} }`) as (
      scope: Record<string, unknown>,
      htmlService: unknown,
    ) => unknown;
    try {
      run(scope, templateHtmlService);
    } catch (error) {
      if (error instanceof GasException) throw error;
      const e = error as Error;
      throw new GasException(`${e.name ?? "Error"}: ${e.message ?? String(error)}`);
    }
    const html = new HtmlOutput(output.content());
    return this.#context ? HtmlOutput.withContext(html, this.#context) : html;
  }
}

// ---------------------------------------------------------------------------------------
// Services

export class HtmlServiceObject implements GasObject {
  readonly __gasClass = "HtmlService";
  readonly SandboxMode = SandboxMode;
  readonly XFrameOptionsMode = XFrameOptionsMode;

  constructor(private readonly world: World) {}

  createHtmlOutput(html?: string | Blob): HtmlOutput {
    if (html !== undefined && html !== null && typeof html !== "string" && !(html instanceof Blob)) {
      throw signatureError(this.__gasClass, "createHtmlOutput", [...arguments]);
    }
    const content = html instanceof Blob ? html.getDataAsString() : (html ?? "");
    return HtmlOutput.withContext(new HtmlOutput(content), this.#context());
  }

  createHtmlOutputFromFile(filename: string): HtmlOutput {
    if (typeof filename !== "string") throw signatureError(this.__gasClass, "createHtmlOutputFromFile", [...arguments]);
    const content = fileContent(this.world, filename);
    if (content === undefined) throw missingFile(filename);
    return HtmlOutput.withContext(new HtmlOutput(content), this.#context());
  }

  createTemplate(html: string | Blob): HtmlTemplate {
    if (typeof html !== "string" && !(html instanceof Blob)) throw signatureError(this.__gasClass, "createTemplate", [...arguments]);
    return new HtmlTemplate(html instanceof Blob ? html.getDataAsString() : html, this.#context());
  }

  createTemplateFromFile(filename: string): HtmlTemplate {
    if (typeof filename !== "string") throw signatureError(this.__gasClass, "createTemplateFromFile", [...arguments]);
    const content = fileContent(this.world, filename);
    if (content === undefined) throw missingFile(filename);
    return new HtmlTemplate(content, this.#context());
  }

  getUserAgent(): string {
    return "Mozilla/5.0 (X11; Linux x86_64) leadgrade-emulator";
  }

  #context(): TemplateContext {
    return { world: this.world, htmlService: this };
  }
}

export class TextOutput implements GasObject {
  readonly __gasClass = "ContentService.TextOutput";
  #content: string;
  #mimeType: string = MimeType.TEXT;
  #fileName: string | null = null;

  constructor(content = "") {
    this.#content = content;
  }

  append(addedContent: string): TextOutput {
    this.#content += String(addedContent);
    return this;
  }
  clear(): TextOutput {
    this.#content = "";
    return this;
  }
  getContent(): string {
    return this.#content;
  }
  setContent(content: string): TextOutput {
    this.#content = String(content);
    return this;
  }
  getMimeType(): string {
    return this.#mimeType;
  }
  setMimeType(mimeType: string): TextOutput {
    if (!(String(mimeType) in MimeType)) throw signatureError(this.__gasClass, "setMimeType", [...arguments]);
    this.#mimeType = String(mimeType);
    return this;
  }
  downloadAsFile(filename: string): TextOutput {
    if (typeof filename !== "string") throw signatureError(this.__gasClass, "downloadAsFile", [...arguments]);
    this.#fileName = filename;
    return this;
  }
  getFileName(): string | null {
    return this.#fileName;
  }
}

export class ContentServiceObject implements GasObject {
  readonly __gasClass = "ContentService";
  readonly MimeType = MimeType;

  createTextOutput(content?: string): TextOutput {
    return new TextOutput(content === undefined || content === null ? "" : String(content));
  }
}

export const service: ServiceModule = {
  globals: ["HtmlService", "ContentService"],
  init(world: World, _options: WorldOptions): void {
    const state: HtmlState = { files: {}, globals: {} };
    world.state.html = state;
  },
  create(world: World, _exec: ExecutionInfo): Record<string, object> {
    return { HtmlService: new HtmlServiceObject(world), ContentService: new ContentServiceObject() };
  },
};
