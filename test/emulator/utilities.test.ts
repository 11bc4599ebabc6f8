import { describe, expect, it } from "vitest";
import type { World } from "../../src/emulator/contract";
import { BASE64_DECODE_MESSAGE, service, utilitiesState, type UtilitiesObject } from "../../src/emulator/services/utilities";
import { execution, serviceWorld } from "./world-stub";

const makeWorld = (): World => serviceWorld(service);

function utilities(world = makeWorld()): UtilitiesObject {
  return service.create(world, execution("A", { kind: "manual", userEmail: "o@example.com" })).Utilities as UtilitiesObject;
}

const hex = (bytes: number[]): string => bytes.map((b) => (b & 0xff).toString(16).padStart(2, "0")).join("");
// Monday 2025-01-06 10:03:04.005 in Shanghai.
const MONDAY = new Date(Date.UTC(2025, 0, 6, 2, 3, 4, 5));

describe("Utilities.formatDate (SimpleDateFormat, spec #86, #87)", () => {
  const u = utilities();

  it("formats the documented example and common fields", () => {
    expect(u.formatDate(MONDAY, "GMT", "yyyy-MM-dd'T'HH:mm:ss'Z'")).toBe("2025-01-06T02:03:04Z");
    expect(u.formatDate(MONDAY, "Asia/Shanghai", "yyyy-MM-dd'T'HH:mm:ss.SSSZ")).toBe("2025-01-06T10:03:04.005+0800");
    expect(u.formatDate(MONDAY, "Asia/Shanghai", "EEE, d MMM yyyy h:mm a z")).toBe("Mon, 6 Jan 2025 10:03 AM CST");
    expect(u.formatDate(MONDAY, "Asia/Shanghai", "EEEE MMMM yy D S")).toBe("Monday January 25 6 5");
    expect(u.formatDate(MONDAY, "Asia/Shanghai", "X XX XXX")).toBe("+08 +0800 +08:00");
    expect(u.formatDate(MONDAY, "UTC", "X")).toBe("Z");
    expect(u.formatDate(MONDAY, "Asia/Shanghai", "zzzz")).toBe("China Standard Time");
  });

  it("uses week-year for Y: the late-December YYYY bug", () => {
    const dec30 = new Date(Date.UTC(2024, 11, 30, 12));
    expect(u.formatDate(dec30, "GMT", "yyyy-MM-dd")).toBe("2024-12-30");
    expect(u.formatDate(dec30, "GMT", "YYYY-MM-dd")).toBe("2025-12-30");
    expect(u.formatDate(dec30, "GMT", "w")).toBe("1");
    expect(u.formatDate(new Date(Date.UTC(2024, 11, 27, 12)), "GMT", "YYYY w")).toBe("2024 52");
  });

  it("handles 12/24-hour letters and daylight saving in IANA zones", () => {
    const noonPdt = new Date(Date.UTC(2025, 6, 1, 19, 0));
    expect(u.formatDate(noonPdt, "America/Los_Angeles", "HH:mm z Z")).toBe("12:00 PDT -0700");
    expect(u.formatDate(noonPdt, "America/Los_Angeles", "h a K k")).toBe("12 PM 0 12");
    const midnight = new Date(Date.UTC(2025, 0, 1, 0, 0));
    expect(u.formatDate(midnight, "GMT", "h a H k")).toBe("12 AM 0 24");
    expect(u.formatDate(midnight, "GMT+05:30", "HH:mm z")).toBe("05:30 GMT+05:30");
    expect(u.formatDate(new Date(Date.UTC(2025, 6, 1, 12)), "Europe/London", "HH z")).toBe("13 BST");
  });

  it("quoted text and '' escaping", () => {
    expect(u.formatDate(MONDAY, "Asia/Shanghai", "h 'o''clock' ''yy''")).toBe("10 o'clock '25'");
  });

  it("rejects illegal pattern letters and non-Date arguments", () => {
    expect(() => u.formatDate(MONDAY, "GMT", "yyyy q")).toThrow("Illegal pattern character 'q'");
    expect(() => u.formatDate("2025-01-01" as unknown as Date, "GMT", "yyyy")).toThrow(
      "The parameters (string,string,string) don't match the method signature for Utilities.formatDate.",
    );
  });
});

describe("Utilities.parseDate", () => {
  const u = utilities();

  it("parses in the given zone", () => {
    expect(u.parseDate("2025-01-06 10:03", "Asia/Shanghai", "yyyy-MM-dd HH:mm").getTime()).toBe(Date.UTC(2025, 0, 6, 2, 3));
    expect(u.parseDate("20250106", "GMT", "yyyyMMdd").getTime()).toBe(Date.UTC(2025, 0, 6));
    expect(u.parseDate("06/Jan/2025:10:03:04 +0000", "Asia/Shanghai", "dd/MMM/yyyy:HH:mm:ss Z").getTime()).toBe(Date.UTC(2025, 0, 6, 10, 3, 4));
    expect(u.parseDate("3:05 PM", "GMT", "h:mm a").getTime()).toBe(Date.UTC(1970, 0, 1, 15, 5));
    expect(u.parseDate("July 4, 2025", "America/New_York", "MMMM d, yyyy").getTime()).toBe(Date.UTC(2025, 6, 4, 4));
  });

  it("is lenient like Java and round-trips formatDate", () => {
    expect(u.parseDate("2025-13-01", "GMT", "yyyy-MM-dd").getTime()).toBe(Date.UTC(2026, 0, 1));
    const pattern = "yyyy-MM-dd HH:mm:ss.SSS";
    expect(u.parseDate(u.formatDate(MONDAY, "Europe/Paris", pattern), "Europe/Paris", pattern).getTime()).toBe(MONDAY.getTime());
  });

  it("throws on input it cannot parse (spec #86)", () => {
    expect(() => u.parseDate("invalid date", "GMT", "yyyy")).toThrow('Unparseable date: "invalid date"');
    expect(() => u.parseDate("2025/01/06", "GMT", "yyyy-MM-dd")).toThrow(/Unparseable date/);
  });
});

