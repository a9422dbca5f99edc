/**
 * `npm run bench`: every speed figure of Policy Lens in one run, each side by side with what a
 * user would otherwise use, as figures and ratios (not pass/fail: timed tests are flaky on a
 * busy 2-core machine). Sections: analysis engine + jieba, annotation re-attachment vs the
 * Hypothesis approach, side panel on a 500-measure document, in-page painting in real Chromium
 * vs mark.js.
 *
 *   npm run bench                 all sections
 *   npm run bench -- analysis     only the named sections (analysis, anchoring, sidepanel, inpage, library, pdf)
 */
const wanted = process.argv.slice(2).filter((a) => !a.startsWith('-'));
const want = (name: string) => wanted.length === 0 || wanted.includes(name);
const failures: string[] = [];

async function section(name: string, title: string, run: () => Promise<void>) {
  if (!want(name)) return;
  console.log(`\n=== ${title} ===`);
  const t0 = performance.now();
  try {
    await run();
  } catch (e) {
    failures.push(name);
    console.error(`bench section ${name} failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
  }
  console.log(`(${name}: ${((performance.now() - t0) / 1000).toFixed(1)} s)`);
}

const ms = (x: number) => `${x.toFixed(x < 10 ? 2 : 1)} ms`;

await section('analysis', 'Analysis engine (pure TypeScript) and jieba segmentation', async () => {
  const { runAnalysisBench, printAnalysisBench } = await import('./analysis');
  const f = await runAnalysisBench();
  if (printAnalysisBench) printAnalysisBench(f);
  else console.log(f);
});

await section('anchoring', 'Re-attaching 1,000 annotations on a 200,000-character page (a tenth of the quotes edited)', async () => {
  const { runAnchoringBench } = await import('./anchoring');
  const f = runAnchoringBench();
  const row = (label: string, a: typeof f.ours) =>
    `${label.padEnd(34)} ${ms(a.ms).padStart(11)}   right ${String(a.right).padStart(4)}  wrong ${String(a.wrong).padStart(3)}  orphaned ${String(a.orphaned).padStart(3)}   (edited quotes: right ${a.edited.right}, wrong ${a.edited.wrong}, orphaned ${a.edited.orphaned})`;
  console.log(
    `${f.annotations} annotations, text ${f.textLength} → ${f.newTextLength} chars, ${f.editedQuotes} quoted passages edited, ${f.insertions} unrelated insertions; median of 3 warm runs`,
  );
  console.log(row('Policy Lens anchorAll', f.ours));
  console.log(row('Hypothesis approach (approx-string-match)', f.baseline));
  console.log(
    `ratio: Policy Lens is ${f.speedup.toFixed(1)}× faster; ${f.ours.right - f.baseline.right >= 0 ? '+' : ''}${f.ours.right - f.baseline.right} annotations put back at the right place`,
  );
});

await section('sidepanel', 'Side panel on a 500-measure document (Preact in jsdom)', async () => {
  const { benchSidePanel } = await import('./sidepanel');
  const f = await benchSidePanel({ measures: 500 });
  for (const [k, v] of Object.entries(f)) console.log(`${k.padEnd(24)} ${typeof v === 'number' && /Ms$/.test(k) ? ms(v) : v}`);
});

await section('inpage', 'In-page painting in real Chromium (200,000-character page) vs mark.js', async () => {
  const { runInpageBench, printInpageBench } = await import('./inpage');
  const f = await runInpageBench();
  if (printInpageBench) printInpageBench(f);
  else console.log(f);
});

await section('library', 'The library: 500 documents and ~50,000 ledger rows; npm run ledger on 1,000 files', async () => {
  const { runLibraryBench, printLibraryBench } = await import('./library');
  printLibraryBench(await runLibraryBench());
});

await section('pdf', 'A 50-page policy PDF: pdf.js, the PDF text model and the engine in Node and in the viewer', async () => {
  const { runPdfBench, printPdfBench } = await import('./pdf');
  printPdfBench(await runPdfBench());
});

if (failures.length) {
  console.error(`\nbench: ${failures.length} section(s) failed: ${failures.join(', ')}`);
  process.exit(1);
}
