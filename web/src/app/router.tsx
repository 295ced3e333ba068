// The routes come from the modules (src/app/modules.ts); every screen loads lazily, so the
// sign-in page ships without the inventory's code.
import type { RouteObject } from 'react-router';
import { createBrowserRouter, Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { AlertTriangle } from 'lucide-react';
import { loadTexts } from '@/i18n';
import { Button } from '@/ui/Button';
import { EmptyState } from '@/ui/EmptyState';
import { FullPageSpinner, RequireAuth } from './guards';
import { modules } from './modules';
import { usePageTitle } from './title';

/** An address no screen answers: said once, with the way home. */
export function NotFound() {
  const { t } = useTranslation();
  usePageTitle(t('errors.notFoundTitle'));
  return (
    <EmptyState
      role="alert"
      title={t('errors.notFoundTitle')}
      action={<Link className="text-brand-700 underline dark:text-brand-100" to="/">{t('nav.backHome')}</Link>}
    >
      {t('errors.notFoundBody')}
    </EmptyState>
  );
}

/**
 * A screen that failed to load or to render (a new version deployed under an open tab, a bug):
 * the app's words and a reload, never the router's developer page with the error's text.
 */
export function RouteError() {
  const { t } = useTranslation();
  usePageTitle(t('errors.crashTitle'));
  return (
    <div className="flex min-h-[60vh] items-center justify-center">
      <EmptyState
        role="alert"
        icon={AlertTriangle}
        title={t('errors.crashTitle')}
        action={
          <>
            <Button onClick={() => window.location.reload()}>{t('errors.reload')}</Button>
            <a className="text-brand-700 underline dark:text-brand-100" href="/">{t('nav.backHome')}</a>
          </>
        }
      >
        {t('errors.crashBody')}
      </EmptyState>
    </div>
  );
}

/**
 * A top-level route: while its lazy screen loads on the first visit, a spinner (without one the
 * router warns that no `HydrateFallback` was given), and the app's error page if it fails.
 */
function topLevel(route: RouteObject): RouteObject {
  return { hydrateFallbackElement: <FullPageSpinner />, errorElement: <RouteError />, ...route } as RouteObject;
}

export const routes: RouteObject[] = [
  ...modules.flatMap((m) => m.routes.public ?? []).map(topLevel),
  topLevel({
    path: '/',
    // The shell (navigation, menus) and the modules' words load after sign-in, keeping them out of
    // the login page's bundle; until both are here the first load shows the spinner, a later
    // navigation the page it comes from, so no screen shows a key instead of its text.
    lazy: async () => {
      const [{ Shell }] = await Promise.all([import('./Shell'), loadTexts()]);
      return {
        Component: () => (
          <RequireAuth>
            <Shell />
          </RequireAuth>
        ),
      };
    },
    children: [
      // Inside the shell, a screen that fails keeps the menu, so the user can go elsewhere.
      { errorElement: <RouteError />, children: [...modules.flatMap((m) => m.routes.signedIn ?? []), { path: '*', Component: NotFound }] },
    ],
  }),
];

export const router = createBrowserRouter(routes);
