import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Link, useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { MessageCircle } from 'lucide-react';
import { api, unwrap } from '@/api/client';
import { useStoreScope } from '@/app/StoreScope';
import { usePageTitle } from '@/app/title';
import { Badge } from '@/ui/Badge';
import { Card, PageHeader } from '@/ui/Card';
import { Chips } from '@/ui/Chips';
import { EmptyState } from '@/ui/EmptyState';
import { Select } from '@/ui/Field';
import { Pagination } from '@/ui/Pagination';
import { QueryView } from '@/ui/QueryView';
import { Skeleton } from '@/ui/Skeleton';
import { cn } from '@/ui/cn';
import { conversationKeys } from './keys';
import { ago, clockTime, conversationPhone, POLL_MS, windowOpen, type Conversation, type ConversationStatus } from './conversations/model';

const PAGE_SIZE = 25;

/**
 * The stores' shared WhatsApp inbox: the conversations, the latest first, with what no one has read
 * and whether free text may still go; one opens the lead's conversation. It looks for new messages
 * every 20 seconds while on screen.
 */
export function ConversationsPage() {
  const { t } = useTranslation();
  const { stores, storeId: scopeStore, storeName } = useStoreScope();
  const [params, setParams] = useSearchParams();
  // `?store=all` keeps every store even when the shell's switcher is on one.
  const storeParam = params.get('store');
  const storeId = storeParam === 'all' ? null : storeParam || scopeStore;
  const status: ConversationStatus = params.get('status') === 'closed' ? 'closed' : 'open';
  const page = Math.max(1, Number(params.get('page')) || 1);
  usePageTitle(t('conversations.title'));

  const filters = { storeId, status, page };
  const inbox = useQuery({
    queryKey: conversationKeys.list(filters),
    placeholderData: keepPreviousData,
    refetchInterval: POLL_MS,
    queryFn: () => unwrap(api.GET('/api/v1/conversations', { params: { query: { storeId: storeId ?? undefined, status, page, pageSize: PAGE_SIZE } } })),
  });
  const set = (changes: Record<string, string | null>) => {
    const next = new URLSearchParams(params);
    for (const [key, value] of Object.entries(changes)) {
      if (value) next.set(key, value);
      else next.delete(key);
    }
    setParams(next, { replace: true });
  };

  return (
    <>
      <PageHeader title={t('conversations.title')}>{t('conversations.subtitle')}</PageHeader>
      <div className="mb-4 flex flex-wrap items-end gap-3">
        <Chips
          label={t('conversations.status')}
          value={status}
          onChange={(s) => set({ status: s === 'open' ? null : s, page: null })}
          options={(['open', 'closed'] as const).map((s) => ({ value: s, label: t(`conversations.statuses.${s}`) }))}
        />
        {stores.length > 1 && (
          <Select
            label={t('conversations.store')}
            className="w-full sm:w-64"
            value={storeId ?? ''}
            onChange={(e) => set({ store: e.target.value || 'all', page: null })}
            options={[{ value: '', label: t('stores.all') }, ...stores.map((s) => ({ value: s.id, label: s.name }))]}
          />
        )}
      </div>
      <Card>
        <QueryView query={inbox} skeleton={<Skeleton className="m-4 h-48" />}>
          {(data) =>
            data.items.length === 0 ? (
              <EmptyState icon={MessageCircle} title={t(`conversations.empty.${status}`)}>
                {t('conversations.emptyBody')}
              </EmptyState>
            ) : (
              <>
                <ul aria-label={t('conversations.list')} className="divide-y divide-slate-100 dark:divide-slate-800">
                  {data.items.map((c) => (
                    <ConversationRow key={c.id} c={c} store={stores.length > 1 && !storeId ? storeName(c.storeId) : null} />
                  ))}
                </ul>
                {data.total > PAGE_SIZE && <Pagination page={page} pageSize={PAGE_SIZE} total={data.total} exact={data.totalExact} onPage={(p) => set({ page: p > 1 ? String(p) : null })} />}
              </>
            )
          }
        </QueryView>
      </Card>
    </>
  );
}

/** One conversation: who, their number, the last words, when, how many unread, the window. */
function ConversationRow({ c, store }: { c: Conversation; store: string | null }) {
  const { t, i18n } = useTranslation();
  const when = ago(c.lastMessageAt);
  const open = windowOpen(c);
  const unread = c.unread > 0;
  // A conversation belongs to the customer's open lead; without one, to the customer.
  const to = c.leadId ? `/leads/${c.leadId}#whatsapp` : `/customers/${c.customerId}`;
  return (
    <li>
      <Link to={to} className="flex gap-3 px-4 py-3 hover:bg-slate-50 focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-inset focus-visible:ring-brand-600 dark:hover:bg-slate-800/60">
        <MessageCircle className={cn('mt-0.5 h-5 w-5 shrink-0', unread ? 'text-green-700 dark:text-green-400' : 'text-slate-400')} aria-hidden />
        <div className="min-w-0 flex-1">
          <div className="flex items-baseline justify-between gap-2">
            <p className={cn('truncate', unread ? 'font-semibold' : 'font-medium')}>{c.customerName}</p>
            <time dateTime={c.lastMessageAt} title={new Date(c.lastMessageAt).toLocaleString(i18n.language)} className="shrink-0 text-xs text-slate-600 dark:text-slate-400">
              {when.unit === 'now' ? t('conversations.ago.now') : t(`conversations.ago.${when.unit}`, { count: when.count })}
            </time>
          </div>
          <p className="text-sm tabular-nums text-slate-700 dark:text-slate-300">
            {conversationPhone(c.phone)}
            {store && <span className="text-slate-600 dark:text-slate-400"> · {store}</span>}
          </p>
          <div className="mt-1 flex items-center justify-between gap-2">
            <p className={cn('min-w-0 truncate text-sm', unread ? 'text-slate-900 dark:text-slate-100' : 'text-slate-600 dark:text-slate-400')}>{c.lastPreview}</p>
            {unread && (
              <span className="inline-flex min-w-6 shrink-0 items-center justify-center rounded-full bg-green-700 px-1.5 text-xs font-semibold text-white">
                <span aria-hidden>{c.unread}</span>
                <span className="sr-only">{t('conversations.unread', { count: c.unread })}</span>
              </span>
            )}
          </div>
          <div className="mt-1.5">
            <Badge tone={open ? 'green' : 'gray'}>{open && c.windowEndsAt ? t('conversations.windowOpenUntil', { time: clockTime(c.windowEndsAt, i18n.language) }) : t('conversations.windowClosed')}</Badge>
          </div>
        </div>
      </Link>
    </li>
  );
}
