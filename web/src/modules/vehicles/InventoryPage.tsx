import { useEffect, useMemo, useState, type ReactNode } from 'react';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { DropdownMenu } from 'radix-ui';
import { ArrowDownUp, Check, Loader2, Plus, Search, SlidersHorizontal, Upload, X } from 'lucide-react';
import { api, unwrap } from '@/api/client';
import { useAuth } from '@/auth/AuthProvider';
import { useStoreScope } from '@/app/StoreScope';
import { usePageTitle } from '@/app/title';
import { formatKm, formatMoney, formatNumber } from '@/lib/format';
import { queryPhase } from '@/lib/queryPhase';
import { useMediaQuery } from '@/lib/useMediaQuery';
import { Badge } from '@/ui/Badge';
import { Mono } from '@/ui/Mono';
import { BottomSheet } from '@/ui/BottomSheet';
import { Button } from '@/ui/Button';
import { Card } from '@/ui/Card';
import { EmptyState } from '@/ui/EmptyState';
import { Pagination } from '@/ui/Pagination';
import { QueryView } from '@/ui/QueryView';
import { Skeleton } from '@/ui/Skeleton';
import { Table, Td, Th, THead, Tr } from '@/ui/Table';
import { cn } from '@/ui/cn';
import { ExportMenu } from './ExportMenu';
import {
  activeSheetFilters,
  apiQuery,
  EMPTY_SHEET,
  PAGE_SIZE,
  readFilters,
  SHEET_KEYS,
  SORTS,
  writeFilters,
  type Filters,
  type SheetFilters,
} from './filters';
import { vehicleKeys } from './keys';
import { displayPlaca, vehicleTitle, type Vehicle } from './labels';
import { StockFilters } from './StockFilters';
import { STATUSES, STATUS_TONE } from './status';
import { VehicleThumb } from './VehicleThumb';

const FILTERS_FORM = 'stock-filters';

