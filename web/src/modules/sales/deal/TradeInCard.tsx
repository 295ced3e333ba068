// The customer's car given in part payment: one of their appraisals, or appraised here and now
// (placa, make/model/year, km, the condition checklist, its value and the loan still owed on it),
// what the deal gives for it, and its photos taken on the lot (the vehicle's own photos). The
// trade-in pays allowance - payoff.
import { useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Plus, Trash2 } from 'lucide-react';
import { api, unwrap } from '@/api/client';
import { isApiError, pointerToPath } from '@/api/problem';
import { useAuth } from '@/auth/AuthProvider';
import { fieldText } from '@/i18n/problems';
import { formatDate, formatKm, formatMoney } from '@/lib/format';
import { kmToNumber, maskKm, maskPlaca } from '@/lib/masks';
import { checkPlaca, normalisePlaca } from '@/lib/validators';
import { PhotosCard } from '@/modules/vehicles/PhotosCard';
import { Button } from '@/ui/Button';
import { Card } from '@/ui/Card';
import { Input, Select } from '@/ui/Field';
import { MoneyInput } from '@/ui/MoneyInput';
import { appraisalKeys } from '../keys';
import { CONDITIONS, snapshotLabel, tradeInEquity, type Appraisal, type ItemCondition, type TradeInRow } from '../model';
import { explain, useVehicleBrief } from '../shared';

interface Props {
  customerId: string;
  value: TradeInRow | null;
  onChange: (t: TradeInRow | null) => void;
  error?: string | undefined;
}

export function TradeInCard({ customerId, value, onChange, error }: Props) {
  const { t } = useTranslation();
  const { can } = useAuth();
  const [appraising, setAppraising] = useState(false);
  const equity = tradeInEquity(value);
  return (
    <Card className="space-y-4 p-5">
      <h2 className="font-semibold">{t('deal.tradeIn.title')}</h2>
      {value ? (
        <div className="space-y-3">
          <div className="flex flex-wrap items-start justify-between gap-2">
            <div>
              <p className="font-medium">{value.label}</p>
              <p className="text-sm text-slate-600 dark:text-slate-400">
                {t('deal.tradeIn.appraisedAt', { value: formatMoney(value.appraisedValueCents) })}
                {value.payoffCents > 0 && ` · ${t('deal.tradeIn.payoffOf', { value: formatMoney(value.payoffCents) })}`}
              </p>
            </div>
            <Button variant="ghost" size="sm" className="text-red-700 dark:text-red-400" onClick={() => onChange(null)}>
              <Trash2 className="h-4 w-4" aria-hidden />
              {t('deal.tradeIn.remove')}
            </Button>
          </div>
          <MoneyInput
            label={t('deal.tradeIn.allowance')}
            hint={t('deal.tradeIn.allowanceHint')}
            value={value.allowanceCents}
            error={error}
            onChange={(cents) => onChange({ ...value, allowanceCents: cents })}
            className="sm:max-w-xs"
          />
          <p className={equity < 0 ? 'text-sm font-medium text-red-700 dark:text-red-400' : 'text-sm'}>
            {equity < 0 ? t('deal.tradeIn.negative', { value: formatMoney(-equity) }) : t('deal.tradeIn.equity', { value: formatMoney(equity) })}
          </p>
          {/* The appraised car is a vehicle record: its photos are the vehicles' photos, kept with it. */}
          <div className="border-t border-slate-200 pt-4 dark:border-slate-800">
            <PhotosCard
              vehicleId={value.vehicleId}
              vehicle={value.label}
              canManage={can('vehicles.manage_photos')}
              canDelete={can('vehicles.delete_photos')}
              embedded={{ title: t('deal.tradeIn.photos') }}
            />
          </div>
        </div>
      ) : !customerId ? (
        <p className="text-sm text-slate-600 dark:text-slate-400">{t('deal.tradeIn.needCustomer')}</p>
      ) : appraising ? (
        <AppraisalForm
          customerId={customerId}
          onCancel={() => setAppraising(false)}
          onAppraised={(row) => {
            setAppraising(false);
            onChange(row);
          }}
        />
      ) : (
        <>
          <CustomerAppraisals customerId={customerId} onPick={onChange} />
          {can('sales.appraise') && (
            <Button variant="secondary" onClick={() => setAppraising(true)}>
              <Plus className="h-4 w-4" aria-hidden />
              {t('deal.tradeIn.appraise')}
            </Button>
          )}
        </>
      )}
    </Card>
  );
}

/** The customer's appraisals still valid, to take one into the deal. */
function CustomerAppraisals({ customerId, onPick }: { customerId: string; onPick: (t: TradeInRow) => void }) {
  const { t } = useTranslation();
  const list = useQuery({
    queryKey: appraisalKeys.ofCustomer(customerId),
    queryFn: () => unwrap(api.GET('/api/v1/appraisals', { params: { query: { customerId } } })),
  });
  const today = new Date().toISOString().slice(0, 10);
  const items = (list.data?.items ?? []).filter((a) => a.validUntil >= today);
  if (items.length === 0) return <p className="text-sm text-slate-600 dark:text-slate-400">{t('deal.tradeIn.none')}</p>;
  return (
    <ul className="divide-y divide-slate-100 dark:divide-slate-800">
      {items.map((a) => (
        <AppraisalItem key={a.id} a={a} onPick={onPick} />
      ))}
    </ul>
  );
}

