import { describe, expect, it } from 'vitest';
import { unzipSync, strToU8, strFromU8 } from 'fflate';
import { zip } from '../../../lib/library/fflate-inline';

describe("the extension pages' fflate: zip compresses in place", () => {
  it('a large file zips without a worker and unzips to the same bytes, asynchronously like fflate', async () => {
    const big = '台账,'.repeat(200_000); // well over fflate's 160 kB worker threshold
    let returned = false;
    const out = await new Promise<Uint8Array>((resolve, reject) => {
      zip({ 'xl/sharedStrings.xml': strToU8(big), 'a.txt': strToU8('x') }, { level: 6 }, (err, data) => (err ? reject(err) : resolve(data)));
      returned = true;
    });
    expect(returned).toBe(true);
    const files = unzipSync(out);
    expect(strFromU8(files['xl/sharedStrings.xml']!)).toBe(big);
    expect(out.length).toBeLessThan(big.length / 10);
  });
  it('an error reaches the callback', async () => {
    const err = await new Promise<Error | null>((resolve) =>
      zip(
        {
          get bad(): Uint8Array {
            throw new Error('unreadable');
          },
        },
        (e) => resolve(e),
      ),
    );
    expect(err).toBeInstanceOf(Error);
  });
});
