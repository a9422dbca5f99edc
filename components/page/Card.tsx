/**
 * The in-page detail card for a highlighted span (unit, deadline, action area, user note).
 * Rendered by lib/highlight/card-host.ts inside a Shadow DOM. All content arrives as props and
 * is rendered as text (Preact escapes it): no HTML strings anywhere.
 */
import { useLayoutEffect, useRef } from 'preact/hooks';
import type { CitationRelation, DeadlineKind, RoleWord, UnitRole } from '../../lib/analysis/types';
import type { HighlightColor } from '../../lib/annotations/types';
import { daysUntil, isPastDeadline } from '../../lib/view/dates';
import type { MessageKey, T } from '../../lib/i18n';
import { SWATCHES } from '../annotate/colors';
import { relationLabel } from '../common/relations';

export type CardContent =
  | {
      kind: 'unit';
      /** As written in the text. */
      text: string;
      /** Canonical full name from the gazetteer, null when unknown. */
      canonical: string | null;
      role: UnitRole;
      /** The role as the document prints it (牵头, 配合, 参与, 指导 …); absent in models from before engine 1.1. */
      word?: RoleWord;
      /** The other units of the clause and their printed roles ("市财政局（配合）"). */
      others?: string[];
      /** "二、(三)" and the measure's title, when the clause belongs to a measure. */
      measurePath: string | null;
      measureTitle?: string | null;
      /** True when the clause was applied by 下同 rather than written at this measure. */
      inherited?: boolean;
    }
  | {
      kind: 'deadline';
      text: string;
      /** YYYY-MM-DD or null. */
      date: string | null;
      deadlineKind: DeadlineKind;
      measurePath?: string | null;
    }
  | {
      kind: 'citation';
      /** The cited title as written (null for a 文号 alone) and its 文号. */
      title: string | null;
      docNumber: string | null;
      relation: CitationRelation;
      /** The verb as printed (根据, 贯彻落实 …). */
      verb: string | null;
      measurePath?: string | null;
    }
  | {
      kind: 'area';
      name: string;
      /** Number of measures in the area. */
      measures: number;
      measurePath?: string | null;
    }
  | {
      kind: 'annotation';
      id: string;
      note: string;
      tags: string[];
      color: HighlightColor;
      quote?: string;
      measurePath?: string | null;
      onEdit?: (id: string) => void;
      onDelete?: (id: string) => void;
    };

export interface CardProps {
  content: CardContent;
  /** YYYY-MM-DD, for "还有 N 天" / "已过期 N 天". */
  today: string;
  /** The catalog's strings. */
  t: T;
  onClose: () => void;
  /** Was the event made by the user (Event.isTrusted)? Buttons ignore the others. Default: isTrusted. */
  trusted?: (e: Event) => boolean;
  /** Focus the dialog when it appears (click / keyboard); not for hover. */
  autoFocus?: boolean;
  /** Viewport position (card-host computes it). */
  position?: { left: number; top: number };
}

export { daysUntil };

/** "还有 N 天" / "已过期 N 天" / "今天到期", and for a start "还有 N 天开始" / "已开始 N 天". */
export function relativeLabel(t: T, today: string, date: string, kind: DeadlineKind = 'by'): string | null {
  const d = daysUntil(today, date);
  if (d === null) return null;
  if (kind === 'from') return d > 0 ? t('cdStartsInDays', d) : d === 0 ? t('cdStartsToday') : t('cdStartedDaysAgo', -d);
  return d > 0 ? t('cdDueInDays', d) : d === 0 ? t('cdDueToday') : t('cdOverdueDays', -d);
}

const KIND_KEY: Record<DeadlineKind, MessageKey> = {
  by: 'cdKind_by',
  from: 'cdKind_from',
  period: 'cdKind_period',
  recurring: 'cdKind_recurring',
  ongoing: 'cdKind_ongoing',
  relative: 'cdKind_relative',
};

const colorName = (t: T, c: HighlightColor) => t(SWATCHES.find((s) => s.color === c)?.name ?? 'pgColorYellow');

function heading(t: T, c: CardContent): { kind: string; label: string } {
  const label = (kind: string, what: string) => ({ kind, label: t('cdLabel', kind, what).trim() });
  switch (c.kind) {
    case 'unit':
      return label(c.role === 'lead' ? t('cdLeadUnit') : c.word && c.word !== '牵头' ? t('cdRoleUnit', c.word) : t('cdOtherUnit'), c.canonical ?? c.text);
    case 'deadline':
      return label(t('cdDeadline'), c.text);
    case 'area':
      return label(t('cdArea'), c.name);
    case 'citation':
      return label(t('cdCitation'), c.title ? `《${c.title}》` : (c.docNumber ?? ''));
    case 'annotation':
      return label(t('cdAnnotation'), c.note || c.quote || '');
  }
}

