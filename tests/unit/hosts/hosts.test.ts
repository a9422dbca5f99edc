import { describe, it, expect } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  fileHostPattern,
  BUILT_IN_HOST_PATTERNS,
  BUILT_IN_MATCH_PATTERNS,
  MAX_USER_HOSTS,
  addHostPattern,
  checkHostPattern,
  hostListChanges,
  hostOfUrl,
  hostPermissionOrigins,
  hostRows,
  parseHostPattern,
  patternCovers,
  removeHostPattern,
  suggestHostForUrl,
  toMatchPattern,
} from '../../../lib/hosts';
import { DEFAULT_SETTINGS, normalizeSettings } from '../../../lib/settings';

const ok = (input: string) => {
  const r = parseHostPattern(input);
  if (!r.ok) throw new Error(`${input}: ${JSON.stringify(r.error)}`);
  return r.pattern;
};
const err = (input: string) => {
  const r = parseHostPattern(input);
  if (r.ok) throw new Error(`${input} was accepted as ${r.pattern}`);
  return r.error;
};

describe('parseHostPattern: what analysts paste', () => {
  it('takes the host of a full URL (path, query, port dropped)', () => {
    expect(ok('http://www.npc.gov.cn/npc/c2/c30834/202303/t20230313_423594.html')).toBe('www.npc.gov.cn');
    expect(ok('https://www.ndrc.gov.cn:443/xxgk/zcfb/tz/202401/t20240105_1363111.html?code=&state=123')).toBe('www.ndrc.gov.cn');
    expect(ok('HTTPS://News.Example-Daily.COM/politics/2024/0306/c1001-40189234.html#top')).toBe('news.example-daily.com');
    expect(ok('www.cac.gov.cn/2024-03/22/c_1712776611775634.htm')).toBe('www.cac.gov.cn');
    expect(ok('intranet.example.org:8080')).toBe('intranet.example.org');
    expect(ok('localhost:3000/doc')).toBe('localhost');
  });

  it('reads full-width input typed with a Chinese IME, 。 as a dot, quotes and trailing dots', () => {
    expect(ok('ｗｗｗ．ｐｅｏｐｌｅ．ｃｏｍ．ｃｎ')).toBe('www.people.com.cn');
    expect(ok('www。xinhuanet。com')).toBe('www.xinhuanet.com');
    expect(ok('“paper.people.com.cn”')).toBe('paper.people.com.cn');
    expect(ok('  www.qstheory.cn.  ')).toBe('www.qstheory.cn');
    expect(ok('《www.12371.cn》')).toBe('www.12371.cn');
  });

  it('wildcards: *.host and the cookie-style .host; IDN hosts become punycode', () => {
    expect(ok('*.People.com.cn')).toBe('*.people.com.cn');
    expect(ok('.xinhuanet.com')).toBe('*.xinhuanet.com');
    expect(ok('https://*.example.org/')).toBe('*.example.org');
    expect(ok('http://中国政府网.中国/')).toMatch(/^xn--[a-z0-9-]+\.xn--fiqs8s$/);
    expect(ok('*.政府.cn')).toMatch(/^\*\.xn--[a-z0-9-]+\.cn$/);
    expect(ok('192.168.10.20')).toBe('192.168.10.20');
  });

  it('refuses what no browser could match, with the reason', () => {
    expect(err('')).toEqual({ code: 'empty' });
    expect(err('   ')).toEqual({ code: 'empty' });
    expect(err('http://')).toEqual({ code: 'empty' });
    expect(err('chrome://extensions')).toEqual({ code: 'scheme', scheme: 'chrome' });
    expect(err('file:///home/user/policy.html')).toEqual({ code: 'scheme', scheme: 'file' });
    expect(err('ftp://ftp.example.org')).toEqual({ code: 'scheme', scheme: 'ftp' });
    expect(err('国务院 办公厅')).toEqual({ code: 'invalid' });
    expect(err('user@www.example.org')).toEqual({ code: 'invalid' });
    expect(err('www.example_site.org')).toEqual({ code: 'invalid' });
    expect(err('-bad.example.org')).toEqual({ code: 'label', label: '-bad' });
    expect(err('www..example.org')).toEqual({ code: 'label', label: '' });
    expect(err(`${'a'.repeat(64)}.example.org`)).toMatchObject({ code: 'label' });
    expect(err('*example.org')).toEqual({ code: 'wildcard' });
    expect(err('www.*.example.org')).toEqual({ code: 'wildcard' });
    expect(err('example.*')).toEqual({ code: 'wildcard' });
    expect(err('*.10.1.1.1')).toEqual({ code: 'wildcard' });
    expect(err('10.1.300')).toEqual({ code: 'invalid' });
  });

  it('refuses wildcards over whole public suffixes', () => {
    expect(err('*')).toEqual({ code: 'too-broad', pattern: '*' });
    expect(err('*.com')).toEqual({ code: 'too-broad', pattern: '*.com' });
    expect(err('*.cn')).toEqual({ code: 'too-broad', pattern: '*.cn' });
    expect(err('*.com.cn')).toEqual({ code: 'too-broad', pattern: '*.com.cn' });
    expect(err('.org.cn')).toEqual({ code: 'too-broad', pattern: '*.org.cn' });
    expect(err('*.zj.cn')).toEqual({ code: 'too-broad', pattern: '*.zj.cn' });
    expect(err('*.gov.hk')).toEqual({ code: 'too-broad', pattern: '*.gov.hk' });
    // a registrable domain under them is fine
    expect(ok('*.cnr.com.cn')).toBe('*.cnr.com.cn');
    expect(ok('*.dsaj.gov.mo')).toBe('*.dsaj.gov.mo');
    expect(err('*.gov.mo')).toEqual({ code: 'too-broad', pattern: '*.gov.mo' });
  });
});

