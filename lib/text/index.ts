export type { TextModel, TextSegment } from './types';
export { extractTextModel, textModelFromString, countCjk, type ExtractOptions } from './extract';
