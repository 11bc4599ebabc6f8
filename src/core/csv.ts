/**
 * RFC 4180 CSV parsing, shared by the CLI (input files) and the emulator (Utilities.parseCsv).
 *
 * Pure: no Node APIs. A field that starts with `"` is quoted and may hold the delimiter,
 * doubled quotes (`""` is one `"`) and line breaks. Rows end at LF, CR or CRLF; a final line
 * break does not start an empty row. A `"` inside an unquoted field is kept as text. Nothing
 * is trimmed, and a byte-order mark is left to the caller.
 */
export function parseCsv(text: string, delimiter = ","): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i++;
        } else quoted = false;
      } else field += c;
    } else if (c === '"' && field === "") {
      quoted = true;
    } else if (c === delimiter) {
      row.push(field);
      field = "";
    } else if (c === "\n" || c === "\r") {
      if (c === "\r" && text[i + 1] === "\n") i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = "";
    } else field += c;
  }
  if (field !== "" || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}
