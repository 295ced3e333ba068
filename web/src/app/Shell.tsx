import { Suspense, useEffect, useState } from 'react';
import { NavLink, Outlet, useLocation } from 'react-router';
import { KeyRound, LogOut, Menu, Moon, Sun, X, Languages } from 'lucide-react';
import { DropdownMenu } from 'radix-ui';
import { useTranslation } from 'react-i18next';
import { useAuth } from '@/auth/AuthProvider';
import { LANGUAGES } from '@/i18n';
import { ChangePasswordDialog } from '@/modules/identity/ChangePasswordDialog';
import { cn } from '@/ui/cn';
import type { NavEntry } from './module';
import { modules } from './modules';
import { StoreScopeProvider, useStoreScope } from './StoreScope';
import { useTheme } from './theme';

/** What the modules put in the header (the notifications' bell), in the modules' order. */
const headerItems = modules.flatMap((m) => (m.header ? [m.header] : []));

/** The modules' menu entries the user may open, in the modules' order. */
function useNavItems(): NavEntry[] {
  const { can } = useAuth();
  return modules.flatMap((m) => m.nav).filter((i) => i.anyOf.length === 0 || i.anyOf.some(can));
}

export function Shell() {
  return (
    <StoreScopeProvider>
      <ShellLayout />
    </StoreScopeProvider>
  );
}

function ShellLayout() {
  const { t } = useTranslation();
  const items = useNavItems();
  const [open, setOpen] = useState(false);
  const location = useLocation();
  useEffect(() => setOpen(false), [location.pathname]);

  const nav = (
    <nav aria-label={t('nav.main')} className="flex flex-col gap-1 p-3">
      {items.map((i) => (
        <NavLink
          key={i.to}
          to={i.to}
          end={i.end ?? false}
          className={({ isActive }) =>
            cn(
              'flex min-h-11 items-center gap-3 rounded-md px-3 py-2 text-sm font-medium lg:min-h-0',
              isActive
                ? 'bg-brand-50 text-brand-700 dark:bg-slate-800 dark:text-white'
                : 'text-slate-700 hover:bg-slate-100 dark:text-slate-300 dark:hover:bg-slate-800',
            )
          }
        >
          <i.icon className="h-5 w-5" aria-hidden />
          {t(i.label)}
          {i.count && <i.count />}
        </NavLink>
      ))}
    </nav>
  );

  return (
    <div className="min-h-screen lg:flex">
      <a href="#main" className="sr-only focus:not-sr-only focus:absolute focus:left-2 focus:top-2 focus:z-50 focus:rounded focus:bg-white focus:p-2">
        {t('nav.skip')}
      </a>
      <aside className="hidden w-60 shrink-0 border-r border-slate-200 bg-white lg:block dark:border-slate-800 dark:bg-slate-900">
        <Brand />
        {nav}
      </aside>
      {open && (
        <div className="fixed inset-0 z-40 lg:hidden" role="dialog" aria-modal="true" aria-label={t('nav.main')}>
          <button className="absolute inset-0 bg-slate-950/50" aria-label={t('common.close')} onClick={() => setOpen(false)} />
          <aside className="absolute inset-y-0 left-0 w-64 overflow-y-auto overscroll-contain bg-white shadow-xl dark:bg-slate-900">
            <div className="flex items-center justify-between pr-3">
              <Brand />
              <button className="flex h-11 w-11 items-center justify-center rounded-md hover:bg-slate-100 dark:hover:bg-slate-800" onClick={() => setOpen(false)} aria-label={t('common.close')}>
                <X className="h-5 w-5" aria-hidden />
              </button>
            </div>
            {nav}
          </aside>
        </div>
      )}
      <div className="flex min-w-0 flex-1 flex-col">
        <header className="sticky top-0 z-30 flex h-14 items-center gap-2 border-b border-slate-200 bg-white/95 px-3 backdrop-blur sm:px-6 dark:border-slate-800 dark:bg-slate-900/95">
          <button
            className="flex h-11 w-11 shrink-0 items-center justify-center rounded-md hover:bg-slate-100 lg:hidden dark:hover:bg-slate-800"
            onClick={() => setOpen(true)}
            aria-label={t('nav.open')}
          >
            <Menu className="h-5 w-5" aria-hidden />
          </button>
          <div className="shrink-0 lg:hidden">
            <span className="font-semibold">Innexar</span>
          </div>
          {/* On a phone the store picker gives up width first, so every button keeps 44 px. */}
          <div className="ml-auto flex min-w-0 items-center gap-2">
            <StoreSwitcher />
            {headerItems.map((Item, i) => (
              // A header item loads with the shell, after it: until then its place stays empty.
              <Suspense key={i} fallback={null}>
                <Item />
              </Suspense>
            ))}
            <UserMenu />
          </div>
        </header>
        <main id="main" className="mx-auto w-full max-w-7xl flex-1 p-4 sm:p-6">
          <Outlet />
        </main>
      </div>
    </div>
  );
}

