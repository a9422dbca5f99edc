/** Parsing of written dates: 2015年7月1日, 二〇一八年十二月二十九日, 2015-07-01, 2015.7.1, 2015/7/1. */
import { parseCnNumber, parseYear, ymd } from './numerals';

const YEAR_SRC = '(?:\\d{4}|[〇零一二三四五六七八九O]{4})';
const MONTH_SRC = '(?:\\d{1,2}|十[一二]?|[一二三四五六七八九])';
const DAY_SRC = '(?:\\d{1,2}|[一二三]?十[一二三四五六七八九]?|[一二三四五六七八九])';

export const FULL_DATE_RE = new RegExp(`(${YEAR_SRC})年(${MONTH_SRC})月(${DAY_SRC})日`);

function valid(y: number, m: number, d: number): boolean {
  if (y < 1900 || y > 2200 || m < 1 || m > 12 || d < 1 || d > 31) return false;
  const dt = new Date(Date.UTC(y, m - 1, d));
  return dt.getUTCMonth() === m - 1;
}

/** Parse a full date anywhere in `str`; YYYY-MM-DD or null. */
export function parseFullDate(str: string): string | null {
  const t = str.replace(/\s+/g, '').replace(/[０-９]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0));
  let m = FULL_DATE_RE.exec(t);
  if (m) {
    const y = parseYear(m[1]!.replace(/O/g, '〇'));
    const mo = parseCnNumber(m[2]!);
    const d = parseCnNumber(m[3]!);
    if (y !== null && mo !== null && d !== null && valid(y, mo, d)) return ymd(y, mo, d);
  }
  m = /((?:19|20)\d{2})[-./](\d{1,2})[-./](\d{1,2})/.exec(t);
  if (m) {
    const y = Number(m[1]);
    const mo = Number(m[2]);
    const d = Number(m[3]);
    if (valid(y, mo, d)) return ymd(y, mo, d);
  }
  return null;
}

/** Days-precise date arithmetic on YYYY-MM-DD. */
export function addToDate(date: string, years: number, months: number): string {
  const [y = 1970, m = 1, d = 1] = date.split('-').map(Number);
  const total = y * 12 + (m - 1) + years * 12 + months;
  const ny = Math.floor(total / 12);
  const nm = (total % 12) + 1;
  const last = new Date(Date.UTC(ny, nm, 0)).getUTCDate();
  return ymd(ny, nm, Math.min(d, last));
}
