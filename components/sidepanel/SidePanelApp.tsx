import { useCallback, useMemo, useState } from 'preact/hooks';
import type { MeasureNote, MeasureStatus } from '../../lib/annotations/types';
import { EMPTY_FILTER, filterMeasures, type FilterSpec } from '../../lib/view/filter';
import { buildViewIndex } from '../../lib/view/model-index';
import type { MessageKey } from '../../lib/i18n';
import { useT } from '../common/i18n';
import { AnnotationsView } from './Annotations';
import { Filters } from './Filters';
import { Header, Reasons } from './Header';
import { Keeping } from './Keeping';
import { Attachments } from './Attachments';
import { Legend } from './Legend';
import { Matrix } from './Matrix';
import { Outline } from './Outline';
import { AddCurrentHost, HostSettings } from './Settings';
import { Tabs } from './Tabs';
import { Timeline } from './Timeline';
import type { PanelActions, PanelState, ReadyState } from './types';
import { DOC_LANG } from './Header';

type PanelTab = 'outline' | 'matrix' | 'timeline' | 'annotations' | 'legend';

/**
 * The side panel. Props-driven: `state` comes from the lead's wiring, `actions` go back to it.
 * Strings come from the I18nContext (Chinese catalog by default). Styles: import
 * components/sidepanel/index.ts (which imports styles.css) rather than this file in the extension.
 */
export function SidePanelApp({ state, actions }: { state: PanelState; actions: PanelActions }) {
  const t = useT();
  switch (state.kind) {
    case 'loading':
      return (
        <main class="pl-app pl-state" lang={t('uiLang')}>
          <p role="status" class="pl-loading">
            {t('stateLoading')}
          </p>
        </main>
      );
    case 'empty':
      return (
        <main class="pl-app pl-state" lang={t('uiLang')} data-testid="state-empty">
          <h1 class="pl-h1">{t('stateEmptyTitle')}</h1>
          <p>{state.message}</p>
        </main>
      );
    case 'restricted':
      return (
        <main class="pl-app pl-state" lang={t('uiLang')}>
          <h1 class="pl-h1">{t('stateRestrictedTitle')}</h1>
          <p>{t('stateRestrictedBody')}</p>
          <p class="pl-url">{state.url}</p>
        </main>
      );
    case 'no-content-script':
      return (
        <main class="pl-app pl-state" lang={t('uiLang')}>
          <h1 class="pl-h1">{t('stateNoScriptTitle')}</h1>
          <p>{t('stateNoScriptBody')}</p>
          <p class="pl-url">{state.url}</p>
          <button type="button" class="pl-primary" onClick={() => actions.analyzeAnyway()}>
            {t('stateNoScriptButton')}
          </button>
          {actions.addAutoHost && <AddCurrentHost url={state.url} autoHosts={state.autoHosts ?? []} onAdd={(p) => actions.addAutoHost!(p)} />}
        </main>
      );
    case 'error':
      return (
        <main class="pl-app pl-state" lang={t('uiLang')}>
          <h1 class="pl-h1">{t('stateErrorTitle')}</h1>
          <p role="alert" class="pl-error">
            {state.message}
          </p>
          <button type="button" onClick={() => actions.analyzeAnyway()}>
            {t('retry')}
          </button>
        </main>
      );
    case 'not-policy':
      return (
        <main class="pl-app pl-state" lang={t('uiLang')}>
          <h1 class="pl-h1">{t('stateNotPolicyTitle')}</h1>
          {state.model.meta.title && (
            <p class="pl-doc-title" lang={DOC_LANG}>
              {state.model.meta.title}
            </p>
          )}
          <p>{t('stateNotPolicyBody', Math.round(state.model.detection.score * 100))}</p>
          <Reasons reasons={state.model.detection.reasons} />
          <p class="pl-url">{state.url}</p>
          <button type="button" class="pl-primary" onClick={() => actions.analyzeAnyway()}>
            {t('analyzeAnyway')}
          </button>
        </main>
      );
    case 'ready':
      return <ReadyPanel state={state} actions={actions} />;
  }
}

