/**
 * Settings v2 → v3. Version 3 adds the highlight category of cited documents (`cite`, on by
 * default, as every category is on a new install); the rest of a v2 value stays as it was.
 */
import { normalizeSettings, type Settings } from '../settings';

export function migrateToV3(v2: unknown): Settings {
  return normalizeSettings(v2);
}