export function InventoryPage() {
  const { t } = useTranslation();
  usePageTitle(t('inventory.title'));
  const { can } = useAuth();
  const navigate = useNavigate();
  const desktop = useMediaQuery('(min-width: 768px)');
  const [params, setParams] = useSearchParams();
  const { stores, storeId: scopeStore, storeName } = useStoreScope();
  const filters = useMemo(() => readFilters(params), [params]);
  // The store switcher applies when the URL names no store itself.
  const effective = useMemo<Filters>(() => ({ ...filters, storeId: filters.storeId || scopeStore || '' }), [filters, scopeStore]);
  const query = apiQuery(effective);
  const [sheetOpen, setSheetOpen] = useState(false);
  const [panelOpen, setPanelOpen] = useState(false);
  const [q, setQ] = useState(filters.q);
  useEffect(() => setQ(filters.q), [filters.q]);

  const update = (patch: Partial<Filters>) => {
    // Any change but paging goes back to the first page.
    setParams(writeFilters({ ...filters, page: 1, ...patch }), { replace: true });
  };

  // Search as the user types, once they pause (only the typed text restarts the pause).
  useEffect(() => {
    if (q === filters.q) return;
    const h = setTimeout(() => update({ q }), 300);
    return () => clearTimeout(h);
  }, [q]);

  const list = useQuery({
    queryKey: vehicleKeys.list(query),
    queryFn: () => unwrap(api.GET('/api/v1/vehicles', { params: { query } })),
    placeholderData: keepPreviousData,
  });
  const phase = queryPhase(list);

  const sheet: SheetFilters = Object.fromEntries(SHEET_KEYS.map((k) => [k, filters[k]])) as SheetFilters;
  const active = activeSheetFilters(sheet);
  const apply = (next: SheetFilters) => {
    update(next);
    setSheetOpen(false);
  };
  const clear = () => {
    update({ ...EMPTY_SHEET, status: [], scope: 'stock' });
    setSheetOpen(false);
  };
  const storePlaceholder = scopeStore ? t('inventory.storeFromSwitcher', { store: storeName(scopeStore) }) : t('stores.all');
  const form = (layout: 'sheet' | 'panel', actions?: ReactNode) => (
    <StockFilters
      key={writeFilters({ ...readFilters(new URLSearchParams()), ...sheet }).toString()}
      id={FILTERS_FORM}
      layout={layout}
      value={sheet}
      inStock={query.inStock}
      stores={stores}
      storePlaceholder={storePlaceholder}
      onApply={apply}
    >
      {actions}
    </StockFilters>
  );

  return (
    <>
      <div className="mb-3 flex items-start justify-between gap-3 md:mb-4">
        <div className="min-w-0">
          <h1 className="text-2xl font-semibold tracking-tight">{t('inventory.title')}</h1>
          <p className="mt-0.5 flex items-center gap-2 text-sm text-slate-600 dark:text-slate-400" aria-live="polite">
            {phase === 'ready' && list.data ? (
              list.data.totalExact ? (
                t('inventory.count', { count: list.data.total, formatted: formatNumber(list.data.total) })
              ) : (
                t('inventory.countAtLeast', { formatted: formatNumber(list.data.total) })
              )
            ) : phase === 'loading' || phase === 'refreshing' ? (
              <>
                <Loader2 className="h-4 w-4 animate-spin" aria-hidden />
                {t('common.loading')}
              </>
            ) : (
              ' '
            )}
          </p>
        </div>
        <div className="flex shrink-0 gap-2">
          {can('vehicles.import') && (
            <Link
              to="/inventory/import"
              aria-label={desktop ? undefined : t('importer.link')}
              className="inline-flex h-11 min-w-11 items-center justify-center gap-2 rounded-md border border-slate-300 bg-white px-3 text-sm font-medium text-slate-800 hover:bg-slate-50 md:h-10 md:px-4 dark:border-slate-700 dark:bg-slate-900 dark:text-slate-100 dark:hover:bg-slate-800"
            >
              <Upload className="h-4 w-4" aria-hidden />
              {desktop && t('importer.link')}
            </Link>
          )}
          {can('vehicles.export') && <ExportMenu filters={effective} compact={!desktop} />}
          {can('vehicles.create') && (
            <Button onClick={() => navigate('/inventory/new')} aria-label={desktop ? undefined : t('inventory.new')} className="h-11 min-w-11 px-3 md:h-10 md:px-4">
              <Plus className="h-4 w-4" aria-hidden />
              {desktop && t('inventory.new')}
            </Button>
          )}
        </div>
      </div>

      <div className="mb-3 flex items-center gap-2">
        <form
          role="search"
          className="relative min-w-0 flex-1"
          onSubmit={(e) => {
            e.preventDefault();
            if (q !== filters.q) update({ q });
          }}
        >
          <Search className="pointer-events-none absolute left-3 top-1/2 h-4 w-4 -translate-y-1/2 text-slate-500" aria-hidden />
          <input
            type="search"
            aria-label={t('inventory.search')}
            placeholder={desktop ? t('inventory.searchPlaceholder') : t('inventory.searchPlaceholderShort')}
            value={q}
            onChange={(e) => setQ(e.target.value)}
            enterKeyHint="search"
            className="block h-11 w-full rounded-md border border-slate-300 bg-white pl-9 pr-3 text-sm text-slate-900 shadow-sm placeholder:text-slate-500 focus:border-brand-600 focus:outline-none focus:ring-2 focus:ring-brand-600/30 md:h-10 dark:border-slate-700 dark:bg-slate-900 dark:text-slate-100 dark:placeholder:text-slate-400"
          />
        </form>
        <SortMenu value={filters.sort} onChange={(sort) => update({ sort })} compact={!desktop} />
        <Button
          variant="secondary"
          onClick={() => (desktop ? setPanelOpen((v) => !v) : setSheetOpen(true))}
          aria-expanded={desktop ? panelOpen : sheetOpen}
          aria-controls={desktop ? 'stock-filters-panel' : undefined}
          aria-haspopup={desktop ? undefined : 'dialog'}
          aria-label={desktop ? undefined : active ? t('inventory.filtersActive', { count: active }) : t('inventory.filters')}
          className={cn('h-11 min-w-11 px-3 md:h-10', active > 0 && 'border-brand-600')}
        >
          <SlidersHorizontal className="h-4 w-4" aria-hidden />
          {desktop && t('inventory.filters')}
          {active > 0 && (
            <span aria-hidden={!desktop || undefined}>
              <Badge tone="blue">{active}</Badge>
            </span>
          )}
        </Button>
      </div>

      <StatusChips filters={filters} onChange={update} />
      {active > 0 && <AppliedFilters sheet={sheet} storeName={storeName} onRemove={(patch) => update(patch)} onClear={clear} />}

      {desktop && panelOpen && (
        <Card id="stock-filters-panel" className="mb-3 p-3">
          {form(
            'panel',
            <div className="flex items-end justify-end gap-2 md:col-span-2 lg:col-span-3">
              <Button type="submit" className="min-w-32">
                {t('inventory.apply')}
              </Button>
              <Button variant="ghost" onClick={clear}>
                <X className="h-4 w-4" aria-hidden />
                {t('inventory.clear')}
              </Button>
            </div>,
          )}
        </Card>
      )}
      {!desktop && (
        <BottomSheet
          open={sheetOpen}
          onOpenChange={setSheetOpen}
          title={t('inventory.filters')}
          footer={
            <>
              <Button variant="secondary" onClick={clear} className="h-11 flex-1">
                {t('inventory.clear')}
              </Button>
              <Button type="submit" form={FILTERS_FORM} className="h-11 flex-[2]">
                {t('inventory.apply')}
              </Button>
            </>
          }
        >
          {form('sheet')}
        </BottomSheet>
      )}

      <Card>
        <QueryView
          query={list}
          skeleton={
            <div className="space-y-2 p-4">
              {Array.from({ length: 8 }, (_, i) => (
                <Skeleton key={i} className="h-12" />
              ))}
            </div>
          }
        >
          {(data) =>
            data.items.length === 0 ? (
              <EmptyState
                title={t('inventory.emptyTitle')}
                action={
                  active > 0 || filters.status.length > 0 || filters.q ? (
                    <Button variant="secondary" onClick={() => setParams(new URLSearchParams(), { replace: true })}>
                      {t('inventory.clear')}
                    </Button>
                  ) : undefined
                }
              >
                {t('inventory.emptyBody')}
              </EmptyState>
            ) : (
              <>
                {desktop ? (
                  <StockTable items={data.items} showStore={stores.length > 1} storeName={storeName} />
                ) : (
                  <StockCards items={data.items} showStore={stores.length > 1} storeName={storeName} />
                )}
                <Pagination page={filters.page} pageSize={PAGE_SIZE} total={data.total} exact={data.totalExact} onPage={(page) => update({ page })} />
              </>
            )
          }
        </QueryView>
      </Card>
    </>
  );
}

