/**
 * Side panel (Chrome side panel / Firefox sidebar): wires the panel's store (./store.ts) to the
 * browser and draws the props-driven views of components/sidepanel on every change. It follows
 * the active tab, or the tab named by ?tabId=N / ?tabUrl=URL (tests, and "open for this tab" links).
 */
import { render } from 'preact';
import { browser } from 'wxt/browser';
import { SidePanelApp, I18nProvider } from '../../components/sidepanel';
import { extensionT } from '../../lib/i18n/extension';
import { initWebSegmenter } from '../../lib/segment/web';
import { openPolicyLensDb, requestPersistence } from '../../lib/store';
import { sendVia, toBackground, toPage, toPanel, type BackgroundProtocol, type PageProtocol } from '../../lib/protocol';
import { serve } from '../../lib/protocol/serve';
import { normalizeSettings } from '../../lib/settings';
import { settingsStore } from '../../lib/settings-item';
import type { ScriptingLike } from '../../lib/page/inject';
import { download } from './io';
import { createPanelStore, type PanelStoreState } from './store';
import { onViewerChanged, viewerSender, VIEWER_CHANNEL } from '../../lib/protocol/viewer-channel';

const params = new URLSearchParams(location.search);
const t = extensionT();
const root = document.getElementById('app')!;
const segmenter = initWebSegmenter(browser.runtime.getURL('/') + 'jieba_rs_wasm_bg.wasm').catch(() => null);

const viewerChannel = new BroadcastChannel(VIEWER_CHANNEL);
const store = createPanelStore(
  {
    toViewer: (tabId) => viewerSender(viewerChannel, tabId),
    t,
    pinned: { tabId: params.has('tabId') ? Number(params.get('tabId')) : null, tabUrl: params.get('tabUrl') },
    tabs: browser.tabs,
    toBackground: sendVia<BackgroundProtocol>(toBackground),
    toPage: (target) => sendVia<PageProtocol>(toPage, target),
    scripting: browser.scripting as unknown as ScriptingLike,
    permissions: browser.permissions,
    settings: settingsStore(),
    async openDb() {
      const seg = await segmenter;
      const d = await openPolicyLensDb('policy-lens', seg ? { tokenize: (x) => seg.searchTokens(x) } : {});
      // Asked from a page: in the service worker navigator.storage.persist does not exist (Chrome)
      // or is never granted.
      requestPersistence(navigator).catch(() => {});
      return d;
    },
    segmenter,
    extensionVersion: browser.runtime.getManifest().version,
    download,
  },
  normalizeSettings(null),
);

let drawn: PanelStoreState['view'] | null = null;
function draw({ view }: PanelStoreState) {
  if (view === drawn) return;
  drawn = view;
  root.dataset.state = view.kind;
  render(
    <I18nProvider t={t}>
      <SidePanelApp state={view} actions={store.actions} />
    </I18nProvider>,
    root,
  );
}

store.subscribe(draw);
// the file viewer's tabs answer over their channel, and say when what they show changed
onViewerChanged(viewerChannel, (tabId) => store.tabUpdated(tabId, { status: 'complete' }));
serve(toPanel, store.routes, { ext: { id: browser.runtime.id, origin: browser.runtime.getURL('/') }, panelPages: [] });
browser.tabs.onActivated.addListener(() => store.tabActivated());
browser.tabs.onUpdated.addListener((id, info) => store.tabUpdated(id, info));
settingsStore().watch((next) => store.settingsChanged(next));
draw(store.getState());
void store.start();
