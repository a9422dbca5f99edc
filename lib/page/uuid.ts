/**
 * Annotation ids. `crypto.randomUUID()` exists only in secure contexts (https, localhost), and
 * many government sites are still served over plain http — there the content script has
 * `crypto.getRandomValues` but no `randomUUID`. Same format either way: an RFC 4122 version-4 UUID.
 */
export interface CryptoLike {
  randomUUID?: () => string;
  getRandomValues<T extends ArrayBufferView | null>(array: T): T;
}

export function newUuid(c: CryptoLike | undefined = globalThis.crypto as CryptoLike | undefined): string {
  if (c && typeof c.randomUUID === 'function') return c.randomUUID();
  if (!c || typeof c.getRandomValues !== 'function') throw new Error('no source of random numbers (crypto.getRandomValues) in this context');
  const b = c.getRandomValues(new Uint8Array(16));
  b[6] = (b[6]! & 0x0f) | 0x40; // version 4
  b[8] = (b[8]! & 0x3f) | 0x80; // variant 10xx
  const hex = Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
