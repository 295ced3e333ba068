// The mailbox, for Owners (`messages.read`): every message the system wrote to people, newest
// first, by channel and status (kept in the address with the page and the open message), a table
// on a desk and cards on a phone. A message opens in a sheet (MessageSheet) with its e-mail as
// sent, or its SMS or WhatsApp text. Without e-mail or a provider set up, messages are `kept`
// here, which the page explains. While a message just queued is about to go, it asks again.
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import { Info, X } from 'lucide-react';
import { api, unwrap } from '@/api/client';
import { usePageTitle } from '@/app/title';
import { formatDateTime, formatNumber } from '@/lib/format';
import { useMediaQuery } from '@/lib/useMediaQuery';
import { Button } from '@/ui/Button';
import { Card, PageHeader } from '@/ui/Card';
import { Chips } from '@/ui/Chips';
import { EmptyState } from '@/ui/EmptyState';
import { Select } from '@/ui/Field';
import { Pagination } from '@/ui/Pagination';
import { QueryView } from '@/ui/QueryView';
import { Skeleton } from '@/ui/Skeleton';
import { Table, Td, Th, THead, Tr } from '@/ui/Table';
import { messageKeys } from './keys';
import {
  CHANNELS,
  STATUSES,
  kindLabel,
  pollInterval,
  preview,
  readFilters,
  readOpen,
  statusLabel,
  writeFilters,
  type MailboxFilters,
  type Message,
  type MessageChannel,
} from './mailbox';
import { ChannelName, StatusBadge } from './MessageBadge';
import { MessageSheet } from './MessageSheet';

const PAGE_SIZE = 25;

export function MailboxPage() {
  const { t } = useTranslation();
  usePageTitle(t('mailbox.title'));
  const desktop = useMediaQuery('(min-width: 768px)');
  const [params, setParams] = useSearchParams();
  const filters = readFilters(params);
  const open = readOpen(params);
  const filtered = Boolean(filters.channel || filters.status);

  const messages = useQuery({
    queryKey: messageKeys.list(filters),
    queryFn: () =>
      unwrap(
        api.GET('/api/v1/messages', {
          params: { query: { page: filters.page, pageSize: PAGE_SIZE, channel: filters.channel ?? undefined, status: filters.status ?? undefined } },
        }),
      ),
    placeholderData: keepPreviousData,
    staleTime: 0,
    // A message just queued goes within a second or two: its new status shows without a reload.
    refetchInterval: (q) => pollInterval(q.state.data?.items ?? []),
  });

  const set = (next: Partial<MailboxFilters>) => setParams(writeFilters({ ...filters, page: 1, ...next }), { replace: true });
  const openMessage = (id: string | null) => setParams(writeFilters(filters, id), { replace: true });
  const items: Message[] = messages.data?.items ?? [];
  const kept = filters.status === 'kept' || items.some((m) => m.status === 'kept');

  const channelOptions: Array<{ value: MessageChannel | ''; label: string }> = [
    { value: '', label: t('mailbox.allChannels') },
    ...CHANNELS.map((c) => ({ value: c, label: t(`mailbox.channels.${c}`) })),
  ];

  return (
    <>
      <PageHeader title={t('mailbox.title')}>{t('mailbox.intro')}</PageHeader>
      {kept && (
        <div
          role="note"
          aria-labelledby="mailbox-kept-title"
          className="mb-4 flex gap-3 rounded-md border border-blue-200 bg-blue-50 p-4 text-sm text-blue-950 dark:border-blue-900 dark:bg-blue-950 dark:text-blue-100"
        >
          <Info className="mt-0.5 h-5 w-5 shrink-0" aria-hidden />
          <div>
            <p id="mailbox-kept-title" className="font-medium">
              {t('mailbox.keptTitle')}
            </p>
            <p className="mt-1">{t('mailbox.keptBody')}</p>
          </div>
        </div>
      )}
      <Card>
        <div
          role="group"
          aria-label={t('mailbox.filters')}
          className="flex flex-col gap-3 border-b border-slate-100 p-4 md:flex-row md:items-end md:justify-between dark:border-slate-800"
        >
          <div className="min-w-0 space-y-1">
            <p className="text-sm font-medium text-slate-700 dark:text-slate-300" aria-hidden>
              {t('mailbox.channel')}
            </p>
            <Chips
              label={t('mailbox.channel')}
              options={channelOptions}
              value={filters.channel ?? ''}
              onChange={(v) => set({ channel: v || null })}
              className="-mx-4 px-4 md:mx-0 md:px-0"
            />
          </div>
          <div className="flex flex-col gap-2 sm:flex-row sm:items-end">
            <Select
              className="md:w-60"
              label={t('mailbox.status')}
              value={filters.status ?? ''}
              placeholder={t('mailbox.allStatuses')}
              options={STATUSES.map((s) => ({ value: s, label: statusLabel(t, s) }))}
              onChange={(e) => set({ status: (e.target.value || null) as MailboxFilters['status'] })}
            />
            {filtered && (
              <Button variant="ghost" className="h-11 md:h-10" onClick={() => setParams(writeFilters({ channel: null, status: null, page: 1 }), { replace: true })}>
                <X className="h-4 w-4" aria-hidden />
                {t('mailbox.clear')}
              </Button>
            )}
          </div>
        </div>
        <QueryView
          query={messages}
          skeleton={<div className="space-y-2 p-4">{Array.from({ length: 5 }, (_, i) => <Skeleton key={i} className="h-12" />)}</div>}
        >
          {(data) =>
            data.items.length === 0 ? (
              <EmptyState title={filtered ? t('mailbox.emptyFiltered') : t('mailbox.empty')}>
                {filtered ? t('mailbox.emptyFilteredBody') : t('mailbox.emptyBody')}
              </EmptyState>
            ) : (
              <>
                <p aria-live="polite" className="px-4 pt-3 text-sm text-slate-600 dark:text-slate-400">
                  {data.totalExact
                    ? t('mailbox.count', { count: data.total, formatted: formatNumber(data.total) })
                    : t('mailbox.countAtLeast', { formatted: formatNumber(data.total) })}
                </p>
                {desktop ? <MessageTable items={data.items} onOpen={openMessage} /> : <MessageCards items={data.items} onOpen={openMessage} />}
                <Pagination page={filters.page} pageSize={PAGE_SIZE} total={data.total} exact={data.totalExact} onPage={(page) => set({ page })} />
              </>
            )
          }
        </QueryView>
      </Card>
      {open && (
        <MessageSheet id={open} initial={items.find((m) => m.id === open)} onClose={() => openMessage(null)} onCloseAutoFocus={(e) => returnFocus(e, open)} />
      )}
    </>
  );
}

