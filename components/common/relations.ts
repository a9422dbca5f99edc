/**
 * How a document uses one it cites (CitationRelation) in the UI's language: one catalog key per
 * relation, shared by the in-page card and the library.
 */
import type { CitationRelation } from '../../lib/analysis/types';
import type { MessageKey, T } from '../../lib/i18n';

const KEY: Record<CitationRelation, MessageKey> = {
  implements: 'cdRelImplements',
  basis: 'cdRelBasis',
  follows: 'cdRelFollows',
  refers: 'cdRelRefers',
  transmits: 'cdRelTransmits',
  mentions: 'cdRelMentions',
};

export function relationLabel(t: T, r: CitationRelation): string {
  return t(KEY[r]);
}
