import { useState } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, unwrap } from '@/api/client';
import { useStoreScope } from '@/app/StoreScope';
import { problemText } from '@/i18n/problems';
import { maskDigits } from '@/lib/masks';
import { Button } from '@/ui/Button';
import { Input, Select, TextArea } from '@/ui/Field';
import { MoneyInput } from '@/ui/MoneyInput';
import { customerKeys, leadKeys } from './keys';
import { emptyInterest, toNewLead, type InterestForm } from './leads/interest';
import type { Lead } from './leads/model';
import { useCrmList } from './leads/shared';

interface Props {
  customerId: string;
  /** A walk-in's source is `walk_in`; from the 360 view the desk picks it. */
  source?: string;
  /** The customer's store: the lead's by default. */
  storeId?: string | null;
  onCreated: (lead: Lead) => void;
  onCancel?: () => void;
}

/** The interest of a new lead: what the customer wants, where they came from, a trade-in. */
export function NewLeadForm({ customerId, source = '', storeId, onCreated, onCancel }: Props) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const { stores, storeId: scopeStore } = useStoreScope();
  const active = stores.filter((s) => s.active);
  const sources = useCrmList('source');
  const [form, setForm] = useState<InterestForm>(() => emptyInterest(source, storeId ?? scopeStore ?? (active.length === 1 ? active[0]!.id : '')));
  const [sourceMissing, setSourceMissing] = useState(false);
  const set = <K extends keyof InterestForm>(key: K, value: InterestForm[K]) => setForm((f) => ({ ...f, [key]: value }));
  const create = useMutation({
    mutationFn: () => unwrap(api.POST('/api/v1/leads', { body: toNewLead(form, customerId) })),
    onSuccess: (lead) => {
      void qc.invalidateQueries({ queryKey: leadKeys.boards() });
      void qc.invalidateQueries({ queryKey: customerKeys.leads(customerId) });
      qc.setQueryData(leadKeys.detail(lead.id), lead);
      onCreated(lead);
    },
  });
  return (
    <form
      className="space-y-4"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        if (!form.source) return setSourceMissing(true);
        create.mutate();
      }}
    >
      {create.isError && (
        <p role="alert" className="rounded-md border border-red-300 bg-red-50 p-3 text-sm text-red-800 dark:border-red-800 dark:bg-red-950 dark:text-red-200">
          {problemText(t, create.error)}
        </p>
      )}
      <div className="grid gap-4 sm:grid-cols-2">
        <Select
          label={t('leads.new.source')}
          value={form.source}
          placeholder={t('common.choose')}
          error={sourceMissing ? t('leads.new.sourceRequired') : undefined}
          onChange={(e) => {
            set('source', e.target.value);
            setSourceMissing(false);
          }}
          options={[...sources.items.map((s) => ({ value: s.key, label: s.label })), ...(form.source && !sources.items.some((s) => s.key === form.source) ? [{ value: form.source, label: sources.label(form.source) }] : [])]}
        />
        {active.length > 1 && (
          <Select
            label={t('leads.new.store')}
            value={form.storeId}
            placeholder={t('leads.new.storeDefault')}
            onChange={(e) => set('storeId', e.target.value)}
            options={active.map((s) => ({ value: s.id, label: s.name }))}
          />
        )}
      </div>
      <InterestFields form={form} set={set} />
      <div className="flex flex-wrap justify-end gap-2">
        {onCancel && (
          <Button variant="secondary" onClick={onCancel}>
            {t('common.cancel')}
          </Button>
        )}
        <Button type="submit" loading={create.isPending}>
          {t('leads.new.save')}
        </Button>
      </div>
    </form>
  );
}

/** What the customer wants: make, model, years, budget, new or used, a trade-in, notes. */
export function InterestFields({ form, set }: { form: InterestForm; set: <K extends keyof InterestForm>(key: K, value: InterestForm[K]) => void }) {
  const { t } = useTranslation();
  return (
    <>
      <div className="grid gap-4 sm:grid-cols-2">
        <Input label={t('leads.new.make')} value={form.make} onChange={(e) => set('make', e.target.value)} autoComplete="off" />
        <Input label={t('leads.new.model')} value={form.model} onChange={(e) => set('model', e.target.value)} autoComplete="off" />
        <Input label={t('leads.new.yearMin')} inputMode="numeric" value={form.yearMin} mask={(v) => maskDigits(v, 4)} onChange={(e) => set('yearMin', e.target.value)} />
        <Input label={t('leads.new.yearMax')} inputMode="numeric" value={form.yearMax} mask={(v) => maskDigits(v, 4)} onChange={(e) => set('yearMax', e.target.value)} />
        <MoneyInput label={t('leads.new.budget')} value={form.budgetCents} onChange={(c) => set('budgetCents', c)} placeholder="0,00" />
        <Select
          label={t('leads.new.condition')}
          value={form.condition}
          onChange={(e) => set('condition', e.target.value as InterestForm['condition'])}
          options={[
            { value: '', label: t('leads.new.conditions.any') },
            { value: 'new', label: t('leads.new.conditions.new') },
            { value: 'used', label: t('leads.new.conditions.used') },
          ]}
        />
      </div>
      <label className="flex min-h-11 items-center gap-2 text-sm md:min-h-10">
        <input type="checkbox" className="h-5 w-5" checked={form.hasTradeIn} onChange={(e) => set('hasTradeIn', e.target.checked)} />
        {t('leads.new.hasTradeIn')}
      </label>
      {form.hasTradeIn && <Input label={t('leads.new.tradeInNotes')} value={form.tradeInNotes} onChange={(e) => set('tradeInNotes', e.target.value)} />}
      <TextArea label={t('leads.new.notes')} value={form.notes} onChange={(e) => set('notes', e.target.value)} rows={3} />
    </>
  );
}
