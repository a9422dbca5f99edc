/** Node entry (CLI, tests, bench): jieba-wasm's Node build initialises synchronously. */
import * as jieba from 'jieba-wasm';
import { createSegmenter, type Segmenter } from './core';
import { unitDictionaryWords } from './dictionary';

let instance: Segmenter | null = null;

export function getNodeSegmenter(): Segmenter {
  instance ??= createSegmenter(jieba as unknown as import('./core').JiebaApi, { unitWords: unitDictionaryWords() });
  return instance;
}
