// A store's lead handling: the first-response time and how new leads are assigned, with the
// source -> salesperson table for `by_source`.
import { useEffect, useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, unwrap } from '@/api/client';
import { useStoreScope } from '@/app/StoreScope';
import { isApiError } from '@/api/problem';
import { fieldText, problemText } from '@/i18n/problems';
import { Button } from '@/ui/Button';
import { Card } from '@/ui/Card';
import { EmptyState } from '@/ui/EmptyState';
import { Input, Select } from '@/ui/Field';
import { QueryView } from '@/ui/QueryView';
import { Skeleton } from '@/ui/Skeleton';
import { useToast } from '@/ui/Toast';
import { leadKeys } from '../keys';
import { useCrmList, useOwners } from '../leads/shared';
import { crmAdminKeys } from './keys';
import { ASSIGNMENTS, settingsBody, settingsFault, settingsForm, type Assignment, type LeadSettings, type SettingsForm } from './model';

export function LeadSettingsCard({ onDirty }: { onDirty: (dirty: boolean) => void }) {
  const { t } = useTranslation();
  const { stores, storeId: scoped } = useStoreScope();
  const active = stores.filter((s) => s.active);
  const [picked, setPicked] = useState<string | null>(null);
  const storeId = picked ?? scoped ?? active[0]?.id ?? null;
  const settings = useQuery({
    queryKey: crmAdminKeys.settings(storeId ?? ''),
    queryFn: () => unwrap(api.GET('/api/v1/crm/stores/{id}/lead-settings', { params: { path: { id: storeId ?? '' } } })),
    enabled: storeId !== null,
  });
  return (
    <section aria-labelledby="crm-settings-title">
      <h2 id="crm-settings-title" className="mb-3 text-lg font-semibold">
        {t('crmAdmin.sections.settings')}
      </h2>
      <Card className="p-5">
        {storeId === null ? (
          <EmptyState title={t('crmAdmin.settings.noStores')} />
        ) : (
          <div className="space-y-4">
            <Select
              className="max-w-sm"
              label={t('crmAdmin.settings.store')}
              value={storeId}
              options={active.map((s) => ({ value: s.id, label: s.name }))}
              onChange={(e) => setPicked(e.target.value)}
            />
            <QueryView query={settings} compact skeleton={<Skeleton className="h-40" />}>
              {(s) => <SettingsEditor key={`${s.storeId}-${s.version}`} settings={s} storeName={active.find((x) => x.id === s.storeId)?.name ?? ''} onDirty={onDirty} />}
            </QueryView>
          </div>
        )}
      </Card>
    </section>
  );
}