function Brand() {
  const { me } = useAuth();
  return (
    <div className="flex h-14 items-center gap-2 px-5">
      <img src="/favicon.svg" alt="" className="h-7 w-7" />
      <div className="min-w-0">
        <p className="font-semibold leading-tight">Innexar</p>
        <p className="truncate text-xs text-slate-600 dark:text-slate-400">{me?.tenant.name}</p>
      </div>
    </div>
  );
}

function StoreSwitcher() {
  const { t } = useTranslation();
  const { stores, storeId, setStoreId } = useStoreScope();
  if (stores.length < 2) return null;
  return (
    <label className="flex min-w-0 items-center gap-2 text-sm">
      <span className="sr-only sm:not-sr-only sm:text-slate-600 dark:sm:text-slate-400">{t('stores.current')}</span>
      <select
        value={storeId ?? ''}
        onChange={(e) => setStoreId(e.target.value || null)}
        className="h-11 min-w-0 max-w-40 rounded-md border border-slate-300 bg-white px-2 text-sm sm:max-w-56 lg:h-9 dark:border-slate-700 dark:bg-slate-900"
      >
        <option value="">{t('stores.all')}</option>
        {stores.map((s) => (
          <option key={s.id} value={s.id}>
            {s.name}
          </option>
        ))}
      </select>
    </label>
  );
}

function UserMenu() {
  const { t, i18n } = useTranslation();
  const { me, signOut } = useAuth();
  const { theme, toggle } = useTheme();
  const [changingPassword, setChangingPassword] = useState(false);
  const initials = (me?.user.name ?? '?')
    .split(/\s+/)
    .slice(0, 2)
    .map((w) => w[0]?.toUpperCase())
    .join('');
  const item =
    'flex min-h-11 cursor-pointer items-center gap-2 rounded px-2 py-2 text-sm outline-none data-[highlighted]:bg-slate-100 lg:min-h-0 dark:data-[highlighted]:bg-slate-800';
  return (
    <>
      <DropdownMenu.Root>
        <DropdownMenu.Trigger
          className="flex h-11 w-11 shrink-0 items-center justify-center rounded-full bg-brand-600 text-sm font-semibold text-white lg:h-9 lg:w-9"
        >
          <span aria-hidden>{initials}</span>
          <span className="sr-only">{t('nav.userMenu', { name: me?.user.name ?? '' })}</span>
        </DropdownMenu.Trigger>
        <DropdownMenu.Portal>
          <DropdownMenu.Content
            align="end"
            sideOffset={6}
            className="z-50 min-w-56 rounded-md border border-slate-200 bg-white p-1 shadow-lg dark:border-slate-800 dark:bg-slate-900"
          >
            <div className="px-2 py-2">
              <p className="text-sm font-medium">{me?.user.name}</p>
              <p className="text-xs text-slate-600 dark:text-slate-400">{me?.user.email}</p>
              <p className="mt-1 text-xs text-slate-600 dark:text-slate-400">
                {me?.user.roles.map((r) => t(`roles.${r}`)).join(', ')}
              </p>
            </div>
            <DropdownMenu.Separator className="my-1 h-px bg-slate-200 dark:bg-slate-800" />
            {LANGUAGES.map((l) => (
              <DropdownMenu.Item key={l.code} className={item} onSelect={() => void i18n.changeLanguage(l.code)}>
                <Languages className="h-4 w-4" aria-hidden />
                <span lang={l.code}>{l.label}</span>
                {i18n.language === l.code && <span className="ml-auto text-xs">✓</span>}
              </DropdownMenu.Item>
            ))}
            <DropdownMenu.Item className={item} onSelect={toggle}>
              {theme === 'dark' ? <Sun className="h-4 w-4" aria-hidden /> : <Moon className="h-4 w-4" aria-hidden />}
              {theme === 'dark' ? t('nav.lightMode') : t('nav.darkMode')}
            </DropdownMenu.Item>
            <DropdownMenu.Separator className="my-1 h-px bg-slate-200 dark:bg-slate-800" />
            <DropdownMenu.Item className={item} onSelect={() => setChangingPassword(true)}>
              <KeyRound className="h-4 w-4" aria-hidden />
              {t('nav.changePassword')}
            </DropdownMenu.Item>
            <DropdownMenu.Item
              className={item}
              onSelect={() => void signOut()}
            >
              <LogOut className="h-4 w-4" aria-hidden />
              {t('nav.signOut')}
            </DropdownMenu.Item>
          </DropdownMenu.Content>
        </DropdownMenu.Portal>
      </DropdownMenu.Root>
      <ChangePasswordDialog open={changingPassword} onOpenChange={setChangingPassword} />
    </>
  );
}
