import { describe, it, expect } from 'vitest';
import { normalizeSettings, normalizeHostPattern, DEFAULT_SETTINGS } from '../../lib/settings';
import { BUILT_IN_HOST_PATTERNS } from '../../lib/hosts';

describe('settings', () => {
  it('keeps defaults for missing or malformed fields', () => {
    expect(normalizeSettings(null)).toEqual(DEFAULT_SETTINGS);
    const s = normalizeSettings({ master: 'yes', categories: { lead: false, area: 3 }, autoHosts: ['https://WWW.Example.org/path', 'bad host', 7, '*.com'] });
    expect(s.master).toBe(true);
    expect(s.categories).toEqual({ area: true, lead: false, co: true, deadline: true, cite: true });
    // built-ins always stay; a too-broad wildcard is refused like in the side panel's input
    expect(s.autoHosts).toEqual(['*.gov.cn', 'gov.cn', 'www.example.org']);
  });
  it('normalises a typed host pattern', () => {
    expect(normalizeHostPattern('*.NPC.gov.cn')).toBe('*.npc.gov.cn');
  });
  it('the default hosts are the built-in hosts of lib/hosts', () => {
    expect(DEFAULT_SETTINGS.autoHosts).toEqual([...BUILT_IN_HOST_PATTERNS]);
  });
});
