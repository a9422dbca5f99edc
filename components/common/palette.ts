/**
 * Highlight styles for the side panel, derived from the page painter so the legend shows
 * exactly what the page shows. The single source of the colours and decorations is
 * `lib/highlight/painter.ts` (PALETTE / highlightCss(theme)); this module only re-targets its
 * `::highlight(name)` rules to ordinary class selectors for samples and swatches.
 *
 * Highlight names (as registered by the painter in CSS.highlights):
 *   pl-area           重点行动            pl-lead  牵头单位          pl-co  责任单位
 *   pl-deadline       完成时限            pl-deadline-past  已过的完成时限
 *   pl-cite           引用的文件
 *   pl-user-<color>   user annotations (yellow, green, blue, pink, purple)
 */
import { highlightCss as painterCss, userCategory, type Category, type Theme } from '../../lib/highlight/painter';
import type { HighlightColor } from '../../lib/annotations/types';

/** The analysis highlight names shown in the legend, in legend order. */
export const HIGHLIGHT_NAMES = ['pl-area', 'pl-lead', 'pl-co', 'pl-deadline', 'pl-deadline-past', 'pl-cite'] as const satisfies readonly Category[];
export type HighlightName = (typeof HIGHLIGHT_NAMES)[number];

/** Class of a sample/swatch element styled like the page highlight `name`. */
export function sampleClass(name: Category): string {
  return `pl-sample-${name}`;
}

/**
 * The painter's rules for `theme` with `::highlight(pl-x)` replaced by `.pl-sample-pl-x`.
 * The samples sit in a box with the page's usual light background, so 'light' is the default.
 */
export function sampleCss(theme: Theme = 'light'): string {
  return painterCss(theme).replace(/::highlight\(([\w-]+)\)/g, (_, n: string) => `.${sampleClass(n as Category)}`);
}

/** Class for an annotation swatch in the colour the page uses for that annotation. */
export function annotationSwatchClass(color: HighlightColor): string {
  return sampleClass(userCategory(color));
}
