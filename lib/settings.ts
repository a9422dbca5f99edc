/**
 * User settings, kept in extension storage (browser.storage.local, key SETTINGS_KEY):
 * highlight toggles (per category + master), the hosts where Policy Lens runs by itself, and
 * whether a PDF link clicked on those hosts opens in Policy Lens's viewer.
 */
import { BUILT_IN_HOST_PATTERNS, parseHostPattern } from './hosts';

export const SETTINGS_KEY = 'pl:settings';

export type HighlightCategory = 'area' | 'lead' | 'co' | 'deadline' | 'cite';
const HIGHLIGHT_CATEGORIES: HighlightCategory[] = ['area', 'lead', 'co', 'deadline', 'cite'];

export interface Settings {
  master: boolean;
  categories: Record<HighlightCategory, boolean>;
  /** Host patterns (e.g. "*.gov.cn", "www.npc.gov.cn", "example.org") where analysis runs on load. */
  autoHosts: string[];
  /**
   * A PDF link clicked on the auto hosts opens in Policy Lens's viewer instead of the browser's
   * (off by default: it changes what a click on a link does).
   */
  openPdfLinks: boolean;
}

export const DEFAULT_SETTINGS: Settings = {
  master: true,
  categories: { area: true, lead: true, co: true, deadline: true, cite: true },
  autoHosts: [...BUILT_IN_HOST_PATTERNS],
  openPdfLinks: false,
};

/** The part of `browser.storage` a reader of the settings needs. */
export interface SettingsArea {
  local: { get(key: string): Promise<Record<string, unknown>> };
  onChanged: { addListener(cb: (changes: Record<string, { newValue?: unknown }>, area: string) => void): void };
}

/**
 * Read the settings and follow their changes without WXT's storage item: for the content script,
 * which only reads (the item and its migrations live in the background and the side panel, and
 * its code would add a tenth to the content bundle). Values of any version read normalised.
 */
export function followSettings(api: SettingsArea, onChange: (s: Settings) => void): Promise<Settings> {
  api.onChanged.addListener((changes, area) => {
    if (area === 'local' && changes[SETTINGS_KEY]) onChange(normalizeSettings(changes[SETTINGS_KEY].newValue));
  });
  return api.local.get(SETTINGS_KEY).then((got) => normalizeSettings(got[SETTINGS_KEY]));
}

/** Merge stored data (untrusted shape) over the defaults. */
export function normalizeSettings(x: unknown): Settings {
  const s: Settings = structuredClone(DEFAULT_SETTINGS);
  if (typeof x !== 'object' || x === null) return s;
  const o = x as Record<string, unknown>;
  if (typeof o.master === 'boolean') s.master = o.master;
  if (typeof o.categories === 'object' && o.categories !== null) {
    for (const c of HIGHLIGHT_CATEGORIES) {
      const v = (o.categories as Record<string, unknown>)[c];
      if (typeof v === 'boolean') s.categories[c] = v;
    }
  }
  if (typeof o.openPdfLinks === 'boolean') s.openPdfLinks = o.openPdfLinks;
  if (Array.isArray(o.autoHosts)) {
    // Same validation as the side panel's input (lib/hosts): too-broad wildcards like *.com are
    // refused even if stored data holds them; the built-in hosts always stay.
    const hosts = o.autoHosts
      .filter((h): h is string => typeof h === 'string')
      .map(normalizeHostPattern)
      .filter((h): h is string => !!h);
    s.autoHosts = [...new Set([...DEFAULT_SETTINGS.autoHosts, ...hosts])];
  }
  return s;
}

/** "https://www.example.org/x" or "*.Example.org" → "*.example.org"; invalid or too broad → null (lib/hosts validates). */
export function normalizeHostPattern(input: string): string | null {
  const r = parseHostPattern(input);
  return r.ok ? r.pattern : null;
}
