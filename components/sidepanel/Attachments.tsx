/**
 * The page's attachments (附件 · N — 用 Policy Lens 打开): its PDF and Word links, each opened in the
 * viewer, which fetches that one file (the host's permission asked in the click when the
 * extension has none). Formats the viewer does not read are listed, and say so when opened there.
 */
import { useState } from 'preact/hooks';
import type { Attachment } from '../../lib/page/attachments';
import { useT } from '../common/i18n';

export function Attachments({ list, open }: { list: Attachment[]; open: (url: string) => Promise<string | null> }) {
  const t = useT();
  const [message, setMessage] = useState<string | null>(null);
  if (!list.length) return null;
  return (
    <section class="pl-attachments" aria-label={t('attTitle', list.length)}>
      <h2>{t('attTitle', list.length)}</h2>
      <ul>
        {list.map((a) => (
          <li key={a.url} data-url={a.url}>
            <span lang="zh-CN">{a.text}</span> <span class="pl-muted">.{a.kind}</span>{' '}
            <button type="button" class="pl-linkbtn" data-action="open-attachment" onClick={() => void open(a.url).then(setMessage)}>
              {t('attOpen')}
            </button>
          </li>
        ))}
      </ul>
      {message && (
        <p role="alert" class="pl-error">
          {message}
        </p>
      )}
    </section>
  );
}
