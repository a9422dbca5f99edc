export { rangeFromOffsets, staticRangeFromOffsets, boundsFromOffsets, offsetsFromRange, offsetAtPoint, offsetFromPoint, pointAtOrAfter } from './ranges';
export {
  createPainter, userCategory, highlightCss, detectTheme, CATEGORIES, PRIORITY,
  type Painter, type Category, type Span, type Hit, type PainterStatus, type PaintResult, type Theme,
} from './painter';
export { createCardHost, placeCard, CARD_CSS, type CardHost, type CardContent, type RectLike, type ShowOptions } from './card-host';
