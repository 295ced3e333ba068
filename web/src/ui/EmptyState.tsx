import type { ReactNode } from 'react';
import { AlertTriangle, Inbox, SearchX } from 'lucide-react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '@/api/problem';
import { problemText } from '@/i18n/problems';
import { Button } from './Button';

export function EmptyState({
  title,
  children,
  action,
  icon: Icon = Inbox,
  role,
}: {
  title: ReactNode;
  children?: ReactNode;
  action?: ReactNode;
  icon?: typeof Inbox;
  role?: 'alert' | 'status';
}) {
  return (
    <div role={role} className="flex flex-col items-center justify-center gap-2 px-6 py-12 text-center">
      <Icon className="h-10 w-10 text-slate-400" aria-hidden />
      <p className="font-medium">{title}</p>
      {children && <p className="max-w-sm text-sm text-slate-600 dark:text-slate-400">{children}</p>}
      {action && <div className="mt-2 flex flex-wrap items-center justify-center gap-3">{action}</div>}
    </div>
  );
}

/** Whether a failed read means the record is not there (a deleted record, a mistyped address). */
export function isNotFound(error: unknown): boolean {
  return isApiError(error) && error.status === 404;
}

/**
 * What a screen shows when its data did not load: "not found" said once, with the way back, for
 * a record that is not there; otherwise the app's text for the failure (never the server's words)
 * and a retry. `back` is the link out (to the list the record came from).
 */
export function LoadError({
  error,
  notFoundTitle,
  back,
  onRetry,
}: {
  error: unknown;
  /** "Vehicle not found": the record's own words; the generic "page not found" otherwise. */
  notFoundTitle?: string;
  back?: ReactNode;
  onRetry?: () => void;
}) {
  const { t } = useTranslation();
  if (isNotFound(error)) {
    return (
      <EmptyState role="alert" icon={SearchX} title={notFoundTitle ?? t('errors.notFoundTitle')} action={back}>
        {t('errors.notFoundHint')}
      </EmptyState>
    );
  }
  return (
    <EmptyState
      role="alert"
      icon={AlertTriangle}
      title={t('errors.loadFailed')}
      action={
        <>
          {onRetry && (
            <Button variant="secondary" onClick={onRetry}>
              {t('errors.retry')}
            </Button>
          )}
          {back}
        </>
      }
    >
      {problemText(t, error)}
    </EmptyState>
  );
}
