import { describe, it, expect } from 'vitest';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { catalogGetMessage, createT, pickLocale, type Catalog } from '../../../lib/i18n';

const load = (l: string) => JSON.parse(readFileSync(resolve(__dirname, `../../../public/_locales/${l}/messages.json`), 'utf8')) as Catalog;
const zh = load('zh_CN');
const en = load('en');

describe('i18n', () => {
  it('zh_CN and en define the same keys, with the same placeholders, and keep the manifest keys', () => {
    expect(Object.keys(en).sort()).toEqual(Object.keys(zh).sort());
    for (const k of ['extName', 'extDescription', 'analyzePage']) expect(zh[k]).toBeDefined();
    for (const k of Object.keys(zh)) {
      expect(Object.keys(en[k]!.placeholders ?? {}).sort(), k).toEqual(Object.keys(zh[k]!.placeholders ?? {}).sort());
      expect(k).toMatch(/^[A-Za-z0-9_@]+$/);
      expect(zh[k]!.message.trim(), k).not.toBe('');
    }
  });

  it('resolves placeholders like the browser', () => {
    const t = createT(catalogGetMessage({ x: { message: '共 $N$ 项，$$5', placeholders: { n: { content: '$1' } } } }));
    // @ts-expect-error test key outside the catalog type
    expect(t('x', 12)).toBe('共 12 项，$5');
  });

  it('falls back to the key when a message is missing', () => {
    const t = createT(() => '');
    expect(t('extName')).toBe('extName');
  });

  it('Chinese by default, English for English browsers', () => {
    expect(pickLocale('en-US')).toBe('en');
    expect(pickLocale('en')).toBe('en');
    expect(pickLocale('zh-CN')).toBe('zh_CN');
    expect(pickLocale('fr')).toBe('zh_CN');
    expect(pickLocale(undefined)).toBe('zh_CN');
  });
});
