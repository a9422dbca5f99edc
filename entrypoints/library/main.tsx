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
import { ledgerWorkbook } from '../../lib/library/workbook';
import { loadLibrary, type LibraryContents } from '../../lib/library/load';
import { sendVia, toBackground, type BackgroundProtocol } from '../../lib/protocol';
import { openPolicyLensDb, requestPersistence } from '../../lib/store';
import { describeError } from '../../lib/store/errors';
import { localToday } from '../../lib/view/dates';
import { browser } from 'wxt/browser';
import { buildExportFile, download } from '../sidepanel/io';
import '../../components/library/library.css';

const t = extensionT();
const root = document.getElementById('app')!;
const send = sendVia<BackgroundProtocol>(toBackground);
const db = openPolicyLensDb('policy-lens');
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
        actions={{
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
            saveBlob(`policy-lens-ledger-${localToday()}.xlsx`, await ledgerWorkbook({ rows, documents: contents.documents }));
          },
        }}
      />
    </I18nProvider>,
    root,
  );
}

async function refresh() {
  try {
    const contents = await loadLibrary(await db);
    // for the benchmark (tests/bench/library.tsx): read, then on screen
    performance.mark('pl:library-read');
    draw(contents);
    performance.mark('pl:library-drawn');
  } catch (e) {
    root.dataset.state = 'error';
    root.textContent = t('libLoadFailed', describeError(e, t));
  }
}

document.title = t('libTitle');
void refresh();
