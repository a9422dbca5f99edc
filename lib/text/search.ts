/**
 * How search compares text: the one home of search normalisation.
 *
 * Two functions, because one of them is persisted:
 * - `searchToken` makes the keys of the store's word index (the `*tokens` multiEntry index of
 *   IndexedDB) and of the query tokens looked up in it. Its keys are stored with every
 *   annotation, so changing it would leave the records already stored under the old keys until
 *   each one is tokenized again: it stays NFKC (full-width → half-width), lower case, no
 *   whitespace.
 * - `searchKey` is for comparing two texts normalised at the same moment (the side panel's
 *   filter over the outline, the store's substring scan of notes and quotes): nothing of it is
 *   stored, so it can fold more. On top of `searchToken` it reads the OCR slip 互联网十 as
 *   互联网+ (as the analysis does) and treats every double-quote form as '"', because quotes
 *   come from the page in whatever form the page used.
 */

/** Key of the persisted word index: NFKC, lower case, no whitespace. */
export function searchToken(s: string): string {
  return s.normalize('NFKC').toLowerCase().replace(/\s+/gu, '');
}

/** Key for comparing texts now: searchToken, 互联网十 → 互联网+, double quotes of any form → '"'. */
export function searchKey(s: string): string {
  return searchToken(s)
    .replace(/互联网十/g, '互联网+')
    .replace(/[“”"「」『』]/g, '"');
}
