import { indexedDB, IDBKeyRange } from 'fake-indexeddb';
import type { Annotation } from '../../../lib/annotations/types';
import { openPolicyLensDb, type OpenOptions, type PolicyLensDb } from '../../../lib/store';

/** A tiny max-match tokenizer standing in for jieba's searchTokens. */
const WORDS = [
  '互联网',
  '互联网+',
  '数据',
  '共享',
  '开放',
  '政府',
  '公共',
  '信息',
  '平台',
  '工业',
  '信息化',
  '发展改革委',
  '科技部',
  '牵头',
  '部门',
  '创新',
  '创业',
  '电子商务',
  '物流',
  '智能',
  '制造',
  '普惠',
  '金融',
  '网络',
  '安全',
  '试点',
  '示范',
  '完善',
  '推进',
  '推动',
  '建设',
  '标准',
];
const DICT = new Set(WORDS);
const MAX = Math.max(...WORDS.map((w) => w.length));

export function dictTokenizer(text: string): string[] {
  const out: string[] = [];
  const chars = [...text];
  let i = 0;
  while (i < chars.length) {
    let matched = '';
    for (let n = Math.min(MAX, chars.length - i); n >= 2; n--) {
      const w = chars.slice(i, i + n).join('');
      if (DICT.has(w)) {
        matched = w;
        break;
      }
    }
    if (matched) {
      out.push(matched);
      i += [...matched].length;
    } else {
      if (/[\p{L}\p{N}]/u.test(chars[i]!)) out.push(chars[i]!);
      i++;
    }
  }
  return out;
}

let counter = 0;
export function uniqueName(prefix = 'pl-test'): string {
  counter++;
  return `${prefix}-${Date.now()}-${counter}-${Math.random().toString(36).slice(2, 8)}`;
}

export function clock(start = '2026-03-01T08:00:00.000Z', stepMs = 1000): () => string {
  let t = Date.parse(start);
  return () => {
    const s = new Date(t).toISOString();
    t += stepMs;
    return s;
  };
}

export async function openTestDb(opts: OpenOptions = {}, name = uniqueName()): Promise<PolicyLensDb> {
  return openPolicyLensDb(name, {
    indexedDB,
    IDBKeyRange,
    tokenize: dictTokenizer,
    now: clock(),
    retry: { sleep: async () => {} },
    ...opts,
  });
}

export const SOURCE = 'https://www.gov.cn/zhengce/content/2015-07/04/content_10002.htm';

export function ann(partial: Partial<Annotation> & { id: string; exact: string; start: number }): Annotation {
  const { exact, start, ...rest } = partial;
  return {
    docId: 'doc-fp1',
    target: {
      source: SOURCE,
      quote: { type: 'TextQuoteSelector', exact, prefix: '', suffix: '' },
      position: { type: 'TextPositionSelector', start, end: start + exact.length },
      measureId: null,
      measurePath: null,
    },
    color: 'yellow',
    note: '',
    tags: [],
    created: '',
    modified: '',
    ...rest,
  };
}
