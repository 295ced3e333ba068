// The "Privacidade" action of the customer 360 view (permission `customers.personal_data`, the
// Owner's): register the person's request, download everything held about them, anonymise them.
import { useState } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { DropdownMenu } from 'radix-ui';
import { ChevronDown, Download, FileText, ShieldCheck, UserX } from 'lucide-react';
import { api, unwrap } from '@/api/client';
import { problemText } from '@/i18n/problems';
import { DEFAULT_TIME_ZONE, todayIn } from '@/lib/businessDate';
import { saveBlob } from '@/lib/files';
import { formatDate } from '@/lib/format';
import { Button } from '@/ui/Button';
import { Dialog } from '@/ui/Dialog';
import { Input, Select, TextArea } from '@/ui/Field';
import { useToast } from '@/ui/Toast';
import { customerKeys } from '../keys';
import type { Customer } from '../labels';
import { privacyKeys } from './keys';
import {
  CHANNELS,
  REQUEST_KINDS,
  confirmsName,
  emptyRequest,
  isAnonymized,
  personalDataBlob,
  personalDataFileName,
  requestBody,
  type RequestForm,
  type RequestKind,
} from './model';

const item =
  'flex min-h-11 cursor-pointer items-center gap-2 rounded px-2 text-sm outline-none data-[highlighted]:bg-slate-100 md:min-h-9 dark:data-[highlighted]:bg-slate-800';

export function PrivacyActions({ customer }: { customer: Customer }) {
  const { t } = useTranslation();
  const toast = useToast();
  const [open, setOpen] = useState<'register' | 'anonymize' | null>(null);
  const anonymized = isAnonymized(customer.name);

  const download = useMutation({
    mutationFn: () => unwrap(api.GET('/api/v1/customers/{id}/personal-data', { params: { path: { id: customer.id } } })),
    onSuccess: (doc) => {
      const file = personalDataFileName(customer.id);
      saveBlob(personalDataBlob(doc), file);
      toast.success(t('privacy.actions.downloaded', { name: customer.name, file }));
    },
    onError: (e) => toast.error(t('privacy.actions.downloadFailed'), problemText(t, e)),
  });

  return (
    <>
      <DropdownMenu.Root>
        <DropdownMenu.Trigger className="inline-flex h-11 items-center gap-2 rounded-md border border-slate-300 bg-white px-4 text-sm font-medium text-slate-800 hover:bg-slate-50 focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-brand-600 md:h-10 dark:border-slate-700 dark:bg-slate-900 dark:text-slate-100 dark:hover:bg-slate-800">
          <ShieldCheck className="h-4 w-4" aria-hidden />
          {t('privacy.actions.menu')}
          <ChevronDown className="h-4 w-4" aria-hidden />
        </DropdownMenu.Trigger>
        <DropdownMenu.Portal>
          <DropdownMenu.Content align="start" sideOffset={6} className="z-50 min-w-64 rounded-md border border-slate-200 bg-white p-1 shadow-lg dark:border-slate-800 dark:bg-slate-900">
            <DropdownMenu.Item className={item} onSelect={() => setOpen('register')}>
              <FileText className="h-4 w-4" aria-hidden />
              {t('privacy.actions.register')}
            </DropdownMenu.Item>
            <DropdownMenu.Item className={item} disabled={download.isPending} onSelect={() => download.mutate()}>
              <Download className="h-4 w-4" aria-hidden />
              {t('privacy.actions.download')}
            </DropdownMenu.Item>
            {!anonymized && (
              <DropdownMenu.Item className={`${item} text-red-700 dark:text-red-400`} onSelect={() => setOpen('anonymize')}>
                <UserX className="h-4 w-4" aria-hidden />
                {t('privacy.actions.anonymize')}
              </DropdownMenu.Item>
            )}
          </DropdownMenu.Content>
        </DropdownMenu.Portal>
      </DropdownMenu.Root>
      {open === 'register' && <RegisterRequestDialog customer={customer} onDone={() => setOpen(null)} />}
      {open === 'anonymize' && (
        <AnonymizeDialog
          customer={customer}
          onDone={() => setOpen(null)}
          onDownload={() => download.mutate()}
          downloading={download.isPending}
        />
      )}
    </>
  );
}

