import { describe, expect, it } from "vitest";
import type { World } from "../../src/emulator/contract";
import {
  htmlState,
  service,
  type ContentServiceObject,
  type HtmlServiceObject,
  type HtmlTemplate,
} from "../../src/emulator/services/html";
import { execution, serviceWorld } from "./world-stub";

const makeWorld = (): World => serviceWorld(service);

function globalsOf(world: World): { HtmlService: HtmlServiceObject; ContentService: ContentServiceObject } {
  return service.create(world, execution("A", { functionName: "doGet", kind: "webapp", userEmail: "o@example.com" })) as {
    HtmlService: HtmlServiceObject;
    ContentService: ContentServiceObject;
  };
}

describe("ContentService (spec #93)", () => {
  it("creates text output, default TEXT, settable to JSON", () => {
    const { ContentService } = globalsOf(makeWorld());
    const output = ContentService.createTextOutput(JSON.stringify({ ok: true }));
    expect(output.getMimeType()).toBe(ContentService.MimeType.TEXT);
    expect(output.setMimeType(ContentService.MimeType.JSON)).toBe(output);
    expect(output.getMimeType()).toBe("JSON");
    expect(output.getContent()).toBe('{"ok":true}');
    expect(output.append("!").getContent()).toBe('{"ok":true}!');
    expect(Object.keys(ContentService.MimeType).sort()).toEqual(["CSV", "ICAL", "JAVASCRIPT", "JSON", "TEXT", "VCARD"]);
    expect(() => output.setMimeType("HTML")).toThrow(/don't match the method signature for ContentService\.TextOutput\.setMimeType/);
  });

  it("class names end with TextOutput/HtmlOutput so the web server recognises them", () => {
    const { ContentService, HtmlService } = globalsOf(makeWorld());
    expect(ContentService.createTextOutput("x").__gasClass).toMatch(/TextOutput$/);
    expect(HtmlService.createHtmlOutput("x").__gasClass).toMatch(/HtmlOutput$/);
  });
});

describe("HtmlService", () => {
  it("HtmlOutput: content, append, title, width, height", () => {
    const { HtmlService } = globalsOf(makeWorld());
    const output = HtmlService.createHtmlOutput("<p>a</p>").append("<p>b</p>").appendUntrusted("<i>").setTitle("Leads").setWidth(300).setHeight(200);
    expect(output.getContent()).toBe("<p>a</p><p>b</p>&lt;i&gt;");
    expect([output.getTitle(), output.getWidth(), output.getHeight()]).toEqual(["Leads", 300, 200]);
    expect(output.setXFrameOptionsMode(HtmlService.XFrameOptionsMode.ALLOWALL).getXFrameOptionsMode()).toBe("ALLOWALL");
    expect(Object.keys(HtmlService.SandboxMode)).toEqual(["EMULATED", "IFRAME", "NATIVE"]);
  });

  it("templates: scriptlets, escaping and template properties in scope (spec #96)", () => {
    const { HtmlService } = globalsOf(makeWorld());
    const template = HtmlService.createTemplate(
      "<ul><? for (var i = 0; i < items.length; i++) { ?><li><?= items[i] ?></li><? } ?></ul><?!= raw ?>|<?= title; ?>",
    ) as HtmlTemplate & Record<string, unknown>;
    template.items = ["a&b", "<c>"];
    template.raw = "<b>kept</b>";
    template.title = 'say "hi"';
    const output = template.evaluate();
    expect(output.getContent()).toBe('<ul><li>a&amp;b</li><li>&lt;c&gt;</li></ul><b>kept</b>|say &quot;hi&quot;');
    expect(template.getCode()).toContain("output._$ = (items[i]);");
  });

  it("evaluate(variables) lets a runtime pass the template's properties explicitly", () => {
    const { HtmlService } = globalsOf(makeWorld());
    expect(HtmlService.createTemplate("Hi <?= name ?>").evaluate({ name: "Ann" }).getContent()).toBe("Hi Ann");
  });

  it("reads files from the host registry; a missing file throws", () => {
    const world = makeWorld();
    htmlState(world).files.Index = "<h1><?= heading ?></h1><?!= HtmlService.createHtmlOutputFromFile('Style').getContent() ?>";
    htmlState(world).files["Style.html"] = "<style>p{}</style>";
    const { HtmlService } = globalsOf(world);
    const template = HtmlService.createTemplateFromFile("Index") as HtmlTemplate & Record<string, unknown>;
    template.heading = "Leads";
    expect(template.evaluate().getContent()).toBe("<h1>Leads</h1><style>p{}</style>");
    expect(HtmlService.createHtmlOutputFromFile("Style").getContent()).toBe("<style>p{}</style>");
    expect(() => HtmlService.createHtmlOutputFromFile("Nope")).toThrow("No HTML file named Nope was found.");
  });

  it("host globals are in scope (e.g. an include helper) and errors become Exceptions", () => {
    const world = makeWorld();
    htmlState(world).globals.include = (name: string) => `[${name}]`;
    const { HtmlService } = globalsOf(world);
    expect(HtmlService.createTemplate("<?!= include('x') ?>").evaluate().getContent()).toBe("[x]");
    let error: Error | undefined;
    try {
      HtmlService.createTemplate("<?= missingName ?>").evaluate();
    } catch (e) {
      error = e as Error;
    }
    expect(error?.name).toBe("Exception");
    expect(error?.message).toMatch(/missingName is not defined/);
  });
});
