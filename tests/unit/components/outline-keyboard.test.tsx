// @vitest-environment jsdom
import { describe, it, expect, afterEach } from 'vitest';
import { cleanup } from '@testing-library/preact';
import { seedFixture } from './fixtures/seed-model';
import { mockActions, readyState, renderPanel } from './helpers';

afterEach(cleanup);
const seed = seedFixture();

/** A key press as the browser delivers it: its own task, so Preact renders in between, but no animation frame passes. */
async function press(key: string) {
  const target = document.activeElement as HTMLElement;
  target.dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true, cancelable: true }));
  for (let i = 0; i < 5; i++) await Promise.resolve();
}

describe('outline keyboard with fast / held arrow keys', () => {
  it('DOM focus keeps up with the active row, and Enter acts on the focused row', async () => {
    const { actions } = renderPanel(readyState(seed), mockActions());
    const two = document.querySelector<HTMLElement>('[data-measure-id="2"]')!;
    two.focus();
    for (let i = 0; i < 5; i++) await Promise.resolve();
    await press('ArrowRight'); // → (一)
    for (let i = 0; i < 5; i++) await press('ArrowDown'); // (二) … (六)
    expect((document.activeElement as HTMLElement).dataset.measureId).toBe('2.6');
    expect(document.activeElement!.getAttribute('tabindex')).toBe('0');
    await press('Enter');
    expect(actions.scrollToMeasure).toHaveBeenLastCalledWith('2.6');
    // and back up, past the top of 二、's children into 一、's
    for (let i = 0; i < 7; i++) await press('ArrowUp');
    expect((document.activeElement as HTMLElement).dataset.measureId).toBe('1.3');
  });
});
