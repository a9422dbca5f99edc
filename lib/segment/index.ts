/**
 * Node entry point of lib/segment (CLI, eval, bench). Extension code imports ./web instead.
 */
export { createSegmenter, POLICY_VOCABULARY, type Segmenter, type JiebaApi } from './core';
export { getNodeSegmenter } from './node';
import type { PolicyModel } from '../analysis/types';
import { getNodeSegmenter } from './node';

export function addKeyTerms(model: PolicyModel, text: string, n = 5): PolicyModel {
  return getNodeSegmenter().addKeyTerms(model, text, n);
}
export function keyTerms(text: string, n = 5): string[] {
  return getNodeSegmenter().keyTerms(text, n);
}
export function searchTokens(text: string): string[] {
  return getNodeSegmenter().searchTokens(text);
}
