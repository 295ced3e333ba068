// The managers' inbox of discount requests (/approvals): each request with its deal (customer,
// car, price, the discount asked and its share, who asks and why), approved, rejected or met with
// a smaller discount, with a comment. The menu shows how many wait.
import { useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { Check, HandCoins, X } from 'lucide-react';
import { api, unwrap } from '@/api/client';
import { useAuth } from '@/auth/AuthProvider';
import { usePageTitle } from '@/app/title';
import { fieldText } from '@/i18n/problems';
import { formatDateTime, formatMoney } from '@/lib/format';
import { Button } from '@/ui/Button';
import { Card } from '@/ui/Card';
import { Chips } from '@/ui/Chips';
import { Dialog } from '@/ui/Dialog';
import { EmptyState } from '@/ui/EmptyState';
import { TextArea } from '@/ui/Field';
import { MoneyInput } from '@/ui/MoneyInput';
import { QueryView } from '@/ui/QueryView';
import { Skeleton } from '@/ui/Skeleton';
import { useToast } from '@/ui/Toast';
import { getQuote } from './api';
import { approvalKeys, quoteKeys } from './keys';
import type { Approval, ApprovalStatus } from './model';
import { ApprovalStatusBadge, CustomerName, explain, formatShare, useSellerName } from './shared';

const FILTERS: ReadonlyArray<ApprovalStatus | ''> = ['pending', 'approved', 'countered', 'rejected', ''];
type Decision = 'approve' | 'reject' | 'counter';

export function ApprovalsPage() {
  const { t } = useTranslation();
  usePageTitle(t('approvals.title'));
  const [params, setParams] = useSearchParams();
  const raw = params.get('status');
  const status: ApprovalStatus | '' = raw === 'all' ? '' : raw && (FILTERS as readonly string[]).includes(raw) ? (raw as ApprovalStatus) : 'pending';
  const list = useQuery({
    queryKey: approvalKeys.list(status),
    queryFn: () => unwrap(api.GET('/api/v1/approvals', { params: { query: { status: status || undefined } } })),
  });
  return (
    <>
      <div className="mb-4">
        <h1 className="text-2xl font-semibold tracking-tight">{t('approvals.title')}</h1>
        <p className="mt-0.5 text-sm text-slate-600 dark:text-slate-400">{t('approvals.intro')}</p>
      </div>
      <Chips
        label={t('approvals.filter')}
        options={FILTERS.map((s) => ({ value: s, label: s ? t(`approvals.filters.${s}`) : t('approvals.filters.all') }))}
        value={status}
        onChange={(s) => setParams(s === 'pending' ? {} : { status: s || 'all' }, { replace: true })}
        className="mb-3 pb-1"
      />
      <QueryView query={list} skeleton={<Skeleton className="h-40" />}>
        {(data) =>
          data.items.length === 0 ? (
            <Card>
              <EmptyState icon={HandCoins} title={status === 'pending' ? t('approvals.emptyPending') : t('approvals.empty')} />
            </Card>
          ) : (
            <ul className="grid gap-4 lg:grid-cols-2">
              {data.items.map((a) => (
                <ApprovalCard key={a.id} a={a} />
              ))}
            </ul>
          )
        }
      </QueryView>
    </>
  );
}

function ApprovalCard({ a }: { a: Approval }) {
  const { t } = useTranslation();
  const { can } = useAuth();
  const seller = useSellerName();
  const [deciding, setDeciding] = useState<Decision | null>(null);
  const quote = useQuery({ queryKey: quoteKeys.detail(a.quoteId), queryFn: () => getQuote(a.quoteId) });
  const v = quote.data?.content.vehicle;
  const share = a.priceCents > 0 ? a.discountCents / a.priceCents : 0;
  const number = quote.data?.number ?? '…';
  return (
    <li>
      <Card className="space-y-3 p-5">
        <div className="flex flex-wrap items-start justify-between gap-2">
          <div>
            <h2 className="font-semibold">
              <Link to={`/quotes/${a.quoteId}`} className="text-brand-700 hover:underline dark:text-brand-100">
                {t('quote.title', { number })}
              </Link>
            </h2>
            <p className="text-sm text-slate-600 dark:text-slate-400">
              {quote.data ? <CustomerName id={quote.data.customerId} /> : '…'} · {v ? `${v.make} ${v.model} ${v.year}` : '…'}
            </p>
          </div>
          <ApprovalStatusBadge status={a.status} />
        </div>
        <dl className="grid grid-cols-2 gap-2 text-sm">
          <div>
            <dt className="text-slate-600 dark:text-slate-400">{t('approvals.price')}</dt>
            <dd className="font-medium tabular-nums">{formatMoney(a.priceCents)}</dd>
          </div>
          <div>
            <dt className="text-slate-600 dark:text-slate-400">{t('approvals.discount')}</dt>
            <dd className="font-medium tabular-nums">
              {formatMoney(a.discountCents)} <span className="text-slate-600 dark:text-slate-400">({formatShare(share, 1)})</span>
            </dd>
          </div>
          {quote.data && (
            <div>
              <dt className="text-slate-600 dark:text-slate-400">{t('approvals.total')}</dt>
              <dd className="font-medium tabular-nums">{formatMoney(quote.data.totalCents)}</dd>
            </div>
          )}
          {quote.data?.content.margin && (
            <div>
              <dt className="text-slate-600 dark:text-slate-400">{t('deal.margin.title')}</dt>
              <dd className="font-medium tabular-nums">{formatMoney(quote.data.content.margin.grossCents)}</dd>
            </div>
          )}
        </dl>
        <p className="text-sm">
          {t('approvals.askedBy', { name: seller(a.requestedBy), when: formatDateTime(a.requestedAt) })}
          {a.comment && <span className="mt-1 block italic">“{a.comment}”</span>}
        </p>
        {a.status !== 'pending' && (
          <p className="text-sm">
            {a.approvedDiscountCents !== null && a.approvedDiscountCents !== undefined && t('approvals.allowed', { value: formatMoney(a.approvedDiscountCents) })}
            {a.decisionComment && <span className="block">“{a.decisionComment}”</span>}
          </p>
        )}
        {a.status === 'pending' && can('sales.approve_discounts') && (
          <div className="flex flex-wrap gap-2">
            <Button onClick={() => setDeciding('approve')} aria-label={t('approvals.approveLabel', { number })}>
              <Check className="h-4 w-4" aria-hidden />
              {t('approvals.approve')}
            </Button>
            <Button variant="secondary" onClick={() => setDeciding('counter')} aria-label={t('approvals.counterLabel', { number })}>
              <HandCoins className="h-4 w-4" aria-hidden />
              {t('approvals.counter')}
            </Button>
            <Button variant="ghost" className="text-red-700 dark:text-red-400" onClick={() => setDeciding('reject')} aria-label={t('approvals.rejectLabel', { number })}>
              <X className="h-4 w-4" aria-hidden />
              {t('approvals.reject')}
            </Button>
          </div>
        )}
      </Card>
      <DecisionDialog a={a} number={number} decision={deciding} onClose={() => setDeciding(null)} />
    </li>
  );
}

function DecisionDialog({ a, number, decision, onClose }: { a: Approval; number: string; decision: Decision | null; onClose: () => void }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const toast = useToast();
  const [comment, setComment] = useState('');
  const [counter, setCounter] = useState<number | null>(null);
  const [missing, setMissing] = useState<{ comment?: boolean; counter?: boolean }>({});
  const decide = useMutation({
    mutationFn: () =>
      unwrap(
        api.POST('/api/v1/approvals/{id}/decision', {
          params: { path: { id: a.id } },
          body: { decision: decision!, comment: comment.trim() || null, counterDiscountCents: decision === 'counter' ? counter : null },
        }),
      ),
    onSuccess: () => {
      toast.success(t(`approvals.done.${decision!}`, { number }));
      void qc.invalidateQueries({ queryKey: approvalKeys.all });
      void qc.invalidateQueries({ queryKey: quoteKeys.detail(a.quoteId) });
      setComment('');
      setCounter(null);
      onClose();
    },
  });
  const submit = () => {
    const lacking = { comment: decision !== 'approve' && !comment.trim(), counter: decision === 'counter' && !counter };
    setMissing(lacking);
    if (!lacking.comment && !lacking.counter) decide.mutate();
  };
  return (
    <Dialog
      open={decision !== null}
      onOpenChange={(o) => !o && onClose()}
      title={decision ? t(`approvals.dialog.${decision}`, { number }) : ''}
      description={t('approvals.dialog.asked', { discount: formatMoney(a.discountCents), price: formatMoney(a.priceCents) })}
      footer={
        <>
          <Button variant="secondary" onClick={onClose}>
            {t('common.cancel')}
          </Button>
          <Button variant={decision === 'reject' ? 'danger' : 'primary'} loading={decide.isPending} onClick={submit}>
            {decision ? t(`approvals.${decision}`) : ''}
          </Button>
        </>
      }
    >
      <div className="space-y-4">
        {decide.isError && (
          <p role="alert" className="text-sm text-red-700 dark:text-red-400">
            {explain(t, decide.error)}
          </p>
        )}
        {decision === 'counter' && (
          <MoneyInput
            label={t('approvals.counterDiscount')}
            hint={t('approvals.counterHint', { discount: formatMoney(a.discountCents) })}
            value={counter}
            error={missing.counter ? fieldText(t, 'validation.positiveAmount') : undefined}
            onChange={setCounter}
          />
        )}
        <TextArea
          label={decision === 'approve' ? t('approvals.commentOptional') : t('approvals.comment')}
          value={comment}
          maxLength={1000}
          error={missing.comment ? fieldText(t, 'validation.required') : undefined}
          onChange={(e) => setComment(e.target.value)}
        />
      </div>
    </Dialog>
  );
}
