// What the user is told (crates/db's notifications, under /me): the bell in the header with the
// number unread and the latest, and /notifications with all of them. Every signed-in user has
// notifications, so neither asks for a permission.
import { lazy } from 'react';
import { screen, type ModuleRoutes, type NavEntry } from '@/app/module';

export const routes: ModuleRoutes = {
  signedIn: [{ path: 'notifications', lazy: screen(() => import('./NotificationsPage'), 'NotificationsPage') }],
};

/** The bell is reached from the header, not the menu. */
export const nav: NavEntry[] = [];

/** Loaded with the shell after sign-in, so the sign-in page ships without it. */
export const header = lazy(() => import('./Bell').then((m) => ({ default: m.NotificationBell })));
