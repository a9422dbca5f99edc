import type { MeasureUnit } from '../../lib/view/model-index';
import { useT } from './i18n';
import { roleWordLabel } from './roles';

/**
 * A unit name; lead units are filled and carry a visible 牵头 label (not colour alone); the
 * others carry the role the document prints for them (配合, 参与, 指导 …) when it is known.
 */
export function UnitChip({ unit }: { unit: Pick<MeasureUnit, 'label' | 'canonical' | 'role'> & { word?: MeasureUnit['word'] } }) {
  const t = useT();
  const lead = unit.role === 'lead';
  const tag = lead ? t('roleLead') : unit.word ? roleWordLabel(t, unit.word) : null;
  return (
    <span class={lead ? 'pl-chip pl-chip--lead' : 'pl-chip pl-chip--co'} title={unit.canonical && unit.canonical !== unit.label ? unit.canonical : undefined}>
      {tag && <span class="pl-chip__tag">{tag}</span>}
      {unit.label}
    </span>
  );
}
