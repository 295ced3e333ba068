// The commission plans (`commissions.manage`, the Owner's): each pays a role, at one store or at
// every store without a plan of its own, a rate on the price or on the gross margin, tiers by the
// month's sales, a bonus per vehicle and a share of the F&I returns. Listed, created and edited
// here; a sale keeps the plan it was paid by.
import { useEffect, useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Pencil, Plus, Trash2 } from 'lucide-react';
import { api, unwrap } from '@/api/client';
import { useStoreScope } from '@/app/StoreScope';
import { formatMoney } from '@/lib/format';
import { Badge } from '@/ui/Badge';
import { Button } from '@/ui/Button';
import { Input, Select } from '@/ui/Field';
import { MoneyInput } from '@/ui/MoneyInput';
import { useToast } from '@/ui/Toast';
import { saleKeys } from '../keys';
import { salesAdminKeys } from './keys';
import {
  BASES,
  checkPlan,
  decimalMarkOf,
  emptyPlan,
  faultPath,
  fractionToPercent,
  isPlanPath,
  MAX_TIERS,
  PLAN_ROLES,
  planBody,
  planForm,
  type Basis,
  type CommissionPlan,
  type Faults,
  type PlanForm,
  type Role,
} from './model';
import { CheckboxRow, EditableList, faultText, FormProblem, PercentInput, placeFaults } from './shared';

export function CommissionPlansCard({ onDirty }: { onDirty: (dirty: boolean) => void }) {
  const { t } = useTranslation();
  const plans = useQuery({ queryKey: salesAdminKeys.plans(), queryFn: () => unwrap(api.GET('/api/v1/commission-plans')) });
  return (
    <EditableList
      id="sales-plans"
      title={t('salesAdmin.plans.title')}
      intro={t('salesAdmin.plans.intro')}
      newLabel={t('salesAdmin.plans.new')}
      query={plans}
      empty={{ title: t('salesAdmin.plans.empty'), body: t('salesAdmin.plans.emptyBody') }}
      item={(p, edit) => <PlanItem key={p.id} plan={p} onEdit={edit} />}
      editor={(plan, done) => <PlanEditor key={plan?.id ?? 'new'} plan={plan} onDirty={onDirty} onDone={done} />}
    />
  );
}

function PlanItem({ plan, onEdit }: { plan: CommissionPlan; onEdit: () => void }) {
  const { t, i18n } = useTranslation();
  const { storeName } = useStoreScope();
  const mark = decimalMarkOf(i18n.language);
  const pct = (f: string) => `${fractionToPercent(f, mark)} %`;
  const parts = [
    t('salesAdmin.plans.summary', { rate: pct(plan.rate), basis: t(`salesAdmin.plans.basisShort.${plan.basis}`) }),
    ...plan.tiers.map((tier) => t('salesAdmin.plans.tierSummary', { count: tier.minSales, rate: pct(tier.rate) })),
    ...(plan.bonusPerVehicleCents > 0 ? [t('salesAdmin.plans.bonusSummary', { amount: formatMoney(plan.bonusPerVehicleCents) })] : []),
    ...(Number(plan.fiShare) > 0 ? [t('salesAdmin.plans.fiSummary', { share: pct(plan.fiShare) })] : []),
  ];
  return (
    <li aria-label={plan.name} className="flex flex-wrap items-start justify-between gap-3 p-4">
      <div className="min-w-0 space-y-1">
        <p className="flex flex-wrap items-center gap-2 font-medium">
          {plan.name}
          <Badge tone={plan.active ? 'green' : 'gray'}>{plan.active ? t('salesAdmin.active') : t('salesAdmin.inactive')}</Badge>
        </p>
        <p className="text-sm text-slate-700 dark:text-slate-300">
          {t(`roles.${plan.role}`)} · {plan.storeId ? storeName(plan.storeId) : t('salesAdmin.allStores')}
        </p>
        <p className="text-sm text-slate-600 dark:text-slate-400">{parts.join(' · ')}</p>
      </div>
      <Button variant="secondary" size="sm" aria-label={t('salesAdmin.plans.editLabel', { name: plan.name })} onClick={onEdit}>
        <Pencil className="h-4 w-4" aria-hidden />
        {t('common.edit')}
      </Button>
    </li>
  );
}