interface RowsProps {
  items: Vehicle[];
  showStore: boolean;
  storeName: (id: string) => string;
}

function StockTable({ items, showStore, storeName }: RowsProps) {
  const { t } = useTranslation();
  const th = 'whitespace-nowrap px-3 py-2';
  const td = 'px-3 py-1.5';
  return (
    <Table caption={t('inventory.title')}>
      <THead>
        <Th className={cn(th, 'w-16')}>
          <span className="sr-only">{t('inventory.photo')}</span>
        </Th>
        <Th className={th}>{t('vehicle.stockNumber')}</Th>
        <Th className={th}>{t('vehicle.vehicle')}</Th>
        <Th className={th}>{t('vehicle.year')}</Th>
        <Th className={th}>{t('vehicle.placa')}</Th>
        <Th numeric className={th}>
          {t('inventory.km')}
        </Th>
        <Th numeric className={th}>
          {t('vehicle.price')}
        </Th>
        <Th className={th}>{t('vehicle.status')}</Th>
        <Th numeric className={th}>
          {t('inventory.daysInStock')}
        </Th>
      </THead>
      <tbody>
        {items.map((v) => (
          <Tr key={v.id}>
            <Td className={cn(td, 'py-1')}>
              <VehicleThumb vehicleId={v.id} photoId={v.coverPhotoId} className="w-12" />
            </Td>
            <Td className={cn(td, 'whitespace-nowrap font-mono text-xs')}>{v.stockNumber}</Td>
            <Td className={td}>
              <Link to={`/inventory/${v.id}`} className="font-medium text-brand-700 hover:underline dark:text-brand-100">
                {vehicleTitle(v)}
              </Link>
              {showStore && <p className="text-xs text-slate-600 dark:text-slate-400">{storeName(v.storeId)}</p>}
            </Td>
            <Td className={cn(td, 'whitespace-nowrap tabular-nums')}>
              {v.year}/{v.modelYear}
            </Td>
            <Td className={cn(td, 'whitespace-nowrap')}>
              <Mono>{displayPlaca(v.placa)}</Mono>
            </Td>
            <Td numeric className={cn(td, 'whitespace-nowrap')}>
              {formatKm(v.mileageKm)}
            </Td>
            <Td numeric className={cn(td, 'whitespace-nowrap')}>
              {formatMoney(v.priceCents)}
            </Td>
            <Td className={cn(td, 'whitespace-nowrap')}>
              <Badge tone={STATUS_TONE[v.status]}>{t(`status.${v.status}`)}</Badge>
            </Td>
            <Td numeric className={td}>
              {formatNumber(v.daysInStock)}
            </Td>
          </Tr>
        ))}
      </tbody>
    </Table>
  );
}

