// @vitest-environment jsdom
import { describe, it, expect, afterEach, vi } from 'vitest';
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/preact';
import { HostSettings, AddCurrentHost } from '../../../components/sidepanel/Settings';
import { I18nProvider } from '../../../components/common/i18n';
import type { HostActionResult } from '../../../components/sidepanel/types';
import { DEFAULT_SETTINGS } from '../../../lib/settings';
import { seedFixture } from './fixtures/seed-model';
import { loadT, mockActions, readyState, renderPanel } from './helpers';

afterEach(cleanup);

const NEWS = 'https://news.example-daily.com/politics/2024/0306/c1001-40189234.html';
const GOV = 'https://www.gov.cn/zhengce/content/2015-07/04/content_10002.htm';

function deferred<T>() {
  let resolve!: (v: T) => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<T>((a, b) => {
    resolve = a;
    reject = b;
  });
  return { promise, resolve, reject };
}

function setup(
  opts: {
    hosts?: string[];
    url?: string | null;
    locale?: 'zh_CN' | 'en';
    add?: (p: string) => Promise<HostActionResult>;
    remove?: (p: string) => Promise<HostActionResult>;
  } = {},
) {
  const onAdd = vi.fn(opts.add ?? (async (): Promise<HostActionResult> => ({ ok: true })));
  const onRemove = vi.fn(opts.remove ?? (async (): Promise<HostActionResult> => ({ ok: true })));
  const t = loadT(opts.locale ?? 'zh_CN');
  const view = (hosts: string[]) => (
    <I18nProvider t={t}>
      <HostSettings autoHosts={hosts} currentUrl={opts.url ?? null} onAdd={onAdd} onRemove={onRemove} />
    </I18nProvider>
  );
  const utils = render(view(opts.hosts ?? DEFAULT_SETTINGS.autoHosts));
  const input = () => screen.getByLabelText('添加网站') as HTMLInputElement;
  const type = (v: string) => fireEvent.input(input(), { target: { value: v } });
  const submit = () => fireEvent.click(screen.getByRole('button', { name: '添加' }));
  return { ...utils, onAdd, onRemove, input, type, submit, rerenderHosts: (h: string[]) => utils.rerender(view(h)) };
}

const patterns = () =>
  within(screen.getByRole('list', { name: '自动分析的网站列表' }))
    .getAllByRole('listitem')
    .map((li) => li.querySelector('code')!.textContent);

