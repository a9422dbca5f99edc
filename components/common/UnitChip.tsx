import type { MeasureUnit } from '../../lib/view/model-index';
import { useT } from './i18n';

/** A unit name; lead units are filled and carry a visible 牵头 label (not colour alone). */
export function UnitChip({ unit }: { unit: Pick<MeasureUnit, 'label' | 'canonical' | 'role'> }) {
  const t = useT();
  const lead = unit.role === 'lead';
  return (
    <span
      class={lead ? 'pl-chip pl-chip--lead' : 'pl-chip pl-chip--co'}
      title={unit.canonical && unit.canonical !== unit.label ? unit.canonical : undefined}
    >
      {lead && <span class="pl-chip__tag">{t('roleLead')}</span>}
      {unit.label}
    </span>
  );
}
