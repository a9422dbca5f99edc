import { describe, expect, it } from 'vitest';
import { citationLine, citationScores } from '../../../tools/eval-citations';
import { belowFloor, CORPUS_DIR, parseSummary, readFloor, score, seedCorpus, FIELDS } from '../../../tools/eval';

// The yardstick: the real-document corpus (../shared/corpus, read in place) scored by its own
// scorer must not fall below the floor kept in tools/corpus-floor.json; the own seeds stay perfect.
// Raise the floor when the score rises; never lower it.
describe('accuracy floor', () => {
  it('the real corpus holds every field of tools/corpus-floor.json', () => {
    const { output, summary } = score(CORPUS_DIR);
    expect(belowFloor(summary, readFloor()), output).toEqual([]);
  }, 180_000);

  it('the own seeds score 1.000 on every field but metadata', () => {
    const sc = seedCorpus();
    try {
      const { output, summary } = score(sc.dir);
      for (const f of FIELDS) if (f !== 'meta') expect(summary[f], `${f}\n${output}`).toBe(1);
      expect(summary.meta, output).toBeGreaterThanOrEqual(0.97);
    } finally {
      sc.dispose();
    }
  }, 180_000);
});

describe('citations', () => {
  it('the real corpus baseline and the citation seeds are found whole, with their relations', async () => {
    const { seeds, real } = await citationScores(process.cwd(), CORPUS_DIR);
    for (const [name, s] of [
      ['seeds', seeds],
      ['real', real!],
    ] as const) {
      const why = citationLine(name, s, true);
      expect(s.precision, why).toBe(1);
      expect(s.recall, why).toBe(1);
      expect(s.relation, why).toBe(1);
    }
    expect(real!.gold).toBeGreaterThanOrEqual(12);
  }, 120_000);
});

describe('eval plumbing', () => {
  it('reads the scorer SUMMARY line and compares it with a floor', () => {
    const s = parseSummary('x\nSUMMARY detection=1.000 outlineF1=0.932 assignF1=0.982 leadF1=0.992 deadlineF1=1.000 dates=0.950 meta=0.949 SHORT:outline\n');
    expect(s).toEqual({ detection: 1, outline: 0.932, assignments: 0.982, leads: 0.992, deadlines: 1, dates: 0.95, meta: 0.949 });
    expect(belowFloor(s, { ...s, outline: 0.95 })).toEqual(['outline 0.932 < 0.950']);
    expect(belowFloor(s, s)).toEqual([]);
    expect(() => parseSummary('no summary here')).toThrow(/SUMMARY/);
    expect(() => parseSummary('SUMMARY detection=1.000')).toThrow(/outline/);
  });
});
