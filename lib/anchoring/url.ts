/**
 * canonicalUrl: the URL a document is stored under — no fragment, no tracking parameters,
 * lowercase host (and, via WHATWG URL parsing, default port dropped, scheme lowercased).
 * The order of the remaining query parameters is kept: some CMSs give it meaning.
 */

/** Parameter names removed exactly (compared lowercase). */
const TRACKING_PARAMS = new Set([
  'spm',
  'spm_id_from',
  'from',
  'fbclid',
  'gclid',
  'dclid',
  'yclid',
  'msclkid',
  'mc_cid',
  'mc_eid',
  '_hsenc',
  '_hsmkt',
  'igshid',
  'wfr',
  'scene', // WeChat share scene
  'chksm', // WeChat share checksum (the article is identified by __biz/mid/idx/sn)
  'isappinstalled',
  'share_token',
  'clicktime',
  'enterid',
  'vd_source',
]);
/** Parameter name prefixes removed (utm_source, utm_medium, ..., sharer_shareid, ...). */
const TRACKING_PREFIXES = ['utm_', 'sharer_', 'pk_'];

function isTrackingParam(name: string): boolean {
  const n = name.toLowerCase();
  return TRACKING_PARAMS.has(n) || TRACKING_PREFIXES.some((p) => n.startsWith(p));
}

export function canonicalUrl(url: string): string {
  if (typeof url !== 'string') throw new TypeError('canonicalUrl: url must be a string');
  let u: URL;
  try {
    u = new URL(url.trim());
  } catch {
    throw new TypeError(`canonicalUrl: not an absolute URL: "${url.slice(0, 200)}"`);
  }
  u.hash = '';
  u.hostname = u.hostname.toLowerCase();
  const kept = [...u.searchParams].filter(([name]) => !isTrackingParam(name));
  if (kept.length !== [...u.searchParams].length) {
    u.search = kept.length ? new URLSearchParams(kept).toString() : '';
  }
  let out = u.toString();
  if (out.endsWith('?')) out = out.slice(0, -1);
  return out;
}
