import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { zodResolver } from '@hookform/resolvers/zod';
import { z } from 'zod';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Check, Minus, Plus, X } from 'lucide-react';
import { api, unwrap } from '@/api/client';
import { problemText } from '@/i18n/problems';
import { formatDateTime } from '@/lib/format';
import { applyServerErrors, code, fieldError } from '@/lib/forms';
import { Button } from '@/ui/Button';
import { Card } from '@/ui/Card';
import { Dialog } from '@/ui/Dialog';
import { Input, Select, TextArea } from '@/ui/Field';
import { QueryView } from '@/ui/QueryView';
import { Skeleton } from '@/ui/Skeleton';
import { useToast } from '@/ui/Toast';
import { customerKeys } from './keys';
import {
  CONSENT_CHANNELS,
  LEGAL_BASES,
  PURPOSES,
  type ConsentChannel,
  type ConsentPurpose,
  type ConsentRecord,
  type LegalBasis,
} from './labels';

const schema = z
  .object({
    purpose: z.enum(PURPOSES as [ConsentPurpose, ...ConsentPurpose[]]),
    channel: z.enum(CONSENT_CHANNELS as [ConsentChannel, ...ConsentChannel[]]),
    granted: z.enum(['yes', 'no']),
    legalBasis: z.enum(LEGAL_BASES as [LegalBasis, ...LegalBasis[]]),
    source: z.string().trim().min(1, code('validation.required')).max(60, code('validation.tooLong')),
    textShown: z.string().max(5000, code('validation.tooLong')),
    textVersion: z.string().max(40, code('validation.tooLong')),
  })
  .superRefine((f, ctx) => {
    // LGPD art. 8: consent is informed, so granting on its basis records what the person read.
    if (f.granted === 'yes' && f.legalBasis === 'consent' && !f.textShown.trim()) {
      ctx.addIssue({ code: 'custom', path: ['textShown'], message: code('consents.text_required') });
    }
  });
type Form = z.infer<typeof schema>;

/** The body of `POST /customers/{id}/consents` for the dialog's values. */
export function consentBody(f: Form) {
  return {
    purpose: f.purpose,
    channel: f.channel,
    granted: f.granted === 'yes',
    legalBasis: f.legalBasis,
    source: f.source.trim(),
    textShown: f.textShown.trim() || null,
    textVersion: f.textVersion.trim() || null,
  };
}

/** A customer's consent (LGPD): the answer in force per purpose and channel, every answer given, and recording a new one. */
export function ConsentsCard({ customerId, canRecord }: { customerId: string; canRecord: boolean }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const consents = useQuery({
    queryKey: customerKeys.consents(customerId),
    queryFn: () => unwrap(api.GET('/api/v1/customers/{id}/consents', { params: { path: { id: customerId } } })),
  });
  return (
    <Card className="p-5">
      <div className="mb-4 flex flex-wrap items-center justify-between gap-2">
        <h2 className="font-semibold">{t('customers.consent.title')}</h2>
        {canRecord && (
          <Button variant="secondary" size="sm" onClick={() => setOpen(true)}>
            <Plus className="h-4 w-4" aria-hidden />
            {t('customers.consent.record')}
          </Button>
        )}
      </div>
      <QueryView query={consents} compact skeleton={<Skeleton className="h-24" />}>
        {(data) => (
          <>
            {data.current.length === 0 ? (
              <p className="text-sm text-slate-600 dark:text-slate-400">{t('customers.consent.none')}</p>
            ) : (
              <CurrentGrid current={data.current} />
            )}
            {data.history.length > 0 && (
              <details className="mt-4">
                <summary className="flex min-h-11 cursor-pointer items-center text-sm font-medium md:min-h-0">{t('customers.consent.history')}</summary>
                <ol className="mt-2 space-y-3 text-sm">
                  {data.history.map((r) => (
                    <li key={r.id}>
                      <p>
                        {t(`customers.consent.purposes.${r.purpose}`)} · {t(`customers.consent.channels.${r.channel}`)}:{' '}
                        <strong>{r.granted ? t('customers.consent.granted') : t('customers.consent.refused')}</strong>
                      </p>
                      <p className="text-xs text-slate-600 dark:text-slate-400">
                        {t('customers.consent.recordedBy', { date: formatDateTime(r.recordedAt), source: r.source })} · {t(`customers.consent.bases.${r.legalBasis}`)}
                        {r.textVersion ? ` · v${r.textVersion}` : ''}
                      </p>
                      {r.textShown && <p className="mt-0.5 text-xs italic text-slate-700 dark:text-slate-300">“{r.textShown}”</p>}
                    </li>
                  ))}
                </ol>
              </details>
            )}
          </>
        )}
      </QueryView>
      {open && <RecordConsentDialog customerId={customerId} onClose={() => setOpen(false)} />}
    </Card>
  );
}

