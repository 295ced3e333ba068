import { useEffect } from 'react';
import { useForm } from 'react-hook-form';
import { zodResolver } from '@hookform/resolvers/zod';
import { z } from 'zod';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Trash2 } from 'lucide-react';
import { api, unwrap } from '@/api/client';
import { isApiError } from '@/api/problem';
import { problemText } from '@/i18n/problems';
import { formatDate, formatMoney, orEmpty } from '@/lib/format';
import { todayIn } from '@/lib/businessDate';
import { applyServerErrors, code, fieldError } from '@/lib/forms';
import { queryPhase } from '@/lib/queryPhase';
import { moneyToCents } from '@/lib/masks';
import { useUnsavedChanges } from '@/lib/useUnsavedChanges';
import { Button } from '@/ui/Button';
import { Card } from '@/ui/Card';
import { Input } from '@/ui/Field';
import { QueryView } from '@/ui/QueryView';
import { Skeleton } from '@/ui/Skeleton';
import { Table, Td, Th, THead, Tr } from '@/ui/Table';
import { useToast } from '@/ui/Toast';
import { UnsavedChangesDialog } from '@/ui/UnsavedChangesDialog';
import { vehicleKeys } from './keys';
import { MoneyField } from './MoneyField';
import { useStoreTimeZone } from './storeTime';

const schema = z.object({
  spentOn: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, code('validation.date')),
  description: z.string().trim().min(1, code('validation.required')).max(200, code('validation.tooLong')),
  supplier: z.string().trim().max(120, code('validation.tooLong')),
  amount: z.string().refine((v) => (moneyToCents(v) ?? 0) > 0, code('validation.positiveAmount')),
});
type Form = z.infer<typeof schema>;

interface ExpensesCardProps {
  vehicleId: string;
  /** The vehicle's store: its time zone decides what "today" is for the expense date. */
  storeId: string;
  /** Expenses are recorded only while the car is in stock (not once sold, delivered or returned). */
  inStock: boolean;
  /** May record and delete expenses (`vehicles.update`). */
  canEdit: boolean;
}

