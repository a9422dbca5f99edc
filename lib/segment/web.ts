/**
 * Extension entry (background, side panel): the WASM file is shipped as a public asset
 * (wxt.config.ts copies it) and fetched with runtime.getURL; the caller passes that URL.
 * The first cut builds jieba's dictionary (~0.5 s): `warm()` does it once up front.
 */
import init, * as jieba from 'jieba-wasm/web';
import { createSegmenter, type JiebaApi, type Segmenter } from './core';
import { unitDictionaryWords } from './dictionary';

let pending: Promise<Segmenter> | null = null;

export function initWebSegmenter(wasmUrl: string): Promise<Segmenter> {
  pending ??= (async () => {
    await init({ module_or_path: wasmUrl });
    const seg = createSegmenter(jieba as unknown as JiebaApi, { unitWords: unitDictionaryWords() });
    seg.cut('预热分词词典'); // build the dictionary now, not on the user's first request
    return seg;
  })();
  pending.catch(() => (pending = null));
  return pending;
}
