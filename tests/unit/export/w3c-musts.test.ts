/**
 * Our exported annotations pass the MUST assertions of the W3C Web Annotation test suite
 * (../shared/w3c-annotation-tests: annotations/annotationMusts.test and the definitions it uses).
 * The assertion schemas are JSON Schema draft-04; ajv (draft-07 mode) runs them after the two
 * draft-04 spellings it does not read are rewritten: `id` → `$id`, a boolean exclusiveMinimum.
 * `uri` and `date-time` formats are checked here (no format package is installed).
 */
import { describe, it, expect } from 'vitest';
import Ajv from 'ajv';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildExport, type W3CAnnotation } from '../../../lib/export';
import { ANNOTATIONS, DOC, MODEL, NOTES, TEXT } from './fixtures';

const SUITE = fileURLToPath(new URL('../../../../shared/w3c-annotation-tests/', import.meta.url));

function toDraft07(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(toDraft07);
  if (!v || typeof v !== 'object') return v;
  const o = v as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(o)) {
    if (k === '$schema') continue;
    if (k === 'id' && typeof x === 'string') out.$id = x;
    else if (k === 'exclusiveMinimum' && typeof x === 'boolean') {
      if (x) out.exclusiveMinimum = o.minimum;
    } else if (k === 'minimum' && o.exclusiveMinimum === true) continue;
    else out[k] = toDraft07(x);
  }
  return out;
}

function readJson(path: string): Record<string, unknown> {
  return JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
}

const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

function suite(): { ajv: Ajv; musts: { file: string; schema: Record<string, unknown> }[] } {
  const ajv = new Ajv({ strict: false, allErrors: true, validateSchema: false });
  ajv.addFormat('uri', /^[A-Za-z][A-Za-z0-9+.-]*:[^\s]*$/);
  ajv.addFormat('date-time', { validate: (s: string) => ISO.test(s) && !Number.isNaN(Date.parse(s)) });
  for (const f of readdirSync(join(SUITE, 'definitions'))) ajv.addSchema(toDraft07(readJson(join(SUITE, 'definitions', f))) as object);
  const list = readJson(join(SUITE, 'annotations/annotationMusts.test')) as { assertions: string[] };
  const musts = list.assertions.map((file) => ({ file, schema: toDraft07(readJson(join(SUITE, file))) as Record<string, unknown> }));
  return { ajv, musts };
}

function exported(): W3CAnnotation[] {
  const extra = [
    { ...ANNOTATIONS[3]!, id: 'c0ffee00-0000-4000-8000-000000000003', note: '', tags: ['仅标签'] },
    { ...ANNOTATIONS[0]!, id: 'c0ffee00-0000-4000-8000-000000000004', deleted: true as const, created: '2026-03-02T17:00:00+08:00' },
    { ...ANNOTATIONS[1]!, id: 'https://hypothes.is/a/Xy12AbC', docId: DOC.id },
  ];
  const env = buildExport({
    documents: [DOC],
    analyses: { [DOC.id]: MODEL },
    annotations: [...ANNOTATIONS, ...extra],
    measureNotes: NOTES,
    extensionVersion: '0.1.0',
    now: '2026-11-28T10:00:00.000Z',
    texts: { [DOC.id]: TEXT },
    includeDeleted: true,
  });
  return env.documents[0]!.annotations;
}

describe('W3C Web Annotation test suite: MUST assertions', () => {
  it('the suite is there', () => {
    expect(existsSync(join(SUITE, 'annotations/annotationMusts.test'))).toBe(true);
  });

  it('every exported annotation passes every MUST assertion', () => {
    const { ajv, musts } = suite();
    expect(musts.length).toBeGreaterThan(40);
    const anns = exported();
    expect(anns).toHaveLength(7);
    const failures: string[] = [];
    for (const m of musts) {
      const validate = ajv.compile(m.schema);
      const expectValid = m.schema.expectedResult !== 'invalid';
      for (const a of anns) if (validate(a) !== expectValid) failures.push(`${m.file} on ${a.id}: ${JSON.stringify(validate.errors?.slice(0, 2))}`);
    }
    expect(failures).toEqual([]);
  });

  it('the assertions do catch a broken annotation (no target, a bad created)', () => {
    const { ajv, musts } = suite();
    const [a] = exported();
    const { target: _t, ...noTarget } = a!;
    const failing = (x: unknown) => musts.filter((m) => ajv.compile(m.schema)(x) !== (m.schema.expectedResult !== 'invalid')).map((m) => m.file);
    expect(failing(noTarget)).toContain('annotations/3.1-targetKeyFound.json');
    expect(failing({ ...a, created: 'yesterday' })).toContain('annotations/3.3.1-annotationCreatedValidated.json');
  });
});
