import { useState } from 'preact/hooks';
import { describeError } from '../../lib/store/errors';
import type { NearMatch } from '../../lib/protocol';
import { useT } from '../common/i18n';
import { DOC_LANG } from './Header';
import type { PanelActions, PanelDoc } from './types';

/**
 * What the panel says about the stored record of this page: a kept document that looks the same
 * (offered to link, never merged by itself) and "forget this document" with a confirmation.
 */
export function Keeping({ doc, actions }: { doc: PanelDoc; actions: Pick<PanelActions, 'linkDocument' | 'forgetDocument' | 'keepDocument' | 'openLibrary'> }) {
  const t = useT();
  const [dismissed, setDismissed] = useState<string[]>([]);
  const [confirming, setConfirming] = useState(false);
  const [message, setMessage] = useState<{ kind: 'ok' | 'error'; text: string } | null>(null);
  // Only for a page that keeps nothing yet: linking a kept page to another would be a merge.
  const offers = doc.docId ? [] : doc.near.filter((n) => !dismissed.includes(n.id));
  const run = async (f: () => unknown, ok: string) => {
    try {
      await f();
      setMessage({ kind: 'ok', text: ok });
    } catch (e) {
      setMessage({ kind: 'error', text: t('actionFailed', describeError(e, t)) });
    }
  };
  const offer = (n: NearMatch) => (
    <div class="pl-near" role="group" key={n.id}>
      <p>
        <span lang={DOC_LANG}>{t('docNearMatch', n.title, n.docNumber ? t('docNearMatchNumber', n.docNumber) : '', n.site)}</span>
      </p>
      <p class="pl-muted">{t('docNearMatchLinkHint')}</p>
      <div class="pl-row">
        {actions.linkDocument && (
          <button type="button" class="pl-primary" onClick={() => void run(() => actions.linkDocument!(n.id), t('docLinked', n.title))}>
            {t('docNearMatchLink')}
          </button>
        )}
        <button type="button" onClick={() => setDismissed([...dismissed, n.id])}>
          {t('docNearMatchDismiss')}
        </button>
      </div>
    </div>
  );
  if (!offers.length && !doc.docId && !message && !actions.keepDocument) return null;
  return (
    <section class="pl-keeping" aria-label={t('docForget')}>
      {offers.slice(0, 1).map(offer)}
      <div class="pl-row">
        {!doc.docId && actions.keepDocument && (
          <button type="button" class="pl-primary" data-action="keep" onClick={() => void run(() => actions.keepDocument!(), t('libKept'))}>
            {t('libKeep')}
          </button>
        )}
        {doc.docId && <span class="pl-muted">{t('libKept')}</span>}
        {actions.openLibrary && (
          <button type="button" class="pl-linkbtn" data-action="library" onClick={() => actions.openLibrary!()}>
            {t('libOpen')}
          </button>
        )}
      </div>
      {doc.docId && actions.forgetDocument && !confirming && (
        <button type="button" class="pl-linkbtn pl-danger" onClick={() => setConfirming(true)}>
          {t('docForget')}
        </button>
      )}
      {confirming && (
        <div class="pl-confirm" role="alertdialog" aria-label={t('docForget')}>
          <p>{t('docForgetConfirm')}</p>
          <div class="pl-row">
            <button
              type="button"
              class="pl-danger"
              onClick={() => {
                setConfirming(false);
                void run(() => actions.forgetDocument!(), t('docForgotten'));
              }}
            >
              {t('docForgetYes')}
            </button>
            <button type="button" onClick={() => setConfirming(false)}>
              {t('docForgetNo')}
            </button>
          </div>
        </div>
      )}
      {message && (
        <p class={message.kind === 'error' ? 'pl-error' : 'pl-muted'} role={message.kind === 'error' ? 'alert' : 'status'}>
          {message.text}
        </p>
      )}
    </section>
  );
}
