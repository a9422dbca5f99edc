import type { PolicyModel } from '../../lib/analysis/types';
import { useT } from '../common/i18n';

/**
 * Language of the document's own text (titles, unit names, engine reasons) inside a panel whose
 * UI may be English: screen readers switch voice, browsers pick CJK fonts. Generic "zh": pages
 * may be simplified or traditional (big5.www.gov.cn).
 */
export const DOC_LANG = 'zh';

/** Title, 发文字号, 发文机关, 成文日期 and whether (and why) the page was recognised as a policy document. */
export function Header({ model }: { model: PolicyModel }) {
  const t = useT();
  const { meta, detection } = model;
  const pct = Math.round(detection.score * 100);
  return (
    <header class="pl-header">
      <h1 class="pl-header__title" data-testid="doc-title" lang={meta.title ? DOC_LANG : undefined}>
        {meta.title || t('untitledDocument')}
      </h1>
      <dl class="pl-meta-list">
        {meta.docNumber && (
          <div>
            <dt>{t('metaDocNumber')}</dt>
            <dd lang={DOC_LANG}>{meta.docNumber}</dd>
          </div>
        )}
        {meta.issuer && (
          <div>
            <dt>{t('metaIssuer')}</dt>
            <dd lang={DOC_LANG}>{meta.issuer}</dd>
          </div>
        )}
        {meta.date && (
          <div>
            <dt>{t('metaDate')}</dt>
            <dd>
              <time dateTime={meta.date}>{meta.date}</time>
            </dd>
          </div>
        )}
      </dl>
      <details class="pl-detection">
        <summary>
          <span class={model.isPolicy ? 'pl-badge pl-badge--ok' : 'pl-badge pl-badge--warn'}>
            {model.isPolicy ? t('recognisedPolicy') : t('notRecognisedPolicy')}
          </span>{' '}
          <span class="pl-muted">{t('detectionScore', pct)}</span>
        </summary>
        <Reasons reasons={detection.reasons} />
      </details>
    </header>
  );
}

export function Reasons({ reasons }: { reasons: string[] }) {
  const t = useT();
  if (!reasons.length) return <p class="pl-muted">{t('noReasons')}</p>;
  return (
    <ul class="pl-reasons" aria-label={t('detectionReasons')} lang={DOC_LANG}>
      {reasons.map((r, i) => (
        <li key={i}>{r}</li>
      ))}
    </ul>
  );
}
