import { render } from '@testing-library/preact';
import { vi } from 'vitest';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { SidePanelApp } from '../../../components/sidepanel/SidePanelApp';
import { I18nProvider } from '../../../components/common/i18n';
import { catalogGetMessage, createT, type Catalog, type T } from '../../../lib/i18n';
import type { PanelActions, PanelState, ReadyState, SearchResult } from '../../../components/sidepanel/types';
import { DEFAULT_HIGHLIGHT_SETTINGS } from '../../../components/sidepanel/types';
import type { BuiltModel } from '../../fixtures/model/generate';

export function loadT(locale: 'zh_CN' | 'en'): T {
  const json = JSON.parse(readFileSync(resolve(__dirname, `../../../public/_locales/${locale}/messages.json`), 'utf8')) as Catalog;
  return createT(catalogGetMessage(json));
}

export function mockActions() {
  return {
    scrollToMeasure: vi.fn(),
    analyzeAnyway: vi.fn(),
    setHighlightSetting: vi.fn(),
    setMeasureStatus: vi.fn(),
    setMeasureNote: vi.fn(),
    openAnnotation: vi.fn(),
    deleteAnnotation: vi.fn(),
    undoDelete: vi.fn(),
    exportFile: vi.fn(),
    importFile: vi.fn(),
    searchAll: vi.fn(async (_query: string): Promise<SearchResult[]> => []),
    reattachOrphan: vi.fn(),
  } satisfies PanelActions;
}

export function readyState(built: BuiltModel, over: Partial<ReadyState> = {}): ReadyState {
  return {
    kind: 'ready',
    model: built.model,
    url: 'https://www.gov.cn/zhengce/content/2015-07/04/content_10002.htm',
    today: '2020-01-01',
    annotations: [],
    measureNotes: [],
    orphans: [],
    settings: { ...DEFAULT_HIGHLIGHT_SETTINGS },
    currentMeasureId: null,
    ...over,
  };
}

export function renderPanel(state: PanelState, actions: PanelActions = mockActions(), locale: 'zh_CN' | 'en' = 'zh_CN') {
  const t = loadT(locale);
  const utils = render(
    <I18nProvider t={t}>
      <SidePanelApp state={state} actions={actions} />
    </I18nProvider>,
  );
  return { ...utils, actions, t };
}
