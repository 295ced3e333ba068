// The opt-out page (/opt-out/:token, no login, a phone first): who wrote, what stops and where
// ("Auto Center — você não receberá mais ofertas e novidades por e-mail em a***@gmail.com"), one
// button to confirm, then the confirmation. A link already used says so; one that does not exist
// says that plainly, never the server's words.
import type { ReactNode } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { BellOff, CheckCircle2, LinkIcon } from 'lucide-react';
import { api, unwrap } from '@/api/client';
import { isApiError } from '@/api/problem';
import { usePageTitle } from '@/app/title';
import { LANGUAGES } from '@/i18n';
import { problemText } from '@/i18n/problems';
import { Button } from '@/ui/Button';
import { optOutKeys } from './keys';
import { optOutWords } from './model';

function Frame({ children, sender }: { children: ReactNode; sender?: string | undefined }) {
  const { t, i18n } = useTranslation();
  const other = LANGUAGES.find((l) => l.code !== i18n.language) ?? LANGUAGES[1];
  return (
    <div className="min-h-screen bg-slate-100 dark:bg-slate-950">
      <header className="border-b border-slate-200 bg-white px-4 py-2 dark:border-slate-800 dark:bg-slate-900">
        <div className="mx-auto flex max-w-xl items-center gap-2">
          <img src="/favicon.svg" alt="" className="h-7 w-7" />
          <p className="min-w-0 flex-1 truncate font-semibold">{sender ?? 'Innexar'}</p>
          <button
            type="button"
            lang={other.code}
            aria-label={`${t('optOut.language')}: ${other.label}`}
            className="min-h-11 shrink-0 rounded-md px-3 text-sm text-brand-700 underline hover:bg-slate-100 dark:text-brand-100 dark:hover:bg-slate-800"
            onClick={() => void i18n.changeLanguage(other.code)}
          >
            {other.label}
          </button>
        </div>
      </header>
      <main className="mx-auto max-w-xl p-4 pb-10">
        <section className="rounded-lg border border-slate-200 bg-white p-5 shadow-sm dark:border-slate-800 dark:bg-slate-900">{children}</section>
      </main>
    </div>
  );
}

export function OptOutPage() {
  const { token = '' } = useParams();
  const { t } = useTranslation();
  const qc = useQueryClient();
  usePageTitle(t('optOut.title'));
  const link = useQuery({
    queryKey: optOutKeys.link(token),
    queryFn: () => unwrap(api.GET('/api/v1/public/messages/opt-out/{token}', { params: { path: { token } } })),
    retry: false,
  });
  const stop = useMutation({
    mutationFn: () => unwrap(api.POST('/api/v1/public/messages/opt-out/{token}', { params: { path: { token } } })),
    onSuccess: (v) => qc.setQueryData(optOutKeys.link(token), v),
  });

  if (link.isError) return <LinkProblem error={link.error} onRetry={() => void link.refetch()} />;
  const v = link.data;
  if (!v) {
    return (
      <Frame>
        <p role="status" className="py-10 text-center text-slate-600 dark:text-slate-400">
          {t('optOut.loading')}
        </p>
      </Frame>
    );
  }
  const words = { sender: v.sender, recipient: v.recipient, ...optOutWords(t, v) };
  return (
    <Frame sender={v.sender}>
      <h1 className="mb-3 flex items-center gap-2 text-xl font-semibold">
        <BellOff className="h-5 w-5 shrink-0 text-slate-500" aria-hidden />
        {t('optOut.title')}
      </h1>
      {v.optedOut ? (
        <Done words={words} justNow={stop.isSuccess} />
      ) : (
        <div className="space-y-4">
          <p className="break-words">{t('optOut.ask', words)}</p>
          <p className="text-sm text-slate-700 dark:text-slate-300">{t('optOut.keeps')}</p>
          {stop.isError && (
            <p role="alert" className="rounded-md border border-red-300 bg-red-50 p-3 text-sm text-red-800 dark:border-red-800 dark:bg-red-950 dark:text-red-200">
              {problemText(t, stop.error)}
            </p>
          )}
          <Button variant="danger" className="w-full sm:w-auto" loading={stop.isPending} onClick={() => stop.mutate()}>
            {t('optOut.confirm')}
          </Button>
        </div>
      )}
    </Frame>
  );
}

function Done({ words, justNow }: { words: Record<string, string>; justNow: boolean }) {
  const { t } = useTranslation();
  return (
    <div className="space-y-3">
      <p role="status" className="flex items-start gap-2 break-words font-medium">
        <CheckCircle2 className="mt-0.5 h-5 w-5 shrink-0 text-green-700 dark:text-green-400" aria-hidden />
        <span>{justNow ? t('optOut.done', words) : t('optOut.already', words)}</span>
      </p>
      <p className="text-sm text-slate-700 dark:text-slate-300">{t('optOut.keeps')}</p>
      <p className="text-sm text-slate-700 dark:text-slate-300">{t('optOut.changeMind')}</p>
    </div>
  );
}

/** Why the link opens nothing: not a link of ours (or cut short), or the network. */
function LinkProblem({ error, onRetry }: { error: unknown; onRetry: () => void }) {
  const { t } = useTranslation();
  const notFound = isApiError(error) && error.status === 404;
  return (
    <Frame>
      <div className="text-center">
        <LinkIcon className="mx-auto mb-3 h-10 w-10 text-slate-500" aria-hidden />
        <h1 className="text-xl font-semibold">{notFound ? t('optOut.notFoundTitle') : t('errors.loadFailed')}</h1>
        <p role="alert" className="mt-2 text-sm text-slate-700 dark:text-slate-300">
          {notFound ? t('optOut.notFoundBody') : problemText(t, error)}
        </p>
        {!notFound && (
          <Button variant="secondary" className="mt-4" onClick={onRetry}>
            {t('errors.retry')}
          </Button>
        )}
      </div>
    </Frame>
  );
}
