import { Fragment } from 'react';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { Copy } from 'lucide-react';
import { api, unwrap } from '@/api/client';
import type { components } from '@/api/schema.gen';
import { usePageTitle } from '@/app/title';
import { formatDateTime, formatNumber } from '@/lib/format';
import { Badge } from '@/ui/Badge';
import { Button } from '@/ui/Button';
import { Card, PageHeader } from '@/ui/Card';
import { EmptyState } from '@/ui/EmptyState';
import { Pagination } from '@/ui/Pagination';
import { QueryView } from '@/ui/QueryView';
import { Skeleton } from '@/ui/Skeleton';
import { useToast } from '@/ui/Toast';
import { messageKeys } from './keys';

type Message = components['schemas']['MessageView'];

const PAGE_SIZE = 25;
const URL_RE = /(https?:\/\/[^\s]+)/g;
/** The message's first link (a reset link), if any. */
const linkOf = (text: string) => /https?:\/\/[^\s]+/.exec(text)?.[0];

/** The message's text with its links clickable (a reset link is what the Owner passes on). */
function Body({ text }: { text: string }) {
  return (
    <p className="whitespace-pre-wrap break-words text-sm">
      {text.split(URL_RE).map((part, i) =>
        i % 2 === 1 ? (
          <a key={i} href={part} className="break-all text-brand-700 underline dark:text-brand-100" rel="noreferrer">
            {part}
          </a>
        ) : (
          <Fragment key={i}>{part}</Fragment>
        ),
      )}
    </p>
  );
}

/**
 * The messages the system wrote to people, for Owners: until e-mail is set up, a password reset
 * link reaches its user through them.
 */
export function MailboxPage() {
  const { t } = useTranslation();
  usePageTitle(t('mailbox.title'));
  const toast = useToast();
  const [params, setParams] = useSearchParams();
  const page = Math.max(1, Math.floor(Number(params.get('page') ?? '1')) || 1);
  const messages = useQuery({
    queryKey: messageKeys.list(page),
    queryFn: () => unwrap(api.GET('/api/v1/messages', { params: { query: { page, pageSize: PAGE_SIZE } } })),
    placeholderData: keepPreviousData,
    staleTime: 0,
  });

  const copy = (m: Message) => {
    const link = linkOf(m.body);
    if (link) void navigator.clipboard?.writeText(link).then(() => toast.success(t('mailbox.copied')));
  };

  return (
    <>
      <PageHeader title={t('mailbox.title')}>{t('mailbox.intro')}</PageHeader>
      <Card>
        <QueryView
          query={messages}
          skeleton={<div className="space-y-3 p-4">{Array.from({ length: 3 }, (_, i) => <Skeleton key={i} className="h-24" />)}</div>}
        >
          {(data) =>
            data.items.length === 0 ? (
              <EmptyState title={t('mailbox.empty')}>{t('mailbox.emptyBody')}</EmptyState>
            ) : (
              <>
                <p className="border-b border-slate-100 px-4 py-3 text-sm text-slate-600 dark:border-slate-800 dark:text-slate-400">
                  {t('mailbox.count', { count: data.total, formatted: formatNumber(data.total) })}
                </p>
                <ul className="divide-y divide-slate-100 dark:divide-slate-800">
                  {data.items.map((m) => (
                    <li key={m.id} className="space-y-2 p-4">
                      <div className="flex flex-wrap items-baseline justify-between gap-x-4 gap-y-1">
                        <p className="font-semibold">{m.subject}</p>
                        <time dateTime={m.createdAt} className="text-sm tabular-nums text-slate-600 dark:text-slate-400">
                          {formatDateTime(m.createdAt)}
                        </time>
                      </div>
                      <p className="flex flex-wrap items-center gap-2 text-sm text-slate-700 dark:text-slate-300">
                        <span>
                          {t('mailbox.to')}: {m.recipient}
                        </span>
                        <Badge tone="gray">{t(`mailbox.kinds.${m.kind}`, { defaultValue: m.kind })}</Badge>
                        {m.sentAt ? (
                          <Badge tone="green">{t('mailbox.sent', { when: formatDateTime(m.sentAt) })}</Badge>
                        ) : (
                          <Badge tone="amber">{t('mailbox.pending')}</Badge>
                        )}
                      </p>
                      <div className="rounded-md bg-slate-50 p-3 dark:bg-slate-800/50">
                        <Body text={m.body} />
                      </div>
                      {linkOf(m.body) && (
                        <Button variant="secondary" size="sm" className="h-11 sm:h-8" onClick={() => copy(m)}>
                          <Copy className="h-4 w-4" aria-hidden />
                          {t('mailbox.copyLink')}
                        </Button>
                      )}
                    </li>
                  ))}
                </ul>
                <Pagination
                  page={page}
                  pageSize={PAGE_SIZE}
                  total={data.total}
                  exact={data.totalExact}
                  onPage={(p) => setParams(p > 1 ? { page: String(p) } : {}, { replace: true })}
                />
              </>
            )
          }
        </QueryView>
      </Card>
    </>
  );
}
