/** Entry for the extension's side panel page: styles + the app + its contract. */
import './styles.css';
export { SidePanelApp } from './SidePanelApp';
export * from './types';
export { I18nProvider } from '../common/i18n';
