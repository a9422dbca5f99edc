import { describe, expect, it } from 'vitest';
import { webcrypto } from 'node:crypto';
import { newUuid } from '../../../lib/page/uuid';

const V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('newUuid', () => {
  it('uses crypto.randomUUID where the context has it (https pages, extension pages)', () => {
    expect(newUuid({ randomUUID: () => 'from-randomUUID', getRandomValues: (a) => a })).toBe('from-randomUUID');
  });

  it('falls back to getRandomValues on plain-http pages, where randomUUID is not exposed', () => {
    const insecure = {
      getRandomValues: <T extends ArrayBufferView | null>(a: T) => webcrypto.getRandomValues(a as unknown as Uint8Array<ArrayBuffer>) as unknown as T,
    };
    const ids = new Set(Array.from({ length: 200 }, () => newUuid(insecure)));
    expect(ids.size).toBe(200);
    for (const id of ids) expect(id).toMatch(V4);
  });

  it('sets the version and variant bits whatever the random bytes are', () => {
    expect(newUuid({ getRandomValues: (a) => ((a as Uint8Array).fill(0xff), a) })).toBe('ffffffff-ffff-4fff-bfff-ffffffffffff');
    expect(newUuid({ getRandomValues: (a) => ((a as Uint8Array).fill(0), a) })).toBe('00000000-0000-4000-8000-000000000000');
  });

  it('says so when there is no random source at all', () => {
    expect(() => newUuid({} as never)).toThrow(/getRandomValues/);
  });
});
