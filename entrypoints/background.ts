/**
 * Background: the extension-origin side of the page. Owns the badge, the context menu and the
 * toolbar button, injects the content script on request (activeTab), and serves the content
 * script's storage requests (Dexie lives in the extension origin, never the page's).
 */
import { defineBackground } from 'wxt/utils/define-background';
import { browser } from 'wxt/browser';
import { isFirstLook, isPdfLinkMessage, sendVia, toBackground, toPage, toPanel, type PageProtocol, type PageState, type PanelProtocol } from '../lib/protocol';
import { serve } from '../lib/protocol/serve';
import { classifySender, type SenderLike } from '../lib/protocol/sender';
import { backgroundRoutes, keepFrameDocument } from '../lib/background/routes';
import { keepTab, type KeepTabDeps } from '../lib/background/keep-tab';
import { FILE_EXTENSIONS } from '../lib/viewer/formats';
import { createModelCache } from '../lib/background/models';
import { bestFrame, createFrameStore, memorySessionArea, type SessionAreaLike } from '../lib/background/frames';
import { createNoteTokens } from '../lib/background/notes';
import { describeStorageError, isStorageError, openPolicyLensDb, purgeDeleted, recordAnalysis, type PolicyLensDb } from '../lib/store';
import type { MessageKey } from '../lib/i18n';
import { extensionT } from '../lib/i18n/extension';
import { initWebSegmenter } from '../lib/segment/web';
import { analyze } from '../lib/analysis';
import { CONTENT_CSS, FIRST_LOOK_JS, injectContentScript, injectIntoFrame, type ScriptingLike } from '../lib/page/inject';
import type { HighlightCategory, Settings } from '../lib/settings';
import { BUILT_IN_MATCH_PATTERNS, fileHostPattern, hostPermissionOrigins } from '../lib/hosts';
import { openPdfLink, pdfLinksRegistration, PDF_LINKS_SCRIPT_ID } from '../lib/background/pdf-links';
import { settingsStore } from '../lib/settings-item';
import { createReminders, type NotificationsLike } from '../lib/background/reminders';
import { reminderSettingsStore } from '../lib/settings-reminders';
import { loadLibrary } from '../lib/library/load';
import { crossLedger } from '../lib/library/ledger';

const MENU_ID = 'policy-lens-analyze';
/** How long a deleted annotation can still be restored. */
const PURGE_AFTER_MS = 7 * 24 * 3600 * 1000;
/** Extension pages whose requests are the user's (panel-only messages). */
const PANEL_PAGES = ['/sidepanel.html', '/library.html'];
const LIBRARY_MENU_ID = 'pl-open-library';
const KEEP_MENU_ID = 'pl-keep-document';
/** "Open this attachment in Policy Lens" on a link to a PDF or Word file. */
const LINK_MENU_ID = 'pl-open-link';
const ATTACHMENT_LINKS = FILE_EXTENSIONS.flatMap((x) => [`*://*/*.${x}`, `*://*/*.${x.toUpperCase()}`]);
const HIGHLIGHTS_MENU_ID = 'pl-highlights';

