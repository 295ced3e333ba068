// The deal's customer (searched in the CRM) and its vehicle (searched in the stock on sale).
import { useState, type ReactNode } from 'react';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, unwrap } from '@/api/client';
import { formatMoney } from '@/lib/format';
import { useDebounced } from '@/lib/useDebounced';
import { customerKeys } from '@/modules/crm/keys';
import { customerDocument, customerName, formatPhone, type Customer } from '@/modules/crm/labels';
import { vehicleKeys } from '@/modules/vehicles/keys';
import { displayPlaca, vehicleTitle, type Vehicle } from '@/modules/vehicles/labels';
import { Button } from '@/ui/Button';
import { Input } from '@/ui/Field';

function Results<T extends { id: string }>({
  items,
  render,
  pickLabel,
  onPick,
}: {
  items: T[];
  render: (item: T) => ReactNode;
  pickLabel: (item: T) => string;
  onPick: (item: T) => void;
}) {
  const { t } = useTranslation();
  return (
    <ul className="divide-y divide-slate-100 dark:divide-slate-800">
      {items.map((item) => (
        <li key={item.id} className="flex items-center justify-between gap-3 py-2">
          <div className="min-w-0">{render(item)}</div>
          <Button size="sm" variant="secondary" onClick={() => onPick(item)} aria-label={pickLabel(item)}>
            {t('deal.pick')}
          </Button>
        </li>
      ))}
    </ul>
  );
}

/** Finds the customer by name, CPF/CNPJ, phone or e-mail. */
export function CustomerSearch({ onPick, error }: { onPick: (c: Customer) => void; error?: string | undefined }) {
  const { t } = useTranslation();
  const [q, setQ] = useState('');
  const typed = useDebounced(q.trim(), 250);
  const found = useQuery({
    queryKey: [...customerKeys.lists(), 'deal', typed],
    queryFn: () => unwrap(api.GET('/api/v1/customers', { params: { query: { q: typed, pageSize: 5 } } })),
    enabled: typed.length >= 2,
  });
  const items = found.data?.items ?? [];
  return (
    <div className="space-y-2">
      <Input label={t('deal.customerSearch')} type="search" placeholder={t('deal.customerSearchHint')} value={q} error={error} onChange={(e) => setQ(e.target.value)} />
      {typed.length >= 2 && found.isSuccess && items.length === 0 && <p className="text-sm text-slate-600 dark:text-slate-400">{t('deal.noCustomer')}</p>}
      <Results
        items={items}
        onPick={onPick}
        pickLabel={(c) => t('deal.pickCustomer', { name: customerName(c) })}
        render={(c) => (
          <>
            <p className="font-medium">{customerName(c)}</p>
            <p className="text-sm tabular-nums text-slate-600 dark:text-slate-400">
              {[customerDocument(c), c.phones[0] && formatPhone(c.phones[0].number)].filter(Boolean).join(' · ')}
            </p>
          </>
        )}
      />
    </div>
  );
}

/** Finds a car on sale by placa, stock number, make or model. */
export function VehicleSearch({ onPick, error }: { onPick: (v: Vehicle) => void; error?: string | undefined }) {
  const { t } = useTranslation();
  const [q, setQ] = useState('');
  const typed = useDebounced(q.trim(), 250);
  const found = useQuery({
    queryKey: [...vehicleKeys.lists(), 'deal', typed],
    queryFn: () => unwrap(api.GET('/api/v1/vehicles', { params: { query: { q: typed, status: 'available', pageSize: 5 } } })),
    enabled: typed.length >= 2,
  });
  const items = found.data?.items ?? [];
  return (
    <div className="space-y-2">
      <Input label={t('deal.vehicleSearch')} type="search" placeholder={t('deal.vehicleSearchHint')} value={q} error={error} onChange={(e) => setQ(e.target.value)} />
      {typed.length >= 2 && found.isSuccess && items.length === 0 && <p className="text-sm text-slate-600 dark:text-slate-400">{t('deal.noVehicle')}</p>}
      <Results
        items={items}
        onPick={onPick}
        pickLabel={(v) => t('deal.pickVehicle', { vehicle: `${vehicleTitle(v)} ${v.year}` })}
        render={(v) => (
          <>
            <p className="font-medium">
              {vehicleTitle(v)} {v.year}
            </p>
            <p className="text-sm text-slate-600 dark:text-slate-400">
              <span className="font-mono">{[displayPlaca(v.placa), v.stockNumber].filter(Boolean).join(' · ')}</span> ·{' '}
              <span className="tabular-nums">{formatMoney(v.priceCents)}</span>
            </p>
          </>
        )}
      />
    </div>
  );
}
