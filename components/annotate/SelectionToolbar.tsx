/**
 * The in-page selection toolbar: highlight the selected text in one of five colours, delete or
 * close; "批注…" asks for the note editor, which is not part of this toolbar but an extension
 * frame shown in it (`noteUrl`): keys typed in the page's own document, even inside a closed
 * shadow root, reach the page's listeners; keys typed in an extension frame do not.
 *
 * Rendered inside a closed shadow root (lib/page/ui.ts). Clicks count only when the browser
 * made them (`trusted`): a page's script can dispatch events at our host, not click for the user.
 */
import type { ComponentChildren } from 'preact';
import { useEffect, useRef } from 'preact/hooks';
import type { HighlightColor } from '../../lib/annotations/types';
import type { T } from '../../lib/i18n';
import { SWATCHES } from './colors';

export interface SelectionToolbarProps {
  t: T;
  /** The colour of the annotation being edited (none for a new selection). */
  current?: HighlightColor;
  /** The note editor's frame URL while it is open. */
  noteUrl?: string | null;
  /**
   * The note editor itself, while it is open, on an extension page (the file viewer): there no
   * page can listen to the keys, so the form is drawn in the toolbar instead of a frame.
   */
  note?: ComponentChildren;
  /** Did the user make this event (Event.isTrusted; tests of the view pass their own)? */
  trusted: (e: Event) => boolean;
  onColor(color: HighlightColor): void;
  onNote(): void;
  onDelete?(): void;
  onClose(): void;
  error?: string | null;
  /** The note frame element, once it is in the DOM (to give it the focus). */
  onFrame?(frame: HTMLIFrameElement): void;
}

export function SelectionToolbar(p: SelectionToolbarProps) {
  const { t } = p;
  const first = useRef<HTMLButtonElement>(null);
  const frame = useRef<HTMLIFrameElement>(null);
  useEffect(() => {
    if (!p.noteUrl && !p.note) first.current?.focus({ preventScroll: true });
    else if (frame.current) p.onFrame?.(frame.current);
    // when the note frame comes or goes, not at every redraw (an error shown must not move the focus)
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [p.noteUrl, !!p.note]);
  const noteOpen = !!p.noteUrl || !!p.note;
  const user = (f: () => void) => (e: Event) => {
    if (p.trusted(e)) f();
  };

  return (
    <div
      class="pl-toolbar"
      role="dialog"
      aria-label={t('pgToolbarLabel')}
      onKeyDown={(e) => {
        if (e.key === 'Escape' && p.trusted(e)) {
          e.stopPropagation();
          p.onClose();
        }
      }}
    >
      <div class="pl-row" role="group" aria-label={t('pgColorGroup')}>
        {/* while the note editor is open, the colour is chosen there (one control, one save) */}
        {!noteOpen &&
          SWATCHES.map((c, i) => (
            <button
              ref={i === 0 ? first : undefined}
              type="button"
              class={`pl-swatch${p.current === c.color ? ' pl-on' : ''}`}
              style={{ background: c.css }}
              title={t('pgHighlightIn', t(c.name))}
              aria-label={t('pgHighlightIn', t(c.name))}
              aria-pressed={p.current === c.color}
              data-color={c.color}
              onClick={user(() => p.onColor(c.color))}
            />
          ))}
        {!noteOpen && (
          <button type="button" class="pl-btn" data-action="note" onClick={user(p.onNote)}>
            {t('pgNoteButton')}
          </button>
        )}
        {p.onDelete && (
          <button type="button" class="pl-btn pl-danger" data-action="delete" onClick={user(() => p.onDelete!())}>
            {t('pgDelete')}
          </button>
        )}
        <button type="button" class="pl-btn pl-close" aria-label={t('pgClose')} onClick={user(p.onClose)}>
          ×
        </button>
      </div>
      {p.note && <div class="pl-noteinline">{p.note}</div>}
      {p.noteUrl && <iframe ref={frame} class="pl-noteframe" src={p.noteUrl} title={t('pgNoteFrameTitle')} data-note-frame="" />}
      {p.error && (
        <p class="pl-error" role="alert">
          {p.error}
        </p>
      )}
    </div>
  );
}

/** Shared by the toolbar (in its shadow root) and the note editor page. */
export const ANNOTATE_CSS = `
.pl-toolbar, .pl-noteform { font: 13px/1.5 system-ui, "PingFang SC", "Microsoft YaHei", "WenQuanYi Micro Hei", sans-serif; color: #1f2328; }
.pl-toolbar { background: #fff; border: 1px solid #d0d7de; border-radius: 8px; box-shadow: 0 6px 24px rgba(0,0,0,.18); padding: 6px; max-width: 320px; }
.pl-row { display: flex; gap: 6px; align-items: center; flex-wrap: wrap; }
.pl-swatch { width: 22px; height: 22px; border-radius: 50%; border: 2px solid rgba(0,0,0,.25); cursor: pointer; padding: 0; }
.pl-swatch.pl-on { outline: 2px solid #0969da; outline-offset: 1px; }
.pl-btn { font: inherit; border: 1px solid #d0d7de; background: #f6f8fa; color: inherit; border-radius: 6px; padding: 2px 8px; cursor: pointer; }
.pl-btn:focus-visible, .pl-swatch:focus-visible, textarea:focus-visible, input:focus-visible { outline: 2px solid #0969da; outline-offset: 1px; }
.pl-primary { background: #1f6feb; color: #fff; border-color: #1f6feb; }
.pl-danger { color: #cf222e; }
.pl-close { margin-left: auto; }
.pl-noteinline { width: 306px; margin-top: 6px; }
.pl-noteframe { display: block; width: 306px; height: 268px; border: 0; margin-top: 6px; color-scheme: normal; }
.pl-noteform { display: grid; gap: 6px; margin: 0; padding: 0 2px; }
.pl-noteform label { display: grid; gap: 2px; }
.pl-noteform textarea, .pl-noteform input { font: inherit; border: 1px solid #d0d7de; border-radius: 6px; padding: 4px; background: #fff; color: inherit; }
.pl-quote { margin: 0; padding: 2px 6px; border-left: 3px solid #d0d7de; color: #57606a; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
.pl-hint { color: #57606a; font-size: 12px; }
.pl-error { color: #cf222e; margin: 4px 0 0; }
@media (prefers-color-scheme: dark) {
  .pl-toolbar { background: #161b22; border-color: #30363d; }
  .pl-toolbar, .pl-noteform { color: #e6edf3; }
  .pl-btn { background: #21262d; border-color: #30363d; }
  .pl-noteform textarea, .pl-noteform input { background: #0d1117; border-color: #30363d; }
  .pl-quote, .pl-hint { color: #8b949e; }
}
`;

/** The toolbar's shadow root: the shared rules, and nothing of the page's. */
export const TOOLBAR_CSS = `:host { all: initial; }\n${ANNOTATE_CSS}`;
