import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe as group, expect, it } from 'vitest';
import { anchor, anchorAll, describe, maxErrorsFor, parseOrphanReason, orphanReasonKey } from '../../../lib/anchoring';
import type { AnchorResult } from '../../../lib/annotations/types';

const SEED = readFileSync(join(__dirname, '../../../seeds/000_a8d5c490817db3bf.txt'), 'utf8');

function target(text: string, needle: string, nth = 0) {
  let at = -1;
  for (let i = 0; i <= nth; i++) {
    at = text.indexOf(needle, at + 1);
    if (at < 0) throw new Error(`fixture: "${needle}" #${nth} not in text`);
  }
  return describe(text, at, at + needle.length);
}

function anchoredText(text: string, r: AnchorResult): string {
  if (r.status !== 'anchored') throw new Error(`expected anchored, got ${r.reason}`);
  return text.slice(r.start, r.end);
}

function orphanCode(r: AnchorResult): string {
  if (r.status !== 'orphan') throw new Error(`expected orphan, got ${JSON.stringify(r)}`);
  return parseOrphanReason(r.reason).code;
}

const QUOTE = '鼓励传统产业树立互联网思维,积极与"互联网+"相结合';

group('describe', () => {
  it('keeps 32 non-whitespace code units of context each side and the exact text', () => {
    const t = target(SEED, QUOTE);
    expect(t.quote.exact).toBe(QUOTE);
    expect(t.quote.prefix.replace(/\s/g, '')).toHaveLength(32);
    expect(t.quote.suffix.replace(/\s/g, '')).toHaveLength(32);
    expect(SEED.slice(0, t.position.start).endsWith(t.quote.prefix)).toBe(true);
    expect(SEED.slice(t.position.end).startsWith(t.quote.suffix)).toBe(true);
  });

  it('rejects offsets outside the text, reversed or non-integer', () => {
    expect(() => describe(SEED, -1, 3)).toThrow(RangeError);
    expect(() => describe(SEED, 5, 5)).toThrow(/start < end/);
    expect(() => describe(SEED, 0, SEED.length + 1)).toThrow(RangeError);
    expect(() => describe(SEED, 1.5, 4)).toThrow(/integers/);
  });

  it('never splits a surrogate pair (CJK Ext-B, emoji)', () => {
    const text = '北京市𠀾𡈽区人民政府😀关于印发通知';
    const hi = text.indexOf('𡈽');
    const t = describe(text, hi + 1, hi + 3); // starts inside 𡈽
    expect(t.quote.exact.startsWith('𡈽')).toBe(true);
    const e = text.indexOf('😀');
    const u = describe(text, e - 2, e + 1); // ends inside 😀
    expect(u.quote.exact.endsWith('😀')).toBe(true);
  });
});

