import { useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, unwrap } from '@/api/client';
import { codeText, problemText } from '@/i18n/problems';
import { maskKm } from '@/lib/masks';
import { useDebounced } from '@/lib/useDebounced';
import { Button } from '@/ui/Button';
import { Dialog } from '@/ui/Dialog';
import { Input, Select, TextArea } from '@/ui/Field';
import { useToast } from '@/ui/Toast';
import { vehicleKeys } from '@/modules/vehicles/keys';
import { displayPlaca, vehicleTitle } from '@/modules/vehicles/labels';
import { customerKeys, leadKeys } from './keys';
import { ACTIVITY_KINDS, emptyActivity, hasDirection, toNewActivity, type ActivityForm, type ActivityKind } from './leads/model';

interface Props {
  /** The lead it belongs to, or the customer when it belongs to no lead. */
  subject: { leadId: string } | { customerId: string };
  customerId: string;
  initialKind?: ActivityKind;
  onClose: () => void;
}

/** "Registrar atividade": a contact, a visit, a test drive (stock vehicle, CNH, km), a note or a task. */
export function ActivityDialog({ subject, customerId, initialKind = 'call', onClose }: Props) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const toast = useToast();
  const [form, setForm] = useState<ActivityForm>(() => emptyActivity(initialKind));
  const [missing, setMissing] = useState<Partial<Record<keyof ActivityForm, boolean>>>({});
  const set = <K extends keyof ActivityForm>(key: K, value: ActivityForm[K]) => {
    setForm((f) => ({ ...f, [key]: value }));
    setMissing((m) => ({ ...m, [key]: false }));
  };
  const save = useMutation({
    mutationFn: () => unwrap(api.POST('/api/v1/activities', { body: toNewActivity(form, subject) })),
    onSuccess: () => {
      if ('leadId' in subject) {
        void qc.invalidateQueries({ queryKey: leadKeys.detail(subject.leadId) });
        void qc.invalidateQueries({ queryKey: leadKeys.boards() });
      }
      void qc.invalidateQueries({ queryKey: customerKeys.activities(customerId) });
      void qc.invalidateQueries({ queryKey: customerKeys.leads(customerId) });
      void qc.invalidateQueries({ queryKey: [...leadKeys.all, 'tasks'] });
      toast.success(t('leads.activity.saved'));
      onClose();
    },
  });
  const submit = () => {
    const lacking: typeof missing = {};
    if (form.kind === 'task' && !form.dueAt) lacking.dueAt = true;
    if (form.kind === 'test_drive') {
      if (!form.vehicleId) lacking.vehicleId = true;
      if (!form.cnhChecked) lacking.cnhChecked = true;
    }
    setMissing(lacking);
    if (Object.keys(lacking).length === 0) save.mutate();
  };
  const required = codeText(t, 'validation.required');
  return (
    <Dialog
      open
      onOpenChange={(o) => !o && onClose()}
      title={t('leads.activity.title')}
      footer={
        <>
          <Button variant="secondary" onClick={onClose}>
            {t('common.cancel')}
          </Button>
          <Button loading={save.isPending} onClick={submit}>
            {t('leads.activity.save')}
          </Button>
        </>
      }
    >
      <form
        className="space-y-4"
        onSubmit={(e) => {
          e.preventDefault();
          submit();
        }}
      >
        {save.isError && (
          <p role="alert" className="rounded-md border border-red-300 bg-red-50 p-3 text-sm text-red-800 dark:border-red-800 dark:bg-red-950 dark:text-red-200">
            {problemText(t, save.error)}
          </p>
        )}
        <Select
          label={t('leads.activity.kind')}
          value={form.kind}
          onChange={(e) => set('kind', e.target.value as ActivityKind)}
          options={ACTIVITY_KINDS.map((k) => ({ value: k, label: t(`leads.activity.kinds.${k}`) }))}
        />
        {hasDirection(form.kind) && (
          <Select
            label={t('leads.activity.direction')}
            value={form.direction}
            onChange={(e) => set('direction', e.target.value as ActivityForm['direction'])}
            options={(['outbound', 'inbound'] as const).map((d) => ({ value: d, label: t(`leads.activity.directions.${d}`) }))}
          />
        )}
        {form.kind === 'test_drive' && <VehiclePicker value={form.vehicleId} onChange={(id) => set('vehicleId', id)} missing={Boolean(missing.vehicleId)} />}
        {form.kind === 'test_drive' && (
          <>
            <div>
              <label className="flex min-h-11 items-center gap-2 text-sm md:min-h-10">
                <input type="checkbox" className="h-5 w-5" checked={form.cnhChecked} aria-invalid={missing.cnhChecked || undefined} onChange={(e) => set('cnhChecked', e.target.checked)} />
                {t('leads.activity.cnhChecked')}
              </label>
              {missing.cnhChecked && (
                <p role="alert" className="text-sm text-red-700 dark:text-red-400">
                  {codeText(t, 'activities.cnh_required')}
                </p>
              )}
            </div>
            <div className="grid grid-cols-2 gap-3">
              <Input label={t('leads.activity.startKm')} inputMode="numeric" value={form.startKm} mask={maskKm} onChange={(e) => set('startKm', e.target.value)} />
              <Input label={t('leads.activity.endKm')} inputMode="numeric" value={form.endKm} mask={maskKm} onChange={(e) => set('endKm', e.target.value)} />
            </div>
          </>
        )}
        {form.kind === 'task' ? (
          <Input label={t('leads.activity.dueAt')} type="datetime-local" value={form.dueAt} error={missing.dueAt ? required : undefined} onChange={(e) => set('dueAt', e.target.value)} />
        ) : (
          <Input label={t('leads.activity.occurredAt')} hint={t('leads.activity.occurredAtHint')} type="datetime-local" value={form.occurredAt} onChange={(e) => set('occurredAt', e.target.value)} />
        )}
        <TextArea label={form.kind === 'task' ? t('leads.activity.taskBody') : t('leads.activity.body')} value={form.body} onChange={(e) => set('body', e.target.value)} rows={3} />
      </form>
    </Dialog>
  );
}

