import { useMemo } from 'react';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { Plus } from 'lucide-react';
import { api, unwrap } from '@/api/client';
import type { components } from '@/api/schema.gen';
import { useAuth } from '@/auth/AuthProvider';
import { useStoreScope } from '@/app/StoreScope';
import { usePageTitle } from '@/app/title';
import { formatDate, formatMoney, orEmpty } from '@/lib/format';
import { useMediaQuery } from '@/lib/useMediaQuery';
import { Button } from '@/ui/Button';
import { Card } from '@/ui/Card';
import { Chips } from '@/ui/Chips';
import { EmptyState } from '@/ui/EmptyState';
import { Pagination } from '@/ui/Pagination';
import { QueryView } from '@/ui/QueryView';
import { Skeleton } from '@/ui/Skeleton';
import { Table, Td, Th, THead, Tr } from '@/ui/Table';
import { quoteKeys } from './keys';
import { QUOTE_STATUSES, type QuoteStatus } from './model';
import { CarName, QuoteStatusBadge } from './shared';

const PAGE_SIZE = 25;

/** A quote as the list carries it: with its customer's, car's and salesperson's names. */
type QuoteRow = components['schemas']['QuoteRow'];

/** The quotes the user may see (a salesperson's own, a manager's stores'), newest first, by status. */
export function QuotesPage() {
  const { t } = useTranslation();
  usePageTitle(t('quotes.title'));
  const { can } = useAuth();
  const navigate = useNavigate();
  const desktop = useMediaQuery('(min-width: 768px)');
  const { storeId } = useStoreScope();
  const [params, setParams] = useSearchParams();
  const raw = params.get('status') ?? '';
  const status = (QUOTE_STATUSES as readonly string[]).includes(raw) ? (raw as QuoteStatus) : '';
  const pageParam = Number(params.get('page') ?? '1');
  const page = Number.isInteger(pageParam) && pageParam > 0 ? pageParam : 1;
  const query = useMemo(() => ({ status: status || undefined, storeId: storeId ?? undefined, page, pageSize: PAGE_SIZE }), [status, storeId, page]);
  const list = useQuery({
    queryKey: quoteKeys.list(query),
    queryFn: () => unwrap(api.GET('/api/v1/quotes', { params: { query } })),
    placeholderData: keepPreviousData,
  });
  const update = (next: { status?: QuoteStatus | ''; page?: number }) => {
    const p = new URLSearchParams();
    const s = next.status ?? status;
    if (s) p.set('status', s);
    const n = next.page ?? 1;
    if (n > 1) p.set('page', String(n));
    setParams(p, { replace: true });
  };

  return (
    <>
      <div className="mb-3 flex items-start justify-between gap-3 md:mb-4">
        <div className="min-w-0">
          <h1 className="text-2xl font-semibold tracking-tight">{t('quotes.title')}</h1>
          <p className="mt-0.5 text-sm text-slate-600 dark:text-slate-400">{t('quotes.intro')}</p>
        </div>
        {can('quotes.write') && (
          <Button onClick={() => navigate('/quotes/new')} className="shrink-0">
            <Plus className="h-4 w-4" aria-hidden />
            {t('quotes.new')}
          </Button>
        )}
      </div>
      <StatusChips value={status} onChange={(s) => update({ status: s })} />
      <Card>
        <QueryView
          query={list}
          skeleton={
            <div className="space-y-2 p-4">
              {Array.from({ length: 6 }, (_, i) => (
                <Skeleton key={i} className="h-12" />
              ))}
            </div>
          }
        >
          {(data) =>
            data.items.length === 0 ? (
              <EmptyState title={t('quotes.emptyTitle')}>{status ? t('quotes.emptyFiltered') : t('quotes.emptyBody')}</EmptyState>
            ) : (
              <>
                {desktop ? <QuoteTable items={data.items} /> : <QuoteCards items={data.items} />}
                <Pagination page={page} pageSize={PAGE_SIZE} total={data.total} exact={data.totalExact} onPage={(p) => update({ page: p })} />
              </>
            )
          }
        </QueryView>
      </Card>
    </>
  );
}

function StatusChips({ value, onChange }: { value: QuoteStatus | ''; onChange: (s: QuoteStatus | '') => void }) {
  const { t } = useTranslation();
  const options = [{ value: '' as const, label: t('quotes.allStatuses') }, ...QUOTE_STATUSES.map((s) => ({ value: s, label: t(`quotes.status.${s}`) }))];
  return <Chips label={t('quotes.statusFilter')} options={options} value={value} onChange={onChange} className="mb-3 pb-1" />;
}

function QuoteTable({ items }: { items: QuoteRow[] }) {
  const { t } = useTranslation();
  return (
    <Table caption={t('quotes.title')}>
      <THead>
        <Th>{t('quotes.col.number')}</Th>
        <Th>{t('quotes.col.status')}</Th>
        <Th>{t('quotes.col.customer')}</Th>
        <Th>{t('quotes.col.vehicle')}</Th>
        <Th numeric>{t('quotes.col.total')}</Th>
        <Th>{t('quotes.col.validUntil')}</Th>
        <Th>{t('quotes.col.salesperson')}</Th>
      </THead>
      <tbody>
        {items.map((q) => (
          <Tr key={q.id}>
            <Td className="whitespace-nowrap">
              <Link to={`/quotes/${q.id}`} className="font-mono font-medium text-brand-700 hover:underline dark:text-brand-100">
                {q.number}
              </Link>
            </Td>
            <Td>
              <QuoteStatusBadge status={q.status} />
            </Td>
            <Td>{orEmpty(q.customerName)}</Td>
            <Td>
              <CarName car={q.vehicle} />
            </Td>
            <Td numeric>{formatMoney(q.totalCents)}</Td>
            <Td className="whitespace-nowrap">{formatDate(q.validUntil)}</Td>
            <Td>{orEmpty(q.salespersonName)}</Td>
          </Tr>
        ))}
      </tbody>
    </Table>
  );
}

function QuoteCards({ items }: { items: QuoteRow[] }) {
  const { t } = useTranslation();
  return (
    <ul className="divide-y divide-slate-100 dark:divide-slate-800">
      {items.map((q) => (
        <li key={q.id}>
          <Link to={`/quotes/${q.id}`} className="block min-h-11 p-3 hover:bg-slate-50 dark:hover:bg-slate-800/50">
            <div className="flex items-center justify-between gap-2">
              <span className="font-mono text-sm font-medium">{q.number}</span>
              <QuoteStatusBadge status={q.status} />
            </div>
            <p className="mt-1 font-medium leading-snug">{orEmpty(q.customerName)}</p>
            <p className="text-sm text-slate-600 dark:text-slate-400">
              <CarName car={q.vehicle} />
            </p>
            <p className="mt-1 flex flex-wrap justify-between gap-x-3 text-sm">
              <span className="font-semibold tabular-nums">{formatMoney(q.totalCents)}</span>
              <span className="text-slate-600 dark:text-slate-400">{t('quotes.validUntilShort', { date: formatDate(q.validUntil) })}</span>
            </p>
            <p className="text-xs text-slate-600 dark:text-slate-400">{orEmpty(q.salespersonName)}</p>
          </Link>
        </li>
      ))}
    </ul>
  );
}