/** Purposes down, channels across: granted, refused or never asked (which means no). */
function CurrentGrid({ current }: { current: ConsentRecord[] }) {
  const { t } = useTranslation();
  const answer = (p: ConsentPurpose, c: ConsentChannel) => current.find((r) => r.purpose === p && r.channel === c);
  return (
    <div className="-mx-1 overflow-x-auto">
      <table className="w-full text-sm">
        <caption className="sr-only">{t('customers.consent.current')}</caption>
        <thead>
          <tr className="text-left text-slate-600 dark:text-slate-400">
            <th scope="col" className="px-1 py-1 font-medium">
              <span className="sr-only">{t('customers.consent.purpose')}</span>
            </th>
            {CONSENT_CHANNELS.map((c) => (
              <th key={c} scope="col" className="whitespace-nowrap px-1 py-1 text-center text-xs font-medium">
                {t(`customers.consent.channels.${c}`)}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {PURPOSES.map((p) => (
            <tr key={p} className="border-t border-slate-100 dark:border-slate-800">
              <th scope="row" className="px-1 py-2 text-left font-normal">
                {t(`customers.consent.purposes.${p}`)}
              </th>
              {CONSENT_CHANNELS.map((c) => {
                const r = answer(p, c);
                return (
                  <td key={c} className="px-1 py-2 text-center">
                    {r === undefined ? (
                      <Minus className="mx-auto h-4 w-4 text-slate-400" aria-label={t('customers.consent.noAnswer')} role="img" />
                    ) : r.granted ? (
                      <Check className="mx-auto h-4 w-4 text-green-700 dark:text-green-400" aria-label={t('customers.consent.granted')} role="img" />
                    ) : (
                      <X className="mx-auto h-4 w-4 text-red-700 dark:text-red-400" aria-label={t('customers.consent.refused')} role="img" />
                    )}
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function RecordConsentDialog({ customerId, onClose }: { customerId: string; onClose: () => void }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const toast = useToast();
  const { register, handleSubmit, watch, setError, formState } = useForm<Form>({
    resolver: zodResolver(schema),
    defaultValues: {
      purpose: 'marketing',
      channel: 'whatsapp',
      granted: 'yes',
      legalBasis: 'consent',
      source: '',
      textShown: t('customers.consent.defaultText'),
      textVersion: '',
    },
  });
  const [failure, setFailure] = useState<string | null>(null);
  const save = useMutation({
    mutationFn: (f: Form) =>
      unwrap(api.POST('/api/v1/customers/{id}/consents', { params: { path: { id: customerId } }, body: consentBody(f) })),
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: customerKeys.consents(customerId) });
      toast.success(t('customers.consent.recorded'));
      onClose();
    },
    onError: (e) => {
      const rest = applyServerErrors(e, setError, ['purpose', 'channel', 'granted', 'legalBasis', 'source', 'textShown', 'textVersion']);
      setFailure(rest ? problemText(t, rest) : null);
    },
  });
  const err = (k: keyof Form) => fieldError(t, formState.errors[k]?.message);
  const granted = watch('granted');
  const opts = <T extends string>(values: readonly T[], ns: string) => values.map((v) => ({ value: v, label: t(`${ns}.${v}`) }));
  return (
    <Dialog
      open
      onOpenChange={(o) => !o && onClose()}
      dirty={formState.isDirty}
      title={t('customers.consent.record')}
      footer={
        <>
          <Button variant="secondary" onClick={onClose}>
            {t('common.cancel')}
          </Button>
          <Button type="submit" form="consent-form" loading={save.isPending}>
            {t('common.save')}
          </Button>
        </>
      }
    >
      <form id="consent-form" noValidate onSubmit={handleSubmit((f) => save.mutate(f))} className="grid gap-4 sm:grid-cols-2">
        {failure && (
          <p role="alert" className="text-sm text-red-700 sm:col-span-2 dark:text-red-400">
            {failure}
          </p>
        )}
        <Select label={t('customers.consent.purpose')} options={opts(PURPOSES, 'customers.consent.purposes')} error={err('purpose')} {...register('purpose')} />
        <Select label={t('customers.consent.channel')} options={opts(CONSENT_CHANNELS, 'customers.consent.channels')} error={err('channel')} {...register('channel')} />
        <fieldset className="sm:col-span-2">
          <legend className="mb-1 text-sm font-medium text-slate-700 dark:text-slate-300">{t('customers.consent.answer')}</legend>
          <div className="flex gap-4">
            <label className="flex min-h-11 items-center gap-2 text-sm md:min-h-9">
              <input type="radio" value="yes" className="h-5 w-5" {...register('granted')} />
              {t('customers.consent.granted')}
            </label>
            <label className="flex min-h-11 items-center gap-2 text-sm md:min-h-9">
              <input type="radio" value="no" className="h-5 w-5" {...register('granted')} />
              {t('customers.consent.refused')}
            </label>
          </div>
        </fieldset>
        <Select label={t('customers.consent.legalBasis')} className="sm:col-span-2" options={opts(LEGAL_BASES, 'customers.consent.bases')} error={err('legalBasis')} {...register('legalBasis')} />
        <Input label={t('customers.consent.source')} placeholder={t('customers.consent.sourcePlaceholder')} maxLength={60} error={err('source')} {...register('source')} />
        <Input label={t('customers.consent.textVersion')} maxLength={40} error={err('textVersion')} {...register('textVersion')} />
        {granted === 'yes' && (
          <TextArea label={t('customers.consent.textShown')} className="sm:col-span-2" error={err('textShown') ?? undefined} {...register('textShown')} />
        )}
        {granted === 'yes' && !formState.errors.textShown && (
          <p className="-mt-3 text-xs text-slate-600 sm:col-span-2 dark:text-slate-400">{t('customers.consent.textShownHint')}</p>
        )}
      </form>
    </Dialog>
  );
}
