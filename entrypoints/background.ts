/**
 * Background: the extension-origin side of the page. Owns the badge, the context menu and the
 * toolbar button, injects the content script on request (activeTab), and serves the content
 * script's storage requests (Dexie lives in the extension origin, never the page's).
 */
import { defineBackground } from 'wxt/utils/define-background';
import { browser } from 'wxt/browser';
import { parseMessage, isFromExtension, type PageState, type ToBackground } from '../lib/messages';
import { openPolicyLensDb, keepDocument, listAnnotations, putAnnotation, softDelete, undoDelete, requestPersistence, isStorageError, type PolicyLensDb } from '../lib/store';
import { initWebSegmenter } from '../lib/segment/web';
import { analyze } from '../lib/analysis';
import { answerAnalyze } from '../lib/page/remote-engine';
import { CONTENT_CSS, FIRST_LOOK_JS, injectContentScript, injectIntoFrame, type ScriptingLike } from '../lib/page/inject';
import { SETTINGS_KEY, DEFAULT_SETTINGS, normalizeSettings, toMatchPattern, type HighlightCategory } from '../lib/settings';

const MENU_ID = 'policy-lens-analyze';

export default defineBackground(() => {
  const action = (browser.action ?? (browser as any).browserAction) as typeof browser.action;
  // Per tab, per frame: a policy document may sit in an iframe of a portal page.
  const tabStates = new Map<number, Map<number, PageState>>();
  const RANK: Record<PageState['status'], number> = { policy: 3, error: 2, analysing: 1, 'not-policy': 0 };
  /** The frame whose page state speaks for the tab (a policy frame first, the top frame otherwise). */
  function bestFrame(tabId: number): { frameId: number; state: PageState } | null {
    const frames = tabStates.get(tabId);
    if (!frames) return null;
    let best: { frameId: number; state: PageState } | null = null;
    for (const [frameId, state] of frames) {
      if (!best || RANK[state.status] > RANK[best.state.status] || (RANK[state.status] === RANK[best.state.status] && frameId === 0)) best = { frameId, state };
    }
    return best;
  }
  const lastDeleted: string[] = [];

  let dbPromise: Promise<PolicyLensDb> | null = null;
  const db = () =>
    (dbPromise ??= (async () => {
      let tokenize: ((t: string) => string[]) | undefined;
      try {
        const seg = await initWebSegmenter(browser.runtime.getURL('/jieba_rs_wasm_bg.wasm' as any));
        tokenize = (t) => seg.searchTokens(t);
      } catch (e) {
        console.warn('Policy Lens: jieba unavailable, search falls back to bigrams', e);
      }
      const d = await openPolicyLensDb('policy-lens', { tokenize });
      requestPersistence((globalThis as any).navigator).catch(() => {});
      return d;
    })().catch((e) => {
      dbPromise = null;
      throw e;
    }));

  // Menus: "analyse this page" on pages, and the highlight toggles on the toolbar button's own
  // menu (right-click on the button), checked per the stored settings.
  const ACTION_CONTEXT = (browser.action ? 'action' : 'browser_action') as any;
  const TOGGLES: { id: string; key: 'master' | HighlightCategory; label: string }[] = [
    { id: 'pl-toggle-master', key: 'master', label: 'menuToggleMaster' },
    { id: 'pl-toggle-area', key: 'area', label: 'menuToggleArea' },
    { id: 'pl-toggle-lead', key: 'lead', label: 'menuToggleLead' },
    { id: 'pl-toggle-co', key: 'co', label: 'menuToggleCo' },
    { id: 'pl-toggle-deadline', key: 'deadline', label: 'menuToggleDeadline' },
  ];
  const tr = (key: string, ...subs: string[]) => browser.i18n.getMessage(key as any, subs as any) || key;
  async function buildMenus() {
    const s = normalizeSettings((await browser.storage.local.get(SETTINGS_KEY))[SETTINGS_KEY]);
    await browser.contextMenus.removeAll();
    browser.contextMenus.create({ id: MENU_ID, title: browser.i18n.getMessage('analyzePage') || '用 Policy Lens 分析此页', contexts: ['page', 'selection'] });
    for (const t of TOGGLES) {
      browser.contextMenus.create({
        id: t.id, type: 'checkbox', contexts: [ACTION_CONTEXT], title: tr(t.label),
        checked: t.key === 'master' ? s.master : s.categories[t.key],
      });
    }
  }
  browser.runtime.onInstalled.addListener(() => void buildMenus());
  browser.runtime.onStartup?.addListener(() => void buildMenus());

  async function toggleFromMenu(id: string, checked: boolean) {
    const t = TOGGLES.find((x) => x.id === id);
    if (!t) return;
    const s = normalizeSettings((await browser.storage.local.get(SETTINGS_KEY))[SETTINGS_KEY]);
    if (t.key === 'master') s.master = checked;
    else s.categories[t.key] = checked;
    await browser.storage.local.set({ [SETTINGS_KEY]: s });
  }

  async function analyzeTab(tabId: number) {
    try {
      await injectContentScript(browser.scripting as unknown as ScriptingLike, tabId);
    } catch (e) {
      // Restricted page (store, chrome://, about:): the side panel says so.
      console.warn('Policy Lens: cannot run on this tab', e);
      return;
    }
    await sendToTab(tabId, { type: 'pl:analyzeAnyway' });
  }

  async function sendToTab(tabId: number, msg: unknown, tries = 20): Promise<unknown> {
    for (let i = 0; ; i++) {
      try {
        return await browser.tabs.sendMessage(tabId, msg);
      } catch (e) {
        if (i >= tries) throw e;
        await new Promise((r) => setTimeout(r, 50));
      }
    }
  }

  function openPanel(tab: { id?: number; windowId?: number }) {
    // Must run synchronously inside the user gesture in both browsers.
    const side = (browser as any).sidePanel;
    if (side?.open && tab.id !== undefined) side.open({ tabId: tab.id }).catch(() => {});
    const sidebar = (browser as any).sidebarAction;
    if (sidebar?.open) sidebar.open().catch(() => {});
  }

  browser.contextMenus.onClicked.addListener((info, tab) => {
    if (typeof info.menuItemId === 'string' && info.menuItemId.startsWith('pl-toggle-')) {
      void toggleFromMenu(info.menuItemId, !!info.checked);
      return;
    }
    if (info.menuItemId !== MENU_ID || tab?.id === undefined) return;
    openPanel(tab);
    analyzeTab(tab.id);
  });

  action.onClicked.addListener((tab) => {
    if (tab.id === undefined) return;
    openPanel(tab);
    const state = bestFrame(tab.id)?.state;
    if (!state || state.status === 'not-policy') analyzeTab(tab.id);
  });

  function setBadge(tabId: number, s: PageState) {
    const text = s.status === 'policy' ? String(s.measures || '✓') : s.status === 'error' ? '!' : '';
    action.setBadgeText({ tabId, text }).catch(() => {});
    action.setBadgeBackgroundColor?.({ tabId, color: s.status === 'error' ? '#b71c1c' : '#1565c0' })?.catch?.(() => {});
    const title =
      s.status === 'policy'
        ? tr('badgePolicy', String(s.measures), s.reasons.slice(0, 4).join('；'))
        : s.status === 'not-policy'
          ? tr('badgeNotPolicy', s.reasons.slice(0, 2).join('；') || tr('badgeNoSignals'))
          : s.status === 'error'
            ? tr('badgeError', s.error ?? '')
            : 'Policy Lens';
    action.setTitle({ tabId, title }).catch(() => {});
  }

  browser.tabs.onRemoved.addListener((tabId) => tabStates.delete(tabId));
  browser.tabs.onUpdated.addListener((tabId, info) => {
    if (info.status === 'loading' && info.url) tabStates.delete(tabId);
  });

  const notifyPanel = (msg: unknown) => browser.runtime.sendMessage(msg).catch(() => {});

  async function handle(msg: ToBackground, tabId: number | undefined, frameId = 0): Promise<unknown> {
    switch (msg.type) {
      case 'pl:analyze':
        // The engine for every page, here where it stays compiled and warm (the content script
        // only extracts and paints). Bad input is answered with the engine's message.
        return answerAnalyze(msg.input, analyze);
      case 'pl:firstLook':
        // A frame with signs of a policy document: the content script goes in (its host is one
        // we run on, or the first look would not be there).
        if (tabId === undefined) return { ok: false };
        await injectIntoFrame(browser.scripting as unknown as ScriptingLike, tabId, frameId);
        return { ok: true };
      case 'pl:pageState':
        if (tabId !== undefined) {
          let frames = tabStates.get(tabId);
          if (!frames) tabStates.set(tabId, (frames = new Map()));
          frames.set(frameId, msg.state);
          setBadge(tabId, bestFrame(tabId)!.state);
          notifyPanel({ type: 'pl:tabUpdated', tabId });
        }
        return { ok: true };
      case 'pl:getTabFrame':
        return { frameId: bestFrame(msg.tabId)?.frameId ?? 0 };
      case 'pl:getSettings': {
        const got = await browser.storage.local.get(SETTINGS_KEY);
        return normalizeSettings(got[SETTINGS_KEY]);
      }
      case 'pl:currentMeasure':
        if (tabId !== undefined) notifyPanel({ type: 'pl:currentMeasure', tabId, measureId: msg.measureId });
        return { ok: true };
      case 'pl:docOpened': {
        const d = await db();
        // Until the page sends its content hash and asks to keep only when the user annotates, a visit keeps the record (by URL; the SimHash only suggests).
        const simhash = /^[0-9a-f]{16}$/.test(msg.fingerprint) && msg.fingerprint !== '0000000000000000' ? msg.fingerprint : null;
        const r = await keepDocument(d, { url: msg.url, contentHash: null, simhash, title: msg.title, docNumber: msg.docNumber, issuer: msg.issuer, date: msg.date });
        return { docId: r.document.id, status: r.status };
      }
      case 'pl:listAnnotations':
        return { annotations: await listAnnotations(await db(), msg.docId) };
      case 'pl:putAnnotation': {
        const saved = await putAnnotation(await db(), msg.annotation);
        notifyPanel({ type: 'pl:tabUpdated', tabId });
        return { annotation: saved };
      }
      case 'pl:deleteAnnotation': {
        const a = await softDelete(await db(), msg.id);
        lastDeleted.push(a.id);
        notifyPanel({ type: 'pl:tabUpdated', tabId });
        return { annotation: a };
      }
      case 'pl:undoDelete': {
        const id = lastDeleted.pop();
        if (!id) return { annotation: null };
        const a = await undoDelete(await db(), id);
        notifyPanel({ type: 'pl:tabUpdated', tabId });
        return { annotation: a };
      }
    }
  }

  browser.runtime.onMessage.addListener((raw: unknown, sender: any) => {
    if (!isFromExtension(sender, browser.runtime.id)) return undefined;
    const msg = parseMessage(raw);
    if (!msg) return undefined;
    const known = ['pl:analyze', 'pl:firstLook', 'pl:getTabFrame', 'pl:pageState', 'pl:getSettings', 'pl:currentMeasure', 'pl:docOpened', 'pl:listAnnotations', 'pl:putAnnotation', 'pl:deleteAnnotation', 'pl:undoDelete'];
    if (!known.includes(msg.type)) return undefined;
    return handle(msg as ToBackground, sender.tab?.id, sender.frameId ?? 0).catch((e: unknown) => ({ error: e instanceof Error ? e.message : String(e), code: isStorageError(e) ? e.code : 'failed' }));
  });

  // Hosts the user added in the side panel (beyond the built-in *.gov.cn): the panel asks for the
  // host permission in the user's gesture; here the content script is registered for the hosts
  // whose permission was granted. Re-synced at start and on every settings change.
  const USER_SCRIPT_ID = 'policy-lens-user-hosts';
  async function syncUserHosts() {
    const got = await browser.storage.local.get(SETTINGS_KEY);
    const s = normalizeSettings(got[SETTINGS_KEY]);
    const extra = s.autoHosts.filter((h) => !DEFAULT_SETTINGS.autoHosts.includes(h)).map(toMatchPattern);
    const granted: string[] = [];
    for (const origin of extra) if (await browser.permissions.contains({ origins: [origin] }).catch(() => false)) granted.push(origin);
    const scripting = browser.scripting as any;
    try {
      const existing = (await scripting.getRegisteredContentScripts?.({ ids: [USER_SCRIPT_ID] })) ?? [];
      if (existing.length) await scripting.unregisterContentScripts({ ids: [USER_SCRIPT_ID] });
      if (granted.length) {
        await scripting.registerContentScripts([
          { id: USER_SCRIPT_ID, matches: granted, js: [FIRST_LOOK_JS.slice(1)], css: [CONTENT_CSS.slice(1)], runAt: 'document_end', allFrames: true, persistAcrossSessions: true },
        ]);
      }
    } catch (e) {
      console.warn('Policy Lens: could not register the user hosts', e);
    }
  }
  browser.storage.onChanged.addListener((changes, area) => {
    if (area !== 'local' || !changes[SETTINGS_KEY]) return;
    void syncUserHosts();
    // Keep the toolbar menu's checkmarks in step with toggles changed in the side panel.
    const s = normalizeSettings(changes[SETTINGS_KEY].newValue);
    for (const t of TOGGLES) browser.contextMenus.update(t.id, { checked: t.key === 'master' ? s.master : s.categories[t.key] }).catch(() => {});
  });
  browser.permissions.onAdded?.addListener(() => void syncUserHosts());
  browser.permissions.onRemoved?.addListener(() => void syncUserHosts());
  void syncUserHosts();

  // Build jieba's dictionary and open the database once, up front (first cut ~0.5 s).
  db().catch((e) => console.warn('Policy Lens: storage unavailable', e));
});
