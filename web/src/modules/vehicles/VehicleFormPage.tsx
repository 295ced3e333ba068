import { useEffect, useMemo, useState } from 'react';
import { useForm } from 'react-hook-form';
import { zodResolver } from '@hookform/resolvers/zod';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useNavigate, useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { AlertTriangle, ArrowLeft } from 'lucide-react';
import { api, ifMatch, unwrap } from '@/api/client';
import { isApiError } from '@/api/problem';
import { useAuth } from '@/auth/AuthProvider';
import { useStoreScope } from '@/app/StoreScope';
import { usePageTitle } from '@/app/title';
import { problemText } from '@/i18n/problems';
import { dateIn, todayIn } from '@/lib/businessDate';
import { applyServerErrors, fieldError } from '@/lib/forms';
import { maskDigits, maskKm, maskPlaca } from '@/lib/masks';
import { pointerToPath } from '@/api/problem';
import { useUnsavedChanges } from '@/lib/useUnsavedChanges';
import { Button } from '@/ui/Button';
import { Card, PageHeader } from '@/ui/Card';
import { Input, Select, TextArea } from '@/ui/Field';
import { LoadError } from '@/ui/EmptyState';
import { Skeleton } from '@/ui/Skeleton';
import { useToast } from '@/ui/Toast';
import { UnsavedChangesDialog } from '@/ui/UnsavedChangesDialog';
import { ConflictNotice } from './ConflictNotice';
import { MoneyField } from './MoneyField';
import { vehicleKeys } from './keys';
import { CONDITIONS, FUELS, ORIGINS, TRANSMISSIONS, vehicleTitle, type Vehicle } from './labels';
import { useStoreTimeZone } from './storeTime';
import { emptyForm, formFromVehicle, SERVER_FIELDS, toBody, vehicleSchema, vinYearMismatch, type VehicleForm } from './vehicleForm';

export function VehicleFormPage() {
  const { id } = useParams();
  const { t } = useTranslation();
  const existing = useQuery({
    queryKey: vehicleKeys.detail(id ?? ''),
    queryFn: () => unwrap(api.GET('/api/v1/vehicles/{id}', { params: { path: { id: id ?? '' } } })),
    enabled: Boolean(id),
  });
  usePageTitle(
    !id ? t('vehicle.newTitle') : existing.isError ? t('vehicle.notFound') : existing.data && t('vehicle.editTitle', { stock: existing.data.stockNumber }),
    t('inventory.title'),
  );
  if (id && !existing.data) {
    return existing.isError ? (
      <LoadError
        error={existing.error}
        notFoundTitle={t('vehicle.notFound')}
        onRetry={() => void existing.refetch()}
        back={<Link to="/inventory" className="text-brand-700 underline dark:text-brand-100">{t('inventory.back')}</Link>}
      />
    ) : (
      <Skeleton className="h-96" />
    );
  }
  return <VehicleFormScreen key={existing.data ? `${existing.data.id}:${existing.data.version}` : 'new'} vehicle={existing.data} onReload={() => void existing.refetch()} />;
}