/** The test drive's car, found in the stock by placa, stock number or model. */
function VehiclePicker({ value, onChange, missing }: { value: string; onChange: (id: string) => void; missing: boolean }) {
  const { t } = useTranslation();
  const [q, setQ] = useState('');
  const typed = useDebounced(q.trim(), 250);
  const found = useQuery({
    queryKey: [...vehicleKeys.lists(), 'test-drive', typed],
    queryFn: () => unwrap(api.GET('/api/v1/vehicles', { params: { query: { q: typed, inStock: true, pageSize: 5 } } })),
    enabled: typed.length >= 2,
  });
  const items = found.data?.items ?? [];
  return (
    <fieldset className="space-y-2">
      <legend className="text-sm font-medium text-slate-700 dark:text-slate-300">{t('leads.activity.vehicle')}</legend>
      <Input label={t('leads.activity.vehicleSearch')} type="search" value={q} onChange={(e) => setQ(e.target.value)} error={missing && !value ? codeText(t, 'activities.vehicle_required') : undefined} />
      {typed.length >= 2 && !found.isPending && items.length === 0 && <p className="text-sm text-slate-600 dark:text-slate-400">{t('leads.activity.vehicleNone')}</p>}
      {items.length > 0 && (
        <ul className="space-y-1">
          {items.map((v) => (
            <li key={v.id}>
              <label className="flex min-h-11 cursor-pointer items-center gap-2 rounded-md border border-slate-200 px-3 text-sm md:min-h-10 dark:border-slate-700">
                <input type="radio" name="test-drive-vehicle" className="h-5 w-5" checked={value === v.id} onChange={() => onChange(v.id)} />
                <span className="min-w-0 flex-1">
                  {vehicleTitle(v)} {v.year}
                  <span className="ml-2 font-mono text-xs text-slate-600 dark:text-slate-400">{[displayPlaca(v.placa), v.stockNumber].filter(Boolean).join(' · ')}</span>
                </span>
              </label>
            </li>
          ))}
        </ul>
      )}
    </fieldset>
  );
}
