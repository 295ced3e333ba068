// The deal's figures as they are typed: what the customer pays for, what pays it, and whether the
// two meet ("Falta R$ 1.200,00", "Sobra R$ 50,00", "Fecha"). And, for whoever sees costs, the margin.
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { CheckCircle2, AlertTriangle } from 'lucide-react';
import { formatMoney } from '@/lib/format';
import { Card } from '@/ui/Card';
import { cn } from '@/ui/cn';
import type { Balance, Margin } from '../model';

function Line({ label, children, strong, className }: { label: ReactNode; children: ReactNode; strong?: boolean; className?: string }) {
  return (
    <div className={cn('flex justify-between gap-4', strong && 'text-base font-semibold', className)}>
      <dt className={strong ? undefined : 'text-slate-600 dark:text-slate-400'}>{label}</dt>
      <dd className="text-right tabular-nums">{children}</dd>
    </div>
  );
}

export function SummaryCard({ b }: { b: Balance }) {
  const { t } = useTranslation();
  // Nothing to pay yet (no car chosen) is not a deal that closes.
  const closed = b.differenceCents === 0 && b.totalCents > 0;
  return (
    <Card className="p-5">
      <h2 className="mb-3 font-semibold">{t('deal.summary.title')}</h2>
      <dl className="space-y-1.5 text-sm">
        <Line label={t('deal.summary.price')}>{formatMoney(b.priceCents)}</Line>
        {b.discountCents > 0 && <Line label={t('deal.summary.discount')}>− {formatMoney(b.discountCents)}</Line>}
        {b.itemsCents > 0 && <Line label={t('deal.summary.items')}>{formatMoney(b.itemsCents)}</Line>}
        {b.fiCents > 0 && <Line label={t('deal.summary.fi')}>{formatMoney(b.fiCents)}</Line>}
        <Line label={t('deal.summary.total')} strong className="border-t border-slate-200 pt-1.5 dark:border-slate-800">
          {formatMoney(b.totalCents)}
        </Line>
        {b.tradeInCents > 0 && <Line label={t('deal.summary.tradeIn')}>− {formatMoney(b.tradeInCents)}</Line>}
        <Line label={t('deal.summary.payments')}>− {formatMoney(b.paidCents)}</Line>
      </dl>
      <p
        role="status"
        className={cn(
          'mt-3 flex items-center gap-2 rounded-md p-2 text-sm font-medium',
          closed ? 'bg-green-50 text-green-800 dark:bg-green-950 dark:text-green-200' : 'bg-amber-50 text-amber-900 dark:bg-amber-950 dark:text-amber-100',
        )}
      >
        {closed ? <CheckCircle2 className="h-4 w-4" aria-hidden /> : <AlertTriangle className="h-4 w-4" aria-hidden />}
        {closed
          ? t('deal.summary.closed')
          : b.totalCents <= 0
            ? t('deal.summary.empty')
            : b.differenceCents > 0
            ? t('deal.summary.missing', { value: formatMoney(b.differenceCents) })
            : t('deal.summary.over', { value: formatMoney(-b.differenceCents) })}
      </p>
    </Card>
  );
}

/** A live estimate while writing (no reconditioning yet), or a saved version's margin in full. */
export function MarginCard({ estimateCents, margin }: { estimateCents?: number | null; margin?: Margin | null }) {
  const { t } = useTranslation();
  if (margin) {
    return (
      <Card className="p-5">
        <h2 className="mb-3 font-semibold">{t('deal.margin.title')}</h2>
        <dl className="space-y-1.5 text-sm">
          <Line label={t('deal.margin.vehicleCost')}>{formatMoney(margin.vehicleCostCents)}</Line>
          <Line label={t('deal.margin.reconditioning')}>{formatMoney(margin.reconditioningCents)}</Line>
          {margin.overAllowanceCents > 0 && <Line label={t('deal.margin.overAllowance')}>{formatMoney(margin.overAllowanceCents)}</Line>}
          {margin.fiReturnsCents > 0 && <Line label={t('deal.margin.fiReturns')}>{formatMoney(margin.fiReturnsCents)}</Line>}
          {margin.itemsMarginCents !== 0 && <Line label={t('deal.margin.itemsMargin')}>{formatMoney(margin.itemsMarginCents)}</Line>}
          <Line label={t('deal.margin.gross')} strong className="border-t border-slate-200 pt-1.5 dark:border-slate-800">
            <span className={margin.grossCents < 0 ? 'text-red-700 dark:text-red-400' : undefined}>{formatMoney(margin.grossCents)}</span>
          </Line>
        </dl>
      </Card>
    );
  }
  if (estimateCents === null || estimateCents === undefined) return null;
  return (
    <Card className="p-5">
      <h2 className="mb-1 font-semibold">{t('deal.margin.title')}</h2>
      <p className={cn('text-2xl font-semibold tabular-nums', estimateCents < 0 && 'text-red-700 dark:text-red-400')}>{formatMoney(estimateCents)}</p>
      <p className="mt-1 text-xs text-slate-600 dark:text-slate-400">{t('deal.margin.estimateHint')}</p>
    </Card>
  );
}
