/** The side panel ↔ viewer channel: a request reaches the viewer of its tab only, answers and errors come back, silence times out. */
import { afterEach, describe, expect, it } from 'vitest';
import { onViewerChanged, serveViewer, viewerSender } from '../../../lib/protocol/viewer-channel';

const open: BroadcastChannel[] = [];
const channel = () => {
  const c = new BroadcastChannel(`test-viewer-${Math.random()}`);
  open.push(c);
  return c;
};
afterEach(() => open.splice(0).forEach((c) => c.close()));

describe('the viewer channel', () => {
  it('the viewer of the named tab answers; another tab’s viewer stays silent; errors come back as errors', async () => {
    const name = `test-viewer-${Math.random()}`;
    const [panel, viewer7, viewer8] = [new BroadcastChannel(name), new BroadcastChannel(name), new BroadcastChannel(name)];
    open.push(panel, viewer7, viewer8);
    const seen: string[] = [];
    serveViewer(viewer7, 7, (type, data) => {
      seen.push(`7 ${type}`);
      if (type === 'page:scrollTo') return { ok: (data as { measureId: string }).measureId === '2.1' };
      throw new Error('no file shown');
    });
    serveViewer(viewer8, 8, (type) => void seen.push(`8 ${type}`));
    const to7 = viewerSender(panel, 7);
    expect(await to7('page:scrollTo', { measureId: '2.1' })).toEqual({ ok: true });
    await expect(to7('viewer:keep')).rejects.toThrow('no file shown');
    expect(seen).toEqual(['7 page:scrollTo', '7 viewer:keep']);
  });

  it('a tab with no viewer answers nothing: the request times out', async () => {
    await expect(viewerSender(channel(), 9, 50)('page:getState')).rejects.toThrow(/did not answer page:getState/);
  });

  it('a viewer tells the panels what it shows changed', async () => {
    const name = `test-viewer-${Math.random()}`;
    const [panel, viewer] = [new BroadcastChannel(name), new BroadcastChannel(name)];
    open.push(panel, viewer);
    const changed = new Promise<number>((resolve) => onViewerChanged(panel, resolve));
    serveViewer(viewer, 5, () => null).changed();
    expect(await changed).toBe(5);
  });
});
