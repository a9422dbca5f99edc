/**
 * Real keyboard and mouse input, and file inputs, through whichever driver runs the browser
 * (playwright-core for Chromium, puppeteer-core over WebDriver BiDi for Firefox).
 *
 * Input goes through the browser's input pipeline (trusted events), so it reaches content
 * scripts and closed shadow roots exactly as a user's keys and clicks would.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page as PwPage } from 'playwright-core';
import type { ElementHandle, Page as PpPage } from 'puppeteer-core';
import type { BrowserHarness, PageHandle } from './types';

export interface Point {
  x: number;
  y: number;
}

export interface UploadFile {
  name: string;
  mimeType: string;
  buffer: Buffer;
}

const pw = (page: PageHandle) => page.raw as PwPage;
const pp = (page: PageHandle) => page.raw as PpPage;

/** Make the page the active tab (keyboard input in Firefox goes to the focused document). */
export async function bringToFront(h: BrowserHarness, page: PageHandle): Promise<void> {
  if (h.name === 'chromium') await pw(page).bringToFront();
  else await pp(page).bringToFront();
}

/**
 * Press a key or a chord, written the Playwright way: `Alt+Shift+KeyH`, `Tab`, `Enter`,
 * `Control+Enter`. Modifiers are held down while the last key is pressed.
 */
export async function press(h: BrowserHarness, page: PageHandle, chord: string): Promise<void> {
  const keys = chord.split('+').filter(Boolean);
  if (keys.length === 0) throw new Error(`press: empty key chord ${JSON.stringify(chord)}`);
  if (h.name === 'chromium') {
    await pw(page).keyboard.press(keys.join('+'));
    return;
  }
  const kb = pp(page).keyboard;
  const mods = keys.slice(0, -1) as Parameters<typeof kb.down>[0][];
  const last = keys[keys.length - 1] as Parameters<typeof kb.press>[0];
  for (const m of mods) await kb.down(m);
  try {
    await kb.press(last);
  } finally {
    for (const m of [...mods].reverse()) await kb.up(m);
  }
}

/** Type text (any script, e.g. Chinese) into the focused element, one key event per character. */
export async function typeText(h: BrowserHarness, page: PageHandle, text: string): Promise<void> {
  if (h.name === 'chromium') await pw(page).keyboard.type(text);
  else await pp(page).keyboard.type(text);
}

/** Press the left button at `from`, move to `to` in a few steps, release (a text selection drag). */
export async function drag(h: BrowserHarness, page: PageHandle, from: Point, to: Point, steps = 8): Promise<void> {
  const mouse = h.name === 'chromium' ? pw(page).mouse : pp(page).mouse;
  await mouse.move(from.x, from.y);
  await mouse.down();
  await mouse.move(to.x, to.y, { steps });
  await mouse.up();
}

/** Click the first element matching `selector` (in the light DOM) with the mouse. */
export async function click(h: BrowserHarness, page: PageHandle, selector: string): Promise<void> {
  if (h.name === 'chromium') await pw(page).click(selector, { timeout: 30_000 });
  else {
    const el = await pp(page).waitForSelector(selector, { timeout: 30_000 });
    if (!el) throw new Error(`click: no element matches ${selector}`);
    await el.click();
    await el.dispose();
  }
}

/** Give a file input these files, as if the user picked them (fires input/change). */
export async function setInputFiles(h: BrowserHarness, page: PageHandle, selector: string, files: UploadFile[]): Promise<void> {
  if (h.name === 'chromium') {
    await pw(page).setInputFiles(selector, files, { timeout: 30_000 });
    return;
  }
  // puppeteer uploads from disk: write the files to a private temporary folder first.
  const dir = await mkdtemp(join(tmpdir(), 'policy-lens-upload-'));
  try {
    const paths: string[] = [];
    for (const f of files) {
      const p = join(dir, f.name.replace(/[\\/]/g, '_'));
      await writeFile(p, f.buffer);
      paths.push(p);
    }
    const el = (await pp(page).waitForSelector(selector, { timeout: 30_000 })) as ElementHandle<HTMLInputElement> | null;
    if (!el) throw new Error(`setInputFiles: no element matches ${selector}`);
    await el.uploadFile(...paths);
    await el.dispose();
  } finally {
    await rm(dir, { recursive: true, force: true }).catch(() => {});
  }
}

/** Click with the mouse at a point of the viewport. */
export async function clickAt(h: BrowserHarness, page: PageHandle, p: Point): Promise<void> {
  if (h.name === 'chromium') await pw(page).mouse.click(p.x, p.y);
  else await pp(page).mouse.click(p.x, p.y);
}
