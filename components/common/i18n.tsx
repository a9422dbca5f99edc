import { createContext, type ComponentChildren } from 'preact';
import { useContext } from 'preact/hooks';
import { catalogGetMessage, createT, type Catalog, type T } from '../../lib/i18n';
import zhCatalog from '../../public/_locales/zh_CN/messages.json';

/** Chinese strings straight from the catalog: the default when no provider is mounted. */
export const defaultT: T = createT(catalogGetMessage(zhCatalog as Catalog));

const I18nContext = createContext<T>(defaultT);

/** In the extension: <I18nProvider t={createT(browser.i18n.getMessage)}>…</I18nProvider>. */
export function I18nProvider({ t, children }: { t: T; children?: ComponentChildren }) {
  return <I18nContext.Provider value={t}>{children}</I18nContext.Provider>;
}

export function useT(): T {
  return useContext(I18nContext);
}