describe("Utilities digests, HMAC and base64 (spec #89, #90, #91)", () => {
  const u = utilities();

  it("computeDigest returns signed bytes", () => {
    const digest = u.computeDigest(u.DigestAlgorithm.SHA_256, "abc");
    expect(digest).toHaveLength(32);
    expect(digest.every((b) => b >= -128 && b <= 127)).toBe(true);
    expect(digest[0]).toBe(-70); // 0xba
    expect(hex(digest)).toBe("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    expect(hex(u.computeDigest(u.DigestAlgorithm.MD5, "hello", u.Charset.UTF_8))).toBe("5d41402abc4b2a76b9719d911017c592");
    expect(hex(u.computeDigest(u.DigestAlgorithm.SHA_1, [97, 98, 99]))).toBe("a9993e364706816aba3e25717850c26c9cd0d89d");
  });

  it("bytes with a charset is not an overload (G2)", () => {
    expect(() => u.computeDigest(u.DigestAlgorithm.MD5, [1, 2], u.Charset.UTF_8)).toThrow(/The parameters \(.*\) don't match/);
  });

  it("HMAC-SHA256 (RFC 4231 case 2) as signed bytes", () => {
    const expected = "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843";
    const signature = u.computeHmacSha256Signature("what do ya want for nothing?", "Jefe");
    expect(hex(signature)).toBe(expected);
    expect(signature.some((b) => b < 0)).toBe(true);
    expect(hex(u.computeHmacSignature(u.MacAlgorithm.HMAC_SHA_256, "what do ya want for nothing?", "Jefe"))).toBe(expected);
  });

  it("base64 encodes strings and bytes; decode gives signed UTF-8 bytes", () => {
    expect(u.base64Encode("A string here")).toBe("QSBzdHJpbmcgaGVyZQ==");
    expect(u.base64Decode(u.base64Encode("Goグ"))).toEqual([71, 111, -29, -126, -80]);
    expect(u.newBlob(u.base64Decode("R2/jgrA=")).getDataAsString()).toBe("Goグ");
    expect(u.base64Encode([-5, -1])).toBe("+/8=");
    expect(u.base64EncodeWebSafe([-5, -1])).toBe("-_8=");
    expect(u.base64DecodeWebSafe("-_8=")).toEqual([-5, -1]);
    expect(() => u.base64Decode("not base64!")).toThrow(BASE64_DECODE_MESSAGE);
  });
});

describe("Utilities misc", () => {
  it("getUuid is a lowercase v4 UUID (spec #88)", () => {
    const u = utilities();
    const id = u.getUuid();
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(u.getUuid()).not.toBe(id);
  });

  it("formatString follows printf (spec #92)", () => {
    const u = utilities();
    expect(u.formatString("%11.6f", 123.456)).toBe(" 123.456000");
    expect(u.formatString("%s is %d years", "Bob", 42.9)).toBe("Bob is 42 years");
    expect(u.formatString("%05d|%-5s|%x|100%%", -42, "ab", 255)).toBe("-0042|ab   |ff|100%");
  });

  it("newBlob (spec #92)", () => {
    const u = utilities();
    const blob = u.newBlob("héllo", "text/plain", "a.txt");
    expect(blob.getBytes()).toEqual([104, -61, -87, 108, 108, 111]);
    expect(blob.getDataAsString()).toBe("héllo");
    expect(blob.getContentType()).toBe("text/plain");
    expect(blob.setName("b.txt").getName()).toBe("b.txt");
    const bare = u.newBlob("x", null, null);
    expect(bare.getContentType()).toBeNull();
    expect(bare.getName()).toBeNull();
  });

  it("parseCsv handles quotes, doubled quotes and CRLF", () => {
    expect(utilities().parseCsv('a,"b,c"\r\n1,"x""y"\n')).toEqual([
      ["a", "b,c"],
      ["1", 'x"y'],
    ]);
  });

  it("sleep really waits, refuses more than 300000 ms, and can be made virtual", async () => {
    const world = makeWorld();
    const u = utilities(world);
    const started = Date.now();
    await u.sleep(60);
    expect(Date.now() - started).toBeGreaterThanOrEqual(55);
    expect(() => u.sleep(300_001)).toThrow(/300000/);
    utilitiesState(world).virtualSleep = true;
    const before = world.clock.now();
    const realStart = Date.now();
    expect(u.sleep(120_000)).toBeUndefined();
    expect(world.clock.now() - before).toBe(120_000);
    expect(Date.now() - realStart).toBeLessThan(50);
  });
});