group('anchor: order of methods', () => {
  it('round trip: every described range of the unchanged seed comes back by position', () => {
    let seed = 3;
    const rnd = () => (seed = (seed * 48271) % 2147483647) / 2147483647;
    for (let i = 0; i < 300; i++) {
      const len = 4 + Math.floor(rnd() * 57);
      const s = Math.floor(rnd() * (SEED.length - len));
      if (/^\s|\s$/.test(SEED.slice(s, s + len))) continue;
      const t = describe(SEED, s, s + len);
      const r = anchor(SEED, t);
      expect(r.status === 'anchored' && [r.start, r.end]).toEqual([t.position.start, t.position.end]);
    }
  });

  it('unchanged text → position', () => {
    const t = target(SEED, QUOTE);
    const r = anchor(SEED, t);
    expect(r).toMatchObject({ status: 'anchored', method: 'position', start: t.position.start, end: t.position.end });
  });

  it('text inserted before the quote → quote, at the new place', () => {
    const t = target(SEED, QUOTE);
    const cut = SEED.indexOf('一、行动要求');
    const edited = SEED.slice(0, cut) + '（新增）各地区要结合实际制定具体实施方案，明确任务分工。\n' + SEED.slice(cut);
    const r = anchor(edited, t);
    expect(r).toMatchObject({ status: 'anchored', method: 'quote', errors: 0 });
    expect(anchoredText(edited, r)).toBe(QUOTE);
  });

  it('whitespace changes are not errors: re-wrapped lines, stray and full-width spaces', () => {
    const t = target(SEED, '发展改革委、商务部、工业和信 息化部、交通运输部');
    // The reprint's stray space is gone, others appear, the paragraph is re-wrapped.
    const edited = SEED.replace('工业和信 息化部、交通运输', '工业和信息化部、\n交通　运输').replace('各省、自治区', '各省、 自治区');
    const r = anchor(edited, t);
    expect(r.status).toBe('anchored');
    if (r.status !== 'anchored') return;
    expect(r.errors ?? 0).toBe(0);
    expect(anchoredText(edited, r)).toBe('发展改革委、商务部、工业和信息化部、\n交通　运输部');
  });

  it('one changed character inside the quote → fuzzy with 1 error, same place', () => {
    const t = target(SEED, QUOTE);
    const edited = SEED.replace('树立互联网思维', '树立互连网思维');
    const r = anchor(edited, t);
    expect(r).toMatchObject({ status: 'anchored', method: 'fuzzy', errors: 1, start: t.position.start });
    expect(anchoredText(edited, r)).toBe(QUOTE.replace('互联网思维', '互连网思维'));
  });

  it('a character inserted and one deleted inside a long quote → fuzzy, 2 errors', () => {
    const long = '坚持变革转型。充分发挥互联网在促进产业升级以及信息化和工业化深度融合中的平台作用';
    const t = target(SEED, long);
    const edited = SEED.replace('充分发挥互联网', '充分地发挥互联网').replace('深度融合中的', '深度融合的');
    const r = anchor(edited, t);
    expect(r).toMatchObject({ status: 'anchored', method: 'fuzzy', errors: 2 });
    expect(anchoredText(edited, r)).toContain('充分地发挥互联网在促进产业升级');
  });

  it('a quote occurring twice: prefix/suffix choose the right one', () => {
    const s = '加强组织领导，完善工作机制。';
    const old =
      '一、促进数字经济发展\n各地区要健全统筹协调机制，' +
      s +
      '抓紧制定配套政策。\n' +
      '二、推进电子政务建设\n有关部门要落实主体责任，' +
      s +
      '定期报告进展情况。\n';
    const t = target(old, s, 1);
    // Remove the first section's heading and add a preamble: positions shift.
    const edited = '为贯彻落实党中央、国务院决策部署，现提出如下意见。\n' + old.replace('一、促进数字经济发展\n', '');
    const r = anchor(edited, t);
    const second = edited.indexOf(s, edited.indexOf(s) + 1);
    expect(r).toMatchObject({ status: 'anchored', method: 'quote', start: second });
    // Without any position the context alone decides.
    const r2 = anchor(edited, { quote: t.quote, position: null });
    expect(r2).toMatchObject({ status: 'anchored', start: second });
    // And for the first occurrence, the other way round.
    const r3 = anchor(edited, { quote: target(old, s, 0).quote });
    expect(r3).toMatchObject({ status: 'anchored', start: edited.indexOf(s) });
  });

  it('a removed paragraph → orphan "not-found", worded by the catalog', () => {
    const para = '坚持安全有序。完善互联网融合标准规范和法律法规';
    const t = target(SEED, para);
    const start = SEED.lastIndexOf('\n', SEED.indexOf(para));
    const end = SEED.indexOf('\n', SEED.indexOf(para));
    const edited = SEED.slice(0, start) + SEED.slice(end);
    const r = anchor(edited, t);
    expect(orphanCode(r)).toBe('not-found');
    expect(r.status === 'orphan' && orphanReasonKey(r.reason)).toBe('orphanReason_notFound');
  });

  it('a 4-character quote whose passage is gone does not land on the same 4 characters elsewhere', () => {
    // "资源配置" occurs in several places of the seed; annotate one, then delete its sentence.
    const sentence = '最大限度优化资 源配置';
    const at = SEED.indexOf(sentence) + '最大限度优化'.length;
    const t = describe(SEED, at, at + '资 源配置'.length);
    expect(SEED.replace(/\s/g, '').split('资源配置').length - 1).toBeGreaterThan(1);
    const edited = SEED.replace(/将互联 网作为[^。]*。/, '');
    expect(edited.replace(/\s/g, '')).not.toContain('最大限度优化资源配置');
    expect(orphanCode(anchor(edited, t))).toBe('context-mismatch');
  });

  it('a 4-character quote that merely moved with its context is found again', () => {
    const t = target(SEED, '双引擎');
    const edited = '【本报讯】国务院日前印发指导意见。\n' + SEED;
    expect(anchoredText(edited, anchor(edited, t))).toBe('双引擎');
  });

  it('short quotes: 4 chars allow 0 errors, 5–8 chars 1 error, then ⌊len/8⌋', () => {
    expect([1, 4, 5, 8, 9, 16, 24, 60, 300, 1000].map(maxErrorsFor)).toEqual([0, 0, 1, 1, 1, 2, 3, 7, 32, 32]);
    const four = target(SEED, '万众创新');
    expect(orphanCode(anchor(SEED.replaceAll('万众创新', '万众创业'), four))).toBe('not-found');
    const six = target(SEED, '培育新兴业态');
    const one = anchor(SEED.replace('培育新兴业态和创新公共', '培育新型业态和创新公共'), six);
    expect(one).toMatchObject({ status: 'anchored', method: 'fuzzy', errors: 1 });
    const two = SEED.replace('培育新兴业态和创新公共', '培养新型业态和创新公共');
    expect(anchor(two, six).status).toBe('orphan');
  });

  it('traditional vs simplified is not the same text: only the error bound applies', () => {
    // Decision: no script folding. A quote mostly in different characters is an orphan ...
    const t = target(SEED, '国务院关于积极推进"互联网+"行动的指导意见');
    const trad = SEED.replace('国务院关于积极推进"互联网+"行动的指导意见', '國務院關於積極推進"互聯網+"行動的指導意見');
    expect(anchor(trad, t).status).toBe('orphan');
    // ... while a long quote where only 2 characters differ by script stays within ⌊len/8⌋.
    const long = target(SEED, '推动互联网由消费领域向生产领域拓展,加速提升产业发展水平,增强各行业创新能力');
    const partly = SEED.replace('推动互联网由消费领域', '推動互联網由消费领域');
    expect(anchor(partly, long)).toMatchObject({ status: 'anchored', method: 'fuzzy', errors: 2 });
  });

  it('surrogate pairs: positions stay in UTF-16 units and pairs are never split', () => {
    const base = '第一条　为规范𠀾𡈽地区数据共享，制定本办法。\n第二条　本办法适用于全省😀政务数据。\n';
    const t = target(base, '𡈽地区数据共享');
    const edited = '📌 置顶🔝\n' + base;
    const r = anchor(edited, t);
    expect(anchoredText(edited, r)).toBe('𡈽地区数据共享');
    // A changed Ext-B character (2 code units) inside a longer quote is still a fuzzy match,
    // and the result never starts or ends inside a pair.
    const long = target(base, '为规范𠀾𡈽地区数据共享，制定本办法');
    const swapped = edited.replace('𡈽', '𡉀');
    const f = anchor(swapped, long);
    expect(f.status).toBe('anchored');
    if (f.status === 'anchored') {
      expect(swapped.slice(f.start, f.end)).toBe('为规范𠀾𡉀地区数据共享，制定本办法');
      const c = swapped.charCodeAt(f.start);
      expect(c >= 0xdc00 && c <= 0xdfff).toBe(false);
    }
  });

  it('bad targets become orphans with a clear code, never throw', () => {
    const bad = [null, {}, { quote: {} }, { quote: { exact: 42 } }, { quote: { exact: '' } }];
    const codes = bad.map((b) => orphanCode(anchor(SEED, b as never)));
    expect(codes).toEqual(['invalid-target', 'invalid-target', 'invalid-target', 'invalid-target', 'empty-quote']);
    expect(anchorAll(SEED, bad as never).map((r) => orphanCode(r))).toEqual(codes);
    // A nonsense position is ignored; the quote still anchors.
    const t = target(SEED, QUOTE);
    const r = anchor(SEED, { quote: t.quote, position: { type: 'TextPositionSelector', start: NaN, end: -4 } });
    expect(anchoredText(SEED, r)).toBe(QUOTE);
  });
});