/** Closed, the sheet gives the focus back to the message's button in the list, when it is there. */
function returnFocus(e: Event, id: string) {
  const opener = document.querySelector<HTMLElement>(`[data-message-id="${id}"]`);
  if (!opener) return;
  e.preventDefault();
  opener.focus();
}

function openLabel(t: TFunction, m: Message): string {
  return t('mailbox.open', { kind: kindLabel(t, m.kind), recipient: m.recipient, time: formatDateTime(m.createdAt), status: statusLabel(t, m.status) });
}

function MessageTable({ items, onOpen }: { items: Message[]; onOpen: (id: string) => void }) {
  const { t } = useTranslation();
  return (
    <Table caption={t('mailbox.title')}>
      <THead>
        <Th>{t('mailbox.message')}</Th>
        <Th>{t('mailbox.to')}</Th>
        <Th>{t('mailbox.kind')}</Th>
        <Th>{t('mailbox.channel')}</Th>
        <Th>{t('mailbox.status')}</Th>
        <Th>{t('mailbox.createdAt')}</Th>
      </THead>
      <tbody>
        {items.map((m) => (
          <Tr key={m.id} className="cursor-pointer" onClick={() => onOpen(m.id)}>
            <Td className="w-full max-w-0">
              <button
                type="button"
                data-message-id={m.id}
                className="block max-w-full truncate text-left font-medium text-brand-700 hover:underline dark:text-brand-100"
                title={preview(m)}
                onClick={(e) => {
                  e.stopPropagation();
                  onOpen(m.id);
                }}
              >
                {preview(m)}
              </button>
            </Td>
            <Td className="whitespace-nowrap">{m.recipient}</Td>
            <Td>{kindLabel(t, m.kind)}</Td>
            <Td>
              <ChannelName channel={m.channel} />
            </Td>
            <Td className="whitespace-nowrap">
              <StatusBadge status={m.status} />
            </Td>
            <Td className="whitespace-nowrap tabular-nums">
              <time dateTime={m.createdAt}>{formatDateTime(m.createdAt)}</time>
            </Td>
          </Tr>
        ))}
      </tbody>
    </Table>
  );
}

function MessageCards({ items, onOpen }: { items: Message[]; onOpen: (id: string) => void }) {
  const { t } = useTranslation();
  return (
    <ul aria-label={t('mailbox.title')} className="divide-y divide-slate-100 dark:divide-slate-800">
      {items.map((m) => (
        <li key={m.id}>
          <button
            type="button"
            data-message-id={m.id}
            aria-label={openLabel(t, m)}
            className="block w-full p-4 text-left hover:bg-slate-50 dark:hover:bg-slate-800/50"
            onClick={() => onOpen(m.id)}
          >
            <span className="flex items-start justify-between gap-2">
              <span className="font-medium">{kindLabel(t, m.kind)}</span>
              <StatusBadge status={m.status} />
            </span>
            <span className="mt-1 block break-all text-sm text-slate-700 dark:text-slate-300">{m.recipient}</span>
            <span className="mt-1 block line-clamp-2 text-sm text-slate-900 dark:text-slate-100">{preview(m)}</span>
            <span className="mt-2 flex flex-wrap items-center gap-x-3 gap-y-1 text-sm text-slate-600 dark:text-slate-400">
              <ChannelName channel={m.channel} />
              <time dateTime={m.createdAt} className="tabular-nums">
                {formatDateTime(m.createdAt)}
              </time>
            </span>
          </button>
        </li>
      ))}
    </ul>
  );
}
