import type { ReactNode } from 'react';
import type { UseQueryResult } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { AlertTriangle, Loader2, RotateCw } from 'lucide-react';
import { problemText } from '@/i18n/problems';
import { queryFailure, queryPhase } from '@/lib/queryPhase';
import { Button } from './Button';
import { cn } from './cn';

interface QueryViewProps<T> {
  query: UseQueryResult<T>;
  /** What stands in while nothing is loaded yet. */
  skeleton: ReactNode;
  children: (data: T) => ReactNode;
  className?: string;
  /** A smaller error, for a card. */
  compact?: boolean;
}

/**
 * The loading, refreshing and error states every list shows the same way (see `queryPhase`):
 * a skeleton first; while a new filter loads over older results, those are dimmed, inert and
 * marked busy under an "updating" notice; a failure replaces them with its reason and
 * "Tentar novamente".
 */
export function QueryView<T>({ query, skeleton, children, className, compact }: QueryViewProps<T>) {
  const { t } = useTranslation();
  const phase = queryPhase(query);
  if (phase === 'error') {
    return (
      <ErrorState
        className={className}
        compact={compact}
        message={problemText(t, queryFailure(query))}
        retrying={query.fetchStatus === 'fetching'}
        onRetry={() => void query.refetch()}
      />
    );
  }
  if (phase === 'loading' || query.data === undefined) {
    return (
      <div aria-busy="true" className={className}>
        <span role="status" className="sr-only">
          {t('common.loading')}
        </span>
        {skeleton}
      </div>
    );
  }
  const stale = phase === 'refreshing';
  return (
    <div aria-busy={stale} className={cn('relative', className)}>
      {stale && <UpdatingNotice />}
      <div inert={stale} className={cn('transition-opacity', stale && 'pointer-events-none opacity-40')}>
        {children(query.data)}
      </div>
    </div>
  );
}

/** "Atualizando…" over data that is about to be replaced. */
export function UpdatingNotice() {
  const { t } = useTranslation();
  return (
    <div className="pointer-events-none absolute inset-x-0 top-0 z-10 flex justify-center pt-3">
      <p
        role="status"
        className="flex items-center gap-2 rounded-full border border-slate-200 bg-white px-3 py-1.5 text-sm font-medium shadow-md dark:border-slate-700 dark:bg-slate-900"
      >
        <Loader2 className="h-4 w-4 animate-spin text-brand-600" aria-hidden />
        {t('common.updating')}
      </p>
    </div>
  );
}

interface ErrorStateProps {
  message: string;
  onRetry: () => void;
  retrying?: boolean;
  compact?: boolean;
  className?: string;
}

/** Why the data is not here, and a way to ask again. */
export function ErrorState({ message, onRetry, retrying, compact, className }: ErrorStateProps) {
  const { t } = useTranslation();
  return (
    <div
      role="alert"
      className={cn(
        'flex flex-col items-center justify-center gap-3 text-center',
        compact ? 'px-2 py-3' : 'px-6 py-12',
        className,
      )}
    >
      {!compact && <AlertTriangle className="h-10 w-10 text-red-600" aria-hidden />}
      <div>
        <p className="font-medium">{t('errors.loadFailed')}</p>
        <p className="mt-1 max-w-sm text-sm text-slate-600 dark:text-slate-400">{message}</p>
      </div>
      <Button variant="secondary" onClick={onRetry} loading={retrying} className="h-11 md:h-10">
        {!retrying && <RotateCw className="h-4 w-4" aria-hidden />}
        {t('errors.retry')}
      </Button>
    </div>
  );
}
