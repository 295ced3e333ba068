// A quote at the desk (/quotes/:id): the current version as the customer reads it, and what may be
// done with it now: revise, send (asking a manager first when the discount is above the
// salesperson's limit), a new link, the customer's answer given at the desk, the sale, its PDF.
// Its discount requests and its versions below.
import { useState, type ReactNode } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useNavigate, useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { ArrowLeft, Check, Copy, Link2, Pencil, Send, ShoppingCart, X } from 'lucide-react';
import { api, unwrap } from '@/api/client';
import { isApiError } from '@/api/problem';
import { useAuth } from '@/auth/AuthProvider';
import { usePageTitle } from '@/app/title';
import { formatDate, formatDateTime, formatMoney } from '@/lib/format';
import { ConflictNotice } from '@/modules/vehicles/ConflictNotice';
import { vehicleKeys } from '@/modules/vehicles/keys';
import { Button } from '@/ui/Button';
import { Card } from '@/ui/Card';
import { Dialog } from '@/ui/Dialog';
import { LoadError } from '@/ui/EmptyState';
import { Input, TextArea } from '@/ui/Field';
import { Skeleton } from '@/ui/Skeleton';
import { useToast } from '@/ui/Toast';
import { getQuote, withEtag, type Versioned } from '../api';
import { DownloadButton } from '../DownloadButton';
import { approvalKeys, quoteKeys, saleKeys } from '../keys';
import type { Approval, QuoteView } from '../model';
import { MarginCard } from '../deal/SummaryCard';
import { ApprovalStatusBadge, CustomerName, explain, QuoteStatusBadge, useSellerName } from '../shared';
import { QuoteContentView } from './QuoteContentView';
import { VersionsCard } from './VersionsCard';

interface IssuedLink {
  url: string;
  expiresAt: string;
}

export function QuotePage() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const quote = useQuery({ queryKey: quoteKeys.detail(id), queryFn: () => getQuote(id) });
  usePageTitle(quote.isError ? t('quotes.notFound') : quote.data && t('quote.title', { number: quote.data.number }), t('quotes.title'));
  if (!quote.data) {
    return quote.isError ? (
      <LoadError
        error={quote.error}
        notFoundTitle={t('quotes.notFound')}
        onRetry={() => void quote.refetch()}
        back={<Link to="/quotes" className="text-brand-700 underline dark:text-brand-100">{t('quotes.back')}</Link>}
      />
    ) : (
      <div className="space-y-4">
        <Skeleton className="h-10 w-2/3" />
        <Skeleton className="h-96" />
      </div>
    );
  }
  return <QuoteScreen q={quote.data} onReload={() => void quote.refetch()} />;
}

