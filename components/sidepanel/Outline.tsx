import { Component } from 'preact';
import { describeError } from '../../lib/store/errors';
import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { Deadline } from '../../lib/analysis/types';
import { MEASURE_STATUSES, type MeasureNote, type MeasureStatus } from '../../lib/annotations/types';
import type { FilterResult } from '../../lib/view/filter';
import { ancestorsOf, type ViewIndex } from '../../lib/view/model-index';
import { visibleRows, type TreeRow } from '../../lib/view/tree';
import { isPastDeadline } from '../../lib/view/dates';
import type { T } from '../../lib/i18n';
import { useT } from '../common/i18n';
import { UnitChip } from '../common/UnitChip';
import type { PanelActions } from './types';
import { DOC_LANG } from './Header';

type OutlineActions = Pick<PanelActions, 'scrollToMeasure' | 'setMeasureStatus' | 'setMeasureNote'>;

/** Rows rendered at once; more on demand ("show more" or arrowing past the end). */
const OUTLINE_PAGE = 200;

export interface OutlineProps {
  index: ViewIndex;
  filter: FilterResult;
  today: string;
  currentMeasureId: string | null;
  notes: ReadonlyMap<string, MeasureNote>;
  actions: OutlineActions;
}

export function statusLabel(t: T, s: MeasureStatus): string {
  switch (s) {
    case '未开始':
      return t('statusNotStarted');
    case '推进中':
      return t('statusInProgress');
    case '已完成':
      return t('statusDone');
    case '关注':
      return t('statusWatch');
  }
}

const STATUS_CLASS: Record<MeasureStatus, string> = { 未开始: 'todo', 推进中: 'doing', 已完成: 'done', 关注: 'watch' };

/**
 * The outline as a WAI-ARIA tree (flat treeitems with aria-level/setsize/posinset; collapsed
 * subtrees are not rendered). Keys: ↑/↓ move, → expand / first child, ← collapse / parent,
 * Home/End, Enter (or click) scrolls the page to the measure. The current measure carries
 * aria-current="location" and its ancestors open automatically.
 */
export function Outline(props: OutlineProps) {
  const { index, filter, currentMeasureId, actions } = props;
  const t = useT();
  const [overrides, setOverrides] = useState<ReadonlyMap<string, boolean>>(new Map());
  const [activeId, setActiveId] = useState<string | null>(null);
  const [editorId, setEditorId] = useState<string | null>(null);
  const focusPending = useRef(false);
  const treeRef = useRef<HTMLUListElement>(null);

  const currentAncestors = useMemo(() => new Set(currentMeasureId ? ancestorsOf(index, currentMeasureId) : []), [index, currentMeasureId]);

  const rows = useMemo(() => {
    const isExpanded = (id: string) => {
      const o = overrides.get(id);
      if (o !== undefined) return o;
      if (filter.active) return true;
      return index.nodes.get(id)!.depth === 1 || currentAncestors.has(id);
    };
    return visibleRows(index, isExpanded, filter.active ? filter.visible : undefined);
  }, [index, overrides, filter, currentAncestors]);

  const [limit, setLimit] = useState(OUTLINE_PAGE);
  useEffect(() => setLimit(OUTLINE_PAGE), [filter]);
  const rowIndex = useMemo(() => new Map(rows.map((r, i) => [r.id, i])), [rows]);
  const focusId = activeId && rowIndex.has(activeId) ? activeId : currentMeasureId && rowIndex.has(currentMeasureId) ? currentMeasureId : (rows[0]?.id ?? null);

  // Move DOM focus right after the render that changed the active row (a layout effect, not a
  // passive one: Preact runs a pending passive effect of the previous render first, so with
  // fast or held arrow keys focus would lag behind the active row and Enter act on a row the
  // reader is not looking at).
  useLayoutEffect(() => {
    if (!focusPending.current || !focusId) return;
    focusPending.current = false;
    const sel = `[data-measure-id="${focusId.replace(/["\\]/g, '\\$&')}"]`;
    treeRef.current?.querySelector<HTMLElement>(sel)?.focus();
  }, [focusId, rows]);

  const setExpanded = useCallback(
    (id: string, on: boolean) =>
      setOverrides((prev) => {
        const next = new Map(prev);
        next.set(id, on);
        return next;
      }),
    [],
  );
  const onActivate = useCallback(
    (id: string) => {
      setActiveId(id);
      actions.scrollToMeasure(id);
    },
    [actions],
  );
  const onToggleEditor = useCallback((id: string) => setEditorId((cur) => (cur === id ? null : id)), []);
  const moveTo = (id: string | undefined) => {
    if (!id) return;
    const at = rowIndex.get(id) ?? 0;
    if (at >= limit) setLimit(Math.ceil((at + 1) / OUTLINE_PAGE) * OUTLINE_PAGE);
    focusPending.current = true;
    setActiveId(id);
  };

  const onKeyDown = (e: KeyboardEvent) => {
    const target = e.target as HTMLElement;
    if (target.getAttribute('role') !== 'treeitem' || !focusId) return;
    const i = rowIndex.get(focusId) ?? 0;
    const row = rows[i]!;
    switch (e.key) {
      case 'ArrowDown':
        moveTo(rows[i + 1]?.id);
        break;
      case 'ArrowUp':
        moveTo(rows[i - 1]?.id);
        break;
      case 'Home':
        moveTo(rows[0]?.id);
        break;
      case 'End':
        moveTo(rows[rows.length - 1]?.id);
        break;
      case 'ArrowRight':
        if (row.childCount && !row.expanded) setExpanded(row.id, true);
        else if (row.expanded) moveTo(rows[i + 1]?.id);
        break;
      case 'ArrowLeft':
        if (row.expanded) setExpanded(row.id, false);
        else if (row.parentId) moveTo(row.parentId);
        break;
      case 'Enter':
        actions.scrollToMeasure(row.id);
        break;
      default:
        return;
    }
    e.preventDefault();
  };

  if (!rows.length) {
    return (
      <p class="pl-empty" role="status">
        {filter.active ? t('filterNoMatch') : t('outlineEmpty')}
      </p>
    );
  }

  const shown = rows.length > limit ? rows.slice(0, limit) : rows;
  return (
    <>
      <ul role="tree" aria-label={t('outlineLabel')} class="pl-tree" ref={treeRef} onKeyDown={onKeyDown}>
        {shown.map((row) => (
          <TreeItem
            key={row.id}
            row={row}
            index={index}
            today={props.today}
            focusable={row.id === focusId}
            current={row.id === currentMeasureId}
            matched={filter.active && filter.matched.has(row.id)}
            note={props.notes.get(row.id)}
            editorOpen={editorId === row.id}
            onToggle={setExpanded}
            onActivate={onActivate}
            onFocusItem={setActiveId}
            onToggleEditor={onToggleEditor}
            actions={actions}
          />
        ))}
      </ul>
      {rows.length > shown.length && (
        <button type="button" class="pl-more" onClick={() => setLimit((n) => n + OUTLINE_PAGE)}>
          {t('showMore', rows.length - shown.length)}
        </button>
      )}
    </>
  );
}

