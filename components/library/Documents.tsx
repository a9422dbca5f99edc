/** The library's documents: each with its level and progress, and "remove from library" with a confirmation. */
import { useState } from 'preact/hooks';
import { DONE_STATUS, type DocumentRecord } from '../../lib/annotations/types';
import type { T } from '../../lib/i18n';
import { issuerLevel, type LedgerDocument } from '../../lib/library/ledger';
import type { TextHit } from '../../lib/library/search';
import { DOCS_SHOWN, LEVEL_KEY, ShowAll } from './rows';

/** A document's address when it is a web page's (a file opened in the viewer has none). */
const webUrl = (url: string | undefined) => (url && /^https?:/i.test(url) ? url : undefined);

/** A full-text hit in its context, the match marked (all of it text). */
function Snippet({ hit }: { hit: TextHit | undefined }) {
  if (!hit) return null;
  const [before, match, after] = hit.snippet;
  return (
    <div class="pl-lib-snippet" lang="zh-CN" data-phrase={hit.phrase}>
      {before}
      <mark>{match}</mark>
      {after}
    </div>
  );
}

export function Documents({
  docs,
  unanalysed,
  snippets,
  forget,
  t,
}: {
  docs: LedgerDocument[];
  unanalysed: DocumentRecord[];
  /** Full-text hits: the line around each document's first match. */
  snippets?: Map<string, TextHit>;
  forget(id: string): Promise<boolean>;
  t: T;
}) {
  const [allDocs, setAllDocs] = useState(false);
  const [confirming, setConfirming] = useState<string | null>(null);
  return (
    <>
      {docs.length === 0 && unanalysed.length === 0 && <p>{t('libEmpty')}</p>}
      <table class="pl-lib-docs">
        <thead>
          <tr>
            <th>{t('libColTitle')}</th>
            <th>{t('libColNumber')}</th>
            <th>{t('libColIssuer')}</th>
            <th>{t('libColLevel')}</th>
            <th>{t('libColDate')}</th>
            <th>{t('libColMeasures')}</th>
            <th>{t('libColDone')}</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {(allDocs ? docs : docs.slice(0, DOCS_SHOWN)).map((d) => {
            const statuses = Object.values(d.statuses ?? {});
            return (
              <tr key={d.id} data-doc={d.id}>
                <td>
                  <a href={webUrl(d.url)} target="_blank" rel="noopener" lang="zh-CN">
                    {d.title}
                  </a>
                  <Snippet hit={snippets?.get(d.id)} />
                </td>
                <td>{d.docNumber}</td>
                <td>{d.issuer}</td>
                <td>{t(LEVEL_KEY[issuerLevel(d.issuer ?? d.entry.meta.issuer)])}</td>
                <td>{d.date}</td>
                <td>{d.entry.measureCount}</td>
                <td>{t('libDone', statuses.filter((s) => s === DONE_STATUS).length, d.entry.measureCount)}</td>
                <td>
                  {confirming === d.id ? (
                    <>
                      <button type="button" class="pl-danger" onClick={() => void forget(d.id).then((ok) => ok && setConfirming(null))}>
                        {t('libForgetConfirm')}
                      </button>
                      <button type="button" onClick={() => setConfirming(null)}>
                        {t('libCancel')}
                      </button>
                    </>
                  ) : (
                    <button type="button" class="pl-linkbtn pl-danger" onClick={() => setConfirming(d.id)}>
                      {t('libForget')}
                    </button>
                  )}
                </td>
              </tr>
            );
          })}
          {unanalysed.map((d) => (
            <tr key={d.id} data-doc={d.id}>
              <td>
                <a href={webUrl(d.url)} target="_blank" rel="noopener" lang="zh-CN">
                  {d.title}
                </a>
              </td>
              <td>{d.docNumber}</td>
              <td>{d.issuer}</td>
              <td colSpan={5} class="pl-muted">
                {t('libNotAnalysed')}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <ShowAll shown={allDocs ? docs.length : DOCS_SHOWN} total={docs.length} onShow={() => setAllDocs(true)} t={t} />
    </>
  );
}
