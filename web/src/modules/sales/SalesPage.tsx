// The sales of a month (/sales?month=2026-12): number, day, customer, car, total, salesperson and
// whether it was cancelled (all on the list's rows, no request per row), its sales order and deal
// jacket as PDFs; a manager cancels one with its reason (a reversing record: the car returns to
// stock, the commission is reversed).
import { useState } from 'react';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { ChevronLeft, ChevronRight, Undo2 } from 'lucide-react';
import { api, unwrap } from '@/api/client';
import type { components } from '@/api/schema.gen';
import { useAuth } from '@/auth/AuthProvider';
import { useStoreScope } from '@/app/StoreScope';
import { usePageTitle } from '@/app/title';
import { fieldText } from '@/i18n/problems';
import { formatDate, formatMoney, orEmpty } from '@/lib/format';
import { useMediaQuery } from '@/lib/useMediaQuery';
import { vehicleKeys } from '@/modules/vehicles/keys';
import { Badge } from '@/ui/Badge';
import { Button } from '@/ui/Button';
import { Card } from '@/ui/Card';
import { Dialog } from '@/ui/Dialog';
import { EmptyState } from '@/ui/EmptyState';
import { Input, TextArea } from '@/ui/Field';
import { Pagination } from '@/ui/Pagination';
import { QueryView } from '@/ui/QueryView';
import { Skeleton } from '@/ui/Skeleton';
import { Table, Td, Th, THead, Tr } from '@/ui/Table';
import { useToast } from '@/ui/Toast';
import { DownloadButton } from './DownloadButton';
import { quoteKeys, saleKeys } from './keys';
import { isMonth, monthOf, shiftMonth } from './model';
import { CarName, explain, formatMonth, useStoreToday } from './shared';

const PAGE_SIZE = 25;

/** A sale as the list carries it: with its customer's, car's and salesperson's names and whether it was cancelled. */
type SaleRow = components['schemas']['SaleRow'];

/** The month in the address, else this month in the store's calendar. */
export function useMonthParam(): [string, (m: string) => void] {
  const { storeId } = useStoreScope();
  const today = useStoreToday(storeId);
  const [params, setParams] = useSearchParams();
  const raw = params.get('month');
  const month = isMonth(raw) ? raw : monthOf(today);
  return [month, (m) => setParams({ month: m }, { replace: true })];
}

export function MonthPicker({ month, onChange }: { month: string; onChange: (m: string) => void }) {
  const { t } = useTranslation();
  return (
    <div className="flex items-end gap-2">
      <Button variant="secondary" aria-label={t('salesList.previousMonth')} className="w-11 px-0" onClick={() => onChange(shiftMonth(month, -1))}>
        <ChevronLeft className="h-4 w-4" aria-hidden />
      </Button>
      <Input label={t('salesList.month')} type="month" value={month} className="w-44" onChange={(e) => isMonth(e.target.value) && onChange(e.target.value)} />
      <Button variant="secondary" aria-label={t('salesList.nextMonth')} className="w-11 px-0" onClick={() => onChange(shiftMonth(month, 1))}>
        <ChevronRight className="h-4 w-4" aria-hidden />
      </Button>
    </div>
  );
}

