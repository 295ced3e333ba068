// A store's discount limits (`sales.manage_discount_limits`): for each role that writes quotes,
// the most it gives without a manager's approval, as a share of the asking price, an amount, or
// both. The form opens on the limits in force, the defaults for a store that set none.
import { useEffect, useId, useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, unwrap } from '@/api/client';
import { useStoreScope } from '@/app/StoreScope';
import { formatMoney } from '@/lib/format';
import { Button } from '@/ui/Button';
import { EmptyState } from '@/ui/EmptyState';
import { Select } from '@/ui/Field';
import { MoneyInput } from '@/ui/MoneyInput';
import { QueryView } from '@/ui/QueryView';
import { Skeleton } from '@/ui/Skeleton';
import { useToast } from '@/ui/Toast';
import { approvalKeys } from '../keys';
import { salesAdminKeys } from './keys';
import { checkLimits, decimalMarkOf, faultPath, isLimitPath, limitRows, limitsBody, type DiscountLimit, type Faults, type LimitRow } from './model';
import { faultText, FormProblem, PercentInput, placeFaults, Section } from './shared';

export function DiscountLimitsCard({ onDirty }: { onDirty: (dirty: boolean) => void }) {
  const { t } = useTranslation();
  const { stores, storeId: scoped } = useStoreScope();
  const active = stores.filter((s) => s.active);
  const [picked, setPicked] = useState<string | null>(null);
  const storeId = picked ?? (scoped && active.some((s) => s.id === scoped) ? scoped : null) ?? active[0]?.id ?? null;
  const limits = useQuery({
    queryKey: salesAdminKeys.limits(storeId ?? ''),
    queryFn: () => unwrap(api.GET('/api/v1/stores/{id}/discount-limits', { params: { path: { id: storeId ?? '' } } })),
    enabled: storeId !== null,
  });
  return (
    <Section id="sales-limits" title={t('salesAdmin.limits.title')} intro={t('salesAdmin.limits.intro')}>
      <div className="p-5">
        {storeId === null ? (
          <EmptyState title={t('salesAdmin.noStores')} />
        ) : (
          <div className="space-y-4">
            <Select
              className="max-w-sm"
              label={t('salesAdmin.store')}
              value={storeId}
              options={active.map((s) => ({ value: s.id, label: s.name }))}
              onChange={(e) => setPicked(e.target.value)}
            />
            <QueryView query={limits} compact skeleton={<Skeleton className="h-40" />}>
              {(d) => (
                <LimitsEditor
                  key={`${storeId}-${JSON.stringify(d.items)}`}
                  storeId={storeId}
                  storeName={active.find((s) => s.id === storeId)?.name ?? ''}
                  items={d.items}
                  version={d.version}
                  onDirty={onDirty}
                />
              )}
            </QueryView>
          </div>
        )}
      </div>
    </Section>
  );
}

function LimitsEditor({ storeId, storeName, items, version, onDirty }: { storeId: string; storeName: string; items: DiscountLimit[]; version: number; onDirty: (dirty: boolean) => void }) {
  const { t, i18n } = useTranslation();
  const qc = useQueryClient();
  const toast = useToast();
  const mark = decimalMarkOf(i18n.language);
  const [rows, setRows] = useState<LimitRow[]>(() => limitRows(items, mark));
  const [faults, setFaults] = useState<Faults>({});
  const [problem, setProblem] = useState<string | null>(null);
  const dirty = JSON.stringify(rows) !== JSON.stringify(limitRows(items, mark));
  useEffect(() => onDirty(dirty), [dirty, onDirty]);
  useEffect(() => () => onDirty(false), [onDirty]);

  const save = useMutation({
    mutationFn: (r: LimitRow[]) => unwrap(api.PUT('/api/v1/stores/{id}/discount-limits', { params: { path: { id: storeId }, header: { 'If-Match': `"${version}"` } }, body: limitsBody(r) })),
    onSuccess: (saved) => {
      onDirty(false);
      qc.setQueryData(salesAdminKeys.limits(storeId), saved);
      // Whether a quote needs approval changes with the limits.
      void qc.invalidateQueries({ queryKey: approvalKeys.all });
      toast.success(t('salesAdmin.limits.saved', { store: storeName }));
    },
    onError: (e) => {
      const placed = placeFaults(t, e, (pointer) => faultPath(pointer, isLimitPath));
      setFaults(placed.faults);
      setProblem(placed.rest);
    },
  });

  const setRow = (i: number, patch: Partial<LimitRow>) => {
    setRows((rs) => rs.map((r, n) => (n === i ? { ...r, ...patch } : r)));
    setFaults((f) => ({ ...f, [`limits.${i}.maxPercent`]: '', [`limits.${i}.maxCents`]: '' }));
  };

  return (
    <form
      noValidate
      className="space-y-4"
      onSubmit={(e) => {
        e.preventDefault();
        const f = checkLimits(rows);
        setFaults(f);
        setProblem(null);
        if (Object.keys(f).length === 0) save.mutate(rows);
      }}
    >
      <FormProblem>{problem}</FormProblem>
      <p className="text-sm text-slate-600 dark:text-slate-400">{t('salesAdmin.limits.emptyHint')}</p>
      <div className="divide-y divide-slate-100 dark:divide-slate-800">
        {rows.map((r, i) => (
          <LimitFields key={r.role} row={r} index={i} faults={faults} onChange={(patch) => setRow(i, patch)} />
        ))}
      </div>
      <div className="flex justify-end">
        <Button type="submit" loading={save.isPending} disabled={!dirty}>
          {t('salesAdmin.limits.save')}
        </Button>
      </div>
    </form>
  );
}

function LimitFields({ row, index, faults, onChange }: { row: LimitRow; index: number; faults: Faults; onChange: (patch: Partial<LimitRow>) => void }) {
  const { t } = useTranslation();
  const id = useId();
  const percent = row.percent.trim();
  const rule =
    !percent && row.maxCents === null
      ? t('salesAdmin.limits.rule.none')
      : percent && row.maxCents !== null
        ? t('salesAdmin.limits.rule.both', { percent: `${percent} %`, amount: formatMoney(row.maxCents) })
        : percent
          ? t('salesAdmin.limits.rule.percent', { percent: `${percent} %` })
          : t('salesAdmin.limits.rule.amount', { amount: formatMoney(row.maxCents) });
  return (
    <div role="group" aria-labelledby={`${id}-role`} className="grid grid-cols-2 gap-3 py-3 first:pt-0 sm:grid-cols-[11rem_1fr_1fr] sm:items-start">
      <div className="col-span-2 sm:col-span-1 sm:pt-7">
        <p id={`${id}-role`} className="font-medium">
          {t(`roles.${row.role}`)}
        </p>
        <p className="text-xs text-slate-600 dark:text-slate-400">{rule}</p>
      </div>
      <PercentInput
        label={t('salesAdmin.limits.percent')}
        value={row.percent}
        error={faultText(t, faults[`limits.${index}.maxPercent`])}
        onChange={(e) => onChange({ percent: e.target.value })}
      />
      <MoneyInput
        label={t('salesAdmin.limits.amount')}
        value={row.maxCents}
        error={faultText(t, faults[`limits.${index}.maxCents`])}
        onChange={(cents) => onChange({ maxCents: cents })}
      />
    </div>
  );
}
