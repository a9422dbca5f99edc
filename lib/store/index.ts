export * from './db';
export * from './errors';
export * from './tokens';
export * from './repo';
export * from './documents';
export * from './persist';
