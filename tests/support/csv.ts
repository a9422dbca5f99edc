/** Test support: reading the CSV exports back (unit and end-to-end tests). */

/**
 * RFC 4180 reader (quoted cells may hold commas, quotes and line breaks). `strict`: also refuse
 * what RFC 4180 does not allow — a quote inside an unquoted cell, a bare CR or LF, a last record
 * without its CRLF — so a test of the writer reads only what the writer must produce.
 */
export function parseCsv(text: string, opts: { strict?: boolean } = {}): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"' && (cell === '' || !opts.strict)) quoted = true;
    else if (c === ',') {
      row.push(cell);
      cell = '';
    } else if (c === '\r' && text[i + 1] === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
      i++;
    } else if (opts.strict && (c === '"' || c === '\n' || c === '\r')) throw new Error(`bare ${JSON.stringify(c)} at ${i}: not RFC 4180`);
    else cell += c;
  }
  if (quoted) throw new Error('CSV ends inside a quoted cell');
  if (cell || row.length) {
    if (opts.strict) throw new Error('last record lacks CRLF');
    row.push(cell);
    rows.push(row);
  }
  return rows;
}
