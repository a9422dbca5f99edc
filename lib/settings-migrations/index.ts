/**
 * The settings' version and one migration per version (`vN.ts` takes the value stored by
 * version N−1), run by WXT storage when an item of an older version is read
 * (`storage.defineItem(..., { version, migrations })`). Each migration has a fixture of a real
 * stored value of the version it reads in tests/fixtures/settings/.
 */
import { migrateToV2 } from './v2';
import { migrateToV3 } from './v3';
import { migrateToV4 } from './v4';

export const SETTINGS_VERSION = 4;

export const SETTINGS_MIGRATIONS: Record<number, (old: unknown) => unknown> = {
  2: migrateToV2,
  3: migrateToV3,
  4: migrateToV4,
};
