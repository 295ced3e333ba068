// The head of a template's editor: the kind's name (which takes the focus when the editor opens
// or the store's words are dropped) and what it is for, the channel and language with whether the
// store's words or the default are in use, and links to the kind's other versions.
import { forwardRef } from 'react';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { formatDateTime } from '@/lib/format';
import { Badge } from '@/ui/Badge';
import { cn } from '@/ui/cn';
import { channelName, kindWords, languageName, templatePath, type KindTemplates, type MessageTemplate } from './template';
import { CHANNEL_ICONS } from './TemplatesPage';

export const TemplateHeader = forwardRef<HTMLHeadingElement, { kind: KindTemplates; template: MessageTemplate }>(function TemplateHeader({ kind: k, template: tp }, heading) {
  const { t, i18n } = useTranslation();
  const { name, about } = kindWords(t, k, i18n.language);
  const channel = tp.channel;
  const Icon = CHANNEL_ICONS[channel];
  // A language without words of its own on this channel goes with the Portuguese ones.
  const pt = k.templates.find((x) => x.channel === channel && x.language === 'pt-BR');
  const fallback = tp.language !== 'pt-BR' && pt !== undefined && pt.defaultBody === tp.defaultBody;
  return (
    <>
      <header className="mb-4 space-y-2">
        <h1 ref={heading} tabIndex={-1} className="text-2xl font-semibold tracking-tight outline-none">
          {name}
        </h1>
        {about && <p className="text-sm text-slate-600 dark:text-slate-400">{about}</p>}
        <p className="flex flex-wrap items-center gap-2">
          <Icon className="h-4 w-4 text-slate-500 dark:text-slate-400" aria-hidden />
          <span className="font-medium">
            {channelName(t, channel)} · {languageName(t, tp.language)}
          </span>
          <Badge tone={tp.custom ? 'green' : 'gray'}>{tp.custom ? t('templates.custom') : t('templates.default')}</Badge>
        </p>
        <p className="text-sm text-slate-600 dark:text-slate-400">
          {tp.custom && tp.updatedAt ? t('templates.editor.updatedAt', { time: formatDateTime(tp.updatedAt) }) : t('templates.editor.usingDefault')}
          {fallback && ` ${t('templates.editor.fallback')}`}
        </p>
      </header>
      {k.templates.length > 1 && (
        <nav aria-label={t('templates.editor.variants')} className="mb-6">
          <ul className="flex flex-wrap gap-2">
            {k.templates.map((v) => {
              const current = v.channel === channel && v.language === tp.language;
              return (
                <li key={`${v.channel}-${v.language}`} className="shrink-0">
                  <Link
                    to={templatePath(k.kind, v.channel, v.language)}
                    aria-current={current ? 'page' : undefined}
                    className={cn(
                      'inline-flex h-11 items-center gap-1.5 whitespace-nowrap rounded-full border px-3 text-sm font-medium md:h-9',
                      current
                        ? 'border-brand-600 bg-brand-600 text-white'
                        : 'border-slate-300 bg-white text-slate-700 hover:bg-slate-50 dark:border-slate-700 dark:bg-slate-900 dark:text-slate-200 dark:hover:bg-slate-800',
                    )}
                  >
                    {channelName(t, v.channel)} · {languageName(t, v.language)}
                    {v.custom && (
                      <>
                        <span aria-hidden className={cn('h-2 w-2 rounded-full', current ? 'bg-white' : 'bg-green-600')} />
                        <span className="sr-only">({t('templates.custom')})</span>
                      </>
                    )}
                  </Link>
                </li>
              );
            })}
          </ul>
        </nav>
      )}

    </>
  );
});
