export { describe, DEFAULT_CONTEXT_LENGTH, type DescribeOptions, type DescribedTarget } from './describe';
export {
  anchor,
  anchorAll,
  anchorPrepared,
  maxErrorsFor,
  orphanReason,
  orphanReasonKey,
  parseOrphanReason,
  ORPHAN_CODES,
  type AnchorAllOptions,
  type AnchorOptions,
  type AnchorTargetInput,
  type OrphanCode,
} from './anchor';
export { prepare, type PreparedText } from './normalize';
export {
  fingerprint,
  contentHash,
  documentFingerprints,
  MIN_FINGERPRINT_CHARS,
  NEAR_MATCH_DISTANCE,
  type DocumentFingerprints,
  normalizeForFingerprint,
  similarity,
  hammingDistance,
  SAME_DOCUMENT_SIMILARITY,
} from './fingerprint';
export { canonicalUrl, isTrackingParam } from './url';
