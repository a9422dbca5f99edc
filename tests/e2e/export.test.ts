/**
 * End-to-end: export and import from the side panel (issue 7), in Chromium (the harness can
 * observe downloads there). An annotation with a note is made on the seed policy page
 * (国发〔2015〕40号), exported as JSON and CSV through the Annotations tab, removed from the
 * store, imported back through the panel's file input — and a truncated file is refused
 * without touching the store.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, pollUntil, type BrowserHarness, type PageHandle } from '../harness/index';
import { inExtensionFrame } from '../harness/shadow';
import { SEED_PAGES, start, type SeedServer } from '../harness/server';
import { bringToFront, click, press, setInputFiles, typeText } from '../harness/input';
import { captureDownload, type CapturedDownload } from '../harness/download';
import { deleteRecords, readTable, selectPhrase, userHighlights, waitForDb, waitForNoUserHighlight, waitForUserHighlight } from '../harness/annotate';
import { parseCsv } from '../support/csv';

const WAIT = 45_000;
const QUOTE = '积极发展众创空间';
/** A note with what CSV must quote (comma, double quotes) and what must never become markup. */
const NOTE = '需核实牵头单位, "科技部、工业和信息化部"<b>待定</b>';
const CSV_HEADER = '序号,措施,牵头单位,其他单位（角色）,完成时限,状态,批注';

interface W3CAnno {
  '@context': unknown;
  id: string;
  type: string;
  created: string;
  modified: string;
  body?: Array<{ type: string; value: string; purpose: string }>;
  target: { source: string; selector: Array<{ type: string; exact?: string; prefix?: string; suffix?: string; start?: number; end?: number }> };
}
interface Envelope {
  format: string;
  version: number;
  exported: string;
  extensionVersion: string;
  documents: Array<{ document: { id: string; title: string; docNumber: string | null }; analysis: { measures: unknown[] } | null; annotations: W3CAnno[] }>;
}
interface StoredAnn {
  id: string;
  note: string;
  deleted?: boolean;
  target: { quote: { exact: string } };
}

