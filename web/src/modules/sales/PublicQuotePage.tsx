// The customer's page (/p/:token, no login, a phone first): the quote as a document to read (and
// its PDF to keep), then "receive a code", the 6 digits and "accept"; or decline with a reason. A
// link that expired, was replaced by a revision or was already answered says so plainly, with
// what to do next.
import { useState, type ReactNode } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { CheckCircle2, Clock, FileDown, FileX2, RefreshCw, XCircle } from 'lucide-react';
import { api, unwrap } from '@/api/client';
import { isApiError } from '@/api/problem';
import { usePageTitle } from '@/app/title';
import { formatDateTime } from '@/lib/format';
import { Button } from '@/ui/Button';
import { Input, TextArea } from '@/ui/Field';
import { publicQuoteKeys } from './keys';
import type { PublicQuote } from './model';
import { QuoteContentView } from './quote/QuoteContentView';
import { explain } from './shared';

function Frame({ children, store }: { children: ReactNode; store?: string | undefined }) {
  return (
    <div className="min-h-screen bg-slate-100 dark:bg-slate-950">
      <header className="border-b border-slate-200 bg-white px-4 py-3 dark:border-slate-800 dark:bg-slate-900">
        <div className="mx-auto flex max-w-2xl items-center gap-2">
          <img src="/favicon.svg" alt="" className="h-7 w-7" />
          <p className="font-semibold">{store ?? 'Innexar'}</p>
        </div>
      </header>
      <main className="mx-auto max-w-2xl space-y-4 p-4 pb-10">{children}</main>
    </div>
  );
}

function Panel({ children, className = '' }: { children: ReactNode; className?: string }) {
  return <section className={`rounded-lg border border-slate-200 bg-white p-5 shadow-sm dark:border-slate-800 dark:bg-slate-900 ${className}`}>{children}</section>;
}

export function PublicQuotePage() {
  const { token = '' } = useParams();
  const { t } = useTranslation();
  const quote = useQuery({
    queryKey: publicQuoteKeys.quote(token),
    queryFn: () => unwrap(api.GET('/api/v1/public/quotes/{token}', { params: { path: { token } } })),
    retry: false,
  });
  usePageTitle(quote.data ? t('publicQuote.title', { number: quote.data.document.number }) : t('publicQuote.titleShort'));

  if (quote.isError) return <LinkProblem error={quote.error} onRetry={() => void quote.refetch()} />;
  if (!quote.data) {
    return (
      <Frame>
        <p role="status" className="py-16 text-center text-slate-600 dark:text-slate-400">
          {t('common.loading')}
        </p>
      </Frame>
    );
  }
  const q = quote.data;
  const doc = q.document;
  return (
    <Frame store={doc.storeName}>
      <div>
        <h1 className="text-2xl font-semibold tracking-tight">{t('publicQuote.title', { number: doc.number })}</h1>
        <p className="text-sm text-slate-600 dark:text-slate-400">{t('publicQuote.for', { name: doc.customerName, version: doc.version })}</p>
      </div>
      <Panel>
        <QuoteContentView content={doc.content} />
      </Panel>
      {/* No login here: the link's token is the key, so a plain link downloads it. */}
      <a
        href={`/api/v1/public/quotes/${encodeURIComponent(token)}/pdf`}
        download
        className="inline-flex min-h-11 items-center gap-2 rounded-md border border-slate-300 bg-white px-4 text-sm font-medium text-slate-800 hover:bg-slate-50 focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-brand-600 dark:border-slate-700 dark:bg-slate-900 dark:text-slate-100 dark:hover:bg-slate-800"
      >
        <FileDown className="h-4 w-4" aria-hidden />
        {t('publicQuote.pdf')}
      </a>
      <Answer token={token} q={q} />
      <p className="break-all text-xs text-slate-600 dark:text-slate-400">
        {t('publicQuote.fingerprint')} <span className="font-mono">{q.documentSha256}</span>
      </p>
    </Frame>
  );
}

/** Why the link does not open a quote: unknown, expired, replaced by a revision, or the network. */
function LinkProblem({ error, onRetry }: { error: unknown; onRetry: () => void }) {
  const { t } = useTranslation();
  const code = isApiError(error) ? error.code : '';
  const known = code === 'sales.link_expired' || code === 'sales.link_superseded' || code === 'sales.link_not_found';
  const Icon = code === 'sales.link_expired' ? Clock : code === 'sales.link_superseded' ? RefreshCw : FileX2;
  return (
    <Frame>
      <Panel className="text-center">
        <Icon className="mx-auto mb-3 h-10 w-10 text-slate-500" aria-hidden />
        <h1 className="text-xl font-semibold">{known ? t(`publicQuote.problem.${code.slice('sales.'.length)}`) : t('errors.loadFailed')}</h1>
        <p role="alert" className="mt-2 text-sm text-slate-700 dark:text-slate-300">
          {explain(t, error)}
        </p>
        {!known && (
          <Button variant="secondary" className="mt-4" onClick={onRetry}>
            {t('errors.retry')}
          </Button>
        )}
      </Panel>
    </Frame>
  );
}

