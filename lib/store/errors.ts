/**
 * Storage errors and the retry wrapper every write goes through.
 *
 * IndexedDB failures reach us in several shapes: a DOMException (name = 'QuotaExceededError'),
 * a Dexie error wrapping it (`inner`), an AbortError whose transaction `error` was the quota
 * error, or a Dexie BulkError with `failures`. `classifyStorageError` walks all of them.
 *
 * A StorageError says what went wrong through the i18n catalog (`key`, storeErr_*) and, for
 * refused records, which fields and why (`issues`, SchemaIssue[] of lib/schema):
 * `describeStorageError(e, t)` words it in the UI language. No message text lives here.
 */
import type { MessageKey, T } from '../i18n';
import { describeIssues, type SchemaIssue } from '../schema';

export type StorageErrorCode =
  /** The browser refused to store more data (disk full / origin quota). Not retried. */
  | 'quota'
  /** A transient failure that did not go away after the bounded retries. */
  | 'failed'
  /** The record was rejected before writing (missing id, bad offsets ...). */
  | 'invalid'
  /** A unique key / constraint was violated. */
  | 'constraint'
  /** The database was opened by a newer version of the extension. */
  | 'version'
  /** The record to change does not exist. */
  | 'not-found';

const KEYS: Record<StorageErrorCode, MessageKey> = {
  quota: 'storeErr_quota',
  failed: 'storeErr_failed',
  invalid: 'storeErr_invalid',
  constraint: 'storeErr_constraint',
  version: 'storeErr_version',
  'not-found': 'storeErr_notFound',
};

function issueSummary(issues: readonly SchemaIssue[]): string {
  return issues.map((i) => `${i.path || '(value)'} ${i.key.replace(/^schemaErr_/, '')}${i.subs.length ? ` ${i.subs.join(', ')}` : ''}`).join('; ');
}

/**
 * A refused or failed write. Its `message` is for logs (the catalog key and the facts); what the
 * user reads is `describeStorageError(e, t)`. The background words it so before it crosses the
 * messaging (lib/protocol/serve's `reword`), where only a message survives.
 */
export class StorageError extends Error {
  readonly code: StorageErrorCode;
  /** Catalog key of the message (storeErr_*). */
  readonly key: MessageKey;
  /** For 'invalid': what the schema refused, field by field. */
  readonly issues: SchemaIssue[];
  /** The record concerned (an id), when there is one. */
  readonly subject: string | undefined;
  /** How many attempts were made before giving up (1 = no retry). */
  readonly attempts: number;
  override readonly cause: unknown;

  constructor(code: StorageErrorCode, opts: { detail?: string; cause?: unknown; attempts?: number; issues?: SchemaIssue[]; subject?: string } = {}) {
    const issues = opts.issues ?? [];
    const parts = [opts.subject, issues.length ? issueSummary(issues) : undefined, opts.detail].filter(Boolean);
    super(`${KEYS[code]}${parts.length ? ` ${parts.join(' ')}` : ''}`);
    this.name = 'StorageError';
    this.code = code;
    this.key = KEYS[code];
    this.issues = issues;
    this.subject = opts.subject;
    this.attempts = opts.attempts ?? 1;
    this.cause = opts.cause;
  }
}

/** The error in the UI language, naming the refused fields. */
export function describeStorageError(e: StorageError, t: T): string {
  const what = e.issues.length ? describeIssues(e.issues, t) : (e.subject ?? '');
  return t(e.key, what);
}

/** Any error as a sentence for the user: a StorageError in the UI language, others by their message. */
export function describeError(e: unknown, t: T): string {
  if (e instanceof StorageError) return describeStorageError(e, t);
  return e instanceof Error ? e.message : String(e);
}

export function isStorageError(e: unknown): e is StorageError {
  return e instanceof StorageError;
}

const TRANSIENT = new Set(['AbortError', 'TransactionInactiveError', 'UnknownError', 'TimeoutError']);

/** Every error name found in the chain (error, Dexie `inner`, `cause`, BulkError `failures`, transaction `error`). */
function errorNames(e: unknown, seen = new Set<unknown>()): string[] {
  if (e === null || typeof e !== 'object' || seen.has(e)) return [];
  seen.add(e);
  const out: string[] = [];
  const rec = e as Record<string, unknown>;
  if (typeof rec.name === 'string') out.push(rec.name);
  for (const k of ['inner', 'cause', 'error']) out.push(...errorNames(rec[k], seen));
  const failures = rec.failures;
  if (Array.isArray(failures)) for (const f of failures) out.push(...errorNames(f, seen));
  else if (failures && typeof failures === 'object') for (const f of Object.values(failures)) out.push(...errorNames(f, seen));
  return out;
}

export type ErrorClass = 'quota' | 'transient' | 'constraint' | 'version' | 'other';

export function classifyStorageError(e: unknown): ErrorClass {
  const names = errorNames(e);
  // Quota first: browsers report it as an AbortError of the transaction with a quota cause.
  if (names.some((n) => n === 'QuotaExceededError' || n === 'QuotaExceeded')) return 'quota';
  if (names.includes('ConstraintError')) return 'constraint';
  if (names.includes('VersionError')) return 'version';
  if (names.some((n) => TRANSIENT.has(n))) return 'transient';
  return 'other';
}

export interface RetryOptions {
  /** Retries after the first attempt (default 3 → at most 4 attempts). */
  retries?: number;
  /** First backoff delay in ms, doubled each retry (default 25). */
  baseDelayMs?: number;
  /** Injectable sleep (tests). */
  sleep?: (ms: number) => Promise<void>;
  /** Called before each retry (logging). */
  onRetry?: (attempt: number, error: unknown) => void;
}

const defaultSleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/**
 * Runs `fn`, retrying transient IndexedDB failures with exponential backoff. Quota and other
 * permanent failures are thrown at once as a StorageError; nothing is swallowed.
 */
export async function withRetry<T>(fn: () => Promise<T>, opts: RetryOptions = {}): Promise<T> {
  const retries = Math.max(0, opts.retries ?? 3);
  const base = opts.baseDelayMs ?? 25;
  const sleep = opts.sleep ?? defaultSleep;
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn();
    } catch (e) {
      if (e instanceof StorageError) throw e;
      const cls = classifyStorageError(e);
      const detail = describe(e);
      if (cls === 'quota') throw new StorageError('quota', { cause: e, attempts: attempt });
      if (cls === 'constraint') throw new StorageError('constraint', { cause: e, attempts: attempt, detail });
      if (cls === 'version') throw new StorageError('version', { cause: e, attempts: attempt });
      if (cls === 'transient' && attempt <= retries) {
        opts.onRetry?.(attempt, e);
        await sleep(base * 2 ** (attempt - 1));
        continue;
      }
      throw new StorageError('failed', { cause: e, attempts: attempt, detail });
    }
  }
}

function describe(e: unknown): string {
  if (e && typeof e === 'object') {
    const r = e as { name?: unknown; message?: unknown };
    const name = typeof r.name === 'string' ? r.name : 'Error';
    const msg = typeof r.message === 'string' ? r.message : '';
    return `[${name}${msg ? `: ${msg.slice(0, 200)}` : ''}]`;
  }
  return `[${String(e).slice(0, 200)}]`;
}
