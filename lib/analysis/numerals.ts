/** Chinese numerals (一 … 九十九, 百, 〇-style years) and circled digits. */

const DIGIT: Record<string, number> = {
  〇: 0,
  零: 0,
  O: 0,
  o: 0,
  一: 1,
  壹: 1,
  二: 2,
  贰: 2,
  两: 2,
  三: 3,
  叁: 3,
  四: 4,
  肆: 4,
  五: 5,
  伍: 5,
  六: 6,
  陆: 6,
  七: 7,
  柒: 7,
  八: 8,
  捌: 8,
  九: 9,
  玖: 9,
};

/**
 * Parse a Chinese numeral up to 9999 ("十一" 11, "二十三" 23, "九十九" 99, "一百零五" 105) or
 * ASCII digits. Returns null when not a number.
 */
export function parseCnNumber(str: string): number | null {
  if (!str) return null;
  if (/^\d+$/.test(str)) return Number(str);
  let total = 0;
  let cur = -1;
  let sawUnit = false;
  for (const c of str) {
    if (c in DIGIT) {
      cur = DIGIT[c]!;
    } else if (c === '十' || c === '拾') {
      total += (cur < 0 ? 1 : cur) * 10;
      cur = -1;
      sawUnit = true;
    } else if (c === '百' || c === '佰') {
      total += (cur < 0 ? 1 : cur) * 100;
      cur = -1;
      sawUnit = true;
    } else if (c === '千' || c === '仟') {
      total += (cur < 0 ? 1 : cur) * 1000;
      cur = -1;
      sawUnit = true;
    } else return null;
  }
  if (!sawUnit && str.length > 1) {
    // Positional form like 二〇一八.
    let v = 0;
    for (const c of str) {
      if (!(c in DIGIT)) return null;
      v = v * 10 + DIGIT[c]!;
    }
    return v;
  }
  if (cur >= 0) total += cur;
  return total;
}

/** Year written as 2018 or 二〇一八 / 二零一八. */
export function parseYear(str: string): number | null {
  if (/^\d{4}$/.test(str)) return Number(str);
  if (str.length !== 4) return null;
  let v = 0;
  for (const c of str) {
    if (!(c in DIGIT)) return null;
    v = v * 10 + DIGIT[c]!;
  }
  return v;
}

const CIRCLED = '①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳';

export function parseCircled(c: string): number | null {
  const i = CIRCLED.indexOf(c);
  return i < 0 ? null : i + 1;
}

function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

export function lastDayOfMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

export function ymd(year: number, month: number, day: number): string {
  return `${year}-${pad2(month)}-${pad2(day)}`;
}
