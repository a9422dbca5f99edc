/**
 * `npm run demo [-- --headless] [-- --out DIR] [-- --no-build] [-- --page URL-PATH]`
 *
 * Builds the extension, serves the seeds under their real host names, launches Chromium
 * (or Firefox with POLICY_LENS_BROWSER=firefox / --browser firefox) with the extension, opens the
 * seed policy page and the side panel page for that tab.
 * - --headless: waits until the highlights are painted and the panel shows the title, writes
 *   PNG screenshots of the page and the panel to demo-out/ (printed), then exits (exit 1 when
 *   the wait failed; the screenshots are still written, to show what was there).
 * - headed (default): keeps the browser open until Ctrl+C. Needs a display.
 */
import { spawnSync } from 'node:child_process';
import { mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { hasDisplay, isBrowserName, launchBrowser, type BrowserHarness, type BrowserName } from './harness/index';
import { highlightSummary, panelSnapshot, waitForTabStatus } from './harness/extension';
import { REPO_ROOT, SEED_PAGES, start } from './harness/server';

interface DemoArgs {
  browser: BrowserName;
  headless: boolean;
  out: string;
  build: boolean;
  host: string;
  path: string;
  timeoutMs: number;
}

function parseArgs(argv: string[]): DemoArgs {
  const value = (name: string): string | undefined => {
    const i = argv.indexOf(name);
    if (i >= 0) {
      const v = argv[i + 1];
      if (v === undefined || v.startsWith('--')) throw new Error(`${name} needs a value`);
      return v;
    }
    return argv.find((a) => a.startsWith(`${name}=`))?.slice(name.length + 1);
  };
  const known = new Set(['--headless', '--no-build', '--browser', '--out', '--host', '--page', '--timeout', '--help']);
  for (const a of argv) {
    const flag = a.split('=')[0] ?? a;
    if (a.startsWith('--') && !known.has(flag)) throw new Error(`unknown option ${a} (try --help)`);
  }
  const browser = value('--browser') ?? process.env.POLICY_LENS_BROWSER ?? 'chromium';
  if (!isBrowserName(browser)) throw new Error(`browser must be chromium or firefox, got ${JSON.stringify(browser)}`);
  const timeoutS = Number(value('--timeout') ?? '60');
  if (!Number.isFinite(timeoutS) || timeoutS <= 0) throw new Error('--timeout must be a positive number of seconds');
  return {
    browser,
    headless: argv.includes('--headless'),
    out: resolve(value('--out') ?? join(REPO_ROOT, 'demo-out')),
    build: !argv.includes('--no-build'),
    host: value('--host') ?? SEED_PAGES.policy.host,
    path: value('--page') ?? SEED_PAGES.policy.path,
    timeoutMs: timeoutS * 1000,
  };
}

function build(browser: BrowserName): void {
  const r = spawnSync(process.execPath, [join(REPO_ROOT, 'tests/e2e/build-once.mjs'), '--only', browser === 'chromium' ? 'chrome' : 'firefox'], {
    cwd: REPO_ROOT,
    stdio: 'inherit',
  });
  if (r.status !== 0) throw new Error('the extension build failed (see above)');
}

async function main(): Promise<number> {
  const argv = process.argv.slice(2);
  if (argv.includes('--help')) {
    console.log('usage: npm run demo -- [--headless] [--browser chromium|firefox] [--out DIR] [--no-build] [--host HOST --page PATH] [--timeout S]');
    return 0;
  }
  const args = parseArgs(argv);
  if (!args.headless && !hasDisplay()) {
    console.error('demo: no display ($DISPLAY / $WAYLAND_DISPLAY is not set), so a headed browser cannot open.');
    console.error('       Run `npm run demo -- --headless` to get screenshots instead.');
    return 2;
  }
  if (args.build) build(args.browser);

  const server = await start(0);
  let h: BrowserHarness | undefined;
  const shutdown = async () => {
    await h?.close().catch(() => {});
    await server.close().catch(() => {});
  };
  try {
    h = await launchBrowser(args.browser, { serverPort: server.port, headless: args.headless });
    const url = server.url(args.host, args.path);
    console.log(`demo: ${args.browser} with the extension at ${h.extensionBaseUrl}`);
    console.log(`demo: page  ${url}`);
    const page = await h.openPage(url);
    const panel = await h.openSidePanel(page);
    await h.setViewport(panel, { width: 420, height: 900 });
    console.log(`demo: panel ${panel.url()}`);

    if (!args.headless) {
      console.log('demo: browser is open — Ctrl+C to quit.');
      await new Promise<void>((done) => {
        process.once('SIGINT', done);
        process.once('SIGTERM', done);
      });
      return 0;
    }

    const problems: string[] = [];
    const hh = h;
    await hh.waitFor(page, () => CSS.highlights.size > 0, args.timeoutMs, 'highlights painted on the page').catch((e: Error) => problems.push(e.message));
    const title = await hh
      .waitFor(
        panel,
        () => document.querySelector('[data-state="ready"]') && document.querySelector('[data-testid="doc-title"]')?.textContent?.trim(),
        args.timeoutMs,
        'side panel data-state="ready" showing the title',
      )
      .catch((e: Error) => {
        problems.push(e.message);
        return null;
      });

    // Bring the first painted range into view, so the page screenshot shows the marks.
    await hh
      .evaluate(page, () => {
        let top = Infinity;
        CSS.highlights.forEach((hl) =>
          hl.forEach((r) => {
            // Analysis highlights are StaticRanges (no layout methods): measure a live copy.
            const live = document.createRange();
            live.setStart(r.startContainer, r.startOffset);
            live.setEnd(r.endContainer, r.endOffset);
            const y = live.getBoundingClientRect().top + window.scrollY;
            if (y < top) top = y;
          }),
        );
        if (Number.isFinite(top)) window.scrollTo(0, Math.max(0, top - window.innerHeight / 4));
        return window.scrollY;
      })
      .catch(() => 0);

    await mkdir(args.out, { recursive: true });
    const pagePng = join(args.out, `${args.browser}-page.png`);
    const panelPng = join(args.out, `${args.browser}-sidepanel.png`);
    await hh.screenshot(page, pagePng);
    await hh.screenshot(panel, panelPng);

    const hl = await highlightSummary(hh, page);
    console.log(`demo: highlights: ${hl.size} groups (${hl.names.join(', ') || 'none'}), ${hl.ranges} ranges`);
    if (title) console.log(`demo: panel title: ${title}`);
    const state = await waitForTabStatus(hh, panel, url, 5_000).catch(() => null);
    if (state) console.log(`demo: content script: ${state.status}, ${state.measures} measures, ${state.highlightCount} highlights`);
    console.log(`demo: screenshots in ${args.out}/`);
    console.log(`  ${pagePng}`);
    console.log(`  ${panelPng}`);
    if (problems.length) {
      const snap = await panelSnapshot(hh, panel).catch(() => null);
      console.error(`demo: not everything showed up:\n  ${problems.join('\n  ')}`);
      if (snap) console.error(`  panel now: state=${snap.state} title=${snap.title}`);
      const logs = [...page.logs, ...panel.logs].slice(-15);
      if (logs.length) console.error(`  last console lines:\n    ${logs.join('\n    ')}`);
      return 1;
    }
    return 0;
  } finally {
    await shutdown();
  }
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    console.error(`demo: ${(e as Error).message}`);
    process.exit(1);
  },
);
