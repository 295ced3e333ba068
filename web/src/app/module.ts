// What a module (src/modules/<area>) gives the shell: its screens, its menu entries and what it
// puts in the header. The shell knows modules only through src/app/modules.ts, so a new area is
// one line there.
import type { ComponentType } from 'react';
import type { RouteObject } from 'react-router';
import { loadTexts } from '@/i18n';

export interface ModuleRoutes {
  /**
   * Screens outside the signed-in shell (signing in, accepting an invitation); absolute paths. They
   * have the sign-in pages' words only: one that shows a module's words is a `publicScreen`.
   */
  public?: RouteObject[];
  /** Screens inside the shell, for signed-in users; paths relative to `/`. */
  signedIn?: RouteObject[];
}

export interface NavEntry {
  to: string;
  /** Translation key of the label. */
  label: string;
  icon: ComponentType<{ className?: string }>;
  /** Any one of these permissions shows the entry; an empty list shows it to everyone. */
  anyOf: readonly string[];
  /** Current only on this exact path, not below it (the home page). */
  end?: boolean;
  /** Drawn after the label: how many things wait there (the discount requests), or nothing. */
  count?: ComponentType;
}

export interface AppModule {
  routes: ModuleRoutes;
  nav: readonly NavEntry[];
  /** Drawn in the header of every signed-in screen, before the user's menu (the notifications' bell). */
  header?: ComponentType;
}

/** A screen loaded when its route is first visited, so the sign-in page ships without it. */
export function screen<K extends string, M extends { [P in K]: ComponentType }>(load: () => Promise<M>, name: K) {
  return async () => ({ Component: (await load())[name] });
}

/**
 * A screen outside the shell that shows a business module's words (the customer's quote). Only
 * the sign-in pages' words come with the app and the rest with the shell, so it loads them itself.
 */
export function publicScreen<K extends string, M extends { [P in K]: ComponentType }>(load: () => Promise<M>, name: K) {
  return async () => (await Promise.all([screen(load, name)(), loadTexts()]))[0];
}
