// The IOF rates every simulation, comparison and quote prices with (`financing.manage_rates`):
// the law's, until a decree changes them and a manager types the new ones here.
import { useEffect, useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, unwrap } from '@/api/client';
import { Button } from '@/ui/Button';
import { QueryView } from '@/ui/QueryView';
import { Skeleton } from '@/ui/Skeleton';
import { useToast } from '@/ui/Toast';
import { financingKeys } from '../keys';
import { salesAdminKeys } from './keys';
import { checkIof, decimalMarkOf, faultPath, IOF_FIELDS, iofBody, iofForm, type Faults, type IofForm, type IofSettings } from './model';
import { faultText, FormProblem, PercentInput, placeFaults, Section } from './shared';

export function IofCard({ onDirty }: { onDirty: (dirty: boolean) => void }) {
  const { t } = useTranslation();
  const settings = useQuery({ queryKey: salesAdminKeys.iof(), queryFn: () => unwrap(api.GET('/api/v1/financing/settings')) });
  return (
    <Section id="sales-iof" title={t('salesAdmin.iof.title')} intro={t('salesAdmin.iof.intro')}>
      <QueryView query={settings} compact skeleton={<Skeleton className="m-4 h-24" />}>
        {(s) => <IofEditor key={JSON.stringify(s)} settings={s} onDirty={onDirty} />}
      </QueryView>
    </Section>
  );
}

function IofEditor({ settings, onDirty }: { settings: IofSettings; onDirty: (dirty: boolean) => void }) {
  const { t, i18n } = useTranslation();
  const qc = useQueryClient();
  const toast = useToast();
  const mark = decimalMarkOf(i18n.language);
  const initial = iofForm(settings, mark);
  const [form, setForm] = useState<IofForm>(initial);
  const [faults, setFaults] = useState<Faults>({});
  const [problem, setProblem] = useState<string | null>(null);
  const dirty = JSON.stringify(form) !== JSON.stringify(initial);
  useEffect(() => onDirty(dirty), [dirty, onDirty]);
  useEffect(() => () => onDirty(false), [onDirty]);

  const save = useMutation({
    mutationFn: (f: IofForm) => unwrap(api.PUT('/api/v1/financing/settings', { params: { header: { 'If-Match': `"${settings.version}"` } }, body: iofBody(f) })),
    onSuccess: (saved) => {
      onDirty(false);
      qc.setQueryData(salesAdminKeys.iof(), saved);
      // Every offer the desk shows is priced with these rates.
      void qc.invalidateQueries({ queryKey: financingKeys.all });
      toast.success(t('salesAdmin.iof.saved'));
    },
    onError: (e) => {
      const placed = placeFaults(t, e, (pointer) => faultPath(pointer, (p) => (IOF_FIELDS as readonly string[]).includes(p)));
      setFaults(placed.faults);
      setProblem(placed.rest);
    },
  });

  return (
    <form
      noValidate
      className="space-y-4 p-5"
      onSubmit={(e) => {
        e.preventDefault();
        const f = checkIof(form);
        setFaults(f);
        setProblem(null);
        if (Object.keys(f).length === 0) save.mutate(form);
      }}
    >
      <FormProblem>{problem}</FormProblem>
      <div className="grid gap-4 sm:grid-cols-3">
        {IOF_FIELDS.map((k) => (
          <PercentInput
            key={k}
            label={t(`salesAdmin.iof.${k}`)}
            hint={t(`salesAdmin.iof.${k}Hint`)}
            value={form[k]}
            error={faultText(t, faults[k])}
            onChange={(e) => {
              setForm({ ...form, [k]: e.target.value });
              setFaults({ ...faults, [k]: '' });
            }}
          />
        ))}
      </div>
      <div className="flex justify-end">
        <Button type="submit" loading={save.isPending} disabled={!dirty}>
          {t('salesAdmin.iof.save')}
        </Button>
      </div>
    </form>
  );
}
