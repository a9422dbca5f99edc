import { useRef, useState } from 'preact/hooks';
import { describeError } from '../../lib/store/errors';
import { checkHostPattern, hostRows, suggestHostForUrl, type HostPatternError } from '../../lib/hosts';
import type { T } from '../../lib/i18n';
import { useT } from '../common/i18n';
import type { HostActionResult } from './types';

/** The user's language for a refused pattern. */
function hostErrorText(t: T, e: HostPatternError): string {
  switch (e.code) {
    case 'empty':
      return t('hostErrEmpty');
    case 'scheme':
      return t('hostErrScheme', e.scheme);
    case 'invalid':
      return t('hostErrInvalid');
    case 'label':
      return t('hostErrLabel', e.label);
    case 'wildcard':
      return t('hostErrWildcard');
    case 'too-broad':
      return t('hostErrTooBroad', e.pattern);
    case 'duplicate':
      return t('hostErrDuplicate', e.pattern);
    case 'covered':
      return t('hostErrCovered', e.pattern, e.by);
    case 'too-many':
      return t('hostErrTooMany', e.max);
  }
}

type Msg = { kind: 'ok' | 'error' | 'busy'; text: string } | null;

/**
 * Runs one host action: calls `act` synchronously (the wiring may need the user gesture for
 * browser.permissions.request), reports success / refusal / exceptions as text, one at a time.
 */
function useHostAction() {
  const t = useT();
  const [busy, setBusy] = useState<string | null>(null);
  const [msg, setMsg] = useState<Msg>(null);
  const running = useRef(false);
  const run = (pattern: string, act: () => Promise<HostActionResult>, okText: string, after?: () => void) => {
    if (running.current) return;
    running.current = true;
    const done = (m: Msg) => {
      running.current = false;
      setBusy(null);
      setMsg(m);
    };
    let p: Promise<HostActionResult>;
    try {
      p = act();
    } catch (err) {
      done({ kind: 'error', text: t('hostFailed', describeError(err, t)) });
      return;
    }
    setBusy(pattern);
    setMsg({ kind: 'busy', text: t('hostWorking') });
    Promise.resolve(p).then(
      (r) => {
        if (r && r.ok) {
          done({ kind: 'ok', text: okText });
          after?.();
        } else done({ kind: 'error', text: t('hostFailed', (r && !r.ok && r.error) || '?') });
      },
      (err: unknown) => done({ kind: 'error', text: t('hostFailed', describeError(err, t)) }),
    );
  };
  return { busy, msg, setMsg, run };
}

function Messages({ id, msg }: { id: string; msg: Msg }) {
  return (
    <>
      <p id={`${id}-status`} class="pl-muted pl-host-msg" role="status" aria-live="polite">
        {msg && msg.kind !== 'error' ? msg.text : ''}
      </p>
      {msg?.kind === 'error' && (
        <p id={`${id}-error`} class="pl-error pl-host-msg" role="alert">
          {msg.text}
        </p>
      )}
    </>
  );
}

export interface HostSettingsProps {
  /** Settings.autoHosts (built-ins may or may not be in it; they are always shown, fixed). */
  autoHosts: readonly string[];
  /** URL of the page the panel follows: its host is offered as a one-click addition when not covered. */
  currentUrl?: string | null;
  onAdd: (pattern: string) => Promise<HostActionResult>;
  onRemove: (pattern: string) => Promise<HostActionResult>;
  /** Settings.openPdfLinks, and turning it on or off (the checkbox is shown with both). */
  openPdfLinks?: boolean;
  onOpenPdfLinks?: (on: boolean) => Promise<void>;
}

/**
 * 自动分析的网站: the built-in government hosts (fixed) and the user's own, with an add field
 * (validated here, so a refused entry never reaches the browser and the typed text is kept)
 * and a remove button per user pattern.
 */
