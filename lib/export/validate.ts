/**
 * A tiny hand-written validator (no ajv / new Function at runtime: the MV3 CSP forbids eval).
 * Validators push `{ path, message }` issues; paths look like
 * `documents[3].annotations[12].target.selector[1].start`.
 */

export interface ValidationIssue {
  path: string;
  message: string;
}

export const MAX_ISSUES = 50;

export class Issues {
  readonly list: ValidationIssue[] = [];
  private dropped = 0;
  add(path: string, message: string): void {
    if (this.list.length < MAX_ISSUES) this.list.push({ path, message });
    else this.dropped++;
  }
  get count(): number {
    return this.list.length + this.dropped;
  }
  result(): ValidationIssue[] {
    return this.dropped
      ? [...this.list, { path: '', message: `另有 ${this.dropped} 处错误未列出 / ${this.dropped} more errors not shown` }]
      : this.list;
  }
}

export type Validator = (v: unknown, path: string, issues: Issues) => void;

export function at(path: string, key: string | number): string {
  if (typeof key === 'number') return `${path}[${key}]`;
  if (!/^[A-Za-z_$][\w$]*$/.test(key)) return `${path}[${JSON.stringify(key)}]`;
  return path ? `${path}.${key}` : key;
}

export function typeName(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  return typeof v;
}

export function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export const str =
  (opts: { nonEmpty?: boolean; max?: number; pattern?: RegExp; patternName?: string } = {}): Validator =>
  (v, path, issues) => {
    if (typeof v !== 'string') return issues.add(path, `应为字符串 / expected a string, got ${typeName(v)}`);
    if (opts.nonEmpty && !v) return issues.add(path, '不能为空 / must not be empty');
    if (opts.max !== undefined && v.length > opts.max) return issues.add(path, `过长（${v.length} > ${opts.max}）/ too long`);
    if (opts.pattern && !opts.pattern.test(v))
      issues.add(path, `格式不正确，应为 ${opts.patternName ?? opts.pattern.source} / invalid format: ${JSON.stringify(v.slice(0, 40))}`);
  };

export const num =
  (opts: { int?: boolean; min?: number; max?: number } = {}): Validator =>
  (v, path, issues) => {
    if (typeof v !== 'number' || !Number.isFinite(v)) return issues.add(path, `应为数字 / expected a number, got ${typeName(v)}`);
    if (opts.int && !Number.isInteger(v)) return issues.add(path, `应为整数 / expected an integer, got ${v}`);
    if (opts.min !== undefined && v < opts.min) return issues.add(path, `不能小于 ${opts.min} / must be ≥ ${opts.min}, got ${v}`);
    if (opts.max !== undefined && v > opts.max) issues.add(path, `不能大于 ${opts.max} / must be ≤ ${opts.max}, got ${v}`);
  };

export const bool: Validator = (v, path, issues) => {
  if (typeof v !== 'boolean') issues.add(path, `应为 true/false / expected a boolean, got ${typeName(v)}`);
};

export const literal =
  (...values: readonly (string | number | boolean | null)[]): Validator =>
  (v, path, issues) => {
    if (!values.includes(v as string)) issues.add(path, `应为 ${values.map((x) => JSON.stringify(x)).join(' | ')} / expected one of them, got ${JSON.stringify(v)?.slice(0, 40)}`);
  };

export const nullable =
  (inner: Validator): Validator =>
  (v, path, issues) => {
    if (v !== null) inner(v, path, issues);
  };

export const arr =
  (item: Validator, opts: { max?: number } = {}): Validator =>
  (v, path, issues) => {
    if (!Array.isArray(v)) return issues.add(path, `应为数组 / expected an array, got ${typeName(v)}`);
    if (opts.max !== undefined && v.length > opts.max) return issues.add(path, `条目过多（${v.length} > ${opts.max}）/ too many items`);
    v.forEach((x, i) => {
      if (issues.count < MAX_ISSUES) item(x, at(path, i), issues);
    });
  };

export const tuple =
  (...items: Validator[]): Validator =>
  (v, path, issues) => {
    if (!Array.isArray(v) || v.length !== items.length)
      return issues.add(path, `应为 ${items.length} 项的数组 / expected an array of ${items.length}`);
    items.forEach((it, i) => it(v[i], at(path, i), issues));
  };

/** Object with required and optional members; unknown members are allowed (forward compatible). */
export const obj =
  (required: Record<string, Validator>, optional: Record<string, Validator> = {}): Validator =>
  (v, path, issues) => {
    if (!isObject(v)) return issues.add(path, `应为对象 / expected an object, got ${typeName(v)}`);
    for (const [k, val] of Object.entries(required)) {
      if (!(k in v) || v[k] === undefined) issues.add(at(path, k), '缺少必填字段 / required field is missing');
      else val(v[k], at(path, k), issues);
    }
    for (const [k, val] of Object.entries(optional)) if (v[k] !== undefined) val(v[k], at(path, k), issues);
  };

export const record =
  (value: Validator): Validator =>
  (v, path, issues) => {
    if (!isObject(v)) return issues.add(path, `应为对象 / expected an object, got ${typeName(v)}`);
    for (const [k, x] of Object.entries(v)) value(x, at(path, k), issues);
  };

export const ISO_DATETIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})$/;
export const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
export const isoDateTime = str({ pattern: ISO_DATETIME, patternName: 'ISO 8601 时间 (2026-03-01T08:00:00Z)' });
export const isoDate = str({ pattern: ISO_DATE, patternName: 'YYYY-MM-DD' });