function QuoteScreen({ q, onReload }: { q: Versioned<QuoteView>; onReload: () => void }) {
  const { t } = useTranslation();
  const { can } = useAuth();
  const qc = useQueryClient();
  const toast = useToast();
  const navigate = useNavigate();
  const seller = useSellerName();
  const [link, setLink] = useState<IssuedLink | null>(null);
  const [asking, setAsking] = useState(false);
  const [answering, setAnswering] = useState<'accepted' | 'declined' | null>(null);
  const [selling, setSelling] = useState(false);
  const [conflict, setConflict] = useState(false);
  const canWrite = can('quotes.write');

  const changed = (next?: Versioned<QuoteView>) => {
    if (next) qc.setQueryData(quoteKeys.detail(q.id), next);
    void qc.invalidateQueries({ queryKey: quoteKeys.detail(q.id) });
    void qc.invalidateQueries({ queryKey: quoteKeys.lists() });
  };
  const failed = (e: unknown) => {
    if (isApiError(e) && e.status === 412) setConflict(true);
    else toast.error(t('quote.actionFailed'), explain(t, e));
  };

  const send = useMutation({
    mutationFn: () => withEtag(api.POST('/api/v1/quotes/{id}/send', { params: { path: { id: q.id }, header: { 'If-Match': q.etag } } })),
    onSuccess: (sent) => {
      setLink({ url: sent.link.url, expiresAt: sent.link.expiresAt });
      toast.success(t('quote.sent'));
      changed();
    },
    onError: (e) => {
      // Above the salesperson's limit: a manager decides first.
      if (isApiError(e) && e.code === 'sales.approval_required') setAsking(true);
      else failed(e);
    },
  });
  const newLink = useMutation({
    mutationFn: () => unwrap(api.POST('/api/v1/quotes/{id}/links', { params: { path: { id: q.id } } })),
    onSuccess: (l) => {
      setLink({ url: l.url, expiresAt: l.expiresAt });
      toast.success(t('quote.linkCreated'));
    },
    onError: failed,
  });
  const sell = useMutation({
    mutationFn: () => unwrap(api.POST('/api/v1/quotes/{id}/sale', { params: { path: { id: q.id } } })),
    onSuccess: (sale) => {
      setSelling(false);
      toast.success(t('quote.sold', { number: sale.number }));
      changed();
      void qc.invalidateQueries({ queryKey: saleKeys.all });
      void qc.invalidateQueries({ queryKey: vehicleKeys.all });
      navigate(`/sales?month=${sale.month}`);
    },
    onError: (e) => {
      setSelling(false);
      failed(e);
    },
  });

  const current = q.approvals.find((a) => a.quoteVersion === q.currentVersion);

  return (
    <>
      <Link to="/quotes" className="mb-4 inline-flex min-h-11 items-center gap-1 text-sm text-slate-700 hover:underline md:min-h-0 dark:text-slate-300">
        <ArrowLeft className="h-4 w-4" aria-hidden />
        {t('quotes.back')}
      </Link>
      {conflict && (
        <ConflictNotice
          onReload={() => {
            setConflict(false);
            onReload();
          }}
        />
      )}
      <div className="mb-4 flex flex-wrap items-start justify-between gap-4">
        <div>
          <p className="font-mono text-xs text-slate-600 dark:text-slate-400">{t('quote.versionN', { version: q.currentVersion })}</p>
          <h1 className="text-2xl font-semibold tracking-tight">{t('quote.title', { number: q.number })}</h1>
          <div className="mt-2 flex flex-wrap items-center gap-2 text-sm text-slate-600 dark:text-slate-400">
            <QuoteStatusBadge status={q.status} />
            <span>
              <CustomerName id={q.customerId} />
            </span>
            ·<span>{seller(q.salespersonId)}</span>·<span>{t('quotes.validUntilShort', { date: formatDate(q.validUntil) })}</span>
          </div>
        </div>
        <p className="text-3xl font-semibold tabular-nums">{formatMoney(q.totalCents)}</p>
      </div>

      <div className="mb-4 flex flex-wrap gap-2">
        {/* While a manager decides on the discount, there is nothing to send yet. */}
        {canWrite && q.status === 'draft' && current?.status !== 'pending' && (
          <Button loading={send.isPending} onClick={() => send.mutate()}>
            <Send className="h-4 w-4" aria-hidden />
            {t('quote.send')}
          </Button>
        )}
        {canWrite && q.status === 'sent' && (
          <>
            <Button variant="secondary" loading={newLink.isPending} onClick={() => newLink.mutate()}>
              <Link2 className="h-4 w-4" aria-hidden />
              {t('quote.newLink')}
            </Button>
            <Button variant="secondary" onClick={() => setAnswering('accepted')}>
              <Check className="h-4 w-4" aria-hidden />
              {t('quote.acceptedAtDesk')}
            </Button>
            <Button variant="secondary" onClick={() => setAnswering('declined')}>
              <X className="h-4 w-4" aria-hidden />
              {t('quote.declined')}
            </Button>
          </>
        )}
        {q.status === 'accepted' && can('sales.sell') && (
          <Button onClick={() => setSelling(true)}>
            <ShoppingCart className="h-4 w-4" aria-hidden />
            {t('quote.sell')}
          </Button>
        )}
        {canWrite && q.status !== 'accepted' && (
          <Button variant="secondary" onClick={() => navigate(`/quotes/${q.id}/edit`)}>
            <Pencil className="h-4 w-4" aria-hidden />
            {t('quote.revise')}
          </Button>
        )}
        <DownloadButton
          label={t('quote.pdfLabel', { number: q.number })}
          fallbackName={`proposta-${q.number}.pdf`}
          load={() => api.GET('/api/v1/quotes/{id}/pdf', { params: { path: { id: q.id } }, parseAs: 'blob' })}
        >
          {t('quote.pdf')}
        </DownloadButton>
      </div>

      {/* Once sent, the discount's story is in the requests card; the notice is for the draft. */}
      {current && q.status === 'draft' && (
        <ApprovalNotice a={current}>
          {canWrite && current.status === 'countered' && current.approvedDiscountCents != null && (
            <Button size="sm" variant="secondary" className="mt-2" onClick={() => navigate(`/quotes/${q.id}/edit?discount=${current.approvedDiscountCents}`)}>
              {t('quote.reviseWithCounter', { discount: formatMoney(current.approvedDiscountCents) })}
            </Button>
          )}
        </ApprovalNotice>
      )}
      {link && <LinkPanel link={link} validUntil={q.validUntil} />}
      {q.decisionNote && q.status === 'rejected' && (
        <p className="mb-4 rounded-md border border-slate-200 bg-slate-50 p-3 text-sm dark:border-slate-800 dark:bg-slate-900">{t('quote.declineReason', { reason: q.decisionNote })}</p>
      )}

      <div className="grid gap-6 lg:grid-cols-3">
        <Card className="p-5 lg:col-span-2">
          <QuoteContentView content={q.content} />
        </Card>
        <div className="space-y-6">
          {q.content.margin && <MarginCard margin={q.content.margin} />}
          <ApprovalsCard approvals={q.approvals} />
          <VersionsCard quoteId={q.id} current={q.currentVersion} />
        </div>
      </div>

      <AskApprovalDialog quoteId={q.id} open={asking} onOpenChange={setAsking} onAsked={() => changed()} />
      <AnswerDialog q={q} decision={answering} onClose={() => setAnswering(null)} onAnswered={() => changed()} onConflict={() => setConflict(true)} />
      <Dialog
        open={selling}
        onOpenChange={setSelling}
        title={t('quote.sellTitle', { number: q.number })}
        description={t('quote.sellBody', { total: formatMoney(q.totalCents) })}
        footer={
          <>
            <Button variant="secondary" onClick={() => setSelling(false)}>
              {t('common.cancel')}
            </Button>
            <Button loading={sell.isPending} onClick={() => sell.mutate()}>
              {t('quote.sellConfirm')}
            </Button>
          </>
        }
      >
        {null}
      </Dialog>
    </>
  );
}