export function SalesPage() {
  const { t } = useTranslation();
  usePageTitle(t('salesList.title'));
  const desktop = useMediaQuery('(min-width: 768px)');
  const { storeId } = useStoreScope();
  const [month, setMonth] = useMonthParam();
  const [page, setPage] = useState(1);
  const query = { month, storeId: storeId ?? undefined, page, pageSize: PAGE_SIZE };
  const list = useQuery({
    queryKey: saleKeys.list(query),
    queryFn: () => unwrap(api.GET('/api/v1/sales', { params: { query } })),
    placeholderData: keepPreviousData,
  });
  return (
    <>
      <div className="mb-4 flex flex-wrap items-end justify-between gap-3">
        <div>
          <h1 className="text-2xl font-semibold tracking-tight">{t('salesList.title')}</h1>
          <p className="mt-0.5 text-sm text-slate-600 dark:text-slate-400">{formatMonth(month)}</p>
        </div>
        <MonthPicker
          month={month}
          onChange={(m) => {
            setPage(1);
            setMonth(m);
          }}
        />
      </div>
      <Card>
        <QueryView query={list} skeleton={<Skeleton className="m-4 h-40" />}>
          {(data) =>
            data.items.length === 0 ? (
              <EmptyState title={t('salesList.empty', { month: formatMonth(month, false) })} />
            ) : (
              <>
                {desktop ? <SaleTable items={data.items} /> : <SaleCards items={data.items} />}
                <Pagination page={page} pageSize={PAGE_SIZE} total={data.total} exact={data.totalExact} onPage={setPage} />
              </>
            )
          }
        </QueryView>
      </Card>
    </>
  );
}

function Cancelled({ sale }: { sale: SaleRow }) {
  const { t } = useTranslation();
  return sale.cancelled ? <Badge tone="red">{t('salesList.cancelled')}</Badge> : null;
}

/** The sale's total; a cancelled one's struck through and muted, as a record of what was undone (its badge says so in words). */
function Total({ sale }: { sale: SaleRow }) {
  return sale.cancelled ? <s className="text-slate-600 dark:text-slate-400">{formatMoney(sale.totalCents)}</s> : <>{formatMoney(sale.totalCents)}</>;
}

/** The sales order and the deal jacket (the order, the accepted quote and its acceptance record). */
function Documents({ sale }: { sale: SaleRow }) {
  const { t } = useTranslation();
  return (
    <>
      <DownloadButton
        variant="ghost"
        size="sm"
        label={t('salesList.orderLabel', { number: sale.number })}
        fallbackName={`pedido-${sale.number}.pdf`}
        load={() => api.GET('/api/v1/sales/{id}/pdf', { params: { path: { id: sale.id } }, parseAs: 'blob' })}
      >
        {t('salesList.order')}
      </DownloadButton>
      <DownloadButton
        variant="ghost"
        size="sm"
        label={t('salesList.jacketLabel', { number: sale.number })}
        fallbackName={`pasta-${sale.number}.pdf`}
        load={() => api.GET('/api/v1/sales/{id}/jacket', { params: { path: { id: sale.id } }, parseAs: 'blob' })}
      >
        {t('salesList.jacket')}
      </DownloadButton>
    </>
  );
}

function CancelAction({ sale }: { sale: SaleRow }) {
  const { t } = useTranslation();
  const { can } = useAuth();
  const [open, setOpen] = useState(false);
  if (!can('vehicles.undo_sale') || sale.cancelled) return null;
  return (
    <>
      <Button variant="ghost" size="sm" className="text-red-700 dark:text-red-400" onClick={() => setOpen(true)} aria-label={t('salesList.cancelLabel', { number: sale.number })}>
        <Undo2 className="h-4 w-4" aria-hidden />
        {t('salesList.cancel')}
      </Button>
      <CancelDialog sale={sale} open={open} onOpenChange={setOpen} />
    </>
  );
}

