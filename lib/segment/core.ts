/**
 * Segmentation on top of jieba (jieba-wasm): policy user dictionary, key terms per measure
 * (TextRank over nouns/verbal nouns), search tokens.
 *
 * Environment-agnostic: the caller hands in the jieba API (Node build in ./node.ts, the
 * extension's WASM build in ./web.ts). Never imported by the content script: WASM there
 * breaks on pages whose CSP forbids it.
 */
import type { PolicyModel } from '../analysis/types';

export interface JiebaApi {
  cut(text: string, hmm?: boolean | null): string[];
  cut_for_search(text: string, hmm?: boolean | null): string[];
  tag(sentence: string, hmm?: boolean | null): { word: string; tag: string }[];
  add_word(word: string, freq?: number | null, tag?: string | null): number;
}

/** Words of the policy domain that jieba's default dictionary splits wrongly. */
const POLICY_VOCABULARY: string[] = [
  '互联网+',
  '众创空间',
  '双创',
  '放管服',
  '一网通办',
  '最多跑一次',
  '放管服改革',
  '营商环境',
  '牵头单位',
  '责任单位',
  '配合单位',
  '牵头部门',
  '责任部门',
  '完成时限',
  '重点任务',
  '重点行动',
  '高质量发展',
  '数字经济',
  '数字政府',
  '智能制造',
  '工业互联网',
  '大数据',
  '云计算',
  '物联网',
  '人工智能',
  '区块链',
  '新型基础设施',
  '新基建',
  '乡村振兴',
  '共同富裕',
  '碳达峰',
  '碳中和',
  '普惠金融',
  '电子商务',
  '跨境电商',
  '协同制造',
  '智慧能源',
  '高效物流',
  '益民服务',
  '信息进村入户',
  '分布式能源',
  '能源互联网',
  '双引擎',
  '新常态',
  '供给侧结构性改革',
  '专精特新',
  '小微企业',
  '中小企业',
  '民营企业',
  '国有企业',
  '事中事后监管',
  '信用体系',
];

/** Generic policy verbs and fillers: frequent in every measure, never a key term. */
const STOP = new Set(
  (
    '推进 推动 加强 加快 提升 提高 促进 支持 鼓励 完善 建立 建设 健全 实现 开展 实施 积极 进一步 有关 相关 ' +
    '工作 方面 领域 各类 重点 主要 全面 深入 不断 充分 发挥 作用 形成 引导 着力 大力 有效 切实 努力 做好 ' +
    '落实 负责 牵头 部门 单位 责任 配合 参与 按照 要求 规定 通知 意见 办法 方案 我国 国家 地方 各地 各级 ' +
    '水平 能力 体系 机制 服务 发展 创新 基础 模式 利用 提供 构建 探索 增强 优化 培育 打造 强化 鼓励 ' +
    '一批 一些 以及 通过 基于 其他 新型 以上 以下 年底 年度 期间 同时 继续 逐步 下同 列第 一位 者 为'
  ).split(/\s+/),
);

const KEEP_TAG = /^(n|nr|ns|nt|nz|nrt|vn|l|eng|an|j)$/;

export interface Segmenter {
  /** Words as jieba cuts them, with the policy dictionary. */
  cut(text: string): string[];
  /** Top-n key terms of a text (TextRank over nouns, verbal nouns, idioms). */
  keyTerms(text: string, n?: number): string[];
  /** Tokens for a search index: jieba search-mode tokens, lower-cased, de-duplicated, punctuation dropped. */
  searchTokens(text: string): string[];
  /**
   * Fill `keyTerms` of every measure of a model in place (tags the content once). `text` is the
   * text model's text, or a slice of it starting at `textOffset` that covers `model.range`.
   */
  addKeyTerms(model: PolicyModel, text: string, n?: number, textOffset?: number): PolicyModel;
  /** Add words to the user dictionary (unit names from the gazetteer, terms of the user). */
  addWords(words: Iterable<string>, tag?: string): void;
}

const PUNCT = /^[\s\p{P}\p{S}\d]+$/u;

