/** Calendar arithmetic on YYYY-MM-DD strings (UTC, no time zones involved). */

const ISO = /^(\d{4})-(\d{2})-(\d{2})$/;

export function isIsoDate(s: string | null | undefined): s is string {
  if (!s) return false;
  const m = ISO.exec(s);
  if (!m) return false;
  const d = new Date(Date.UTC(+m[1], +m[2] - 1, +m[3]));
  return d.getUTCFullYear() === +m[1] && d.getUTCMonth() === +m[2] - 1 && d.getUTCDate() === +m[3];
}

function toUtc(s: string): number {
  const m = ISO.exec(s);
  if (!m) throw new Error(`Not a YYYY-MM-DD date: ${JSON.stringify(s)}`);
  return Date.UTC(+m[1], +m[2] - 1, +m[3]);
}

/** b − a in whole days. */
export function daysBetween(a: string, b: string): number {
  return Math.round((toUtc(b) - toUtc(a)) / 86_400_000);
}

export function yearOf(s: string): number {
  return Number(s.slice(0, 4));
}
