import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { AlertTriangle, CalendarClock, Car, ChevronRight, Wallet } from 'lucide-react';
import type { ComponentType, ReactNode } from 'react';
import { api, unwrap } from '@/api/client';
import type { components } from '@/api/schema.gen';
import { useAuth } from '@/auth/AuthProvider';
import { useStoreScope } from '@/app/StoreScope';
import { usePageTitle } from '@/app/title';
import { EMPTY, formatMoney, formatNumber } from '@/lib/format';
import { useMediaQuery } from '@/lib/useMediaQuery';
import { Card, PageHeader } from '@/ui/Card';
import { QueryView } from '@/ui/QueryView';
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

// Each figure opens the list it counts, with the stock list's own filters: "em estoque" is the
// list's default (inStock=true), "parados há mais de 90 dias" is daysMin=91.
const LINKS = {
  inStock: '/inventory?inStock=true',
  oldestFirst: '/inventory?inStock=true&sort=-daysInStock',
  priciestFirst: '/inventory?inStock=true&sort=-price',
  over90: '/inventory?daysMin=91&sort=-daysInStock',
};

/** An aging bucket (`0-30`, `90+`, `total`) as the stock list's days filter. */
export function bucketLink(label: string): string {
  const range = /^(\d+)-(\d+)$/.exec(label);
  if (range) return `/inventory?daysMin=${range[1]}&daysMax=${range[2]}&sort=-daysInStock`;
  const over = /^(\d+)\+$/.exec(label);
  if (over) return `/inventory?daysMin=${Number(over[1]) + 1}&sort=-daysInStock`;
  return LINKS.oldestFirst;
}

export function HomePage() {
  const { t } = useTranslation();
  usePageTitle(t('nav.home'));
  const { me, can } = useAuth();
  const { storeId, storeName } = useStoreScope();
  const query = storeId ? { storeId } : {};
  const summary = useQuery({
    queryKey: vehicleKeys.summary(storeId),
    queryFn: () => unwrap(api.GET('/api/v1/reports/inventory-summary', { params: { query } })),
    placeholderData: keepPreviousData,
  });
  const aging = useQuery({
    queryKey: vehicleKeys.aging(storeId),
    queryFn: () => unwrap(api.GET('/api/v1/reports/stock-aging', { params: { query } })),
    enabled: can('reports.stock_aging'),
    placeholderData: keepPreviousData,
  });

  return (
    <>
      <PageHeader title={t('home.greeting', { name: me?.user.name.split(' ')[0] ?? '' })}>
        {storeId ? t('home.scopeStore', { store: storeName(storeId) }) : t('home.scopeAll')}
      </PageHeader>
      <QueryView
        query={summary}
        skeleton={
          <div className="grid gap-4 sm:grid-cols-2 xl:grid-cols-4">
            {Array.from({ length: 4 }, (_, i) => (
              <Card key={i} className="p-5">
                <Skeleton className="h-4 w-32" />
                <Skeleton className="mt-3 h-8 w-24" />
              </Card>
            ))}
          </div>
        }
      >
        {(s) => {
          const margin = s.marginCents;
          const max = Math.max(1, ...s.byStatus.map((b) => b.vehicles));
          return (
            <>
              <div className="grid gap-4 sm:grid-cols-2 xl:grid-cols-4">
                <Stat to={LINKS.inStock} icon={Car} label={t('home.inStock')} value={formatNumber(s.inStock)} />
                <Stat
                  to={LINKS.oldestFirst}
                  icon={CalendarClock}
                  label={t('home.averageDays')}
                  value={s.averageDaysInStock === null || s.averageDaysInStock === undefined ? EMPTY : t('home.days', { count: s.averageDaysInStock })}
                />
                <Stat
                  to={LINKS.priciestFirst}
                  icon={Wallet}
                  label={t('home.valueAtPrice')}
                  value={formatMoney(s.valueAtPriceCents)}
                  foot={
                    s.valueAtCostCents !== undefined && s.valueAtCostCents !== null ? (
                      <>
                        <span className="block">{t('home.atCost', { value: formatMoney(s.valueAtCostCents) })}</span>
                        {margin !== undefined && margin !== null && (
                          <span className={cn('block font-medium', margin < 0 ? 'text-red-700 dark:text-red-400' : 'text-green-800 dark:text-green-300')}>
                            {t('home.margin', { value: formatMoney(margin) })}
                          </span>
                        )}
                      </>
                    ) : undefined
                  }
                />
                <Stat to={LINKS.over90} icon={AlertTriangle} label={t('home.over90')} value={formatNumber(s.over90Days)} />
              </div>

              {/* The aging table needs the wider column: side by side only where its four columns fit. */}
              <div className={cn('mt-6 grid gap-6', can('reports.stock_aging') ? 'xl:grid-cols-[minmax(0,2fr)_minmax(0,3fr)]' : 'lg:grid-cols-2')}>
                <Card className="p-5">
                  <h2 className="mb-3 font-semibold">{t('home.byStatus')}</h2>
                  <ul className="space-y-1">
                    {s.byStatus.map((b) => (
                      <li key={b.status}>
                        <Link
                          to={`/inventory?status=${b.status}`}
                          aria-label={t('home.statusLink', { status: t(`status.${b.status}`), count: b.vehicles, formatted: formatNumber(b.vehicles) })}
                          className="group block rounded px-1 py-2 hover:bg-slate-50 focus-visible:outline-2 md:py-1.5 dark:hover:bg-slate-800/50"
                        >
                          <div className="mb-1 flex justify-between text-sm">
                            <span className="group-hover:underline">{t(`status.${b.status}`)}</span>
                            <span className="font-medium tabular-nums">{formatNumber(b.vehicles)}</span>
                          </div>
                          <div className="h-2 rounded-full bg-slate-100 dark:bg-slate-800" aria-hidden>
                            <div className={cn('h-2 rounded-full', BAR[STATUS_TONE[b.status]])} style={{ width: `${(b.vehicles / max) * 100}%` }} />
                          </div>
                        </Link>
                      </li>
                    ))}
                  </ul>
                </Card>

                {can('reports.stock_aging') && (
                  <Card className="p-5">
                    <h2 className="mb-4 font-semibold">{t('home.aging')}</h2>
                    <QueryView query={aging} compact skeleton={<Skeleton className="h-40" />}>
                      {(a) => <Aging rows={[...a.buckets, a.total]} />}
                    </QueryView>
                  </Card>
                )}
              </div>
            </>
          );
        }}
      </QueryView>
    </>
  );
}

