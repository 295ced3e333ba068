import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { zodResolver } from '@hookform/resolvers/zod';
import { z } from 'zod';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { Car, Plus, Trash2 } from 'lucide-react';
import { api, unwrap } from '@/api/client';
import { problemText } from '@/i18n/problems';
import { formatDate } from '@/lib/format';
import { applyServerErrors, code, fieldError } from '@/lib/forms';
import { maskDigits, maskPlaca } from '@/lib/masks';
import { checkPlaca, checkVin, normalisePlaca, type Code } from '@/lib/validators';
import { Button } from '@/ui/Button';
import { Card } from '@/ui/Card';
import { Dialog } from '@/ui/Dialog';
import { Input } from '@/ui/Field';
import { QueryView } from '@/ui/QueryView';
import { Skeleton } from '@/ui/Skeleton';
import { useToast } from '@/ui/Toast';
import { displayPlaca } from '@/modules/vehicles/labels';
import { vehicleKeys } from '@/modules/vehicles/keys';
import { customerKeys } from './keys';
import type { OwnedVehicle } from './labels';

const identifier = (check: (v: string) => Code | null) =>
  z.string().superRefine((v, ctx) => {
    const fault = v.trim() ? check(v) : null;
    if (fault) ctx.addIssue({ code: 'custom', message: fault });
  });
const thisYear = new Date().getFullYear();
const year = z.string().refine((v) => /^\d{4}$/.test(v) && Number(v) >= 1950 && Number(v) <= thisYear + 1, code('vehicles.invalid_year'));
const schema = z
  .object({
    placa: identifier(checkPlaca),
    vin: identifier(checkVin),
    make: z.string().trim().min(1, code('validation.required')).max(60, code('field.too_long')),
    model: z.string().trim().min(1, code('validation.required')).max(60, code('field.too_long')),
    year,
    modelYear: z.string().refine((v) => !v || /^\d{4}$/.test(v), code('vehicles.invalid_year')),
    color: z.string().max(40, code('field.too_long')),
  })
  .superRefine((f, ctx) => {
    // A customer's car is found again by its placa or its VIN: one of them is needed.
    if (!f.placa.trim() && !f.vin.trim()) ctx.addIssue({ code: 'custom', path: ['placa'], message: code('vehicles.identifier_required') });
  });
type Form = z.infer<typeof schema>;

const vehicleName = (v: OwnedVehicle) => [v.make, v.model, v.trim].filter(Boolean).join(' ');

/** The cars a customer owns: the inventory's records (sold here, or registered by the desk). */
export function OwnedVehiclesCard({ customerId, canEdit, canOpen }: { customerId: string; canEdit: boolean; canOpen: boolean }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const toast = useToast();
  const [adding, setAdding] = useState(false);
  const [removing, setRemoving] = useState<OwnedVehicle | null>(null);
  const vehicles = useQuery({
    queryKey: customerKeys.vehicles(customerId),
    queryFn: () => unwrap(api.GET('/api/v1/customers/{id}/vehicles', { params: { path: { id: customerId } } })),
  });
  const remove = useMutation({
    mutationFn: (vehicleId: string) =>
      unwrap(api.DELETE('/api/v1/customers/{id}/vehicles/{vehicle_id}', { params: { path: { id: customerId, vehicle_id: vehicleId } } })),
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: customerKeys.vehicles(customerId) });
      void qc.invalidateQueries({ queryKey: vehicleKeys.all });
      toast.success(t('customers.vehicles.removed'));
      setRemoving(null);
    },
    onError: (e) => {
      setRemoving(null);
      toast.error(t('errors.saveFailed'), problemText(t, e));
    },
  });
  return (
    <Card className="p-5">
      <div className="mb-4 flex flex-wrap items-center justify-between gap-2">
        <h2 className="font-semibold">{t('customers.vehicles.title')}</h2>
        {canEdit && (
          <Button variant="secondary" size="sm" onClick={() => setAdding(true)}>
            <Plus className="h-4 w-4" aria-hidden />
            {t('customers.vehicles.add')}
          </Button>
        )}
      </div>
      <QueryView query={vehicles} compact skeleton={<Skeleton className="h-16" />}>
        {(data) =>
          data.items.length === 0 ? (
            <p className="text-sm text-slate-600 dark:text-slate-400">{t('customers.vehicles.none')}</p>
          ) : (
            <ul className="divide-y divide-slate-100 dark:divide-slate-800">
              {data.items.map((v) => (
                <li key={v.id} className="flex items-center gap-3 py-2">
                  <Car className="h-5 w-5 shrink-0 text-slate-500" aria-hidden />
                  <div className="min-w-0 flex-1">
                    <p className="font-medium">
                      {canOpen ? (
                        <Link to={`/inventory/${v.id}`} className="text-brand-700 hover:underline dark:text-brand-100">
                          {vehicleName(v)}
                        </Link>
                      ) : (
                        vehicleName(v)
                      )}
                    </p>
                    <p className="text-sm text-slate-600 dark:text-slate-400">
                      {v.year}/{v.modelYear}
                      {v.placa && (
                        <>
                          {' · '}
                          <span className="font-mono">{displayPlaca(v.placa)}</span>
                        </>
                      )}
                      {v.color && ` · ${v.color}`}
                      {' · '}
                      <span className="font-mono text-xs">{v.number}</span>
                      {v.ownedSince && ` · ${t('customers.vehicles.since', { date: formatDate(v.ownedSince) })}`}
                    </p>
                  </div>
                  {canEdit && (
                    <Button variant="ghost" aria-label={t('customers.vehicles.remove', { vehicle: vehicleName(v) })} onClick={() => setRemoving(v)} className="h-11 w-11 px-0 text-red-700 md:h-9 md:w-9 dark:text-red-400">
                      <Trash2 className="h-4 w-4" aria-hidden />
                    </Button>
                  )}
                </li>
              ))}
            </ul>
          )
        }
      </QueryView>
      {adding && <AddVehicleDialog customerId={customerId} onClose={() => setAdding(false)} />}
      <Dialog
        open={removing !== null}
        onOpenChange={(o) => !o && setRemoving(null)}
        title={t('customers.vehicles.removeTitle')}
        description={removing ? t('customers.vehicles.removeBody', { vehicle: vehicleName(removing) }) : ''}
        footer={
          <>
            <Button variant="secondary" onClick={() => setRemoving(null)}>
              {t('common.cancel')}
            </Button>
            <Button variant="danger" loading={remove.isPending} onClick={() => removing && remove.mutate(removing.id)}>
              {t('common.confirm')}
            </Button>
          </>
        }
      >
        {null}
      </Dialog>
    </Card>
  );
}

