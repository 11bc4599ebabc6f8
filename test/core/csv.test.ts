import { describe, expect, it } from "vitest";
import { parseCsv } from "../../src/core/csv";

describe("parseCsv (RFC 4180)", () => {
  it("splits rows and fields", () => {
    expect(parseCsv("a,b,c\n1,2,3")).toEqual([
      ["a", "b", "c"],
      ["1", "2", "3"],
    ]);
  });

  it("accepts LF, CRLF and lone CR row ends; a final line break adds no row", () => {
    expect(parseCsv("a,b\r\n1,2\r\n")).toEqual([
      ["a", "b"],
      ["1", "2"],
    ]);
    expect(parseCsv("a\rb\n")).toEqual([["a"], ["b"]]);
  });

  it("quoted fields hold commas, doubled quotes and line breaks", () => {
    expect(parseCsv('"x, y","say ""hi""","line1\nline2","crlf\r\nkept"\r\nnext')).toEqual([
      ["x, y", 'say "hi"', "line1\nline2", "crlf\r\nkept"],
      ["next"],
    ]);
  });

  it("keeps empty fields and empty rows inside the text", () => {
    expect(parseCsv(",a,,\n\nb")).toEqual([["", "a", "", ""], [""], ["b"]]);
    expect(parseCsv("a,")).toEqual([["a", ""]]);
  });

  it("a last row that is one empty field, quoted or not, is not a row (kept as both callers had it)", () => {
    expect(parseCsv('a\n""')).toEqual([["a"]]);
    expect(parseCsv('""')).toEqual([]);
  });

  it("returns no rows for empty text", () => {
    expect(parseCsv("")).toEqual([]);
  });

  it("treats a quote inside an unquoted field as text; text after a closing quote joins the field", () => {
    expect(parseCsv('ab"c,d')).toEqual([['ab"c', "d"]]);
    expect(parseCsv('"ab"c,d')).toEqual([["abc", "d"]]);
  });

  it("an unterminated quote runs to the end of the text", () => {
    expect(parseCsv('a,"b,c\nd')).toEqual([["a", "b,c\nd"]]);
  });

  it("takes another one-character delimiter; commas are then plain text", () => {
    expect(parseCsv('a;b,c;"d;e"\n1;2', ";")).toEqual([
      ["a", "b,c", "d;e"],
      ["1", "2"],
    ]);
    expect(parseCsv("a\tb", "\t")).toEqual([["a", "b"]]);
  });

  it("does not trim and does not strip a byte-order mark", () => {
    expect(parseCsv(" a , b ")).toEqual([[" a ", " b "]]);
    expect(parseCsv("\uFEFFa,b")).toEqual([["\uFEFFa", "b"]]);
  });
});
