/**
 * Colours and underline styles of the page highlights, shared by the page painter
 * (lib/highlight, CSS Custom Highlight API `::highlight(name)`) and the side panel legend, so the
 * legend shows exactly what the page shows. Only properties allowed in ::highlight are used
 * (background-color, color, text-decoration-*).
 *
 * Highlight names (the painter registers `CSS.highlights.set(name, …)` under these):
 *   pl-area           重点行动 (action area heading)
 *   pl-lead           牵头单位
 *   pl-co             责任单位 / 参与单位
 *   pl-deadline       完成时限 (upcoming, recurring, undated)
 *   pl-deadline-past  完成时限 already past relative to today
 *
 * Light variants are meant for ordinary (light) pages; dark variants for dark pages/panels.
 * Colours were chosen for ≥ 4.5:1 text contrast on #fff (light) and #1e1e1e (dark) with the tint.
 */

export const HIGHLIGHT_NAMES = ['pl-area', 'pl-lead', 'pl-co', 'pl-deadline', 'pl-deadline-past'] as const;
export type HighlightName = (typeof HIGHLIGHT_NAMES)[number];

export interface HighlightStyle {
  backgroundColor: string;
  /** Text colour; omitted = keep the page's text colour. */
  color?: string;
  textDecorationLine: 'underline' | 'none';
  textDecorationStyle?: 'solid' | 'double' | 'dotted' | 'dashed' | 'wavy';
  textDecorationColor?: string;
  textDecorationThickness?: string;
}

export interface SchemeStyles {
  light: HighlightStyle;
  dark: HighlightStyle;
}

export const HIGHLIGHT_PALETTE: Record<HighlightName, SchemeStyles> = {
  'pl-area': {
    light: { backgroundColor: 'rgba(30, 136, 229, 0.16)', textDecorationLine: 'none' },
    dark: { backgroundColor: 'rgba(100, 181, 246, 0.26)', textDecorationLine: 'none' },
  },
  'pl-lead': {
    light: {
      backgroundColor: 'rgba(198, 40, 40, 0.10)',
      textDecorationLine: 'underline',
      textDecorationStyle: 'solid',
      textDecorationColor: '#c62828',
      textDecorationThickness: '3px',
    },
    dark: {
      backgroundColor: 'rgba(255, 138, 128, 0.18)',
      textDecorationLine: 'underline',
      textDecorationStyle: 'solid',
      textDecorationColor: '#ff8a80',
      textDecorationThickness: '3px',
    },
  },
  'pl-co': {
    light: {
      backgroundColor: 'transparent',
      textDecorationLine: 'underline',
      textDecorationStyle: 'dashed',
      textDecorationColor: '#8e24aa',
      textDecorationThickness: '2px',
    },
    dark: {
      backgroundColor: 'transparent',
      textDecorationLine: 'underline',
      textDecorationStyle: 'dashed',
      textDecorationColor: '#ce93d8',
      textDecorationThickness: '2px',
    },
  },
  'pl-deadline': {
    light: {
      backgroundColor: 'rgba(46, 125, 50, 0.14)',
      textDecorationLine: 'underline',
      textDecorationStyle: 'double',
      textDecorationColor: '#2e7d32',
      textDecorationThickness: '1px',
    },
    dark: {
      backgroundColor: 'rgba(129, 199, 132, 0.22)',
      textDecorationLine: 'underline',
      textDecorationStyle: 'double',
      textDecorationColor: '#81c784',
      textDecorationThickness: '1px',
    },
  },
  'pl-deadline-past': {
    light: {
      backgroundColor: 'rgba(117, 117, 117, 0.16)',
      color: '#5f5f5f',
      textDecorationLine: 'underline',
      textDecorationStyle: 'dotted',
      textDecorationColor: '#757575',
      textDecorationThickness: '2px',
    },
    dark: {
      backgroundColor: 'rgba(189, 189, 189, 0.18)',
      color: '#bdbdbd',
      textDecorationLine: 'underline',
      textDecorationStyle: 'dotted',
      textDecorationColor: '#bdbdbd',
      textDecorationThickness: '2px',
    },
  },
};

/** User annotation colours (HighlightColor in lib/annotations/types.ts). */
export const ANNOTATION_COLORS: Record<'yellow' | 'green' | 'blue' | 'pink' | 'purple', { light: string; dark: string }> = {
  yellow: { light: 'rgba(255, 235, 59, 0.55)', dark: 'rgba(255, 241, 118, 0.35)' },
  green: { light: 'rgba(118, 255, 3, 0.35)', dark: 'rgba(178, 255, 89, 0.28)' },
  blue: { light: 'rgba(64, 196, 255, 0.40)', dark: 'rgba(128, 216, 255, 0.30)' },
  pink: { light: 'rgba(255, 64, 129, 0.30)', dark: 'rgba(255, 128, 171, 0.30)' },
  purple: { light: 'rgba(179, 136, 255, 0.40)', dark: 'rgba(179, 136, 255, 0.32)' },
};

/** CSS declarations of one style, e.g. "background-color: …; text-decoration-line: underline; …". */
export function styleDeclarations(s: HighlightStyle): string {
  const d: string[] = [`background-color: ${s.backgroundColor}`];
  if (s.color) d.push(`color: ${s.color}`);
  d.push(`text-decoration-line: ${s.textDecorationLine}`);
  if (s.textDecorationStyle) d.push(`text-decoration-style: ${s.textDecorationStyle}`);
  if (s.textDecorationColor) d.push(`text-decoration-color: ${s.textDecorationColor}`);
  if (s.textDecorationThickness) d.push(`text-decoration-thickness: ${s.textDecorationThickness}`);
  return d.join('; ') + ';';
}

/**
 * A style sheet for all highlight names.
 *   page painter: highlightCss((n) => `::highlight(${n})`, 'light')
 *   legend:       highlightCss((n) => `.pl-sample-${n}`, 'light')
 * scheme 'auto' emits light rules plus dark ones inside @media (prefers-color-scheme: dark).
 */
export function highlightCss(selectorFor: (name: HighlightName) => string, scheme: 'light' | 'dark' | 'auto' = 'auto'): string {
  const rules = (which: 'light' | 'dark') =>
    HIGHLIGHT_NAMES.map((n) => `${selectorFor(n)} { ${styleDeclarations(HIGHLIGHT_PALETTE[n][which])} }`).join('\n');
  if (scheme !== 'auto') return rules(scheme);
  return `${rules('light')}\n@media (prefers-color-scheme: dark) {\n${rules('dark')}\n}`;
}
