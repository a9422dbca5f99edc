/**
 * The library page (an extension page in its own tab, opened from the side panel): reads the
 * kept documents from the database in the extension's origin and draws components/library.
 * Forgetting goes through the background (`bg:forgetDocument`, as the side panel's does).
 */
import { render } from 'preact';
import { I18nProvider } from '../../components/sidepanel';
import { LibraryApp } from '../../components/library/LibraryApp';
import { extensionT } from '../../lib/i18n/extension';
import { ledgerCsv } from '../../lib/library/ledger';
import { loadLibrary, loadTexts, type LibraryContents } from '../../lib/library/load';
import { queryWords, searchTexts } from '../../lib/library/search';
import { ENGINE_VERSION } from '../../lib/analysis/version';
import { initWebSegmenter } from '../../lib/segment/web';
import { sendVia, toBackground, type BackgroundProtocol } from '../../lib/protocol';
import { openPolicyLensDb, requestPersistence } from '../../lib/store';
import { describeError } from '../../lib/store/errors';
import { localToday } from '../../lib/view/dates';
import { browser } from 'wxt/browser';
import { buildExportFile, download } from '../sidepanel/io';
import { createReminderPorts, type ReminderBrowser } from './reminders';
import '../../components/library/library.css';

// for the benchmark (tests/bench/library.tsx): the script runs, the database is open, read, then on screen
performance.mark('pl:library-script');
const t = extensionT();
const root = document.getElementById('app')!;
const send = sendVia<BackgroundProtocol>(toBackground);
// jieba (WASM: allowed on extension pages) cuts a search into words and adds key terms to a new
// analysis; without it search is by phrase only. Started at the first search or re-analysis, not
// with the page: building its dictionary takes the main thread for a few hundred ms.
let segmenting: ReturnType<typeof initWebSegmenter> | null = null;
const segmenter = () => (segmenting ??= initWebSegmenter(browser.runtime.getURL('/') + 'jieba_rs_wasm_bg.wasm')).catch(() => null);
const db = openPolicyLensDb('policy-lens');
/** The stored texts, read on the first full-text search and again after the library changed. */
let texts: ReturnType<typeof loadTexts> | null = null;
// the browsers' typings name every permission; the ports ask for one
const reminderPorts = createReminderPorts({ permissions: browser.permissions as unknown as ReminderBrowser['permissions'] });
requestPersistence(navigator).catch(() => {});

function saveBlob(name: string, blob: Blob) {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

function draw(contents: LibraryContents) {
  root.dataset.state = 'ready';
  render(
    <I18nProvider t={t}>
      <LibraryApp
        contents={contents}
        today={localToday()}
        engine={ENGINE_VERSION}
        reminders={reminderPorts}
        actions={{
          async reanalyse(progress) {
            // the engine is loaded when it is asked for, not with the page
            const [{ analyze }, { reanalyseLibrary }, seg] = await Promise.all([
              import('../../lib/analysis'),
              import('../../lib/library/reanalyse'),
              segmenter(),
            ]);
            const report = await reanalyseLibrary(
              await db,
              { analyze, ...(seg ? { addKeyTerms: (model, text) => void seg.addKeyTerms(model, text) } : {}) },
              progress,
            );
            await refresh();
            return report;
          },
          openFile,
          async searchText(query) {
            texts ??= db.then(loadTexts);
            const [all, seg] = await Promise.all([texts, segmenter()]);
            const words = queryWords(query, seg ? (s) => seg.cut(s) : undefined);
            return { hits: searchTexts(all, query, words), words, searched: all.length };
          },
          async forget(docId) {
            await send('bg:forgetDocument', { docId });
            await refresh();
          },
          downloadCsv(rows) {
            download(`policy-lens-ledger-${localToday()}.csv`, ledgerCsv(rows), 'text/csv;charset=utf-8');
          },
          async downloadIcs() {
            const f = await buildExportFile(await db, 'ics', 'all', { docId: null, extensionVersion: browser.runtime.getManifest().version, t });
            download(f.name, f.content, f.type);
          },
          async downloadXlsx(rows) {
            const { ledgerWorkbook } = await import('../../lib/library/workbook');
            saveBlob(`policy-lens-ledger-${localToday()}.xlsx`, await ledgerWorkbook({ rows, documents: contents.documents }));
          },
        }}
      />
    </I18nProvider>,
    root,
  );
}

/**
 * A file the analyst chose (or dropped) here, opened in the viewer in a tab of its own: the
 * viewer takes it from this page (its opener, the same extension origin) when it starts.
 */
let handing: File | null = null;
(window as unknown as { plTakeFile: () => File | null }).plTakeFile = () => {
  const f = handing;
  handing = null;
  return f;
};
function openFile(file: File) {
  handing = file;
  window.open(browser.runtime.getURL('/viewer.html'), '_blank');
}
document.addEventListener('dragover', (e) => e.preventDefault());
document.addEventListener('drop', (e) => {
  const f = e.dataTransfer?.files?.[0];
  if (!f) return;
  e.preventDefault();
  openFile(f);
});

async function refresh() {
  texts = null;
  try {
    const open = await db;
    performance.mark('pl:library-open');
    const contents = await loadLibrary(open);
    performance.mark('pl:library-read');
    draw(contents);
    performance.mark('pl:library-drawn');
    // a reminder's notification opens the page at what falls due (#due, #due=YYYY-MM-DD)
    if (location.hash.startsWith('#due')) document.getElementById('lib-due')?.scrollIntoView();
  } catch (e) {
    root.dataset.state = 'error';
    root.textContent = t('libLoadFailed', describeError(e, t));
  }
}

document.title = t('libTitle');
void refresh();
