/** For each document, what it cites (resolved to kept documents) and what cites it; documents linked to another kept one first. */
import { useMemo, useState } from 'preact/hooks';
import type { T } from '../../lib/i18n';
import { linkCitations } from '../../lib/library/citations';
import type { LedgerDocument } from '../../lib/library/ledger';
import { relationLabel } from '../common/relations';
import { DOCS_SHOWN, ShowAll } from './rows';

export function Citations({ docs, titles, t }: { docs: LedgerDocument[]; titles: Map<string, string>; t: T }) {
  const [allCites, setAllCites] = useState(false);
  const links = useMemo(() => linkCitations(docs.map((d) => ({ id: d.id, title: d.title, docNumber: d.docNumber, citations: d.entry.citations }))), [docs]);
  const citing = useMemo(() => {
    const linked = (id: string) => (links.citedBy.get(id)?.length ?? 0) > 0 || (links.cites.get(id) ?? []).some((c) => c.target);
    const any = docs.filter((d) => (links.cites.get(d.id)?.length ?? 0) > 0 || (links.citedBy.get(d.id)?.length ?? 0) > 0);
    return [...any.filter((d) => linked(d.id)), ...any.filter((d) => !linked(d.id))];
  }, [docs, links]);
  return (
    <>
      {citing.slice(0, allCites ? undefined : DOCS_SHOWN).map((d) => (
        <div key={d.id} class="pl-lib-cites" data-doc={d.id}>
          <h3 lang="zh-CN">{titles.get(d.id)}</h3>
          {(links.cites.get(d.id)?.length ?? 0) > 0 && (
            <>
              <p class="pl-muted">{t('libCites')}</p>
              <ul data-list="cites">
                {links.cites.get(d.id)!.map((c, i) => (
                  <li key={i} data-target={c.target ?? ''}>
                    <span class="pl-badge">{relationLabel(t, c.citation.relation)}</span>{' '}
                    <span lang="zh-CN">
                      {c.target ? titles.get(c.target) : [c.citation.title && `《${c.citation.title}》`, c.citation.docNumber].filter(Boolean).join('')}
                    </span>
                    {!c.target && <span class="pl-muted"> {t('libNotKept')}</span>}
                  </li>
                ))}
              </ul>
            </>
          )}
          {(links.citedBy.get(d.id)?.length ?? 0) > 0 && (
            <>
              <p class="pl-muted">{t('libCitedBy')}</p>
              <ul data-list="cited-by">
                {links.citedBy.get(d.id)!.map((c, i) => (
                  <li key={i} data-from={c.from}>
                    <span class="pl-badge">{relationLabel(t, c.citation.relation)}</span> <span lang="zh-CN">{titles.get(c.from)}</span>
                  </li>
                ))}
              </ul>
            </>
          )}
        </div>
      ))}
      <ShowAll shown={allCites ? citing.length : DOCS_SHOWN} total={citing.length} onShow={() => setAllCites(true)} t={t} />
    </>
  );
}
