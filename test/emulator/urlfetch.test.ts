import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { World, WorldOptions } from "../../src/emulator/contract";
import { NON_LOOPBACK_PREFIX, service, type HTTPResponse, type UrlFetchAppObject } from "../../src/emulator/services/urlfetch";
import { execution, rejection, serviceWorld } from "./world-stub";

let server: http.Server;
let base: string;
let inFlight = 0;
let maxInFlight = 0;

beforeAll(async () => {
  server = http.createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://x");
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const body = Buffer.concat(chunks).toString("utf8");
      const delay = Number(url.searchParams.get("delay") ?? 0);
      // Only requests of the concurrency test are counted: earlier tests leave slow ones behind.
      const counted = url.searchParams.has("counted");
      if (counted) maxInFlight = Math.max(maxInFlight, ++inFlight);
      setTimeout(() => {
        if (counted) inFlight--;
        switch (url.pathname) {
          case "/echo":
            res.setHeader("Content-Type", "application/json; charset=utf-8");
            res.end(JSON.stringify({ method: req.method, contentType: req.headers["content-type"] ?? null, body, auth: req.headers.authorization ?? null, ua: req.headers["user-agent"] }));
            return;
          case "/fail":
            res.statusCode = Number(url.searchParams.get("code") ?? 500);
            res.end(url.searchParams.get("long") ? "x".repeat(300) : "<!DOCTYPE html>boom");
            return;
          case "/redirect":
            res.statusCode = 302;
            res.setHeader("Location", "/echo?from=redirect");
            res.end();
            return;
          case "/cookies":
            res.setHeader("Set-Cookie", ["a=1", "b=2"]);
            res.setHeader("X-Single", "yes");
            res.end("ok");
            return;
          case "/bytes":
            res.setHeader("Content-Type", "application/octet-stream");
            res.end(Buffer.from([0xff, 0x80, 0x01, 0x7f]));
            return;
          case "/index":
            res.end(url.searchParams.get("i") ?? "");
            return;
          default:
            res.end("hello");
        }
      }, delay);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

const makeWorld = (options: WorldOptions = {}): World => serviceWorld(service, options);

function urlFetch(world: World): UrlFetchAppObject {
  return service.create(world, execution("A", { userEmail: "o@example.com" })).UrlFetchApp as UrlFetchAppObject;
}

describe("UrlFetchApp.fetch", () => {
  it("GETs by default and returns an HTTPResponse", async () => {
    const world = makeWorld();
    const response = await urlFetch(world).fetch(`${base}/echo`);
    expect(response.getResponseCode()).toBe(200);
    const echoed = JSON.parse(response.getContentText());
    expect(echoed.method).toBe("GET");
    expect(echoed.ua).toContain("Google-Apps-Script");
    expect(response.getHeaders()["Content-Type"]).toBe("application/json; charset=utf-8");
    expect(response.getBlob().getDataAsString()).toBe(response.getContentText());
  });

  it("form-encodes an object payload (spec #44)", async () => {
    const response = await urlFetch(makeWorld()).fetch(`${base}/echo`, { method: "post", payload: { a: "1 2", b: "x&y" } });
    const echoed = JSON.parse(response.getContentText());
    expect(echoed).toMatchObject({ method: "POST", contentType: "application/x-www-form-urlencoded", body: "a=1+2&b=x%26y" });
  });

  it("sends a string payload with its contentType, and headers", async () => {
    const response = await urlFetch(makeWorld()).fetch(`${base}/echo`, {
      method: "post",
      contentType: "application/json",
      payload: JSON.stringify({ q: 1 }),
      headers: { Authorization: "Bearer k" },
    });
    expect(JSON.parse(response.getContentText())).toMatchObject({ contentType: "application/json", body: '{"q":1}', auth: "Bearer k" });
  });

  it("throws on >=400 with scheme://host only and a truncated body (spec #39)", async () => {
    const world = makeWorld();
    const error = await rejection(() => urlFetch(world).fetch(`${base}/fail?code=500`));
    expect(error.name).toBe("Exception");
    expect(error.message).toBe(
      `Request failed for ${base} returned code 500. Truncated server response: <!DOCTYPE html>boom (use muteHttpExceptions option to examine full response)`,
    );
    const long = await rejection(() => urlFetch(world).fetch(`${base}/fail?code=404&long=1`));
    expect(long.message).toBe(
      `Request failed for ${base} returned code 404. Truncated server response: ${"x".repeat(147)}... (use muteHttpExceptions option to examine full response)`,
    );
    expect(world.fetchLog.map((e) => e.status)).toEqual([500, 404]);
  });

  it("muteHttpExceptions returns the failing response (spec #40)", async () => {
    const response = await urlFetch(makeWorld()).fetch(`${base}/fail?code=503`, { muteHttpExceptions: true });
    expect(response.getResponseCode()).toBe(503);
    expect(response.getContentText()).toBe("<!DOCTYPE html>boom");
  });

  it("follows redirects by default; followRedirects:false returns the 3xx (spec #45)", async () => {
    const world = makeWorld();
    const followed = await urlFetch(world).fetch(`${base}/redirect`);
    expect(followed.getResponseCode()).toBe(200);
    expect(JSON.parse(followed.getContentText()).method).toBe("GET");
    const raw = await urlFetch(world).fetch(`${base}/redirect`, { followRedirects: false });
    expect(raw.getResponseCode()).toBe(302);
    expect(raw.getHeaders().Location).toBe("/echo?from=redirect");
  });

  it("times out with 'Timeout: <url>' even when muted (spec #41)", async () => {
    const world = makeWorld({ fetchTimeoutMs: 100 });
    const url = `${base}/echo?delay=1000`;
    const started = Date.now();
    const error = await rejection(() => urlFetch(world).fetch(url, { muteHttpExceptions: true }));
    expect(Date.now() - started).toBeLessThan(800);
    expect(error.message).toBe(`Timeout: ${url}`);
    expect(world.fetchLog[0]).toMatchObject({ url, method: "get", status: "error" });
  });

  it("connection refused is 'Address unavailable', DNS failures are 'DNS error', even muted (spec #41)", async () => {
    const closed = http.createServer();
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const app = urlFetch(makeWorld());
    expect((await rejection(() => app.fetch(`http://127.0.0.1:${port}/x`, { muteHttpExceptions: true }))).message).toBe(
      `Address unavailable: http://127.0.0.1:${port}/x`,
    );
    expect((await rejection(() => app.fetch("http://undefined", { muteHttpExceptions: true }))).message).toBe("DNS error: http://undefined");
  });

  it("refuses non-loopback hosts (sandbox safety net), also as a redirect target", async () => {
    const world = makeWorld();
    const error = await rejection(() => urlFetch(world).fetch("https://example.com/api"));
    expect(error.message).toBe(`${NON_LOOPBACK_PREFIX} https://example.com/api`);
    expect((await rejection(() => urlFetch(world).fetch("http://10.0.0.1/"))).message).toContain(NON_LOOPBACK_PREFIX);
    expect(world.fetchLog.every((e) => e.status === "error")).toBe(true);
  });

  it("getContent returns signed bytes; getAllHeaders keeps repeated headers (spec #47)", async () => {
    const app = urlFetch(makeWorld());
    expect((await app.fetch(`${base}/bytes`)).getContent()).toEqual([-1, -128, 1, 127]);
    const cookies = await app.fetch(`${base}/cookies`);
    expect(cookies.getAllHeaders()["Set-Cookie"]).toEqual(["a=1", "b=2"]);
    expect(cookies.getHeaders()["X-Single"]).toBe("yes");
    expect(typeof cookies.getHeaders()["Set-Cookie"]).toBe("string");
  });

  it("logs every request without header values", async () => {
    const world = makeWorld();
    await urlFetch(world).fetch(`${base}/echo`, { headers: { Authorization: "Bearer SECRET" } });
    expect(world.fetchLog).toHaveLength(1);
    expect(world.fetchLog[0]).toMatchObject({ url: `${base}/echo`, method: "get", status: 200, at: world.clock.now() });
    expect(JSON.stringify(world.fetchLog)).not.toContain("SECRET");
  });

  it("rejects bad arguments", () => {
    const app = urlFetch(makeWorld());
    expect(() => app.fetch("not a url")).toThrow("Invalid argument: not a url");
    expect(() => app.fetch(5 as unknown as string)).toThrow("The parameters (number) don't match the method signature for UrlFetchApp.fetch.");
  });
});

describe("UrlFetchApp.fetchAll and getRequest", () => {
  it("accepts URL strings and objects and keeps input order (spec #46)", async () => {
    const delays = [120, 10, 60, 0, 90];
    const requests = delays.map((delay, i) => (i % 2 ? `${base}/index?i=${i}&delay=${delay}` : { url: `${base}/index?i=${i}&delay=${delay}`, method: "get" }));
    const responses = await urlFetch(makeWorld()).fetchAll(requests);
    expect(responses.map((r: HTTPResponse) => r.getContentText())).toEqual(["0", "1", "2", "3", "4"]);
  });

  it("keeps at most fetchAllConcurrency requests in flight: 25 × 100 ms at 10 ≈ 3 rounds", async () => {
    const world = makeWorld({ fetchAllConcurrency: 10 });
    maxInFlight = 0;
    const started = Date.now();
    const responses = await urlFetch(world).fetchAll(Array.from({ length: 25 }, (_, i) => `${base}/index?i=${i}&delay=100&counted=1`));
    const elapsed = Date.now() - started;
    expect(responses).toHaveLength(25);
    expect(maxInFlight).toBe(10);
    expect(elapsed).toBeGreaterThanOrEqual(290);
    expect(elapsed).toBeLessThan(700);
    expect(world.fetchLog).toHaveLength(25);
  });

  it("the cap follows options.fetchAllConcurrency", async () => {
    const world = makeWorld({ fetchAllConcurrency: 3 });
    maxInFlight = 0;
    const started = Date.now();
    await urlFetch(world).fetchAll(Array.from({ length: 7 }, (_, i) => `${base}/index?i=${i}&delay=50&counted=1`));
    expect(maxInFlight).toBe(3);
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
  });

  it("throws the first failure (in input order) unless muted", async () => {
    const app = urlFetch(makeWorld());
    const error = await rejection(() => app.fetchAll([`${base}/index?i=0`, `${base}/fail?code=429`, `${base}/fail?code=500`]));
    expect(error.message).toMatch(/^Request failed for http:\/\/127\.0\.0\.1:\d+ returned code 429\./);
    const muted = await app.fetchAll([{ url: `${base}/fail?code=429`, muteHttpExceptions: true }]);
    expect(muted[0].getResponseCode()).toBe(429);
  });

  it("getRequest shows what would be sent without sending (spec #49)", () => {
    const world = makeWorld();
    const request = urlFetch(world).getRequest(`${base}/echo`, { method: "post", payload: { a: "1" } });
    expect(request).toMatchObject({ url: `${base}/echo`, method: "post", contentType: "application/x-www-form-urlencoded", payload: "a=1", headers: {} });
    expect(world.fetchLog).toHaveLength(0);
  });
});