describe('coverage and checks against the list', () => {
  it('patternCovers decides whether a pattern matches a host', () => {
    expect(patternCovers('*.gov.cn', 'www.npc.gov.cn')).toBe(true);
    expect(patternCovers('*.gov.cn', '*.hubei.gov.cn')).toBe(true);
    expect(patternCovers('*.gov.cn', 'gov.cn')).toBe(true);
    expect(patternCovers('*.gov.cn', 'notgov.cn')).toBe(false);
    expect(patternCovers('www.gov.cn', 'big5.www.gov.cn')).toBe(false);
    expect(patternCovers('*.www.gov.cn', '*.gov.cn')).toBe(false);
    for (const [host, want] of [
      ['www.npc.gov.cn', true],
      ['gov.cn', true],
      ['notgov.cn', false],
      ['xgov.cn', false],
    ] as const) {
      expect(patternCovers('*.gov.cn', host)).toBe(want);
    }
    expect(patternCovers('www.gov.cn', 'www.hubei.gov.cn')).toBe(false);
  });

  it('government sites are built in: adding one says which pattern covers it', () => {
    const list = DEFAULT_SETTINGS.autoHosts;
    expect(checkHostPattern('https://www.gov.cn/zhengce/content/2015-07/04/content_10002.htm', list)).toEqual({
      ok: false,
      input: 'https://www.gov.cn/zhengce/content/2015-07/04/content_10002.htm',
      error: { code: 'covered', pattern: 'www.gov.cn', by: '*.gov.cn' },
    });
    expect(checkHostPattern('*.gov.cn', [])).toMatchObject({ ok: false, error: { code: 'duplicate', pattern: '*.gov.cn' } });
    expect(checkHostPattern('www.npc.gov.cn', [])).toMatchObject({ ok: false, error: { code: 'covered', by: '*.gov.cn' } });
  });

  it('duplicates, covered entries, merged narrower entries and the size limit', () => {
    const list = [...BUILT_IN_HOST_PATTERNS, 'www.people.com.cn', 'paper.people.com.cn', '*.xinhuanet.com'];
    expect(checkHostPattern('WWW.People.com.cn', list)).toMatchObject({ ok: false, error: { code: 'duplicate' } });
    expect(checkHostPattern('www.news.xinhuanet.com', list)).toMatchObject({ ok: false, error: { code: 'covered', by: '*.xinhuanet.com' } });
    expect(checkHostPattern('*.people.com.cn', list)).toEqual({ ok: true, pattern: '*.people.com.cn', covers: ['www.people.com.cn', 'paper.people.com.cn'] });
    const many = Array.from({ length: MAX_USER_HOSTS }, (_, i) => `site${i}.example.org`);
    expect(checkHostPattern('www.qstheory.cn', many)).toMatchObject({ ok: false, error: { code: 'too-many', max: MAX_USER_HOSTS } });
    expect(checkHostPattern('www.qstheory.cn', many.slice(1)).ok).toBe(true);
  });
});

