import type { ComponentChildren } from 'preact';
import { useRef } from 'preact/hooks';

export interface TabDef<K extends string> {
  id: K;
  label: string;
}

/**
 * WAI-ARIA tabs with automatic activation: ←/→ (and Home/End) move and select, only the
 * selected tab is in the Tab order, only the selected panel is rendered.
 */
export function Tabs<K extends string>(props: {
  label: string;
  tabs: TabDef<K>[];
  selected: K;
  onSelect: (id: K) => void;
  idPrefix?: string;
  children: ComponentChildren;
}) {
  const { tabs, selected, onSelect } = props;
  const prefix = props.idPrefix ?? 'pl-tab';
  const listRef = useRef<HTMLDivElement>(null);
  const move = (to: number) => {
    const n = tabs.length;
    const tab = tabs[((to % n) + n) % n];
    if (!tab) return;
    onSelect(tab.id);
    listRef.current?.querySelector<HTMLElement>(`#${prefix}-${tab.id}`)?.focus();
  };
  const onKeyDown = (e: KeyboardEvent) => {
    const i = tabs.findIndex((t) => t.id === selected);
    if (e.key === 'ArrowRight') move(i + 1);
    else if (e.key === 'ArrowLeft') move(i - 1);
    else if (e.key === 'Home') move(0);
    else if (e.key === 'End') move(tabs.length - 1);
    else return;
    e.preventDefault();
  };
  return (
    <div class="pl-tabs">
      <div role="tablist" aria-label={props.label} class="pl-tablist" ref={listRef} onKeyDown={onKeyDown}>
        {tabs.map((tab) => (
          <button
            type="button"
            role="tab"
            key={tab.id}
            id={`${prefix}-${tab.id}`}
            aria-selected={tab.id === selected}
            aria-controls={`${prefix}-panel-${tab.id}`}
            tabIndex={tab.id === selected ? 0 : -1}
            class="pl-tab"
            onClick={() => onSelect(tab.id)}
          >
            {tab.label}
          </button>
        ))}
      </div>
      <div role="tabpanel" id={`${prefix}-panel-${selected}`} aria-labelledby={`${prefix}-${selected}`} tabIndex={0} class="pl-tabpanel">
        {props.children}
      </div>
    </div>
  );
}
