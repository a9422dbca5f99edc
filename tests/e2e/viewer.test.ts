/**
 * The file viewer, in Chromium and Firefox: PDFs printed by Chromium from the project's own seed
 * pages (tests/fixtures/pdf, made by its make.ts) opened from the viewer's file input. The
 * outline, lead units and deadlines are those the Node path reads from the same file, painted on
 * pdf.js's text layer with the page highlight names; a measure's line scrolls the pages; a 分工表
 * printed to PDF gives its rows' lead units; an image-only PDF, a damaged file, a
 * password-protected one (tests/fixtures/pdf/encrypted.ts) and a format not read each get their
 * message, and nothing crashes; a .docx written by the docx library is converted by mammoth and
 * read the same way. The page's toolbar and cards work on the text layer (colours, notes, tags,
 * delete, undo), and the side panel follows the viewer, its delete and undo included.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { launchBrowser, type BrowserHarness, type PageHandle } from '../harness/index';
import { REPO_ROOT, start, type SeedServer } from '../harness/server';
import { bringToFront, clickAt, drag, press, typeText } from '../harness/input';
import { centre, closedShadowBox, type Box } from '../harness/shadow';
import { pollUntil } from '../harness/common';
import { readTable } from '../harness/annotate';
import { analyzeFile } from '../../tools/pipeline/node';
import { encryptedPdf } from '../fixtures/pdf/encrypted';
import { analyze } from '../../lib/analysis';

const TIMEOUT = 45_000;
const fixture = (name: string) => join(REPO_ROOT, 'tests/fixtures/pdf', name);

describe.each(['chromium', 'firefox'] as const)('viewer (%s)', (name) => {
  let server: SeedServer;
  let h: BrowserHarness;
  let viewer: PageHandle;

  /** Give the viewer's file input a file, as the analyst choosing it does. */
  const choose = (fileName: string, bytes: Buffer) =>
    h.evaluate(
      viewer,
      (n: string, b64: string) => {
        const data = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
        const dt = new DataTransfer();
        dt.items.add(new File([data], n));
        const input = document.querySelector<HTMLInputElement>('[data-input="file"]')!;
        input.files = dt.files;
        input.dispatchEvent(new Event('change', { bubbles: true }));
      },
      fileName,
      bytes.toString('base64'),
    );
  const settled = () => h.waitFor(viewer, () => ['ready', 'failed'].includes(document.body.dataset.state ?? ''), TIMEOUT, 'the viewer settled');
  /** Each highlight's text, by name. */
  const painted = (names: string[]) =>
    h.evaluate(
      viewer,
      (list: string[]) =>
        Object.fromEntries(
          list.map((n) => [
            n,
            [...((CSS.highlights.get(n) as unknown as Iterable<AbstractRange>) ?? [])].map((r) => {
              const range = document.createRange();
              range.setStart(r.startContainer, r.startOffset);
              range.setEnd(r.endContainer, r.endOffset);
              return range.toString();
            }),
          ]),
        ),
      names,
    );

  /** The points a mouse drag selecting the first painted range of `name` goes from and to (scrolled into view). */
  const dragPoints = (highlightName: string) =>
    h.evaluate(
      viewer,
      (n: string) => {
        const r = [...(CSS.highlights.get(n) as unknown as Iterable<AbstractRange>)][0]!;
        (r.startContainer.parentElement as HTMLElement).scrollIntoView({ block: 'center' });
        const charRect = (node: Node, k: number) => {
          const x = document.createRange();
          x.setStart(node, k);
          x.setEnd(node, k + 1);
          return x.getBoundingClientRect();
        };
        const a = charRect(r.startContainer, r.startOffset);
        const b = charRect(r.endContainer, r.endOffset - 1);
        const range = document.createRange();
        range.setStart(r.startContainer, r.startOffset);
        range.setEnd(r.endContainer, r.endOffset);
        return {
          text: range.toString(),
          from: { x: a.left + Math.min(2, a.width / 4), y: a.top + a.height / 2 },
          to: { x: b.right - Math.min(2, b.width / 4), y: b.top + b.height / 2 },
        };
      },
      highlightName,
    );
  /** A real mouse click on an element of the page's closed-shadow UI (its toolbar or card). */
  const clickInUi = async (ui: 'toolbar' | 'card', sel: string, what: string) =>
    clickAt(
      h,
      viewer,
      centre((await pollUntil(() => closedShadowBox(h, viewer, `[data-policy-lens-ui="${ui}"]`, sel), TIMEOUT, `${what} (${sel}) [${name}]`)) as Box),
    );
  /** The centre of the first range of a highlight, scrolled into view. */
  const rangeCentre = (highlightName: string) =>
    h.evaluate(
      viewer,
      (n: string) => {
        const r = [...(CSS.highlights.get(n) as unknown as Iterable<AbstractRange>)][0]!;
        (r.startContainer.parentElement as HTMLElement).scrollIntoView({ block: 'center' });
        const range = document.createRange();
        range.setStart(r.startContainer, r.startOffset);
        range.setEnd(r.endContainer, r.endOffset);
        const b = range.getClientRects()[0]!;
        return { x: b.left + b.width / 2, y: b.top + b.height / 2 };
      },
      highlightName,
    );
  /** Select the first painted range of a highlight (as a script: for the keyboard's Alt+Shift+H); answers its text. */
  const selectFirst = (highlightName: string) =>
    h.evaluate(
      viewer,
      (n: string) => {
        const r = [...(CSS.highlights.get(n) as unknown as Iterable<AbstractRange>)][0]!;
        const range = document.createRange();
        range.setStart(r.startContainer, r.startOffset);
        range.setEnd(r.endContainer, r.endOffset);
        window.getSelection()!.removeAllRanges();
        window.getSelection()!.addRange(range);
        return range.toString();
      },
      highlightName,
    );

  beforeAll(async () => {
    server = await start(0);
    h = await launchBrowser(name, { serverPort: server.port });
    viewer = await h.openExtensionPage('viewer.html');
    await h.waitFor(viewer, () => document.body.dataset.state === 'empty', TIMEOUT, 'the viewer drawn');
  });

  afterAll(async () => {
    await h?.close();
    await server?.close();
  });

  it('a policy PDF: the outline, lead units and deadlines the Node path reads, painted on the text layer; a measure scrolls the pages', async () => {
    const expected = (await analyzeFile(fixture('policy.pdf'), { keyTerms: false })).model;
    await choose('policy.pdf', readFileSync(fixture('policy.pdf')));
    await settled();
    const outline = await h.evaluate(viewer, () => Array.from(document.querySelectorAll('.pl-viewer-outline li')).map((li) => li.getAttribute('data-measure')));
    expect(outline).toEqual([...expected.measures].sort((a, b) => a.start - b.start || a.level - b.level).map((m) => m.id));
    const got = await painted(['pl-lead', 'pl-deadline', 'pl-deadline-past']);
    const leads = new Set(expected.assignments.flatMap((a) => a.mentions.filter((m) => a.lead.includes(m.text)).map((m) => m.text)));
    expect(leads.size).toBeGreaterThan(2);
    expect(new Set(got['pl-lead'])).toEqual(leads);
    expect([...got['pl-deadline']!, ...got['pl-deadline-past']!].sort()).toEqual(expected.deadlines.map((d) => d.text).sort());
    // the pages are drawn, and a measure's line takes them there
    expect(await h.evaluate(viewer, () => document.querySelectorAll('.pl-pdf-page canvas').length)).toBeGreaterThan(0);
    const last = outline.at(-1)!;
    await h.evaluate(viewer, (id: string) => document.querySelector<HTMLButtonElement>(`.pl-viewer-outline li[data-measure="${id}"] button`)!.click(), last);
    await h.waitFor(viewer, () => document.getElementById('pages')!.scrollTop > 100, TIMEOUT, 'the pages scrolled to the last measure');
  });

  it('a click on a painted lead unit opens its card beside it, as on a web page', async () => {
    await choose('policy.pdf', readFileSync(fixture('policy.pdf')));
    await settled();
    const at = await rangeCentre('pl-lead');
    expect(await h.evaluate(viewer, () => document.querySelectorAll('[data-policy-lens-ui]').length)).toBe(0);
    await clickAt(h, viewer, at);
    await h.waitFor(viewer, () => document.querySelectorAll('[data-policy-lens-ui="card"]').length === 1, TIMEOUT, 'the card shown');
  });

  it('a 分工表 printed to PDF gives its rows and their lead units', async () => {
    const expected = (await analyzeFile(fixture('table.pdf'), { keyTerms: false })).model;
    const leads = new Set(expected.assignments.flatMap((a) => a.lead));
    expect(leads.size).toBeGreaterThan(2);
    await choose('table.pdf', readFileSync(fixture('table.pdf')));
    await settled();
    const shown = await h.evaluate(viewer, () =>
      Array.from(document.querySelectorAll('.pl-viewer-outline .pl-lead')).flatMap((b) => (b.textContent ?? '').split('、')),
    );
    expect(new Set(shown)).toEqual(leads);
  });

  it('an image-only PDF says 扫描件，无文字层 and still shows its pages; a damaged file, a password-protected one and a format not read say so', async () => {
    await choose('scanned.pdf', readFileSync(fixture('scanned.pdf')));
    await settled();
    expect(await h.evaluate(viewer, () => document.querySelector('[data-testid="vw-message"]')?.textContent ?? '')).toContain('扫描件，无文字层');
    expect(await h.evaluate(viewer, () => document.querySelectorAll('.pl-pdf-page').length)).toBeGreaterThan(0);

    await choose('broken.pdf', Buffer.from('%PDF-1.7\n1 0 obj << /Type /Catalog'));
    await settled();
    expect(await h.evaluate(viewer, () => document.body.dataset.state)).toBe('failed');
    expect(await h.evaluate(viewer, () => document.querySelector('[data-testid="vw-message"]')?.textContent ?? '')).toMatch(/无法读取此文件|cannot be read/);

    await choose('加密.pdf', encryptedPdf('policy'));
    await settled();
    expect(await h.evaluate(viewer, () => document.body.dataset.state)).toBe('failed');
    expect(await h.evaluate(viewer, () => document.querySelector('[data-testid="vw-message"]')?.textContent ?? '')).toMatch(/已加密|encrypted/);

    await choose('通知.ofd', Buffer.from('PK\u0003\u0004 not read'));
    await settled();
    expect(await h.evaluate(viewer, () => document.querySelector('[data-testid="vw-message"]')?.textContent ?? '')).toMatch(/\.ofd/);
  });

  it('a Word .docx is converted and read the same way: its outline and lead units painted', async () => {
    const { Document, Packer, Paragraph } = await import('docx');
    const text = readFileSync(join(REPO_ROOT, 'seeds/library/guofa-shuzi.txt'), 'utf8').trim();
    const bytes = await Packer.toBuffer(new Document({ sections: [{ children: text.split('\n').map((l) => new Paragraph(l)) }] }));
    const expected = analyze({ text, today: '2026-12-02', force: true });
    await choose('数字政府.docx', Buffer.from(bytes));
    await settled();
    expect(await h.evaluate(viewer, () => document.body.dataset.state)).toBe('ready');
    const outline = await h.evaluate(viewer, () => Array.from(document.querySelectorAll('.pl-viewer-outline li')).map((li) => li.getAttribute('data-measure')));
    expect(outline).toEqual([...expected.measures].sort((a, b) => a.start - b.start || a.level - b.level).map((m) => m.id));
    const leads = new Set(expected.assignments.flatMap((a) => a.mentions.filter((m) => a.lead.includes(m.text)).map((m) => m.text)));
    expect(leads.size).toBeGreaterThan(2);
    expect(new Set((await painted(['pl-lead']))['pl-lead'])).toEqual(leads);
    // the page is rebuilt from an allow-list: no script, no handler attribute, no style from the file
    expect(await h.evaluate(viewer, () => document.querySelectorAll('.pl-docx-page script, .pl-docx-page [onclick], .pl-docx-page [style]').length)).toBe(0);
  });

  it('text selected on the text layer gets the page’s toolbar: a colour, a note and tags, kept with the PDF (its fingerprint as its identity) and there again after a reload', async () => {
    await choose('policy.pdf', readFileSync(fixture('policy.pdf')));
    await settled();
    await bringToFront(h, viewer);
    // select the first lead unit painted on the text layer with the mouse, as the analyst does
    const pts = await dragPoints('pl-lead');
    expect(pts.text.length).toBeGreaterThan(1);
    await drag(h, viewer, pts.from, pts.to);
    expect(await h.evaluate(viewer, () => window.getSelection()?.toString() ?? '')).toBe(pts.text);
    await h.waitFor(viewer, () => !!document.activeElement?.hasAttribute('data-policy-lens-ui'), TIMEOUT, 'the selection toolbar shown and focused');
    // 批注…: the note form opens in the toolbar itself (an extension page: no page listens here)
    await clickInUi('toolbar', '[data-action="note"]', '批注… button');
    await clickInUi('toolbar', '.pl-noteform [data-color="green"]', 'green in the note form');
    await clickInUi('toolbar', 'textarea[data-field="note"]', 'the note field');
    await typeText(h, viewer, '请核对牵头单位');
    await clickInUi('toolbar', 'input[data-field="tags"]', 'the tags field');
    await typeText(h, viewer, '督办，重点');
    await clickInUi('toolbar', '[data-action="save"]', '保存');
    await h.waitFor(
      viewer,
      () => (CSS.highlights.get('pl-user-green')?.size ?? 0) === 1 && !!document.querySelector('[data-testid="vw-kept"]'),
      TIMEOUT,
      'highlighted in green and kept',
    );
    expect((await painted(['pl-user-green']))['pl-user-green']).toEqual([pts.text]);
    expect(await h.evaluate(viewer, () => document.querySelectorAll('[data-policy-lens-ui="toolbar"]').length)).toBe(0);
    const rows = await readTable<{ note: string; tags: string[]; color: string; target: { source: string; quote: { exact: string } } }>(
      h,
      viewer,
      'annotations',
    );
    expect(rows.map((r) => [r.target.quote.exact, r.color, r.note, r.tags])).toEqual([[pts.text, 'green', '请核对牵头单位', ['督办', '重点']]]);
    expect(rows[0]!.target.source).toMatch(/^urn:pdf:[0-9a-f]{16,}$/);

    await viewer.reload();
    await h.waitFor(viewer, () => document.body.dataset.state === 'empty', TIMEOUT, 'the viewer again');
    await choose('policy.pdf', readFileSync(fixture('policy.pdf')));
    await settled();
    await h.waitFor(viewer, () => (CSS.highlights.get('pl-user-green')?.size ?? 0) === 1, TIMEOUT, 'the highlight re-anchored');
    expect((await painted(['pl-user-green']))['pl-user-green']).toEqual([pts.text]);
    expect(await h.evaluate(viewer, () => !!document.querySelector('[data-testid="vw-kept"]'))).toBe(true);

    // a click on it opens its card with the note; 编辑 changes its colour; 删除 takes it off, 撤销 brings it back
    await bringToFront(h, viewer);
    await clickAt(h, viewer, await rangeCentre('pl-user-green'));
    await clickInUi('card', '[data-action="edit"]', '编辑 in the card');
    await clickInUi('toolbar', '.pl-noteform [data-color="blue"]', 'blue in the note form');
    await clickInUi('toolbar', '[data-action="save"]', '保存');
    await h.waitFor(
      viewer,
      () => (CSS.highlights.get('pl-user-blue')?.size ?? 0) === 1 && (CSS.highlights.get('pl-user-green')?.size ?? 0) === 0,
      TIMEOUT,
      'recoloured blue',
    );
    expect((await readTable<{ color: string; note: string }>(h, viewer, 'annotations')).map((r) => [r.color, r.note])).toEqual([['blue', '请核对牵头单位']]);
    await clickAt(h, viewer, await rangeCentre('pl-user-blue'));
    await clickInUi('card', '[data-action="delete"]', '删除 in the card');
    await h.waitFor(
      viewer,
      () => (CSS.highlights.get('pl-user-blue')?.size ?? 0) === 0 && !!document.querySelector('[data-testid="vw-deleted"]'),
      TIMEOUT,
      'deleted, with 撤销 offered',
    );
    expect((await readTable<{ deleted?: boolean }>(h, viewer, 'annotations')).map((r) => r.deleted)).toEqual([true]);
    await h.evaluate(viewer, () => document.querySelector<HTMLButtonElement>('[data-action="undo"]')!.click());
    await h.waitFor(
      viewer,
      () => (CSS.highlights.get('pl-user-blue')?.size ?? 0) === 1 && !document.querySelector('[data-testid="vw-deleted"]'),
      TIMEOUT,
      'back after 撤销',
    );

    // kept in the library, with its analysis: listed there with its measures
    const library = await h.openExtensionPage('library.html');
    await h.waitFor(library, () => document.querySelectorAll('.pl-lib-docs tbody tr').length === 1, TIMEOUT, 'the PDF in the library');
    expect(await h.evaluate(library, () => document.querySelector('.pl-lib-docs tbody tr td:nth-child(6)')?.textContent ?? '')).toMatch(/^[1-9]\d*$/);
    await library.close();
  });

  it('the side panel follows the viewer: its outline is the file’s, a click scrolls the viewer, and 加入文库 keeps the file', async () => {
    await choose('table.pdf', readFileSync(fixture('table.pdf')));
    await settled();
    const expected = await h.evaluate(viewer, () =>
      Array.from(document.querySelectorAll('.pl-viewer-outline li')).map((li) => li.getAttribute('data-measure')),
    );
    const panel = await h.openSidePanel(viewer);
    await h.waitFor(panel, () => document.querySelector('#app')?.getAttribute('data-state') === 'ready', TIMEOUT, 'the panel shows the file');
    const outline = await h.evaluate(panel, () =>
      Array.from(document.querySelectorAll('[role="treeitem"][data-measure-id]')).map((el) => el.getAttribute('data-measure-id')),
    );
    // the tree shows the file's measures (children folded under their parents)
    expect(outline.length).toBeGreaterThan(0);
    expect(outline.every((id) => expected.includes(id))).toBe(true);
    // a click in the panel's outline scrolls the viewer to that measure
    await h.evaluate(viewer, () => document.getElementById('pages')!.scrollTo(0, 0));
    const last = outline.at(-1)!;
    await h.waitFor(
      panel,
      (id: string) => !!document.querySelector(`[role="treeitem"][data-measure-id="${id}"] .pl-treeitem__label`),
      TIMEOUT,
      'the measure in the tree',
      last,
    );
    await h.evaluate(
      panel,
      (id: string) => document.querySelector<HTMLElement>(`[role="treeitem"][data-measure-id="${id}"] .pl-treeitem__label`)!.click(),
      last,
    );
    await h.waitFor(viewer, () => document.getElementById('pages')!.scrollTop > 100, TIMEOUT, 'the viewer scrolled from the panel');
    // 加入文库 from the panel keeps the file (the viewer holds it)
    await h.waitFor(panel, () => !!document.querySelector('[data-action="keep"]'), TIMEOUT, 'the panel offers 加入文库 (once it has read the store)');
    await h.evaluate(panel, () => document.querySelector<HTMLButtonElement>('[data-action="keep"]')!.click());
    await h.waitFor(viewer, () => !!document.querySelector('[data-testid="vw-kept"]'), TIMEOUT, 'kept from the panel');
    await h.waitFor(
      panel,
      () => !document.querySelector('[data-action="keep"]') && !!document.querySelector('[data-action="library"]'),
      TIMEOUT,
      'the panel says kept',
    );
    await panel.close();
  });

  it('the panel on a viewer with no file says so; on a file, its highlights are listed, and the panel’s delete and undo reach the viewer', async () => {
    await viewer.reload();
    await h.waitFor(viewer, () => document.body.dataset.state === 'empty', TIMEOUT, 'the viewer with no file');
    const panel = await h.openSidePanel(viewer);
    await h.waitFor(panel, () => !!document.querySelector('[data-testid="state-empty"]'), TIMEOUT, 'the panel says there is no file yet');
    expect(await h.evaluate(panel, () => document.querySelector('[data-testid="state-empty"]')!.textContent)).toMatch(/还没有文件|No file is open/);

    await choose('table.pdf', readFileSync(fixture('table.pdf')));
    await settled();
    // a lead unit selected, Alt+Shift+H: highlighted yellow, as on a web page
    const quote = await selectFirst('pl-lead');
    await bringToFront(h, viewer);
    await press(h, viewer, 'Alt+Shift+KeyH');
    await h.waitFor(viewer, () => (CSS.highlights.get('pl-user-yellow')?.size ?? 0) === 1, TIMEOUT, 'highlighted with Alt+Shift+H');

    await h.waitFor(panel, () => document.querySelector('#app')?.getAttribute('data-state') === 'ready', TIMEOUT, 'the panel shows the file');
    const listed = async () => {
      for (let i = 0; ; i++) {
        await h.evaluate(panel, () => document.querySelector<HTMLElement>('#pl-tab-annotations')?.click());
        const ok = await h
          .waitFor(
            panel,
            (q: string) => Array.from(document.querySelectorAll('.pl-ann:not(.pl-ann--orphan) .pl-ann__quote')).some((e) => e.textContent?.trim() === q),
            i < 4 ? 3_000 : TIMEOUT,
            'the highlight listed in the panel',
            quote,
          )
          .catch((e: Error) => {
            if (i >= 4) throw e;
            return false;
          });
        if (ok) return;
      }
    };
    await listed();
    // 删除 in the panel: the viewer's highlight goes; 撤销: it is back
    await h.evaluate(
      panel,
      (q: string) => {
        const li = Array.from(document.querySelectorAll('.pl-ann')).find((x) => x.querySelector('.pl-ann__quote')?.textContent?.trim() === q)!;
        li.querySelectorAll<HTMLButtonElement>('.pl-ann__actions button')[1]!.click();
      },
      quote,
    );
    await h.waitFor(viewer, () => (CSS.highlights.get('pl-user-yellow')?.size ?? 0) === 0, TIMEOUT, 'deleted from the panel, gone from the viewer');
    await h.waitFor(panel, () => !!document.querySelector('.pl-undo button'), TIMEOUT, 'the panel offers 撤销');
    await h.evaluate(panel, () => document.querySelector<HTMLButtonElement>('.pl-undo button')!.click());
    await h.waitFor(viewer, () => (CSS.highlights.get('pl-user-yellow')?.size ?? 0) === 1, TIMEOUT, 'back in the viewer after 撤销 in the panel');
    expect((await painted(['pl-user-yellow']))['pl-user-yellow']).toEqual([quote]);
    await panel.close();
  });

  it('the library page opens a chosen file in the viewer, which takes it from the library', async () => {
    const library = await h.openExtensionPage('library.html');
    await h.waitFor(library, () => document.querySelector('#app')?.getAttribute('data-state') === 'ready', TIMEOUT, 'library drawn');
    const handed = await h.evaluate(
      library,
      async (b64: string) => {
        const opened: string[] = [];
        window.open = ((url: string) => (opened.push(String(url)), null)) as typeof window.open;
        const dt = new DataTransfer();
        dt.items.add(new File([Uint8Array.from(atob(b64), (c) => c.charCodeAt(0))], 'policy.pdf'));
        const input = document.querySelector<HTMLInputElement>('[data-input="open-file"]')!;
        input.files = dt.files;
        input.dispatchEvent(new Event('change', { bubbles: true }));
        const f = (window as unknown as { plTakeFile: () => File | null }).plTakeFile();
        return { opened, name: f?.name ?? null, size: f?.size ?? 0, again: (window as unknown as { plTakeFile: () => File | null }).plTakeFile() };
      },
      readFileSync(fixture('policy.pdf')).toString('base64'),
    );
    expect(handed.opened).toEqual([expect.stringMatching(/\/viewer\.html$/)]);
    expect(handed).toMatchObject({ name: 'policy.pdf', again: null });
    expect(handed.size).toBe(readFileSync(fixture('policy.pdf')).length);
    await library.close();
  });
});
