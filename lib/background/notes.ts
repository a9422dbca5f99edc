/**
 * One-time tokens of the note editor. A content script asks for one (`bg:openNote`) with the
 * annotation whose note the user wants to write; the note frame — an extension page framed into
 * the page's closed shadow root, where the page's scripts cannot listen to the keys — is opened
 * with the token and speaks for that annotation of that frame only, until it saves or closes.
 *
 * Held in `storage.session` (the worker may be stopped while the user types), never readable by
 * content scripts. A token is 128 random bits and expires after NOTE_TOKEN_TTL_MS.
 */
import type { Annotation } from '../annotations/types';
import type { SessionAreaLike } from './frames';

export interface NoteBinding {
  tabId: number;
  frameId: number;
  /** The annotation as the content script described it (new or existing); saved through the frame's own rules. */
  annotation: Annotation;
  /** The frame's document when the token was issued (canonical URL): the note belongs to that page only. */
  url: string;
  /** ms since the epoch */
  issued: number;
}

export const NOTE_TOKEN_TTL_MS = 60 * 60 * 1000;

export interface NoteTokens {
  issue(b: Omit<NoteBinding, 'issued'>): Promise<string>;
  /** The binding of a live token, or null (unknown, expired). */
  get(token: string): Promise<NoteBinding | null>;
  drop(token: string): Promise<void>;
}

function randomToken(): string {
  const bytes = new Uint8Array(16);
  globalThis.crypto.getRandomValues(bytes);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

export function createNoteTokens(area: SessionAreaLike, now: () => number = Date.now): NoteTokens {
  const key = (token: string) => `note:${token}`;
  return {
    async issue(b) {
      const token = randomToken();
      await area.set({ [key(token)]: { ...b, issued: now() } satisfies NoteBinding });
      return token;
    },
    async get(token) {
      const b = (await area.get(key(token)))[key(token)] as NoteBinding | undefined;
      if (!b || typeof b !== 'object') return null;
      if (now() - b.issued > NOTE_TOKEN_TTL_MS) {
        await area.remove(key(token));
        return null;
      }
      return b;
    },
    drop: (token) => area.remove(key(token)),
  };
}
