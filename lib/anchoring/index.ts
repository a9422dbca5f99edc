export { describe, type DescribedTarget } from './describe';
export { anchor, anchorAll, maxErrorsFor, orphanReasonKey, parseOrphanReason } from './anchor';
export { fingerprint, normalizeForFingerprint, similarity, hammingDistance, SAME_DOCUMENT_SIMILARITY } from './fingerprint';
export { canonicalUrl } from './url';
