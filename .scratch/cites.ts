import { readFileSync, readdirSync } from 'node:fs';
import { analyze } from '../lib/analysis';
const dir = process.argv[2] ?? '../shared/corpus/docs';
for (const f of readdirSync(dir).filter((f) => f.endsWith('.txt'))) {
  const text = readFileSync(`${dir}/${f}`, 'utf8');
  const m = analyze({ text, force: true });
  if (!m.citations?.length) { console.log(f, '—'); continue; }
  console.log(f, m.meta.title);
  for (const c of m.citations) console.log('   ', c.relation.padEnd(10), c.verb ?? '-', '|', c.title ?? '∅', '|', c.docNumber ?? '', '|', c.measureId ?? '', JSON.stringify(text.slice(c.start, c.end)).slice(0, 60));
}
