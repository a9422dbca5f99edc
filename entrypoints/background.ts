import { defineBackground } from 'wxt/utils/define-background';

export default defineBackground(() => {
  // wired in lib/bg (see entrypoints/background wiring commit)
});
