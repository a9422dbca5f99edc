/**
 * Vitest global setup of the unit project: lib/schema/validators.gen.js is generated from
 * schema/*.json and not committed, so a fresh checkout (or an edited schema) gets it here
 * before any test imports lib/schema.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { generateValidators, OUTPUT } from '../../../tools/gen-validators';

export default function setup(): void {
  const next = generateValidators();
  if (!existsSync(OUTPUT) || readFileSync(OUTPUT, 'utf8') !== next) writeFileSync(OUTPUT, next);
}