describe('host list settings', () => {
  it('lists the built-in government hosts as fixed and the user hosts with remove buttons', () => {
    setup({ hosts: ['*.gov.cn', 'gov.cn', 'www.people.com.cn', '*.xinhuanet.com'] });
    expect(screen.getByRole('heading', { name: '自动分析的网站' })).toBeTruthy();
    expect(patterns()).toEqual(['*.gov.cn', 'gov.cn', 'www.people.com.cn', '*.xinhuanet.com']); // by domain, top-level first
    const items = within(screen.getByRole('list')).getAllByRole('listitem');
    expect(within(items[0]!).queryByRole('button')).toBeNull();
    expect(within(items[0]!).getByText('内置')).toBeTruthy();
    expect(screen.getByRole('button', { name: '移除 www.people.com.cn' })).toBeTruthy();
    expect(screen.getByRole('button', { name: '移除 *.xinhuanet.com' })).toBeTruthy();
    expect(screen.queryByRole('button', { name: /移除 \*\.gov\.cn/ })).toBeNull();
  });

  it('shows the built-ins even when the stored list lacks them', () => {
    setup({ hosts: ['www.people.com.cn'] });
    expect(patterns()).toEqual(['*.gov.cn', 'gov.cn', 'www.people.com.cn']);
  });

  it('adds a pasted URL as its normalized host, calling onAdd inside the submit (user gesture), then clears the field', async () => {
    const { onAdd, type, submit, input } = setup();
    type('  https://News.Example-Daily.com/politics/2024/0306/c1001-40189234.html ');
    submit();
    // synchronously, before any await: the wiring can call permissions.request here
    expect(onAdd).toHaveBeenCalledTimes(1);
    expect(onAdd).toHaveBeenCalledWith('news.example-daily.com');
    await waitFor(() => expect(screen.getByRole('status').textContent).toBe('已添加 news.example-daily.com。新打开的页面会自动分析。'));
    expect(input().value).toBe('');
    expect(input().getAttribute('aria-invalid')).toBe('false');
  });

  it('Enter in the field submits the form', async () => {
    const { onAdd, type, input } = setup();
    type('www.qstheory.cn');
    fireEvent.submit(input().form!);
    expect(onAdd).toHaveBeenCalledWith('www.qstheory.cn');
  });

  it.each([
    ['', '请输入网站域名或网址。'],
    ['chrome://extensions', '只能添加 http 或 https 网站，不能添加 chrome: 地址。'],
    ['国务院 办公厅', '这不是有效的网站域名。'],
    ['*.com.cn', '*.com.cn 范围太大，会包括许多无关网站。请填写具体的网站。'],
    ['www.*.example.org', '通配符只能写在开头，形如 *.example.org。'],
    ['https://www.gov.cn/zhengce/', 'www.gov.cn 已包括在 *.gov.cn 中。'],
    ['*.gov.cn', '*.gov.cn 已在列表中。'],
  ])('refuses %j with a clear message, keeps the text and never calls onAdd', (value, message) => {
    const { onAdd, type, submit, input } = setup();
    type(value);
    submit();
    expect(onAdd).not.toHaveBeenCalled();
    const alert = screen.getByRole('alert');
    expect(alert.textContent).toBe(message);
    expect(input().value).toBe(value);
    expect(input().getAttribute('aria-invalid')).toBe('true');
    expect(input().getAttribute('aria-describedby')).toContain(alert.id);
    expect(document.activeElement).toBe(input());
    // typing again clears the complaint
    type(value + 'x');
    expect(screen.queryByRole('alert')).toBeNull();
    expect(input().getAttribute('aria-invalid')).toBe('false');
  });

  it('a refused permission (or a thrown error) is shown and the typed text is kept', async () => {
    const { onAdd, type, submit, input } = setup({ add: async () => ({ ok: false, error: '浏览器未授予访问权限' }) });
    type('www.people.com.cn');
    submit();
    await waitFor(() => expect(screen.getByRole('alert').textContent).toBe('未能保存：浏览器未授予访问权限'));
    expect(input().value).toBe('www.people.com.cn');
    expect(onAdd).toHaveBeenCalledTimes(1);
    cleanup();
    const s2 = setup({ add: () => Promise.reject(new Error('QUOTA_BYTES quota exceeded')) });
    s2.type('www.people.com.cn');
    s2.submit();
    await waitFor(() => expect(screen.getByRole('alert').textContent).toBe('未能保存：QUOTA_BYTES quota exceeded'));
    expect(s2.input().value).toBe('www.people.com.cn');
  });

  it('one action at a time: buttons are disabled while the browser is asked', async () => {
    const d = deferred<HostActionResult>();
    const { onAdd, type, submit } = setup({ hosts: ['*.gov.cn', 'gov.cn', 'www.people.com.cn'], add: () => d.promise });
    type('www.qstheory.cn');
    submit();
    expect(screen.getByRole('status').textContent).toBe('正在保存…');
    expect((screen.getByRole('button', { name: '添加' }) as HTMLButtonElement).disabled).toBe(true);
    expect((screen.getByRole('button', { name: '移除 www.people.com.cn' }) as HTMLButtonElement).disabled).toBe(true);
    submit();
    fireEvent.submit(screen.getByLabelText('添加网站').closest('form')!);
    expect(onAdd).toHaveBeenCalledTimes(1);
    d.resolve({ ok: true });
    await waitFor(() => expect((screen.getByRole('button', { name: '添加' }) as HTMLButtonElement).disabled).toBe(false));
  });

  it('a wildcard that covers existing entries says so', async () => {
    const { onAdd, type, submit } = setup({ hosts: ['*.gov.cn', 'gov.cn', 'www.people.com.cn', 'paper.people.com.cn'] });
    type('*.people.com.cn');
    submit();
    expect(onAdd).toHaveBeenCalledWith('*.people.com.cn');
    await waitFor(() =>
      expect(screen.getByRole('status').textContent).toBe('已添加 *.people.com.cn，它包括了 www.people.com.cn、paper.people.com.cn，后者已合并。'),
    );
  });

  it('removes a user host and moves focus back to the field', async () => {
    const { onRemove, input, rerenderHosts } = setup({ hosts: ['*.gov.cn', 'gov.cn', 'www.people.com.cn', 'news.example-daily.com'] });
    fireEvent.click(screen.getByRole('button', { name: '移除 www.people.com.cn' }));
    expect(onRemove).toHaveBeenCalledWith('www.people.com.cn');
    await waitFor(() => expect(screen.getByRole('status').textContent).toBe('已移除 www.people.com.cn。'));
    rerenderHosts(['*.gov.cn', 'gov.cn', 'news.example-daily.com']);
    expect(patterns()).toEqual(['*.gov.cn', 'gov.cn', 'news.example-daily.com']);
    expect(document.activeElement).toBe(input());
  });

  it('a failed removal keeps the entry and says why', async () => {
    const { onRemove } = setup({ hosts: ['*.gov.cn', 'gov.cn', 'www.people.com.cn'], remove: async () => ({ ok: false, error: 'storage unavailable' }) });
    fireEvent.click(screen.getByRole('button', { name: '移除 www.people.com.cn' }));
    expect(onRemove).toHaveBeenCalledTimes(1);
    await waitFor(() => expect(screen.getByRole('alert').textContent).toBe('未能保存：storage unavailable'));
    expect(patterns()).toContain('www.people.com.cn');
  });

  it("offers the followed page's host when no pattern covers it", async () => {
    const { onAdd, input } = setup({ url: NEWS });
    const quick = screen.getByRole('button', { name: '在 news.example-daily.com 上始终自动分析' });
    fireEvent.click(quick);
    expect(onAdd).toHaveBeenCalledWith('news.example-daily.com');
    await waitFor(() => expect(screen.getByRole('status').textContent).toContain('news.example-daily.com'));
    expect(input().value).toBe('');
    cleanup();
    setup({ url: GOV });
    expect(screen.queryByRole('button', { name: /始终自动分析/ })).toBeNull();
  });

  it('user text is never HTML', async () => {
    const { type, submit, container } = setup({ add: async () => ({ ok: false, error: '<img src=x onerror=alert(1)>' }) });
    type('<b>www.people.com.cn</b>');
    submit();
    expect(container.querySelector('b')).toBeNull();
    await waitFor(() => expect(screen.getByRole('alert')).toBeTruthy());
    expect(container.querySelector('img')).toBeNull();
  });

  it('English UI', () => {
    const t = loadT('en');
    render(
      <I18nProvider t={t}>
        <HostSettings autoHosts={DEFAULT_SETTINGS.autoHosts} currentUrl={NEWS} onAdd={async () => ({ ok: true })} onRemove={async () => ({ ok: true })} />
      </I18nProvider>,
    );
    expect(screen.getByRole('heading', { name: 'Sites analysed automatically' })).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Always analyse pages on news.example-daily.com' })).toBeTruthy();
    fireEvent.input(screen.getByLabelText('Add a site'), { target: { value: '*.com' } });
    fireEvent.click(screen.getByRole('button', { name: 'Add' }));
    expect(screen.getByRole('alert').textContent).toBe('*.com is too broad: it would include many unrelated sites. Enter a specific site.');
  });
});