describe('list edits', () => {
  it('addHostPattern keeps the built-ins, merges covered entries, and refuses bad input', () => {
    const list = ['*.gov.cn', 'gov.cn', 'www.people.com.cn'];
    expect(addHostPattern(list, 'news.example-daily.com')).toEqual(['*.gov.cn', 'gov.cn', 'www.people.com.cn', 'news.example-daily.com']);
    expect(addHostPattern(list, '*.people.com.cn')).toEqual(['*.gov.cn', 'gov.cn', '*.people.com.cn']);
    // a stored list without the built-ins gets them back
    expect(addHostPattern(['www.people.com.cn'], 'www.qstheory.cn')).toEqual(['*.gov.cn', 'gov.cn', 'www.people.com.cn', 'www.qstheory.cn']);
    expect(() => addHostPattern(list, '*.com')).toThrow(/too-broad/);
    expect(() => addHostPattern(list, 'www.hubei.gov.cn')).toThrow(/covered/);
    // the stored result survives normalizeSettings unchanged
    const next = addHostPattern(list, 'ｎｅｗｓ．example-daily.com');
    expect(normalizeSettings({ autoHosts: next }).autoHosts).toEqual(next);
  });

  it('removeHostPattern removes user entries only', () => {
    const list = ['*.gov.cn', 'gov.cn', 'www.people.com.cn', 'news.example-daily.com'];
    expect(removeHostPattern(list, 'www.people.com.cn')).toEqual(['*.gov.cn', 'gov.cn', 'news.example-daily.com']);
    expect(() => removeHostPattern(list, '*.gov.cn')).toThrow(/built in/);
    expect(() => removeHostPattern(list, 'www.xinhuanet.com')).toThrow(/not in the list/);
    expect(list).toHaveLength(4); // inputs are never mutated
  });

  it('hostRows: built-ins first, then user patterns grouped by domain', () => {
    expect(hostRows(['www.people.com.cn', '*.gov.cn', 'news.example-daily.com', '*.people.com.cn', 'paper.people.com.cn'])).toEqual([
      { pattern: '*.gov.cn', builtIn: true },
      { pattern: 'gov.cn', builtIn: true },
      { pattern: '*.people.com.cn', builtIn: false },
      { pattern: 'paper.people.com.cn', builtIn: false },
      { pattern: 'www.people.com.cn', builtIn: false },
      { pattern: 'news.example-daily.com', builtIn: false },
    ]);
  });

  it('what the browser side requests and registers', () => {
    expect(hostPermissionOrigins(['*.gov.cn', 'gov.cn', '*.people.com.cn', '10.0.0.8'])).toEqual(['*://*.people.com.cn/*', '*://10.0.0.8/*']);
    expect(hostListChanges(['*.gov.cn', 'a.example.org', 'b.example.org'], ['*.gov.cn', 'b.example.org', '*.example.net'])).toEqual({
      added: ['*.example.net'],
      removed: ['a.example.org'],
    });
  });
});

describe('the page the panel follows', () => {
  it('hostOfUrl only for web pages', () => {
    expect(hostOfUrl('https://news.example-daily.com/politics/2024/0306/c1001-40189234.html')).toBe('news.example-daily.com');
    expect(hostOfUrl('http://10.0.0.8:8080/oa/doc.html')).toBe('10.0.0.8');
    for (const u of ['chrome://extensions/', 'about:blank', 'moz-extension://x/sidepanel.html', 'file:///tmp/a.html', '', null, undefined, 'not a url']) {
      expect(hostOfUrl(u)).toBeNull();
    }
  });

  it('suggests the exact host when nothing covers it yet', () => {
    const list = DEFAULT_SETTINGS.autoHosts;
    expect(suggestHostForUrl('https://news.example-daily.com/politics/2024/0306/c1001-40189234.html', list)).toBe('news.example-daily.com');
    expect(suggestHostForUrl('https://www.gov.cn/zhengce/content/2015-07/04/content_10002.htm', list)).toBeNull();
    expect(suggestHostForUrl('https://paper.people.com.cn/rmrb/html/2024-03/06/nw.htm', [...list, '*.people.com.cn'])).toBeNull();
    expect(suggestHostForUrl('about:blank', list)).toBeNull();
  });
});

describe('one home for the built-in hosts', () => {
  const read = (f: string) => readFileSync(join(process.cwd(), f), 'utf8');

  it('the match patterns are the built-in host patterns, in order', () => {
    expect([...BUILT_IN_MATCH_PATTERNS]).toEqual(BUILT_IN_HOST_PATTERNS.map(toMatchPattern));
    expect([...BUILT_IN_MATCH_PATTERNS]).toEqual(['*://*.gov.cn/*', '*://gov.cn/*']);
  });

  it.each(['wxt.config.ts', 'entrypoints/content.ts', 'lib/settings.ts'])('%s spells no built-in host itself', (f) => {
    // Comments start a line or follow a space; "*://" inside a string does neither.
    const code = read(f).replace(/(?:^|\s)\/\*[\s\S]*?\*\/|(?:^|\s)\/\/.*$/gm, '');
    expect(code).not.toMatch(/['"](?:\*:\/\/)?\*?\.?gov\.cn(?:\/\*)?['"]/);
  });

  it('lib/hosts.ts imports nothing at run time (wxt.config.ts and lib/settings.ts load it)', () => {
    const code = read('lib/hosts.ts').replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, '');
    expect(code.match(/^import(?!\s+type\b).*$/gm) ?? []).toEqual([]);
  });

  it('fileHostPattern: the permission for fetching a file, by its host without the port', () => {
    expect(fileHostPattern('https://www.gov.cn/zhengce/files/a.pdf')).toBe('https://www.gov.cn/*');
    expect(fileHostPattern('http://xxgk.example.gov.cn:8080/a.pdf?x=1#p')).toBe('http://xxgk.example.gov.cn/*');
    expect(fileHostPattern('file:///tmp/a.pdf')).toBeNull();
    expect(fileHostPattern('not a url')).toBeNull();
  });
});