interface TreeItemProps {
  row: TreeRow;
  index: ViewIndex;
  today: string;
  focusable: boolean;
  current: boolean;
  matched: boolean;
  note: MeasureNote | undefined;
  editorOpen: boolean;
  onToggle: (id: string, on: boolean) => void;
  onActivate: (id: string) => void;
  onFocusItem: (id: string) => void;
  onToggleEditor: (id: string) => void;
  actions: OutlineActions;
}

/** Re-renders only when its own props change (the tree can hold hundreds of open items). */
class TreeItem extends Component<TreeItemProps> {
  override shouldComponentUpdate(next: TreeItemProps): boolean {
    const prev = this.props as TreeItemProps;
    for (const k of Object.keys(next) as (keyof TreeItemProps)[]) {
      if (k === 'row') {
        const a = prev.row;
        const b = next.row;
        if (
          a.id !== b.id ||
          a.depth !== b.depth ||
          a.childCount !== b.childCount ||
          a.expanded !== b.expanded ||
          a.posInSet !== b.posInSet ||
          a.setSize !== b.setSize
        )
          return true;
      } else if (prev[k] !== next[k]) return true;
    }
    return false;
  }
  override render() {
    return <TreeItemView {...(this.props as TreeItemProps)} />;
  }
}

function TreeItemView(p: TreeItemProps) {
  const t = useT();
  const { row } = p;
  const node = p.index.nodes.get(row.id)!;
  const m = node.measure;
  const labelId = `pl-m-${m.id}`;
  const descId = `pl-md-${m.id}`;
  const inherited = node.units.some((u) => u.inherited);
  // Items that only inherit their units show the lead(s) and a 下同 mark instead of repeating every unit.
  const shownUnits = inherited ? node.units.filter((u) => u.role === 'lead') : node.units;
  const status = p.note?.status ?? null;
  const inner = p.focusable ? 0 : -1;
  return (
    <li
      role="treeitem"
      data-measure-id={m.id}
      aria-level={row.depth}
      aria-setsize={row.setSize}
      aria-posinset={row.posInSet}
      aria-expanded={row.childCount ? row.expanded : undefined}
      aria-current={p.current ? 'location' : undefined}
      aria-labelledby={labelId}
      aria-describedby={descId}
      tabIndex={p.focusable ? 0 : -1}
      class={`pl-treeitem${p.current ? ' is-current' : ''}${p.matched ? ' is-match' : ''}${p.focusable ? ' is-active' : ''}${p.editorOpen ? ' is-editing' : ''}`}
      onClick={(e) => {
        e.stopPropagation();
        p.onActivate(m.id);
      }}
      onFocus={(e) => {
        if (e.target === e.currentTarget) p.onFocusItem(m.id);
      }}
    >
      <div class="pl-treeitem__row">
        <span
          class={`pl-twisty${row.childCount ? '' : ' is-leaf'}`}
          aria-hidden="true"
          onClick={(e) => {
            e.stopPropagation();
            if (row.childCount) p.onToggle(m.id, !row.expanded);
          }}
        >
          {row.childCount ? (row.expanded ? '▾' : '▸') : '•'}
        </span>
        <span id={labelId} class="pl-treeitem__label" lang={DOC_LANG}>
          <span class="pl-marker">{m.marker}</span>
          {m.title}
        </span>
        {status && <span class={`pl-status pl-status--${STATUS_CLASS[status]}`}>{statusLabel(t, status)}</span>}
      </div>
      <div id={descId} class="pl-treeitem__meta">
        {shownUnits.length > 0 && (
          <span class="pl-units">
            {shownUnits.map((u) => (
              <UnitChip key={u.key} unit={u} />
            ))}
            {inherited && (
              <span class="pl-inherited" title={node.units[0]?.sourceText}>
                {t('inheritedMark')}
              </span>
            )}
          </span>
        )}
        {node.deadlines.map((d, i) => (
          <DeadlineChip key={i} d={d} today={p.today} />
        ))}
        {m.keyTerms.length > 0 && (
          <span class="pl-terms">
            <span class="pl-sr">{t('keyTerms')}: </span>
            {m.keyTerms.join(' · ')}
          </span>
        )}
        {p.note?.note && <span class="pl-note-preview">✎ {p.note.note}</span>}
      </div>
      <button
        type="button"
        class="pl-linkbtn pl-editor-toggle"
        tabIndex={inner}
        aria-expanded={p.editorOpen}
        onClick={(e) => {
          e.stopPropagation();
          p.onToggleEditor(m.id);
        }}
      >
        {p.editorOpen ? t('closeEditor') : t('editStatusNote')}
      </button>
      {p.editorOpen && <MeasureEditor measureId={m.id} title={`${m.marker}${m.title}`} note={p.note} actions={p.actions} />}
    </li>
  );
}