export function RegisterRequestDialog({ customer, onDone }: { customer: Customer; onDone: () => void }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const toast = useToast();
  const [form, setForm] = useState<RequestForm>(emptyRequest());
  const [missing, setMissing] = useState(false);
  const today = todayIn(DEFAULT_TIME_ZONE);
  const save = useMutation({
    // The server counts the 15 days from the day received in São Paulo; the day picked is that day.
    mutationFn: (f: RequestForm) =>
      unwrap(api.POST('/api/v1/customers/{id}/data-requests', { params: { path: { id: customer.id } }, body: requestBody(f, DEFAULT_TIME_ZONE) })),
    onSuccess: (r) => {
      toast.success(t('privacy.register.done', { date: formatDate(r.dueOn) }));
      void qc.invalidateQueries({ queryKey: privacyKeys.requests() });
      onDone();
    },
    onError: (e) => toast.error(t('errors.saveFailed'), problemText(t, e)),
  });
  const dirty = form.details.trim() !== '' || form.receivedOn !== '';
  return (
    <Dialog
      open
      onOpenChange={(o) => !o && onDone()}
      dirty={dirty}
      title={t('privacy.register.title')}
      description={t('privacy.register.description', { name: customer.name })}
      footer={
        <>
          <Button variant="secondary" onClick={onDone}>
            {t('common.cancel')}
          </Button>
          <Button type="submit" form="data-request-form" loading={save.isPending}>
            {t('privacy.register.save')}
          </Button>
        </>
      }
    >
      <form
        id="data-request-form"
        noValidate
        className="space-y-4"
        onSubmit={(e) => {
          e.preventDefault();
          if (!form.channel.trim()) return setMissing(true);
          save.mutate(form);
        }}
      >
        <Select
          label={t('privacy.register.kind')}
          value={form.kind}
          options={REQUEST_KINDS.map((k) => ({ value: k, label: t(`privacy.kinds.${k}`) }))}
          onChange={(e) => setForm({ ...form, kind: e.target.value as RequestKind })}
        />
        <Input
          label={t('privacy.register.channel')}
          hint={t('privacy.register.channelHint')}
          error={missing ? t('privacy.register.channelRequired') : undefined}
          list="data-request-channels"
          maxLength={60}
          value={form.channel}
          onChange={(e) => {
            setForm({ ...form, channel: e.target.value });
            setMissing(false);
          }}
        />
        <datalist id="data-request-channels">
          {CHANNELS.map((c) => (
            <option key={c} value={c} />
          ))}
        </datalist>
        <Input
          type="date"
          label={t('privacy.register.receivedOn')}
          hint={t('privacy.register.receivedOnHint')}
          max={today}
          value={form.receivedOn}
          onChange={(e) => setForm({ ...form, receivedOn: e.target.value })}
        />
        <TextArea label={t('privacy.register.details')} rows={3} maxLength={5000} value={form.details} onChange={(e) => setForm({ ...form, details: e.target.value })} />
      </form>
    </Dialog>
  );
}

export function AnonymizeDialog({
  customer,
  onDone,
  onDownload,
  downloading,
}: {
  customer: Customer;
  onDone: () => void;
  onDownload: () => void;
  downloading: boolean;
}) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const toast = useToast();
  const [typed, setTyped] = useState('');
  const [tried, setTried] = useState(false);
  const matches = confirmsName(typed, customer.name);
  const anonymize = useMutation({
    mutationFn: () => unwrap(api.POST('/api/v1/customers/{id}/anonymize', { params: { path: { id: customer.id } } })),
    onSuccess: (after) => {
      qc.setQueryData(customerKeys.detail(customer.id), after);
      void qc.invalidateQueries({ queryKey: customerKeys.all });
      void qc.invalidateQueries({ queryKey: privacyKeys.requests() });
      toast.success(t('privacy.anonymize.done'));
      onDone();
    },
    onError: (e) => toast.error(t('errors.saveFailed'), problemText(t, e)),
  });
  return (
    <Dialog
      open
      onOpenChange={(o) => !o && onDone()}
      title={t('privacy.anonymize.title', { name: customer.name })}
      description={t('privacy.anonymize.warning')}
      footer={
        <>
          <Button variant="secondary" onClick={onDone}>
            {t('common.cancel')}
          </Button>
          <Button type="submit" form="anonymize-form" variant="danger" loading={anonymize.isPending}>
            {t('privacy.anonymize.confirm')}
          </Button>
        </>
      }
    >
      <form
        id="anonymize-form"
        noValidate
        className="space-y-4 text-sm"
        onSubmit={(e) => {
          e.preventDefault();
          setTried(true);
          if (matches) anonymize.mutate();
        }}
      >
        <section>
          <h3 className="mb-1 font-medium">{t('privacy.anonymize.removedTitle')}</h3>
          <ul className="list-disc space-y-1 pl-5 text-slate-700 dark:text-slate-300">
            <li>{t('privacy.anonymize.removed.person')}</li>
            <li>{t('privacy.anonymize.removed.texts')}</li>
            <li>{t('privacy.anonymize.removed.audit')}</li>
          </ul>
        </section>
        <section>
          <h3 className="mb-1 font-medium">{t('privacy.anonymize.keptTitle')}</h3>
          <ul className="list-disc space-y-1 pl-5 text-slate-700 dark:text-slate-300">
            <li>{t('privacy.anonymize.kept.record')}</li>
            <li>{t('privacy.anonymize.kept.history')}</li>
          </ul>
        </section>
        <div className="flex flex-wrap items-center gap-2 rounded-md border border-amber-300 bg-amber-50 p-3 text-amber-950 dark:border-amber-800 dark:bg-amber-950 dark:text-amber-100">
          <p className="flex-1">{t('privacy.anonymize.exportFirst')}</p>
          <Button size="sm" variant="secondary" loading={downloading} onClick={onDownload}>
            <Download className="h-4 w-4" aria-hidden />
            {t('privacy.actions.download')}
          </Button>
        </div>
        <Input
          label={t('privacy.anonymize.confirmLabel', { name: customer.name })}
          autoComplete="off"
          spellCheck={false}
          error={tried && !matches ? t('privacy.anonymize.mismatch') : undefined}
          value={typed}
          onChange={(e) => setTyped(e.target.value)}
        />
      </form>
    </Dialog>
  );
}