const TABS: { id: PanelTab; label: MessageKey }[] = [
  { id: 'outline', label: 'tabOutline' },
  { id: 'matrix', label: 'tabMatrix' },
  { id: 'timeline', label: 'tabTimeline' },
  { id: 'annotations', label: 'tabAnnotations' },
  { id: 'legend', label: 'tabLegend' },
];

function ReadyPanel({ state, actions }: { state: ReadyState; actions: PanelActions }) {
  const t = useT();
  const [tab, setTab] = useState<PanelTab>('outline');
  const [spec, setSpec] = useState<FilterSpec>(EMPTY_FILTER);
  const index = useMemo(() => buildViewIndex(state.model), [state.model]);
  const notes = useMemo(() => new Map<string, MeasureNote>(state.measureNotes.map((n) => [n.measureId, n])), [state.measureNotes]);
  const statuses = useMemo(() => new Map<string, MeasureStatus | null>(state.measureNotes.map((n) => [n.measureId, n.status])), [state.measureNotes]);
  const filter = useMemo(
    () => filterMeasures(index, spec, { today: state.today, measureTexts: state.measureTexts, statuses }),
    [index, spec, state.today, state.measureTexts, statuses],
  );
  const filterByUnit = useCallback((unit: string) => {
    setSpec({ ...EMPTY_FILTER, unit, unitRole: 'any' });
    setTab('outline');
  }, []);
  const annotationCount = state.annotations.filter((a) => !a.deleted).length + state.orphans.length;

  return (
    <main class="pl-app" lang={t('uiLang')}>
      <Header model={state.model} />
      {state.doc && <Keeping doc={state.doc} actions={actions} />}
      {state.attachments && actions.openAttachment && <Attachments list={state.attachments} open={actions.openAttachment} />}
      <Tabs
        label={t('tabsLabel')}
        tabs={TABS.map((x) => ({
          id: x.id,
          label: x.id === 'annotations' && annotationCount ? `${t(x.label)} ${annotationCount}` : t(x.label),
        }))}
        selected={tab}
        onSelect={setTab}
      >
        {tab === 'outline' && (
          <>
            <Filters index={index} spec={spec} onChange={setSpec} result={filter} />
            <Outline index={index} filter={filter} today={state.today} currentMeasureId={state.currentMeasureId} notes={notes} actions={actions} />
          </>
        )}
        {tab === 'matrix' && <Matrix index={index} onCell={(id) => actions.scrollToMeasure(id)} onUnit={filterByUnit} />}
        {tab === 'timeline' && <Timeline index={index} today={state.today} onItem={(id) => actions.scrollToMeasure(id)} />}
        {tab === 'annotations' && (
          <AnnotationsView
            index={index}
            annotations={state.annotations}
            orphans={state.orphans}
            measureNotes={state.measureNotes}
            deletedInPage={state.deletedInPage ?? null}
            actions={actions}
          />
        )}
        {tab === 'legend' && (
          <>
            <Legend settings={state.settings} onToggle={(c, on) => actions.setHighlightSetting(c, on)} />
            {state.settings.autoHosts && actions.addAutoHost && actions.removeAutoHost && (
              <HostSettings
                autoHosts={state.settings.autoHosts}
                currentUrl={state.url}
                onAdd={(p) => actions.addAutoHost!(p)}
                onRemove={(p) => actions.removeAutoHost!(p)}
                openPdfLinks={state.settings.openPdfLinks}
                {...(actions.setOpenPdfLinks ? { onOpenPdfLinks: (on: boolean) => actions.setOpenPdfLinks!(on) } : {})}
              />
            )}
          </>
        )}
      </Tabs>
    </main>
  );
}
