/**
 * The note editor page, framed by the content script into its toolbar (a web-accessible
 * resource). Wiring only: the one-time token from the URL's fragment, the draft and the save
 * through the background (lib/background/notes), the form (components/annotate/NoteForm).
 */
import { render } from 'preact';
import { browser } from 'wxt/browser';
import { NoteForm } from '../../components/annotate/NoteForm';
import { ANNOTATE_CSS } from '../../components/annotate/SelectionToolbar';
import { extensionT } from '../../lib/i18n/extension';
import { toBackground } from '../../lib/protocol';

const t = extensionT();
const token = location.hash.slice(1);
const app = document.getElementById('app')!;
document.documentElement.lang = browser.i18n.getUILanguage();
const style = document.createElement('style');
style.textContent = `${ANNOTATE_CSS}\nhtml, body { margin: 0; background: transparent; } body { padding: 2px; }`;
document.head.append(style);

const close = () => void toBackground.sendMessage('bg:noteClose', { token }).catch(() => {});

toBackground
  .sendMessage('bg:noteDraft', { token })
  .then((draft) =>
    render(
      <NoteForm
        t={t}
        draft={draft}
        onSave={async (v) => {
          await toBackground.sendMessage('bg:noteSave', { token, ...v });
        }}
        onClose={close}
      />,
      app,
    ),
  )
  .catch(() => {
    const p = document.createElement('p');
    p.className = 'pl-error';
    p.setAttribute('role', 'alert');
    p.textContent = t('pgNoteExpired');
    app.append(p);
  });
