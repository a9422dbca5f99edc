/**
 * 加入文库 from the toolbar button's menu: the tab's document kept with its analysis and the input
 * it ran on — what the side panel's button does, without the panel. The frame that speaks for
 * the tab (bestFrame) is the document; a tab not analysed yet is analysed first (the page's own
 * analysis, so its document is resolved the usual way), waited for, then kept. The analysis is
 * run again here on the input the frame reports, so the recorded model and its source match.
 */
import type { AnalysisInput, PolicyModel } from '../analysis/types';
import { bestFrame, type FrameStore } from './frames';
import type { FrameDocument } from './frames';

export interface KeepTabDeps {
  frames: FrameStore;
  /** Keep the frame's document (lib/background/routes keepFrameDocument); answers its id. */
  keep(tabId: number, frameId: number, doc: FrameDocument): Promise<string>;
  /** What the frame's last analysis ran on (its `page:getAnalysisInput`); null when it cannot say. */
  input(tabId: number, frameId: number): Promise<AnalysisInput | null>;
  analyze(input: AnalysisInput): PolicyModel;
  /** Key terms where jieba runs, as the side panel adds them. */
  addKeyTerms?(model: PolicyModel, text: string): void;
  record(docId: string, model: PolicyModel, input: AnalysisInput): Promise<void>;
  /** Have the tab analysed (the content script injected when need be). */
  analyzeTab(tabId: number): Promise<void>;
  /** The side panel reads the tab again. */
  changed(tabId: number): void;
  sleep?(ms: number): Promise<void>;
}

export type KeepTabResult = { docId: string; recorded: boolean } | { error: 'no-document' };

const POLL_MS = 100;

async function documentFrame(deps: KeepTabDeps, tabId: number): Promise<{ frameId: number; doc: FrameDocument } | null> {
  const frames = await deps.frames.frames(tabId);
  const best = bestFrame(frames);
  const doc = best ? frames.get(best.frameId)?.doc : undefined;
  return best && doc ? { frameId: best.frameId, doc } : null;
}

export async function keepTab(deps: KeepTabDeps, tabId: number, opts: { timeoutMs?: number } = {}): Promise<KeepTabResult> {
  const sleep = deps.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  let found = await documentFrame(deps, tabId);
  if (!found) {
    await deps.analyzeTab(tabId);
    for (let waited = 0; !found && waited < (opts.timeoutMs ?? 10_000); waited += POLL_MS) {
      await sleep(POLL_MS);
      found = await documentFrame(deps, tabId);
    }
  }
  if (!found) return { error: 'no-document' };
  const docId = await deps.keep(tabId, found.frameId, found.doc);
  const input = await deps.input(tabId, found.frameId).catch(() => null);
  let recorded = false;
  if (input && typeof input.text === 'string') {
    const model = deps.analyze(input);
    deps.addKeyTerms?.(model, input.text);
    await deps.record(docId, model, input);
    recorded = true;
  }
  deps.changed(tabId);
  return { docId, recorded };
}
