// The home page at /: the stock's figures for the store in scope.
import { Home } from 'lucide-react';
import { screen, type ModuleRoutes, type NavEntry } from '@/app/module';

export const routes: ModuleRoutes = {
  signedIn: [{ index: true, lazy: screen(() => import('./HomePage'), 'HomePage') }],
};

export const nav: NavEntry[] = [{ to: '/', label: 'nav.home', icon: Home, anyOf: [], end: true }];
