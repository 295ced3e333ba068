import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { AlertTriangle, CalendarClock, Car, Wallet } from 'lucide-react';
import type { ComponentType, ReactNode } from 'react';
import { api, unwrap } from '@/api/client';
import { useAuth } from '@/auth/AuthProvider';
import { useStoreScope } from '@/app/StoreScope';
import { usePageTitle } from '@/app/title';
import { formatMoney, formatNumber } from '@/lib/format';
import { Card, PageHeader } from '@/ui/Card';
import { Skeleton } from '@/ui/Skeleton';
import { Table, Td, Th, THead, Tr } from '@/ui/Table';
import { vehicleKeys } from '@/modules/vehicles/keys';
import { STATUS_TONE } from '@/modules/vehicles/status';
import { cn } from '@/ui/cn';

const BAR: Record<string, string> = {
  violet: 'bg-violet-500',
  amber: 'bg-amber-500',
  green: 'bg-green-600',
  blue: 'bg-blue-600',
  teal: 'bg-teal-600',
  gray: 'bg-slate-400',
  red: 'bg-red-500',
};

export function HomePage() {
  const { t } = useTranslation();
  usePageTitle(t('nav.home'));
  const { me, can } = useAuth();
  const { storeId, storeName } = useStoreScope();
  const query = storeId ? { storeId } : {};
  const summary = useQuery({
    queryKey: vehicleKeys.summary(storeId),
    queryFn: () => unwrap(api.GET('/api/v1/reports/inventory-summary', { params: { query } })),
  });
  const aging = useQuery({
    queryKey: vehicleKeys.aging(storeId),
    queryFn: () => unwrap(api.GET('/api/v1/reports/stock-aging', { params: { query } })),
    enabled: can('reports.stock_aging'),
  });
  const s = summary.data;
  const max = Math.max(1, ...(s?.byStatus.map((b) => b.vehicles) ?? [1]));

  return (
    <>
      <PageHeader title={t('home.greeting', { name: me?.user.name.split(' ')[0] ?? '' })}>
        {storeId ? t('home.scopeStore', { store: storeName(storeId) }) : t('home.scopeAll')}
      </PageHeader>
      {summary.isError ? (
        <p role="alert" className="text-red-700">{t('errors.loadFailed')}</p>
      ) : (
        <div className="grid gap-4 sm:grid-cols-2 xl:grid-cols-4">
          <Stat icon={Car} label={t('home.inStock')} loading={!s} value={s && formatNumber(s.inStock)} />
          <Stat
            icon={CalendarClock}
            label={t('home.averageDays')}
            loading={!s}
            value={s && (s.averageDaysInStock === null || s.averageDaysInStock === undefined ? '—' : t('home.days', { count: s.averageDaysInStock }))}
          />
          <Stat
            icon={Wallet}
            label={t('home.valueAtPrice')}
            loading={!s}
            value={s && formatMoney(s.valueAtPriceCents)}
            foot={s?.valueAtCostCents !== undefined && s?.valueAtCostCents !== null ? t('home.atCost', { value: formatMoney(s.valueAtCostCents) }) : undefined}
          />
          <Stat icon={AlertTriangle} label={t('home.over90')} loading={!s} value={s && formatNumber(s.over90Days)} />
        </div>
      )}

      <div className="mt-6 grid gap-6 lg:grid-cols-2">
        <Card className="p-5">
          <h2 className="mb-4 font-semibold">{t('home.byStatus')}</h2>
          {!s ? (
            <div className="space-y-3">
              {Array.from({ length: 6 }, (_, i) => (
                <Skeleton key={i} className="h-6" />
              ))}
            </div>
          ) : (
            <ul className="space-y-3">
              {s.byStatus.map((b) => (
                <li key={b.status}>
                  <Link to={`/inventory?status=${b.status}`} className="group block rounded focus-visible:outline-2">
                    <div className="mb-1 flex justify-between text-sm">
                      <span className="group-hover:underline">{t(`status.${b.status}`)}</span>
                      <span className="font-medium tabular-nums">{formatNumber(b.vehicles)}</span>
                    </div>
                    <div className="h-2 rounded-full bg-slate-100 dark:bg-slate-800" aria-hidden>
                      <div
                        className={cn('h-2 rounded-full', BAR[STATUS_TONE[b.status]])}
                        style={{ width: `${(b.vehicles / max) * 100}%` }}
                      />
                    </div>
                  </Link>
                </li>
              ))}
            </ul>
          )}
        </Card>

        {can('reports.stock_aging') && (
          <Card className="p-5">
            <h2 className="mb-4 font-semibold">{t('home.aging')}</h2>
            {!aging.data ? (
              <Skeleton className="h-40" />
            ) : (
              <Table className="-mx-4">
                <THead>
                  <Th>{t('home.ageBucket')}</Th>
                  <Th numeric>{t('home.vehicles')}</Th>
                  <Th numeric>{t('home.atPrice')}</Th>
                  {aging.data.total.valueAtCostCents !== undefined && aging.data.total.valueAtCostCents !== null && (
                    <Th numeric>{t('home.atCostShort')}</Th>
                  )}
                </THead>
                <tbody>
                  {[...aging.data.buckets, aging.data.total].map((b) => (
                    <Tr key={b.label} className={cn(b.label === 'total' && 'font-semibold')}>
                      <Td>{b.label === 'total' ? t('home.total') : t('home.bucket', { label: b.label })}</Td>
                      <Td numeric>{formatNumber(b.vehicles)}</Td>
                      <Td numeric>{formatMoney(b.valueAtPriceCents)}</Td>
                      {b.valueAtCostCents !== undefined && b.valueAtCostCents !== null && <Td numeric>{formatMoney(b.valueAtCostCents)}</Td>}
                    </Tr>
                  ))}
                </tbody>
              </Table>
            )}
          </Card>
        )}
      </div>
    </>
  );
}

function Stat({
  icon: Icon,
  label,
  value,
  foot,
  loading,
}: {
  icon: ComponentType<{ className?: string }>;
  label: string;
  value: ReactNode;
  foot?: ReactNode;
  loading: boolean;
}) {
  return (
    <Card className="p-5">
      <div className="flex items-center gap-2 text-sm text-slate-600 dark:text-slate-400">
        <Icon className="h-4 w-4" aria-hidden />
        {label}
      </div>
      {loading ? <Skeleton className="mt-2 h-8 w-24" /> : <p className="mt-2 text-2xl font-semibold tabular-nums">{value}</p>}
      {foot && <p className="mt-1 text-xs text-slate-600 dark:text-slate-400">{foot}</p>}
    </Card>
  );
}
