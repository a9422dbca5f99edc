// @vitest-environment jsdom
import { describe, it, expect, afterEach } from 'vitest';
import { cleanup, fireEvent, screen } from '@testing-library/preact';
import { seedFixture } from './fixtures/seed-model';
import { mockActions, readyState, renderPanel } from './helpers';

afterEach(cleanup);
const seed = seedFixture();
const langOf = (el: Element | null) => el?.closest('[lang]')?.getAttribute('lang') ?? null;

describe('language of parts (screen readers, CJK fonts)', () => {
  it('English UI: the panel is lang=en, the document text inside it is lang=zh', () => {
    renderPanel(readyState(seed), mockActions(), 'en');
    expect(screen.getByRole('main').getAttribute('lang')).toBe('en');
    expect(langOf(screen.getAllByRole('tab')[0]!)).toBe('en');
    expect(langOf(screen.getByTestId('doc-title'))).toBe('zh');
    expect(langOf(screen.getByText('国发〔2015〕40号'))).toBe('zh');
    expect(langOf(screen.getByText('Document no.'))).toBe('en');
    const label = document.querySelector('[data-measure-id="2.2"] .pl-treeitem__label')!;
    expect(langOf(label)).toBe('zh');
    expect(langOf(screen.getByText('More filters: unit, area, deadline'))).toBe('en');
    fireEvent.click(screen.getByRole('tab', { name: 'Matrix' }));
    const unit = screen.getAllByRole('rowheader')[0]!;
    expect(langOf(unit.querySelector('button'))).toBe('zh');
    expect(langOf(unit.querySelector('.pl-matrix__counts'))).toBe('en');
  });

  it('Chinese UI and the state pages carry the UI language too', () => {
    renderPanel(readyState(seed));
    expect(screen.getByRole('main').getAttribute('lang')).toBe('zh-CN');
    cleanup();
    renderPanel({ kind: 'restricted', url: 'chrome://extensions/' }, mockActions(), 'en');
    expect(screen.getByRole('main').getAttribute('lang')).toBe('en');
    cleanup();
    renderPanel({ kind: 'loading' }, mockActions(), 'en');
    expect(screen.getByRole('main').getAttribute('lang')).toBe('en');
  });
});
