/**
 * The library, in Chromium and Firefox: three documents kept from the side panel ("加入文库") —
 * a central 指导意见, a provincial 实施意见 that implements it, citing it by 《…》（文号）, and a
 * municipal plan — then the library page shows the ledger grouped by unit, the citation both
 * ways and what falls due; a row links to its measure on its page; a document is forgotten and
 * nothing of it remains in the database.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { launchBrowser, type BrowserHarness, type PageHandle } from '../harness/index';
import { REPO_ROOT, start, type SeedServer } from '../harness/server';
import ExcelJS from 'exceljs';

const TIMEOUT = 45_000;
const HOST = 'e2e.gov.cn';
const PAGES = {
  central: { path: '/zhengce/lib-central.html', file: 'seeds/library/guofa-shuzi.txt' },
  provincial: { path: '/zhengce/lib-provincial.html', file: 'seeds/citations/shishi-yijian.txt' },
  city: { path: '/zhengce/lib-city.html', file: 'seeds/citations/yingshang-fangan.txt' },
} as const;

/** A text seed as an article page: its first line the <h1>, each line a paragraph. */
function articlePage(text: string): string {
  const [title, ...lines] = text.trim().split('\n');
  const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;');
  return `<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><title>${esc(title!)}_e2e政府网</title></head><body>
<div class="article"><h1>${esc(title!)}</h1><div class="pages_content" id="UCAP-CONTENT">${lines.map((l) => `<p>${esc(l)}</p>`).join('\n')}</div></div></body></html>`;
}

type RawPage = { click(selector: string): Promise<void> };