export function HostSettings(props: HostSettingsProps) {
  const t = useT();
  const { autoHosts } = props;
  const [value, setValue] = useState('');
  const [invalid, setInvalid] = useState(false);
  const input = useRef<HTMLInputElement>(null);
  const { busy, msg, setMsg, run } = useHostAction();
  const rows = hostRows(autoHosts);
  const suggestion = suggestHostForUrl(props.currentUrl, autoHosts);

  const add = (pattern: string, covers: string[], fromField: boolean) =>
    run(
      pattern,
      () => props.onAdd(pattern),
      covers.length ? t('hostAddedCovers', pattern, covers.join('、')) : t('hostAdded', pattern),
      fromField ? () => setValue('') : undefined,
    );

  const onSubmit = (e: Event) => {
    e.preventDefault();
    if (busy) return;
    const c = checkHostPattern(value, autoHosts);
    if (!c.ok) {
      setInvalid(true);
      setMsg({ kind: 'error', text: hostErrorText(t, c.error) });
      input.current?.focus();
      return;
    }
    setInvalid(false);
    add(c.pattern, c.covers, true);
  };

  const onQuickAdd = (host: string) => {
    if (busy) return;
    const c = checkHostPattern(host, autoHosts);
    if (c.ok) add(c.pattern, c.covers, false);
    else setMsg({ kind: 'error', text: hostErrorText(t, c.error) });
  };

  const onRemove = (pattern: string) => {
    if (busy) return;
    run(
      pattern,
      () => props.onRemove(pattern),
      t('hostRemoved', pattern),
      () => input.current?.focus(),
    );
  };

  return (
    <section class="pl-hosts" aria-labelledby="pl-hosts-h">
      <h2 id="pl-hosts-h" class="pl-h2">
        {t('hostsTitle')}
      </h2>
      <p class="pl-muted">{t('hostsIntro')}</p>
      <ul class="pl-hosts__list" aria-label={t('hostsListLabel')}>
        {rows.map((r) => (
          <li key={r.pattern} class="pl-hosts__row">
            <code class="pl-hosts__pattern">{r.pattern}</code>
            {r.builtIn ? (
              <span class="pl-badge" title={t('hostBuiltInHint')}>
                {t('hostBuiltIn')}
              </span>
            ) : (
              <button
                type="button"
                class="pl-linkbtn"
                aria-label={t('hostRemoveLabel', r.pattern)}
                disabled={busy !== null}
                onClick={() => onRemove(r.pattern)}
              >
                {t('hostRemove')}
              </button>
            )}
          </li>
        ))}
      </ul>
      {props.onOpenPdfLinks && (
        <p class="pl-hosts__pdf">
          <label>
            <input
              type="checkbox"
              data-setting="open-pdf-links"
              checked={!!props.openPdfLinks}
              aria-describedby="pl-hosts-pdf-hint"
              onChange={(e) => void props.onOpenPdfLinks!((e.currentTarget as HTMLInputElement).checked)}
            />{' '}
            {t('hostOpenPdfLinks')}
          </label>
          <br />
          <span id="pl-hosts-pdf-hint" class="pl-muted">
            {t('hostOpenPdfLinksHint')}
          </span>
        </p>
      )}
      <form class="pl-hosts__add" onSubmit={onSubmit} noValidate>
        <label for="pl-host-input">{t('hostAddLabel')}</label>
        <div class="pl-hosts__field">
          <input
            id="pl-host-input"
            ref={input}
            type="text"
            inputMode="url"
            autoComplete="off"
            autoCapitalize="off"
            spellcheck={false}
            value={value}
            placeholder={t('hostAddPlaceholder')}
            aria-invalid={invalid}
            aria-describedby={`pl-host-hint pl-host-msg-status${msg?.kind === 'error' ? ' pl-host-msg-error' : ''}`}
            onInput={(e) => {
              setValue((e.currentTarget as HTMLInputElement).value);
              if (invalid) {
                setInvalid(false);
                setMsg(null);
              }
            }}
          />
          <button type="submit" disabled={busy !== null}>
            {t('hostAddButton')}
          </button>
        </div>
        <p id="pl-host-hint" class="pl-muted">
          {t('hostAddHint')}
        </p>
        {suggestion && (
          <button type="button" class="pl-linkbtn" disabled={busy !== null} onClick={() => onQuickAdd(suggestion)}>
            {t('hostAddCurrent', suggestion)}
          </button>
        )}
        <Messages id="pl-host-msg" msg={msg} />
      </form>
    </section>
  );
}

/** "Always analyse pages on <host>" for a page without the content script (no-content-script state). */
export function AddCurrentHost(props: { url: string; autoHosts: readonly string[]; onAdd: (pattern: string) => Promise<HostActionResult> }) {
  const t = useT();
  const { busy, msg, run } = useHostAction();
  const [added, setAdded] = useState<string | null>(null);
  const suggestion = suggestHostForUrl(props.url, props.autoHosts);
  if (!suggestion && !added) return null;
  return (
    <div class="pl-hosts__quick">
      {suggestion && (
        <button
          type="button"
          disabled={busy !== null}
          onClick={() => {
            const c = checkHostPattern(suggestion, props.autoHosts);
            if (c.ok)
              run(
                c.pattern,
                () => props.onAdd(c.pattern),
                t('hostAdded', c.pattern),
                () => setAdded(c.pattern),
              );
          }}
        >
          {t('hostAddCurrent', suggestion)}
        </button>
      )}
      <Messages id="pl-host-quick" msg={msg} />
    </div>
  );
}
