import { useState } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, ifMatch, unwrap } from '@/api/client';
import { problemText } from '@/i18n/problems';
import { Button } from '@/ui/Button';
import { Dialog } from '@/ui/Dialog';
import { useToast } from '@/ui/Toast';
import { customerKeys, leadKeys } from './keys';
import { interestForm, toInterest, type InterestForm } from './leads/interest';
import type { Lead } from './leads/model';
import { InterestFields } from './NewLeadForm';

/** Changes what a lead's customer wants, against the version read (`If-Match`). */
export function EditInterestDialog({ lead, onClose }: { lead: Lead; onClose: () => void }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const toast = useToast();
  const [form, setForm] = useState<InterestForm>(() => interestForm(lead));
  const [dirty, setDirty] = useState(false);
  const set = <K extends keyof InterestForm>(key: K, value: InterestForm[K]) => {
    setForm((f) => ({ ...f, [key]: value }));
    setDirty(true);
  };
  const save = useMutation({
    mutationFn: () => unwrap(api.PATCH('/api/v1/leads/{id}', { params: { path: { id: lead.id }, header: ifMatch(lead.version) }, body: toInterest(form) })),
    onSuccess: (l) => {
      qc.setQueryData(leadKeys.detail(l.id), l);
      void qc.invalidateQueries({ queryKey: leadKeys.score(l.id) });
      void qc.invalidateQueries({ queryKey: leadKeys.boards() });
      void qc.invalidateQueries({ queryKey: customerKeys.leads(l.customerId) });
      toast.success(t('leads.edit.saved'));
      onClose();
    },
  });
  return (
    <Dialog
      open
      dirty={dirty}
      onOpenChange={(o) => !o && onClose()}
      title={t('leads.edit.title')}
      footer={
        <>
          <Button variant="secondary" onClick={onClose}>
            {t('common.cancel')}
          </Button>
          <Button loading={save.isPending} onClick={() => save.mutate()}>
            {t('common.save')}
          </Button>
        </>
      }
    >
      <div className="space-y-4">
        {save.isError && (
          <p role="alert" className="rounded-md border border-red-300 bg-red-50 p-3 text-sm text-red-800 dark:border-red-800 dark:bg-red-950 dark:text-red-200">
            {problemText(t, save.error)}
          </p>
        )}
        <InterestFields form={form} set={set} />
      </div>
    </Dialog>
  );
}
