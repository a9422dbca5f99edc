/**
 * The library's switch for local reminders (到期提醒): on / off, how many days before a due date,
 * and what happened. Off by default. Turning it on asks for the optional `notifications`
 * permission in the click itself (a user gesture: Firefox grants nothing outside one), and
 * stores `enabled` only once it is granted; the background (lib/background/reminders) keeps the
 * alarm and shows the notifications. Browser APIs come in through `ReminderPorts`
 * (entrypoints/library/reminders.ts makes them from the browser). Every string through the
 * catalog, rendered as text.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import type { T } from '../../lib/i18n';
import { MAX_DAYS_BEFORE, MIN_DAYS_BEFORE, normalizeReminderSettings, type ReminderSettings } from '../../lib/library/reminders';

export type PermissionAnswer = 'granted' | 'refused' | 'unavailable';

export interface ReminderPorts {
  get(): Promise<ReminderSettings>;
  set(s: ReminderSettings): Promise<void>;
  /** Follows changes made elsewhere (the background turns reminders off when the permission is revoked). */
  watch?(cb: (s: ReminderSettings) => void): () => void;
  /** Asks for the notifications permission. Called synchronously in the user's click, before anything is awaited. */
  requestPermission(): Promise<PermissionAnswer>;
}

type Note = { key: 'remindRefused' | 'remindUnavailable' } | { key: 'remindFailed'; detail: string } | null;

const errorText = (e: unknown) => (e instanceof Error ? e.message : String(e));

export function Reminders({ t, ports }: { t: T; ports: ReminderPorts }) {
  const [settings, setSettings] = useState<ReminderSettings | null>(null);
  const [days, setDays] = useState('');
  const [busy, setBusy] = useState(false);
  const [note, setNote] = useState<Note>(null);
  const current = useRef<ReminderSettings | null>(null);

  useEffect(() => {
    let live = true;
    const show = (s: ReminderSettings) => {
      if (!live) return;
      current.current = s;
      setSettings(s);
      setDays(String(s.daysBefore));
    };
    ports.get().then(show, (e) => live && setNote({ key: 'remindFailed', detail: errorText(e) }));
    const stop = ports.watch?.(show);
    return () => {
      live = false;
      stop?.();
    };
  }, [ports]);

  const save = async (s: ReminderSettings) => {
    const v = normalizeReminderSettings(s);
    await ports.set(v);
    current.current = v;
    setSettings(v);
    setDays(String(v.daysBefore));
  };

  const toggle = (e: Event) => {
    const on = (e.currentTarget as HTMLInputElement).checked;
    const s = current.current;
    if (!s || busy) return;
    const daysBefore = Number(days) || s.daysBefore;
    // in the gesture: nothing awaited before the request
    const answer = on ? ports.requestPermission() : Promise.resolve<PermissionAnswer>('granted');
    setBusy(true);
    setNote(null);
    void answer
      .then(async (a) => {
        if (a !== 'granted') {
          setNote({ key: a === 'unavailable' ? 'remindUnavailable' : 'remindRefused' });
          setSettings({ ...s });
          return;
        }
        await save({ enabled: on, daysBefore });
      })
      .catch((err: unknown) => {
        setNote({ key: 'remindFailed', detail: errorText(err) });
        setSettings({ ...s });
      })
      .finally(() => setBusy(false));
  };

  const changeDays = () => {
    const s = current.current;
    if (!s) return;
    const v = normalizeReminderSettings({ ...s, daysBefore: days });
    if (v.daysBefore === s.daysBefore) {
      setDays(String(v.daysBefore));
      return;
    }
    save(v).catch((err: unknown) => setNote({ key: 'remindFailed', detail: errorText(err) }));
  };

  const enabled = !!settings?.enabled;
  return (
    <section class="pl-lib-reminders" data-reminders={settings ? (enabled ? 'on' : 'off') : 'loading'} aria-busy={busy}>
      <h3>{t('remindTitle')}</h3>
      <p>{t('remindExplain')}</p>
      <label>
        <input type="checkbox" role="switch" data-action="reminders" checked={enabled} disabled={!settings || busy} onClick={toggle} />
        {t('remindEnable')}
      </label>{' '}
      <label>
        {t('remindDaysBefore')}{' '}
        <input
          type="number"
          data-field="reminder-days"
          min={MIN_DAYS_BEFORE}
          max={MAX_DAYS_BEFORE}
          step={1}
          value={days}
          disabled={!settings}
          onInput={(e) => setDays((e.currentTarget as HTMLInputElement).value)}
          onChange={changeDays}
        />
      </label>
      <p role="status" data-reminder-state>
        {settings ? (enabled ? t('remindStateOn', settings.daysBefore) : t('remindStateOff')) : ''}
      </p>
      {note && (
        <p role="alert" data-reminder-error={note.key}>
          {note.key === 'remindFailed' ? t('remindFailed', note.detail) : t(note.key)}
        </p>
      )}
    </section>
  );
}
