import type { JSX } from 'preact';
import { useMemo, useState } from 'preact/hooks';
import type { ViewIndex } from '../../lib/view/model-index';
import { buildTimeline, type TimelineItem } from '../../lib/view/timeline';
import type { MessageKey } from '../../lib/i18n';
import { useT } from '../common/i18n';
import { DOC_LANG } from './Header';

/** 时间表: upcoming and past deadlines apart, then recurring, ongoing and undated groups. */
export function Timeline(props: { index: ViewIndex; today: string; onItem: (measureId: string) => void }) {
  const t = useT();
  const tl = useMemo(() => buildTimeline(props.index, props.today), [props.index, props.today]);
  const groups: { key: keyof typeof tl; title: MessageKey }[] = [
    { key: 'upcoming', title: 'timelineUpcoming' },
    { key: 'past', title: 'timelinePast' },
    { key: 'recurring', title: 'timelineRecurring' },
    { key: 'ongoing', title: 'timelineOngoing' },
    { key: 'undated', title: 'timelineUndated' },
  ];
  const total = groups.reduce((n, g) => n + tl[g.key].length, 0);
  if (!total) return <p class="pl-empty">{t('timelineEmpty')}</p>;
  return (
    <div class="pl-timeline">
      <p class="pl-muted">{t('timelineToday', props.today)}</p>
      {groups.map((g) =>
        tl[g.key].length ? (
          <section key={g.key} class={`pl-tl-group pl-tl-group--${g.key}`} aria-labelledby={`pl-tl-${g.key}`}>
            <h2 id={`pl-tl-${g.key}`} class="pl-h2">
              {t(g.title)} <span class="pl-count">{tl[g.key].length}</span>
            </h2>
            <Paged
              items={tl[g.key]}
              render={(it, i) => <TimelineRow key={`${it.deadline.start}-${i}`} item={it} past={g.key === 'past'} onItem={props.onItem} />}
            />
          </section>
        ) : null,
      )}
    </div>
  );
}

const PAGE = 100;

/** A list that renders PAGE items at a time (large documents have hundreds of deadlines). */
function Paged({ items, render }: { items: TimelineItem[]; render: (it: TimelineItem, i: number) => JSX.Element }) {
  const t = useT();
  const [limit, setLimit] = useState(PAGE);
  return (
    <>
      <ol class="pl-tl-list">{items.slice(0, limit).map(render)}</ol>
      {items.length > limit && (
        <button type="button" class="pl-more" onClick={() => setLimit((n) => n + PAGE)}>
          {t('showMore', items.length - limit)}
        </button>
      )}
    </>
  );
}

function TimelineRow({ item, past, onItem }: { item: TimelineItem; past: boolean; onItem: (id: string) => void }) {
  const t = useT();
  const rel = item.days == null ? null : item.days === 0 ? t('dueToday') : item.days > 0 ? t('dueInDays', item.days) : t('daysAgo', -item.days);
  const body = (
    <>
      <span class={past ? 'pl-deadline is-past' : 'pl-deadline'}>{item.date ? <time dateTime={item.date}>{item.date}</time> : item.deadline.text}</span>
      {item.date && (
        <span class="pl-muted" lang={DOC_LANG}>
          {' '}
          {item.deadline.text}
        </span>
      )}
      {rel && <span class="pl-rel"> · {rel}</span>}
      <span class="pl-tl-measure" lang={item.measurePath ? DOC_LANG : undefined}>
        {item.measurePath ? `${item.measurePath} ${item.measureTitle}` : t('noMeasure')}
      </span>
      {item.lead.length > 0 && (
        <span class="pl-tl-lead">
          <span class="pl-chip pl-chip--lead">
            <span class="pl-chip__tag">{t('roleLead')}</span>
            {item.lead.join('、')}
          </span>
        </span>
      )}
    </>
  );
  return (
    <li class="pl-tl-item">
      {item.measureId ? (
        <button type="button" class="pl-tl-btn" onClick={() => onItem(item.measureId!)}>
          {body}
        </button>
      ) : (
        <div class="pl-tl-btn">{body}</div>
      )}
    </li>
  );
}
