// How the customer pays what the trade-in does not: down payment, one financing, consortium or
// other, each row closable to the cent ("Completar"). The financing row shows every bank's offer
// for the amount and term on screen, side by side, the lowest CET first; choosing one names the
// bank's table the quote prices the financing with.
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Plus, Trash2 } from 'lucide-react';
import { api, unwrap } from '@/api/client';
import { fieldText } from '@/i18n/problems';
import { formatMoney } from '@/lib/format';
import { useDebounced } from '@/lib/useDebounced';
import { Button } from '@/ui/Button';
import { Card } from '@/ui/Card';
import { cn } from '@/ui/cn';
import { Input, Select } from '@/ui/Field';
import { MoneyInput } from '@/ui/MoneyInput';
import { Skeleton } from '@/ui/Skeleton';
import { financingKeys } from '../keys';
import { blankPayment, comparisonRequest, DESK_METHODS, rate, TERMS, type ComparisonRequest, type DeskMethod, type OfferView, type PaymentRow } from '../model';
import { explain, formatShare } from '../shared';

interface Props {
  payments: PaymentRow[];
  onChange: (rows: PaymentRow[]) => void;
  /** Sets row `i` to what closes the deal. */
  onClose: (i: number) => void;
  totalCents: number;
  differenceCents: number;
  today: string;
  /** The customer is a company (its IOF is lower). */
  company: boolean;
  errors: Record<string, string>;
}

export function PaymentsCard({ payments, onChange, onClose, totalCents, differenceCents, today, company, errors }: Props) {
  const { t } = useTranslation();
  const err = (k: string) => (errors[k] ? fieldText(t, errors[k]) : undefined);
  const set = (i: number, patch: Partial<PaymentRow>) => onChange(payments.map((p, n) => (n === i ? { ...p, ...patch } : p)));
  const hasFinancing = payments.some((p) => p.method === 'financing');
  return (
    <Card className="space-y-4 p-5">
      <h2 className="font-semibold">{t('deal.payments.title')}</h2>
      {errors.payments && (
        <p role="alert" className="text-sm text-red-700 dark:text-red-400">
          {fieldText(t, errors.payments)}
        </p>
      )}
      {payments.map((p, i) => (
        <fieldset key={i} className="space-y-3 rounded-md border border-slate-200 p-3 dark:border-slate-800">
          <legend className="px-1 text-sm font-medium">{t('deal.payments.row', { n: i + 1 })}</legend>
          <div className="grid items-end gap-3 sm:grid-cols-[12rem_1fr_auto]">
            <Select
              label={t('deal.payments.method', { n: i + 1 })}
              value={p.method}
              error={err(`payments.${i}.method`)}
              onChange={(e) => set(i, { method: e.target.value as DeskMethod, rateTableId: '' })}
              options={DESK_METHODS.filter((m) => m !== 'financing' || p.method === 'financing' || !hasFinancing).map((m) => ({ value: m, label: t(`deal.payments.methods.${m}`) }))}
            />
            <MoneyInput label={t('deal.payments.amount', { n: i + 1 })} value={p.amountCents} error={err(`payments.${i}.amountCents`)} onChange={(cents) => set(i, { amountCents: cents })} />
            <div className="flex gap-2">
              {differenceCents !== 0 && (
                <Button variant="secondary" onClick={() => onClose(i)} aria-label={t('deal.payments.closeWithLabel', { n: i + 1 })}>
                  {t('deal.payments.closeWith')}
                </Button>
              )}
              <Button
                variant="ghost"
                aria-label={t('deal.payments.remove', { n: i + 1 })}
                className="h-11 w-11 px-0 text-red-700 md:h-10 md:w-10 dark:text-red-400"
                onClick={() => onChange(payments.filter((_, n) => n !== i))}
              >
                <Trash2 className="h-4 w-4" aria-hidden />
              </Button>
            </div>
          </div>
          {p.method === 'financing' ? (
            <>
              <div className="grid gap-3 sm:grid-cols-3">
                <Select
                  label={t('deal.payments.installments')}
                  value={String(p.installments)}
                  error={err(`payments.${i}.installments`)}
                  onChange={(e) => set(i, { installments: Number(e.target.value) })}
                  options={TERMS.map((n) => ({ value: String(n), label: t('deal.payments.nInstallments', { count: n }) }))}
                />
                <Input
                  label={t('deal.payments.firstDueDate')}
                  type="date"
                  value={p.firstDueDate}
                  hint={t('deal.payments.firstDueDateHint')}
                  error={err(`payments.${i}.firstDueDate`)}
                  onChange={(e) => set(i, { firstDueDate: e.target.value })}
                />
              </div>
              <FinancingOffers request={comparisonRequest(totalCents, p, today, company)} chosen={p.rateTableId} error={err(`payments.${i}.rateTableId`)} onChoose={(id) => set(i, { rateTableId: id })} />
            </>
          ) : (
            <Input label={t('deal.payments.description', { n: i + 1 })} value={p.description} error={err(`payments.${i}.description`)} onChange={(e) => set(i, { description: e.target.value })} />
          )}
        </fieldset>
      ))}
      <div className="flex flex-wrap gap-2">
        <Button variant="ghost" size="sm" className="text-brand-700 dark:text-brand-100" disabled={payments.length >= 10} onClick={() => onChange([...payments, { ...blankPayment('down_payment'), amountCents: differenceCents > 0 ? differenceCents : null }])}>
          <Plus className="h-4 w-4" aria-hidden />
          {t('deal.payments.add')}
        </Button>
        {!hasFinancing && (
          <Button variant="ghost" size="sm" className="text-brand-700 dark:text-brand-100" disabled={payments.length >= 10} onClick={() => onChange([...payments, { ...blankPayment('financing'), amountCents: differenceCents > 0 ? differenceCents : null }])}>
            <Plus className="h-4 w-4" aria-hidden />
            {t('deal.payments.addFinancing')}
          </Button>
        )}
      </div>
    </Card>
  );
}

