/**
 * One string catalog: every user-facing sentence lives in public/_locales/<locale>/messages.json.
 * The catalogs agree with each other, and the sources outside the page UI hold no sentence of
 * their own (lib code returns a key and substitutions; the views translate).
 */
import { describe, it, expect } from 'vitest';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Catalog } from '../../../lib/i18n';

const ROOT = process.cwd();
const load = (l: string) => JSON.parse(readFileSync(join(ROOT, `public/_locales/${l}/messages.json`), 'utf8')) as Catalog;
const LOCALES = { zh_CN: load('zh_CN'), en: load('en') };

/**
 * Folders not scanned yet: the page UI, which is being rewritten. Shrink this list as each one
 * moves its strings into the catalog.
 */
export const NOT_YET_SCANNED: string[] = [];

/**
 * Sources whose Chinese text is not UI text, with the reason. Not a place to park UI strings.
 */
const NOT_UI_TEXT: Record<string, string> = {
  'lib/analysis': "the engine's patterns are the documents' own words; its detection reasons are part of the PolicyModel, in the document's language",
  'lib/export/csv.ts': 'labels inside an exported file, which is written in Chinese whatever the UI language',
  'lib/export/ics.ts': 'labels inside an exported file, which is written in Chinese whatever the UI language',
  'lib/export/markdown.ts': 'labels inside an exported file, which is written in Chinese whatever the UI language',
};

const skipped = (f: string) => [...NOT_YET_SCANNED, ...Object.keys(NOT_UI_TEXT)].some((d) => f === d || f.startsWith(`${d}/`));

function sources(dir: string): string[] {
  const out: string[] = [];
  for (const e of readdirSync(join(ROOT, dir))) {
    const p = `${dir}/${e}`;
    if (statSync(join(ROOT, p)).isDirectory()) out.push(...sources(p));
    else if (/\.(ts|tsx)$/.test(e) && !/\.gen\./.test(e)) out.push(p);
  }
  return out;
}

/** Comments out; a comment starts a line or follows a space (so "*://" or "a//b" in a string stays). */
const code = (f: string) => readFileSync(join(ROOT, f), 'utf8').replace(/(?:^|\s)\/\*[\s\S]*?\*\/|(?:^|\s)\/\/.*$/gm, (c) => c.replace(/[^\n]/g, ' '));

const HAN = /\p{Script=Han}/u;
/** A Chinese sentence: Han characters with sentence punctuation, or a "中文 / English" pair. */
const isChineseSentence = (s: string) => HAN.test(s) && (/[，。；！？：]/.test(s) || /\p{Script=Han}[^/]*\s\/\s[^/]*[A-Za-z]{2}/u.test(s));
/** An English sentence: two or more words of letters. */
const isEnglishSentence = (s: string) => /^[A-Za-z][A-Za-z'’,.!?:-]*(?:\s+[A-Za-z'’,.!?:-]+)+$/.test(s.trim());

function findings(f: string): string[] {
  const out: string[] = [];
  const lines = code(f).split('\n');
  lines.forEach((line, i) => {
    const at = `${f}:${i + 1}`;
    for (const m of line.matchAll(/'((?:[^'\\\n]|\\.)*)'|"((?:[^"\\\n]|\\.)*)"|`((?:[^`\\]|\\.)*)`/g)) {
      const s = m[1] ?? m[2] ?? m[3] ?? '';
      if (isChineseSentence(s)) out.push(`${at} ${s}`);
    }
    if (!f.endsWith('.tsx')) return;
    // JSX text: between a tag's ">" (not an arrow's) and the next "<", no code punctuation in between.
    for (const m of line.matchAll(/(?<![=-])>([^<>{}()=;&|]+)</g)) {
      const s = m[1]!.trim();
      if (s && (HAN.test(s) || isEnglishSentence(s))) out.push(`${at} text ${s}`);
    }
    for (const m of line.matchAll(/\b(title|aria-label|placeholder|alt|label|aria-description)=["']([^"']*)["']/g)) {
      if (HAN.test(m[2]!) || isEnglishSentence(m[2]!)) out.push(`${at} ${m[1]}="${m[2]}"`);
    }
  });
  return out;
}

describe('one string catalog', () => {
  const placeholdersIn = (message: string) => [...message.matchAll(/\$([A-Za-z0-9_@]+)\$/g)].map((m) => m[1]!.toLowerCase()).sort();

  it('every key is in both locales, with the same placeholders used the same way', () => {
    const keys = Object.keys(LOCALES.zh_CN);
    expect(Object.keys(LOCALES.en).sort()).toEqual([...keys].sort());
    for (const k of keys) {
      const zh = LOCALES.zh_CN[k]!;
      const en = LOCALES.en[k]!;
      const declared = (e: typeof zh) => Object.fromEntries(Object.entries(e.placeholders ?? {}).map(([n, p]) => [n.toLowerCase(), p.content]));
      expect(declared(en), k).toEqual(declared(zh));
      // each declared placeholder is used, and nothing undeclared is
      expect([...new Set(placeholdersIn(zh.message))], `${k} (zh_CN)`).toEqual(Object.keys(declared(zh)).sort());
      expect([...new Set(placeholdersIn(en.message))], `${k} (en)`).toEqual(Object.keys(declared(en)).sort());
    }
  });

  it('the scan finds a Chinese sentence, a bilingual pair and English JSX text (it is not blind)', () => {
    expect(isChineseSentence('文件为空 / the file is empty')).toBe(true);
    expect(isChineseSentence('数据无效，未保存。')).toBe(true);
    expect(isChineseSentence('牵头')).toBe(false);
    expect(isEnglishSentence('Save the note')).toBe(true);
    expect(isEnglishSentence('pl-ann__quote')).toBe(false);
    expect(isEnglishSentence('OK')).toBe(false);
  });

  it(`sources in lib/ and components/ (but ${NOT_YET_SCANNED.join(', ')}) hold no sentence of their own`, () => {
    const files = [...sources('lib'), ...sources('components')].filter((f) => !skipped(f));
    expect(files.length).toBeGreaterThan(50);
    expect(files.flatMap(findings)).toEqual([]);
  });
});