/** Reconditioning spent on a vehicle, itemised, for those who see costs. */
export function ExpensesCard({ vehicleId, storeId, inStock, canEdit }: ExpensesCardProps) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const toast = useToast();
  const key = vehicleKeys.expenses(vehicleId);
  const expenses = useQuery({
    queryKey: key,
    queryFn: () => unwrap(api.GET('/api/v1/vehicles/{id}/expenses', { params: { path: { id: vehicleId } } })),
  });
  // Today in the store's zone, not in UTC (at 22:30 in São Paulo, UTC is already tomorrow).
  const timeZone = useStoreTimeZone(storeId);
  const today = todayIn(timeZone);
  const blank = (): Form => ({ spentOn: today, description: '', supplier: '', amount: '' });
  const { register, control, handleSubmit, reset, resetField, setError, formState, getFieldState } = useForm<Form>({
    resolver: zodResolver(schema),
    defaultValues: blank(),
  });
  // The stores answered after the form was drawn (another zone than the default): follow them
  // while the user has not picked a date.
  useEffect(() => {
    if (!getFieldState('spentOn').isDirty) resetField('spentOn', { defaultValue: today });
  }, [today]);
  const recording = canEdit && inStock;
  const unsaved = useUnsavedChanges(recording && formState.isDirty);
  const add = useMutation({
    mutationFn: (f: Form) =>
      unwrap(
        api.POST('/api/v1/vehicles/{id}/expenses', {
          params: { path: { id: vehicleId } },
          body: {
            spentOn: f.spentOn,
            description: f.description.trim(),
            supplier: f.supplier.trim() || null,
            amountCents: moneyToCents(f.amount) ?? 0,
          },
        }),
      ),
    onSuccess: () => {
      reset(blank());
      void qc.invalidateQueries({ queryKey: key });
    },
    onError: (e) => {
      // The server names the amount by its API field (`/amountCents`).
      const mapped = isApiError(e)
        ? Object.assign(Object.create(Object.getPrototypeOf(e)), e, {
            fieldErrors: e.fieldErrors.map((fe) => (fe.pointer === '/amountCents' ? { ...fe, pointer: '/amount' } : fe)),
          })
        : e;
      const rest = applyServerErrors(mapped, setError, ['spentOn', 'description', 'supplier', 'amount']);
      if (rest) toast.error(t('errors.saveFailed'), problemText(t, rest));
    },
  });
  const remove = useMutation({
    mutationFn: (expenseId: string) =>
      unwrap(api.DELETE('/api/v1/vehicles/{id}/expenses/{expense_id}', { params: { path: { id: vehicleId, expense_id: expenseId } } })),
    onSuccess: () => void qc.invalidateQueries({ queryKey: key }),
    onError: (e) => toast.error(t('errors.saveFailed'), problemText(t, e)),
  });

  return (
    <Card className="p-5 lg:col-span-3">
      <div className="mb-4 flex items-baseline justify-between">
        <h2 className="font-semibold">{t('expenses.title')}</h2>
        {queryPhase(expenses) === 'ready' && expenses.data && (
          <p className="text-sm tabular-nums">{t('expenses.total', { value: formatMoney(expenses.data.totalCents) })}</p>
        )}
      </div>
      {/* A list that did not load says so (with a retry), never "no expenses". */}
      <QueryView query={expenses} compact skeleton={<Skeleton className="h-16" />}>
        {(data) =>
          data.items.length === 0 ? (
            <p className="text-sm text-slate-600 dark:text-slate-400">{t('expenses.none')}</p>
          ) : (
            <Table caption={t('expenses.title')}>
              <THead>
                <Th>{t('expenses.spentOn')}</Th>
                <Th>{t('expenses.description')}</Th>
                <Th>{t('expenses.supplier')}</Th>
                <Th numeric>{t('expenses.amount')}</Th>
                {canEdit && (
                  <Th>
                    <span className="sr-only">{t('common.actions')}</span>
                  </Th>
                )}
              </THead>
              <tbody>
                {data.items.map((e) => (
                  <Tr key={e.id}>
                    <Td>{formatDate(e.spentOn)}</Td>
                    <Td>{e.description}</Td>
                    <Td>{orEmpty(e.supplier)}</Td>
                    <Td numeric>{formatMoney(e.amountCents)}</Td>
                    {canEdit && (
                      <Td className="text-right">
                        <Button variant="ghost" size="sm" className="h-11 w-11 px-0 sm:h-8 sm:w-8" aria-label={t('expenses.remove', { description: e.description })} onClick={() => remove.mutate(e.id)}>
                          <Trash2 className="h-4 w-4" aria-hidden />
                        </Button>
                      </Td>
                    )}
                  </Tr>
                ))}
              </tbody>
            </Table>
          )
        }
      </QueryView>
      {canEdit && !inStock && <p className="mt-4 text-sm text-slate-600 dark:text-slate-400">{t('expenses.closed')}</p>}
      {recording && (
        <form onSubmit={handleSubmit((f) => add.mutate(f))} noValidate className="mt-4 grid items-end gap-3 sm:grid-cols-5">
          <Input label={t('expenses.spentOn')} type="date" max={today} error={fieldError(t, formState.errors.spentOn?.message)} {...register('spentOn')} />
          <Input label={t('expenses.description')} className="sm:col-span-2" error={fieldError(t, formState.errors.description?.message)} {...register('description')} />
          <Input label={t('expenses.supplier')} error={fieldError(t, formState.errors.supplier?.message)} {...register('supplier')} />
          <MoneyField control={control} name="amount" label={t('expenses.amount')} error={fieldError(t, formState.errors.amount?.message)} />
          <Button type="submit" loading={add.isPending} className="h-11 sm:h-10 sm:col-start-5">{t('expenses.add')}</Button>
        </form>
      )}
      <UnsavedChangesDialog blocker={unsaved.blocker} />
    </Card>
  );
}