function Answer({ token, q }: { token: string; q: PublicQuote }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const [sentTo, setSentTo] = useState<string | null>(null);
  const [code, setCode] = useState('');
  const [declining, setDeclining] = useState(false);
  const [reason, setReason] = useState('');
  const [codeMissing, setCodeMissing] = useState(false);
  const reload = () => void qc.invalidateQueries({ queryKey: publicQuoteKeys.quote(token) });

  const askCode = useMutation({
    mutationFn: () => unwrap(api.POST('/api/v1/public/quotes/{token}/confirmation-code', { params: { path: { token } } })),
    onSuccess: (sent) => setSentTo(sent.sentTo),
  });
  const accept = useMutation({
    mutationFn: () => unwrap(api.POST('/api/v1/public/quotes/{token}/acceptance', { params: { path: { token } }, body: { code, documentSha256: q.documentSha256 } })),
    onSuccess: reload,
    onError: (e) => {
      // The dealer changed the quote while it was open: show the new one.
      if (isApiError(e) && e.code === 'sales.document_changed') reload();
    },
  });
  const decline = useMutation({
    mutationFn: () => unwrap(api.POST('/api/v1/public/quotes/{token}/decline', { params: { path: { token } }, body: { reason: reason.trim() || null } })),
    onSuccess: reload,
  });

  if (q.answer) {
    const accepted = q.answer.decision === 'accepted';
    return (
      <Panel className={accepted ? 'border-green-300 dark:border-green-800' : undefined}>
        <p role="status" className="flex items-start gap-2 font-medium">
          {accepted ? <CheckCircle2 className="mt-0.5 h-5 w-5 shrink-0 text-green-700" aria-hidden /> : <XCircle className="mt-0.5 h-5 w-5 shrink-0 text-slate-500" aria-hidden />}
          {accepted ? t('publicQuote.accepted', { when: formatDateTime(q.answer.decidedAt) }) : t('publicQuote.declined', { when: formatDateTime(q.answer.decidedAt) })}
        </p>
        {accepted && <p className="mt-2 text-sm text-slate-700 dark:text-slate-300">{t('publicQuote.acceptedNext')}</p>}
      </Panel>
    );
  }
  if (q.status !== 'sent') {
    return (
      <Panel>
        <p role="status" className="font-medium">
          {t('publicQuote.closed')}
        </p>
      </Panel>
    );
  }
  const failure = accept.error ?? askCode.error ?? decline.error;
  return (
    <Panel className="space-y-4">
      <h2 className="text-lg font-semibold">{t('publicQuote.answerTitle')}</h2>
      {failure && (
        <p role="alert" className="rounded-md border border-red-300 bg-red-50 p-3 text-sm text-red-800 dark:border-red-800 dark:bg-red-950 dark:text-red-200">
          {explain(t, failure)}
        </p>
      )}
      {declining ? (
        <div className="space-y-3">
          <TextArea label={t('publicQuote.declineReason')} value={reason} maxLength={500} onChange={(e) => setReason(e.target.value)} />
          <div className="flex flex-col gap-2 sm:flex-row-reverse">
            <Button variant="danger" loading={decline.isPending} onClick={() => decline.mutate()}>
              {t('publicQuote.declineConfirm')}
            </Button>
            <Button variant="secondary" onClick={() => setDeclining(false)}>
              {t('publicQuote.back')}
            </Button>
          </div>
        </div>
      ) : (
        <>
          {sentTo === null ? (
            <div className="space-y-2">
              <p className="text-sm">{q.codeTo ? t('publicQuote.codeExplain', { to: q.codeTo }) : t('publicQuote.noContact')}</p>
              <Button className="w-full sm:w-auto" loading={askCode.isPending} disabled={!q.codeTo} onClick={() => askCode.mutate()}>
                {t('publicQuote.sendCode')}
              </Button>
            </div>
          ) : (
            <form
              className="space-y-3"
              noValidate
              onSubmit={(e) => {
                e.preventDefault();
                const ok = /^\d{6}$/.test(code);
                setCodeMissing(!ok);
                if (ok) accept.mutate();
              }}
            >
              <p role="status" className="text-sm">
                {t('publicQuote.codeSent', { to: sentTo })}
              </p>
              <Input
                label={t('publicQuote.code')}
                inputMode="numeric"
                autoComplete="one-time-code"
                maxLength={6}
                value={code}
                error={codeMissing ? t('publicQuote.codeFormat') : undefined}
                onChange={(e) => setCode(e.target.value.replace(/\D/g, '').slice(0, 6))}
                className="max-w-48"
              />
              <div className="flex flex-col gap-2 sm:flex-row">
                <Button type="submit" loading={accept.isPending}>
                  {t('publicQuote.accept')}
                </Button>
                <Button variant="ghost" loading={askCode.isPending} onClick={() => askCode.mutate()}>
                  {t('publicQuote.resend')}
                </Button>
              </div>
            </form>
          )}
          <div className="border-t border-slate-200 pt-3 dark:border-slate-800">
            <Button variant="ghost" className="text-red-700 dark:text-red-400" onClick={() => setDeclining(true)}>
              {t('publicQuote.decline')}
            </Button>
          </div>
        </>
      )}
    </Panel>
  );
}