function CancelDialog({ sale, open, onOpenChange }: { sale: SaleRow; open: boolean; onOpenChange: (o: boolean) => void }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const toast = useToast();
  const [reason, setReason] = useState('');
  const [missing, setMissing] = useState(false);
  const cancel = useMutation({
    mutationFn: () => unwrap(api.POST('/api/v1/sales/{id}/cancellation', { params: { path: { id: sale.id } }, body: { reason: reason.trim() } })),
    onSuccess: (s) => {
      qc.setQueryData(saleKeys.detail(sale.id), s);
      void qc.invalidateQueries({ queryKey: saleKeys.all });
      void qc.invalidateQueries({ queryKey: vehicleKeys.all });
      void qc.invalidateQueries({ queryKey: quoteKeys.all });
      toast.success(t('salesList.cancelDone', { number: sale.number }));
      onOpenChange(false);
    },
  });
  return (
    <Dialog
      open={open}
      onOpenChange={onOpenChange}
      title={t('salesList.cancelTitle', { number: sale.number })}
      description={t('salesList.cancelBody')}
      footer={
        <>
          <Button variant="secondary" onClick={() => onOpenChange(false)}>
            {t('common.cancel')}
          </Button>
          <Button
            variant="danger"
            loading={cancel.isPending}
            onClick={() => {
              setMissing(!reason.trim());
              if (reason.trim()) cancel.mutate();
            }}
          >
            {t('salesList.cancelConfirm')}
          </Button>
        </>
      }
    >
      {cancel.isError && (
        <p role="alert" className="mb-3 text-sm text-red-700 dark:text-red-400">
          {explain(t, cancel.error)}
        </p>
      )}
      <TextArea label={t('salesList.reason')} value={reason} maxLength={500} error={missing ? fieldText(t, 'validation.required') : undefined} onChange={(e) => setReason(e.target.value)} />
    </Dialog>
  );
}

function SaleTable({ items }: { items: SaleRow[] }) {
  const { t } = useTranslation();
  return (
    <Table caption={t('salesList.title')}>
      <THead>
        <Th>{t('salesList.col.number')}</Th>
        <Th>{t('salesList.col.date')}</Th>
        <Th>{t('salesList.col.customer')}</Th>
        <Th>{t('salesList.col.vehicle')}</Th>
        <Th numeric>{t('salesList.col.total')}</Th>
        <Th>{t('salesList.col.salesperson')}</Th>
        <Th>
          <span className="sr-only">{t('common.actions')}</span>
        </Th>
      </THead>
      <tbody>
        {items.map((s) => (
          <Tr key={s.id}>
            <Td className="whitespace-nowrap">
              <Link to={`/quotes/${s.quoteId}`} className="font-mono font-medium text-brand-700 hover:underline dark:text-brand-100">
                {s.number}
              </Link>{' '}
              <Cancelled sale={s} />
            </Td>
            <Td className="whitespace-nowrap">{formatDate(s.soldAt)}</Td>
            <Td>{orEmpty(s.customerName)}</Td>
            <Td>
              <CarName car={s.vehicle} />
            </Td>
            <Td numeric>
              <Total sale={s} />
            </Td>
            <Td>{orEmpty(s.salespersonName)}</Td>
            <Td className="text-right">
              <div className="flex flex-col items-end gap-1 whitespace-nowrap">
                <Documents sale={s} />
                <CancelAction sale={s} />
              </div>
            </Td>
          </Tr>
        ))}
      </tbody>
    </Table>
  );
}

function SaleCards({ items }: { items: SaleRow[] }) {
  return (
    <ul className="divide-y divide-slate-100 dark:divide-slate-800">
      {items.map((s) => (
        <li key={s.id} className="space-y-1 p-3">
          <div className="flex items-center justify-between gap-2">
            <Link to={`/quotes/${s.quoteId}`} className="inline-flex min-h-11 items-center font-mono font-medium text-brand-700 underline dark:text-brand-100">
              {s.number}
            </Link>
            <span className="flex items-center gap-2">
              <Cancelled sale={s} />
              <span className="text-sm text-slate-600 dark:text-slate-400">{formatDate(s.soldAt)}</span>
            </span>
          </div>
          <p className="font-medium">{orEmpty(s.customerName)}</p>
          <p className="text-sm text-slate-600 dark:text-slate-400">
            <CarName car={s.vehicle} />
          </p>
          <div className="flex items-center justify-between gap-2">
            <span className="font-semibold tabular-nums">
              <Total sale={s} />
            </span>
            <span className="text-xs text-slate-600 dark:text-slate-400">{orEmpty(s.salespersonName)}</span>
          </div>
          <div className="flex flex-wrap gap-1">
            <Documents sale={s} />
            <CancelAction sale={s} />
          </div>
        </li>
      ))}
    </ul>
  );
}
