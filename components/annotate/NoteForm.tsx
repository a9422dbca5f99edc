/**
 * The note editor: colour, note and tags of one annotation. It runs in the note page
 * (entrypoints/note), an extension frame inside the page's toolbar, so what is typed here never
 * passes through the page's document. User text is only ever rendered as text.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import type { HighlightColor } from '../../lib/annotations/types';
import type { T } from '../../lib/i18n';
import type { NoteDraft, NoteFields } from '../../lib/protocol';
import { parseTags, SWATCHES } from './colors';

export interface NoteFormProps {
  t: T;
  draft: NoteDraft;
  /** Resolves when saved; rejects with the reason shown to the user. */
  onSave(v: NoteFields): Promise<void>;
  onClose(): void;
}

export function NoteForm({ t, draft, onSave, onClose }: NoteFormProps) {
  const [color, setColor] = useState<HighlightColor>(draft.color);
  const [note, setNote] = useState(draft.note);
  const [tags, setTags] = useState(draft.tags.join('，'));
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const noteRef = useRef<HTMLTextAreaElement>(null);
  useEffect(() => {
    const focus = () => noteRef.current?.focus({ preventScroll: true });
    focus();
    // a cross-origin frame gets the focus when its embedder gives it: then the field takes it
    window.addEventListener('focus', focus);
    return () => window.removeEventListener('focus', focus);
  }, []);

  const save = async () => {
    if (busy) return;
    setBusy(true);
    setError(null);
    try {
      await onSave({ color, note: note.trim(), tags: parseTags(tags) });
    } catch (e) {
      setError(t('pgSaveFailed', e instanceof Error ? e.message : String(e)));
      setBusy(false);
    }
  };

  return (
    <form
      class="pl-noteform"
      aria-label={t('pgNoteFrameTitle')}
      onSubmit={(e) => {
        e.preventDefault();
        void save();
      }}
      onKeyDown={(e) => {
        if (e.key === 'Escape') {
          e.preventDefault();
          onClose();
        } else if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
          e.preventDefault();
          void save();
        }
      }}
    >
      <blockquote class="pl-quote" title={draft.quote}>
        {draft.quote.length > 80 ? draft.quote.slice(0, 80) + '…' : draft.quote}
      </blockquote>
      <div class="pl-row" role="group" aria-label={t('pgColorGroup')}>
        {SWATCHES.map((c) => (
          <button
            type="button"
            class={`pl-swatch${color === c.color ? ' pl-on' : ''}`}
            style={{ background: c.css }}
            aria-label={t(c.name)}
            aria-pressed={color === c.color}
            data-color={c.color}
            onClick={() => setColor(c.color)}
          />
        ))}
      </div>
      <label>
        {t('pgNoteLabel')}
        <textarea ref={noteRef} rows={3} value={note} onInput={(e) => setNote((e.target as HTMLTextAreaElement).value)} data-field="note" />
      </label>
      <label>
        {t('pgTagsLabel')}
        <input value={tags} onInput={(e) => setTags((e.target as HTMLInputElement).value)} data-field="tags" />
      </label>
      <div class="pl-row">
        <button type="submit" class="pl-btn pl-primary" data-action="save" disabled={busy}>
          {t('pgSave')}
        </button>
        <button type="button" class="pl-btn" data-action="cancel" onClick={onClose}>
          {t('pgCancel')}
        </button>
        <span class="pl-hint">{t('pgNoteHint')}</span>
      </div>
      {error && (
        <p class="pl-error" role="alert">
          {error}
        </p>
      )}
    </form>
  );
}
