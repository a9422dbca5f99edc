import { defineContentScript } from 'wxt/utils/define-content-script';

export default defineContentScript({
  matches: ['*://*.gov.cn/*', '*://gov.cn/*'],
  runAt: 'document_idle',
  main() {},
});