function DeadlineChip({ d, today }: { d: Deadline; today: string }) {
  const t = useT();
  const past = isPastDeadline(d, today);
  return (
    <span class={past ? 'pl-deadline is-past' : 'pl-deadline'}>
      {d.text}
      {d.date && (
        <>
          {' → '}
          <time dateTime={d.date}>{d.date}</time>
        </>
      )}
      {past && <span class="pl-deadline__past"> {t('deadlinePast')}</span>}
    </span>
  );
}

/** Status and note of one measure. Saves through actions; a failed save keeps the draft and says so. */
function MeasureEditor(props: { measureId: string; title: string; note: MeasureNote | undefined; actions: OutlineActions }) {
  const t = useT();
  const { measureId, note, actions } = props;
  const [draft, setDraft] = useState(note?.note ?? '');
  const [msg, setMsg] = useState<{ kind: 'ok' | 'error'; text: string } | null>(null);
  const run = async (f: () => void | Promise<void>) => {
    try {
      await f();
      setMsg({ kind: 'ok', text: t('saved') });
    } catch (err) {
      setMsg({ kind: 'error', text: t('saveFailed', describeError(err, t)) });
    }
  };
  const statusId = `pl-status-${measureId}`;
  const noteId = `pl-note-${measureId}`;
  return (
    <div class="pl-editor" role="group" aria-label={t('editorLabel', props.title)} onClick={(e) => e.stopPropagation()} onKeyDown={(e) => e.stopPropagation()}>
      <label for={statusId}>{t('statusLabel')}</label>
      <select
        id={statusId}
        value={note?.status ?? ''}
        onChange={(e) => {
          const v = (e.currentTarget as HTMLSelectElement).value;
          void run(() => actions.setMeasureStatus(measureId, v ? (v as MeasureStatus) : null));
        }}
      >
        <option value="">{t('statusNone')}</option>
        {MEASURE_STATUSES.map((s) => (
          <option key={s} value={s}>
            {statusLabel(t, s)}
          </option>
        ))}
      </select>
      <label for={noteId}>{t('noteLabel')}</label>
      <textarea id={noteId} rows={3} value={draft} onInput={(e) => setDraft((e.currentTarget as HTMLTextAreaElement).value)} />
      <button type="button" onClick={() => void run(() => actions.setMeasureNote(measureId, draft))}>
        {t('saveNote')}
      </button>
      {msg && (
        <span class={msg.kind === 'error' ? 'pl-error' : 'pl-muted'} role={msg.kind === 'error' ? 'alert' : 'status'}>
          {msg.text}
        </span>
      )}
    </div>
  );
}
