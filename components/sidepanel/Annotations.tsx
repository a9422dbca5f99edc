import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { describeError } from '../../lib/store/errors';
import { orphanReasonKey } from '../../lib/anchoring/reasons';
import type { T } from '../../lib/i18n';
import type { Annotation, MeasureNote } from '../../lib/annotations/types';
import type { ViewIndex } from '../../lib/view/model-index';
import { useT } from '../common/i18n';
import { annotationSwatchClass, sampleCss } from '../common/palette';
import { statusLabel } from './Outline';
import type { ExportKind, ExportScope, ImportSummary, OrphanInfo, PanelActions, SearchResult } from './types';

type AnnActions = Pick<
  PanelActions,
  'openAnnotation' | 'deleteAnnotation' | 'undoDelete' | 'exportFile' | 'importFile' | 'searchAll' | 'reattachOrphan' | 'scrollToMeasure' | 'listAllAnnotations'
>;

/** An orphan's reason in the UI language (a reason this version does not know is shown as it came). */
function describeOrphanReason(reason: string, t: T): string {
  const key = orphanReasonKey(reason);
  return key ? t(key) : reason;
}

/** The innermost measure whose span contains `offset`. */
function measureAt(index: ViewIndex, offset: number): string | null {
  let best: string | null = null;
  let bestDepth = 0;
  for (const m of index.measures) {
    if (m.start > offset) break;
    if (offset < m.end) {
      const d = index.nodes.get(m.id)!.depth;
      if (d >= bestDepth) {
        best = m.id;
        bestDepth = d;
      }
    }
  }
  return best;
}

export interface AnnotationGroup {
  measureId: string | null;
  annotations: Annotation[];
}

/** This page's annotations in document order, grouped by measure (target.measureId, or found by position). */
function groupAnnotations(index: ViewIndex, annotations: Annotation[]): AnnotationGroup[] {
  const live = annotations.filter((a) => !a.deleted).sort((a, b) => a.target.position.start - b.target.position.start);
  const groups: AnnotationGroup[] = [];
  for (const a of live) {
    const known = a.target.measureId && index.nodes.has(a.target.measureId) ? a.target.measureId : null;
    const mid = known ?? measureAt(index, a.target.position.start);
    const last = groups[groups.length - 1];
    if (last && last.measureId === mid) last.annotations.push(a);
    else groups.push({ measureId: mid, annotations: [a] });
  }
  return groups;
}

const EXPORTS: { kind: ExportKind; label: string }[] = [
  { kind: 'json', label: 'JSON' },
  { kind: 'csv', label: 'CSV' },
  { kind: 'md', label: 'Markdown' },
  { kind: 'ics', label: 'ICS' },
];

/** The page's annotation colours (static CSS from the painter palette). */
const SWATCH_CSS = sampleCss('light');

/** A line shown after an action, with optional detail lines (an import's per-record report). */
type PanelMessage = { kind: 'ok' | 'error'; text: string; lines?: string[] };

const SAFE_URL = /^(https?|file):/i;

