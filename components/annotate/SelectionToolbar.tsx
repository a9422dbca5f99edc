/**
 * The in-page selection toolbar: highlight the selected text in one of five colours, or open a
 * small form for a note and tags. Rendered inside a shadow root (see lib/page/ui.ts), so the
 * page's CSS cannot reach it. User text is only ever rendered as text.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import type { HighlightColor } from '../../lib/annotations/types';

export const COLORS: { color: HighlightColor; label: string; css: string }[] = [
  { color: 'yellow', label: '黄色', css: '#ffe94d' },
  { color: 'green', label: '绿色', css: '#a5e86b' },
  { color: 'blue', label: '蓝色', css: '#7fd3ff' },
  { color: 'pink', label: '粉色', css: '#ff9ec4' },
  { color: 'purple', label: '紫色', css: '#c9a8ff' },
];

export interface SelectionToolbarProps {
  quote: string;
  /** Existing values when editing an annotation. */
  initial?: { color: HighlightColor; note: string; tags: string[] };
  startWithForm?: boolean;
  onSave(v: { color: HighlightColor; note: string; tags: string[] }): void;
  onDelete?(): void;
  onClose(): void;
  error?: string | null;
}

export function parseTags(input: string): string[] {
  return [...new Set(input.split(/[,，、;；\s#]+/).map((t) => t.trim()).filter(Boolean))].slice(0, 20);
}

export function SelectionToolbar(p: SelectionToolbarProps) {
  const [form, setForm] = useState(!!p.startWithForm);
  const [color, setColor] = useState<HighlightColor>(p.initial?.color ?? 'yellow');
  const [note, setNote] = useState(p.initial?.note ?? '');
  const [tags, setTags] = useState((p.initial?.tags ?? []).join('，'));
  const first = useRef<HTMLButtonElement>(null);
  const noteRef = useRef<HTMLTextAreaElement>(null);

  useEffect(() => {
    (form ? noteRef.current : first.current)?.focus({ preventScroll: true });
  }, [form]);

  const save = () => p.onSave({ color, note: note.trim(), tags: parseTags(tags) });

  return (
    <div
      class="pl-toolbar"
      role="dialog"
      aria-label="Policy Lens 批注"
      onKeyDown={(e) => {
        if (e.key === 'Escape') {
          e.stopPropagation();
          p.onClose();
        } else if (e.key === 'Enter' && (e.ctrlKey || e.metaKey) && form) {
          e.preventDefault();
          save();
        }
      }}
    >
      <div class="pl-row" role="group" aria-label="高亮颜色">
        {COLORS.map((c, i) => (
          <button
            ref={i === 0 ? first : undefined}
            type="button"
            class={`pl-swatch${color === c.color ? ' pl-on' : ''}`}
            style={{ background: c.css }}
            title={`${c.label}高亮`}
            aria-label={`${c.label}高亮`}
            aria-pressed={color === c.color}
            data-color={c.color}
            onClick={() => {
              setColor(c.color);
              if (!form) p.onSave({ color: c.color, note: p.initial?.note ?? '', tags: p.initial?.tags ?? [] });
            }}
          />
        ))}
        {!form && (
          <button type="button" class="pl-btn" data-action="note" onClick={() => setForm(true)}>
            批注…
          </button>
        )}
        {p.onDelete && (
          <button type="button" class="pl-btn pl-danger" data-action="delete" onClick={() => p.onDelete!()}>
            删除
          </button>
        )}
        <button type="button" class="pl-btn pl-close" aria-label="关闭" onClick={() => p.onClose()}>
          ×
        </button>
      </div>
      {form && (
        <div class="pl-form">
          <blockquote class="pl-quote">{p.quote.length > 80 ? p.quote.slice(0, 80) + '…' : p.quote}</blockquote>
          <label>
            批注
            <textarea ref={noteRef} rows={3} value={note} onInput={(e) => setNote((e.target as HTMLTextAreaElement).value)} data-field="note" />
          </label>
          <label>
            标签（用逗号分隔）
            <input value={tags} onInput={(e) => setTags((e.target as HTMLInputElement).value)} data-field="tags" />
          </label>
          <div class="pl-row">
            <button type="button" class="pl-btn pl-primary" data-action="save" onClick={save}>
              保存
            </button>
            <span class="pl-hint">Ctrl+Enter 保存 · Esc 关闭</span>
          </div>
        </div>
      )}
      {p.error && (
        <p class="pl-error" role="alert">
          {p.error}
        </p>
      )}
    </div>
  );
}

export const TOOLBAR_CSS = `
:host { all: initial; }
.pl-toolbar { font: 13px/1.5 system-ui, "PingFang SC", "Microsoft YaHei", "WenQuanYi Micro Hei", sans-serif; color: #1f2328;
  background: #fff; border: 1px solid #d0d7de; border-radius: 8px; box-shadow: 0 6px 24px rgba(0,0,0,.18); padding: 6px; max-width: 320px; }
.pl-row { display: flex; gap: 6px; align-items: center; flex-wrap: wrap; }
.pl-swatch { width: 22px; height: 22px; border-radius: 50%; border: 2px solid rgba(0,0,0,.25); cursor: pointer; padding: 0; }
.pl-swatch.pl-on { outline: 2px solid #0969da; outline-offset: 1px; }
.pl-btn { font: inherit; border: 1px solid #d0d7de; background: #f6f8fa; color: inherit; border-radius: 6px; padding: 2px 8px; cursor: pointer; }
.pl-btn:focus-visible, .pl-swatch:focus-visible, textarea:focus-visible, input:focus-visible { outline: 2px solid #0969da; outline-offset: 1px; }
.pl-primary { background: #1f6feb; color: #fff; border-color: #1f6feb; }
.pl-danger { color: #cf222e; }
.pl-close { margin-left: auto; }
.pl-form { display: grid; gap: 6px; margin-top: 6px; }
.pl-form label { display: grid; gap: 2px; }
.pl-form textarea, .pl-form input { font: inherit; border: 1px solid #d0d7de; border-radius: 6px; padding: 4px; background: #fff; color: inherit; }
.pl-quote { margin: 0; padding: 2px 6px; border-left: 3px solid #d0d7de; color: #57606a; }
.pl-hint { color: #57606a; font-size: 12px; }
.pl-error { color: #cf222e; margin: 4px 0 0; }
@media (prefers-color-scheme: dark) {
  .pl-toolbar { background: #161b22; color: #e6edf3; border-color: #30363d; }
  .pl-btn { background: #21262d; border-color: #30363d; }
  .pl-form textarea, .pl-form input { background: #0d1117; border-color: #30363d; }
  .pl-quote, .pl-hint { color: #8b949e; }
}
`;
