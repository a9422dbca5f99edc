/**
 * UI strings. Every string lives in public/_locales/<locale>/messages.json (Chrome/WebExtension
 * format). In the extension the lead passes `browser.i18n.getMessage`; in tests and the bench,
 * `catalogGetMessage(json)` reads a messages.json object with the same placeholder rules.
 *
 * Placeholders: messages use named placeholders whose content is "$1", "$2"… (the portable form
 * that Chrome and Firefox both resolve), e.g.
 *   "dueInDays": { "message": "$DAYS$ 天后", "placeholders": { "days": { "content": "$1" } } }
 */

export type MessageKey = keyof typeof import('../../public/_locales/zh_CN/messages.json');

/** Signature of browser.i18n.getMessage: returns "" for an unknown key. */
export type GetMessage = (key: string, substitutions?: string | string[]) => string;

export type T = (key: MessageKey, ...subs: (string | number)[]) => string;

/** Build the `t` function. Unknown keys fall back to the key itself so a gap is visible, not blank. */
export function createT(getMessage: GetMessage): T {
  return (key, ...subs) => {
    const s = subs.length ? getMessage(key, subs.map(String)) : getMessage(key);
    return s === '' || s == null ? key : s;
  };
}

interface CatalogEntry {
  message: string;
  description?: string;
  placeholders?: Record<string, { content: string; example?: string }>;
}
export type Catalog = Record<string, CatalogEntry>;

/**
 * getMessage over a messages.json object, resolving placeholders like the browsers do:
 * $NAME$ → the placeholder's content, in which $1..$9 are substitutions; "$$" → "$".
 */
export function catalogGetMessage(catalog: Catalog): GetMessage {
  // Placeholder names resolved once per key (case-insensitive, as in the browsers).
  const compiled = new Map<string, { message: string; placeholders: Record<string, string> }>();
  for (const [key, entry] of Object.entries(catalog)) {
    const placeholders: Record<string, string> = {};
    for (const [name, p] of Object.entries(entry.placeholders ?? {})) placeholders[name.toLowerCase()] = p.content;
    compiled.set(key, { message: entry.message, placeholders });
  }
  return (key, substitutions) => {
    const entry = compiled.get(key);
    if (!entry) return '';
    if (!entry.message.includes('$')) return entry.message;
    const subs = substitutions == null ? [] : Array.isArray(substitutions) ? substitutions : [substitutions];
    const fillNumbers = (s: string) => s.replace(/\$(\d)/g, (_, d: string) => subs[Number(d) - 1] ?? '');
    return entry.message
      .replace(/\$([A-Za-z0-9_@]+)\$/g, (whole, name: string) => {
        const content = entry.placeholders[name.toLowerCase()];
        return content === undefined ? whole : fillNumbers(content);
      })
      .replace(/\$\$/g, '$');
  };
}

export type UiLocale = 'zh_CN' | 'en';

/** Chinese by default; English when the browser language is English (en, en-US, en-GB …). */
export function pickLocale(lang: string | null | undefined): UiLocale {
  return lang && /^en\b/i.test(lang.replace('_', '-')) ? 'en' : 'zh_CN';
}
