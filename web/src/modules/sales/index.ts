// The sales desk: under /quotes the quotes and the deal builder (customer, car, discount,
// accessories, F&I, trade-in appraised on the spot, payments with every bank's financing side by
// side) and a quote's page (send, the link, approvals, versions, the answer, the sale); /approvals
// the managers' inbox of discount requests; /sales the month's sales and their cancellation;
// /commissions the user's own; /p/:token the customer's acceptance page, without login;
// /admin/sales the desk's rules: discount limits, commission plans, rate tables and IOF.
import { BadgeCheck, FileText, Receipt, Settings2, Wallet } from 'lucide-react';
import { permissionGate } from '@/app/guards';
import { publicScreen, screen, type ModuleRoutes, type NavEntry } from '@/app/module';
import { PendingApprovalsCount } from './ApprovalsCount';

/** Whoever may change one of the desk's rules sees the settings (each card by its own permission). */
const SALES_ADMIN = ['sales.manage_discount_limits', 'commissions.manage', 'financing.manage_rates'];

export const routes: ModuleRoutes = {
  public: [{ path: '/p/:token', lazy: publicScreen(() => import('./PublicQuotePage'), 'PublicQuotePage') }],
  signedIn: [
    {
      path: 'quotes',
      Component: permissionGate(['sales.read']),
      children: [
        { index: true, lazy: screen(() => import('./QuotesPage'), 'QuotesPage') },
        {
          path: 'new',
          Component: permissionGate(['quotes.write']),
          children: [{ index: true, lazy: screen(() => import('./deal/DealPage'), 'DealPage') }],
        },
        { path: ':id', lazy: screen(() => import('./quote/QuotePage'), 'QuotePage') },
        {
          path: ':id/edit',
          Component: permissionGate(['quotes.write']),
          children: [{ index: true, lazy: screen(() => import('./deal/DealPage'), 'DealPage') }],
        },
      ],
    },
    {
      path: 'approvals',
      Component: permissionGate(['sales.approve_discounts']),
      children: [{ index: true, lazy: screen(() => import('./ApprovalsPage'), 'ApprovalsPage') }],
    },
    {
      path: 'sales',
      Component: permissionGate(['sales.read']),
      children: [{ index: true, lazy: screen(() => import('./SalesPage'), 'SalesPage') }],
    },
    {
      path: 'commissions',
      Component: permissionGate(['sales.read']),
      children: [{ index: true, lazy: screen(() => import('./CommissionsPage'), 'CommissionsPage') }],
    },
    {
      path: 'admin/sales',
      Component: permissionGate(SALES_ADMIN),
      children: [{ index: true, lazy: screen(() => import('./admin/SalesAdminPage'), 'SalesAdminPage') }],
    },
  ],
};

export const nav: NavEntry[] = [
  { to: '/quotes', label: 'quotes.nav', icon: FileText, anyOf: ['sales.read'] },
  { to: '/approvals', label: 'approvals.nav', icon: BadgeCheck, anyOf: ['sales.approve_discounts'], count: PendingApprovalsCount },
  { to: '/sales', label: 'salesList.nav', icon: Receipt, anyOf: ['sales.read'] },
  { to: '/commissions', label: 'commissions.nav', icon: Wallet, anyOf: ['sales.read'] },
  { to: '/admin/sales', label: 'salesAdmin.nav', icon: Settings2, anyOf: SALES_ADMIN },
];