export function createSegmenter(api: JiebaApi, opts: { extraWords?: Iterable<string>; unitWords?: Iterable<string> } = {}): Segmenter {
  const units = new Set<string>();
  const add = (w: string, tag?: string) => {
    const word = w.trim();
    if (word.length < 2) return;
    api.add_word(word, 100000, tag ?? null);
  };
  for (const w of POLICY_VOCABULARY) add(w, 'nz');
  for (const w of opts.extraWords ?? []) add(w, 'nz');
  for (const w of opts.unitWords ?? []) {
    units.add(w);
    add(w, 'nt');
  }

  const isCandidate = (word: string, tag: string) => word.length >= 2 && KEEP_TAG.test(tag) && !STOP.has(word) && !units.has(word) && !PUNCT.test(word);

  function rank(words: { word: string; tag: string }[], n: number): string[] {
    const seq: string[] = [];
    for (const w of words) if (isCandidate(w.word, w.tag)) seq.push(w.word);
    if (seq.length === 0) return [];
    // TextRank: undirected co-occurrence graph, window 5, damping 0.85.
    const index = new Map<string, number>();
    for (const w of seq) if (!index.has(w)) index.set(w, index.size);
    const size = index.size;
    const edges: Map<number, number>[] = Array.from({ length: size }, () => new Map());
    const ids = seq.map((w) => index.get(w)!);
    const WINDOW = 5;
    for (let i = 0; i < ids.length; i++) {
      for (let j = i + 1; j < Math.min(ids.length, i + WINDOW); j++) {
        const a = ids[i]!,
          b = ids[j]!;
        if (a === b) continue;
        edges[a]!.set(b, (edges[a]!.get(b) ?? 0) + 1);
        edges[b]!.set(a, (edges[b]!.get(a) ?? 0) + 1);
      }
    }
    const outSum = edges.map((e) => {
      let s = 0;
      for (const v of e.values()) s += v;
      return s;
    });
    let score = new Float64Array(size).fill(1);
    for (let iter = 0; iter < 20; iter++) {
      const next = new Float64Array(size).fill(0.15);
      for (let a = 0; a < size; a++) {
        if (outSum[a] === 0) continue;
        const share = (0.85 * score[a]!) / outSum[a]!;
        for (const [b, w] of edges[a]!) next[b]! += share * w;
      }
      score = next;
    }
    // Longer, rarer terms read better as key terms: a mild length bonus breaks ties.
    const ranked = [...index.entries()]
      .map(([w, i]) => ({ w, s: score[i]! * (1 + Math.min(w.length, 6) * 0.05) }))
      .sort((x, y) => y.s - x.s || (x.w < y.w ? -1 : 1));
    return ranked.slice(0, n).map((r) => r.w);
  }

  return {
    cut: (text) => api.cut(text, true),
    keyTerms(text, n = 5) {
      return rank(api.tag(text, true), n);
    },
    searchTokens(text) {
      const out = new Set<string>();
      for (const t of api.cut_for_search(text.toLowerCase(), true)) {
        const w = t.trim();
        if (!w || PUNCT.test(w)) continue;
        out.add(w);
      }
      return [...out];
    },
    addKeyTerms(model, text, n = 5, textOffset = 0) {
      if (model.measures.length === 0) return model;
      const [from, to] = model.range ?? [textOffset, textOffset + text.length];
      const tagged = api.tag(text.slice(from - textOffset, to - textOffset), true);
      // Offsets of each tagged word (jieba's words concatenate back to its input).
      const starts = new Uint32Array(tagged.length);
      let pos = from;
      for (let i = 0; i < tagged.length; i++) {
        starts[i] = pos;
        pos += tagged[i]!.word.length;
      }
      const lowerBound = (x: number) => {
        let lo = 0,
          hi = tagged.length;
        while (lo < hi) {
          const mid = (lo + hi) >> 1;
          if (starts[mid]! < x) lo = mid + 1;
          else hi = mid;
        }
        return lo;
      };
      for (const m of model.measures) {
        const a = lowerBound(m.start);
        const b = lowerBound(m.end);
        m.keyTerms = rank(tagged.slice(a, b), n);
      }
      return model;
    },
    addWords(words, tag = 'nz') {
      for (const w of words) {
        if (tag === 'nt') units.add(w);
        add(w, tag);
      }
    },
  };
}
