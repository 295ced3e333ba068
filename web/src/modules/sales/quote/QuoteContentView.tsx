// A quote's version as a readable document: the car, what is added to it, the trade-in, how it is
// paid (the financing with its bank, rate, installments and CET) and the totals. The desk, the
// versions and the customer's page show the same document.
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { formatDate, formatKm, formatMoney } from '@/lib/format';
import { displayPlaca } from '@/modules/vehicles/labels';
import { cn } from '@/ui/cn';
import { rate, type Payment, type QuoteContent } from '../model';
import { formatShare } from '../shared';

function Row({ label, children, strong, className }: { label: ReactNode; children: ReactNode; strong?: boolean; className?: string }) {
  return (
    <div className={cn('flex justify-between gap-4 py-1', strong && 'text-base font-semibold', className)}>
      <dt className={strong ? undefined : 'text-slate-600 dark:text-slate-400'}>{label}</dt>
      <dd className="text-right tabular-nums">{children}</dd>
    </div>
  );
}

function Section({ title, children }: { title: string; children: ReactNode }) {
  return (
    <section className="space-y-1">
      <h3 className="text-sm font-semibold uppercase tracking-wide text-slate-600 dark:text-slate-400">{title}</h3>
      {children}
    </section>
  );
}

export function QuoteContentView({ content, headingLevel = 2 }: { content: QuoteContent; headingLevel?: 2 | 3 }) {
  const { t } = useTranslation();
  const v = content.vehicle;
  const H = headingLevel === 2 ? 'h2' : 'h3';
  return (
    <div className="space-y-5 text-sm">
      <div>
        <H className="text-lg font-semibold">{[v.make, v.model, v.trim].filter(Boolean).join(' ')}</H>
        <p className="text-slate-600 dark:text-slate-400">
          {[`${v.year}/${v.modelYear}`, formatKm(v.mileageKm), v.color, t(`condition.${v.condition}`), displayPlaca(v.placa), v.stockNumber].filter(Boolean).join(' · ')}
        </p>
      </div>

      {content.items.length > 0 && (
        <Section title={t('document.items')}>
          <dl>
            {content.items.map((i, n) => (
              <Row key={n} label={`${i.description} (${t(`deal.items.kinds.${i.kind}`)})`}>
                {formatMoney(i.priceCents)}
              </Row>
            ))}
          </dl>
        </Section>
      )}

      {content.fiProducts.length > 0 && (
        <Section title={t('document.fi')}>
          <dl>
            {content.fiProducts.map((p, n) => (
              <Row key={n} label={[p.description, p.provider].filter(Boolean).join(' · ')}>
                {formatMoney(p.priceCents)}
              </Row>
            ))}
          </dl>
        </Section>
      )}

      <Section title={t('document.totals')}>
        <dl>
          <Row label={t('deal.summary.price')}>{formatMoney(content.totals.priceCents)}</Row>
          {content.totals.discountCents > 0 && <Row label={t('deal.summary.discount')}>− {formatMoney(content.totals.discountCents)}</Row>}
          {content.totals.itemsCents > 0 && <Row label={t('deal.summary.items')}>{formatMoney(content.totals.itemsCents)}</Row>}
          {content.totals.fiCents > 0 && <Row label={t('deal.summary.fi')}>{formatMoney(content.totals.fiCents)}</Row>}
          <Row label={t('deal.summary.total')} strong className="border-t border-slate-200 dark:border-slate-800">
            {formatMoney(content.totals.totalCents)}
          </Row>
        </dl>
      </Section>

      {content.tradeIn && (
        <Section title={t('document.tradeIn')}>
          <p className="font-medium">
            {[content.tradeIn.vehicle.make, content.tradeIn.vehicle.model, content.tradeIn.vehicle.year].join(' ')}
            {content.tradeIn.vehicle.placa && <span className="ml-2 font-mono text-xs">{displayPlaca(content.tradeIn.vehicle.placa)}</span>}
          </p>
          <dl>
            <Row label={t('document.allowance')}>{formatMoney(content.tradeIn.allowanceCents)}</Row>
            {content.tradeIn.payoffCents > 0 && (
              <Row label={content.tradeIn.payoffBank ? t('document.payoffAt', { bank: content.tradeIn.payoffBank }) : t('document.payoff')}>
                − {formatMoney(content.tradeIn.payoffCents)}
              </Row>
            )}
          </dl>
        </Section>
      )}

      <Section title={t('document.payments')}>
        <ul className="space-y-2">
          {content.payments.map((p, n) => (
            <PaymentLine key={n} p={p} />
          ))}
        </ul>
      </Section>

      <p className="text-slate-600 dark:text-slate-400">{t('document.validUntil', { date: formatDate(content.validUntil) })}</p>
      {content.notes && <p className="whitespace-pre-line">{content.notes}</p>}
    </div>
  );
}

function PaymentLine({ p }: { p: Payment }) {
  const { t } = useTranslation();
  const f = p.financing;
  return (
    <li className="rounded-md border border-slate-200 p-3 dark:border-slate-800">
      <div className="flex justify-between gap-4">
        <span className="font-medium">
          {t(`deal.payments.methods.${p.method}`)}
          {p.description && p.method !== 'financing' && <span className="font-normal text-slate-600 dark:text-slate-400"> · {p.description}</span>}
        </span>
        <span className="font-medium tabular-nums">{formatMoney(p.amountCents)}</span>
      </div>
      {f && (
        <div className="mt-1 space-y-0.5 text-slate-700 dark:text-slate-300">
          <p>
            {f.bank} · {f.tableName}
          </p>
          <p className="text-base font-semibold tabular-nums">{t('deal.offers.installments', { count: f.installments, value: formatMoney(f.installmentCents) })}</p>
          <p className="tabular-nums">
            {t('deal.offers.rate', { rate: formatShare(rate(f.monthlyRate)) })} · {t('deal.offers.cet', { monthly: formatShare(rate(f.cetMonthly)), yearly: formatShare(rate(f.cetYearly)) })}
          </p>
          <p className="text-xs tabular-nums text-slate-600 dark:text-slate-400">
            {t('document.firstDue', { date: formatDate(f.firstDueDate) })} · {t('deal.offers.totalPaid', { value: formatMoney(f.totalPaidCents) })}
            {f.iofCents > 0 && ` · ${t('document.iof', { value: formatMoney(f.iofCents) })}`}
          </p>
        </div>
      )}
    </li>
  );
}
