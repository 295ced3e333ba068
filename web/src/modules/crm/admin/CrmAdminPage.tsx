// /admin/crm: each store's first-response time and assignment rule (`crm.configure`), the
// funnel's lists (edited by the Owner), and the intake keys (`crm.manage_intake_keys`).
import { useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useAuth } from '@/auth/AuthProvider';
import { usePageTitle } from '@/app/title';
import { useUnsavedChanges } from '@/lib/useUnsavedChanges';
import { PageHeader } from '@/ui/Card';
import { UnsavedChangesDialog } from '@/ui/UnsavedChangesDialog';
import { IntakeKeysCard } from './IntakeKeysCard';
import { LeadSettingsCard } from './LeadSettingsCard';
import { ListsCard } from './ListsCard';

export function CrmAdminPage() {
  const { t } = useTranslation();
  const { can } = useAuth();
  usePageTitle(t('crmAdmin.title'));
  const configure = can('crm.configure');
  // One question before leaving, for whichever form holds changes (a router has one blocker).
  const [settingsDirty, setSettingsDirty] = useState(false);
  const [listDirty, setListDirty] = useState(false);
  const unsaved = useUnsavedChanges(settingsDirty || listDirty);
  const onSettingsDirty = useCallback((d: boolean) => setSettingsDirty(d), []);
  const onListDirty = useCallback((d: boolean) => setListDirty(d), []);
  return (
    <>
      <PageHeader title={t('crmAdmin.title')}>{t('crmAdmin.subtitle')}</PageHeader>
      <div className="space-y-8">
        {configure && <LeadSettingsCard onDirty={onSettingsDirty} />}
        {configure && <ListsCard canEdit={can('leads.see_all')} onDirty={onListDirty} />}
        {can('crm.manage_intake_keys') && <IntakeKeysCard />}
      </div>
      <UnsavedChangesDialog blocker={unsaved.blocker} />
    </>
  );
}
