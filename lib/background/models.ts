/**
 * The whole models of the frames' last analyses, held between `bg:paint` (which answers only
 * what the page paints) and the page's `bg:model` (which fetches the rest once the highlights
 * are on screen). In the worker's memory on purpose: a model is megabytes, needed for a fraction
 * of a second, and a restarted worker losing it costs only a second analysis (the page falls
 * back to `bg:analyze`).
 *
 * One model per frame (a newer analysis replaces it), fetched once (then dropped), and at most
 * `limit` in all (the oldest goes first): memory stays bounded however many tabs analyse.
 */
import type { PolicyModel } from '../analysis/types';

export interface ModelCache {
  /** Keep the model of this frame's newest analysis; answers the key its page fetches it with. */
  put(tabId: number, frameId: number, model: PolicyModel): string;
  /** The model under `key` if it belongs to this frame (and drop it); undefined otherwise. */
  take(key: string, tabId: number, frameId: number): PolicyModel | undefined;
  /** Forget the tab's models (closed or navigated). */
  dropTab(tabId: number): void;
  readonly size: number;
}

export function createModelCache(limit = 8): ModelCache {
  /** frame ("tab:frame") → its newest model; Map order is insertion order, so the first is the oldest. */
  const byFrame = new Map<string, { key: string; model: PolicyModel }>();
  let n = 0;
  return {
    put(tabId, frameId, model) {
      const frame = `${tabId}:${frameId}`;
      const key = `${frame}:${++n}`;
      byFrame.delete(frame);
      byFrame.set(frame, { key, model });
      while (byFrame.size > limit) byFrame.delete(byFrame.keys().next().value!);
      return key;
    },
    take(key, tabId, frameId) {
      const frame = `${tabId}:${frameId}`;
      const kept = byFrame.get(frame);
      if (!kept || kept.key !== key) return undefined;
      byFrame.delete(frame);
      return kept.model;
    },
    dropTab(tabId) {
      for (const frame of [...byFrame.keys()]) if (frame.startsWith(`${tabId}:`)) byFrame.delete(frame);
    },
    get size() {
      return byFrame.size;
    },
  };
}