describe.each(['chromium', 'firefox'] as const)('library (%s)', (name) => {
  let server: SeedServer;
  let h: BrowserHarness;
  let library: PageHandle;
  const url = (k: keyof typeof PAGES) => server.url(HOST, PAGES[k].path);

  beforeAll(async () => {
    server = await start(0);
    for (const p of Object.values(PAGES)) {
      const body = articlePage(readFileSync(join(REPO_ROOT, p.file), 'utf8'));
      server.route(HOST, p.path, () => ({ headers: { 'Content-Type': 'text/html; charset=utf-8' }, body }));
    }
    h = await launchBrowser(name, { serverPort: server.port, hosts: [HOST] });
    for (const k of Object.keys(PAGES) as (keyof typeof PAGES)[]) {
      const page = await h.openPage(url(k));
      await h.waitFor(page, () => (CSS.highlights.get('pl-lead')?.size ?? 0) > 0, TIMEOUT, `${k}: painted`);
      const panel = await h.openSidePanel(page);
      await h.waitFor(panel, () => !!document.querySelector('[data-state="ready"] [data-action="keep"]'), TIMEOUT, `${k}: the panel offers 加入文库`);
      await (panel.raw as RawPage).click('[data-action="keep"]');
      await h.waitFor(
        panel,
        () => !document.querySelector('[data-action="keep"]') && !!document.querySelector('[data-action="library"]'),
        TIMEOUT,
        `${k}: kept`,
      );
      await panel.close();
      await page.close();
    }
    library = await h.openExtensionPage('library.html');
    await h.waitFor(
      library,
      () => document.querySelector('#app')?.getAttribute('data-state') === 'ready' && document.querySelectorAll('.pl-lib-docs tbody tr').length === 3,
      TIMEOUT,
      'library with three documents',
    );
  });

  afterAll(async () => {
    await h?.close();
    await server?.close();
  });

  it('lists the kept documents with their level, and the ledger grouped by unit across them', async () => {
    const docs = await h.evaluate(library, () =>
      Array.from(document.querySelectorAll('.pl-lib-docs tbody tr')).map((tr) => Array.from(tr.children).map((td) => (td.textContent ?? '').trim())),
    );
    const byNumber = Object.fromEntries(docs.map((cells) => [cells[1], cells]));
    expect(Object.keys(byNumber).sort()).toEqual(['国发〔2022〕14号', '江政发〔2025〕7号', '清政办发〔2024〕21号']);
    expect(['中央', 'Central']).toContain(byNumber['国发〔2022〕14号']![3]);
    expect(['省级', 'Provincial']).toContain(byNumber['江政发〔2025〕7号']![3]);
    expect(['市级', 'Municipal']).toContain(byNumber['清政办发〔2024〕21号']![3]);
    const group = (unit: string) =>
      h.evaluate(
        library,
        (u: string) => {
          const li = document.querySelector(`[data-unit="${u}"]`);
          return li
            ? {
                summary: li.textContent ?? '',
              }
            : null;
        },
        unit,
      );
    // 工业和信息化部 takes part in two measures of the central document; 省数据局 leads in the provincial one
    expect((await group('工业和信息化部'))!.summary).toMatch(/(牵头 0 项措施|leads 0 measures)/);
    expect((await group('省数据局'))!.summary).toMatch(/(牵头 [2-9] 项措施|leads [2-9] measures)/);
    // a row links to its measure on its page (a group's rows are drawn once it is opened)
    await (library.raw as RawPage).click('[data-unit="国家数据局"] button');
    await h.waitFor(library, () => !!document.querySelector('[data-group="国家数据局"] a'), TIMEOUT, 'the group opened');
    const href = await h.evaluate(library, () => document.querySelector('[data-group="国家数据局"] a')?.getAttribute('href') ?? '');
    expect(href).toMatch(/lib-central\.html#pl-measure=/);
  });

  it('shows the citation both ways and what falls due', async () => {
    const links = await h.evaluate(library, () => {
      const titleOf = (id: string | null) => document.querySelector(`.pl-lib-docs tr[data-doc="${id}"] td`)?.textContent ?? '';
      const cites = Array.from(document.querySelectorAll('[data-list="cites"] [data-target]')).filter((li) => li.getAttribute('data-target'));
      const citedBy = Array.from(document.querySelectorAll('[data-list="cited-by"] [data-from]'));
      return {
        cites: cites.map((li) => ({ from: titleOf(li.closest('.pl-lib-cites')!.getAttribute('data-doc')), to: titleOf(li.getAttribute('data-target')) })),
        citedBy: citedBy.map((li) => ({ of: titleOf(li.closest('.pl-lib-cites')!.getAttribute('data-doc')), from: titleOf(li.getAttribute('data-from')) })),
      };
    });
    expect(links.cites).toEqual([{ from: expect.stringContaining('江南省人民政府关于贯彻落实'), to: '国务院关于加强数字政府建设的指导意见' }]);
    expect(links.citedBy).toEqual([{ of: '国务院关于加强数字政府建设的指导意见', from: expect.stringContaining('江南省') }]);
    const due = await h.evaluate(library, () =>
      Object.fromEntries(
        Array.from(document.querySelectorAll('[data-due]')).map((d) => [
          d.getAttribute('data-due'),
          Array.from(d.querySelectorAll('.pl-lib-row')).map((r) => r.textContent ?? ''),
        ]),
      ),
    );
    // every deadline the three documents print lands in one window by the browser's today; 每年 / 每季度 are recurring
    expect(due.recurring!.join(' ')).toMatch(/每年|每季度/);
    expect(Object.values(due).flat().length).toBeGreaterThanOrEqual(3);
    // the month view starts at the browser's month; 2026年底前 falls in December
    const months = await h.evaluate(library, () =>
      Array.from(document.querySelectorAll('[data-month]')).map((b) => [b.getAttribute('data-month'), b.textContent]),
    );
    expect(months).toHaveLength(12);
    const december = months.find(([m]) => m === '2026-12');
    if (december) expect(december[1]).toMatch(/[（(][1-9]\d*[）)]/); // (only while December 2026 is within the next twelve months)
  });

  it('the workbook downloaded from the library page reads back: the ledger, the documents, the citations; and one calendar of it all', async () => {
    // catch the download's Blob (the page hands it to an <a download>)
    await h.evaluate(library, () => {
      const g = window as unknown as { __plBlobs: Blob[] };
      g.__plBlobs = [];
      const orig = URL.createObjectURL.bind(URL);
      URL.createObjectURL = (b: Blob | MediaSource) => {
        if (b instanceof Blob) g.__plBlobs.push(b);
        return orig(b);
      };
    });
    await (library.raw as RawPage).click('[data-action="xlsx"]');
    await h.waitFor(library, () => (window as unknown as { __plBlobs: Blob[] }).__plBlobs.length > 0, TIMEOUT, 'the workbook written');
    const b64 = await h.evaluate(library, async () => {
      const blob = (window as unknown as { __plBlobs: Blob[] }).__plBlobs[0]!;
      const bytes = new Uint8Array(await blob.arrayBuffer());
      let s = '';
      for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
      return btoa(s);
    });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(b64, 'base64') as unknown as ArrayBuffer);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['台账', '文件', '引用']);
    const ledger = wb.getWorksheet('台账')!;
    expect(ledger.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect(ledger.getRow(1).getCell(8).value).toBe('单位');
    const units = new Set<string>();
    ledger.eachRow((row, i) => i > 1 && units.add(String(row.getCell(8).value ?? '')));
    expect(units).toContain('国家数据局');
    expect(units).toContain('省数据局');
    expect(wb.getWorksheet('文件')!.rowCount).toBe(4);
    const cites: string[] = [];
    wb.getWorksheet('引用')!.eachRow((row, i) => i > 1 && cites.push(`${row.getCell(2).value ?? ''}|${row.getCell(4).value ?? ''}`));
    expect(cites).toContain('国务院关于加强数字政府建设的指导意见|贯彻落实');
    // one calendar of every kept document's deadlines
    await (library.raw as RawPage).click('[data-action="ics"]');
    await h.waitFor(library, () => (window as unknown as { __plBlobs: Blob[] }).__plBlobs.length > 1, TIMEOUT, 'the calendar written');
    const ics = await h.evaluate(library, () => (window as unknown as { __plBlobs: Blob[] }).__plBlobs[1]!.text());
    expect(ics).toMatch(/^BEGIN:VCALENDAR/);
    expect(ics.match(/BEGIN:VEVENT/g)!.length).toBeGreaterThanOrEqual(3);
    expect(ics).toContain('DTSTART;VALUE=DATE:20261231');
  });

  it("the toolbar button's menu has 加入文库 and 打开文库, the highlight toggles one level down (Chrome allows six at the top)", async () => {
    const exists = (id: string) =>
      h.evaluate(
        library,
        (menuId: string) =>
          new Promise<string>((resolve) => {
            const g = globalThis as unknown as {
              browser?: { contextMenus: { update(id: string, p: object): Promise<void> } };
              chrome?: { contextMenus: { update(id: string, p: object, cb: () => void): void }; runtime: { lastError?: { message?: string } } };
            };
            if (g.browser?.contextMenus) {
              g.browser.contextMenus.update(menuId, {}).then(
                () => resolve('ok'),
                (e: Error) => resolve(String(e.message)),
              );
              return;
            }
            g.chrome!.contextMenus.update(menuId, {}, () => resolve(g.chrome!.runtime.lastError?.message ?? 'ok'));
          }),
        id,
      );
    for (const id of ['pl-open-library', 'pl-keep-document', 'pl-highlights', 'pl-toggle-master', 'pl-toggle-cite']) expect(await exists(id), id).toBe('ok');
    expect(await exists('pl-no-such-item')).not.toBe('ok');
  });

  it('keeps what each analysis ran on: the full text is searched, and the library is analysed again with it', async () => {
    // the side panel's 加入文库 stored each document's source with its analysis
    const sources = await h.evaluate(
      library,
      () =>
        new Promise<number>((resolve, reject) => {
          const open = indexedDB.open('policy-lens');
          open.onerror = () => reject(open.error);
          open.onsuccess = () => {
            const req = open.result.transaction('sources').objectStore('sources').count();
            req.onsuccess = () => (open.result.close(), resolve(req.result));
          };
        }),
    );
    expect(sources).toBe(3);
    // a phrase only the city plan's body has (not its title, 文号, issuer or any heading)
    await h.evaluate(library, () => {
      const input = document.querySelector<HTMLInputElement>('[data-input="doc-search"]')!;
      input.value = '各牵头单位每季度报送';
      input.dispatchEvent(new Event('input', { bubbles: true }));
    });
    await h.waitFor(library, () => !!document.querySelector('.pl-lib-docs tbody tr .pl-lib-snippet mark'), TIMEOUT, 'a full-text hit');
    const hits = await h.evaluate(library, () =>
      Array.from(document.querySelectorAll('.pl-lib-docs tbody tr')).map((tr) => [
        tr.querySelector('a')?.textContent ?? '',
        tr.querySelector('mark')?.textContent ?? '',
      ]),
    );
    expect(hits).toEqual([[expect.stringContaining('清河市'), '各牵头单位每季度报送']]);
    await h.evaluate(library, () => {
      const input = document.querySelector<HTMLInputElement>('[data-input="doc-search"]')!;
      input.value = '';
      input.dispatchEvent(new Event('input', { bubbles: true }));
    });
    // analysed again by this engine from the stored sources: the same three documents and ledger
    const before = await h.evaluate(library, () => document.querySelector('[data-testid="lib-counts"]')?.textContent ?? '');
    await (library.raw as RawPage).click('[data-action="reanalyse"]');
    await h.waitFor(library, () => !!document.querySelector('[data-outcome="reanalyse"]'), TIMEOUT, 'analysed again');
    expect(await h.evaluate(library, () => document.querySelector('[data-outcome="reanalyse"]')!.textContent ?? '')).toMatch(
      /已重新分析 3 份文件|Analysed 3 documents again/,
    );
    await h.waitFor(library, () => document.querySelectorAll('.pl-lib-docs tbody tr').length === 3, TIMEOUT, 'three documents after');
    expect(await h.evaluate(library, () => document.querySelector('[data-testid="lib-counts"]')?.textContent ?? '')).toBe(before);
  });

  it('a forgotten document leaves nothing behind', async () => {
    const id = await h.evaluate(library, () => document.querySelector('.pl-lib-docs tr[data-doc]:last-child')?.getAttribute('data-doc') ?? '');
    expect(id).toMatch(/^doc-/);
    await (library.raw as RawPage).click(`.pl-lib-docs tr[data-doc="${id}"] .pl-danger`);
    await (library.raw as RawPage).click(`.pl-lib-docs tr[data-doc="${id}"] button.pl-danger`);
    await h.waitFor(
      library,
      (d: string) => !document.querySelector(`.pl-lib-docs tr[data-doc="${d}"]`) && document.querySelectorAll('.pl-lib-docs tbody tr').length === 2,
      TIMEOUT,
      'row gone',
      id,
    );
    const left = await h.evaluate(
      library,
      (d: string) => {
        return new Promise<Record<string, number>>((resolve, reject) => {
          const open = indexedDB.open('policy-lens');
          open.onerror = () => reject(open.error);
          open.onsuccess = () => {
            const db = open.result;
            const stores = ['documents', 'annotations', 'measureNotes', 'analyses'];
            const tx = db.transaction(stores, 'readonly');
            const out: Record<string, number> = {};
            for (const s of stores) {
              const req = tx.objectStore(s).getAll();
              req.onsuccess = () => (out[s] = (req.result as { id?: string; docId?: string }[]).filter((r) => r.id === d || r.docId === d).length);
            }
            tx.oncomplete = () => {
              db.close();
              resolve(out);
            };
          };
        });
      },
      id,
    );
    expect(left).toEqual({ documents: 0, annotations: 0, measureNotes: 0, analyses: 0 });
  });
});
