// The banks' rate tables (`financing.manage_rates`): each bank's monthly rates by term and least
// down payment, its fees and whether they are financed. The deal desk prices every active table
// side by side; an edit sends the version read (`If-Match`), so two managers cannot overwrite
// each other's rates unseen.
import { useEffect, useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Pencil, Plus, Trash2 } from 'lucide-react';
import { api, ifMatch, unwrap } from '@/api/client';
import { isApiError } from '@/api/problem';
import { formatMoney } from '@/lib/format';
import { ConflictNotice } from '@/modules/vehicles/ConflictNotice';
import { Badge } from '@/ui/Badge';
import { Button } from '@/ui/Button';
import { Input, Select } from '@/ui/Field';
import { MoneyInput } from '@/ui/MoneyInput';
import { useToast } from '@/ui/Toast';
import { financingKeys } from '../keys';
import { salesAdminKeys } from './keys';
import {
  blankFee,
  blankRate,
  checkRateTable,
  decimalMarkOf,
  emptyRateTable,
  fractionToPercent,
  MAX_FEES,
  MAX_RATES,
  rateTableBody,
  rateTableForm,
  rateTablePath,
  SYSTEMS,
  type Faults,
  type FeeRow,
  type FinancingSystem,
  type RateRowForm,
  type RateTable,
  type RateTableForm,
} from './model';
import { CheckboxRow, EditableList, faultText, FormProblem, PercentInput, placeFaults } from './shared';

export function RateTablesCard({ onDirty }: { onDirty: (dirty: boolean) => void }) {
  const { t } = useTranslation();
  const tables = useQuery({ queryKey: salesAdminKeys.rateTables(), queryFn: () => unwrap(api.GET('/api/v1/financing/rate-tables')) });
  return (
    <EditableList
      id="sales-rates"
      title={t('salesAdmin.tables.title')}
      intro={t('salesAdmin.tables.intro')}
      newLabel={t('salesAdmin.tables.new')}
      query={tables}
      empty={{ title: t('salesAdmin.tables.empty'), body: t('salesAdmin.tables.emptyBody') }}
      item={(x, edit) => <TableItem key={x.id} table={x} onEdit={edit} />}
      editor={(table, done) => (
        // A fresh copy after a conflict is another version: the form starts again from it.
        <TableEditor key={table ? `${table.id}-${table.version}` : 'new'} table={table} onDirty={onDirty} onDone={done} onReload={() => void tables.refetch()} />
      )}
    />
  );
}

function TableItem({ table, onEdit }: { table: RateTable; onEdit: () => void }) {
  const { t, i18n } = useTranslation();
  const mark = decimalMarkOf(i18n.language);
  const title = `${table.bank} · ${table.name}`;
  const fees = Object.entries(table.feesCents);
  return (
    <li aria-label={title} className="flex flex-wrap items-start justify-between gap-3 p-4">
      <div className="min-w-0 flex-1 space-y-1">
        <p className="flex flex-wrap items-center gap-2 font-medium">
          {title}
          <Badge tone={table.active ? 'green' : 'gray'}>{table.active ? t('salesAdmin.active') : t('salesAdmin.inactive')}</Badge>
        </p>
        <p className="text-sm text-slate-700 dark:text-slate-300">
          {t(`salesAdmin.tables.systemShort.${table.system}`)} ·{' '}
          {table.rates
            .map((r) => t('salesAdmin.tables.rateSummary', { installments: r.maxInstallments, down: `${fractionToPercent(r.minDownPayment, mark)} %`, rate: `${fractionToPercent(r.monthlyRate, mark)} %` }))
            .join(' · ')}
        </p>
        <p className="text-sm text-slate-600 dark:text-slate-400">
          {fees.length === 0
            ? t('salesAdmin.tables.noFees')
            : `${fees.map(([name, cents]) => `${name} ${formatMoney(cents)}`).join(' · ')} · ${table.financeFees ? t('salesAdmin.tables.feesFinanced') : t('salesAdmin.tables.feesUpfront')}`}
        </p>
      </div>
      <Button variant="secondary" size="sm" aria-label={t('salesAdmin.tables.editLabel', { name: title })} onClick={onEdit}>
        <Pencil className="h-4 w-4" aria-hidden />
        {t('common.edit')}
      </Button>
    </li>
  );
}