function StockCards({ items, showStore, storeName }: RowsProps) {
  const { t } = useTranslation();
  return (
    <ul className="divide-y divide-slate-100 dark:divide-slate-800">
      {items.map((v) => (
        <li key={v.id}>
          <Link to={`/inventory/${v.id}`} className="flex gap-3 p-3 hover:bg-slate-50 dark:hover:bg-slate-800/50">
            <VehicleThumb vehicleId={v.id} photoId={v.coverPhotoId} className="w-24 self-start" />
            <div className="min-w-0 flex-1">
              <p className="line-clamp-2 font-medium leading-snug">{vehicleTitle(v)}</p>
              <p className="mt-0.5 text-sm text-slate-600 dark:text-slate-400">
                {v.year}/{v.modelYear} · {formatKm(v.mileageKm)}
                {/* No placa yet (a car in transit): left out, not a dash. */}
                {v.placa && (
                  <>
                    {' · '}
                    <span className="font-mono">{displayPlaca(v.placa)}</span>
                  </>
                )}
              </p>
              <div className="mt-1 flex flex-wrap items-center gap-x-2 gap-y-1">
                <span className="font-semibold tabular-nums">{formatMoney(v.priceCents)}</span>
                <Badge tone={STATUS_TONE[v.status]}>{t(`status.${v.status}`)}</Badge>
                <span className="text-xs text-slate-600 dark:text-slate-400">{t('inventory.days', { count: v.daysInStock })}</span>
              </div>
              {showStore && <p className="mt-0.5 truncate text-xs text-slate-600 dark:text-slate-400">{storeName(v.storeId)}</p>}
            </div>
          </Link>
        </li>
      ))}
    </ul>
  );
}

/** "Em estoque" (the default), "Todos", or any set of statuses. */
function StatusChips({ filters, onChange }: { filters: Filters; onChange: (patch: Partial<Filters>) => void }) {
  const { t } = useTranslation();
  const none = filters.status.length === 0;
  const chip = (on: boolean) =>
    cn(
      'inline-flex h-11 shrink-0 items-center whitespace-nowrap rounded-full border px-4 text-sm font-medium md:h-8 md:px-3 md:text-xs',
      on
        ? 'border-brand-600 bg-brand-600 text-white'
        : 'border-slate-300 bg-white text-slate-700 hover:bg-slate-100 dark:border-slate-700 dark:bg-slate-900 dark:text-slate-300 dark:hover:bg-slate-800',
    );
  return (
    <div
      role="group"
      aria-label={t('inventory.status')}
      className="-mx-4 mb-3 flex gap-2 overflow-x-auto px-4 pb-1 sm:-mx-6 sm:px-6 md:mx-0 md:flex-wrap md:overflow-visible md:px-0"
    >
      <button type="button" aria-pressed={none && filters.scope === 'stock'} onClick={() => onChange({ status: [], scope: 'stock' })} className={chip(none && filters.scope === 'stock')}>
        {t('inventory.inStock')}
      </button>
      <button type="button" aria-pressed={none && filters.scope === 'all'} onClick={() => onChange({ status: [], scope: 'all' })} className={chip(none && filters.scope === 'all')}>
        {t('inventory.all')}
      </button>
      <span className="mx-1 w-px shrink-0 self-stretch bg-slate-200 dark:bg-slate-700" aria-hidden />
      {STATUSES.map((s) => {
        const on = filters.status.includes(s);
        return (
          <button
            key={s}
            type="button"
            aria-pressed={on}
            onClick={() => onChange({ status: on ? filters.status.filter((x) => x !== s) : [...filters.status, s] })}
            className={chip(on)}
          >
            {t(`status.${s}`)}
          </button>
        );
      })}
    </div>
  );
}

