/**
 * Node entry point of lib/segment (CLI, eval, bench). Extension code imports ./web instead.
 */
export { getNodeSegmenter } from './node';
import type { PolicyModel } from '../analysis/types';
import { getNodeSegmenter } from './node';

export function addKeyTerms(model: PolicyModel, text: string, n = 5): PolicyModel {
  return getNodeSegmenter().addKeyTerms(model, text, n);
}
