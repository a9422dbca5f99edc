/**
 * A unit's printed role (RoleWord, in the document's words) in the UI's language: one catalog
 * key per role for the full word and one for its one-character matrix cell.
 */
import type { RoleWord } from '../../lib/analysis/types';
import type { T } from '../../lib/i18n';

const KEY: Record<RoleWord, 'lead' | 'charge' | 'resp' | 'coop' | 'part' | 'assist' | 'coord' | 'guide' | 'impl'> = {
  牵头: 'lead',
  负责: 'charge',
  责任: 'resp',
  配合: 'coop',
  参与: 'part',
  协办: 'assist',
  协同: 'coord',
  指导: 'guide',
  落实: 'impl',
};

export function roleWordLabel(t: T, word: RoleWord): string {
  return t(`roleWord_${KEY[word]}`);
}

export function roleWordCell(t: T, word: RoleWord): string {
  return t(`cellWord_${KEY[word]}`);
}