function Body({ content: c, today, trusted, t }: { content: CardContent; today: string; trusted: (e: Event) => boolean; t: T }) {
  switch (c.kind) {
    case 'unit':
      return (
        <div class="pl-body">
          <p class="pl-main">{c.canonical ?? c.text}</p>
          {c.canonical !== null && c.canonical !== c.text && <p class="pl-sub">{t('cdAsWritten', c.text)}</p>}
          {c.canonical === null && <p class="pl-sub">{t('cdNotInGazetteer')}</p>}
          <p>
            <span class={`pl-badge pl-${c.role}`}>{c.role === 'lead' ? t('cdLead') : t('cdParticipant')}</span>
            {c.word && c.word !== '牵头' && <span class="pl-badge">{t('cdAsWritten', c.word)}</span>}
            {c.inherited && <span class="pl-badge">{t('cdInherited')}</span>}
          </p>
          {c.others && c.others.length > 0 && <p class="pl-sub">{t('cdSameClause', c.others.join('、'))}</p>}
          {c.measurePath && <p class="pl-sub">{t('cdMeasure', c.measureTitle ? `${c.measurePath} ${c.measureTitle}` : c.measurePath)}</p>}
        </div>
      );
    case 'deadline': {
      const rel = c.date ? relativeLabel(t, today, c.date, c.deadlineKind) : null;
      const past = isPastDeadline({ kind: c.deadlineKind, date: c.date }, today);
      return (
        <div class="pl-body">
          <p class="pl-main">{c.text}</p>
          <p>
            <span class="pl-badge">{t(KIND_KEY[c.deadlineKind])}</span>
            {c.date ? <span class="pl-date">{c.date}</span> : <span class="pl-sub">{t('cdNoDate')}</span>}
          </p>
          {rel && <p class={past ? 'pl-rel pl-past' : 'pl-rel'}>{rel}</p>}
          {c.measurePath && <p class="pl-sub">{t('cdMeasure', c.measurePath)}</p>}
        </div>
      );
    }
    case 'citation':
      return (
        <div class="pl-body">
          <p class="pl-main">{c.title ? `《${c.title}》` : c.docNumber}</p>
          {c.title && c.docNumber && <p class="pl-sub">{c.docNumber}</p>}
          <p>
            <span class="pl-badge">{relationLabel(t, c.relation)}</span>
            {c.verb && <span class="pl-badge">{t('cdAsWritten', c.verb)}</span>}
          </p>
          {c.measurePath && <p class="pl-sub">{t('cdMeasure', c.measurePath)}</p>}
        </div>
      );
    case 'area':
      return (
        <div class="pl-body">
          <p class="pl-main">{c.name}</p>
          <p>{t('cdMeasuresCount', c.measures)}</p>
          {c.measurePath && <p class="pl-sub">{t('cdWhere', c.measurePath)}</p>}
        </div>
      );
    case 'annotation':
      return (
        <div class="pl-body">
          {c.quote && <blockquote class="pl-quote">{c.quote}</blockquote>}
          <p class={c.note ? 'pl-note' : 'pl-note pl-sub'}>{c.note || t('cdNoNote')}</p>
          {c.tags.length > 0 && (
            <ul class="pl-tags" aria-label={t('cdTags')}>
              {c.tags.map((tag) => (
                <li key={tag} class="pl-tag">
                  {tag}
                </li>
              ))}
            </ul>
          )}
          {c.measurePath && <p class="pl-sub">{t('cdMeasure', c.measurePath)}</p>}
          <p class="pl-sub">{t('cdColor', colorName(t, c.color))}</p>
          {(c.onEdit || c.onDelete) && (
            <div class="pl-actions">
              {c.onEdit && (
                <button type="button" class="pl-btn" data-action="edit" onClick={(e) => trusted(e) && c.onEdit!(c.id)}>
                  {t('cdEdit')}
                </button>
              )}
              {c.onDelete && (
                <button type="button" class="pl-btn pl-danger" data-action="delete" onClick={(e) => trusted(e) && c.onDelete!(c.id)}>
                  {t('pgDelete')}
                </button>
              )}
            </div>
          )}
        </div>
      );
  }
}

export function Card({ content, today, t, onClose, autoFocus, position, trusted = (e) => e.isTrusted }: CardProps) {
  const ref = useRef<HTMLDivElement>(null);
  // Layout effect: runs synchronously in render(), so focus is in place before show() returns.
  useLayoutEffect(() => {
    if (autoFocus) ref.current?.focus();
  }, [autoFocus, content]);
  const h = heading(t, content);
  const onKeyDown = (e: KeyboardEvent) => {
    if (trusted(e) && (e.key === 'Escape' || e.key === 'Esc')) {
      e.preventDefault();
      e.stopPropagation();
      onClose();
    }
  };
  const style = position ? { left: `${Math.round(position.left)}px`, top: `${Math.round(position.top)}px` } : undefined;
  return (
    <div
      ref={ref}
      class={`pl-card pl-card-${content.kind}${content.kind === 'annotation' ? ` pl-color-${content.color}` : ''}`}
      role="dialog"
      aria-modal="false"
      aria-label={h.label}
      tabIndex={-1}
      onKeyDown={onKeyDown}
      style={style}
    >
      <div class="pl-head">
        <span class="pl-kind">{h.kind}</span>
        <button type="button" class="pl-close" aria-label={t('pgClose')} title={t('cdCloseEsc')} onClick={(e) => trusted(e) && onClose()}>
          ×
        </button>
      </div>
      <Body content={content} today={today} trusted={trusted} t={t} />
    </div>
  );
}
