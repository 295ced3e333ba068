// The routes come from the modules (src/app/modules.ts); every screen loads lazily, so the
// sign-in page ships without the inventory's code.
import { createBrowserRouter, Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { EmptyState } from '@/ui/EmptyState';
import { RequireAuth } from './guards';
import { modules } from './modules';

function NotFound() {
  const { t } = useTranslation();
  return (
    <EmptyState title={t('errors.notFoundTitle')} action={<Link className="text-brand-700 underline" to="/">{t('nav.home')}</Link>}>
      {t('errors.notFoundBody')}
    </EmptyState>
  );
}

export const router = createBrowserRouter([
  ...modules.flatMap((m) => m.routes.public ?? []),
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
    children: [...modules.flatMap((m) => m.routes.signedIn ?? []), { path: '*', Component: NotFound }],
  },
]);
