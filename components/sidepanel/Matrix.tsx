import { useMemo, useState } from 'preact/hooks';
import { buildMatrix, defaultMatrixLevel, type MatrixSort } from '../../lib/view/matrix';
import type { ViewIndex } from '../../lib/view/model-index';
import { useT } from '../common/i18n';
import { DOC_LANG } from './Header';
import { roleWordCell, roleWordLabel } from '../common/roles';

/**
 * 责任矩阵: units as rows (sticky first column), measures as compact columns that scroll
 * horizontally at 320 px. Cells show 牵 (filled) for a lead, else the printed role's first
 * character (配, 参, 指 … outlined); a click scrolls the page to the measure. The row header filters the outline by that unit.
 */
export function Matrix(props: { index: ViewIndex; onCell: (measureId: string) => void; onUnit?: (unitKey: string) => void }) {
  const t = useT();
  const { index } = props;
  const maxDepth = useMemo(() => Math.max(1, ...[...index.nodes.values()].map((n) => n.depth)), [index]);
  const [level, setLevel] = useState(() => defaultMatrixLevel(index));
  const [sort, setSort] = useState<MatrixSort>('led');
  const matrix = useMemo(() => buildMatrix(index, { level, sort }), [index, level, sort]);

  return (
    <section class="pl-matrix" aria-labelledby="pl-matrix-h">
      <h2 id="pl-matrix-h" class="pl-sr">
        {t('tabMatrix')}
      </h2>
      <div class="pl-toolbar">
        {maxDepth > 1 && (
          <label>
            {t('matrixColumns')}{' '}
            <select value={String(level)} onChange={(e) => setLevel(Number((e.currentTarget as HTMLSelectElement).value))}>
              <option value="1">{t('matrixLevel1')}</option>
              <option value="2">{t('matrixLevel2')}</option>
            </select>
          </label>
        )}
        <label>
          {t('matrixSort')}{' '}
          <select value={sort} onChange={(e) => setSort((e.currentTarget as HTMLSelectElement).value as MatrixSort)}>
            <option value="led">{t('matrixSortLed')}</option>
            <option value="involved">{t('matrixSortInvolved')}</option>
            <option value="name">{t('matrixSortName')}</option>
            <option value="document">{t('matrixSortDocument')}</option>
          </select>
        </label>
      </div>
      <p class="pl-legend-inline pl-muted">
        <span class="pl-cell pl-cell--lead" aria-hidden="true">
          {t('cellLead')}
        </span>{' '}
        {t('roleLead')}{' '}
        <span class="pl-cell pl-cell--co" aria-hidden="true">
          {t('cellCo')}
        </span>{' '}
        {t('roleCo')}
      </p>
      {matrix.rows.length === 0 ? (
        <p class="pl-empty">{t('matrixEmpty')}</p>
      ) : (
        <div class="pl-scroll-x" tabIndex={0} role="region" aria-label={t('matrixScroll')}>
          <table class="pl-matrix__table">
            <caption class="pl-sr">{t('matrixCaption')}</caption>
            <thead>
              <tr>
                <th scope="col" class="pl-matrix__corner">
                  {t('matrixUnit')}
                </th>
                {matrix.columns.map((c) => (
                  <th scope="col" key={c.id} title={`${c.path} ${c.title}`} aria-label={`${c.path} ${c.title}`} lang={DOC_LANG}>
                    <span aria-hidden="true">{c.label}</span>
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {matrix.rows.map((r) => (
                <tr key={r.key}>
                  <th scope="row" class="pl-matrix__unit">
                    {props.onUnit ? (
                      <button
                        type="button"
                        class="pl-linkbtn"
                        lang={DOC_LANG}
                        title={t('matrixFilterUnit', r.canonical ?? r.label)}
                        onClick={() => props.onUnit!(r.key)}
                      >
                        {r.label}
                      </button>
                    ) : (
                      <span lang={DOC_LANG}>{r.label}</span>
                    )}
                    <span class="pl-matrix__counts">{t('matrixCounts', r.led, r.involved)}</span>
                  </th>
                  {r.cells.map((cell, i) => {
                    const col = matrix.columns[i]!;
                    if (!cell) return <td key={col.id} class="pl-matrix__empty" />;
                    // The printed role (配合, 指导 …) where the model has it; lead always reads as 牵头.
                    const role = cell.role === 'lead' ? t('roleLead') : cell.word ? roleWordLabel(t, cell.word) : t('roleCo');
                    return (
                      <td key={col.id}>
                        <button
                          type="button"
                          class={`pl-cell pl-cell--${cell.role}${cell.inherited ? ' is-inherited' : ''}`}
                          aria-label={t('matrixCellLabel', r.label, col.path, role)}
                          title={`${r.label} · ${col.path} ${col.title} · ${role}`}
                          onClick={() => props.onCell(cell.targetId)}
                        >
                          {cell.role === 'lead' ? t('cellLead') : cell.word ? roleWordCell(t, cell.word) : t('cellCo')}
                        </button>
                      </td>
                    );
                  })}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
