// The deal builder (/quotes/new, /quotes/:id/edit): the customer, a car on sale, the discount,
// accessories and F&I, the trade-in appraised on the spot, and payments with every bank's
// financing side by side, totals that must close to the centavo; saved as a quote (a revision
// writes the next version). Sending and the answers are on the quote's page.
import { useMemo, useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { ArrowLeft } from 'lucide-react';
import { api, unwrap } from '@/api/client';
import { isApiError } from '@/api/problem';
import { useAuth } from '@/auth/AuthProvider';
import { usePageTitle } from '@/app/title';
import { fieldText } from '@/i18n/problems';
import { formatMoney } from '@/lib/format';
import { useUnsavedChanges } from '@/lib/useUnsavedChanges';
import { customerKeys } from '@/modules/crm/keys';
import { customerName, formatPhone } from '@/modules/crm/labels';
import { ConflictNotice } from '@/modules/vehicles/ConflictNotice';
import { vehicleKeys } from '@/modules/vehicles/keys';
import { displayPlaca, vehicleTitle } from '@/modules/vehicles/labels';
import { Button } from '@/ui/Button';
import { Card, PageHeader } from '@/ui/Card';
import { LoadError } from '@/ui/EmptyState';
import { Input, TextArea } from '@/ui/Field';
import { MoneyInput } from '@/ui/MoneyInput';
import { Skeleton } from '@/ui/Skeleton';
import { useToast } from '@/ui/Toast';
import { UnsavedChangesDialog } from '@/ui/UnsavedChangesDialog';
import { getQuote, withEtag, type Versioned } from '../api';
import { quoteKeys } from '../keys';
import { balance, checkDeal, closeWith, dealPath, discountShare, emptyDeal, estimateMargin, formFromQuote, toQuoteInput, type DealForm, type QuoteView } from '../model';
import { explain, formatShare, useStoreToday } from '../shared';
import { FiCard, ItemsCard } from './LinesCard';
import { PaymentsCard } from './PaymentsCard';
import { CustomerSearch, VehicleSearch } from './Pickers';
import { MarginCard, SummaryCard } from './SummaryCard';
import { TradeInCard } from './TradeInCard';

export function DealPage() {
  const { id } = useParams();
  const { t } = useTranslation();
  const existing = useQuery({ queryKey: quoteKeys.detail(id ?? ''), queryFn: () => getQuote(id ?? ''), enabled: Boolean(id) });
  usePageTitle(id ? existing.data && t('deal.reviseTitle', { number: existing.data.number }) : t('deal.newTitle'), t('quotes.title'));
  if (id && !existing.data) {
    return existing.isError ? (
      <LoadError
        error={existing.error}
        notFoundTitle={t('quotes.notFound')}
        onRetry={() => void existing.refetch()}
        back={<Link to="/quotes" className="text-brand-700 underline dark:text-brand-100">{t('quotes.back')}</Link>}
      />
    ) : (
      <Skeleton className="h-96" />
    );
  }
  return <DealBuilder key={existing.data ? existing.data.etag : 'new'} quote={existing.data} onReload={() => void existing.refetch()} />;
}

/** A revision to the discount a manager counter-proposed (`?discount=` in centavos). */
function withCounter(f: DealForm, discount: string | null): DealForm {
  const cents = Number(discount);
  return discount && Number.isInteger(cents) && cents >= 0 ? { ...f, discountCents: cents || null } : f;
}

function DealBuilder({ quote, onReload }: { quote: Versioned<QuoteView> | undefined; onReload: () => void }) {
  const { t } = useTranslation();
  const { can } = useAuth();
  const canSeeCost = can('vehicles.view_cost');
  const navigate = useNavigate();
  const qc = useQueryClient();
  const toast = useToast();
  const [params] = useSearchParams();
  const initial = useMemo<DealForm>(
    () => (quote ? withCounter(formFromQuote(quote), params.get('discount')) : { ...emptyDeal(new Date().toISOString().slice(0, 10), params.get('customerId') ?? '', params.get('vehicleId') ?? ''), leadId: params.get('leadId') ?? '' }),
    [quote],
  );
  const [form, setForm] = useState<DealForm>(initial);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [failure, setFailure] = useState<string | null>(null);
  const [conflict, setConflict] = useState(false);
  const dirty = JSON.stringify(form) !== JSON.stringify(initial);
  const unsaved = useUnsavedChanges(dirty);
  const patch = (p: Partial<DealForm>) => setForm((f) => ({ ...f, ...p }));

  const customer = useQuery({
    queryKey: customerKeys.detail(form.customerId),
    queryFn: () => unwrap(api.GET('/api/v1/customers/{id}', { params: { path: { id: form.customerId } } })),
    enabled: Boolean(form.customerId),
  });
  const vehicle = useQuery({
    queryKey: vehicleKeys.detail(form.vehicleId),
    queryFn: () => unwrap(api.GET('/api/v1/vehicles/{id}', { params: { path: { id: form.vehicleId } } })),
    enabled: Boolean(form.vehicleId),
  });
  const today = useStoreToday(vehicle.data?.storeId ?? quote?.storeId);
  // A revision keeps the price the quote was written at; the server prices again from the car.
  const priceCents = vehicle.data?.priceCents ?? quote?.content.totals.priceCents ?? 0;
  const b = balance(form, priceCents);
  const share = discountShare(form.discountCents, priceCents);

  const save = useMutation({
    mutationFn: async (f: DealForm) => {
      const body = toQuoteInput(f, canSeeCost);
      if (!quote) return withEtag(api.POST('/api/v1/quotes', { body }));
      return withEtag(api.PUT('/api/v1/quotes/{id}', { params: { path: { id: quote.id }, header: { 'If-Match': quote.etag } }, body }));
    },
    onSuccess: (q) => {
      qc.setQueryData(quoteKeys.detail(q.id), q);
      void qc.invalidateQueries({ queryKey: quoteKeys.lists() });
      void qc.invalidateQueries({ queryKey: quoteKeys.versions(q.id) });
      toast.success(quote ? t('deal.revised', { number: q.number, version: q.currentVersion }) : t('deal.created', { number: q.number }));
      unsaved.release();
      navigate(`/quotes/${q.id}`);
    },
    onError: (e) => {
      if (isApiError(e) && e.status === 412) {
        setConflict(true);
        return;
      }
      const placed: Record<string, string> = {};
      let rest = !isApiError(e) || e.fieldErrors.length === 0;
      if (isApiError(e)) {
        for (const fe of e.fieldErrors) {
          const path = dealPath(fe.pointer);
          if (path) placed[path] = fe.code;
          else rest = true;
        }
      }
      setErrors(placed);
      setFailure(rest ? explain(t, e) : null);
    },
  });

  const submit = () => {
    const found = checkDeal(form);
    setErrors(found);
    setFailure(null);
    if (Object.keys(found).length === 0) save.mutate(form);
    else toast.error(t('errors.saveFailed'), t('deal.checkFields'));
  };
  const err = (k: string) => (errors[k] ? fieldText(t, errors[k]) : undefined);
  const back = quote ? `/quotes/${quote.id}` : '/quotes';

  return (
    <>
      <Link to={back} className="mb-4 inline-flex min-h-11 items-center gap-1 text-sm text-slate-700 hover:underline md:min-h-0 dark:text-slate-300">
        <ArrowLeft className="h-4 w-4" aria-hidden />
        {quote ? quote.number : t('quotes.back')}
      </Link>
      <PageHeader title={quote ? t('deal.reviseTitle', { number: quote.number }) : t('deal.newTitle')}>{quote ? t('deal.reviseIntro', { version: quote.currentVersion + 1 }) : t('deal.newIntro')}</PageHeader>
      {conflict && (
        <ConflictNotice
          onReload={() => {
            setConflict(false);
            onReload();
          }}
        />
      )}
      {failure && (
        <p role="alert" className="mb-4 rounded-md border border-red-300 bg-red-50 p-3 text-sm text-red-800 dark:border-red-800 dark:bg-red-950 dark:text-red-200">
          {failure}
        </p>
      )}
      <form
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          submit();
        }}
        className="gap-6 lg:grid lg:grid-cols-[minmax(0,1fr)_20rem]"
      >
        <div className="space-y-6">
          <Card className="space-y-3 p-5">
            <h2 className="font-semibold">{t('deal.customer')}</h2>
            {form.customerId ? (
              <div className="flex flex-wrap items-center justify-between gap-2">
                <div>
                  <p className="font-medium">{customer.data ? customerName(customer.data) : '…'}</p>
                  {customer.data?.phones[0] && <p className="text-sm tabular-nums text-slate-600 dark:text-slate-400">{formatPhone(customer.data.phones[0].number)}</p>}
                  {err('customerId') && (
                    <p role="alert" className="text-sm text-red-700 dark:text-red-400">
                      {err('customerId')}
                    </p>
                  )}
                </div>
                {/* A quote stays with its customer (sales.quote_customer_fixed). */}
                {!quote && (
                  <Button variant="secondary" size="sm" onClick={() => patch({ customerId: '', tradeIn: null })}>
                    {t('deal.change')}
                  </Button>
                )}
              </div>
            ) : (
              <CustomerSearch error={err('customerId')} onPick={(c) => patch({ customerId: c.id, tradeIn: null })} />
            )}
          </Card>

          <Card className="space-y-3 p-5">
            <h2 className="font-semibold">{t('deal.vehicle')}</h2>
            {form.vehicleId ? (
              <div className="flex flex-wrap items-center justify-between gap-2">
                <div>
                  <p className="font-medium">{vehicle.data ? `${vehicleTitle(vehicle.data)} ${vehicle.data.year}/${vehicle.data.modelYear}` : '…'}</p>
                  {vehicle.data && (
                    <p className="text-sm text-slate-600 dark:text-slate-400">
                      <span className="font-mono">{[displayPlaca(vehicle.data.placa), vehicle.data.stockNumber].filter(Boolean).join(' · ')}</span> ·{' '}
                      {t('deal.askingPrice', { price: formatMoney(vehicle.data.priceCents) })}
                    </p>
                  )}
                  {err('vehicleId') && (
                    <p role="alert" className="text-sm text-red-700 dark:text-red-400">
                      {err('vehicleId')}
                    </p>
                  )}
                </div>
                <Button variant="secondary" size="sm" onClick={() => patch({ vehicleId: '' })}>
                  {t('deal.change')}
                </Button>
              </div>
            ) : (
              <VehicleSearch error={err('vehicleId')} onPick={(v) => patch({ vehicleId: v.id })} />
            )}
            <div className="grid gap-3 sm:grid-cols-2">
              <MoneyInput
                label={t('deal.discount')}
                value={form.discountCents}
                hint={form.discountCents ? t('deal.discountShare', { share: formatShare(share, 1) }) : undefined}
                error={err('discountCents')}
                onChange={(cents) => patch({ discountCents: cents })}
              />
            </div>
          </Card>

          <ItemsCard items={form.items} onChange={(items) => patch({ items })} canSeeCost={canSeeCost} errors={errors} />
          <FiCard products={form.fiProducts} onChange={(fiProducts) => patch({ fiProducts })} canSeeCost={canSeeCost} errors={errors} />
          <TradeInCard customerId={form.customerId} value={form.tradeIn} error={err('tradeIn.allowanceCents')} onChange={(tradeIn) => patch({ tradeIn })} />
          <PaymentsCard
            payments={form.payments}
            onChange={(payments) => patch({ payments })}
            onClose={(i) => setForm((f) => ({ ...f, payments: closeWith(f, i, priceCents) }))}
            totalCents={b.totalCents}
            differenceCents={b.differenceCents}
            today={today}
            company={customer.data?.kind === 'company'}
            errors={errors}
          />
          <Card className="grid gap-4 p-5 sm:grid-cols-2">
            <Input label={t('deal.validUntil')} type="date" value={form.validUntil} error={err('validUntil')} onChange={(e) => patch({ validUntil: e.target.value })} />
            <TextArea label={t('deal.notes')} value={form.notes} maxLength={2000} error={err('notes')} onChange={(e) => patch({ notes: e.target.value })} className="sm:col-span-2" />
          </Card>
        </div>

        <aside className="mt-6 space-y-4 lg:sticky lg:top-20 lg:mt-0 lg:self-start" aria-label={t('deal.summary.title')}>
          <SummaryCard b={b} />
          {canSeeCost && vehicle.data && <MarginCard estimateCents={estimateMargin(form, priceCents, vehicle.data.costCents ?? 0)} />}
          <div className="flex flex-col gap-2">
            <Button type="submit" loading={save.isPending}>
              {quote ? t('deal.saveRevision') : t('deal.create')}
            </Button>
            <Button
              variant="secondary"
              onClick={() => {
                unsaved.release();
                navigate(back);
              }}
            >
              {t('common.cancel')}
            </Button>
          </div>
        </aside>
      </form>
      <UnsavedChangesDialog blocker={unsaved.blocker} />
    </>
  );
}
