// The number of discount requests waiting for the manager, beside the menu entry. Its own file:
// the menu is part of every screen, so it must not bring the inbox's code with it.
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, unwrap } from '@/api/client';
import { useAuth } from '@/auth/AuthProvider';
import { approvalKeys } from './keys';

/** The number of requests waiting, beside the menu entry. */
export function PendingApprovalsCount() {
  const { t } = useTranslation();
  const { can } = useAuth();
  const pending = useQuery({
    queryKey: approvalKeys.list('pending'),
    queryFn: () => unwrap(api.GET('/api/v1/approvals', { params: { query: { status: 'pending' } } })),
    enabled: can('sales.approve_discounts'),
    refetchInterval: 60_000,
  });
  const n = pending.data?.items.length ?? 0;
  if (n === 0) return null;
  return (
    <span className="ml-auto inline-flex min-w-6 items-center justify-center rounded-full bg-amber-500 px-1.5 text-xs font-semibold text-slate-950">
      <span aria-hidden>{n}</span>
      <span className="sr-only">{t('approvals.pendingCount', { count: n })}</span>
    </span>
  );
}