/** Where the quote's discount request stands, for this version. */
function ApprovalNotice({ a, children }: { a: Approval; children?: ReactNode }) {
  const { t } = useTranslation();
  const tone =
    a.status === 'pending'
      ? 'border-amber-300 bg-amber-50 text-amber-950 dark:border-amber-800 dark:bg-amber-950 dark:text-amber-100'
      : a.status === 'rejected'
        ? 'border-red-300 bg-red-50 text-red-900 dark:border-red-800 dark:bg-red-950 dark:text-red-100'
        : 'border-green-300 bg-green-50 text-green-900 dark:border-green-800 dark:bg-green-950 dark:text-green-100';
  return (
    <div role="status" className={`mb-4 rounded-md border p-3 text-sm ${tone}`}>
      <p className="font-medium">{t(`quote.approval.${a.status}`, { discount: formatMoney(a.discountCents), allowed: formatMoney(a.approvedDiscountCents) })}</p>
      {a.decisionComment && <p className="mt-1">“{a.decisionComment}”</p>}
      {children}
    </div>
  );
}

/** The link the customer accepts through: shown once, to copy and pass on. */
function LinkPanel({ link, validUntil }: { link: IssuedLink; validUntil: string }) {
  const { t } = useTranslation();
  const toast = useToast();
  const url = `${window.location.origin}${link.url}`;
  return (
    <Card className="mb-4 space-y-2 border-brand-600 p-4">
      <div className="flex flex-col gap-2 sm:flex-row sm:items-end">
        <Input label={t('quote.link')} value={url} readOnly className="min-w-0 flex-1" onFocus={(e) => e.target.select()} />
        <Button
          variant="secondary"
          onClick={() => {
            void navigator.clipboard?.writeText(url).then(
              () => toast.success(t('quote.copied')),
              () => toast.error(t('quote.copyFailed')),
            );
          }}
        >
          <Copy className="h-4 w-4" aria-hidden />
          {t('quote.copy')}
        </Button>
      </div>
      {/* The link ends with the quote's last day (as Brazil's westernmost zone ends it): the day is what the customer needs. */}
      <p className="text-xs text-slate-600 dark:text-slate-400">{t('quote.linkHint', { date: formatDate(validUntil) })}</p>
    </Card>
  );
}

