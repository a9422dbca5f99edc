// @vitest-environment jsdom
/**
 * The library's reminders switch (components/library/Reminders) and its ports
 * (entrypoints/library/reminders): off by default; on asks for the notifications permission in
 * the click, before anything is awaited, and stores `enabled` only when granted; refused leaves
 * it off and says so; the days are clamped; a change made elsewhere (the background turning it
 * off) shows.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/preact';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { Reminders, type PermissionAnswer, type ReminderPorts } from '../../../components/library/Reminders';
import type { ReminderSettings } from '../../../lib/library/reminders';
import { loadT } from '../components/helpers';

(globalThis as { chrome?: unknown }).chrome = fakeBrowser;

afterEach(cleanup);

function ports(initial: ReminderSettings = { enabled: false, daysBefore: 7 }, answer: PermissionAnswer | Error = 'granted') {
  let value = initial;
  const watchers = new Set<(s: ReminderSettings) => void>();
  const order: string[] = [];
  const p = {
    get: vi.fn(async () => value),
    set: vi.fn(async (s: ReminderSettings) => {
      order.push('set');
      value = s;
    }),
    watch: (cb: (s: ReminderSettings) => void) => {
      watchers.add(cb);
      return () => watchers.delete(cb);
    },
    requestPermission: vi.fn(() => {
      order.push('request');
      return answer instanceof Error ? Promise.reject(answer) : Promise.resolve(answer);
    }),
  } satisfies ReminderPorts;
  return { p, order, stored: () => value, push: (s: ReminderSettings) => watchers.forEach((w) => w(s)) };
}

const zh = loadT('zh_CN');
const ready = () => waitFor(() => expect(document.querySelector('[data-reminders]')!.getAttribute('data-reminders')).not.toBe('loading'));
const toggle = () => screen.getByRole('switch', { name: '开启到期提醒' }) as HTMLInputElement;

describe('the reminders switch', () => {
  it('off by default, with the explanation; on asks for the permission first, then stores', async () => {
    const f = ports();
    render(<Reminders t={zh} ports={f.p} />);
    await ready();
    expect(screen.getByText('到期提醒')).toBeTruthy();
    expect(screen.getByText(/不联网；默认关闭/)).toBeTruthy();
    expect(toggle().checked).toBe(false);
    expect(screen.getByRole('status').textContent).toBe('已关闭。');
    fireEvent.click(toggle());
    // asked in the click itself (the user gesture), synchronously
    expect(f.p.requestPermission).toHaveBeenCalledTimes(1);
    await waitFor(() => expect(f.stored()).toEqual({ enabled: true, daysBefore: 7 }));
    expect(f.order).toEqual(['request', 'set']);
    await waitFor(() => expect(toggle().checked).toBe(true));
    expect(screen.getByRole('status').textContent).toBe('已开启：到期前 7 天提醒。');
  });

  it.each<[PermissionAnswer | Error, string]>([
    ['refused', '未获得通知权限，到期提醒保持关闭。'],
    ['unavailable', '此浏览器不支持扩展通知，到期提醒不可用。'],
    [new Error('boom'), '无法更改到期提醒：boom'],
  ])('permission %s: stays off, said so', async (answer, message) => {
    const f = ports(undefined, answer);
    render(<Reminders t={zh} ports={f.p} />);
    await ready();
    fireEvent.click(toggle());
    await waitFor(() => expect(screen.getByRole('alert').textContent).toBe(message));
    expect(f.p.set).not.toHaveBeenCalled();
    await waitFor(() => expect(toggle().checked).toBe(false));
  });

  it('off needs no permission; the days are clamped to 1..90 and stored', async () => {
    const f = ports({ enabled: true, daysBefore: 7 });
    render(<Reminders t={zh} ports={f.p} />);
    await ready();
    const days = screen.getByRole('spinbutton', { name: '提前天数' }) as HTMLInputElement;
    fireEvent.input(days, { target: { value: '400' } });
    fireEvent.change(days);
    await waitFor(() => expect(f.stored()).toEqual({ enabled: true, daysBefore: 90 }));
    expect(days.value).toBe('90');
    fireEvent.click(toggle());
    await waitFor(() => expect(f.stored()).toEqual({ enabled: false, daysBefore: 90 }));
    expect(f.p.requestPermission).not.toHaveBeenCalled();
  });

  it('a change made elsewhere shows (the background turned it off)', async () => {
    const f = ports({ enabled: true, daysBefore: 14 });
    render(<Reminders t={zh} ports={f.p} />);
    await waitFor(() => expect(toggle().checked).toBe(true));
    f.push({ enabled: false, daysBefore: 14 });
    await waitFor(() => expect(toggle().checked).toBe(false));
  });

  it('user text is text (the error detail is not parsed as HTML)', async () => {
    const f = ports(undefined, new Error('<img src=x onerror=alert(1)>'));
    render(<Reminders t={zh} ports={f.p} />);
    await ready();
    fireEvent.click(toggle());
    await waitFor(() => expect(screen.getByRole('alert').textContent).toContain('<img'));
    expect(document.querySelector('img')).toBeNull();
  });
});

describe('createReminderPorts', () => {
  beforeEach(() => fakeBrowser.reset());

  it('the setting through its storage item; the permission asked for by name', async () => {
    const { createReminderPorts } = await import('../../../entrypoints/library/reminders');
    const request = vi.fn(async () => true);
    const p = createReminderPorts({ permissions: { request } });
    expect(await p.get()).toEqual({ enabled: false, daysBefore: 7 });
    expect(await p.requestPermission()).toBe('granted');
    expect(request).toHaveBeenCalledWith({ permissions: ['notifications'] });
    await p.set({ enabled: true, daysBefore: 3 });
    expect((await fakeBrowser.storage.local.get('pl:reminders'))['pl:reminders']).toEqual({ enabled: true, daysBefore: 3 });
    request.mockResolvedValueOnce(false);
    expect(await p.requestPermission()).toBe('refused');
    expect(await createReminderPorts({}).requestPermission()).toBe('unavailable');
  });
});
