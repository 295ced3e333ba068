// /admin/sales: the sales desk's rules, each card for those who may change it: each store's
// discount limits (`sales.manage_discount_limits`), the commission plans (`commissions.manage`),
// the banks' rate tables and the IOF rates (`financing.manage_rates`).
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useAuth } from '@/auth/AuthProvider';
import { usePageTitle } from '@/app/title';
import { useUnsavedChanges } from '@/lib/useUnsavedChanges';
import { PageHeader } from '@/ui/Card';
import { UnsavedChangesDialog } from '@/ui/UnsavedChangesDialog';
import { CommissionPlansCard } from './CommissionPlansCard';
import { DiscountLimitsCard } from './DiscountLimitsCard';
import { IofCard } from './IofCard';
import { RateTablesCard } from './RateTablesCard';

type Part = 'limits' | 'plans' | 'tables' | 'iof';

export function SalesAdminPage() {
  const { t } = useTranslation();
  const { can } = useAuth();
  usePageTitle(t('salesAdmin.title'));
  // One question before leaving, for whichever card holds changes (a router has one blocker).
  const [dirty, setDirty] = useState<Record<Part, boolean>>({ limits: false, plans: false, tables: false, iof: false });
  const unsaved = useUnsavedChanges(Object.values(dirty).some(Boolean));
  const dirtyOf = useMemo(() => {
    const of = (part: Part) => (d: boolean) => setDirty((was) => (was[part] === d ? was : { ...was, [part]: d }));
    return { limits: of('limits'), plans: of('plans'), tables: of('tables'), iof: of('iof') };
  }, []);
  const rates = can('financing.manage_rates');
  return (
    <>
      <PageHeader title={t('salesAdmin.title')}>{t('salesAdmin.subtitle')}</PageHeader>
      <div className="space-y-8">
        {can('sales.manage_discount_limits') && <DiscountLimitsCard onDirty={dirtyOf.limits} />}
        {can('commissions.manage') && <CommissionPlansCard onDirty={dirtyOf.plans} />}
        {rates && <RateTablesCard onDirty={dirtyOf.tables} />}
        {rates && <IofCard onDirty={dirtyOf.iof} />}
      </div>
      <UnsavedChangesDialog blocker={unsaved.blocker} />
    </>
  );
}
