import { describe, it, expect } from 'vitest';
import { normalizeSettings, hostMatches, normalizeHostPattern, DEFAULT_SETTINGS } from '../../lib/settings';

describe('settings', () => {
  it('keeps defaults for missing or malformed fields', () => {
    expect(normalizeSettings(null)).toEqual(DEFAULT_SETTINGS);
    const s = normalizeSettings({ master: 'yes', categories: { lead: false, area: 3 }, autoHosts: ['https://WWW.Example.org/path', 'bad host', 7, '*.com'] });
    expect(s.master).toBe(true);
    expect(s.categories).toEqual({ area: true, lead: false, co: true, deadline: true });
    // built-ins always stay; a too-broad wildcard is refused like in the side panel's input
    expect(s.autoHosts).toEqual(['*.gov.cn', 'gov.cn', 'www.example.org']);
  });
  it('matches wildcard and exact hosts', () => {
    expect(hostMatches('www.gov.cn', ['*.gov.cn'])).toBe(true);
    expect(hostMatches('gov.cn', ['*.gov.cn'])).toBe(true);
    expect(hostMatches('notgov.cn', ['*.gov.cn'])).toBe(false);
    expect(hostMatches('www.hubei.gov.cn', ['www.gov.cn'])).toBe(false);
    expect(normalizeHostPattern('*.NPC.gov.cn')).toBe('*.npc.gov.cn');
  });
});
