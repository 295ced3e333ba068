// Routes load their screens lazily: the sign-in page ships without the inventory's code.
import { createBrowserRouter, Link, Outlet } from 'react-router';
import { useTranslation } from 'react-i18next';
import { EmptyState } from '@/ui/EmptyState';
import { RequireAuth, RequirePermission } from './guards';

function NotFound() {
  const { t } = useTranslation();
  return (
    <EmptyState title={t('errors.notFoundTitle')} action={<Link className="text-brand-700 underline" to="/">{t('nav.home')}</Link>}>
      {t('errors.notFoundBody')}
    </EmptyState>
  );
}

const guarded = (anyOf: string[]) =>
  function Guard() {
    return (
      <RequirePermission anyOf={anyOf}>
        <Outlet />
      </RequirePermission>
    );
  };

export const router = createBrowserRouter([
  { path: '/login', lazy: async () => ({ Component: (await import('@/modules/identity/LoginPage')).LoginPage }) },
  {
    path: '/accept-invitation',
    lazy: async () => ({ Component: (await import('@/modules/identity/AcceptInvitationPage')).AcceptInvitationPage }),
  },
  {
    path: '/',
    // The shell (navigation, menus) loads after sign-in, keeping it out of the login page's bundle.
    lazy: async () => {
      const { Shell } = await import('./Shell');
      return {
        Component: () => (
          <RequireAuth>
            <Shell />
          </RequireAuth>
        ),
      };
    },
    children: [
      { index: true, lazy: async () => ({ Component: (await import('@/modules/home/HomePage')).HomePage }) },
      {
        path: 'inventory',
        Component: guarded(['vehicles.read']),
        children: [
          { index: true, lazy: async () => ({ Component: (await import('@/modules/vehicles/InventoryPage')).InventoryPage }) },
          { path: 'new', lazy: async () => ({ Component: (await import('@/modules/vehicles/VehicleFormPage')).VehicleFormPage }) },
          {
            path: 'import',
            Component: guarded(['vehicles.import']),
            children: [{ index: true, lazy: async () => ({ Component: (await import('@/modules/vehicles/ImportPage')).ImportPage }) }],
          },
          { path: ':id', lazy: async () => ({ Component: (await import('@/modules/vehicles/VehicleDetailPage')).VehicleDetailPage }) },
          { path: ':id/edit', lazy: async () => ({ Component: (await import('@/modules/vehicles/VehicleFormPage')).VehicleFormPage }) },
        ],
      },
      {
        path: 'admin/users',
        Component: guarded(['users.read']),
        children: [{ index: true, lazy: async () => ({ Component: (await import('@/modules/identity/UsersPage')).UsersPage }) }],
      },
      {
        path: 'admin/stores',
        Component: guarded(['users.read', 'stores.manage']),
        children: [{ index: true, lazy: async () => ({ Component: (await import('@/modules/vehicles/StoresPage')).StoresPage }) }],
      },
      { path: '*', Component: NotFound },
    ],
  },
]);
