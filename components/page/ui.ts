/**
 * In-page UI: the detail card on hover/click of a highlighted span and the selection toolbar
 * for annotations, each in a closed shadow root; the note itself is typed in an extension frame
 * inside the toolbar (entrypoints/note), where the page's scripts cannot listen to the keys.
 *
 * Keys: Alt+Shift+H highlights the selection (yellow), Alt+Shift+N opens the note editor for it,
 * Alt+Shift+K opens the card of the highlight at the selection/caret. Escape closes either.
 *
 * Every handler acts only on events the browser made for the user (`trusted`, Event.isTrusted
 * in the extension): a page's script can dispatch key and mouse events at will.
 */
import { h, render } from 'preact';
import { analysisCardContent } from './card-content';
import { createCardHost, createShadowMount, type CardContent, type CardHost } from './card-host';
import { offsetAtPoint, rangeFromOffsets } from '../../lib/highlight/ranges';
import type { Hit } from '../../lib/highlight/painter';
import { SelectionToolbar, TOOLBAR_CSS } from '../annotate/SelectionToolbar';
import { NoteForm } from '../annotate/NoteForm';
import { DEFAULT_HIGHLIGHT_COLOR, type Annotation, type HighlightColor } from '../../lib/annotations/types';
import type { T } from '../../lib/i18n';
import type { AnnotatedView, PageUi } from '../../lib/page/controller';
import { localToday } from '../../lib/view/dates';

export interface PageUiOptions {
  t: T;
  /**
   * Where the note is typed: on a web page, an extension frame (`frame(token)`: the note page's
   * URL, runtime.getURL('/note.html') + '#' + token); on an extension page (the file viewer),
   * 'inline': the form in the toolbar itself, saved through the view's create / update.
   */
  note: { frame(token: string): string } | 'inline';
  /** Made by the user? Default: Event.isTrusted (tests of the views pass their own). */
  trusted?: (e: Event) => boolean;
}

interface ShadowHost {
  mount: HTMLElement;
  host: HTMLElement;
  remove(): void;
}

function createShadowHost(win: Window, css: string): ShadowHost {
  const { host, mount } = createShadowMount(
    win,
    css,
    'toolbar',
    'all: initial !important; position: fixed !important; z-index: 2147483647 !important; display: block !important;',
  );
  return {
    mount,
    host,
    remove() {
      render(null, mount);
      host.remove();
    },
  };
}

/** The toolbar on screen: its text, the annotation it edits (once there is one), the note frame. */
interface ToolbarState {
  start: number;
  end: number;
  existing?: Annotation;
  noteUrl: string | null;
  /** The inline note form is open (note: 'inline'). */
  noteInline?: boolean;
  error: string | null;
}