function AddVehicleDialog({ customerId, onClose }: { customerId: string; onClose: () => void }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const toast = useToast();
  const [failure, setFailure] = useState<string | null>(null);
  const { register, handleSubmit, setError, formState } = useForm<Form>({
    resolver: zodResolver(schema),
    defaultValues: { placa: '', vin: '', make: '', model: '', year: '', modelYear: '', color: '' },
  });
  const add = useMutation({
    mutationFn: (f: Form) =>
      unwrap(
        api.POST('/api/v1/customers/{id}/vehicles', {
          params: { path: { id: customerId } },
          body: {
            placa: f.placa.trim() ? normalisePlaca(f.placa) : null,
            vin: f.vin.trim() ? f.vin.trim().toUpperCase() : null,
            make: f.make.trim(),
            model: f.model.trim(),
            year: Number(f.year),
            modelYear: f.modelYear ? Number(f.modelYear) : null,
            color: f.color.trim() || null,
          },
        }),
      ),
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: customerKeys.vehicles(customerId) });
      void qc.invalidateQueries({ queryKey: vehicleKeys.all });
      toast.success(t('customers.vehicles.added'));
      onClose();
    },
    onError: (e) => {
      const rest = applyServerErrors(e, setError, ['placa', 'vin', 'make', 'model', 'year', 'modelYear', 'color']);
      setFailure(rest ? problemText(t, rest) : null);
    },
  });
  const err = (k: keyof Form) => fieldError(t, formState.errors[k]?.message);
  return (
    <Dialog
      open
      onOpenChange={(o) => !o && onClose()}
      dirty={formState.isDirty}
      title={t('customers.vehicles.addTitle')}
      description={t('customers.vehicles.addDescription')}
      footer={
        <>
          <Button variant="secondary" onClick={onClose}>
            {t('common.cancel')}
          </Button>
          <Button type="submit" form="owned-vehicle-form" loading={add.isPending}>
            {t('customers.vehicles.add')}
          </Button>
        </>
      }
    >
      <form id="owned-vehicle-form" noValidate onSubmit={handleSubmit((f) => add.mutate(f))} className="grid gap-4 sm:grid-cols-2">
        {failure && (
          <p role="alert" className="text-sm text-red-700 sm:col-span-2 dark:text-red-400">
            {failure}
          </p>
        )}
        <Input label={t('customers.vehicles.placa')} mask={maskPlaca} autoCapitalize="characters" placeholder="ABC1D23" error={err('placa')} {...register('placa')} />
        <Input label={t('customers.vehicles.vin')} autoCapitalize="characters" maxLength={17} className="[&_input]:font-mono" error={err('vin')} {...register('vin')} />
        <Input label={t('customers.vehicles.make')} error={err('make')} {...register('make')} />
        <Input label={t('customers.vehicles.model')} error={err('model')} {...register('model')} />
        <Input label={t('customers.vehicles.year')} inputMode="numeric" mask={(v) => maskDigits(v, 4)} error={err('year')} {...register('year')} />
        <Input label={t('customers.vehicles.modelYear')} inputMode="numeric" mask={(v) => maskDigits(v, 4)} error={err('modelYear')} {...register('modelYear')} />
        <Input label={t('customers.vehicles.color')} error={err('color')} {...register('color')} />
      </form>
    </Dialog>
  );
}
