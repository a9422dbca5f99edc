/**
 * Settings v3 → v4. Version 4 adds `openPdfLinks` (a PDF link clicked on the auto hosts opens in
 * Policy Lens's viewer), off: an update must not change what a click on a link does.
 */
import { normalizeSettings, type Settings } from '../settings';

export function migrateToV4(v3: unknown): Settings {
  return normalizeSettings(v3);
}
