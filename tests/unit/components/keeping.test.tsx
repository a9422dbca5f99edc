// @vitest-environment jsdom
import { describe, it, expect, afterEach, vi } from 'vitest';
import { cleanup, fireEvent, screen, waitFor } from '@testing-library/preact';
import { seedFixture } from './fixtures/seed-model';
import { mockActions, readyState, renderPanel } from './helpers';
import type { Annotation } from '../../../lib/annotations/types';

const seed = seedFixture();
const NEAR = { id: 'doc-central', title: '国务院关于积极推进“互联网+”行动的指导意见', docNumber: '国发〔2015〕40号', site: 'www.gov.cn', distance: 2 };

describe('the stored record of this page in the side panel', () => {
  afterEach(cleanup);

  it('a near match is offered, never merged: link on request, or dismissed', async () => {
    const actions = { ...mockActions(), linkDocument: vi.fn(async () => {}), forgetDocument: vi.fn(async () => {}) };
    renderPanel(readyState(seed, { doc: { docId: null, near: [NEAR] } }), actions);
    const offer = screen.getByText(/看起来与已保存的“国务院关于积极推进“互联网\+”行动的指导意见”（国发〔2015〕40号）是同一份文件（保存自 www.gov.cn）/);
    expect(offer).toBeTruthy();
    expect(actions.linkDocument).not.toHaveBeenCalled();
    fireEvent.click(screen.getByRole('button', { name: '关联' }));
    expect(actions.linkDocument).toHaveBeenCalledWith('doc-central');
    await screen.findByText(/已关联到/);
  });

  it('"not the same" hides the offer and links nothing', () => {
    const actions = { ...mockActions(), linkDocument: vi.fn(async () => {}) };
    renderPanel(readyState(seed, { doc: { docId: null, near: [NEAR] } }), actions);
    fireEvent.click(screen.getByRole('button', { name: '不是同一份' }));
    expect(screen.queryByRole('button', { name: '关联' })).toBeNull();
    expect(actions.linkDocument).not.toHaveBeenCalled();
  });

  it('forget asks first, then removes; nothing is offered for a page that keeps nothing', async () => {
    const actions = { ...mockActions(), forgetDocument: vi.fn(async () => {}) };
    const { unmount } = renderPanel(readyState(seed, { doc: { docId: null, near: [] } }), actions);
    expect(screen.queryByRole('button', { name: '忘记此文档' })).toBeNull();
    unmount();
    renderPanel(readyState(seed, { doc: { docId: 'doc-1', near: [] } }), actions);
    fireEvent.click(screen.getByRole('button', { name: '忘记此文档' }));
    expect(actions.forgetDocument).not.toHaveBeenCalled();
    screen.getByText('删除此文档的全部批注、措施状态和备注？此操作不能撤销。');
    fireEvent.click(screen.getByRole('button', { name: '取消' }));
    expect(actions.forgetDocument).not.toHaveBeenCalled();
    fireEvent.click(screen.getByRole('button', { name: '忘记此文档' }));
    fireEvent.click(screen.getByRole('button', { name: '删除全部' }));
    await waitFor(() => expect(actions.forgetDocument).toHaveBeenCalledTimes(1));
    await screen.findByText(/已忘记此文档/);
  });

  it('a deletion made on the page is offered for Undo in the Annotations tab, by its id', async () => {
    const a: Annotation = {
      id: 'a-page',
      docId: 'doc-1',
      color: 'yellow',
      note: '',
      tags: [],
      created: '2026-12-01T00:00:00Z',
      modified: '2026-12-01T00:00:00Z',
      deleted: true,
      target: {
        source: 'https://www.gov.cn/x',
        quote: { type: 'TextQuoteSelector', exact: '协同制造', prefix: '', suffix: '' },
        position: { type: 'TextPositionSelector', start: 5, end: 9 },
      },
    };
    const { actions } = renderPanel(readyState(seed, { deletedInPage: a }));
    fireEvent.click(screen.getByRole('tab', { name: /批注/ }));
    const toast = await screen.findByText('已在页面上删除批注“协同制造”');
    fireEvent.click(toast.parentElement!.querySelector('button')!);
    await waitFor(() => expect(actions.undoDelete).toHaveBeenCalledWith('a-page'));
  });
});