function PlanEditor({ plan, onDirty, onDone }: { plan: CommissionPlan | null; onDirty: (dirty: boolean) => void; onDone: () => void }) {
  const { t, i18n } = useTranslation();
  const qc = useQueryClient();
  const toast = useToast();
  const { stores } = useStoreScope();
  const mark = decimalMarkOf(i18n.language);
  const initial = plan ? planForm(plan, mark) : emptyPlan();
  const [form, setForm] = useState<PlanForm>(initial);
  const [faults, setFaults] = useState<Faults>({});
  const [problem, setProblem] = useState<string | null>(null);
  const dirty = JSON.stringify(form) !== JSON.stringify(initial);
  useEffect(() => onDirty(dirty), [dirty, onDirty]);
  useEffect(() => () => onDirty(false), [onDirty]);

  const save = useMutation({
    mutationFn: (f: PlanForm) =>
      plan
        ? // Over the version the list showed: a plan changed by someone else meanwhile is a 412.
          unwrap(api.PUT('/api/v1/commission-plans/{id}', { params: { path: { id: plan.id }, header: { 'If-Match': `"${plan.version}"` } }, body: planBody(f) }))
        : unwrap(api.POST('/api/v1/commission-plans', { body: planBody(f) })),
    onSuccess: (saved) => {
      onDirty(false);
      void qc.invalidateQueries({ queryKey: salesAdminKeys.plans() });
      void qc.invalidateQueries({ queryKey: saleKeys.all });
      toast.success(plan ? t('salesAdmin.plans.updated', { name: saved.name }) : t('salesAdmin.plans.created', { name: saved.name }));
      onDone();
    },
    onError: (e) => {
      const placed = placeFaults(t, e, (pointer) => faultPath(pointer, isPlanPath));
      setFaults(placed.faults);
      setProblem(placed.rest);
    },
  });

  const patch = (p: Partial<PlanForm>, ...cleared: string[]) => {
    setForm((f) => ({ ...f, ...p }));
    if (cleared.length) setFaults((f) => ({ ...f, ...Object.fromEntries(cleared.map((k) => [k, ''])) }));
  };
  const setTier = (i: number, p: Partial<PlanForm['tiers'][number]>) =>
    patch({ tiers: form.tiers.map((tier, n) => (n === i ? { ...tier, ...p } : tier)) }, `tiers.${i}.minSales`, `tiers.${i}.rate`);
  const err = (k: string) => faultText(t, faults[k]);

  return (
    <form
      noValidate
      aria-labelledby="sales-plan-editor"
      className="space-y-5 p-5"
      onSubmit={(e) => {
        e.preventDefault();
        const f = checkPlan(form);
        setFaults(f);
        setProblem(null);
        if (Object.keys(f).length === 0) save.mutate(form);
      }}
    >
      <h3 id="sales-plan-editor" className="font-semibold">
        {plan ? t('salesAdmin.plans.editTitle', { name: plan.name }) : t('salesAdmin.plans.newTitle')}
      </h3>
      <FormProblem>{problem}</FormProblem>
      <div className="grid gap-4 sm:grid-cols-2 lg:grid-cols-3">
        <Input label={t('salesAdmin.plans.name')} value={form.name} maxLength={80} error={err('name')} onChange={(e) => patch({ name: e.target.value }, 'name')} />
        <Select
          label={t('salesAdmin.plans.role')}
          value={form.role}
          error={err('role')}
          options={PLAN_ROLES.map((r) => ({ value: r, label: t(`roles.${r}`) }))}
          onChange={(e) => patch({ role: e.target.value as Role }, 'role')}
        />
        <Select
          label={t('salesAdmin.store')}
          value={form.storeId}
          error={err('storeId')}
          options={[{ value: '', label: t('salesAdmin.allStores') }, ...stores.map((s) => ({ value: s.id, label: s.name }))]}
          onChange={(e) => patch({ storeId: e.target.value }, 'storeId')}
        />
        <Select
          label={t('salesAdmin.plans.basis')}
          value={form.basis}
          error={err('basis')}
          options={BASES.map((b) => ({ value: b, label: t(`salesAdmin.plans.bases.${b}`) }))}
          onChange={(e) => patch({ basis: e.target.value as Basis }, 'basis')}
        />
        <PercentInput label={t('salesAdmin.plans.rate')} hint={t('salesAdmin.plans.rateHint')} value={form.rate} error={err('rate')} onChange={(e) => patch({ rate: e.target.value }, 'rate')} />
        <MoneyInput
          label={t('salesAdmin.plans.bonus')}
          value={form.bonusPerVehicleCents}
          error={err('bonusPerVehicleCents')}
          onChange={(cents) => patch({ bonusPerVehicleCents: cents }, 'bonusPerVehicleCents')}
        />
        <PercentInput
          label={t('salesAdmin.plans.fiShare')}
          hint={t('salesAdmin.plans.fiShareHint')}
          value={form.fiShare}
          error={err('fiShare')}
          onChange={(e) => patch({ fiShare: e.target.value }, 'fiShare')}
        />
      </div>

      <fieldset className="space-y-2">
        <legend className="text-sm font-medium">{t('salesAdmin.plans.tiers')}</legend>
        <p className="text-xs text-slate-600 dark:text-slate-400">{t('salesAdmin.plans.tiersHint')}</p>
        {err('tiers') && (
          <p role="alert" className="text-sm text-red-700 dark:text-red-400">
            {err('tiers')}
          </p>
        )}
        {form.tiers.map((tier, i) => (
          <div key={i} className="grid grid-cols-[1fr_1fr_auto] items-start gap-2 sm:max-w-xl">
            <Input
              label={t('salesAdmin.plans.minSales', { n: i + 1 })}
              inputMode="numeric"
              value={tier.minSales}
              error={err(`tiers.${i}.minSales`)}
              onChange={(e) => setTier(i, { minSales: e.target.value.replace(/\D/g, '') })}
            />
            <PercentInput label={t('salesAdmin.plans.tierRate', { n: i + 1 })} value={tier.rate} error={err(`tiers.${i}.rate`)} onChange={(e) => setTier(i, { rate: e.target.value })} />
            <Button
              variant="ghost"
              aria-label={t('salesAdmin.plans.removeTier', { n: i + 1 })}
              className="mt-6 h-11 w-11 px-0 text-red-700 md:h-10 md:w-10 dark:text-red-400"
              onClick={() => {
                patch({ tiers: form.tiers.filter((_, n) => n !== i) });
                setFaults({});
              }}
            >
              <Trash2 className="h-4 w-4" aria-hidden />
            </Button>
          </div>
        ))}
        {form.tiers.length < MAX_TIERS && (
          <Button variant="ghost" size="sm" className="text-brand-700 dark:text-brand-100" onClick={() => patch({ tiers: [...form.tiers, { minSales: '', rate: '' }] })}>
            <Plus className="h-4 w-4" aria-hidden />
            {t('salesAdmin.plans.addTier')}
          </Button>
        )}
      </fieldset>

      <CheckboxRow label={t('salesAdmin.plans.activeLabel')} checked={form.active} onChange={(active) => patch({ active })} />

      <div className="flex flex-wrap justify-end gap-2">
        <Button
          variant="secondary"
          onClick={() => {
            onDirty(false);
            onDone();
          }}
        >
          {t('common.cancel')}
        </Button>
        <Button type="submit" loading={save.isPending}>
          {t('salesAdmin.plans.save')}
        </Button>
      </div>
    </form>
  );
}
