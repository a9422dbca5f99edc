/**
 * Settings v1 → v2. Version 1 is what the extension stored before settings were versioned: any
 * object under `pl:settings`, read through `normalizeSettings` every time, so a hand-edited or
 * older value (a too-broad host like "*.com", a missing category, unknown keys) stayed in
 * storage. Version 2 stores only the normalised shape (the settings schema), so every reader
 * and the backup see the same thing.
 */
import { normalizeSettings, type Settings } from '../settings';

export function migrateToV2(v1: unknown): Settings {
  return normalizeSettings(v1);
}
