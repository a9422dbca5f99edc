/**
 * Local reminders (issue 15, item 4), in Chromium and Firefox: with a kept document whose measure
 * falls due in three days, turning reminders on makes the background set its daily alarm and
 * check at once, and the due item becomes a notification — once: a second check shows nothing
 * new; turning them off clears the alarm.
 *
 * How it is driven, and why:
 * - The switch (components/library/Reminders.tsx) is mounted into library.html by the library
 *   page's own wiring, not by this test's author; its click (permission first, then the stored
 *   value) has unit tests (tests/unit/library/reminders-switch.test.tsx). Here the value the
 *   switch stores once the permission is granted — `{ enabled: true, daysBefore: 7 }` under
 *   `pl:reminders` in storage.local — is written from an extension page (note.html, which shows
 *   nothing without a token), and what the background does with it is observed.
 * - `notifications` is an optional permission granted in a browser prompt that tests cannot
 *   click. The built extension is copied with `notifications` among its required permissions
 *   (the grant the prompt would give; tests/e2e/hosts.test.ts does the same for hosts); nothing
 *   else of the build changes.
 * - The build as shipped, where the permission is not granted, turns an `enabled` written to
 *   storage back off and sets no alarm (the second describe).
 * - A system notification cannot be seen from a headless browser. The background records each
 *   check's notifications in storage.session under `pl:reminders:shown` (SHOWN_KEY in
 *   lib/background/reminders.ts: a test hook, the same text as the notification, in an area
 *   content scripts cannot read), with `error` when `notifications.create` refused; the test
 *   reads it there. The alarm is read with `alarms.get` from the extension page.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { launchBrowser, type BrowserHarness, type PageHandle } from '../harness/index';
import { defaultExtensionDir } from '../harness/common';
import { REPO_ROOT, start, type SeedServer } from '../harness/server';

const TIMEOUT = 45_000;
const HOST = 'e2e.gov.cn';
const PATH = '/zhengce/reminder.html';

type RawPage = { click(selector: string): Promise<void> };

/** The central seed with its first measure due in three days (by the machine's calendar, which the browser shares). */
function duePage(): { body: string; due: string } {
  const d = new Date();
  d.setDate(d.getDate() + 3);
  const due = `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
  const text = readFileSync(join(REPO_ROOT, 'seeds/library/guofa-shuzi.txt'), 'utf8').replace(
    '2026年底前',
    `${d.getFullYear()}年${d.getMonth() + 1}月${d.getDate()}日前`,
  );
  const [title, ...lines] = text.trim().split('\n');
  const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;');
  const body = `<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><title>${esc(title!)}_e2e政府网</title></head><body>
<div class="article"><h1>${esc(title!)}</h1><div class="pages_content" id="UCAP-CONTENT">${lines.map((l) => `<p>${esc(l)}</p>`).join('\n')}</div></div></body></html>`;
  return { body, due };
}

/** A copy of the build with `notifications` granted (required instead of optional). */
async function grantedBuild(name: 'chromium' | 'firefox'): Promise<string> {
  const parent = await mkdtemp(join(tmpdir(), 'policy-lens-notify-'));
  const dir = join(parent, 'ext');
  await cp(resolve(defaultExtensionDir(name)), dir, { recursive: true });
  const manifest = JSON.parse(await readFile(join(dir, 'manifest.json'), 'utf8')) as { permissions?: string[]; optional_permissions?: string[] };
  manifest.permissions = [...(manifest.permissions ?? []), 'notifications'];
  manifest.optional_permissions = (manifest.optional_permissions ?? []).filter((p) => p !== 'notifications');
  await writeFile(join(dir, 'manifest.json'), JSON.stringify(manifest, null, 2));
  return dir;
}

/** The part of the extension API the test calls in the extension page (promise-based in both browsers: MV3 Chromium's `chrome.*` and Firefox's `browser.*`). */
interface Ext {
  storage: {
    local: { set(items: object): Promise<void>; get(key: string): Promise<Record<string, unknown>> };
    session: { get(key: string): Promise<Record<string, unknown>>; remove(key: string): Promise<void> };
  };
  alarms: { get(name: string): Promise<{ name: string; periodInMinutes?: number; scheduledTime: number } | undefined> };
}

interface Shown {
  today: string;
  shown: { id: string; title: string; message: string; keys: string[]; error?: string }[];
}

describe.each(['chromium', 'firefox'] as const)('reminders (%s)', (name) => {
  let server: SeedServer;
  let h: BrowserHarness;
  let ext: PageHandle;
  let dir = '';
  let due = '';

  /** Runs in the extension page: the promise-based API in both browsers (Chromium's `chrome.*` returns promises in MV3). */
  const api = () =>
    h.evaluate(ext, () => {
      const g = globalThis as unknown as { browser?: unknown; chrome?: unknown };
      return !!(g.browser ?? g.chrome);
    });
  const setReminders = (value: { enabled: boolean; daysBefore: number }) =>
    h.evaluate(
      ext,
      (v: { enabled: boolean; daysBefore: number }) => {
        const g = globalThis as unknown as { browser?: Ext; chrome: Ext };
        return (g.browser ?? g.chrome).storage.local.set({ 'pl:reminders': v });
      },
      value,
    );
  const alarm = () =>
    h.evaluate(ext, async () => {
      const g = globalThis as unknown as { browser?: Ext; chrome: Ext };
      const a = await (g.browser ?? g.chrome).alarms.get('pl-reminders');
      return a ? { name: a.name, periodInMinutes: a.periodInMinutes ?? null, scheduled: a.scheduledTime } : null;
    });
  const shown = () =>
    h.evaluate(ext, async () => {
      const g = globalThis as unknown as { browser?: Ext; chrome: Ext };
      const got = await (g.browser ?? g.chrome).storage.session.get('pl:reminders:shown');
      return (got['pl:reminders:shown'] as Shown | undefined) ?? null;
    });
  const clearShown = () =>
    h.evaluate(ext, () => {
      const g = globalThis as unknown as { browser?: Ext; chrome: Ext };
      return (g.browser ?? g.chrome).storage.session.remove('pl:reminders:shown');
    });

  beforeAll(async () => {
    server = await start(0);
    const page = duePage();
    due = page.due;
    server.route(HOST, PATH, () => ({ headers: { 'Content-Type': 'text/html; charset=utf-8' }, body: page.body }));
    dir = await grantedBuild(name);
    h = await launchBrowser(name, { serverPort: server.port, hosts: [HOST], extensionDir: dir });
    // keep the document from the side panel (加入文库), as an analyst does
    const tab = await h.openPage(server.url(HOST, PATH));
    await h.waitFor(tab, () => (CSS.highlights.get('pl-lead')?.size ?? 0) > 0, TIMEOUT, 'painted');
    const panel = await h.openSidePanel(tab);
    await h.waitFor(panel, () => !!document.querySelector('[data-state="ready"] [data-action="keep"]'), TIMEOUT, 'the panel offers 加入文库');
    await (panel.raw as RawPage).click('[data-action="keep"]');
    await h.waitFor(panel, () => !document.querySelector('[data-action="keep"]') && !!document.querySelector('[data-action="library"]'), TIMEOUT, 'kept');
    await panel.close();
    await tab.close();
    ext = await h.openExtensionPage('note.html');
    expect(await api()).toBe(true);
  });

  afterAll(async () => {
    await h?.close();
    await server?.close();
    if (dir) await rm(resolve(dir, '..'), { recursive: true, force: true });
  });

  it('off by default: no alarm, nothing shown', async () => {
    expect(await alarm()).toBeNull();
    expect(await shown()).toBeNull();
  });

  it('turned on: the daily alarm, and the measure due in three days notified at once', async () => {
    await setReminders({ enabled: true, daysBefore: 7 });
    const a = await h.waitFor(
      ext,
      async () => {
        const g = globalThis as unknown as { browser?: Ext; chrome: Ext };
        return (await (g.browser ?? g.chrome).alarms.get('pl-reminders')) ?? null;
      },
      TIMEOUT,
      'the alarm set',
    );
    expect(a.periodInMinutes).toBe(24 * 60);
    // the first check: after the next midnight, within a day
    expect(a.scheduledTime - Date.now()).toBeGreaterThan(0);
    expect(a.scheduledTime - Date.now()).toBeLessThanOrEqual(24 * 3600_000 + 10 * 60_000);
    const record = await h.waitFor(
      ext,
      async () => {
        const g = globalThis as unknown as { browser?: Ext; chrome: Ext };
        return ((await (g.browser ?? g.chrome).storage.session.get('pl:reminders:shown'))['pl:reminders:shown'] as Shown | undefined) ?? null;
      },
      TIMEOUT,
      'the check ran',
    );
    expect(record.shown).toHaveLength(1);
    const [n] = record.shown;
    expect(n!.id).toBe(`pl-reminder:${due}`);
    expect(n!.title).toMatch(/^(1 项措施 3 天后到期|1 measure due in 3 days)$/);
    expect(n!.message).toContain('构建数字化履职能力体系');
    expect(n!.message).toContain('国务院关于加强数字政府建设的指导意见');
    // only the measure in the window: 2027年6月底前 and 每年 are not
    expect(n!.keys).toHaveLength(1);
    expect(n!.keys[0]).toMatch(new RegExp(`^doc-[^|]+\\|[^|]+\\|${due}$`));
    // the browser took it (a refusal would be recorded as `error`)
    expect(n!.error).toBeUndefined();
  });

  it('an item is notified once: a wider window checks again and shows nothing new', async () => {
    await clearShown();
    await setReminders({ enabled: true, daysBefore: 8 });
    const record = await h.waitFor(
      ext,
      async () => {
        const g = globalThis as unknown as { browser?: Ext; chrome: Ext };
        return ((await (g.browser ?? g.chrome).storage.session.get('pl:reminders:shown'))['pl:reminders:shown'] as Shown | undefined) ?? null;
      },
      TIMEOUT,
      'the second check ran',
    );
    expect(record.shown).toEqual([]);
  });

  it('turned off: the alarm cleared', async () => {
    await setReminders({ enabled: false, daysBefore: 8 });
    await h.waitFor(
      ext,
      async () => {
        const g = globalThis as unknown as { browser?: Ext; chrome: Ext };
        return !(await (g.browser ?? g.chrome).alarms.get('pl-reminders'));
      },
      TIMEOUT,
      'the alarm cleared',
    );
    expect(await alarm()).toBeNull();
  });
});

describe.each(['chromium', 'firefox'] as const)('reminders without the notifications permission (%s)', (name) => {
  let server: SeedServer;
  let h: BrowserHarness;
  let ext: PageHandle;

  beforeAll(async () => {
    server = await start(0);
    h = await launchBrowser(name, { serverPort: server.port });
    ext = await h.openExtensionPage('note.html');
  });

  afterAll(async () => {
    await h?.close();
    await server?.close();
  });

  it('the build as shipped (notifications optional, not granted): on is turned back off, no alarm', async () => {
    await h.evaluate(ext, () => {
      const g = globalThis as unknown as { browser?: Ext; chrome: Ext };
      return (g.browser ?? g.chrome).storage.local.set({ 'pl:reminders': { enabled: true, daysBefore: 7 } });
    });
    const stored = await h.waitFor(
      ext,
      async () => {
        const g = globalThis as unknown as { browser?: Ext; chrome: Ext };
        const got = await (g.browser ?? g.chrome).storage.local.get('pl:reminders');
        const v = got['pl:reminders'] as { enabled: boolean; daysBefore: number };
        return v.enabled ? null : v;
      },
      TIMEOUT,
      'turned back off',
    );
    expect(stored).toEqual({ enabled: false, daysBefore: 7 });
    expect(
      await h.evaluate(ext, async () => {
        const g = globalThis as unknown as { browser?: Ext; chrome: Ext };
        return (await (g.browser ?? g.chrome).alarms.get('pl-reminders')) ?? null;
      }),
    ).toBeNull();
  });
});
