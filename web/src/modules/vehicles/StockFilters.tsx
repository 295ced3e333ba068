import { useState, type FormEvent, type ReactNode } from 'react';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { maskDigits } from '@/lib/masks';
import { useDebounced } from '@/lib/useDebounced';
import { Combobox } from '@/ui/Combobox';
import { Input, Select } from '@/ui/Field';
import { MoneyInput } from '@/ui/MoneyInput';
import { cn } from '@/ui/cn';
import type { SheetFilters } from './filters';
import { vehicleKeys } from './keys';
import { loadMakes, loadModels, type Suggestion } from './suggestions';

interface StockFiltersProps {
  /** The form's id, for an "Aplicar" button outside it (the sheet's footer). */
  id: string;
  /** The filters in force: the form starts from them. */
  value: SheetFilters;
  /** Suggestions come from the same vehicles the list shows (the stock, or every vehicle). */
  inStock: boolean | undefined;
  stores: Array<{ id: string; name: string }>;
  /** The store choice's empty option: "all stores" or the switcher's store. */
  storePlaceholder: string;
  onApply: (next: SheetFilters) => void;
  layout: 'sheet' | 'panel';
  className?: string;
  /** Buttons inside the form, after the fields (the desktop panel's "Aplicar" and "Limpar"). */
  children?: ReactNode;
}

/**
 * The stock list's filters as a form: nothing changes the list until "Aplicar" (or Enter in any
 * field). Make and model suggest the tenant's own makes and models as they are typed; typed text
 * that is not a suggestion filters too (the API matches it forgivingly).
 */
export function StockFilters({ id, value, inStock, stores, storePlaceholder, onApply, layout, className, children }: StockFiltersProps) {
  const { t } = useTranslation();
  const [draft, setDraft] = useState<SheetFilters>(value);
  const set = (patch: Partial<SheetFilters>) => setDraft((d) => ({ ...d, ...patch }));

  const makeQ = useDebounced(draft.make, 150);
  const modelQ = useDebounced(draft.model, 150);
  const makes = useQuery({
    queryKey: vehicleKeys.makes(makeQ, inStock),
    queryFn: () => loadMakes(makeQ, inStock),
    placeholderData: keepPreviousData,
    staleTime: 60_000,
    retry: false,
  });
  const models = useQuery({
    queryKey: vehicleKeys.models(draft.make, modelQ, inStock),
    queryFn: () => loadModels(draft.make, modelQ, inStock),
    placeholderData: keepPreviousData,
    staleTime: 60_000,
    retry: false,
  });
  const options = (list: Suggestion[] | undefined) =>
    (list ?? []).map((s) => ({ value: s.value, hint: t('inventory.vehicles', { count: s.vehicles }) }));

  const submit = (e: FormEvent) => {
    e.preventDefault();
    onApply(draft);
  };

  const sheet = layout === 'sheet';
  return (
    <form id={id} role="search" aria-label={t('inventory.filters')} onSubmit={submit} className={cn(sheet ? 'space-y-4' : 'grid gap-x-4 gap-y-2 md:grid-cols-2 lg:grid-cols-3', className)}>
      <Combobox
        label={t('vehicle.make')}
        value={draft.make}
        onChange={(make) => set(make !== draft.make && draft.model && !make.startsWith(draft.make) ? { make, model: '' } : { make })}
        options={options(makes.data)}
        loading={makes.isFetching}
        placeholder={t('inventory.makePlaceholder')}
      />
      <Combobox
        label={t('vehicle.model')}
        value={draft.model}
        onChange={(model) => set({ model })}
        options={options(models.data)}
        loading={models.isFetching}
        placeholder={t('inventory.modelPlaceholder')}
      />
      {stores.length > 1 && (
        <Select
          label={t('vehicle.store')}
          value={draft.storeId}
          onChange={(e) => set({ storeId: e.target.value })}
          placeholder={storePlaceholder}
          options={stores.map((s) => ({ value: s.id, label: s.name }))}
        />
      )}
      <Pair>
        <Input
          label={t('inventory.yearMin')}
          inputMode="numeric"
          value={draft.yearMin}
          onChange={(e) => set({ yearMin: maskDigits(e.target.value, 4) })}
          className={field}
        />
        <Input
          label={t('inventory.yearMax')}
          inputMode="numeric"
          value={draft.yearMax}
          onChange={(e) => set({ yearMax: maskDigits(e.target.value, 4) })}
          className={field}
        />
      </Pair>
      <Pair>
        <MoneyInput label={t('inventory.priceMin')} value={draft.priceMin} onChange={(priceMin) => set({ priceMin })} className={field} />
        <MoneyInput label={t('inventory.priceMax')} value={draft.priceMax} onChange={(priceMax) => set({ priceMax })} className={field} />
      </Pair>
      <Pair>
        <Input
          label={t('inventory.daysMin')}
          inputMode="numeric"
          value={draft.daysMin}
          onChange={(e) => set({ daysMin: maskDigits(e.target.value, 4) })}
          className={field}
        />
        <Input
          label={t('inventory.daysMax')}
          inputMode="numeric"
          value={draft.daysMax}
          onChange={(e) => set({ daysMax: maskDigits(e.target.value, 4) })}
          className={field}
        />
      </Pair>
      {children ?? (
        // Enter in a field submits through a button of the form's own (the sheet's "Aplicar" sits outside it).
        <button type="submit" className="sr-only" tabIndex={-1} aria-hidden>
          {t('inventory.apply')}
        </button>
      )}
    </form>
  );
}

// Side by side in a pair, a field may shrink (its control is 44 px tall on a phone, as every field's).
const field = 'min-w-0';

function Pair({ children }: { children: ReactNode }) {
  return <div className="grid grid-cols-2 gap-2">{children}</div>;
}