function SettingsEditor({ settings, storeName, onDirty }: { settings: LeadSettings; storeName: string; onDirty: (dirty: boolean) => void }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const toast = useToast();
  const sources = useCrmList('source');
  const owners = useOwners();
  const [form, setForm] = useState<SettingsForm>(() => settingsForm(settings));
  const [fault, setFault] = useState<string | null>(null);
  const [ownerFaults, setOwnerFaults] = useState<Record<string, string>>({});
  const initial = JSON.stringify(settingsForm(settings));
  const dirty = JSON.stringify(form) !== initial;
  useEffect(() => onDirty(dirty), [dirty, onDirty]);
  useEffect(() => () => onDirty(false), [onDirty]);

  // Who may take a store's leads: an active salesperson, manager or owner who works there.
  const eligible = owners.users.filter(
    (u) => u.roles.some((r) => r === 'sales' || r === 'store_manager' || r === 'owner') && (!u.storeIds || u.storeIds.includes(settings.storeId)),
  );
  const save = useMutation({
    mutationFn: (f: SettingsForm) =>
      unwrap(api.PUT('/api/v1/crm/stores/{id}/lead-settings', { params: { path: { id: settings.storeId } }, body: settingsBody(f) })),
    onSuccess: (saved) => {
      onDirty(false);
      qc.setQueryData(crmAdminKeys.settings(saved.storeId), saved);
      void qc.invalidateQueries({ queryKey: leadKeys.all });
      toast.success(t('crmAdmin.settings.saved', { store: storeName }));
    },
    onError: (e) => {
      const byField: Record<string, string> = {};
      let rest = !isApiError(e) || e.fieldErrors.length === 0;
      if (isApiError(e)) {
        for (const fe of e.fieldErrors) {
          if (fe.pointer === '/firstResponseMinutes') setFault(fe.code);
          else if (fe.pointer.startsWith('/sourceOwners/')) byField[fe.pointer.slice('/sourceOwners/'.length)] = fe.code;
          else rest = true;
        }
      }
      setOwnerFaults(byField);
      if (rest) toast.error(t('errors.saveFailed'), problemText(t, e));
    },
  });

  return (
    <form
      noValidate
      className="space-y-4"
      onSubmit={(e) => {
        e.preventDefault();
        const f = settingsFault(form);
        setFault(f);
        if (!f) save.mutate(form);
      }}
    >
      <div className="grid gap-4 sm:grid-cols-2">
        <Input
          label={t('crmAdmin.settings.firstResponse')}
          hint={t('crmAdmin.settings.firstResponseHint')}
          inputMode="numeric"
          error={fault ? fieldText(t, fault) : undefined}
          value={form.firstResponseMinutes}
          onChange={(e) => {
            setForm({ ...form, firstResponseMinutes: e.target.value.replace(/\D/g, '') });
            setFault(null);
          }}
        />
        <Select
          label={t('crmAdmin.settings.assignment')}
          value={form.assignment}
          options={ASSIGNMENTS.map((a) => ({ value: a, label: t(`crmAdmin.settings.assignments.${a}`) }))}
          onChange={(e) => setForm({ ...form, assignment: e.target.value as Assignment })}
        />
      </div>
      {form.assignment === 'by_source' && (
        <fieldset className="space-y-2">
          <legend className="mb-2 text-sm font-medium text-slate-700 dark:text-slate-300">{t('crmAdmin.settings.sourceTable')}</legend>
          {!owners.canList ? (
            <p className="text-sm text-slate-600 dark:text-slate-400">{t('crmAdmin.settings.noUsers')}</p>
          ) : (
            <table className="w-full text-sm">
              <thead>
                <tr className="text-left text-slate-600 dark:text-slate-400">
                  <th scope="col" className="py-2 pr-4 font-medium">
                    {t('crmAdmin.settings.source')}
                  </th>
                  <th scope="col" className="py-2 font-medium">
                    {t('crmAdmin.settings.owner')}
                  </th>
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100 dark:divide-slate-800">
                {sources.items.map((s) => {
                  const bad = ownerFaults[s.key];
                  return (
                    <tr key={s.key}>
                      <th scope="row" className="py-2 pr-4 text-left font-normal">
                        {s.label}
                      </th>
                      <td className="py-2">
                        <Select
                          label={<span className="sr-only">{t('crmAdmin.settings.ownerOf', { source: s.label })}</span>}
                          className="space-y-0"
                          value={form.sourceOwners[s.key] ?? ''}
                          error={bad ? fieldText(t, bad) : undefined}
                          options={[{ value: '', label: t('crmAdmin.settings.roundRobin') }, ...eligible.map((u) => ({ value: u.id, label: u.name }))]}
                          onChange={(e) => {
                            setForm({ ...form, sourceOwners: { ...form.sourceOwners, [s.key]: e.target.value } });
                            setOwnerFaults({ ...ownerFaults, [s.key]: '' });
                          }}
                        />
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          )}
        </fieldset>
      )}
      <div className="flex justify-end">
        <Button type="submit" loading={save.isPending} disabled={!dirty}>
          {t('crmAdmin.settings.save')}
        </Button>
      </div>
    </form>
  );
}