export function createPageUi(opts: PageUiOptions): PageUi {
  const { t } = opts;
  const trusted = opts.trusted ?? ((e: Event) => e.isTrusted);
  let ctl: AnnotatedView | null = null;
  let card: CardHost | null = null;
  let toolbar: ShadowHost | null = null;
  let bar: ToolbarState | null = null;
  let hoverTimer: ReturnType<typeof setTimeout> | null = null;
  let hoverKey: string | null = null;
  let cleanup: (() => void)[] = [];

  const win = () => ctl!.win;

  function contentFor(hit: Hit): CardContent | null {
    const model = ctl?.model();
    if (!model || !hit.key) return null;
    const [kind, a] = hit.key.split(':');
    if (kind === 'user') {
      const found = ctl!.annotations().find((x) => x.annotation.id === a);
      if (!found) return null;
      const an = found.annotation;
      return {
        kind: 'annotation',
        id: an.id,
        note: an.note,
        tags: an.tags,
        color: an.color,
        quote: an.target.quote.exact,
        measurePath: an.target.measurePath ?? null,
        onEdit: () => {
          card?.hide();
          showToolbar(found.start, found.end, an);
          openNote();
        },
        onDelete: (id) => {
          card?.hide();
          void ctl!.deleteAnnotation(id);
        },
      };
    }
    return analysisCardContent(model, hit.key);
  }

  function hitsAt(x: number, y: number): { hits: Hit[]; offset: number } | null {
    const tm = ctl?.textModel();
    if (!tm) return null;
    const off = offsetAtPoint(tm, win().document, x, y);
    if (off === null) return null;
    return { hits: ctl!.painter().hitTest(off), offset: off };
  }

  function showCard(hit: Hit, focus: boolean) {
    const content = contentFor(hit);
    const tm = ctl?.textModel();
    if (!content || !tm) return;
    card ??= createCardHost(win(), { t, today: localToday(), trusted });
    const range = rangeFromOffsets(tm, hit.start, hit.end, win().document);
    card.show(content, range, { focus });
    hoverKey = hit.key ?? null;
  }

  function hideToolbar() {
    toolbar?.remove();
    toolbar = null;
    bar = null;
  }

  function showToolbar(start: number, end: number, existing?: Annotation, error: string | null = null) {
    const tm = ctl?.textModel();
    if (!tm) return;
    hideToolbar();
    bar = { start, end, existing, noteUrl: null, error };
    const range = rangeFromOffsets(tm, start, end, win().document);
    const rect = typeof range?.getBoundingClientRect === 'function' ? range.getBoundingClientRect() : null;
    toolbar = createShadowHost(win(), TOOLBAR_CSS);
    const top = rect ? Math.max(4, Math.min(win().innerHeight - 330, rect.bottom + 6)) : 16;
    const left = rect ? Math.max(4, Math.min(win().innerWidth - 330, rect.left)) : 16;
    toolbar.host.style.setProperty('top', `${top}px`, 'important');
    toolbar.host.style.setProperty('left', `${left}px`, 'important');
    drawToolbar();
  }

  function drawToolbar() {
    const c = ctl;
    const s = bar;
    if (!c || !s || !toolbar) return;
    render(
      h(SelectionToolbar, {
        t,
        trusted,
        current: s.existing?.color,
        noteUrl: s.noteUrl,
        note: s.noteInline ? inlineNote(c, s) : undefined,
        error: s.error,
        onColor: (color: HighlightColor) => void pickColor(color),
        onNote: () => void openNote(),
        onDelete: s.existing
          ? () => {
              const id = s.existing!.id;
              hideToolbar();
              void c.deleteAnnotation(id);
            }
          : undefined,
        onClose: () => {
          // a note frame open: the background drops its token when the frame says so; closing here just removes it
          hideToolbar();
        },
        onFrame: (frame: HTMLIFrameElement) => frame.focus(),
      }),
      toolbar.mount,
    );
  }

  /** The note form drawn in the toolbar (note: 'inline'): saved through the view, closed with the toolbar. */
  function inlineNote(c: AnnotatedView, s: ToolbarState) {
    const existing = s.existing;
    return h(NoteForm, {
      t,
      draft: {
        quote: existing?.target.quote.exact ?? c.textModel()?.text.slice(s.start, s.end) ?? '',
        color: existing?.color ?? DEFAULT_HIGHLIGHT_COLOR,
        note: existing?.note ?? '',
        tags: existing?.tags ?? [],
        existing: !!existing,
      },
      onSave: async (v) => {
        const saved = existing ? await c.updateAnnotation({ ...existing, ...v }) : await c.createAnnotation(s.start, s.end, v);
        if (!saved) throw new Error(c.lastError() ?? t('pgSaveFailedPlain'));
        if (bar === s) {
          hideToolbar();
          win().getSelection()?.removeAllRanges();
        }
      },
      onClose: () => void (bar === s && hideToolbar()),
    });
  }

  function failed(why: string | null) {
    if (!bar) return;
    bar.error = why ?? t('pgSaveFailedPlain');
    drawToolbar();
  }

  async function pickColor(color: HighlightColor) {
    const c = ctl!;
    const s = bar;
    if (!s) return;
    const saved = s.existing ? await c.updateAnnotation({ ...s.existing, color }) : await c.createAnnotation(s.start, s.end, { color });
    if (bar !== s) return;
    if (saved) {
      hideToolbar();
      win().getSelection()?.removeAllRanges();
    } else failed(c.lastError());
  }

  /** The note editor for the toolbar's annotation (a new one is saved only when its note is). */
  async function openNote() {
    const c = ctl!;
    const s = bar;
    if (!s || s.noteUrl || s.noteInline) return;
    if (opts.note === 'inline') {
      s.noteInline = true;
      s.error = null;
      return drawToolbar();
    }
    const token = await c.openNote(s.existing ?? { start: s.start, end: s.end, color: DEFAULT_HIGHLIGHT_COLOR });
    if (bar !== s) return;
    if (!token) return failed(c.lastError());
    s.noteUrl = opts.note.frame(token);
    s.error = null;
    drawToolbar();
  }

  const canAnnotate = () => ctl?.state().status === 'policy';

  function onMouseMove(e: MouseEvent) {
    if (!trusted(e)) return;
    if (hoverTimer) clearTimeout(hoverTimer);
    hoverTimer = setTimeout(() => {
      // the toolbar open on a selection (a lead unit the analyst is marking, say): no card over it
      if (toolbar || (card?.isOpen() && card.contains(e))) return;
      const r = hitsAt(e.clientX, e.clientY);
      const hit = r?.hits[0];
      if (hit) {
        if (hit.key !== hoverKey || !card?.isOpen()) showCard(hit, false);
      } else if (card?.isOpen() && !(win().document.activeElement === card.element)) {
        card.hide();
        hoverKey = null;
      }
    }, 120);
  }

  function onMouseUp(e: MouseEvent) {
    if (!trusted(e)) return;
    if (toolbar && e.composedPath().includes(toolbar.host)) return;
    if (card?.contains(e)) return;
    setTimeout(() => {
      if (!canAnnotate()) return;
      const sel = ctl!.selectionOffsets();
      if (sel) showToolbar(sel[0], sel[1]);
      else {
        const r = hitsAt(e.clientX, e.clientY);
        const hit = r?.hits[0];
        if (hit) showCard(hit, true);
      }
    }, 0);
  }

  function onKeyDown(e: KeyboardEvent) {
    if (!trusted(e)) return;
    if (e.key === 'Escape') {
      hideToolbar();
      return;
    }
    if (!e.altKey || !e.shiftKey || !canAnnotate()) return;
    const k = e.key.toLowerCase();
    const sel = ctl!.selectionOffsets();
    if ((k === 'h' || e.code === 'KeyH') && sel) {
      e.preventDefault();
      const c = ctl!;
      void c.createAnnotation(sel[0], sel[1], { color: DEFAULT_HIGHLIGHT_COLOR }).then((a) => {
        // Failed: show the toolbar on that text with the reason, so the user can retry.
        if (!a && ctl === c) showToolbar(sel[0], sel[1], undefined, c.lastError() ?? t('pgSaveFailedPlain'));
      });
      win().getSelection()?.removeAllRanges();
    } else if ((k === 'n' || e.code === 'KeyN') && sel) {
      e.preventDefault();
      showToolbar(sel[0], sel[1]);
      void openNote();
    } else if (k === 'k' || e.code === 'KeyK') {
      const s = win().getSelection();
      const tm = ctl!.textModel();
      if (!s || !s.rangeCount || !tm) return;
      const r = s.getRangeAt(0).getBoundingClientRect();
      const hit = hitsAt(r.left + 1, r.top + r.height / 2)?.hits[0];
      if (hit) {
        e.preventDefault();
        showCard(hit, true);
      }
    }
  }

  return {
    attach(c) {
      ctl = c;
      const w = c.win;
      w.addEventListener('mousemove', onMouseMove, { passive: true });
      w.addEventListener('mouseup', onMouseUp);
      w.addEventListener('keydown', onKeyDown, true);
      cleanup = [
        () => w.removeEventListener('mousemove', onMouseMove),
        () => w.removeEventListener('mouseup', onMouseUp),
        () => w.removeEventListener('keydown', onKeyDown, true),
      ];
    },
    noteClosed() {
      if (!bar?.noteUrl) return;
      hideToolbar();
      win().getSelection()?.removeAllRanges();
    },
    detach() {
      cleanup.forEach((f) => f());
      cleanup = [];
      if (hoverTimer) clearTimeout(hoverTimer);
      hideToolbar();
      card?.destroy();
      card = null;
      ctl = null;
    },
  };
}