describe('host settings in the panel', () => {
  const seed = seedFixture();

  it('appear in the Legend tab once the wiring provides settings.autoHosts and both actions', () => {
    const actions = {
      ...mockActions(),
      addAutoHost: vi.fn(async (): Promise<HostActionResult> => ({ ok: true })),
      removeAutoHost: vi.fn(async (): Promise<HostActionResult> => ({ ok: true })),
    };
    const state = readyState(seed);
    renderPanel({ ...state, settings: { ...state.settings, autoHosts: ['*.gov.cn', 'gov.cn', 'www.people.com.cn'] } }, actions);
    fireEvent.click(screen.getByRole('tab', { name: '图例' }));
    expect(screen.getByRole('heading', { name: '自动分析的网站' })).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: '移除 www.people.com.cn' }));
    expect(actions.removeAutoHost).toHaveBeenCalledWith('www.people.com.cn');
  });

  it('are absent until wired (no actions or no autoHosts)', () => {
    renderPanel(readyState(seed));
    fireEvent.click(screen.getByRole('tab', { name: '图例' }));
    expect(screen.queryByRole('heading', { name: '自动分析的网站' })).toBeNull();
  });

  it('no-content-script: "always analyse this site" next to "enable and analyse"', async () => {
    const actions = { ...mockActions(), addAutoHost: vi.fn(async (): Promise<HostActionResult> => ({ ok: true })) };
    renderPanel({ kind: 'no-content-script', url: NEWS, autoHosts: [...DEFAULT_SETTINGS.autoHosts] }, actions);
    expect(screen.getByRole('button', { name: '在此页启用并分析' })).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: '在 news.example-daily.com 上始终自动分析' }));
    expect(actions.addAutoHost).toHaveBeenCalledWith('news.example-daily.com');
    await waitFor(() => expect(screen.getByRole('status').textContent).toBe('已添加 news.example-daily.com。新打开的页面会自动分析。'));
  });

  it('no-content-script: nothing to offer for an unknown (hidden) URL', () => {
    const actions = { ...mockActions(), addAutoHost: vi.fn() };
    renderPanel({ kind: 'no-content-script', url: '' }, actions);
    expect(screen.queryByRole('button', { name: /始终自动分析/ })).toBeNull();
  });
});

describe('AddCurrentHost alone', () => {
  it('reports a refused permission', async () => {
    render(
      <I18nProvider t={loadT('zh_CN')}>
        <AddCurrentHost url={NEWS} autoHosts={[]} onAdd={async () => ({ ok: false, error: '用户拒绝了权限请求' })} />
      </I18nProvider>,
    );
    fireEvent.click(screen.getByRole('button', { name: '在 news.example-daily.com 上始终自动分析' }));
    await waitFor(() => expect(screen.getByRole('alert').textContent).toBe('未能保存：用户拒绝了权限请求'));
  });
});
