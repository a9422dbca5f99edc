/**
 * The user-extendable list of hosts where Policy Lens runs by itself (besides the built-in
 * government sites). Pure: parsing and validating what the user typed, coverage between
 * patterns, list edits, and what the browser side must request / register. No browser APIs;
 * the side panel shows the result codes in the user's language.
 *
 * Pattern syntax (as stored in Settings.autoHosts, see lib/settings.ts):
 *   "www.npc.gov.cn"   exactly this host
 *   "*.example.org"    example.org and every subdomain (like a WebExtension match pattern)
 *   "192.168.1.20"     an IPv4 address (exact only)
 * Match pattern for permissions / content scripts: toMatchPattern("*.example.org") = "*://*.example.org/*".
 *
 * The one home of the built-in hosts: the manifest (wxt.config.ts), the content script's
 * matches, the default settings and the side panel's fixed rows all take them from here.
 * Imports nothing at run time, so wxt.config.ts can load it and lib/settings.ts can depend on it.
 */

/** Hosts where Policy Lens runs by itself without being asked (the government sites); shown, never removable. */
export const BUILT_IN_HOST_PATTERNS: readonly string[] = ['*.gov.cn', 'gov.cn'];

/** Match pattern for permissions / content script registration: "*.gov.cn" → "*://*.gov.cn/*". */
export function toMatchPattern(hostPattern: string): string {
  return `*://${hostPattern}/*`;
}

/** The built-in hosts as match patterns: the manifest's host permissions and first-look matches. */
export const BUILT_IN_MATCH_PATTERNS: readonly string[] = BUILT_IN_HOST_PATTERNS.map(toMatchPattern);

/** More than this many patterns is almost certainly a mistake (and slows every navigation check). */
export const MAX_USER_HOSTS = 100;

/**
 * Second-level public suffixes under which a wildcard would cover unrelated sites
 * ("*.com.cn" = every company in China). Not the full Public Suffix List: the common ones for
 * the sites analysts read, plus the Chinese provincial domains (bj.cn, zj.cn …).
 */
const PUBLIC_SECOND_LEVEL = new Set([
  ...['com', 'net', 'org', 'edu', 'ac', 'mil', 'gov'].map((x) => `${x}.cn`),
  ...'ah bj cq fj gd gs gz gx ha hb he hi hl hn jl js jx ln nm nx qh sc sd sh sn sx tj xj xz yn zj hk mo tw'.split(' ').map((x) => `${x}.cn`),
  ...['com', 'net', 'org', 'edu', 'gov', 'idv'].flatMap((x) => [`${x}.hk`, `${x}.tw`, `${x}.mo`, `${x}.sg`, `${x}.au`]),
  'co.uk',
  'org.uk',
  'gov.uk',
  'ac.uk',
  'co.jp',
  'or.jp',
  'go.jp',
  'ac.jp',
  'co.kr',
  'go.kr',
  'or.kr',
]);

export type HostPatternError =
  /** Nothing typed. */
  | { code: 'empty' }
  /** A scheme other than http(s): chrome://, file://, ftp:// … */
  | { code: 'scheme'; scheme: string }
  /** Characters that cannot be in a host name (spaces, _, @, …), or an unparsable URL. */
  | { code: 'invalid' }
  /** A label that is empty, longer than 63, or starts / ends with "-"; or the whole name is longer than 253. */
  | { code: 'label'; label: string }
  /** "*" anywhere but a leading "*.", e.g. "*example.org", "www.*.org", "example.*". */
  | { code: 'wildcard' }
  /** A wildcard over a whole top-level or public second-level domain ("*", "*.com", "*.com.cn"). */
  | { code: 'too-broad'; pattern: string }
  | { code: 'duplicate'; pattern: string }
  /** An existing (or built-in) pattern already covers this one. */
  | { code: 'covered'; pattern: string; by: string }
  | { code: 'too-many'; max: number };

export type HostPatternCheck =
  | {
      ok: true;
      /** Normalized pattern to store. */
      pattern: string;
      /** Existing user patterns the new one makes redundant (e.g. www.example.org under *.example.org). */
      covers: string[];
    }
  | { ok: false; input: string; error: HostPatternError };

const IPV4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;
const LABEL = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;

function isBuiltInHostPattern(p: string): boolean {
  return BUILT_IN_HOST_PATTERNS.includes(p);
}

/**
 * What a reader types, made comparable: NFKC (full-width letters and digits typed with a Chinese
 * IME), ideographic full stops as dots, surrounding quotes/brackets and spaces removed, lower case.
 */