group('anchorAll', () => {
  // A plan whose measures repeat a paragraph, as real 方案 do.
  const para = '各地区、各部门要高度重视，加强组织领导，完善工作机制，抓好贯彻落实，确保各项任务落到实处。';
  const sections = ['数字经济', '智能制造', '普惠金融', '电子政务', '智慧能源', '现代农业'].map(
    (topic, i) => `（${'一二三四五六'[i]}）推进${topic}发展。到2025年，${topic}发展水平显著提升，建成一批${topic}示范项目。${para}\n`,
  );
  const old = sections.join('');

  it('equals anchor() for every target with neighbourHints: false', () => {
    const targets = [target(old, '建成一批智能制造示范项目'), target(old, para, 2), target(old, '普惠金融发展水平'), target(old, '推进现代农业发展')];
    const edited = '国务院办公厅关于印发行动方案的通知\n' + old.replace('电子政务发展水平', '电子政务服务水平');
    expect(anchorAll(edited, targets, { neighbourHints: false })).toEqual(targets.map((t) => anchor(edited, t)));
  });

  it('neighbours fix the expected position after a large insertion, so an edited repeat stays put', () => {
    // Six sections end with the same boilerplate paragraph: only position tells them apart.
    const quote = '切实加强组织领导，完善工作机制，抓好贯彻落实';
    const block = `各地区、各部门要把思想和行动统一到党中央决策部署上来，高度重视，${quote}，确保各项任务落到实处，并按照职责分工抓紧制定具体实施方案。\n`;
    const topics = ['数字经济', '智能制造', '普惠金融', '电子政务', '智慧能源', '现代农业'];
    const heads = topics.map((x, i) => `（${'一二三四五六'[i]}）推进${x}高质量发展。`);
    const doc = heads.map((h) => h + block).join('');
    const targets = heads.map((h) => target(doc, h));
    const fourth = target(doc, quote, 3);
    targets.push(fourth);
    // 1,600 characters of preamble, and one character of the (四) boilerplate changed.
    const preamble = '为深入贯彻落实国务院决策部署，加快推进各项重点任务，现就有关事项通知如下。'.repeat(40) + '\n';
    const parts = doc.split(heads[3]!);
    const edited = preamble + parts[0] + heads[3] + parts[1]!.replace('抓好贯彻落实', '抓好贯彻落地');
    const inFourth = (r: AnchorResult) => r.status === 'anchored' && r.start > edited.indexOf('（四）') && r.start < edited.indexOf('（五）');
    // Alone, the stale position points into the preamble: an untouched copy wins.
    expect(inFourth(anchor(edited, fourth))).toBe(false);
    // With the shift seen at the unique headings, the edited paragraph is found where it is.
    const r = anchorAll(edited, targets);
    expect(r.slice(0, 6).map((x) => x.status === 'anchored' && edited.slice(x.start, x.end))).toEqual(heads);
    expect(r[6]).toMatchObject({ status: 'anchored', method: 'fuzzy', errors: 1 });
    expect(inFourth(r[6]!)).toBe(true);
  });

  it('1,000 annotations on a 200,000-character page: ≥98% back in place, none wrong in bulk', async () => {
    const { makeBenchCase, score } = await import('../../bench/anchoring');
    const bc = makeBenchCase(11, 200_000, 1000);
    const edited = new Set<number>();
    bc.targets.forEach((t, i) => {
      const [s, e] = bc.truth[i]!;
      if (bc.newText.slice(s, e) !== t.quote.exact) edited.add(i);
    });
    const acc = score(anchorAll(bc.newText, bc.targets), bc.truth, edited);
    expect(acc.right).toBeGreaterThanOrEqual(980);
    expect(acc.wrong).toBeLessThanOrEqual(10);
    expect(acc.edited.right).toBeGreaterThanOrEqual(edited.size - 10);
  }, 30_000);
});
