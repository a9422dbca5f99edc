import { sampleClass, sampleCss, type HighlightName } from '../common/palette';
import type { MessageKey } from '../../lib/i18n';
import { useT } from '../common/i18n';
import type { HighlightCategory, HighlightSettings, PanelActions } from './types';

const CATEGORIES: { key: HighlightCategory; label: MessageKey; samples: { name: HighlightName; text: MessageKey }[] }[] = [
  { key: 'area', label: 'catArea', samples: [{ name: 'pl-area', text: 'sampleArea' }] },
  { key: 'lead', label: 'catLead', samples: [{ name: 'pl-lead', text: 'sampleLead' }] },
  { key: 'co', label: 'catCo', samples: [{ name: 'pl-co', text: 'sampleCo' }] },
  {
    key: 'deadline',
    label: 'catDeadline',
    samples: [
      { name: 'pl-deadline', text: 'sampleDeadline' },
      { name: 'pl-deadline-past', text: 'sampleDeadlinePast' },
    ],
  },
  { key: 'cite', label: 'catCite', samples: [{ name: 'pl-cite', text: 'sampleCite' }] },
];

/** Static CSS from the page painter's palette (no user text): samples look like the highlights on a light page. */
const SAMPLE_CSS = sampleCss('light');

export function Legend(props: { settings: HighlightSettings; onToggle: PanelActions['setHighlightSetting'] }) {
  const t = useT();
  const { settings } = props;
  return (
    <section class="pl-legend" aria-labelledby="pl-legend-h">
      <style>{SAMPLE_CSS}</style>
      <h2 id="pl-legend-h" class="pl-h2">
        {t('legendTitle')}
      </h2>
      <label class="pl-switch">
        <input type="checkbox" checked={settings.master} onChange={(e) => props.onToggle('master', (e.currentTarget as HTMLInputElement).checked)} />
        {t('highlightMaster')}
      </label>
      <ul class="pl-legend__list">
        {CATEGORIES.map((c) => (
          <li key={c.key}>
            <label class="pl-switch">
              <input
                type="checkbox"
                checked={settings[c.key]}
                disabled={!settings.master}
                onChange={(e) => props.onToggle(c.key, (e.currentTarget as HTMLInputElement).checked)}
              />
              {t(c.label)}
            </label>
            <span class="pl-sample-box">
              {c.samples.map((s) => (
                <span key={s.name} class={`pl-sample ${sampleClass(s.name)}`} data-highlight={s.name}>
                  {t(s.text)}
                </span>
              ))}
            </span>
          </li>
        ))}
      </ul>
      {!settings.master && <p class="pl-muted">{t('highlightOffHint')}</p>}
    </section>
  );
}
