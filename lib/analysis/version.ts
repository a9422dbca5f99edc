/** The engine's version, recorded with every analysis (a module of its own: the library page compares it without loading the engine). */
export const ENGINE_VERSION = 'policy-lens-analysis/1.2.0';
