// "Minhas comissões" (/commissions?month=2026-12): what the user earned in a month, earned less
// reversed, line by line with the sale each comes from.
import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { Wallet } from 'lucide-react';
import { api, unwrap } from '@/api/client';
import { useAuth } from '@/auth/AuthProvider';
import { usePageTitle } from '@/app/title';
import { formatDate, formatMoney } from '@/lib/format';
import { Badge } from '@/ui/Badge';
import { Card } from '@/ui/Card';
import { EmptyState } from '@/ui/EmptyState';
import { QueryView } from '@/ui/QueryView';
import { Skeleton } from '@/ui/Skeleton';
import { saleKeys } from './keys';
import type { Commission } from './model';
import { MonthPicker, useMonthParam } from './SalesPage';
import { formatMonth } from './shared';

export function CommissionsPage() {
  const { t } = useTranslation();
  usePageTitle(t('commissions.title'));
  const { me } = useAuth();
  const [month, setMonth] = useMonthParam();
  const userId = me?.user.id;
  const list = useQuery({
    queryKey: saleKeys.commissions(month, userId),
    queryFn: () => unwrap(api.GET('/api/v1/commissions', { params: { query: { month, userId } } })),
    enabled: Boolean(userId),
  });
  return (
    <>
      <div className="mb-4 flex flex-wrap items-end justify-between gap-3">
        <div>
          <h1 className="text-2xl font-semibold tracking-tight">{t('commissions.title')}</h1>
          <p className="mt-0.5 text-sm text-slate-600 dark:text-slate-400">{formatMonth(month)}</p>
        </div>
        <MonthPicker month={month} onChange={setMonth} />
      </div>
      <QueryView query={list} skeleton={<Skeleton className="h-40" />}>
        {(data) => (
          <div className="space-y-4">
            <Card className="p-5">
              <p className="text-sm text-slate-600 dark:text-slate-400">{t('commissions.total')}</p>
              <p className="text-3xl font-semibold tabular-nums">{formatMoney(data.totalCents)}</p>
              <p className="text-sm text-slate-600 dark:text-slate-400">{t('commissions.lines', { count: data.items.length })}</p>
            </Card>
            <Card>
              {data.items.length === 0 ? (
                <EmptyState icon={Wallet} title={t('commissions.empty', { month: formatMonth(month, false) })} />
              ) : (
                <ul className="divide-y divide-slate-100 dark:divide-slate-800">
                  {data.items.map((c) => (
                    <CommissionLine key={c.id} c={c} />
                  ))}
                </ul>
              )}
            </Card>
          </div>
        )}
      </QueryView>
    </>
  );
}

function CommissionLine({ c }: { c: Commission }) {
  const { t } = useTranslation();
  const sale = useQuery({
    queryKey: saleKeys.detail(c.saleId),
    queryFn: () => unwrap(api.GET('/api/v1/sales/{id}', { params: { path: { id: c.saleId } } })),
    staleTime: 60_000,
  });
  const plan = (c.plan as { name?: unknown }).name;
  return (
    <li className="flex flex-wrap items-center justify-between gap-3 p-4">
      <div className="min-w-0">
        <p className="flex flex-wrap items-center gap-2 font-medium">
          {sale.data ? (
            <Link to={`/quotes/${sale.data.quoteId}`} className="font-mono text-brand-700 hover:underline dark:text-brand-100">
              {sale.data.number}
            </Link>
          ) : (
            '…'
          )}
          <Badge tone={c.kind === 'earned' ? 'green' : 'red'}>{t(`commissions.kind.${c.kind}`)}</Badge>
        </p>
        <p className="text-sm text-slate-600 dark:text-slate-400">
          {formatDate(c.createdAt)} · {t('commissions.basis', { value: formatMoney(c.basisCents) })}
          {typeof plan === 'string' && ` · ${plan}`}
        </p>
      </div>
      <p className={c.amountCents < 0 ? 'font-semibold tabular-nums text-red-700 dark:text-red-400' : 'font-semibold tabular-nums'}>{formatMoney(c.amountCents)}</p>
    </li>
  );
}