export function AnnotationsView(props: {
  index: ViewIndex;
  annotations: Annotation[];
  orphans: OrphanInfo[];
  measureNotes: MeasureNote[];
  /** Deleted from the page's card: offered for Undo like a deletion made here. */
  deletedInPage?: Annotation | null;
  actions: AnnActions;
}) {
  const t = useT();
  const { index, actions } = props;
  const groups = useMemo(() => groupAnnotations(index, props.annotations), [index, props.annotations]);
  const [deleted, setDeleted] = useState<Annotation | null>(props.deletedInPage ?? null);
  const [deletedHere, setDeletedHere] = useState(false);
  useEffect(() => {
    if (props.deletedInPage) {
      setDeleted(props.deletedInPage);
      setDeletedHere(false);
    }
  }, [props.deletedInPage]);
  const [message, setMessage] = useState<PanelMessage | null>(null);
  const notes = useMemo(
    () =>
      props.measureNotes
        .filter((n) => n.status || n.note)
        .sort((a, b) => (index.nodes.get(a.measureId)?.order ?? 1e9) - (index.nodes.get(b.measureId)?.order ?? 1e9)),
    [props.measureNotes, index],
  );

  const guard = async (f: () => unknown, ok?: string) => {
    try {
      await f();
      if (ok) setMessage({ kind: 'ok', text: ok });
      return true;
    } catch (e) {
      setMessage({ kind: 'error', text: t('actionFailed', describeError(e, t)) });
      return false;
    }
  };

  const onDelete = async (a: Annotation) => {
    if (await guard(() => actions.deleteAnnotation(a.id))) {
      setDeleted(a);
      setDeletedHere(true);
    }
  };
  const onUndo = async () => {
    if (deleted && (await guard(() => actions.undoDelete(deleted.id)))) setDeleted(null);
  };

  const measureLabel = (id: string | null) => {
    const m = id ? index.nodes.get(id)?.measure : undefined;
    return m ? `${m.path} ${m.title}` : t('noMeasure');
  };

  return (
    <div class="pl-annotations">
      <style>{SWATCH_CSS}</style>
      <SearchAll actions={actions} />

      {deleted && (
        <div class="pl-undo" role="status">
          <span>{t(deletedHere ? 'annotationDeleted' : 'annotationDeletedInPage', clip(deleted.target.quote.exact, 24))}</span>
          <button type="button" onClick={() => void onUndo()}>
            {t('undo')}
          </button>
        </div>
      )}
      {message && (
        <p class={message.kind === 'error' ? 'pl-error' : 'pl-muted'} role={message.kind === 'error' ? 'alert' : 'status'}>
          {message.text}
        </p>
      )}
      {message?.lines && message.lines.length > 0 && (
        <ul class="pl-report" aria-label={message.text}>
          {message.lines.map((l, i) => (
            <li key={i}>{l}</li>
          ))}
        </ul>
      )}

      <section aria-labelledby="pl-ann-h">
        <h2 id="pl-ann-h" class="pl-h2">
          {t('annotationsThisPage')} <span class="pl-count">{groups.reduce((n, g) => n + g.annotations.length, 0)}</span>
        </h2>
        {groups.length === 0 ? (
          <p class="pl-empty">{t('annotationsEmpty')}</p>
        ) : (
          groups.map((g, gi) => (
            <section key={`${g.measureId ?? 'none'}-${gi}`} class="pl-ann-group" aria-label={measureLabel(g.measureId)}>
              <h3 class="pl-h3">
                {g.measureId ? (
                  <button type="button" class="pl-linkbtn" onClick={() => actions.scrollToMeasure(g.measureId!)}>
                    {measureLabel(g.measureId)}
                  </button>
                ) : (
                  measureLabel(null)
                )}
              </h3>
              <ul class="pl-ann-list">
                {g.annotations.map((a) => (
                  <li key={a.id} class="pl-ann">
                    <span class={`pl-ann__swatch ${annotationSwatchClass(a.color)}`} aria-hidden="true" />
                    <blockquote class="pl-ann__quote">{a.target.quote.exact}</blockquote>
                    {a.note && <p class="pl-ann__note">{a.note}</p>}
                    {a.tags.length > 0 && (
                      <p class="pl-ann__tags">
                        {a.tags.map((tag) => (
                          <span key={tag} class="pl-tag">
                            #{tag}
                          </span>
                        ))}
                      </p>
                    )}
                    <div class="pl-ann__actions">
                      <button type="button" onClick={() => actions.openAnnotation(a.id)}>
                        {t('annotationOpen')}
                      </button>
                      <button type="button" aria-label={t('annotationDeleteLabel', clip(a.target.quote.exact, 24))} onClick={() => void onDelete(a)}>
                        {t('annotationDelete')}
                      </button>
                    </div>
                  </li>
                ))}
              </ul>
            </section>
          ))
        )}
      </section>

      {props.orphans.length > 0 && (
        <section aria-labelledby="pl-orph-h" class="pl-orphans">
          <h2 id="pl-orph-h" class="pl-h2">
            {t('orphansTitle')} <span class="pl-count">{props.orphans.length}</span>
          </h2>
          <p class="pl-muted">{t('orphansHint')}</p>
          <ul class="pl-ann-list">
            {props.orphans.map(({ annotation: a, reason }) => (
              <li key={a.id} class="pl-ann pl-ann--orphan">
                <blockquote class="pl-ann__quote">{a.target.quote.exact}</blockquote>
                {a.note && <p class="pl-ann__note">{a.note}</p>}
                <p class="pl-muted">{t('orphanReason', describeOrphanReason(reason, t))}</p>
                <div class="pl-ann__actions">
                  <button type="button" onClick={() => void guard(() => actions.reattachOrphan(a.id))}>
                    {t('reattach')}
                  </button>
                  <button type="button" onClick={() => void onDelete(a)}>
                    {t('annotationDelete')}
                  </button>
                </div>
              </li>
            ))}
          </ul>
        </section>
      )}

      {notes.length > 0 && (
        <section aria-labelledby="pl-notes-h">
          <h2 id="pl-notes-h" class="pl-h2">
            {t('measureNotesTitle')} <span class="pl-count">{notes.length}</span>
          </h2>
          <ul class="pl-ann-list">
            {notes.map((n) => (
              <li key={n.id} class="pl-ann">
                <button type="button" class="pl-linkbtn" onClick={() => actions.scrollToMeasure(n.measureId)}>
                  {index.nodes.has(n.measureId) ? measureLabel(n.measureId) : n.measurePath}
                </button>
                {n.status && <span class="pl-status"> {statusLabel(t, n.status)}</span>}
                {n.note && <p class="pl-ann__note">{n.note}</p>}
              </li>
            ))}
          </ul>
        </section>
      )}

      <ExportImport actions={actions} onMessage={setMessage} />
    </div>
  );
}