export default defineBackground(() => {
  // MV2 Firefox names it browserAction (same calls)
  const action = (browser.action ?? (browser as unknown as { browserAction: typeof browser.action }).browserAction) as typeof browser.action;
  const ext = { id: browser.runtime.id, origin: browser.runtime.getURL('/') };
  // Per tab, per frame (a policy document may sit in an iframe of a portal page), in
  // storage.session: the worker is stopped when idle and must find them again.
  const session = (browser.storage as unknown as { session?: SessionAreaLike }).session;
  const area = session ?? memorySessionArea();
  const frames = createFrameStore(area);

  let segmenter: ReturnType<typeof initWebSegmenter> | null = null;
  const jieba = () =>
    (segmenter ??= initWebSegmenter(browser.runtime.getURL('/') + 'jieba_rs_wasm_bg.wasm')).catch((e: unknown) => {
      console.warn('Policy Lens: jieba unavailable, search falls back to bigrams', e);
      return null;
    });
  let dbPromise: Promise<PolicyLensDb> | null = null;
  const db = () =>
    (dbPromise ??= (async () => {
      const seg = await jieba();
      const d = await openPolicyLensDb('policy-lens', seg ? { tokenize: (t) => seg.searchTokens(t) } : {});
      // Deleted annotations stay a week for Undo (and in backups), then they are gone.
      purgeDeleted(d, new Date(Date.now() - PURGE_AFTER_MS)).catch((e) => console.warn('Policy Lens: purge', e));
      return d;
    })().catch((e) => {
      dbPromise = null;
      throw e;
    }));

  // Menus: "analyse this page" on pages, and the highlight toggles on the toolbar button's own
  // menu (right-click on the button), checked per the stored settings.
  const ACTION_CONTEXT = (browser.action ? 'action' : 'browser_action') as 'action';
  const TOGGLES: { id: string; key: 'master' | HighlightCategory; label: MessageKey }[] = [
    { id: 'pl-toggle-master', key: 'master', label: 'menuToggleMaster' },
    { id: 'pl-toggle-area', key: 'area', label: 'menuToggleArea' },
    { id: 'pl-toggle-lead', key: 'lead', label: 'menuToggleLead' },
    { id: 'pl-toggle-co', key: 'co', label: 'menuToggleCo' },
    { id: 'pl-toggle-deadline', key: 'deadline', label: 'menuToggleDeadline' },
    { id: 'pl-toggle-cite', key: 'cite', label: 'menuToggleCite' },
  ];
  const tr = extensionT();
  async function buildMenus() {
    const s = await settingsStore().get();
    await browser.contextMenus.removeAll();
    browser.contextMenus.create({ id: MENU_ID, title: browser.i18n.getMessage('analyzePage') || '用 Policy Lens 分析此页', contexts: ['page', 'selection'] });
    browser.contextMenus.create({ id: LINK_MENU_ID, title: tr('menuOpenLink'), contexts: ['link'], targetUrlPatterns: ATTACHMENT_LINKS });
    // Chrome allows six items at the top of the toolbar button's menu: the toggles go one level down
    browser.contextMenus.create({ id: HIGHLIGHTS_MENU_ID, contexts: [ACTION_CONTEXT], title: tr('menuHighlights') });
    for (const t of TOGGLES) {
      browser.contextMenus.create({
        id: t.id,
        parentId: HIGHLIGHTS_MENU_ID,
        type: 'checkbox',
        contexts: [ACTION_CONTEXT],
        title: tr(t.label),
        checked: t.key === 'master' ? s.master : s.categories[t.key],
      });
    }
    browser.contextMenus.create({ id: KEEP_MENU_ID, contexts: [ACTION_CONTEXT], title: tr('libKeep') });
    browser.contextMenus.create({ id: LIBRARY_MENU_ID, contexts: [ACTION_CONTEXT], title: tr('libOpen') });
  }
  browser.runtime.onInstalled.addListener(() => void buildMenus());
  browser.runtime.onStartup?.addListener(() => void buildMenus());

  async function toggleFromMenu(id: string, checked: boolean) {
    const t = TOGGLES.find((x) => x.id === id);
    if (!t) return;
    const s = await settingsStore().get();
    if (t.key === 'master') s.master = checked;
    else s.categories[t.key] = checked;
    await settingsStore().set(s);
  }

  async function analyzeTab(tabId: number) {
    try {
      await injectContentScript(browser.scripting as unknown as ScriptingLike, tabId);
    } catch (e) {
      // Restricted page (store, chrome://, about:): the side panel says so.
      console.warn('Policy Lens: cannot run on this tab', e);
      return;
    }
    // The content script starts listening a moment after injection.
    for (let i = 0; ; i++) {
      try {
        await toPage.sendMessage('page:analyzeAnyway', undefined, { tabId, frameId: 0 });
        return;
      } catch (e) {
        if (i >= 20) throw e;
        await new Promise((r) => setTimeout(r, 50));
      }
    }
  }

  function openPanel(tab: { id?: number; windowId?: number }) {
    // Must run synchronously inside the user gesture in both browsers.
    // Chrome's sidePanel and Firefox's sidebarAction: each browser has one of them.
    const panels = browser as unknown as { sidePanel?: { open(o: { tabId: number }): Promise<void> }; sidebarAction?: { open(): Promise<void> } };
    const side = panels.sidePanel;
    if (side?.open && tab.id !== undefined) side.open({ tabId: tab.id }).catch(() => {});
    const sidebar = panels.sidebarAction;
    if (sidebar?.open) sidebar.open().catch(() => {});
  }

  browser.contextMenus.onClicked.addListener((info, tab) => {
    if (typeof info.menuItemId === 'string' && info.menuItemId.startsWith('pl-toggle-')) {
      void toggleFromMenu(info.menuItemId, !!info.checked);
      return;
    }
    if (info.menuItemId === LINK_MENU_ID && info.linkUrl) {
      const link = info.linkUrl;
      const pattern = fileHostPattern(link);
      if (!pattern) return;
      // in the click (a user gesture): the host's permission, when the extension has none, for the viewer's one fetch
      void browser.permissions
        .request({ origins: [pattern] })
        .catch(() => false)
        .then((ok) => {
          if (ok) void browser.tabs.create({ url: `${browser.runtime.getURL('/viewer.html')}?src=${encodeURIComponent(link)}` });
        });
      return;
    }
    if (info.menuItemId === KEEP_MENU_ID && tab?.id !== undefined) {
      // the panel opens in the click (a user gesture) and shows the document kept
      openPanel(tab);
      void keepTab(keepDeps, tab.id).then((r) => 'error' in r && console.warn('Policy Lens: nothing to keep in this tab', r.error));
      return;
    }
    if (info.menuItemId === LIBRARY_MENU_ID) {
      void browser.tabs.create({ url: browser.runtime.getURL('/library.html') });
      return;
    }
    if (info.menuItemId !== MENU_ID || tab?.id === undefined) return;
    openPanel(tab);
    analyzeTab(tab.id);
  });

  action.onClicked.addListener((tab) => {
    if (tab.id === undefined) return;
    const tabId = tab.id;
    openPanel(tab);
    void frames.frames(tabId).then((f) => {
      const state = bestFrame(f)?.state;
      if (!state || state.status === 'not-policy') void analyzeTab(tabId);
    });
  });

  function setBadge(tabId: number, s: PageState) {
    const text = s.status === 'policy' ? String(s.measures || '✓') : s.status === 'error' ? '!' : '';
    action.setBadgeText({ tabId, text }).catch(() => {});
    action.setBadgeBackgroundColor?.({ tabId, color: s.status === 'error' ? '#b71c1c' : '#1565c0' })?.catch?.(() => {});
    const title =
      s.status === 'policy'
        ? tr('badgePolicy', s.measures, s.reasons.slice(0, 4).join('；'))
        : s.status === 'not-policy'
          ? tr('badgeNotPolicy', s.reasons.slice(0, 2).join('；') || tr('badgeNoSignals'))
          : s.status === 'error'
            ? tr('badgeError', s.error ?? '')
            : 'Policy Lens';
    action.setTitle({ tabId, title }).catch(() => {});
  }

  const models = createModelCache();
  browser.tabs.onRemoved.addListener((tabId) => {
    models.dropTab(tabId);
    void frames.dropTab(tabId);
  });
  browser.tabs.onUpdated.addListener((tabId, info) => {
    if (info.status === 'loading' && info.url) {
      models.dropTab(tabId);
      void frames.dropTab(tabId);
    }
  });

  const notifyPanel: Parameters<typeof backgroundRoutes>[0]['notifyPanel'] = (type, data) =>
    void (sendVia<PanelProtocol>(toPanel) as (t: string, d: unknown) => Promise<unknown>)(type, data).catch(() => {});
  const keepDeps: KeepTabDeps = {
    frames,
    keep: (tabId, frameId, doc) => keepFrameDocument({ db, frames }, tabId, frameId, doc),
    input: (tabId, frameId) => sendVia<PageProtocol>(toPage, { tabId, frameId })('page:getAnalysisInput'),
    analyze,
    async record(docId, model, input) {
      (await jieba())?.addKeyTerms(model, input.text);
      await recordAnalysis(await db(), docId, model, input);
    },
    analyzeTab,
    changed: (tabId) => notifyPanel('panel:tabUpdated', { tabId }),
  };

  serve(
    toBackground,
    backgroundRoutes({
      db,
      frames,
      analyze,
      models,
      notes: createNoteTokens(area),
      notifyPanel,
      notifyFrame: (tabId, frameId, type, data) =>
        void (sendVia<PageProtocol>(toPage, { tabId, frameId }) as (t: string, d: unknown) => Promise<unknown>)(type, data).catch(() => {}),
      onTabState: setBadge,
    }),
    {
      ext,
      panelPages: PANEL_PAGES,
      // The page and the panel show the reason in the UI language, which the background shares.
      reword: (e) => (isStorageError(e) ? new Error(describeStorageError(e, extensionT())) : e),
    },
  );

  // The first look's raw message: a frame with signs of a policy document gets the content
  // script (its host is one we run on, or the first look would not be there).
  browser.runtime.onMessage.addListener((raw: unknown, sender: SenderLike) => {
    if (!isFirstLook(raw)) return undefined;
    const s = classifySender(sender, ext);
    if (s?.kind !== 'page') return undefined;
    void injectIntoFrame(browser.scripting as unknown as ScriptingLike, s.tabId, s.frameId).catch((e) => console.warn('Policy Lens: cannot inject', e));
    return undefined;
  });

  // The PDF-link script's raw message (entrypoints/pdf-links.ts, on the auto hosts while
  // openPdfLinks is on): the analyst's click on a PDF link, opened in the viewer.
  browser.runtime.onMessage.addListener((raw: unknown, sender: SenderLike) => {
    if (!isPdfLinkMessage(raw)) return undefined;
    const s = classifySender(sender, ext);
    if (s?.kind !== 'page') return undefined;
    void openPdfLink(raw, s.tabId, {
      settings: () => settingsStore().get(),
      canFetch: (pattern) => browser.permissions.contains({ origins: [pattern] }),
      viewerUrl: (src) => `${browser.runtime.getURL('/viewer.html')}?src=${encodeURIComponent(src)}`,
      openTab: async (url, besideTabId) => {
        const tab = await browser.tabs.get(besideTabId).catch(() => undefined);
        return browser.tabs.create({ url, openerTabId: besideTabId, ...(tab ? { index: tab.index + 1 } : {}) });
      },
      navigateTab: (tabId, url) => browser.tabs.update(tabId, { url }),
    }).catch((e) => console.warn('Policy Lens: cannot open the PDF link', e));
    return undefined;
  });

  // Hosts the user added in the side panel (beyond the built-in *.gov.cn): the panel asks for the
  // host permission in the user's gesture; here the content script is registered for the hosts
  // whose permission was granted — and, while openPdfLinks is on, the PDF-link script on every
  // auto host granted (lib/background/pdf-links). Re-synced at start and on every settings change.
  const USER_SCRIPT_ID = 'policy-lens-user-hosts';
  async function syncUserHosts() {
    const s = await settingsStore().get();
    const extra = hostPermissionOrigins(s.autoHosts);
    const has = (origin: string) => browser.permissions.contains({ origins: [origin] }).catch(() => false);
    const granted: string[] = [];
    for (const origin of extra) if (await has(origin)) granted.push(origin);
    const builtIn: string[] = [];
    for (const origin of BUILT_IN_MATCH_PATTERNS) if (await has(origin)) builtIn.push(origin);
    const pdfLinks = pdfLinksRegistration(s, [...builtIn, ...granted]);
    // registerContentScripts and its kin: Chrome's and Firefox's types differ; these are the calls both have.
    const scripting = browser.scripting as unknown as {
      getRegisteredContentScripts?(f: { ids: string[] }): Promise<unknown[]>;
      unregisterContentScripts(f: { ids: string[] }): Promise<void>;
      registerContentScripts(s: object[]): Promise<void>;
    };
    try {
      const ids = [USER_SCRIPT_ID, PDF_LINKS_SCRIPT_ID];
      const existing = ((await scripting.getRegisteredContentScripts?.({ ids })) ?? []) as { id: string }[];
      if (existing.length) await scripting.unregisterContentScripts({ ids: existing.map((x) => x.id) });
      if (pdfLinks) await scripting.registerContentScripts([pdfLinks]);
      if (granted.length) {
        await scripting.registerContentScripts([
          {
            id: USER_SCRIPT_ID,
            matches: granted,
            js: [FIRST_LOOK_JS.slice(1)],
            css: [CONTENT_CSS.slice(1)],
            runAt: 'document_end',
            allFrames: true,
            persistAcrossSessions: true,
          },
        ]);
      }
    } catch (e) {
      console.warn('Policy Lens: could not register the user hosts', e);
    }
  }
  settingsStore().watch((s: Settings) => {
    void syncUserHosts();
    // Keep the toolbar menu's checkmarks in step with toggles changed in the side panel.
    for (const t of TOGGLES) browser.contextMenus.update(t.id, { checked: t.key === 'master' ? s.master : s.categories[t.key] }).catch(() => {});
  });
  browser.permissions.onAdded?.addListener(() => void syncUserHosts());
  browser.permissions.onRemoved?.addListener(() => void syncUserHosts());
  void syncUserHosts();

  // Local reminders (lib/background/reminders): a daily alarm while they are on, a check at the
  // browser's start and when they are turned on; notifications only with the optional permission.
  const reminders = createReminders({
    alarms: browser.alarms,
    notifications: () => (browser as unknown as { notifications?: NotificationsLike }).notifications,
    hasPermission: () => browser.permissions.contains({ permissions: ['notifications'] }),
    settings: reminderSettingsStore(),
    local: browser.storage.local,
    session,
    rows: async () => crossLedger((await loadLibrary(await db())).documents),
    openTab: (url) => browser.tabs.create({ url }),
    libraryUrl: browser.runtime.getURL('/library.html'),
    // a packaged file (the getURL('/') form: the public paths' types are generated by wxt prepare)
    iconUrl: browser.runtime.getURL('/') + 'reminder.png',
    t: tr,
  });
  let clickHeard = false;
  const hearClicks = () => {
    const n = (browser as unknown as { notifications?: { onClicked?: { addListener(cb: (id: string) => void): void } } }).notifications;
    if (clickHeard || !n?.onClicked) return;
    clickHeard = true;
    n.onClicked.addListener((id) => void reminders.onClicked(id));
  };
  hearClicks();
  browser.alarms.onAlarm.addListener((a) => void reminders.onAlarm(a));
  browser.runtime.onStartup?.addListener(() => void reminders.sync({ check: true }));
  browser.runtime.onInstalled.addListener(() => void reminders.sync());
  reminderSettingsStore().watch((s) => {
    hearClicks();
    void reminders.sync({ check: s.enabled });
  });
  browser.permissions.onAdded?.addListener(hearClicks);
  browser.permissions.onRemoved?.addListener(() => void reminders.sync());

  // Build jieba's dictionary and open the database once, up front, so the first cut does not wait for them.
  db().catch((e) => console.warn('Policy Lens: storage unavailable', e));
});