type Bucket = components['schemas']['AgingBucket'];

/**
 * The stock by days in stock, each bucket opening its cars: a table where its four columns fit,
 * and on a phone one block per bucket (label and count, then the amounts), never cut off.
 */
function Aging({ rows }: { rows: Bucket[] }) {
  const { t } = useTranslation();
  const wide = useMediaQuery('(min-width: 640px)');
  const withCost = rows.some((b) => b.valueAtCostCents !== undefined && b.valueAtCostCents !== null);
  const label = (b: Bucket) => (b.label === 'total' ? t('home.total') : t('home.bucket', { label: b.label }));
  const link = 'text-brand-700 hover:underline dark:text-brand-100';
  if (!wide) {
    return (
      <ul className="divide-y divide-slate-100 dark:divide-slate-800">
        {rows.map((b) => (
          <li key={b.label} className={cn('py-1.5', b.label === 'total' && 'font-semibold')}>
            <div className="flex items-center justify-between gap-3">
              <Link to={bucketLink(b.label)} className={cn(link, 'inline-flex min-h-11 items-center')}>
                {label(b)}
              </Link>
              <span className="text-sm tabular-nums">{t('home.vehicleCount', { count: b.vehicles, formatted: formatNumber(b.vehicles) })}</span>
            </div>
            <dl className="grid grid-cols-2 gap-x-3 pb-1 text-sm">
              <div>
                <dt className="text-xs font-normal text-slate-600 dark:text-slate-400">{t('home.atPrice')}</dt>
                <dd className="tabular-nums [overflow-wrap:anywhere]">{formatMoney(b.valueAtPriceCents)}</dd>
              </div>
              {withCost && (
                <div className="text-right">
                  <dt className="text-xs font-normal text-slate-600 dark:text-slate-400">{t('home.atCostShort')}</dt>
                  <dd className="tabular-nums [overflow-wrap:anywhere]">{formatMoney(b.valueAtCostCents)}</dd>
                </div>
              )}
            </dl>
          </li>
        ))}
      </ul>
    );
  }
  const cell = 'whitespace-nowrap px-3';
  return (
    <Table className="-mx-3" caption={t('home.aging')}>
      <THead>
        <Th className={cell}>{t('home.ageBucket')}</Th>
        <Th numeric className={cell}>
          {t('home.vehicles')}
        </Th>
        <Th numeric className={cell}>
          {t('home.atPrice')}
        </Th>
        {withCost && (
          <Th numeric className={cell}>
            {t('home.atCostShort')}
          </Th>
        )}
      </THead>
      <tbody>
        {rows.map((b) => (
          <Tr key={b.label} className={cn(b.label === 'total' && 'font-semibold')}>
            <Td className={cell}>
              <Link to={bucketLink(b.label)} className={link}>
                {label(b)}
              </Link>
            </Td>
            <Td numeric className={cell}>
              {formatNumber(b.vehicles)}
            </Td>
            <Td numeric className={cell}>
              {formatMoney(b.valueAtPriceCents)}
            </Td>
            {withCost && (
              <Td numeric className={cell}>
                {formatMoney(b.valueAtCostCents)}
              </Td>
            )}
          </Tr>
        ))}
      </tbody>
    </Table>
  );
}

/** A figure that opens the list it counts. */
function Stat({ to, icon: Icon, label, value, foot }: { to: string; icon: ComponentType<{ className?: string }>; label: string; value: string; foot?: ReactNode }) {
  // Four cards share a desk's row: an amount in the tens of millions (`R$ 31.107.600,00`) takes a
  // smaller size there rather than breaking across lines.
  const long = value.length > 13;
  return (
    <Link
      to={to}
      className="group block min-w-0 rounded-lg border border-slate-200 bg-white p-5 shadow-sm hover:border-brand-600 focus-visible:outline-2 focus-visible:outline-brand-600 dark:border-slate-800 dark:bg-slate-900"
    >
      <span className="flex items-center gap-2 text-sm text-slate-600 dark:text-slate-400">
        <Icon className="h-4 w-4 shrink-0" aria-hidden />
        <span className="min-w-0 flex-1">{label}</span>
        <ChevronRight className="h-4 w-4 shrink-0 opacity-60 group-hover:opacity-100" aria-hidden />
      </span>
      <span className={cn('mt-2 block text-2xl font-semibold tabular-nums [overflow-wrap:anywhere] xl:text-xl 2xl:text-2xl', long && 'xl:text-lg')}>{value}</span>
      {foot && <span className="mt-1 block text-xs text-slate-600 tabular-nums dark:text-slate-400">{foot}</span>}
    </Link>
  );
}
