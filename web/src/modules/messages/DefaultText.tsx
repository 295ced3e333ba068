// Innexar's default words for the template being edited, for reference: the words the Owner took
// out of them and the ones they added, marked word by word (or the default alone, on request).
import { Fragment, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Chips } from '@/ui/Chips';
import { cn } from '@/ui/cn';
import { sameDraft, wordChanges, type Draft, type TemplateChannel } from './template';

const muted = 'text-slate-600 dark:text-slate-400';
const block = 'whitespace-pre-wrap break-words rounded-md bg-slate-50 p-3 text-sm dark:bg-slate-950';

export function DefaultText({ channel, draft, defaults }: { channel: TemplateChannel; draft: Draft; defaults: Draft }) {
  const { t } = useTranslation();
  const [view, setView] = useState<'changes' | 'plain'>('changes');
  const same = sameDraft(channel === 'email' ? draft : { ...draft, subject: '' }, channel === 'email' ? defaults : { ...defaults, subject: '' });
  const fields: Array<{ key: keyof Draft; label: string }> = [
    ...(channel === 'email' ? [{ key: 'subject' as const, label: t('templates.defaults.subject') }] : []),
    { key: 'body', label: t('templates.defaults.body') },
  ];
  return (
    <section aria-labelledby="template-default-title" className="space-y-3 p-4">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h2 id="template-default-title" className="text-lg font-semibold">
          {t('templates.defaults.title')}
        </h2>
        {!same && (
          <Chips
            label={t('templates.defaults.view')}
            value={view}
            onChange={setView}
            options={[
              { value: 'changes', label: t('templates.defaults.changes') },
              { value: 'plain', label: t('templates.defaults.plain') },
            ]}
          />
        )}
      </div>
      <p className={cn('text-sm', muted)}>{same ? t('templates.defaults.same') : view === 'changes' ? t('templates.defaults.differs') : null}</p>
      {!same &&
        fields.map(({ key, label }) => (
          <div key={key} className="space-y-1">
            {fields.length > 1 && <h3 className="text-sm font-medium">{label}</h3>}
            {view === 'changes' ? <Changes before={defaults[key]} now={draft[key]} /> : <p className={block}>{defaults[key]}</p>}
          </div>
        ))}
    </section>
  );
}

function Changes({ before, now }: { before: string; now: string }) {
  const { t } = useTranslation();
  const changes = wordChanges(before, now);
  if (!changes) {
    return (
      <>
        <p className={cn('text-sm', muted)}>{t('templates.defaults.tooLong')}</p>
        <p className={block}>{before}</p>
      </>
    );
  }
  return (
    <p className={block}>
      {changes.map((c, i) =>
        c.kind === 'same' ? (
          <Fragment key={i}>{c.text}</Fragment>
        ) : c.kind === 'added' ? (
          <ins key={i} className="rounded-sm bg-green-100 text-green-950 decoration-green-700 dark:bg-green-950 dark:text-green-100">
            <span className="sr-only">{t('templates.defaults.added')} </span>
            {c.text}
          </ins>
        ) : (
          <del key={i} className="rounded-sm bg-red-100 text-red-950 decoration-red-700 dark:bg-red-950 dark:text-red-100">
            <span className="sr-only">{t('templates.defaults.removed')} </span>
            {c.text}
          </del>
        ),
      )}
    </p>
  );
}
