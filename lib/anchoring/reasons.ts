/**
 * Why an annotation could not be anchored, as a code: the reason travels as the code (a string
 * through the messaging, from the page to the side panel) and the view words it through the i18n
 * catalog (orphanReasonKey).
 */
import type { MessageKey } from '../i18n';

const ORPHAN_CODES = ['invalid-target', 'empty-quote', 'not-found', 'context-mismatch'] as const;
export type OrphanCode = (typeof ORPHAN_CODES)[number];

const KEYS: Record<OrphanCode, MessageKey> = {
  'invalid-target': 'orphanReason_invalidTarget',
  'empty-quote': 'orphanReason_emptyQuote',
  'not-found': 'orphanReason_notFound',
  'context-mismatch': 'orphanReason_contextMismatch',
};

export function orphanReason(code: OrphanCode): string {
  return code;
}

/** The code of an orphan reason ("code", or "code: words" as older pages sent it); 'unknown' otherwise. */
export function parseOrphanReason(reason: string): { code: OrphanCode | 'unknown' } {
  const i = reason.indexOf(': ');
  const code = i > 0 ? reason.slice(0, i) : reason;
  return { code: (ORPHAN_CODES as readonly string[]).includes(code) ? (code as OrphanCode) : 'unknown' };
}

/** Catalog key that words the reason, or null for a reason this version does not know (shown as it is). */
export function orphanReasonKey(reason: string): MessageKey | null {
  const { code } = parseOrphanReason(reason);
  return code === 'unknown' ? null : KEYS[code];
}