function clip(s: string, n: number): string {
  const chars = [...s];
  return chars.length > n ? `${chars.slice(0, n).join('')}…` : s;
}

function SearchAll({ actions }: { actions: AnnActions }) {
  const t = useT();
  const [q, setQ] = useState('');
  const [state, setState] = useState<
    { kind: 'idle' } | { kind: 'busy' } | { kind: 'done'; query: string; results: SearchResult[] } | { kind: 'error'; text: string }
  >({ kind: 'idle' });
  const seq = useRef(0);
  const submit = async (e: Event) => {
    e.preventDefault();
    const query = q.trim();
    if (!query) return;
    const my = ++seq.current;
    setState({ kind: 'busy' });
    try {
      const results = await actions.searchAll(query);
      if (my === seq.current) setState({ kind: 'done', query, results });
    } catch (err) {
      if (my === seq.current) setState({ kind: 'error', text: t('searchFailed', describeError(err, t)) });
    }
  };
  const listAll = async () => {
    if (!actions.listAllAnnotations) return;
    const my = ++seq.current;
    setState({ kind: 'busy' });
    try {
      const results = await actions.listAllAnnotations();
      if (my === seq.current) setState({ kind: 'done', query: '', results });
    } catch (err) {
      if (my === seq.current) setState({ kind: 'error', text: t('searchFailed', describeError(err, t)) });
    }
  };
  return (
    <section class="pl-searchall" aria-labelledby="pl-search-h">
      <h2 id="pl-search-h" class="pl-h2">
        {t('searchAllTitle')}
      </h2>
      <form role="search" onSubmit={(e) => void submit(e)} class="pl-row-form">
        <label for="pl-search-q" class="pl-sr">
          {t('searchAllLabel')}
        </label>
        <input
          id="pl-search-q"
          type="search"
          value={q}
          placeholder={t('searchAllPlaceholder')}
          onInput={(e) => setQ((e.currentTarget as HTMLInputElement).value)}
        />
        <button type="submit">{t('searchAllButton')}</button>
        {actions.listAllAnnotations && (
          <button type="button" data-action="list-all" onClick={() => void listAll()}>
            {t('listAllAnnotations')}
          </button>
        )}
      </form>
      <div aria-live="polite">
        {state.kind === 'busy' && <p class="pl-muted">{t('searching')}</p>}
        {state.kind === 'error' && (
          <p class="pl-error" role="alert">
            {state.text}
          </p>
        )}
        {state.kind === 'done' &&
          (state.results.length === 0 ? (
            <p class="pl-muted">{state.query ? t('searchNoResults', state.query) : t('listAllEmpty')}</p>
          ) : (
            <>
              <p class="pl-muted">{t('searchResultCount', state.results.length)}</p>
              <ul class="pl-ann-list">
                {state.results.map((r, i) => (
                  <li key={`${r.docId}-${r.annotationId ?? r.measureId ?? i}`} class="pl-ann">
                    <p class="pl-result__doc">
                      {SAFE_URL.test(r.url) ? (
                        <a href={r.url} target="_blank" rel="noopener noreferrer">
                          {r.docTitle || r.url}
                        </a>
                      ) : (
                        r.docTitle || r.url
                      )}
                      {r.measurePath && <span class="pl-muted"> · {r.measurePath}</span>}
                    </p>
                    <blockquote class="pl-ann__quote">{r.text}</blockquote>
                    {r.note && <p class="pl-ann__note">{r.note}</p>}
                    {r.annotationId && (
                      <button type="button" onClick={() => actions.openAnnotation(r.annotationId!)}>
                        {t('annotationOpen')}
                      </button>
                    )}
                  </li>
                ))}
              </ul>
            </>
          ))}
      </div>
    </section>
  );
}

