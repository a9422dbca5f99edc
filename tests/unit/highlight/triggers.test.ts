// @vitest-environment jsdom
import { describe, it, expect, vi, beforeEach, afterEach } from 'vitest';
import { extractTextModel } from '../../../lib/text/extract';
import { createPainter, type Hit } from '../../../lib/highlight/painter';
import { createCardHost } from '../../../lib/highlight/card-host';
import { attachCardTriggers } from '../../../lib/highlight/triggers';

/** Test-only: map x (in "character cells") to a caret position in the model, since jsdom has no layout. */
function stubCaret(doc: Document, pointToNode: (x: number) => { node: Node; offset: number } | null) {
  (doc as unknown as { caretPositionFromPoint: unknown }).caretPositionFromPoint = (x: number) => {
    const p = pointToNode(x);
    return p ? { offsetNode: p.node, offset: p.offset } : null;
  };
}

describe('attachCardTriggers', () => {
  let detach: () => void = () => {};
  beforeEach(() => {
    document.body.innerHTML = '<div class="pages_content"><p>（三）推进协同制造。（<span id="u">工业和信息化部</span>、发展改革委负责）<a href="#x" id="link">链接</a></p></div>';
    const w = window as unknown as Record<string, unknown>;
    class FakeHighlight extends Set<AbstractRange> { priority = 0; }
    w.Highlight = FakeHighlight;
    w.CSS = { highlights: new Map() };
  });
  afterEach(() => {
    detach();
    vi.useRealTimers();
  });

  function setup(hover = true) {
    const model = extractTextModel(document);
    const painter = createPainter(window, { model });
    const unit = model.text.indexOf('工业和信息化部');
    painter.paint('pl-lead', [{ start: unit, end: unit + 7, key: 'u1' }]);
    const host = createCardHost(window, { today: '2017-01-01' });
    const contentFor = vi.fn((hits: Hit[]) => {
      const hit = hits[0]!;
      return { hit, content: { kind: 'unit' as const, text: model.text.slice(hit.start, hit.end), canonical: '工业和信息化部', role: 'lead' as const, measurePath: '(三)' } };
    });
    const u = document.getElementById('u')!.firstChild!;
    const p = document.querySelector('p')!.firstChild!;
    // x < 100: over the plain text; 100..199: over the unit span.
    stubCaret(document, (x) => (x >= 100 && x < 200 ? { node: u, offset: 2 } : { node: p, offset: 1 }));
    detach = attachCardTriggers(window, { model: () => model, painter, host, contentFor, hoverDelay: 200, hover });
    return { host, contentFor };
  }

  it('click on a highlighted span opens and focuses its card; click elsewhere closes it', () => {
    const { host, contentFor } = setup(false);
    document.querySelector('p')!.dispatchEvent(new MouseEvent('click', { bubbles: true, clientX: 150, clientY: 5, button: 0 }));
    expect(contentFor).toHaveBeenCalledTimes(1);
    expect(host.isOpen()).toBe(true);
    const dlg = host.shadow!.querySelector('[role=dialog]')!;
    expect(dlg.getAttribute('aria-label')).toBe('牵头单位：工业和信息化部');
    expect(host.shadow!.activeElement).toBe(dlg);
    document.querySelector('p')!.dispatchEvent(new MouseEvent('mousedown', { bubbles: true, clientX: 10, clientY: 5 }));
    expect(host.isOpen()).toBe(false);
    document.querySelector('p')!.dispatchEvent(new MouseEvent('click', { bubbles: true, clientX: 10, clientY: 5, button: 0 }));
    expect(host.isOpen()).toBe(false);
    host.destroy();
  });

  it('does not hijack clicks on links', () => {
    const { host, contentFor } = setup(false);
    document.getElementById('link')!.dispatchEvent(new MouseEvent('click', { bubbles: true, clientX: 150, clientY: 5, button: 0 }));
    expect(contentFor).not.toHaveBeenCalled();
    expect(host.isOpen()).toBe(false);
    host.destroy();
  });

  it('hover shows the card after the delay without taking focus, and hides it when the pointer leaves', () => {
    vi.useFakeTimers();
    const { host } = setup(true);
    const p = document.querySelector('p')!;
    p.dispatchEvent(new MouseEvent('mousemove', { bubbles: true, clientX: 150, clientY: 5 }));
    expect(host.isOpen()).toBe(false);
    vi.advanceTimersByTime(250);
    expect(host.isOpen()).toBe(true);
    expect(host.shadow!.activeElement).toBeNull();
    p.dispatchEvent(new MouseEvent('mousemove', { bubbles: true, clientX: 20, clientY: 5 }));
    vi.advanceTimersByTime(250);
    expect(host.isOpen()).toBe(false);
    host.destroy();
  });
});
