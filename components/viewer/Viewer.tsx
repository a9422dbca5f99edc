/**
 * The file viewer's side: open a PDF (a file input, or a file dropped anywhere on the page), what
 * the file is (its title, 文号, pages, measures), why it cannot be read when it cannot, and the
 * outline of measures with who leads each and when it is due; a measure's line scrolls the pages
 * to it; keeping the file, its highlights' count, and undoing a highlight deleted here (a highlight
 * is made, coloured, noted, tagged and deleted with the page's toolbar and cards on the pages
 * themselves: components/page/ui). Props-driven (entrypoints/viewer wires pdf.js and the engine); all text rendered as text.
 */
import type { T } from '../../lib/i18n';
import { FILE_ACCEPT } from '../../lib/viewer/formats';

export interface OutlineLine {
  id: string;
  path: string;
  title: string;
  level: number;
  leads: string[];
  deadlines: string[];
}

export type ViewerState =
  | { phase: 'empty' }
  | { phase: 'loading'; name: string }
  | { phase: 'failed'; name: string; message: string }
  | {
      phase: 'ready';
      name: string;
      title: string | null;
      docNumber: string | null;
      pages: number;
      notice: string | null;
      outline: OutlineLine[];
      counts: { leads: number; deadlines: number };
      /** Kept in the library; the analyst's highlights on it (null: the file has no text to highlight). */
      kept?: boolean;
      highlights?: number | null;
      /** What the last keep / highlight said, when it failed or there was nothing selected. */
      status?: string | null;
      /** The highlight just deleted here, offered for undo. */
      deleted?: string | null;
    };

export interface ViewerActions {
  open(file: File): void;
  jump(measureId: string): void;
  keep(): void;
  /** Bring back a highlight deleted here. */
  restore(id: string): void;
}

export function Viewer({ state, actions, t }: { state: ViewerState; actions: ViewerActions; t: T }) {
  const { open, jump } = actions;
  return (
    <div class="pl-viewer-side" data-phase={state.phase}>
      <h1>{t('vwTitle')}</h1>
      <label class="pl-viewer-open">
        {t('vwOpen')}{' '}
        <input
          type="file"
          data-input="file"
          accept={FILE_ACCEPT}
          onChange={(e) => {
            const f = (e.currentTarget as HTMLInputElement).files?.[0];
            if (f) open(f);
          }}
        />
      </label>
      {state.phase === 'empty' && <p class="pl-muted">{t('vwDrop')}</p>}
      {state.phase === 'loading' && <p role="status">{t('vwLoading', state.name)}</p>}
      {state.phase === 'failed' && (
        <p role="alert" class="pl-error" data-testid="vw-message">
          {state.message}
        </p>
      )}
      {state.phase === 'ready' && (
        <>
          <h2 lang="zh-CN" data-testid="vw-doc-title">
            {state.title ?? state.name}
          </h2>
          {state.docNumber && <p lang="zh-CN">{state.docNumber}</p>}
          <p class="pl-muted" data-testid="vw-summary">
            {t('vwSummary', state.pages, state.outline.length, state.counts.leads, state.counts.deadlines)}
          </p>
          {state.highlights !== null && state.highlights !== undefined && (
            <div class="pl-viewer-actions">
              {state.kept ? (
                <span class="pl-badge" data-testid="vw-kept">
                  {t('libKept')}
                </span>
              ) : (
                <button type="button" data-action="keep" onClick={actions.keep}>
                  {t('libKeep')}
                </button>
              )}{' '}
              <span class="pl-muted" data-testid="vw-highlights">
                {t('vwHighlights', state.highlights)}
              </span>
              {state.deleted && (
                <p role="status" class="pl-muted" data-testid="vw-deleted">
                  {t('vwDeleted')}{' '}
                  <button type="button" class="pl-linkbtn" data-action="undo" onClick={() => actions.restore(state.deleted!)}>
                    {t('undo')}
                  </button>
                </p>
              )}
              {state.status && (
                <p role="status" class="pl-muted">
                  {state.status}
                </p>
              )}
            </div>
          )}
          {state.notice && (
            <p role="alert" class="pl-error" data-testid="vw-message">
              {state.notice}
            </p>
          )}
          <ol class="pl-viewer-outline" aria-label={t('vwOutline')}>
            {state.outline.map((m) => (
              <li key={m.id} data-measure={m.id} style={{ paddingLeft: `${(m.level - 1) * 12}px` }}>
                <button type="button" class="pl-linkbtn" onClick={() => jump(m.id)} lang="zh-CN">
                  {m.path} {m.title}
                </button>
                {m.leads.length > 0 && (
                  <span class="pl-badge pl-lead" lang="zh-CN">
                    {m.leads.join('、')}
                  </span>
                )}
                {m.deadlines.length > 0 && (
                  <span class="pl-viewer-due" lang="zh-CN">
                    {m.deadlines.join('；')}
                  </span>
                )}
              </li>
            ))}
          </ol>
        </>
      )}
    </div>
  );
}
