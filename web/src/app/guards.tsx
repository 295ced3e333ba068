import type { ComponentType, ReactNode } from 'react';
import { Navigate, Outlet, useLocation } from 'react-router';
import { useTranslation } from 'react-i18next';
import { Loader2, ShieldX } from 'lucide-react';
import { useAuth } from '@/auth/AuthProvider';
import { EmptyState } from '@/ui/EmptyState';

export function FullPageSpinner() {
  const { t } = useTranslation();
  return (
    <div className="flex min-h-screen items-center justify-center" role="status">
      <Loader2 className="h-8 w-8 animate-spin text-brand-600" aria-hidden />
      <span className="sr-only">{t('common.loading')}</span>
    </div>
  );
}

/** Signed-in users only; others go to login and come back here afterwards. */
export function RequireAuth({ children }: { children: ReactNode }) {
  const { status, signedOut } = useAuth();
  const location = useLocation();
  if (status === 'loading') return <FullPageSpinner />;
  if (status === 'anonymous') {
    if (signedOut) return <Navigate to="/login" replace />;
    const next = `${location.pathname}${location.search}`;
    return <Navigate to={`/login?next=${encodeURIComponent(next)}`} replace />;
  }
  return children;
}

/** A screen for holders of any of the permissions; the rest see why they cannot. */
export function RequirePermission({ anyOf, children }: { anyOf: readonly string[]; children: ReactNode }) {
  const { can } = useAuth();
  const { t } = useTranslation();
  if (!anyOf.some(can)) {
    return (
      <div className="py-16">
        <ShieldX className="mx-auto mb-2 h-10 w-10 text-slate-400" aria-hidden />
        <EmptyState title={t('errors.forbiddenTitle')}>{t('errors.forbiddenBody')}</EmptyState>
      </div>
    );
  }
  return children;
}

/** A route's element that shows its child routes only to holders of any of the permissions. */
export function permissionGate(anyOf: readonly string[]): ComponentType {
  return function PermissionGate() {
    return (
      <RequirePermission anyOf={anyOf}>
        <Outlet />
      </RequirePermission>
    );
  };
}
