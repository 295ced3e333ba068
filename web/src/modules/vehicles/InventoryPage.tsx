import { useEffect, useMemo, useState } from 'react';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { Plus, Search, SlidersHorizontal, Upload, X } from 'lucide-react';
import { api, unwrap } from '@/api/client';
import { useAuth } from '@/auth/AuthProvider';
import { useStoreScope } from '@/app/StoreScope';
import { usePageTitle } from '@/app/title';
import { formatKm, formatMoney, formatNumber } from '@/lib/format';
import { Badge } from '@/ui/Badge';
import { Button } from '@/ui/Button';
import { Card, PageHeader } from '@/ui/Card';
import { EmptyState } from '@/ui/EmptyState';
import { Input, Select } from '@/ui/Field';
import { Pagination } from '@/ui/Pagination';
import { Skeleton } from '@/ui/Skeleton';
import { Table, Td, Th, THead, Tr } from '@/ui/Table';
import { ExportMenu } from './ExportMenu';
import { apiQuery, PAGE_SIZE, readFilters, SORTS, writeFilters, type Filters } from './filters';
import { vehicleKeys } from './keys';
import { displayPlaca, vehicleTitle } from './labels';
import { STATUSES, STATUS_TONE } from './status';

export function InventoryPage() {
  const { t } = useTranslation();
  usePageTitle(t('inventory.title'));
  const { can } = useAuth();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const { stores, storeId: scopeStore, storeName } = useStoreScope();
  const filters = useMemo(() => readFilters(params), [params]);
  // The store switcher applies when the URL names no store itself.
  const effective = useMemo<Filters>(
    () => ({ ...filters, storeId: filters.storeId || scopeStore || '' }),
    [filters, scopeStore],
  );
  const [showFilters, setShowFilters] = useState(false);
  const [q, setQ] = useState(filters.q);
  useEffect(() => setQ(filters.q), [filters.q]);

  const update = (patch: Partial<Filters>) => {
    // Any change but paging goes back to the first page.
    const next = { ...filters, page: 1, ...patch };
    setParams(writeFilters(next), { replace: true });
  };

  // Search as the user types, once they pause (only the typed text restarts the pause).
  useEffect(() => {
    if (q === filters.q) return;
    const h = setTimeout(() => update({ q }), 300);
    return () => clearTimeout(h);
  }, [q]);

  const list = useQuery({
    queryKey: vehicleKeys.list(apiQuery(effective)),
    queryFn: () => unwrap(api.GET('/api/v1/vehicles', { params: { query: apiQuery(effective) } })),
    placeholderData: keepPreviousData,
  });

  const activeCount =
    filters.status.length +
    ['make', 'model', 'yearMin', 'yearMax', 'priceMin', 'priceMax', 'storeId'].filter((k) => filters[k as keyof Filters]).length;

  return (
    <>
      <PageHeader
        title={t('inventory.title')}
        actions={
          <>
            {can('vehicles.import') && (
              <Link
                to="/inventory/import"
                className="inline-flex h-10 items-center justify-center gap-2 rounded-md border border-slate-300 bg-white px-4 text-sm font-medium text-slate-800 hover:bg-slate-50 dark:border-slate-700 dark:bg-slate-900 dark:text-slate-100 dark:hover:bg-slate-800"
              >
                <Upload className="h-4 w-4" aria-hidden />
                {t('importer.link')}
              </Link>
            )}
            {can('vehicles.export') && <ExportMenu filters={effective} />}
            {can('vehicles.create') && (
              <Button onClick={() => navigate('/inventory/new')}>
                <Plus className="h-4 w-4" aria-hidden />
                {t('inventory.new')}
              </Button>
            )}
          </>
        }
      >
        {list.data
          ? list.data.totalExact
            ? t('inventory.count', { count: list.data.total, formatted: formatNumber(list.data.total) })
            : t('inventory.countAtLeast', { formatted: formatNumber(list.data.total) })
          : ' '}
      </PageHeader>

      <Card className="mb-4 p-4">
        <div className="flex flex-col gap-3 sm:flex-row sm:items-end">
          <div className="relative flex-1">
            <Search className="pointer-events-none absolute bottom-3 left-3 h-4 w-4 text-slate-500" aria-hidden />
            <Input
              label={t('inventory.search')}
              placeholder={t('inventory.searchPlaceholder')}
              type="search"
              value={q}
              onChange={(e) => setQ(e.target.value)}
              className="[&_input]:pl-9"
            />
          </div>
          <Select
            label={t('inventory.sort')}
            value={filters.sort}
            onChange={(e) => update({ sort: e.target.value })}
            options={SORTS.map((s) => ({ value: s, label: t(`inventory.sorts.${s}`) }))}
            className="sm:w-56"
          />
          <Button variant="secondary" onClick={() => setShowFilters((v) => !v)} aria-expanded={showFilters} aria-controls="inventory-filters">
            <SlidersHorizontal className="h-4 w-4" aria-hidden />
            {t('inventory.filters')}
            {activeCount > 0 && <Badge tone="blue">{activeCount}</Badge>}
          </Button>
        </div>
        <fieldset className="mt-3 flex flex-wrap gap-2">
          <legend className="sr-only">{t('inventory.status')}</legend>
          {STATUSES.map((s) => {
            const on = filters.status.includes(s);
            return (
              <button
                key={s}
                type="button"
                aria-pressed={on}
                onClick={() => update({ status: on ? filters.status.filter((x) => x !== s) : [...filters.status, s] })}
                className={
                  on
                    ? 'rounded-full border border-brand-600 bg-brand-600 px-3 py-1 text-xs font-medium text-white'
                    : 'rounded-full border border-slate-300 px-3 py-1 text-xs font-medium text-slate-700 hover:bg-slate-100 dark:border-slate-700 dark:text-slate-300 dark:hover:bg-slate-800'
                }
              >
                {t(`status.${s}`)}
              </button>
            );
          })}
        </fieldset>
        {showFilters && (
          <div id="inventory-filters" className="mt-4 grid gap-3 sm:grid-cols-2 lg:grid-cols-4">
            <Input label={t('vehicle.make')} defaultValue={filters.make} onBlur={(e) => update({ make: e.target.value })} />
            <Input label={t('vehicle.model')} defaultValue={filters.model} onBlur={(e) => update({ model: e.target.value })} />
            <div className="grid grid-cols-2 gap-2">
              <Input label={t('inventory.yearMin')} inputMode="numeric" defaultValue={filters.yearMin} onBlur={(e) => update({ yearMin: e.target.value })} />
              <Input label={t('inventory.yearMax')} inputMode="numeric" defaultValue={filters.yearMax} onBlur={(e) => update({ yearMax: e.target.value })} />
            </div>
            <div className="grid grid-cols-2 gap-2">
              <Input label={t('inventory.priceMin')} inputMode="numeric" defaultValue={filters.priceMin} onBlur={(e) => update({ priceMin: e.target.value })} />
              <Input label={t('inventory.priceMax')} inputMode="numeric" defaultValue={filters.priceMax} onBlur={(e) => update({ priceMax: e.target.value })} />
            </div>
            {stores.length > 1 && (
              <Select
                label={t('vehicle.store')}
                value={filters.storeId}
                onChange={(e) => update({ storeId: e.target.value })}
                placeholder={scopeStore ? t('inventory.storeFromSwitcher', { store: storeName(scopeStore) }) : t('stores.all')}
                options={stores.map((s) => ({ value: s.id, label: s.name }))}
              />
            )}
            <div className="flex items-end">
              <Button
                variant="ghost"
                onClick={() => {
                  setQ('');
                  setParams(new URLSearchParams(), { replace: true });
                }}
              >
                <X className="h-4 w-4" aria-hidden />
                {t('inventory.clear')}
              </Button>
            </div>
          </div>
        )}
      </Card>

      <Card aria-busy={list.isFetching}>
        {list.isError ? (
          <p role="alert" className="p-6 text-red-700">{t('errors.loadFailed')}</p>
        ) : !list.data ? (
          <div className="space-y-2 p-4">
            {Array.from({ length: 8 }, (_, i) => (
              <Skeleton key={i} className="h-10" />
            ))}
          </div>
        ) : list.data.items.length === 0 ? (
          <EmptyState title={t('inventory.emptyTitle')}>{t('inventory.emptyBody')}</EmptyState>
        ) : (
          <>
            <Table caption={t('inventory.title')} className="hidden md:block">
              <THead>
                <Th>{t('vehicle.stockNumber')}</Th>
                <Th>{t('vehicle.vehicle')}</Th>
                <Th>{t('vehicle.year')}</Th>
                <Th>{t('vehicle.placa')}</Th>
                <Th numeric>{t('vehicle.km')}</Th>
                <Th numeric>{t('vehicle.price')}</Th>
                <Th>{t('vehicle.status')}</Th>
                <Th numeric>{t('vehicle.daysInStock')}</Th>
              </THead>
              <tbody>
                {list.data.items.map((v) => (
                  <Tr key={v.id}>
                    <Td className="font-mono text-xs">{v.stockNumber}</Td>
                    <Td>
                      <Link to={`/inventory/${v.id}`} className="font-medium text-brand-700 hover:underline dark:text-brand-100">
                        {vehicleTitle(v)}
                      </Link>
                      {stores.length > 1 && <p className="text-xs text-slate-600 dark:text-slate-400">{storeName(v.storeId)}</p>}
                    </Td>
                    <Td className="tabular-nums">{v.year}/{v.modelYear}</Td>
                    <Td className="font-mono">{displayPlaca(v.placa)}</Td>
                    <Td numeric>{formatKm(v.mileageKm)}</Td>
                    <Td numeric>{formatMoney(v.priceCents)}</Td>
                    <Td><Badge tone={STATUS_TONE[v.status]}>{t(`status.${v.status}`)}</Badge></Td>
                    <Td numeric>{formatNumber(v.daysInStock)}</Td>
                  </Tr>
                ))}
              </tbody>
            </Table>
            <ul className="divide-y divide-slate-100 md:hidden dark:divide-slate-800">
              {list.data.items.map((v) => (
                <li key={v.id}>
                  <Link to={`/inventory/${v.id}`} className="block p-4 hover:bg-slate-50 dark:hover:bg-slate-800/50">
                    <div className="flex items-start justify-between gap-2">
                      <p className="font-medium">{vehicleTitle(v)}</p>
                      <Badge tone={STATUS_TONE[v.status]}>{t(`status.${v.status}`)}</Badge>
                    </div>
                    <p className="mt-1 text-sm text-slate-600 dark:text-slate-400">
                      {v.year}/{v.modelYear} · {formatKm(v.mileageKm)} · {displayPlaca(v.placa)}
                    </p>
                    <p className="mt-1 font-semibold tabular-nums">{formatMoney(v.priceCents)}</p>
                  </Link>
                </li>
              ))}
            </ul>
            <Pagination page={filters.page} pageSize={PAGE_SIZE} total={list.data.total} exact={list.data.totalExact} onPage={(page) => update({ page })} />
          </>
        )}
      </Card>
    </>
  );
}