describe('export and import from the side panel (chromium)', () => {
  let server: SeedServer;
  let h: BrowserHarness;
  let page: PageHandle;
  let panel: PageHandle;
  let json: CapturedDownload;
  let annotationId = '';
  const url = () => server.url(SEED_PAGES.policy.host, SEED_PAGES.policy.path);

  beforeAll(async () => {
    server = await start(0);
    h = await launchBrowser('chromium', { serverPort: server.port });
    page = await h.openPage(url());
    await h.waitFor(page, () => CSS.highlights.size > 0, WAIT, 'analysis highlights painted');
    // an annotation with a note: select, Alt+Shift+N opens the note editor (an extension frame)
    // with its field focused, type, Ctrl+Enter saves
    await bringToFront(h, page);
    expect(await selectPhrase(h, page, QUOTE)).toBe(QUOTE);
    await press(h, page, 'Alt+Shift+KeyN');
    await pollUntil(
      () =>
        inExtensionFrame<boolean>(h, page, '/note.html', `document.hasFocus() && document.activeElement?.getAttribute('data-field') === 'note'`).then(
          (v) => v || null,
        ),
      WAIT,
      'note editor shown with its field focused',
    );
    await typeText(h, page, NOTE);
    await press(h, page, 'Control+Enter');
    await waitForUserHighlight(h, page, QUOTE, { name: 'pl-user-yellow' });

    panel = await h.openSidePanel(page);
    await openAnnotationsTab();
    await h.waitFor(
      panel,
      (q: string) => Array.from(document.querySelectorAll('.pl-ann__quote')).some((e) => e.textContent?.trim() === q),
      WAIT,
      'the annotation listed in the Annotations tab',
      QUOTE,
    );
    await waitForDb(h, panel);
    const rows = await readTable<StoredAnn>(h, panel, 'annotations');
    expect(rows.map((r) => [r.target.quote.exact, r.note])).toEqual([[QUOTE, NOTE]]);
    annotationId = rows[0]!.id;
  });

  async function openAnnotationsTab() {
    await h.waitFor(panel, () => (document.querySelector('[data-state]') as HTMLElement | null)?.dataset.state === 'ready', WAIT, 'side panel ready');
    await click(h, panel, '#pl-tab-annotations');
    await h.waitFor(panel, () => !!document.querySelector('.pl-annotations .pl-import input[type="file"]'), WAIT, 'Annotations tab with the import input');
  }

  afterAll(async () => {
    await h?.close();
    await server?.close();
  });

  it('the side panel shows the note as text, never as markup', async () => {
    const shown = await h.evaluate(panel, () => {
      const el = document.querySelector('.pl-ann__note');
      return el ? { text: el.textContent, elements: el.querySelectorAll('*').length } : null;
    });
    expect(shown).toEqual({ text: NOTE, elements: 0 });
  });

  it('exports JSON for this document: envelope, analysis and the annotation as a W3C Annotation', async () => {
    json = await captureDownload(h, panel, () => click(h, panel, '.pl-export .pl-btnrow button:nth-child(1)'));
    expect(json.name).toMatch(/^国发〔2015〕40号_批注_\d{4}-\d{2}-\d{2}\.json$/);
    const env = JSON.parse(json.text) as Envelope;
    expect(env.format).toBe('policy-lens-export');
    expect(env.version).toBe(2);
    expect(Number.isNaN(Date.parse(env.exported))).toBe(false);
    expect(env.extensionVersion).toMatch(/^\d+\.\d+/);
    expect(env.documents).toHaveLength(1);
    const doc = env.documents[0]!;
    expect(doc.document.docNumber).toBe('国发〔2015〕40号');
    expect(doc.analysis?.measures.length).toBeGreaterThan(30);
    expect(doc.annotations).toHaveLength(1);
    const a = doc.annotations[0]!;
    expect(JSON.stringify(a['@context'])).toContain('http://www.w3.org/ns/anno.jsonld');
    expect(a.type).toBe('Annotation');
    expect(a.id).toContain(annotationId);
    expect(a.target.source).toBe(url());
    const quote = a.target.selector.find((s) => s.type === 'TextQuoteSelector');
    expect(quote?.exact).toBe(QUOTE);
    expect(quote?.prefix?.endsWith('2.')).toBe(true);
    const pos = a.target.selector.find((s) => s.type === 'TextPositionSelector');
    expect(pos!.end! - pos!.start!).toBe([...QUOTE].length);
    expect(a.body).toEqual(expect.arrayContaining([expect.objectContaining({ type: 'TextualBody', value: NOTE, purpose: 'commenting' })]));
    expect(Date.parse(a.modified)).toBeGreaterThanOrEqual(Date.parse(a.created));
  });

  it('exports the CSV task ledger with a UTF-8 BOM, the agreed header and the note quoted correctly', async () => {
    const csv = await captureDownload(h, panel, () => click(h, panel, '.pl-export .pl-btnrow button:nth-child(2)'));
    expect(csv.name).toMatch(/^国发〔2015〕40号_任务台账_\d{4}-\d{2}-\d{2}\.csv$/);
    expect([...csv.bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(csv.text.startsWith(`\uFEFF${CSV_HEADER}\r\n`)).toBe(true);
    const rows = parseCsv(csv.text.slice(1));
    expect(rows[0]!.join(',')).toBe(CSV_HEADER);
    expect(rows.length).toBeGreaterThan(30);
    for (const r of rows) expect(r, JSON.stringify(r)).toHaveLength(7);
    const mine = rows.find((r) => r[1] === QUOTE);
    expect(mine, `a ledger row for the measure ${QUOTE}`).toBeDefined();
    expect(mine![6]).toContain(`「${QUOTE}」 ${NOTE}`);
  });

  it('imports the exported JSON through the file input: the removed annotation is back on the page', async () => {
    expect(json, 'the JSON export test ran first').toBeDefined();
    await deleteRecords(h, panel, 'annotations', [annotationId]);
    await page.reload();
    await h.waitFor(page, () => CSS.highlights.size > 0, WAIT, 'analysis highlights painted after reload');
    await waitForNoUserHighlight(h, page, QUOTE);
    expect(await userHighlights(h, page)).toEqual([]);
    // The panel falls back to its Outline tab when the page reloads under it: start it afresh.
    await panel.reload();
    await openAnnotationsTab();
    expect(await h.evaluate(panel, () => document.querySelectorAll('.pl-ann__quote').length)).toBe(0);

    await setInputFiles(h, panel, '.pl-import input[type="file"]', [{ name: json.name, mimeType: 'application/json', buffer: json.bytes }]);
    expect(await waitForUserHighlight(h, page, QUOTE, { name: 'pl-user-yellow' })).toBe(QUOTE);
    const rows = await readTable<StoredAnn>(h, panel, 'annotations');
    expect(rows.map((r) => [r.id, r.target.quote.exact, r.note, !!r.deleted])).toEqual([[annotationId, QUOTE, NOTE, false]]);
    const status = await h.waitFor(
      panel,
      () => document.querySelector('.pl-export')?.closest('.pl-annotations')?.querySelector('[role="status"].pl-muted')?.textContent?.trim() || null,
      WAIT,
      'import summary shown in the panel',
    );
    expect(status).toMatch(/(已导入|Imported)\s*1\b/);
    await h.waitFor(
      panel,
      (q: string) => Array.from(document.querySelectorAll('.pl-ann__quote')).some((e) => e.textContent?.trim() === q),
      WAIT,
      'imported annotation listed',
      QUOTE,
    );
  });

  it('truncated JSON files are refused with a message and the store is unchanged', async () => {
    // (the analysis cache `analyses` is rewritten by every panel refresh, so it is not compared)
    const tables = ['documents', 'annotations', 'measureNotes'];
    const before = await Promise.all(tables.map((t) => readTable(h, panel, t)));
    const half = json.text.slice(0, json.text.length >> 1);
    // cut on a character boundary (JSON ends early), then inside a 3-byte Chinese character
    let cut = Buffer.byteLength(half);
    while ((json.bytes[cut]! & 0xc0) === 0x80 || json.bytes[cut]! < 0xe0) cut++;
    const cases = [
      // in the browser's UI language (the catalog's importErr_truncatedJson / importErr_truncatedBytes)
      {
        name: 'truncated.json',
        buffer: Buffer.from(half, 'utf8'),
        expect: /文件不完整：内容在第 \d+ 行第 \d+ 列|The file is truncated: JSON ends unexpectedly at line \d+, column \d+/,
      },
      {
        name: 'cut-mid-character.json',
        buffer: Buffer.from(json.bytes.subarray(0, cut + 1)),
        expect: /文件不完整：在第 \d+ 个字节处中断|The file is truncated: it ends in the middle of a character at byte \d+/,
      },
    ];
    for (const c of cases) {
      await setInputFiles(h, panel, '.pl-import input[type="file"]', [{ name: c.name, mimeType: 'application/json', buffer: c.buffer }]);
      let last = '';
      await h
        .waitFor(
          panel,
          (re: string) => {
            const t = document.querySelector('.pl-annotations [role="alert"].pl-error')?.textContent?.trim() ?? '';
            return new RegExp(re).test(t) ? t : null;
          },
          WAIT,
          `an error message for ${c.name} matching ${c.expect}`,
          c.expect.source,
        )
        .catch(async (e: Error) => {
          last = await h.evaluate(panel, () => document.querySelector('.pl-annotations [role="alert"]')?.textContent ?? '(none)');
          throw new Error(`${e.message}; message shown: ${last}`);
        });
      expect(await Promise.all(tables.map((t) => readTable(h, panel, t))), `store after ${c.name}`).toEqual(before);
    }
    // the page keeps its annotation
    expect((await userHighlights(h, page)).map((x) => x.text)).toEqual([QUOTE]);
  });
});
