import { useMemo, useState } from 'preact/hooks';
import { EMPTY_FILTER, isFilterActive, type FilterResult, type FilterSpec } from '../../lib/view/filter';
import { unitDisplayName, type ViewIndex } from '../../lib/view/model-index';
import { useT } from '../common/i18n';

/** Filter bar above the outline. Controlled: the spec lives in SidePanelApp (kept across tabs). */
export function Filters(props: { index: ViewIndex; spec: FilterSpec; onChange: (spec: FilterSpec) => void; result: FilterResult }) {
  const t = useT();
  const { index, spec, onChange, result } = props;
  const set = (patch: Partial<FilterSpec>) => onChange({ ...spec, ...patch });
  const units = useMemo(
    () => [...index.units].sort((a, b) => b.led - a.led || b.measures - a.measures || unitDisplayName(a).localeCompare(unitDisplayName(b), 'zh-Hans-CN')),
    [index],
  );
  const total = index.measures.length;
  const extra = [spec.unit, spec.area, spec.year != null ? 1 : null, spec.due].filter(Boolean).length;
  const [moreOpen, setMoreOpen] = useState(extra > 0);
  const withinDays = spec.withinDays ?? 30;
  return (
    <form class="pl-filters" role="search" aria-label={t('filtersLabel')} onSubmit={(e) => e.preventDefault()}>
      <div class="pl-field pl-field--wide">
        <label for="pl-f-query">{t('filterQuery')}</label>
        <input
          id="pl-f-query"
          type="search"
          value={spec.query ?? ''}
          placeholder={t('filterQueryPlaceholder')}
          onInput={(e) => set({ query: (e.currentTarget as HTMLInputElement).value })}
        />
      </div>
      <details class="pl-filter-more" open={moreOpen} onToggle={(e) => setMoreOpen((e.currentTarget as HTMLDetailsElement).open)}>
        <summary>
          {t('filtersMore')}
          {extra > 0 && <span class="pl-count"> ({extra})</span>}
        </summary>
        <div class="pl-filters__grid">
          <div class="pl-field pl-field--wide">
            <label for="pl-f-unit">{t('filterUnit')}</label>
            <select id="pl-f-unit" value={spec.unit ?? ''} onChange={(e) => set({ unit: (e.currentTarget as HTMLSelectElement).value || null })}>
              <option value="">{t('filterAll')}</option>
              {units.map((u) => (
                <option key={u.key} value={u.key}>
                  {unitDisplayName(u)}
                </option>
              ))}
            </select>
          </div>
          <fieldset class="pl-field pl-field--wide pl-radios" disabled={!spec.unit}>
            <legend class="pl-sr">{t('filterRole')}</legend>
            <label>
              <input type="radio" name="pl-f-role" checked={spec.unitRole !== 'lead'} onChange={() => set({ unitRole: 'any' })} />
              {t('filterRoleAny')}
            </label>
            <label>
              <input type="radio" name="pl-f-role" checked={spec.unitRole === 'lead'} onChange={() => set({ unitRole: 'lead' })} />
              {t('filterRoleLead')}
            </label>
          </fieldset>
          {index.areas.length > 0 && (
            <div class="pl-field pl-field--wide">
              <label for="pl-f-area">{t('filterArea')}</label>
              <select id="pl-f-area" value={spec.area ?? ''} onChange={(e) => set({ area: (e.currentTarget as HTMLSelectElement).value || null })}>
                <option value="">{t('filterAll')}</option>
                {index.areas.map((a) => (
                  <option key={a} value={a}>
                    {a}
                  </option>
                ))}
              </select>
            </div>
          )}
          <div class="pl-field">
            <label for="pl-f-year">{t('filterYear')}</label>
            <select
              id="pl-f-year"
              value={spec.year != null ? String(spec.year) : ''}
              onChange={(e) => {
                const v = (e.currentTarget as HTMLSelectElement).value;
                set({ year: v ? Number(v) : null });
              }}
            >
              <option value="">{t('filterAll')}</option>
              {index.years.map((y) => (
                <option key={y} value={String(y)}>
                  {y}
                </option>
              ))}
            </select>
          </div>
          <div class="pl-field">
            <label for="pl-f-due">{t('filterDue')}</label>
            <select
              id="pl-f-due"
              value={spec.due ?? ''}
              onChange={(e) => {
                const v = (e.currentTarget as HTMLSelectElement).value;
                set({ due: v === 'overdue' || v === 'within' ? v : null });
              }}
            >
              <option value="">{t('filterAll')}</option>
              <option value="overdue">{t('filterOverdue')}</option>
              <option value="within">{t('filterWithin', withinDays)}</option>
            </select>
          </div>
          {spec.due === 'within' && (
            <div class="pl-field">
              <label for="pl-f-days">{t('filterWithinDays')}</label>
              <input
                id="pl-f-days"
                type="number"
                min={1}
                max={3650}
                value={withinDays}
                onInput={(e) => {
                  const n = Math.round(Number((e.currentTarget as HTMLInputElement).value));
                  if (Number.isFinite(n) && n >= 1) set({ withinDays: Math.min(n, 3650) });
                }}
              />
            </div>
          )}
        </div>
      </details>
      <div class="pl-filters__foot">
        <span role="status" aria-live="polite" class="pl-muted">
          {result.active ? t('filterCount', result.matched.size, total) : t('filterCountAll', total)}
        </span>
        {isFilterActive(spec) && (
          <button type="button" class="pl-linkbtn" onClick={() => onChange({ ...EMPTY_FILTER })}>
            {t('filterClear')}
          </button>
        )}
      </div>
    </form>
  );
}
