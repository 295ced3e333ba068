// /admin/templates/:kind/:channel/:language: one kind's words on one channel in one language. The
// Owner writes the subject (e-mails) and the text, pressing a variable's chip to put it in at the
// cursor; a preview with sample values follows as they type (TemplatePreview), and the server's
// refusals show at their fields. Saving sends `If-None-Match: *` while the default is in use and the
// version read after; "Restaurar padrão" drops the store's words. Innexar's default stays in view
// for reference, the changes from it marked (DefaultText); the head names the kind and its other
// versions (TemplateHeader). Leaving with unsaved words asks first.
import { useEffect, useLayoutEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { AlertTriangle, ArrowLeft, RotateCcw, Save, SearchX, Undo2 } from 'lucide-react';
import { isApiError } from '@/api/problem';
import { usePageTitle } from '@/app/title';
import { problemText } from '@/i18n/problems';
import { formatNumber } from '@/lib/format';
import { useDebounced } from '@/lib/useDebounced';
import { useUnsavedChanges } from '@/lib/useUnsavedChanges';
import { Button } from '@/ui/Button';
import { Card } from '@/ui/Card';
import { cn } from '@/ui/cn';
import { Dialog } from '@/ui/Dialog';
import { EmptyState, LoadError } from '@/ui/EmptyState';
import { Skeleton } from '@/ui/Skeleton';
import { useToast } from '@/ui/Toast';
import { UnsavedChangesDialog } from '@/ui/UnsavedChangesDialog';
import { previewTemplate, removeTemplate, saveTemplate, useTemplatesQuery, type TemplateAddress } from './api';
import { DefaultText } from './DefaultText';
import { channelKeys, templateKeys } from './keys';
import {
  BODY_MAX,
  SUBJECT_MAX,
  asDefault,
  channelName,
  draftOf,
  faultText,
  inputOf,
  insertAt,
  kindWords,
  languageName,
  sameDraft,
  snippetOf,
  templateFaults,
  variableLabel,
  withTemplate,
  type Draft,
  type KindTemplates,
  type MessageTemplate,
  type Preview,
  type TemplateFaults,
  type TemplateField,
} from './template';
import { TemplateHeader } from './TemplateHeader';
import { TemplatePreview } from './TemplatePreview';

/** How long the words stay unchanged before they are previewed. */
export const PREVIEW_DELAY_MS = 400;

export function TemplateEditor() {
  const { kind = '', channel = '', language = '' } = useParams();
  const { t, i18n } = useTranslation();
  const list = useTemplatesQuery();
  const k = list.data?.find((x) => x.kind === kind);
  const tp = k?.templates.find((x) => x.channel === channel && x.language === language);
  const name = k ? kindWords(t, k, i18n.language).name : null;
  usePageTitle(list.isError || (list.data && !tp) ? t('templates.notFound') : name && `${name} (${channelName(t, channel)}, ${languageName(t, language)})`, t('templates.title'));

  const back = (
    <Link to="/admin/templates" className="inline-flex min-h-11 items-center gap-1 text-sm text-slate-700 hover:underline md:min-h-0 dark:text-slate-300">
      <ArrowLeft className="h-4 w-4" aria-hidden />
      {t('templates.title')}
    </Link>
  );
  if (list.isError) return <LoadError error={list.error} notFoundTitle={t('templates.notFound')} onRetry={() => void list.refetch()} back={back} />;
  if (!list.data) {
    return (
      <div aria-busy="true" className="space-y-4">
        <span role="status" className="sr-only">
          {t('common.loading')}
        </span>
        <Skeleton className="h-10 w-2/3" />
        <div className="grid gap-6 lg:grid-cols-2">
          <Skeleton className="h-96" />
          <Skeleton className="h-96" />
        </div>
      </div>
    );
  }
  if (!k || !tp) {
    return (
      <EmptyState role="alert" icon={SearchX} title={t('templates.notFound')} action={back}>
        {t('errors.notFoundHint')}
      </EmptyState>
    );
  }
  return <Editor key={`${kind}/${channel}/${language}`} kind={k} template={tp} back={back} />;
}

/** What the preview last said: its words (the last without faults) and, when the newest had faults, why. */
interface Shown {
  preview: Preview | null;
  error: unknown;
  checked: Draft;
}

function Editor({ kind: k, template: tp, back }: { kind: KindTemplates; template: MessageTemplate; back: ReactNode }) {
  const { t, i18n } = useTranslation();
  const qc = useQueryClient();
  const toast = useToast();
  const channel = tp.channel;
  const at: TemplateAddress = { kind: k.kind, channel, language: tp.language };
  const { name } = kindWords(t, k, i18n.language);

  // The words the editor started from (the server's at that version), and the words being written.
  const [base, setBase] = useState(() => ({ version: tp.version, draft: draftOf(tp) }));
  const [draft, setDraft] = useState<Draft>(() => draftOf(tp));
  const dirty = !sameDraft(draft, base.draft);
  // The server's words changed (a save here, a refetch after someone else's): untouched words follow.
  const [seen, setSeen] = useState(tp);
  if (seen !== tp) {
    setSeen(tp);
    if (!dirty) {
      setBase({ version: tp.version, draft: draftOf(tp) });
      setDraft(draftOf(tp));
    }
  }
  // Someone else saved first: the words stay, and saving again replaces theirs.
  const [conflict, setConflict] = useState(false);
  const [saveFaults, setSaveFaults] = useState<TemplateFaults>({});
  const [restoring, setRestoring] = useState(false);
  const unsaved = useUnsavedChanges(dirty);

  const heading = useRef<HTMLHeadingElement>(null);
  const subjectRef = useRef<HTMLInputElement>(null);
  const bodyRef = useRef<HTMLTextAreaElement>(null);
  const lastField = useRef<TemplateField>('body');
  const touched = useRef<Set<TemplateField>>(new Set());
  const caret = useRef<{ field: TemplateField; at: number } | null>(null);
  const fieldEl = (f: TemplateField) => (f === 'subject' ? subjectRef.current : bodyRef.current);

  // Opened from the list, whose link is gone: the page's title has the focus.
  useEffect(() => heading.current?.focus(), []);
  // A variable just put in: the cursor goes after it, in the field it went into.
  useLayoutEffect(() => {
    const c = caret.current;
    if (!c) return;
    caret.current = null;
    const el = fieldEl(c.field);
    el?.focus();
    el?.setSelectionRange(c.at, c.at);
  });

  // The preview: the words once they stay unchanged a moment; the same words are never asked twice.
  const input = useMemo(() => ({ kind: k.kind, channel, language: tp.language, ...inputOf(channel, draft) }), [k.kind, channel, tp.language, draft]);
  const settled = useDebounced(input, PREVIEW_DELAY_MS);
  const preview = useQuery({
    queryKey: templateKeys.preview(settled),
    queryFn: () => previewTemplate(settled),
    retry: false,
    staleTime: Infinity,
    gcTime: 60_000,
  });
  const [shown, setShown] = useState<Shown>({ preview: null, error: null, checked: draft });
  if (preview.isSuccess && (shown.preview !== preview.data || shown.error)) setShown({ preview: preview.data, error: null, checked: shown.checked });
  if (preview.isError && shown.error !== preview.error) {
    setShown({ preview: shown.preview, error: preview.error, checked: { subject: settled.subject ?? '', body: settled.body } });
  }
  const previewed = shown.error ? templateFaults(shown.error, shown.checked) : { faults: {}, rest: null };
  // The save's refusal until its field is changed, else the preview's of the newest words.
  const faults: TemplateFaults = { subject: saveFaults.subject ?? previewed.faults.subject, body: saveFaults.body ?? previewed.faults.body };
  const faultOf = (f: TemplateField) => {
    const fault = faults[f];
    return fault ? faultText(t, f, fault, channel, k.variables) : undefined;
  };
  const failure = shown.error ? (faultOf('subject') ?? faultOf('body') ?? problemText(t, previewed.rest ?? shown.error)) : null;

  const change = (field: TemplateField, value: string) => {
    setDraft((d) => ({ ...d, [field]: value }));
    setSaveFaults((fs) => ({ ...fs, [field]: undefined }));
  };
  const insert = (variable: string) => {
    const field = channel === 'email' ? lastField.current : 'body';
    const el = fieldEl(field);
    const text = draft[field];
    // Never in the field yet, the cursor is nowhere the Owner chose: the variable goes at the end.
    const chosen = el !== null && touched.current.has(field);
    const start = chosen ? (el.selectionStart ?? text.length) : text.length;
    const end = chosen ? (el.selectionEnd ?? start) : text.length;
    const next = insertAt(text, start, end, snippetOf(variable, channel));
    change(field, next.text);
    touched.current.add(field);
    caret.current = { field, at: next.cursor };
  };
  const focusFirstFault = (found: TemplateFaults) => {
    const first = (['subject', 'body'] as const).find((f) => found[f]);
    if (first) fieldEl(first)?.focus();
  };

  const save = useMutation({
    mutationFn: (d: Draft) => saveTemplate(at, conflict ? tp.version : base.version, inputOf(channel, d)),
    onSuccess: (saved, sent) => {
      qc.setQueryData<KindTemplates[]>(templateKeys.list(), (list) => withTemplate(list, k.kind, saved));
      void qc.invalidateQueries({ queryKey: templateKeys.list() });
      // WhatsApp's templates to register follow the store's words.
      if (channel === 'whatsapp') void qc.invalidateQueries({ queryKey: channelKeys.all });
      setBase({ version: saved.version, draft: draftOf(saved) });
      // What was typed while it was being saved stays.
      setDraft((d) => (sameDraft(d, sent) ? draftOf(saved) : d));
      setConflict(false);
      setSaveFaults({});
      toast.success(t('templates.editor.saved'));
    },
    onError: (e, sent) => {
      if (isApiError(e) && e.status === 412) {
        setConflict(true);
        void qc.invalidateQueries({ queryKey: templateKeys.list() });
        return;
      }
      const { faults: found, rest } = templateFaults(e, sent);
      setSaveFaults(found);
      focusFirstFault(found);
      if (rest) toast.error(t('errors.saveFailed'), problemText(t, rest));
    },
  });

  const backToDefault = () => {
    const d = asDefault(tp);
    qc.setQueryData<KindTemplates[]>(templateKeys.list(), (list) => withTemplate(list, k.kind, d));
    void qc.invalidateQueries({ queryKey: templateKeys.list() });
    if (channel === 'whatsapp') void qc.invalidateQueries({ queryKey: channelKeys.all });
    setBase({ version: 0, draft: draftOf(d) });
    setDraft(draftOf(d));
    setConflict(false);
    setSaveFaults({});
    setRestoring(false);
    // "Restaurar padrão" is gone with the store's words: the page's title takes the focus.
    requestAnimationFrame(() => {
      if (!document.activeElement || document.activeElement === document.body) heading.current?.focus();
    });
  };
  const restore = useMutation({
    mutationFn: () => removeTemplate(at, tp.version),
    onSuccess: () => {
      toast.success(t('templates.restore.done'));
      backToDefault();
    },
    onError: (e) => {
      // Already the default (restored elsewhere): so it is here too.
      if (isApiError(e) && e.status === 404) return backToDefault();
      setRestoring(false);
      void qc.invalidateQueries({ queryKey: templateKeys.list() });
      if (isApiError(e) && e.status === 412) toast.error(t('conflict.title'), t('conflict.body'));
      else toast.error(t('templates.restore.failed'), problemText(t, e));
    },
  });

  const loadSaved = () => {
    setBase({ version: tp.version, draft: draftOf(tp) });
    setDraft(draftOf(tp));
    setConflict(false);
    setSaveFaults({});
  };

  const example = `{{ ${k.variables[0] ?? 'name'} }}`;
  const label = 'block text-sm font-medium text-slate-700 dark:text-slate-300';
  const control =
    'block w-full rounded-md border bg-white px-3 text-sm text-slate-900 shadow-sm focus:border-brand-600 focus:outline-none focus:ring-2 focus:ring-brand-600/30 dark:bg-slate-900 dark:text-slate-100';
  const border = (f: TemplateField) => (faults[f] ? 'border-red-600' : 'border-slate-300 dark:border-slate-700');
  const bodyLength = [...draft.body].length;
  const subjectFault = faultOf('subject');
  const bodyFault = faultOf('body');
  const bound = (f: TemplateField) => ({
    onFocus: () => {
      lastField.current = f;
      touched.current.add(f);
    },
    'aria-invalid': faults[f] ? true : undefined,
  });

  return (
    <>
      <div className="mb-4">{back}</div>
      <TemplateHeader ref={heading} kind={k} template={tp} />
      <div className="grid gap-6 lg:grid-cols-2 lg:items-start">
        <Card className="min-w-0 lg:col-start-1">
          <form
            noValidate
            className="space-y-4 p-4"
            onSubmit={(e) => {
              e.preventDefault();
              if (dirty || conflict) save.mutate(draft);
            }}
          >
            {conflict && (
              <div role="alert" className="flex gap-3 rounded-md border border-amber-300 bg-amber-50 p-3 text-sm text-amber-950 dark:border-amber-800 dark:bg-amber-950 dark:text-amber-100">
                <AlertTriangle className="mt-0.5 h-5 w-5 shrink-0" aria-hidden />
                <div className="min-w-0 space-y-2">
                  <p className="font-medium">{t('templates.editor.conflictTitle')}</p>
                  <p>{t('templates.editor.conflictBody')}</p>
                  <Button size="sm" variant="secondary" onClick={loadSaved}>
                    {t('templates.editor.loadSaved')}
                  </Button>
                </div>
              </div>
            )}
            {channel === 'email' && (
              <div className="space-y-1">
                <label htmlFor="template-subject" className={label}>
                  {t('templates.editor.subject')}
                </label>
                <input
                  id="template-subject"
                  ref={subjectRef}
                  {...bound('subject')}
                  aria-describedby={subjectFault ? 'template-subject-fault' : undefined}
                  className={cn(control, 'h-11 md:h-10', border('subject'))}
                  value={draft.subject}
                  spellCheck
                  onChange={(e) => change('subject', e.target.value)}
                />
                {subjectFault && (
                  <p id="template-subject-fault" className="text-sm text-red-700 dark:text-red-400">
                    {subjectFault}
                  </p>
                )}
                <p className={cn('text-right text-xs tabular-nums', [...draft.subject].length > SUBJECT_MAX ? 'text-red-700 dark:text-red-400' : 'text-slate-600 dark:text-slate-400')}>
                  {t('templates.editor.length', { length: formatNumber([...draft.subject].length), max: formatNumber(SUBJECT_MAX) })}
                </p>
              </div>
            )}
            <div className="space-y-1">
              <label htmlFor="template-body" className={label}>
                {t('templates.editor.body')}
              </label>
              <textarea
                id="template-body"
                ref={bodyRef}
                {...bound('body')}
                aria-describedby={[bodyFault && 'template-body-fault', 'template-body-hint', 'template-body-length'].filter(Boolean).join(' ')}
                rows={channel === 'email' ? 14 : 6}
                className={cn(control, 'min-h-32 py-2 leading-relaxed', border('body'))}
                value={draft.body}
                spellCheck
                onChange={(e) => change('body', e.target.value)}
              />
              {bodyFault && (
                <p id="template-body-fault" className="text-sm text-red-700 dark:text-red-400">
                  {bodyFault}
                </p>
              )}
              <div className="flex flex-col gap-1 text-xs text-slate-600 sm:flex-row sm:justify-between sm:gap-4 dark:text-slate-400">
                <p id="template-body-hint">
                  {channel === 'whatsapp'
                    ? t('templates.editor.hintWhatsapp', { example })
                    : t('templates.editor.hint', { example, condition: `{% if ${k.variables[0] ?? 'name'} %} … {% endif %}` })}
                </p>
                <p id="template-body-length" className={cn('shrink-0 tabular-nums sm:text-right', bodyLength > BODY_MAX[channel] && 'text-red-700 dark:text-red-400')}>
                  {t('templates.editor.length', { length: formatNumber(bodyLength), max: formatNumber(BODY_MAX[channel]) })}
                </p>
              </div>
            </div>
            <div className="space-y-2">
              <p id="template-variables" className="text-sm font-medium text-slate-700 dark:text-slate-300">
                {t('templates.editor.variables')}
              </p>
              <p id="template-variables-hint" className="text-xs text-slate-600 dark:text-slate-400">
                {t('templates.editor.variablesHint')}
              </p>
              <div role="group" aria-labelledby="template-variables" aria-describedby="template-variables-hint" className="flex flex-wrap gap-2">
                {k.variables.map((v) => (
                  <button
                    key={v}
                    type="button"
                    onClick={() => insert(v)}
                    className="inline-flex min-h-11 items-center gap-2 rounded-full border border-slate-300 bg-white px-3 text-left text-sm hover:bg-slate-50 md:min-h-9 dark:border-slate-700 dark:bg-slate-900 dark:hover:bg-slate-800"
                  >
                    <span>{variableLabel(t, v, k.kind)}</span>
                    <code className="font-mono text-xs text-slate-600 dark:text-slate-400">{`{{ ${v} }}`}</code>
                  </button>
                ))}
              </div>
            </div>
            {channel === 'whatsapp' && (
              // WhatsApp's words are Meta's to approve: a change is registered again, as the channels' page shows.
              <div className="rounded-md border border-blue-200 bg-blue-50 p-3 text-sm text-blue-950 dark:border-blue-900 dark:bg-blue-950 dark:text-blue-100">
                <p>{t('templates.editor.whatsappNote')}</p>
                <Link to="/admin/channels" className="inline-flex min-h-11 items-center font-medium underline md:min-h-0 md:pt-1">
                  {t('templates.editor.whatsappNoteLink')}
                </Link>
              </div>
            )}
            <div className="grid grid-cols-1 gap-2 border-t border-slate-100 pt-4 sm:flex sm:flex-wrap dark:border-slate-800">
              <Button type="submit" loading={save.isPending} disabled={!dirty && !conflict}>
                {!save.isPending && <Save className="h-4 w-4" aria-hidden />}
                {t('templates.editor.save')}
              </Button>
              {dirty && (
                <Button
                  variant="secondary"
                  onClick={() => {
                    setDraft(base.draft);
                    setSaveFaults({});
                  }}
                >
                  <Undo2 className="h-4 w-4" aria-hidden />
                  {t('templates.editor.discard')}
                </Button>
              )}
              {tp.custom && (
                <Button variant="secondary" className="text-red-700 sm:ml-auto dark:text-red-400" onClick={() => setRestoring(true)}>
                  <RotateCcw className="h-4 w-4" aria-hidden />
                  {t('templates.editor.restore')}
                </Button>
              )}
            </div>
          </form>
        </Card>
        <Card className="min-w-0 lg:sticky lg:top-20 lg:col-start-2 lg:row-span-2 lg:row-start-1">
          <TemplatePreview
            kind={k.kind}
            channel={channel}
            preview={shown.preview}
            failure={failure}
            updating={preview.isFetching || settled !== input}
          />
        </Card>
        <Card className="min-w-0 lg:col-start-1">
          <DefaultText channel={channel} draft={draft} defaults={{ subject: tp.defaultSubject, body: tp.defaultBody }} />
        </Card>
      </div>

      <Dialog
        open={restoring}
        onOpenChange={(o) => !o && setRestoring(false)}
        title={t('templates.restore.title')}
        description={t('templates.restore.body', { kind: name, channel: channelName(t, channel), language: languageName(t, tp.language) })}
        footer={
          <>
            <Button variant="secondary" onClick={() => setRestoring(false)}>
              {t('common.cancel')}
            </Button>
            <Button variant="danger" loading={restore.isPending} onClick={() => restore.mutate()}>
              {t('templates.restore.confirm')}
            </Button>
          </>
        }
      >
        {null}
      </Dialog>
      <UnsavedChangesDialog blocker={unsaved.blocker} />
    </>
  );
}