/** Every bank's offer for this financing, side by side; one is chosen. */
function FinancingOffers({ request, chosen, onChoose, error }: { request: ComparisonRequest | null; chosen: string; onChoose: (id: string) => void; error?: string | undefined }) {
  const { t } = useTranslation();
  // The offers follow the amounts as they are typed, once the typing pauses.
  const settled = useDebounced(request, 400);
  const offers = useQuery({
    queryKey: financingKeys.comparison(settled ?? ({} as ComparisonRequest)),
    queryFn: () => unwrap(api.POST('/api/v1/financing/comparisons', { body: settled! })),
    enabled: settled !== null,
    placeholderData: (prev) => prev,
    retry: false,
  });
  if (!request) return <p className="text-sm text-slate-600 dark:text-slate-400">{t('deal.offers.needAmount')}</p>;
  return (
    <div className="space-y-2" aria-busy={offers.isFetching}>
      <h3 className="text-sm font-medium" id="offers-title">
        {t('deal.offers.title')}
      </h3>
      {error && (
        <p role="alert" className="text-sm text-red-700 dark:text-red-400">
          {error}
        </p>
      )}
      {offers.isError ? (
        <p role="alert" className="text-sm text-red-700 dark:text-red-400">
          {explain(t, offers.error)}
        </p>
      ) : !offers.data ? (
        <Skeleton className="h-24" />
      ) : offers.data.offers.length === 0 ? (
        <p className="text-sm text-slate-600 dark:text-slate-400">{t('deal.offers.none')}</p>
      ) : (
        <div role="radiogroup" aria-labelledby="offers-title" className={cn('grid gap-2 sm:grid-cols-2 xl:grid-cols-3', offers.isPlaceholderData && 'opacity-60')}>
          {offers.data.offers.map((o, i) => (
            <Offer key={o.rateTableId} offer={o} best={i === 0} chosen={chosen === o.rateTableId} onChoose={() => onChoose(o.rateTableId)} />
          ))}
        </div>
      )}
      {offers.data && offers.data.unavailable.length > 0 && (
        <p className="text-xs text-slate-600 dark:text-slate-400">
          {t('deal.offers.unavailable', { banks: offers.data.unavailable.map((u) => u.bank).join(', ') })}
        </p>
      )}
      {chosen && offers.data && !offers.data.offers.some((o) => o.rateTableId === chosen) && (
        <p role="alert" className="text-sm text-amber-800 dark:text-amber-300">
          {t('deal.offers.chosenGone')}
        </p>
      )}
    </div>
  );
}

function Offer({ offer, best, chosen, onChoose }: { offer: OfferView; best: boolean; chosen: boolean; onChoose: () => void }) {
  const { t } = useTranslation();
  const s = offer.simulation;
  const first = s.schedule[0];
  return (
    <div>
      <label
        className={cn(
          'flex h-full cursor-pointer gap-3 rounded-md border p-3 text-sm has-[:focus-visible]:ring-2 has-[:focus-visible]:ring-brand-600',
          chosen ? 'border-brand-600 bg-brand-50 dark:bg-slate-800' : 'border-slate-200 dark:border-slate-700',
        )}
      >
        <input type="radio" name="financing-offer" className="mt-0.5 h-5 w-5 shrink-0" checked={chosen} onChange={onChoose} aria-label={t('deal.offers.choose', { bank: offer.bank, name: offer.name })} />
        <span className="min-w-0 flex-1 space-y-0.5">
          <span className="flex flex-wrap items-center justify-between gap-1">
            <span className="font-medium">{offer.bank}</span>
            {best && <span className="rounded-full bg-green-100 px-2 py-0.5 text-xs font-medium text-green-800 dark:bg-green-950 dark:text-green-200">{t('deal.offers.best')}</span>}
          </span>
          <span className="block text-xs text-slate-600 dark:text-slate-400">{offer.name}</span>
          <span className="block text-base font-semibold tabular-nums">
            {t('deal.offers.installments', { count: s.schedule.length, value: formatMoney(first?.paymentCents) })}
          </span>
          <span className="block tabular-nums">{t('deal.offers.rate', { rate: formatShare(rate(s.monthlyRate)) })}</span>
          <span className="block tabular-nums">{t('deal.offers.cet', { monthly: formatShare(rate(s.cetMonthly)), yearly: formatShare(rate(s.cetYearly)) })}</span>
          <span className="block text-xs tabular-nums text-slate-600 dark:text-slate-400">{t('deal.offers.totalPaid', { value: formatMoney(s.totalPaidCents) })}</span>
        </span>
      </label>
    </div>
  );
}
