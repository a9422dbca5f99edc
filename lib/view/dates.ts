/** Calendar arithmetic on YYYY-MM-DD strings (UTC, no time zones involved). */

const ISO = /^(\d{4})-(\d{2})-(\d{2})$/;

function parts(s: string): [number, number, number] | null {
  const m = ISO.exec(s);
  return m ? [Number(m[1]), Number(m[2]), Number(m[3])] : null;
}

export function isIsoDate(s: string | null | undefined): s is string {
  if (!s) return false;
  const p = parts(s);
  if (!p) return false;
  const [y, mo, da] = p;
  const d = new Date(Date.UTC(y, mo - 1, da));
  return d.getUTCFullYear() === y && d.getUTCMonth() === mo - 1 && d.getUTCDate() === da;
}

function toUtc(s: string): number {
  const p = parts(s);
  if (!p) throw new Error(`Not a YYYY-MM-DD date: ${JSON.stringify(s)}`);
  return Date.UTC(p[0], p[1] - 1, p[2]);
}

/** b − a in whole days. */
export function daysBetween(a: string, b: string): number {
  return Math.round((toUtc(b) - toUtc(a)) / 86_400_000);
}

export function yearOf(s: string): number {
  return Number(s.slice(0, 4));
}
