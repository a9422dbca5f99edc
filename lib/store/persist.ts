/** Wrapper for navigator.storage.persist(): asks the browser not to evict our IndexedDB data. */

export interface NavigatorLike {
  storage?: {
    persist?: () => Promise<boolean>;
    persisted?: () => Promise<boolean>;
    estimate?: () => Promise<{ usage?: number; quota?: number }>;
  };
}

export interface PersistenceResult {
  /** The API exists in this context. */
  supported: boolean;
  /** Storage is (now) persistent. */
  persisted: boolean;
  /** It was already persistent before asking. */
  already: boolean;
  usage?: number;
  quota?: number;
  /** Why the request failed, when it threw. */
  error?: string;
}

export async function requestPersistence(nav: NavigatorLike | undefined): Promise<PersistenceResult> {
  const manager = nav?.storage;
  if (!manager || typeof manager.persist !== 'function') return { supported: false, persisted: false, already: false };
  const result: PersistenceResult = { supported: true, persisted: false, already: false };
  try {
    if (typeof manager.persisted === 'function') result.already = await manager.persisted();
    result.persisted = result.already || (await manager.persist());
  } catch (e) {
    result.error = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
  }
  try {
    if (typeof manager.estimate === 'function') {
      const est = await manager.estimate();
      result.usage = est.usage;
      result.quota = est.quota;
    }
  } catch {
    // estimate is informational only
  }
  return result;
}