/** The sheet's filters in force, each removable on its own. */
function AppliedFilters({
  sheet,
  storeName,
  onRemove,
  onClear,
}: {
  sheet: SheetFilters;
  storeName: (id: string) => string;
  onRemove: (patch: Partial<SheetFilters>) => void;
  onClear: () => void;
}) {
  const { t } = useTranslation();
  const range = (min: string, max: string, fmt: (v: string) => string) =>
    min && max ? `${fmt(min)} – ${fmt(max)}` : min ? t('inventory.from', { value: fmt(min) }) : t('inventory.upTo', { value: fmt(max) });
  const items: Array<{ key: string; label: string; patch: Partial<SheetFilters> }> = [];
  if (sheet.make) items.push({ key: 'make', label: sheet.make, patch: { make: '', model: '' } });
  if (sheet.model) items.push({ key: 'model', label: sheet.model, patch: { model: '' } });
  if (sheet.yearMin || sheet.yearMax) items.push({ key: 'year', label: `${t('vehicle.year')} ${range(sheet.yearMin, sheet.yearMax, (v) => v)}`, patch: { yearMin: '', yearMax: '' } });
  if (sheet.priceMin !== null || sheet.priceMax !== null) {
    items.push({
      key: 'price',
      label: `${t('inventory.price')} ${range(sheet.priceMin === null ? '' : String(sheet.priceMin), sheet.priceMax === null ? '' : String(sheet.priceMax), (v) => formatMoney(Number(v)))}`,
      patch: { priceMin: null, priceMax: null },
    });
  }
  if (sheet.daysMin || sheet.daysMax) {
    items.push({
      key: 'days',
      label: `${t('inventory.daysInStock')} ${range(sheet.daysMin, sheet.daysMax, (v) => t('inventory.daysShort', { count: Number(v) }))}`,
      patch: { daysMin: '', daysMax: '' },
    });
  }
  if (sheet.storeId) items.push({ key: 'store', label: storeName(sheet.storeId), patch: { storeId: '' } });
  return (
    <ul aria-label={t('inventory.applied')} className="-mx-4 mb-3 flex gap-2 overflow-x-auto px-4 pb-1 sm:-mx-6 sm:px-6 md:mx-0 md:flex-wrap md:px-0">
      {items.map((i) => (
        <li key={i.key} className="shrink-0">
          <button
            type="button"
            onClick={() => onRemove(i.patch)}
            aria-label={t('inventory.removeFilter', { filter: i.label })}
            className="inline-flex h-11 items-center gap-1 whitespace-nowrap rounded-full bg-brand-600/10 pl-3 pr-2 text-sm font-medium text-brand-700 hover:bg-brand-600/20 md:h-8 dark:text-brand-100"
          >
            {i.label}
            <X className="h-4 w-4" aria-hidden />
          </button>
        </li>
      ))}
      {items.length > 1 && (
        <li className="shrink-0">
          <button type="button" onClick={onClear} className="inline-flex h-11 items-center whitespace-nowrap px-2 text-sm font-medium text-slate-700 underline md:h-8 dark:text-slate-300">
            {t('inventory.clear')}
          </button>
        </li>
      )}
    </ul>
  );
}

function SortMenu({ value, onChange, compact }: { value: string; onChange: (sort: string) => void; compact: boolean }) {
  const { t } = useTranslation();
  const current = t(`inventory.sorts.${value}`);
  return (
    <DropdownMenu.Root>
      <DropdownMenu.Trigger
        aria-label={t('inventory.sortBy', { sort: current })}
        className="inline-flex h-11 min-w-11 shrink-0 items-center justify-center gap-2 rounded-md border border-slate-300 bg-white px-3 text-sm font-medium text-slate-800 hover:bg-slate-50 focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-brand-600 md:h-10 dark:border-slate-700 dark:bg-slate-900 dark:text-slate-100 dark:hover:bg-slate-800"
      >
        <ArrowDownUp className="h-4 w-4" aria-hidden />
        {!compact && <span className="whitespace-nowrap">{current}</span>}
      </DropdownMenu.Trigger>
      <DropdownMenu.Portal>
        <DropdownMenu.Content
          align="end"
          sideOffset={6}
          className="z-50 min-w-60 rounded-md border border-slate-200 bg-white p-1 shadow-lg dark:border-slate-800 dark:bg-slate-900"
        >
          <DropdownMenu.Label className="px-2 py-1.5 text-xs text-slate-600 dark:text-slate-400">{t('inventory.sort')}</DropdownMenu.Label>
          <DropdownMenu.RadioGroup value={value} onValueChange={onChange}>
            {SORTS.map((s) => (
              <DropdownMenu.RadioItem
                key={s}
                value={s}
                className="flex min-h-11 cursor-pointer items-center gap-2 rounded px-2 text-sm outline-none data-[highlighted]:bg-slate-100 md:min-h-9 dark:data-[highlighted]:bg-slate-800"
              >
                <span className="flex w-4 justify-center">
                  <DropdownMenu.ItemIndicator>
                    <Check className="h-4 w-4" aria-hidden />
                  </DropdownMenu.ItemIndicator>
                </span>
                {t(`inventory.sorts.${s}`)}
              </DropdownMenu.RadioItem>
            ))}
          </DropdownMenu.RadioGroup>
        </DropdownMenu.Content>
      </DropdownMenu.Portal>
    </DropdownMenu.Root>
  );
}