function VehicleFormScreen({ vehicle, onReload }: { vehicle: Vehicle | undefined; onReload: () => void }) {
  const { t } = useTranslation();
  const { can } = useAuth();
  const { stores, storeId } = useStoreScope();
  const navigate = useNavigate();
  const qc = useQueryClient();
  const toast = useToast();
  const thisYear = new Date().getFullYear();
  const schema = useMemo(() => vehicleSchema(thisYear), [thisYear]);
  const [conflict, setConflict] = useState(false);
  const activeStores = stores.filter((s) => s.active || s.id === vehicle?.storeId);
  const initialStore = vehicle?.storeId ?? storeId ?? (activeStores.length === 1 ? activeStores[0]!.id : '');
  const initialZone = useStoreTimeZone(initialStore);

  // Computed once per vehicle version: stores loading later must not wipe what the user typed.
  const defaults = useMemo(
    () => (vehicle ? formFromVehicle(vehicle, initialZone) : emptyForm(initialStore, thisYear, todayIn(initialZone))),
    [vehicle],
  );
  const { register, control, handleSubmit, setError, formState, reset, resetField, getValues, setValue, getFieldState, watch } = useForm<VehicleForm>({
    resolver: zodResolver(schema),
    defaultValues: defaults,
    // A mistake shows when the user leaves the field, not only on saving.
    mode: 'onTouched',
  });
  useEffect(() => {
    if (!vehicle && !getValues('storeId') && activeStores.length === 1) setValue('storeId', activeStores[0]!.id);
  }, [activeStores, vehicle, getValues, setValue]);

  // Business dates are the store's: its zone decides "today" and reads the saved entry instant.
  const timeZone = useStoreTimeZone(watch('storeId'));
  const today = todayIn(timeZone);
  useEffect(() => {
    if (getFieldState('enteredAt').isDirty) return;
    resetField('enteredAt', { defaultValue: vehicle ? dateIn(vehicle.enteredAt, timeZone) : today });
  }, [timeZone, today]);

  const unsaved = useUnsavedChanges(formState.isDirty);
  const yearFromVin = vinYearMismatch({ vin: watch('vin'), modelYear: watch('modelYear') }, thisYear, vehicle);
  // The asking price of a car in stock is changed by those allowed to (a new car gets its first).
  const priceLocked = Boolean(vehicle) && !can('vehicles.change_price');

  const save = useMutation({
    mutationFn: async (f: VehicleForm): Promise<Vehicle> => {
      if (!vehicle) {
        const body = toBody(f, undefined, timeZone) as Record<string, unknown>;
        if (!can('vehicles.view_cost')) delete body.costCents;
        if (!can('vehicles.view_minimum_price')) delete body.minPriceCents;
        return unwrap(api.POST('/api/v1/vehicles', { body: body as never }));
      }
      const dirty = new Set(Object.keys(formState.dirtyFields));
      return unwrap(
        api.PATCH('/api/v1/vehicles/{id}', {
          params: { path: { id: vehicle.id }, header: ifMatch(vehicle.version) },
          body: toBody(f, dirty, timeZone) as never,
        }),
      );
    },
    onSuccess: (v) => {
      qc.setQueryData(vehicleKeys.detail(v.id), v);
      // Its price and status histories changed with it.
      void qc.invalidateQueries({ queryKey: vehicleKeys.prices(v.id) });
      void qc.invalidateQueries({ queryKey: vehicleKeys.statuses(v.id) });
      void qc.invalidateQueries({ queryKey: vehicleKeys.lists() });
      void qc.invalidateQueries({ queryKey: vehicleKeys.reports() });
      toast.success(vehicle ? t('vehicle.saved') : t('vehicle.created', { stock: v.stockNumber }));
      unsaved.release();
      navigate(`/inventory/${v.id}`);
    },
    onError: (e) => {
      if (isApiError(e) && e.status === 412) {
        setConflict(true);
        return;
      }
      // Server pointers name API fields (`/priceCents`); the form names them its own way.
      const mapped = isApiError(e)
        ? Object.assign(Object.create(Object.getPrototypeOf(e)), e, {
            fieldErrors: e.fieldErrors.map((fe) => {
              const top = pointerToPath(fe.pointer).split('.')[0] ?? '';
              const form = SERVER_FIELDS[top];
              return form ? { ...fe, pointer: `/${form}` } : fe;
            }),
          })
        : e;
      const rest = applyServerErrors(mapped, setError, Object.values(SERVER_FIELDS));
      if (rest) toast.error(t('errors.saveFailed'), problemText(t, rest));
    },
  });

  const err = (name: keyof VehicleForm) => fieldError(t, formState.errors[name]?.message);
  const opts = (values: readonly string[], ns: string) => values.map((v) => ({ value: v, label: t(`${ns}.${v}`) }));

  return (
    <>
      <Link
        to={vehicle ? `/inventory/${vehicle.id}` : '/inventory'}
        className="mb-4 inline-flex items-center gap-1 text-sm text-slate-700 hover:underline dark:text-slate-300"
      >
        <ArrowLeft className="h-4 w-4" aria-hidden />
        {vehicle ? vehicleTitle(vehicle) : t('inventory.back')}
      </Link>
      <PageHeader title={vehicle ? t('vehicle.editTitle', { stock: vehicle.stockNumber }) : t('vehicle.newTitle')} />
      {conflict && (
        <ConflictNotice
          onReload={() => {
            setConflict(false);
            onReload();
          }}
        />
      )}
      <form onSubmit={handleSubmit((f) => save.mutate(f))} noValidate className="space-y-6">
        <Card className="p-5">
          <h2 className="mb-4 font-semibold">{t('vehicle.identification')}</h2>
          <div className="grid gap-4 sm:grid-cols-2 lg:grid-cols-3">
            <Select
              label={t('vehicle.store')}
              placeholder={t('common.choose')}
              options={activeStores.map((s) => ({ value: s.id, label: s.name }))}
              error={err('storeId')}
              {...register('storeId')}
            />
            <Input label={t('vehicle.placa')} mask={maskPlaca} autoCapitalize="characters" placeholder="ABC1D23" hint={t('vehicle.placaHint')} error={err('placa')} {...register('placa')} />
            <Input label={t('vehicle.vin')} autoCapitalize="characters" maxLength={17} className="[&_input]:font-mono" error={err('vin')} {...register('vin')} />
            <Input label={t('vehicle.renavam')} inputMode="numeric" mask={(v) => maskDigits(v, 11)} error={err('renavam')} {...register('renavam')} />
            <Input label={t('vehicle.make')} error={err('make')} {...register('make')} />
            <Input label={t('vehicle.model')} error={err('model')} {...register('model')} />
            <Input label={t('vehicle.trim')} error={err('trim')} {...register('trim')} />
            <div className="grid grid-cols-2 gap-2">
              <Input label={t('vehicle.yearMade')} inputMode="numeric" mask={(v) => maskDigits(v, 4)} error={err('year')} {...register('year')} />
              <Input label={t('vehicle.modelYear')} inputMode="numeric" mask={(v) => maskDigits(v, 4)} error={err('modelYear')} {...register('modelYear')} />
              {yearFromVin !== null && (
                <p role="status" className="col-span-2 flex items-start gap-1 text-xs text-amber-800 dark:text-amber-300">
                  <AlertTriangle className="mt-0.5 h-3.5 w-3.5 shrink-0" aria-hidden />
                  {t('form.vinYearMismatch', { year: yearFromVin })}
                </p>
              )}
            </div>
            <Input label={t('form.kmLabel')} inputMode="numeric" mask={maskKm} placeholder="0" error={err('mileageKm')} {...register('mileageKm')} />
            <Select label={t('vehicle.condition')} options={opts(CONDITIONS, 'condition')} error={err('condition')} {...register('condition')} />
            <Select label={t('vehicle.origin')} options={opts(ORIGINS, 'origin')} error={err('origin')} {...register('origin')} />
            {!vehicle && (
              <Select
                label={t('vehicle.initialStatus')}
                options={opts(['available', 'in_preparation', 'in_transit'], 'status')}
                error={err('status')}
                {...register('status')}
              />
            )}
          </div>
        </Card>

        <Card className="p-5">
          <h2 className="mb-4 font-semibold">{t('vehicle.specs')}</h2>
          <div className="grid gap-4 sm:grid-cols-2 lg:grid-cols-3">
            <Select label={t('vehicle.fuel')} options={opts(FUELS, 'fuel')} error={err('fuel')} {...register('fuel')} />
            <Select label={t('vehicle.transmission')} options={opts(TRANSMISSIONS, 'transmission')} error={err('transmission')} {...register('transmission')} />
            <Input label={t('vehicle.doors')} inputMode="numeric" mask={(v) => maskDigits(v, 1)} error={err('doors')} {...register('doors')} />
            <Input label={t('vehicle.color')} error={err('color')} {...register('color')} />
            <Input label={t('vehicle.interiorColor')} error={err('interiorColor')} {...register('interiorColor')} />
            <Input label={t('vehicle.keysCount')} inputMode="numeric" mask={(v) => maskDigits(v, 2)} error={err('keysCount')} {...register('keysCount')} />
            <Input label={t('vehicle.lotLocation')} error={err('lotLocation')} {...register('lotLocation')} />
            <Input label={t('vehicle.enteredAt')} type="date" max={today} error={err('enteredAt')} {...register('enteredAt')} />
          </div>
          <div className="mt-4 grid gap-4 lg:grid-cols-2">
            <TextArea label={t('vehicle.optionsHint')} error={err('options')} {...register('options')} />
            <TextArea label={t('vehicle.description')} error={err('description')} {...register('description')} />
          </div>
        </Card>

        <Card className="p-5">
          <h2 className="mb-4 font-semibold">{t('vehicle.money')}</h2>
          <div className="grid gap-4 sm:grid-cols-2 lg:grid-cols-3">
            <MoneyField
              control={control}
              name="price"
              label={t('vehicle.priceBRL')}
              readOnly={priceLocked}
              className={priceLocked ? '[&_input]:bg-slate-100 dark:[&_input]:bg-slate-800' : undefined}
              hint={priceLocked ? t('form.priceLocked') : undefined}
              error={err('price')}
            />
            {can('vehicles.view_minimum_price') && (
              <MoneyField control={control} name="minPrice" label={t('vehicle.minPriceBRL')} error={err('minPrice')} />
            )}
            {can('vehicles.view_cost') && <MoneyField control={control} name="cost" label={t('vehicle.costBRL')} error={err('cost')} />}
            <Input label={t('vehicle.fipeCode')} placeholder="005340-6" error={err('fipeCode')} {...register('fipeCode')} />
            <MoneyField control={control} name="fipeValue" label={t('vehicle.fipeValueBRL')} error={err('fipeValue')} />
            <Input label={t('vehicle.fipeReferenceMonth')} type="month" error={err('fipeReferenceMonth')} {...register('fipeReferenceMonth')} />
          </div>
        </Card>

        <div className="flex flex-wrap justify-end gap-2">
          <Button
            variant="secondary"
            onClick={() => {
              if (vehicle) return reset(defaults);
              // Cancelling is choosing to leave: no question about it.
              unsaved.release();
              navigate('/inventory');
            }}
          >
            {vehicle ? t('common.discard') : t('common.cancel')}
          </Button>
          <Button type="submit" loading={save.isPending}>
            {vehicle ? t('common.save') : t('vehicle.create')}
          </Button>
        </div>
      </form>
      <UnsavedChangesDialog blocker={unsaved.blocker} />
    </>
  );
}
