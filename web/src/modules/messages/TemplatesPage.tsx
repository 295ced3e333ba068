// /admin/templates: every kind of message Innexar sends, grouped by who gets it (customers, the
// team), each with what it is for and its versions, a row per channel with a link per language,
// the ones the store rewrote marked "Personalizado". A version opens its editor (TemplateEditor).
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { ChevronRight, Mail, MessageCircle, Smartphone } from 'lucide-react';
import { usePageTitle } from '@/app/title';
import { Badge } from '@/ui/Badge';
import { Card, PageHeader } from '@/ui/Card';
import { QueryView } from '@/ui/QueryView';
import { Skeleton } from '@/ui/Skeleton';
import { useTemplatesQuery } from './api';
import { channelName, grouped, kindWords, languageName, templatePath, type KindTemplates, type MessageTemplate, type TemplateChannel } from './template';

export const CHANNEL_ICONS: Record<TemplateChannel, typeof Mail> = { email: Mail, sms: Smartphone, whatsapp: MessageCircle };

export function TemplatesPage() {
  const { t } = useTranslation();
  usePageTitle(t('templates.title'));
  const list = useTemplatesQuery();
  return (
    <>
      <PageHeader title={t('templates.title')}>{t('templates.intro')}</PageHeader>
      <QueryView
        query={list}
        skeleton={
          <div className="grid gap-4 md:grid-cols-2">
            {[0, 1, 2, 3].map((i) => (
              <Skeleton key={i} className="h-40" />
            ))}
          </div>
        }
      >
        {(kinds) => (
          <div className="space-y-8">
            {grouped(kinds).map((g) => (
              <section key={g.audience} aria-labelledby={`templates-${g.audience}`}>
                <h2 id={`templates-${g.audience}`} className="mb-3 text-lg font-semibold">
                  {t(`templates.groups.${g.audience}`)}
                </h2>
                <ul className="grid gap-4 md:grid-cols-2">
                  {g.kinds.map((k) => (
                    <KindCard key={k.kind} kind={k} />
                  ))}
                </ul>
              </section>
            ))}
          </div>
        )}
      </QueryView>
    </>
  );
}

/** A kind's versions by channel, in the order the server lists them. */
function channelsOf(k: KindTemplates): Array<{ channel: TemplateChannel; templates: MessageTemplate[] }> {
  const out: Array<{ channel: TemplateChannel; templates: MessageTemplate[] }> = [];
  for (const tp of k.templates) {
    const row = out.find((r) => r.channel === tp.channel);
    if (row) row.templates.push(tp);
    else out.push({ channel: tp.channel, templates: [tp] });
  }
  return out;
}

function KindCard({ kind: k }: { kind: KindTemplates }) {
  const { t, i18n } = useTranslation();
  const { name, about } = kindWords(t, k, i18n.language);
  const id = `template-kind-${k.kind}`;
  const custom = k.templates.filter((tp) => tp.custom).length;
  return (
    <li aria-labelledby={id}>
      <Card className="flex h-full flex-col gap-3 p-4">
        <div className="flex flex-wrap items-start justify-between gap-2">
          <h3 id={id} className="font-semibold leading-tight">
            {name}
          </h3>
          <span className="flex flex-wrap gap-1">
            {k.purpose !== 'transactional' && <Badge tone="violet">{t(`templates.purposes.${k.purpose}`, { defaultValue: k.purpose })}</Badge>}
            {custom > 0 && <Badge tone="green">{t('templates.customCount', { count: custom })}</Badge>}
          </span>
        </div>
        {about && <p className="text-sm text-slate-700 dark:text-slate-300">{about}</p>}
        <ul aria-label={t('templates.versions', { kind: name })} className="mt-auto space-y-2">
          {channelsOf(k).map(({ channel, templates }) => {
            const Icon = CHANNEL_ICONS[channel];
            const channelWords = channelName(t, channel);
            return (
              <li key={channel} className="flex flex-wrap items-center gap-2">
                <span className="flex w-24 shrink-0 items-center gap-2 text-sm font-medium">
                  <Icon className="h-4 w-4 shrink-0 text-slate-500 dark:text-slate-400" aria-hidden />
                  {channelWords}
                </span>
                {templates.map((tp) => (
                  <Link
                    key={tp.language}
                    to={templatePath(k.kind, tp.channel, tp.language)}
                    className="inline-flex min-h-11 items-center gap-2 rounded-md border border-slate-300 bg-white px-2.5 py-1.5 sm:px-3 text-sm text-slate-800 hover:bg-slate-50 md:min-h-9 dark:border-slate-700 dark:bg-slate-900 dark:text-slate-100 dark:hover:bg-slate-800"
                  >
                    <span className="sr-only">{channelWords} · </span>
                    {languageName(t, tp.language)}
                    {tp.custom && <Badge tone="green">{t('templates.custom')}</Badge>}
                    <ChevronRight className="-mr-1 hidden h-4 w-4 shrink-0 text-slate-400 sm:block" aria-hidden />
                  </Link>
                ))}
              </li>
            );
          })}
        </ul>
      </Card>
    </li>
  );
}
