/**
 * The in-page detail card for a highlighted span (unit, deadline, action area, user note).
 * Rendered by lib/highlight/card-host.ts inside a Shadow DOM. All content arrives as props and
 * is rendered as text (Preact escapes it): no HTML strings anywhere.
 */
import { useLayoutEffect, useRef } from 'preact/hooks';
import type { DeadlineKind, RoleWord, UnitRole } from '../../lib/analysis/types';
import type { HighlightColor } from '../../lib/annotations/types';
import { daysUntil, isPastDeadline } from '../../lib/view/dates';

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
  onClose: () => void;
  /** Was the event made by the user (Event.isTrusted)? Buttons ignore the others. Default: isTrusted. */
  trusted?: (e: Event) => boolean;
  /** Focus the dialog when it appears (click / keyboard); not for hover. */
  autoFocus?: boolean;
  /** Viewport position (card-host computes it). */
  position?: { left: number; top: number };
}

export { daysUntil };

/** "还有 N 天" / "已过期 N 天" / "今天到期" (for periods that start: "N 天后开始" etc. are not needed). */
export function relativeLabel(today: string, date: string, kind: DeadlineKind = 'by'): string | null {
  const d = daysUntil(today, date);
  if (d === null) return null;
  if (kind === 'from') {
    if (d > 0) return `还有 ${d} 天开始`;
    if (d === 0) return '今天开始';
    return `已开始 ${-d} 天`;
  }
  if (d > 0) return `还有 ${d} 天`;
  if (d === 0) return '今天到期';
  return `已过期 ${-d} 天`;
}

const KIND_LABEL: Record<DeadlineKind, string> = {
  by: '截止时限',
  from: '起始时间',
  period: '期间',
  recurring: '周期性',
  ongoing: '长期',
  relative: '相对时限',
};

const COLOR_LABEL: Record<HighlightColor, string> = {
  yellow: '黄色',
  green: '绿色',
  blue: '蓝色',
  pink: '粉色',
  purple: '紫色',
};

function heading(c: CardContent): { kind: string; label: string } {
  switch (c.kind) {
    case 'unit': {
      const kind = c.role === 'lead' ? '牵头单位' : c.word && c.word !== '牵头' ? `${c.word}单位` : '参与单位';
      return { kind, label: `${kind}：${c.canonical ?? c.text}` };
    }
    case 'deadline':
      return { kind: '时限', label: `时限：${c.text}` };
    case 'area':
      return { kind: '行动领域', label: `行动领域：${c.name}` };
    case 'annotation':
      return { kind: '批注', label: `批注：${c.note || c.quote || ''}`.trim() };
  }
}

function Body({ content: c, today, trusted }: { content: CardContent; today: string; trusted: (e: Event) => boolean }) {
  switch (c.kind) {
    case 'unit':
      return (
        <div class="pl-body">
          <p class="pl-main">{c.canonical ?? c.text}</p>
          {c.canonical !== null && c.canonical !== c.text && <p class="pl-sub">原文：{c.text}</p>}
          {c.canonical === null && <p class="pl-sub">未收录于中央单位名录</p>}
          <p>
            <span class={`pl-badge pl-${c.role}`}>{c.role === 'lead' ? '牵头' : '参与'}</span>
            {c.word && c.word !== '牵头' && <span class="pl-badge">原文：{c.word}</span>}
            {c.inherited && <span class="pl-badge">沿用“下同”</span>}
          </p>
          {c.others && c.others.length > 0 && <p class="pl-sub">同条：{c.others.join('、')}</p>}
          {c.measurePath && (
            <p class="pl-sub">
              措施：{c.measurePath}
              {c.measureTitle ? ` ${c.measureTitle}` : ''}
            </p>
          )}
        </div>
      );
    case 'deadline': {
      const rel = c.date ? relativeLabel(today, c.date, c.deadlineKind) : null;
      const past = isPastDeadline({ kind: c.deadlineKind, date: c.date }, today);
      return (
        <div class="pl-body">
          <p class="pl-main">{c.text}</p>
          <p>
            <span class="pl-badge">{KIND_LABEL[c.deadlineKind]}</span>
            {c.date ? <span class="pl-date">{c.date}</span> : <span class="pl-sub">无具体日期</span>}
          </p>
          {rel && <p class={past ? 'pl-rel pl-past' : 'pl-rel'}>{rel}</p>}
          {c.measurePath && <p class="pl-sub">措施：{c.measurePath}</p>}
        </div>
      );
    }
    case 'area':
      return (
        <div class="pl-body">
          <p class="pl-main">{c.name}</p>
          <p>相关措施 {c.measures} 项</p>
          {c.measurePath && <p class="pl-sub">位置：{c.measurePath}</p>}
        </div>
      );
    case 'annotation':
      return (
        <div class="pl-body">
          {c.quote && <blockquote class="pl-quote">{c.quote}</blockquote>}
          <p class={c.note ? 'pl-note' : 'pl-note pl-sub'}>{c.note || '（无备注）'}</p>
          {c.tags.length > 0 && (
            <ul class="pl-tags" aria-label="标签">
              {c.tags.map((t) => (
                <li key={t} class="pl-tag">
                  {t}
                </li>
              ))}
            </ul>
          )}
          {c.measurePath && <p class="pl-sub">措施：{c.measurePath}</p>}
          <p class="pl-sub">颜色：{COLOR_LABEL[c.color]}</p>
          {(c.onEdit || c.onDelete) && (
            <div class="pl-actions">
              {c.onEdit && (
                <button type="button" class="pl-btn" onClick={(e) => trusted(e) && c.onEdit!(c.id)}>
                  编辑
                </button>
              )}
              {c.onDelete && (
                <button type="button" class="pl-btn pl-danger" onClick={(e) => trusted(e) && c.onDelete!(c.id)}>
                  删除
                </button>
              )}
            </div>
          )}
        </div>
      );
  }
}

export function Card({ content, today, onClose, autoFocus, position, trusted = (e) => e.isTrusted }: CardProps) {
  const ref = useRef<HTMLDivElement>(null);
  // Layout effect: runs synchronously in render(), so focus is in place before show() returns.
  useLayoutEffect(() => {
    if (autoFocus) ref.current?.focus();
  }, [autoFocus, content]);
  const h = heading(content);
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
        <button type="button" class="pl-close" aria-label="关闭" title="关闭 (Esc)" onClick={(e) => trusted(e) && onClose()}>
          ×
        </button>
      </div>
      <Body content={content} today={today} trusted={trusted} />
    </div>
  );
}
