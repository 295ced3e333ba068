// WhatsApp's templates to register with Meta: a message the store starts goes only by a template
// Meta approved, so each kind Innexar sends by WhatsApp is listed with the name it is sent by, its
// language, its text with Meta's numbered variables, and what each number stands for.
import { useTranslation } from 'react-i18next';
import { ChevronRight, Copy } from 'lucide-react';
import { kindLabel } from '@/modules/audit/mailbox';
import { Button } from '@/ui/Button';
import { useCopy } from './CopyField';
import { parameterLabel, type WhatsappTemplate } from './model';

export function Templates({ templates }: { templates: WhatsappTemplate[] }) {
  const { t } = useTranslation();
  return (
    <details className="group rounded-md border border-slate-200 dark:border-slate-800">
      <summary className="flex min-h-11 cursor-pointer items-center gap-2 px-4 py-2 text-sm font-medium md:min-h-0 md:py-3">
        <ChevronRight className="h-4 w-4 shrink-0 transition-transform group-open:rotate-90" aria-hidden />
        {t('channels.templates.title', { count: templates.length })}
      </summary>
      <div className="space-y-4 border-t border-slate-200 p-4 dark:border-slate-800">
        <p className="text-sm text-slate-700 dark:text-slate-300">{t('channels.templates.intro', { example: '{{1}}, {{2}}…' })}</p>
        <ul aria-label={t('channels.templates.listLabel')} className="space-y-4">
          {templates.map((tp) => (
            <Template key={tp.kind} template={tp} />
          ))}
        </ul>
      </div>
    </details>
  );
}

function Template({ template: tp }: { template: WhatsappTemplate }) {
  const { t } = useTranslation();
  const copy = useCopy();
  const kind = kindLabel(t, tp.kind);
  const id = `template-${tp.kind}`;
  const label = 'text-xs font-medium uppercase tracking-wide text-slate-600 dark:text-slate-400';
  return (
    <li aria-labelledby={id} className="rounded-md border border-slate-200 p-3 dark:border-slate-800">
      <h4 id={id} className="font-medium">
        {kind}
      </h4>
      <dl className="mt-2 grid gap-3 sm:grid-cols-[minmax(0,1fr)_auto]">
        <div className="min-w-0">
          <dt className={label}>{t('channels.templates.name')}</dt>
          <dd className="mt-1 flex items-center gap-2">
            <code className="min-w-0 break-all font-mono text-sm">{tp.name}</code>
            <Button size="sm" variant="ghost" aria-label={t('channels.templates.copyName', { kind })} onClick={() => copy(tp.name, t('channels.templates.nameCopied'))}>
              <Copy className="h-4 w-4" aria-hidden />
            </Button>
          </dd>
        </div>
        <div>
          <dt className={label}>{t('channels.templates.language')}</dt>
          <dd className="mt-1 font-mono text-sm">{tp.language}</dd>
        </div>
        <div className="min-w-0 sm:col-span-2">
          <dt className={`${label} flex items-center justify-between gap-2`}>
            {t('channels.templates.body')}
            <Button size="sm" variant="ghost" className="normal-case tracking-normal" aria-label={t('channels.templates.copyBody', { kind })} onClick={() => copy(tp.body, t('channels.templates.bodyCopied'))}>
              <Copy className="h-4 w-4" aria-hidden />
            </Button>
          </dt>
          <dd className="mt-1 whitespace-pre-wrap break-words rounded bg-slate-100 p-3 font-mono text-sm text-slate-900 dark:bg-slate-950 dark:text-slate-100">{tp.body}</dd>
        </div>
        <div className="sm:col-span-2">
          <dt className={label}>{t('channels.templates.parametersTitle')}</dt>
          <dd className="mt-1 text-sm">
            {tp.parameters.length === 0 ? (
              t('channels.templates.noParameters')
            ) : (
              <ol className="space-y-1">
                {tp.parameters.map((p, i) => (
                  <li key={p} className="flex gap-2">
                    <code className="font-mono text-slate-700 dark:text-slate-300">{`{{${i + 1}}}`}</code>
                    <span>{parameterLabel(t, p)}</span>
                  </li>
                ))}
              </ol>
            )}
          </dd>
        </div>
      </dl>
    </li>
  );
}