function AppraisalItem({ a, onPick }: { a: Appraisal; onPick: (t: TradeInRow) => void }) {
  const { t } = useTranslation();
  const v = useVehicleBrief(a.vehicleId);
  const label = v ? snapshotLabel({ ...v.vehicle, trim: null }) : t('deal.tradeIn.car');
  return (
    <li className="flex items-center justify-between gap-3 py-2">
      <div className="min-w-0">
        <p className="font-medium">{label}</p>
        <p className="text-sm text-slate-600 dark:text-slate-400">
          {formatMoney(a.appraisedValueCents)} · {formatKm(a.mileageKm)} · {t('deal.tradeIn.validUntil', { date: formatDate(a.validUntil) })}
        </p>
      </div>
      <Button
        size="sm"
        variant="secondary"
        aria-label={t('deal.tradeIn.use', { car: label })}
        onClick={() => onPick({ appraisalId: a.id, vehicleId: a.vehicleId, label, appraisedValueCents: a.appraisedValueCents, payoffCents: a.payoffCents, allowanceCents: a.appraisedValueCents })}
      >
        {t('deal.pick')}
      </Button>
    </li>
  );
}

interface CheckRow {
  item: string;
  condition: ItemCondition;
  note: string;
  repairCents: number | null;
}

/** Appraising the car at the desk: what identifies it, its condition, its value and its loan. */
function AppraisalForm({ customerId, onAppraised, onCancel }: { customerId: string; onAppraised: (t: TradeInRow) => void; onCancel: () => void }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const [placa, setPlaca] = useState('');
  const [make, setMake] = useState('');
  const [model, setModel] = useState('');
  const [year, setYear] = useState('');
  const [km, setKm] = useState('');
  const [value, setValue] = useState<number | null>(null);
  const [payoff, setPayoff] = useState<number | null>(null);
  const [payoffBank, setPayoffBank] = useState('');
  const [checklist, setChecklist] = useState<CheckRow[]>(() =>
    (['tyres', 'body', 'engine', 'interior'] as const).map((k) => ({ item: t(`deal.tradeIn.checkItems.${k}`), condition: 'good', note: '', repairCents: null })),
  );
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [failure, setFailure] = useState<string | null>(null);

  const save = useMutation({
    mutationFn: () =>
      unwrap(
        api.POST('/api/v1/appraisals', {
          body: {
            customerId,
            vehicle: { placa: normalisePlaca(placa) || null, make: make.trim(), model: model.trim(), year: Number(year), mileageKm: kmToNumber(km) ?? 0 },
            mileageKm: kmToNumber(km) ?? 0,
            checklist: checklist
              .filter((r) => r.item.trim())
              .map((r) => ({ item: r.item.trim(), condition: r.condition, note: r.note.trim() || null, repairCents: r.repairCents })),
            appraisedValueCents: value ?? 0,
            payoffCents: payoff ?? 0,
            payoffBank: payoffBank.trim() || null,
          },
        }),
      ),
    onSuccess: (a) => {
      void qc.invalidateQueries({ queryKey: appraisalKeys.ofCustomer(customerId) });
      onAppraised({ appraisalId: a.id, vehicleId: a.vehicleId, label: snapshotLabel(a.vehicle), appraisedValueCents: a.appraisedValueCents, payoffCents: a.payoffCents, allowanceCents: a.appraisedValueCents });
    },
    onError: (e) => {
      const placed: Record<string, string> = {};
      let rest = !isApiError(e) || e.fieldErrors.length === 0;
      if (isApiError(e)) {
        for (const fe of e.fieldErrors) {
          const path = pointerToPath(fe.pointer);
          if (FIELDS.includes(path) || path.startsWith('checklist.')) placed[path] = fe.code;
          else rest = true;
        }
      }
      setErrors(placed);
      setFailure(rest ? explain(t, e) : null);
    },
  });

  const submit = () => {
    const e: Record<string, string> = {};
    if (placa.trim() && checkPlaca(placa)) e['vehicle.placa'] = 'placa.invalid';
    if (!make.trim()) e['vehicle.make'] = 'validation.required';
    if (!model.trim()) e['vehicle.model'] = 'validation.required';
    if (!/^\d{4}$/.test(year)) e['vehicle.year'] = 'validation.required';
    if (!km) e.mileageKm = 'validation.required';
    if (value === null) e.appraisedValueCents = 'validation.required';
    setErrors(e);
    setFailure(null);
    if (Object.keys(e).length === 0) save.mutate();
  };
  const err = (k: string) => (errors[k] ? fieldText(t, errors[k]) : undefined);
  const setRow = (i: number, patch: Partial<CheckRow>) => setChecklist((rows) => rows.map((r, n) => (n === i ? { ...r, ...patch } : r)));

  return (
    <fieldset className="space-y-4">
      <legend className="mb-2 font-medium">{t('deal.tradeIn.appraiseTitle')}</legend>
      {failure && (
        <p role="alert" className="rounded-md border border-red-300 bg-red-50 p-3 text-sm text-red-800 dark:border-red-800 dark:bg-red-950 dark:text-red-200">
          {failure}
        </p>
      )}
      {/* Two to a row even on a phone: a lot checklist is filled standing beside the car. */}
      <div className="grid grid-cols-2 gap-3 lg:grid-cols-5">
        <Input label={t('deal.tradeIn.placa')} autoCapitalize="characters" value={placa} mask={maskPlaca} placeholder="ABC1D23" error={err('vehicle.placa')} onChange={(e) => setPlaca(e.target.value)} />
        <Input label={t('deal.tradeIn.year')} inputMode="numeric" maxLength={4} value={year} error={err('vehicle.year')} onChange={(e) => setYear(e.target.value.replace(/\D/g, ''))} />
        <Input label={t('deal.tradeIn.make')} value={make} error={err('vehicle.make')} onChange={(e) => setMake(e.target.value)} />
        <Input label={t('deal.tradeIn.model')} value={model} error={err('vehicle.model')} onChange={(e) => setModel(e.target.value)} />
        <Input label={t('deal.tradeIn.km')} inputMode="numeric" value={km} mask={maskKm} error={err('mileageKm')} onChange={(e) => setKm(e.target.value)} className="col-span-2 lg:col-span-1" />
      </div>
      <div className="space-y-2">
        <h3 className="text-sm font-medium">{t('deal.tradeIn.checklist')}</h3>
        {checklist.map((r, i) => (
          <div key={i} className="grid grid-cols-2 items-end gap-2 rounded-md border border-slate-200 p-3 lg:grid-cols-[1fr_10rem_1fr_9rem_auto] dark:border-slate-800">
            <Input label={t('deal.tradeIn.checkItem', { n: i + 1 })} value={r.item} error={err(`checklist.${i}.item`)} onChange={(e) => setRow(i, { item: e.target.value })} />
            <Select
              label={t('deal.tradeIn.condition', { n: i + 1 })}
              value={r.condition}
              onChange={(e) => setRow(i, { condition: e.target.value as ItemCondition })}
              options={CONDITIONS.map((c) => ({ value: c, label: t(`deal.tradeIn.conditions.${c}`) }))}
            />
            <Input label={t('deal.tradeIn.note', { n: i + 1 })} value={r.note} onChange={(e) => setRow(i, { note: e.target.value })} className="col-span-2 lg:col-span-1" />
            <MoneyInput label={t('deal.tradeIn.repair', { n: i + 1 })} value={r.repairCents} onChange={(cents) => setRow(i, { repairCents: cents })} />
            <Button
              variant="ghost"
              aria-label={t('deal.tradeIn.removeCheck', { n: i + 1 })}
              className="h-11 w-11 justify-self-end px-0 text-red-700 md:h-10 md:w-10 lg:justify-self-auto dark:text-red-400"
              onClick={() => setChecklist((rows) => rows.filter((_, n) => n !== i))}
            >
              <Trash2 className="h-4 w-4" aria-hidden />
            </Button>
          </div>
        ))}
        <Button variant="ghost" size="sm" className="text-brand-700 dark:text-brand-100" onClick={() => setChecklist((rows) => [...rows, { item: '', condition: 'good', note: '', repairCents: null }])}>
          <Plus className="h-4 w-4" aria-hidden />
          {t('deal.tradeIn.addCheck')}
        </Button>
      </div>
      <div className="grid gap-3 sm:grid-cols-3">
        <MoneyInput label={t('deal.tradeIn.value')} value={value} error={err('appraisedValueCents')} onChange={setValue} />
        <MoneyInput label={t('deal.tradeIn.payoff')} hint={t('deal.tradeIn.payoffHint')} value={payoff} error={err('payoffCents')} onChange={setPayoff} />
        <Input label={t('deal.tradeIn.payoffBank')} value={payoffBank} error={err('payoffBank')} onChange={(e) => setPayoffBank(e.target.value)} />
      </div>
      <div className="flex flex-wrap justify-end gap-2">
        <Button variant="secondary" onClick={onCancel}>
          {t('common.cancel')}
        </Button>
        <Button loading={save.isPending} onClick={submit}>
          {t('deal.tradeIn.save')}
        </Button>
      </div>
    </fieldset>
  );
}

const FIELDS = ['vehicle.placa', 'vehicle.make', 'vehicle.model', 'vehicle.year', 'mileageKm', 'appraisedValueCents', 'payoffCents', 'payoffBank'];