function ExportImport({ actions, onMessage }: { actions: AnnActions; onMessage: (m: PanelMessage) => void }) {
  const t = useT();
  const [scope, setScope] = useState<ExportScope>('doc');
  const [busy, setBusy] = useState(false);
  const fileRef = useRef<HTMLInputElement>(null);
  const onExport = async (kind: ExportKind) => {
    try {
      await actions.exportFile(kind, scope);
    } catch (e) {
      onMessage({ kind: 'error', text: t('exportFailed', describeError(e, t)) });
    }
  };
  const onImport = async (e: Event) => {
    const input = e.currentTarget as HTMLInputElement;
    const file = input.files?.[0];
    if (!file) return;
    setBusy(true);
    try {
      const r = (await actions.importFile(file)) as ImportSummary | void;
      if (r && typeof r === 'object') {
        onMessage({
          kind: r.errors.length ? 'error' : 'ok',
          text: [r.summary ?? t('importSummary', r.imported, r.skipped), ...r.errors].join(' '),
          lines: r.report,
        });
      } else onMessage({ kind: 'ok', text: t('importDone', file.name) });
    } catch (err) {
      onMessage({ kind: 'error', text: t('importFailed', file.name, describeError(err, t)) });
    } finally {
      setBusy(false);
      input.value = '';
    }
  };
  return (
    <section class="pl-export" aria-labelledby="pl-export-h">
      <h2 id="pl-export-h" class="pl-h2">
        {t('exportTitle')}
      </h2>
      <fieldset class="pl-radios">
        <legend class="pl-sr">{t('exportScope')}</legend>
        <label>
          <input type="radio" name="pl-export-scope" checked={scope === 'doc'} onChange={() => setScope('doc')} />
          {t('exportScopeDoc')}
        </label>
        <label>
          <input type="radio" name="pl-export-scope" checked={scope === 'all'} onChange={() => setScope('all')} />
          {t('exportScopeAll')}
        </label>
      </fieldset>
      <div class="pl-btnrow">
        {EXPORTS.map((x) => (
          <button key={x.kind} type="button" aria-label={t('exportAs', x.label)} onClick={() => void onExport(x.kind)}>
            {x.label}
          </button>
        ))}
      </div>
      <label class="pl-import">
        {t('importLabel')}{' '}
        <input
          ref={fileRef}
          type="file"
          accept=".json,.jsonld,.csv,application/json,application/ld+json,text/csv"
          disabled={busy}
          onChange={(e) => void onImport(e)}
        />
      </label>
    </section>
  );
}