function cleanInput(input: string): string {
  return input
    .normalize('NFKC')
    .replace(/[。｡．]/g, '.')
    .trim()
    .replace(/^[<"'“‘「《(（]+|[>"'”’」》)）]+$/g, '')
    .trim()
    .toLowerCase();
}

/** Host name → ASCII (punycode for 中文.cn); null when the URL parser rejects it. */
function toAsciiHost(host: string): string | null {
  if (/^[\x21-\x7e]*$/.test(host)) return host;
  try {
    return new URL(`http://${host}/`).hostname;
  } catch {
    return null;
  }
}

/**
 * Parse one pattern from user input: a host, a "*.host" wildcard, ".host" (read as "*.host"),
 * or a whole URL (its host is taken; path, port, query are dropped).
 */
export function parseHostPattern(input: string): { ok: true; pattern: string } | { ok: false; error: HostPatternError } {
  let s = cleanInput(input);
  if (!s) return { ok: false, error: { code: 'empty' } };
  const scheme = /^([a-z][a-z0-9+.-]*):(\/\/)?/.exec(s);
  // "example.org:8080" is a host with a port, not a scheme
  if (scheme && !/^[a-z0-9.-]+:\d+(\/|$)/.test(s)) {
    if (scheme[1] !== 'http' && scheme[1] !== 'https') return { ok: false, error: { code: 'scheme', scheme: scheme[1]! } };
    s = s.slice(scheme[0].length);
  }
  // host part only: cut path / query / fragment, then user info and port
  s = s.replace(/[/?#].*$/, '');
  if (s.includes('@')) return { ok: false, error: { code: 'invalid' } };
  s = s.replace(/:\d*$/, '').replace(/\.+$/, '');
  if (!s) return { ok: false, error: { code: 'empty' } };

  let wildcard = false;
  if (s.startsWith('*.')) {
    wildcard = true;
    s = s.slice(2);
  } else if (s.startsWith('.') && !s.startsWith('..')) {
    wildcard = true;
    s = s.slice(1);
  } else if (s === '*') {
    return { ok: false, error: { code: 'too-broad', pattern: '*' } };
  }
  if (s.includes('*')) return { ok: false, error: { code: 'wildcard' } };
  const ascii = toAsciiHost(s);
  if (ascii === null || !/^[a-z0-9.-]+$/.test(ascii)) return { ok: false, error: { code: 'invalid' } };
  if (IPV4.test(ascii)) {
    return wildcard ? { ok: false, error: { code: 'wildcard' } } : { ok: true, pattern: ascii };
  }
  if (ascii.length > 253) return { ok: false, error: { code: 'label', label: ascii.slice(0, 40) + '…' } };
  const labels = ascii.split('.');
  const bad = labels.find((l) => !LABEL.test(l));
  if (bad !== undefined) return { ok: false, error: { code: 'label', label: bad } };
  // a name whose last label is all digits is neither a domain nor an IPv4 address ("10.1.300")
  if (labels.length > 1 && /^\d+$/.test(labels[labels.length - 1]!)) return { ok: false, error: { code: 'invalid' } };
  if (wildcard && (labels.length < 2 || PUBLIC_SECOND_LEVEL.has(ascii))) {
    return { ok: false, error: { code: 'too-broad', pattern: `*.${ascii}` } };
  }
  return { ok: true, pattern: wildcard ? `*.${ascii}` : ascii };
}

/** True when every host matched by `inner` is matched by `outer` (patterns already normalized). */
export function patternCovers(outer: string, inner: string): boolean {
  if (outer === inner) return true;
  if (!outer.startsWith('*.')) return false;
  const base = outer.slice(2);
  const innerBase = inner.startsWith('*.') ? inner.slice(2) : inner;
  return innerBase === base || innerBase.endsWith(`.${base}`);
}

/** Validate `input` against the current list (built-ins always count as present). */
export function checkHostPattern(input: string, existing: readonly string[]): HostPatternCheck {
  const parsed = parseHostPattern(input);
  const all = [...new Set([...BUILT_IN_HOST_PATTERNS, ...existing])];
  if (!parsed.ok) {
    // "*.gov.cn" is too broad to add, but it is simply there already
    if (parsed.error.code === 'too-broad' && all.includes(parsed.error.pattern)) {
      return { ok: false, input, error: { code: 'duplicate', pattern: parsed.error.pattern } };
    }
    return { ok: false, input, error: parsed.error };
  }
  const p = parsed.pattern;
  if (all.includes(p)) return { ok: false, input, error: { code: 'duplicate', pattern: p } };
  const by = all.find((q) => patternCovers(q, p));
  if (by) return { ok: false, input, error: { code: 'covered', pattern: p, by } };
  const users = userHostPatterns(existing);
  if (users.length >= MAX_USER_HOSTS) return { ok: false, input, error: { code: 'too-many', max: MAX_USER_HOSTS } };
  return { ok: true, pattern: p, covers: users.filter((q) => patternCovers(p, q)) };
}

/** The patterns the user added (built-ins left out), in stored order. */
function userHostPatterns(list: readonly string[]): string[] {
  return [...new Set(list.filter((p) => !isBuiltInHostPattern(p)))];
}

/** Rows for display: built-ins first, then the user's patterns ordered by domain (org.example.www). */
export function hostRows(list: readonly string[]): { pattern: string; builtIn: boolean }[] {
  const key = (p: string) => p.replace(/^\*\./, '').split('.').reverse().join('.') + (p.startsWith('*.') ? '' : '\u0001');
  return [
    ...BUILT_IN_HOST_PATTERNS.map((pattern) => ({ pattern, builtIn: true })),
    ...userHostPatterns(list)
      .sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0))
      .map((pattern) => ({ pattern, builtIn: false })),
  ];
}

/**
 * The list after adding `pattern` (validated with checkHostPattern first): built-ins kept, the
 * patterns it covers dropped (they would only duplicate the match), the new one appended.
 * Throws on an invalid pattern so a caller cannot store one by mistake.
 */
export function addHostPattern(list: readonly string[], input: string): string[] {
  const c = checkHostPattern(input, list);
  if (!c.ok) throw new Error(`addHostPattern: ${JSON.stringify(input)} was refused (${c.error.code})`);
  return [...new Set([...BUILT_IN_HOST_PATTERNS, ...list.filter((p) => !c.covers.includes(p)), c.pattern])];
}

/** The list without `pattern`. Built-ins cannot be removed (the manifest grants them); unknown patterns are an error. */
export function removeHostPattern(list: readonly string[], pattern: string): string[] {
  if (isBuiltInHostPattern(pattern)) throw new Error(`removeHostPattern: ${pattern} is built in and cannot be removed`);
  if (!list.includes(pattern)) throw new Error(`removeHostPattern: ${pattern} is not in the list`);
  return [...new Set([...BUILT_IN_HOST_PATTERNS, ...list.filter((p) => p !== pattern)])];
}

/** Host of an http(s) URL (punycode, no port), or null for other schemes / bad URLs. */
export function hostOfUrl(url: string | null | undefined): string | null {
  if (!url) return null;
  try {
    const u = new URL(url);
    return u.protocol === 'http:' || u.protocol === 'https:' ? u.hostname.replace(/\.$/, '') || null : null;
  } catch {
    return null;
  }
}

/**
 * What to offer for the page the panel follows: its exact host, when no pattern covers it yet.
 * Null for non-web URLs and hosts already covered (e.g. any *.gov.cn page).
 */
export function suggestHostForUrl(url: string | null | undefined, existing: readonly string[]): string | null {
  const host = hostOfUrl(url);
  if (!host) return null;
  const c = checkHostPattern(host, existing);
  return c.ok ? c.pattern : null;
}

/** Origins for browser.permissions.request / remove and content-script registration (user patterns only). */
export function hostPermissionOrigins(patterns: readonly string[]): string[] {
  return userHostPatterns(patterns).map(toMatchPattern);
}

/** What changed between two stored lists (user patterns only): register `added`, unregister `removed`. */
export function hostListChanges(prev: readonly string[], next: readonly string[]): { added: string[]; removed: string[] } {
  const a = new Set(userHostPatterns(prev));
  const b = new Set(userHostPatterns(next));
  return { added: [...b].filter((p) => !a.has(p)), removed: [...a].filter((p) => !b.has(p)) };
}

/**
 * The permission pattern for fetching a file at `url` ("https://www.gov.cn/*"), or null when it is
 * not a web URL. Without the port: match patterns have none (Firefox refuses one that does), and
 * a host's permission covers all its ports.
 */
export function fileHostPattern(url: string): string | null {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return null;
  }
  return u.protocol === 'https:' || u.protocol === 'http:' ? `${u.protocol}//${u.hostname}/*` : null;
}
