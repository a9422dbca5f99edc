/**
 * The five highlight colours as the in-page toolbar and the note editor show them: swatch CSS
 * and the catalog key of each colour's name. (Which colours exist is lib/annotations/types.)
 */
import type { HighlightColor } from '../../lib/annotations/types';
import type { MessageKey } from '../../lib/i18n';

export const SWATCHES: { color: HighlightColor; name: MessageKey; css: string }[] = [
  { color: 'yellow', name: 'pgColorYellow', css: '#ffe94d' },
  { color: 'green', name: 'pgColorGreen', css: '#a5e86b' },
  { color: 'blue', name: 'pgColorBlue', css: '#7fd3ff' },
  { color: 'pink', name: 'pgColorPink', css: '#ff9ec4' },
  { color: 'purple', name: 'pgColorPurple', css: '#c9a8ff' },
];

/** Tags as typed: split at commas (both widths), 、, semicolons, spaces and #; unique; at most 20. */
export function parseTags(input: string): string[] {
  return [
    ...new Set(
      input
        .split(/[,，、;；\s#]+/)
        .map((t) => t.trim())
        .filter(Boolean),
    ),
  ].slice(0, 20);
}