function ApprovalsCard({ approvals }: { approvals: Approval[] }) {
  const { t } = useTranslation();
  if (approvals.length === 0) return null;
  return (
    <Card className="p-5">
      <h2 className="mb-3 font-semibold">{t('quote.approvals')}</h2>
      <ol className="space-y-3 text-sm">
        {approvals.map((a) => (
          <li key={a.id}>
            <p className="flex flex-wrap items-center gap-2">
              <ApprovalStatusBadge status={a.status} />
              <span className="tabular-nums">{t('quote.approvalAsked', { discount: formatMoney(a.discountCents), version: a.quoteVersion })}</span>
            </p>
            <p className="text-xs text-slate-600 dark:text-slate-400">{formatDateTime(a.requestedAt)}</p>
            {a.comment && <p className="text-xs italic">“{a.comment}”</p>}
            {a.decisionComment && <p className="text-xs">{t('quote.managerSaid', { comment: a.decisionComment })}</p>}
          </li>
        ))}
      </ol>
    </Card>
  );
}

function AskApprovalDialog({ quoteId, open, onOpenChange, onAsked }: { quoteId: string; open: boolean; onOpenChange: (o: boolean) => void; onAsked: () => void }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const toast = useToast();
  const [comment, setComment] = useState('');
  const ask = useMutation({
    mutationFn: () => unwrap(api.POST('/api/v1/quotes/{id}/approval-requests', { params: { path: { id: quoteId } }, body: { comment: comment.trim() || null } })),
    onSuccess: () => {
      toast.success(t('quote.askSent'));
      void qc.invalidateQueries({ queryKey: approvalKeys.all });
      onOpenChange(false);
      setComment('');
      onAsked();
    },
  });
  return (
    <Dialog
      open={open}
      onOpenChange={onOpenChange}
      title={t('quote.askTitle')}
      description={t('quote.askBody')}
      footer={
        <>
          <Button variant="secondary" onClick={() => onOpenChange(false)}>
            {t('common.cancel')}
          </Button>
          <Button loading={ask.isPending} onClick={() => ask.mutate()}>
            {t('quote.ask')}
          </Button>
        </>
      }
    >
      {ask.isError && (
        <p role="alert" className="mb-3 text-sm text-red-700 dark:text-red-400">
          {explain(t, ask.error)}
        </p>
      )}
      <TextArea label={t('quote.askComment')} value={comment} maxLength={1000} onChange={(e) => setComment(e.target.value)} />
    </Dialog>
  );
}

/** The customer's answer given at the desk: accepted (signed on paper) or declined with a reason. */
function AnswerDialog({
  q,
  decision,
  onClose,
  onAnswered,
  onConflict,
}: {
  q: Versioned<QuoteView>;
  decision: 'accepted' | 'declined' | null;
  onClose: () => void;
  onAnswered: () => void;
  onConflict: () => void;
}) {
  const { t } = useTranslation();
  const toast = useToast();
  const [reason, setReason] = useState('');
  const answer = useMutation({
    mutationFn: async (): Promise<unknown> =>
      decision === 'accepted'
        ? unwrap(api.POST('/api/v1/quotes/{id}/answer', { params: { path: { id: q.id }, header: { 'If-Match': q.etag } }, body: { decision: 'accepted' } }))
        : unwrap(api.POST('/api/v1/quotes/{id}/reject', { params: { path: { id: q.id }, header: { 'If-Match': q.etag } }, body: { reason: reason.trim() || null } })),
    onSuccess: () => {
      toast.success(decision === 'accepted' ? t('quote.acceptedDone') : t('quote.declinedDone'));
      setReason('');
      onClose();
      onAnswered();
    },
    onError: (e) => {
      if (isApiError(e) && e.status === 412) {
        onClose();
        onConflict();
      }
    },
  });
  const body: ReactNode =
    decision === 'declined' ? <TextArea label={t('quote.declineReasonLabel')} value={reason} maxLength={500} onChange={(e) => setReason(e.target.value)} /> : null;
  return (
    <Dialog
      open={decision !== null}
      onOpenChange={(o) => !o && onClose()}
      title={decision === 'accepted' ? t('quote.acceptTitle') : t('quote.declineTitle')}
      description={decision === 'accepted' ? t('quote.acceptBody') : t('quote.declineBody')}
      footer={
        <>
          <Button variant="secondary" onClick={onClose}>
            {t('common.cancel')}
          </Button>
          <Button variant={decision === 'declined' ? 'danger' : 'primary'} loading={answer.isPending} onClick={() => answer.mutate()}>
            {t('common.confirm')}
          </Button>
        </>
      }
    >
      {answer.isError && !(isApiError(answer.error) && answer.error.status === 412) && (
        <p role="alert" className="mb-3 text-sm text-red-700 dark:text-red-400">
          {explain(t, answer.error)}
        </p>
      )}
      {body}
    </Dialog>
  );
}
