/** Entry for the extension's side panel page: styles + the app + its contract. */
import './styles.css';
export { SidePanelApp, type PanelTab } from './SidePanelApp';
export * from './types';
export { I18nProvider, I18nContext, defaultT } from '../common/i18n';
