/**
 * In-page UI: the detail card on hover/click of a highlighted span and the selection toolbar
 * for annotations. Both live in closed shadow roots; nothing else is added to the page.
 *
 * Keys: Alt+Shift+H highlights the selection (yellow), Alt+Shift+N opens the note form for it,
 * Alt+Shift+K opens the card of the highlight at the selection/caret. Escape closes either.
 */
import { h, render } from 'preact';
import { createCardHost, createShadowMount, type CardContent, type CardHost } from '../highlight/card-host';
import { offsetAtPoint, rangeFromOffsets } from '../highlight/ranges';
import type { Hit } from '../highlight/painter';
import { SelectionToolbar, TOOLBAR_CSS } from '../../components/annotate/SelectionToolbar';
import type { Annotation, HighlightColor } from '../annotations/types';
import type { PageController, PageUi } from './controller';
import { localToday } from './spans';

interface ShadowHost {
  mount: HTMLElement;
  host: HTMLElement;
  remove(): void;
}

function createShadowHost(win: Window, css: string): ShadowHost {
  const { host, mount } = createShadowMount(
    win,
    css,
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

export function createPageUi(): PageUi {
  let ctl: PageController | null = null;
  let card: CardHost | null = null;
  let toolbar: ShadowHost | null = null;
  let toolbarError: string | null = null;
  let hoverTimer: ReturnType<typeof setTimeout> | null = null;
  let hoverKey: string | null = null;
  let cleanup: (() => void)[] = [];

  const win = () => ctl!.win;

  function contentFor(hit: Hit): CardContent | null {
    const model = ctl?.model();
    if (!model || !hit.key) return null;
    const [kind, a, b] = hit.key.split(':');
    const measure = (id: string | null | undefined) => (id ? model.measures.find((m) => m.id === id) ?? null : null);
    if (kind === 'area') {
      const area = model.actionAreas[Number(a)];
      if (!area) return null;
      const m = measure(area.measureId);
      const prefix = area.measureId + '.';
      const count = model.measures.filter((x) => x.id === area.measureId || x.id.startsWith(prefix)).length;
      return { kind: 'area', name: area.name, measures: Math.max(0, count - 1) || count, measurePath: m?.path ?? null };
    }
    if (kind === 'unit') {
      const as = model.assignments[Number(a)];
      const mention = as?.mentions[Number(b)];
      if (!as || !mention) return null;
      const m = measure(as.measureId);
      const others = as.units.flatMap((u, i) => (u === mention.text ? [] : [as.roles?.[i] ? `${u}（${as.lead.includes(u) ? '牵头' : as.roles[i]}）` : u]));
      return {
        kind: 'unit', text: mention.text, canonical: mention.canonical, role: mention.role, ...(mention.word ? { word: mention.word } : {}), others,
        measurePath: m?.path ?? null, measureTitle: m?.title ?? null, inherited: as.inherited,
      };
    }
    if (kind === 'deadline') {
      const d = model.deadlines[Number(a)];
      if (!d) return null;
      return { kind: 'deadline', text: d.text, date: d.date, deadlineKind: d.kind, measurePath: measure(d.measureId)?.path ?? null };
    }
    if (kind === 'user') {
      const found = ctl!.annotations().find((x) => x.annotation.id === a);
      if (!found) return null;
      const an = found.annotation;
      return {
        kind: 'annotation', id: an.id, note: an.note, tags: an.tags, color: an.color, quote: an.target.quote.exact, measurePath: an.target.measurePath ?? null,
        onEdit: () => {
          card?.hide();
          showToolbar(found.start, found.end, an);
        },
        onDelete: (id) => {
          card?.hide();
          void ctl!.deleteAnnotation(id);
        },
      };
    }
    return null;
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
    card ??= createCardHost(win(), { today: localToday() });
    const range = rangeFromOffsets(tm, hit.start, hit.end, win().document);
    card.show(content, range, { focus });
    hoverKey = hit.key ?? null;
  }

  function hideToolbar() {
    toolbar?.remove();
    toolbar = null;
    toolbarError = null;
  }

  function showToolbar(start: number, end: number, existing?: Annotation, startWithForm = false, initialError: string | null = null) {
    const c = ctl!;
    const tm = c.textModel();
    if (!tm) return;
    hideToolbar();
    toolbarError = initialError;
    const range = rangeFromOffsets(tm, start, end, win().document);
    const rect = range?.getBoundingClientRect();
    toolbar = createShadowHost(win(), TOOLBAR_CSS);
    const top = rect ? Math.min(win().innerHeight - 60, rect.bottom + 6) : 16;
    const left = rect ? Math.max(4, Math.min(win().innerWidth - 330, rect.left)) : 16;
    toolbar.host.style.setProperty('top', `${top}px`, 'important');
    toolbar.host.style.setProperty('left', `${left}px`, 'important');
    const draw = () =>
      render(
        h(SelectionToolbar, {
          quote: tm.text.slice(start, end),
          initial: existing ? { color: existing.color, note: existing.note, tags: existing.tags } : undefined,
          startWithForm: startWithForm || !!existing,
          error: toolbarError,
          onSave: async (v: { color: HighlightColor; note: string; tags: string[] }) => {
            let ok: Annotation | null = null;
            let thrown: string | null = null;
            try {
              ok = existing
                ? await c.updateAnnotation({ ...existing, color: v.color, note: v.note, tags: v.tags })
                : await c.createAnnotation(start, end, v);
            } catch (e) {
              // Never leave the user with a form that silently does nothing.
              thrown = `批注未保存：${e instanceof Error ? e.message : String(e)}`;
            }
            if (ok) {
              hideToolbar();
              win().getSelection()?.removeAllRanges();
            } else {
              toolbarError = thrown ?? c.lastError() ?? '保存失败';
              draw();
            }
          },
          onDelete: existing
            ? () => {
                hideToolbar();
                void c.deleteAnnotation(existing.id);
              }
            : undefined,
          onClose: hideToolbar,
        }),
        toolbar!.mount,
      );
    draw();
  }

  const canAnnotate = () => ctl?.state().status === 'policy';

  function onMouseMove(e: MouseEvent) {
    if (hoverTimer) clearTimeout(hoverTimer);
    hoverTimer = setTimeout(() => {
      if (card?.isOpen() && card.contains(e)) return;
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
      void c.createAnnotation(sel[0], sel[1], { color: 'yellow' }).then((a) => {
        // Failed: show the toolbar on that text with the reason, so the user can retry.
        if (!a && ctl === c) showToolbar(sel[0], sel[1], undefined, false, c.lastError() ?? '保存失败');
      });
      win().getSelection()?.removeAllRanges();
    } else if ((k === 'n' || e.code === 'KeyN') && sel) {
      e.preventDefault();
      showToolbar(sel[0], sel[1], undefined, true);
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
    detach() {
      cleanup.forEach((f) => f());
      cleanup = [];
      hideToolbar();
      card?.destroy();
      card = null;
      ctl = null;
    },
  };
}