function TableEditor({ table, onDirty, onDone, onReload }: { table: RateTable | null; onDirty: (dirty: boolean) => void; onDone: () => void; onReload: () => void }) {
  const { t, i18n } = useTranslation();
  const qc = useQueryClient();
  const toast = useToast();
  const mark = decimalMarkOf(i18n.language);
  const initial = table ? rateTableForm(table, mark) : emptyRateTable();
  const [form, setForm] = useState<RateTableForm>(initial);
  const [faults, setFaults] = useState<Faults>({});
  const [problem, setProblem] = useState<string | null>(null);
  const [conflict, setConflict] = useState(false);
  const dirty = JSON.stringify(form) !== JSON.stringify(initial);
  useEffect(() => onDirty(dirty), [dirty, onDirty]);
  useEffect(() => () => onDirty(false), [onDirty]);

  const save = useMutation({
    mutationFn: (f: RateTableForm) =>
      table
        ? unwrap(api.PUT('/api/v1/financing/rate-tables/{id}', { params: { path: { id: table.id }, header: ifMatch(table.version) }, body: rateTableBody(f) }))
        : unwrap(api.POST('/api/v1/financing/rate-tables', { body: rateTableBody(f) })),
    onSuccess: (saved) => {
      onDirty(false);
      void qc.invalidateQueries({ queryKey: financingKeys.all });
      toast.success(table ? t('salesAdmin.tables.updated', { name: `${saved.bank} · ${saved.name}` }) : t('salesAdmin.tables.created', { name: `${saved.bank} · ${saved.name}` }));
      onDone();
    },
    onError: (e, f) => {
      if (isApiError(e) && e.status === 412) {
        setConflict(true);
        return;
      }
      // The bank has a table of this name already: that is the name's fault.
      if (isApiError(e) && e.code === 'financing.duplicate_rate_table') {
        setFaults({ name: e.code });
        setProblem(null);
        return;
      }
      const placed = placeFaults(t, e, (pointer, code) => rateTablePath(pointer, code, f.fees));
      setFaults(placed.faults);
      setProblem(placed.rest);
    },
  });

  const patch = (p: Partial<RateTableForm>, ...cleared: string[]) => {
    setForm((f) => ({ ...f, ...p }));
    if (cleared.length) setFaults((f) => ({ ...f, ...Object.fromEntries(cleared.map((k) => [k, ''])) }));
  };
  const setRate = (i: number, p: Partial<RateRowForm>) =>
    patch({ rates: form.rates.map((r, n) => (n === i ? { ...r, ...p } : r)) }, ...Object.keys(p).map((k) => `rates.${i}.${k}`), 'rates');
  const setFee = (i: number, p: Partial<FeeRow>) =>
    patch({ fees: form.fees.map((r, n) => (n === i ? { ...r, ...p } : r)) }, ...Object.keys(p).map((k) => `fees.${i}.${k}`), 'fees');
  const err = (k: string) => faultText(t, faults[k]);
  const title = table ? `${table.bank} · ${table.name}` : '';

  return (
    <form
      noValidate
      aria-labelledby="sales-table-editor"
      className="space-y-5 p-5"
      onSubmit={(e) => {
        e.preventDefault();
        const f = checkRateTable(form);
        setFaults(f);
        setProblem(null);
        if (Object.keys(f).length === 0) save.mutate(form);
      }}
    >
      <h3 id="sales-table-editor" className="font-semibold">
        {table ? t('salesAdmin.tables.editTitle', { name: title }) : t('salesAdmin.tables.newTitle')}
      </h3>
      {conflict && <ConflictNotice onReload={onReload} />}
      <FormProblem>{problem}</FormProblem>
      <div className="grid gap-4 sm:grid-cols-2 lg:grid-cols-3">
        <Input label={t('salesAdmin.tables.bank')} value={form.bank} maxLength={80} error={err('bank')} onChange={(e) => patch({ bank: e.target.value }, 'bank', 'name')} />
        <Input
          label={t('salesAdmin.tables.name')}
          hint={t('salesAdmin.tables.nameHint')}
          value={form.name}
          maxLength={80}
          error={err('name')}
          onChange={(e) => patch({ name: e.target.value }, 'name')}
        />
        <Select
          label={t('salesAdmin.tables.system')}
          value={form.system}
          options={SYSTEMS.map((s) => ({ value: s, label: t(`salesAdmin.tables.systems.${s}`) }))}
          onChange={(e) => patch({ system: e.target.value as FinancingSystem })}
        />
      </div>

      <fieldset className="space-y-2">
        <legend className="text-sm font-medium">{t('salesAdmin.tables.rates')}</legend>
        <p className="text-xs text-slate-600 dark:text-slate-400">{t('salesAdmin.tables.ratesHint')}</p>
        {err('rates') && (
          <p role="alert" className="text-sm text-red-700 dark:text-red-400">
            {err('rates')}
          </p>
        )}
        {/* The columns' names once on a wide screen; a phone shows them on every row. */}
        {form.rates.length > 0 && (
          <div aria-hidden className="hidden grid-cols-[1fr_1fr_1fr_2.75rem] gap-2 text-sm font-medium text-slate-700 sm:grid lg:max-w-3xl dark:text-slate-300">
            <span>{t('salesAdmin.tables.maxInstallments')}</span>
            <span>{t('salesAdmin.tables.minDownPayment')}</span>
            <span>{t('salesAdmin.tables.monthlyRate')}</span>
          </div>
        )}
        {form.rates.map((r, i) => (
          <div key={i} className="grid grid-cols-2 items-start gap-2 rounded-md border border-slate-200 p-3 sm:grid-cols-[1fr_1fr_1fr_2.75rem] sm:border-0 sm:p-0 lg:max-w-3xl dark:border-slate-800">
            <Input
              label={<RowLabel text={t('salesAdmin.tables.maxInstallments')} row={t('salesAdmin.tables.row', { n: i + 1 })} />}
              inputMode="numeric"
              value={r.maxInstallments}
              error={err(`rates.${i}.maxInstallments`)}
              onChange={(e) => setRate(i, { maxInstallments: e.target.value.replace(/\D/g, '') })}
            />
            <PercentInput
              label={<RowLabel text={t('salesAdmin.tables.minDownPayment')} row={t('salesAdmin.tables.row', { n: i + 1 })} />}
              value={r.minDownPayment}
              error={err(`rates.${i}.minDownPayment`)}
              onChange={(e) => setRate(i, { minDownPayment: e.target.value })}
            />
            <PercentInput
              label={<RowLabel text={t('salesAdmin.tables.monthlyRate')} row={t('salesAdmin.tables.row', { n: i + 1 })} />}
              value={r.monthlyRate}
              error={err(`rates.${i}.monthlyRate`)}
              onChange={(e) => setRate(i, { monthlyRate: e.target.value })}
            />
            <Button
              variant="ghost"
              aria-label={t('salesAdmin.tables.removeRate', { n: i + 1 })}
              className="h-11 w-11 justify-self-end px-0 text-red-700 sm:mt-1 md:h-10 md:w-10 dark:text-red-400"
              onClick={() => {
                patch({ rates: form.rates.filter((_, n) => n !== i) });
                setFaults({});
              }}
            >
              <Trash2 className="h-4 w-4" aria-hidden />
            </Button>
          </div>
        ))}
        {form.rates.length < MAX_RATES && (
          <Button variant="ghost" size="sm" className="text-brand-700 dark:text-brand-100" onClick={() => patch({ rates: [...form.rates, blankRate()] }, 'rates')}>
            <Plus className="h-4 w-4" aria-hidden />
            {t('salesAdmin.tables.addRate')}
          </Button>
        )}
      </fieldset>

      <fieldset className="space-y-2">
        <legend className="text-sm font-medium">{t('salesAdmin.tables.fees')}</legend>
        <p className="text-xs text-slate-600 dark:text-slate-400">{t('salesAdmin.tables.feesHint')}</p>
        {err('fees') && (
          <p role="alert" className="text-sm text-red-700 dark:text-red-400">
            {err('fees')}
          </p>
        )}
        {form.fees.map((fee, i) => (
          <div key={i} className="grid grid-cols-[1fr_1fr_2.75rem] items-start gap-2 sm:max-w-xl">
            <Input
              label={t('salesAdmin.tables.feeName', { n: i + 1 })}
              value={fee.name}
              maxLength={40}
              error={err(`fees.${i}.name`)}
              onChange={(e) => setFee(i, { name: e.target.value })}
            />
            <MoneyInput label={t('salesAdmin.tables.feeAmount', { n: i + 1 })} value={fee.amountCents} error={err(`fees.${i}.amountCents`)} onChange={(cents) => setFee(i, { amountCents: cents })} />
            <Button
              variant="ghost"
              aria-label={t('salesAdmin.tables.removeFee', { n: i + 1 })}
              className="mt-6 h-11 w-11 px-0 text-red-700 md:h-10 md:w-10 dark:text-red-400"
              onClick={() => {
                patch({ fees: form.fees.filter((_, n) => n !== i) });
                setFaults({});
              }}
            >
              <Trash2 className="h-4 w-4" aria-hidden />
            </Button>
          </div>
        ))}
        {form.fees.length < MAX_FEES && (
          <Button variant="ghost" size="sm" className="text-brand-700 dark:text-brand-100" onClick={() => patch({ fees: [...form.fees, blankFee()] }, 'fees')}>
            <Plus className="h-4 w-4" aria-hidden />
            {t('salesAdmin.tables.addFee')}
          </Button>
        )}
        <CheckboxRow label={t('salesAdmin.tables.financeFees')} checked={form.financeFees} onChange={(financeFees) => patch({ financeFees })} />
      </fieldset>

      <CheckboxRow label={t('salesAdmin.tables.activeLabel')} checked={form.active} onChange={(active) => patch({ active })} />

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
        <Button type="submit" loading={save.isPending} disabled={conflict}>
          {t('salesAdmin.tables.save')}
        </Button>
      </div>
    </form>
  );
}

/** A rate row's field: the column's name (shown on a phone, where there are no column headings) and the row, for screen readers. */
function RowLabel({ text, row }: { text: string; row: string }) {
  return (
    <span className="sm:sr-only">
      {text}
      <span className="sr-only"> ({row})</span>
    </span>
  );
}
