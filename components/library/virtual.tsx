/**
 * A window over a long list of lines of one fixed height: only the lines in view, and a few
 * either side, are in the DOM, so a ledger of 50,000 rows scrolls as one of fifty. Lines are
 * one height on purpose (a line's text is cut with an ellipsis, its title holds the whole):
 * the window is then arithmetic on the scroll offset, with nothing to measure (a measuring
 * virtualiser, such as @tanstack/virtual-core, is 35 kB minified for what this needs).
 */
import type { ComponentChildren } from 'preact';
import { useLayoutEffect, useRef, useState } from 'preact/hooks';

/** The lines [start, end) to draw for a scroll offset (px) and a viewport height (px). */
export function windowOf(scrollTop: number, viewport: number, lineHeight: number, count: number, overscan = 8): { start: number; end: number } {
  const first = Math.floor(Math.max(0, scrollTop) / lineHeight);
  const start = Math.max(0, Math.min(count, first - overscan));
  const end = Math.min(count, first + Math.ceil(viewport / lineHeight) + overscan);
  return { start, end: Math.max(start, end) };
}

const LINE_HEIGHT = 30;
/** The list's height when it has more lines than fit: twenty lines. */
const MAX_HEIGHT = 20 * LINE_HEIGHT;

export function VirtualList<I>({
  items,
  line,
  keyOf,
  label,
  class: cls,
}: {
  items: readonly I[];
  line: (item: I, index: number) => ComponentChildren;
  keyOf: (item: I, index: number) => string | number;
  label?: string;
  class?: string;
}) {
  const ref = useRef<HTMLDivElement>(null);
  const [top, setTop] = useState(0);
  const height = Math.min(MAX_HEIGHT, items.length * LINE_HEIGHT);
  // a shorter list (filtered) scrolls back into range on its own; the offset follows it
  useLayoutEffect(() => {
    const el = ref.current;
    if (el) setTop(el.scrollTop);
  }, [items]);
  const { start, end } = windowOf(top, height, LINE_HEIGHT, items.length);
  return (
    <div
      ref={ref}
      class={`pl-virtual ${cls ?? ''}`}
      role="list"
      aria-label={label}
      style={{ height: `${height}px` }}
      onScroll={(e) => setTop((e.currentTarget as HTMLDivElement).scrollTop)}
    >
      <div style={{ height: `${items.length * LINE_HEIGHT}px`, position: 'relative' }}>
        <div style={{ position: 'absolute', top: `${start * LINE_HEIGHT}px`, left: 0, right: 0 }}>
          {items.slice(start, end).map((it, i) => (
            <div key={keyOf(it, start + i)} role="listitem" class="pl-vline" style={{ height: `${LINE_HEIGHT}px` }}>
              {line(it, start + i)}
            </div>
          ))}
        </div>
      </div>
    </div>
  );
}
