// An endpoint's delivery log, newest first: by status and event type (kept in the address), a
// table on a desk and cards on a phone, each delivery opening its body and attempts. After a test
// or a redelivery the log asks again every second until that delivery's attempt is in.
import { useCallback, useEffect, useState } from 'react';
import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query';
import { useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import { api, unwrap } from '@/api/client';
import { EMPTY, formatDateTime, formatNumber } from '@/lib/format';
import { useMediaQuery } from '@/lib/useMediaQuery';
import { Card } from '@/ui/Card';
import { Chips } from '@/ui/Chips';
import { EmptyState } from '@/ui/EmptyState';
import { Select } from '@/ui/Field';
import { Pagination } from '@/ui/Pagination';
import { QueryView } from '@/ui/QueryView';
import { Skeleton } from '@/ui/Skeleton';
import { Table, Td, Th, THead, Tr } from '@/ui/Table';
import { useToast } from '@/ui/Toast';
import { useEventTypesQuery } from './api';
import { DeliveryBadge, httpStatus, latency } from './DeliveryBadge';
import { DeliverySheet } from './DeliverySheet';
import { webhookKeys, type DeliveryFilters } from './keys';
import { DELIVERY_STATUSES, TEST_TYPE, deliveryStatus, eventLabel, type Delivery, type DeliveryStatus } from './model';

const PAGE_SIZE = 20;

/** A delivery the log waits for (a test just sent): asked again until its first attempt is in. */
export interface Watch {
  deliveryId: string;
  until: number;
}

function readFilters(p: URLSearchParams): DeliveryFilters {
  const type = p.get('type');
  return {
    status: deliveryStatus(p.get('status') ?? ''),
    eventType: type && /^[a-z_]+\.[a-z_]+$/.test(type) ? type : null,
    page: Math.max(1, Math.floor(Number(p.get('page') ?? '1')) || 1),
  };
}

function writeFilters(p: URLSearchParams, f: DeliveryFilters): URLSearchParams {
  const next = new URLSearchParams(p);
  for (const [k, v] of [
    ['status', f.status],
    ['type', f.eventType],
    ['page', f.page > 1 ? String(f.page) : null],
  ] as const) {
    if (v) next.set(k, v);
    else next.delete(k);
  }
  return next;
}

export function DeliveryLog({
  endpointId,
  endpointActive,
  watch,
  onWatched,
}: {
  endpointId: string;
  endpointActive: boolean;
  watch: Watch | null;
  /** The watched delivery had its attempt (or the wait ran out). */
  onWatched: (d: Delivery | null) => void;
}) {
  const { t } = useTranslation();
  const desktop = useMediaQuery('(min-width: 768px)');
  const [params, setParams] = useSearchParams();
  const filters = readFilters(params);
  const [open, setOpen] = useState<string | null>(null);
  const catalogue = useEventTypesQuery();
  const log = useQuery({
    queryKey: webhookKeys.deliveryList(endpointId, filters),
    queryFn: () =>
      unwrap(
        api.GET('/api/v1/webhooks/endpoints/{id}/deliveries', {
          params: {
            path: { id: endpointId },
            query: { page: filters.page, pageSize: PAGE_SIZE, status: filters.status ?? undefined, eventType: filters.eventType ?? undefined },
          },
        }),
      ),
    placeholderData: keepPreviousData,
    refetchInterval: watch ? 1000 : false,
  });

  // The watched delivery's first attempt is in, or it is taking longer than a look can wait.
  const watched = watch ? log.data?.items.find((d) => d.id === watch.deliveryId) : undefined;
  useEffect(() => {
    if (!watch) return;
    if (watched && watched.attempts > 0) {
      onWatched(watched);
      return;
    }
    const left = watch.until - Date.now();
    const timer = setTimeout(() => onWatched(null), Math.max(0, left));
    return () => clearTimeout(timer);
  }, [watch, watched, onWatched]);

  const set = (next: Partial<DeliveryFilters>) => setParams(writeFilters(params, { ...filters, page: 1, ...next }), { replace: true });
  const filtered = Boolean(filters.status || filters.eventType);
  const typeOptions = [...(catalogue.data ?? []), TEST_TYPE].map((type) => ({ value: type, label: eventLabel(t, type) }));
  const statusOptions: Array<{ value: DeliveryStatus | ''; label: string }> = [
    { value: '', label: t('webhooks.log.allStatuses') },
    ...DELIVERY_STATUSES.map((s) => ({ value: s, label: t(`webhooks.delivery.${s}`) })),
  ];

  return (
    <section aria-labelledby="webhook-log-title">
      <h2 id="webhook-log-title" className="mb-3 text-lg font-semibold">
        {t('webhooks.log.title')}
      </h2>
      <Card>
        <div className="flex flex-col gap-3 border-b border-slate-100 p-4 md:flex-row md:items-end md:justify-between dark:border-slate-800">
          <Chips label={t('webhooks.log.status')} options={statusOptions} value={filters.status ?? ''} onChange={(v) => set({ status: v || null })} className="-mx-4 px-4 md:mx-0 md:px-0" />
          <Select
            className="md:w-72"
            label={t('webhooks.log.eventType')}
            value={filters.eventType ?? ''}
            placeholder={t('webhooks.log.allTypes')}
            options={typeOptions}
            onChange={(e) => set({ eventType: e.target.value || null })}
          />
        </div>
        <QueryView
          query={log}
          skeleton={<div className="space-y-2 p-4">{Array.from({ length: 4 }, (_, i) => <Skeleton key={i} className="h-12" />)}</div>}
        >
          {(data) =>
            data.items.length === 0 ? (
              <EmptyState title={filtered ? t('webhooks.log.emptyFiltered') : t('webhooks.log.empty')}>
                {filtered ? null : t('webhooks.log.emptyBody')}
              </EmptyState>
            ) : (
              <>
                <p aria-live="polite" className="px-4 pt-3 text-sm text-slate-600 dark:text-slate-400">
                  {data.totalExact ? t('webhooks.log.count', { count: data.total, formatted: formatNumber(data.total) }) : t('webhooks.log.countAtLeast', { formatted: formatNumber(data.total) })}
                </p>
                {desktop ? <DeliveryTable items={data.items} onOpen={setOpen} /> : <DeliveryCards items={data.items} onOpen={setOpen} />}
                <Pagination page={filters.page} pageSize={PAGE_SIZE} total={data.total} exact={data.totalExact} onPage={(page) => set({ page })} />
              </>
            )
          }
        </QueryView>
      </Card>
      {open && <DeliverySheet deliveryId={open} endpointId={endpointId} endpointActive={endpointActive} onClose={() => setOpen(null)} />}
    </section>
  );
}

/** The last answer in words: `HTTP 200`, "Sem resposta" after an attempt none answered, or the empty mark. */
function answerText(t: TFunction, d: Delivery): string {
  if (d.lastStatus !== null && d.lastStatus !== undefined) return t('webhooks.delivery.http', { status: httpStatus(d.lastStatus) });
  return d.attempts > 0 ? t('webhooks.delivery.noAnswer') : EMPTY;
}

function openLabel(t: TFunction, d: Delivery): string {
  return t('webhooks.log.open', { event: eventLabel(t, d.eventType), time: formatDateTime(d.createdAt) });
}

function DeliveryTable({ items, onOpen }: { items: Delivery[]; onOpen: (id: string) => void }) {
  const { t } = useTranslation();
  return (
    <Table caption={t('webhooks.log.title')}>
      <THead>
        <Th>{t('webhooks.log.event')}</Th>
        <Th>{t('webhooks.log.when')}</Th>
        <Th>{t('webhooks.log.status')}</Th>
        <Th numeric>{t('webhooks.log.http')}</Th>
        <Th numeric>{t('webhooks.log.latency')}</Th>
        <Th numeric>{t('webhooks.log.attempts')}</Th>
      </THead>
      <tbody>
        {items.map((d) => (
          <Tr key={d.id} className="cursor-pointer" onClick={() => onOpen(d.id)}>
            <Td>
              <button
                type="button"
                className="text-left font-medium text-brand-700 hover:underline dark:text-brand-100"
                aria-label={openLabel(t, d)}
                onClick={(e) => {
                  e.stopPropagation();
                  onOpen(d.id);
                }}
              >
                {eventLabel(t, d.eventType)}
              </button>
            </Td>
            <Td className="whitespace-nowrap">{formatDateTime(d.createdAt)}</Td>
            <Td>
              <DeliveryBadge status={d.status} />
            </Td>
            <Td numeric>{httpStatus(d.lastStatus)}</Td>
            <Td numeric className="whitespace-nowrap">
              {latency(d.lastLatencyMs)}
            </Td>
            <Td numeric>{formatNumber(d.attempts)}</Td>
          </Tr>
        ))}
      </tbody>
    </Table>
  );
}

function DeliveryCards({ items, onOpen }: { items: Delivery[]; onOpen: (id: string) => void }) {
  const { t } = useTranslation();
  return (
    <ul aria-label={t('webhooks.log.title')} className="divide-y divide-slate-100 dark:divide-slate-800">
      {items.map((d) => (
        <li key={d.id}>
          <button
            type="button"
            aria-label={openLabel(t, d)}
            className="block w-full p-4 text-left hover:bg-slate-50 dark:hover:bg-slate-800/50"
            onClick={() => onOpen(d.id)}
          >
            <span className="flex items-start justify-between gap-2">
              <span className="font-medium">{eventLabel(t, d.eventType)}</span>
              <DeliveryBadge status={d.status} />
            </span>
            <span className="mt-1 block text-sm text-slate-600 dark:text-slate-400">{formatDateTime(d.createdAt)}</span>
            <span className="mt-1 block text-sm text-slate-700 tabular-nums dark:text-slate-300">
              {t('webhooks.log.summary', { answer: answerText(t, d), latency: latency(d.lastLatencyMs), count: d.attempts })}
            </span>
          </button>
        </li>
      ))}
    </ul>
  );
}

/** Tells how a test went once its first attempt is in. */
export function useTestOutcome() {
  const { t } = useTranslation();
  const toast = useToast();
  const qc = useQueryClient();
  return useCallback((endpointId: string, d: Delivery | null) => {
    void qc.invalidateQueries({ queryKey: webhookKeys.detail(endpointId), exact: true });
    void qc.invalidateQueries({ queryKey: webhookKeys.list() });
    if (!d) return;
    if (d.status === 'succeeded') toast.success(t('webhooks.test.succeeded', { status: httpStatus(d.lastStatus), latency: latency(d.lastLatencyMs) }));
    else toast.error(t('webhooks.test.failed'), d.lastStatus ? t('webhooks.test.failedStatus', { status: d.lastStatus }) : t('webhooks.test.noAnswer'));
  }, [t, toast, qc]);
}
