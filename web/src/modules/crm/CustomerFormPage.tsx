import { useEffect, useMemo, useState, type ReactNode } from 'react';
import { useFieldArray, useForm, type UseFormRegister } from 'react-hook-form';
import { zodResolver } from '@hookform/resolvers/zod';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useNavigate, useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { ArrowLeft, Plus, Trash2 } from 'lucide-react';
import { api, ifMatch, unwrap } from '@/api/client';
import { ApiError, isApiError } from '@/api/problem';
import { useStoreScope } from '@/app/StoreScope';
import { usePageTitle } from '@/app/title';
import { problemText } from '@/i18n/problems';
import { applyServerErrors, fieldError } from '@/lib/forms';
import { maskCep, maskCnpj, maskCpfCnpj, maskDigits, maskPhone } from '@/lib/masks';
import { useUnsavedChanges } from '@/lib/useUnsavedChanges';
import { Button } from '@/ui/Button';
import { Card, PageHeader } from '@/ui/Card';
import { LoadError } from '@/ui/EmptyState';
import { Input, Select, TextArea } from '@/ui/Field';
import { Skeleton } from '@/ui/Skeleton';
import { useToast } from '@/ui/Toast';
import { UnsavedChangesDialog } from '@/ui/UnsavedChangesDialog';
import { ConflictNotice } from '@/modules/vehicles/ConflictNotice';
import { cn } from '@/ui/cn';
import {
  blankAddress,
  blankContact,
  blankEmail,
  blankPhone,
  customerSchema,
  emptyForm,
  formFields,
  formFromCustomer,
  formPath,
  toBody,
  type CustomerForm,
} from './customerForm';
import { customerKeys } from './keys';
import { CNH_CATEGORIES, CONTACT_CHANNELS, customerName, KINDS, UFS, type CreatedCustomer, type Customer, type CustomerKind } from './labels';

export function CustomerFormPage() {
  const { id } = useParams();
  const { t } = useTranslation();
  const existing = useQuery({
    queryKey: customerKeys.detail(id ?? ''),
    queryFn: () => unwrap(api.GET('/api/v1/customers/{id}', { params: { path: { id: id ?? '' } } })),
    enabled: Boolean(id),
  });
  usePageTitle(
    !id ? t('customers.form.newTitle') : existing.isError ? t('customers.notFound') : existing.data && t('customers.form.editTitle', { name: existing.data.name }),
    t('customers.title'),
  );
  if (id && !existing.data) {
    return existing.isError ? (
      <LoadError
        error={existing.error}
        notFoundTitle={t('customers.notFound')}
        onRetry={() => void existing.refetch()}
        back={<Link to="/customers" className="text-brand-700 underline dark:text-brand-100">{t('customers.back')}</Link>}
      />
    ) : (
      <Skeleton className="h-96" />
    );
  }
  return <CustomerFormScreen key={existing.data ? `${existing.data.id}:${existing.data.version}` : 'new'} customer={existing.data} onReload={() => void existing.refetch()} />;
}

/** The id of the customer a 409 `customers.duplicate` names, to offer a link to it. */
function duplicateHolder(e: unknown): string | null {
  if (!isApiError(e) || e.code !== 'customers.duplicate') return null;
  return /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i.exec(e.detail ?? '')?.[0] ?? null;
}

function CustomerFormScreen({ customer, onReload }: { customer: Customer | undefined; onReload: () => void }) {
  const { t } = useTranslation();
  const { stores, storeId } = useStoreScope();
  const navigate = useNavigate();
  const qc = useQueryClient();
  const toast = useToast();
  const [conflict, setConflict] = useState(false);
  const [holder, setHolder] = useState<string | null>(null);
  const activeStores = stores.filter((s) => s.active || s.id === customer?.storeId);
  const defaults = useMemo(
    () => (customer ? formFromCustomer(customer) : emptyForm(storeId ?? (activeStores.length === 1 ? activeStores[0]!.id : ''))),
    [customer],
  );
  const { register, control, handleSubmit, setError, formState, reset, getValues, setValue, watch } = useForm<CustomerForm>({
    resolver: zodResolver(customerSchema),
    defaultValues: defaults,
    mode: 'onTouched',
  });
  // Stores answer after the form is drawn: the only store, or the switcher's, is the default.
  useEffect(() => {
    if (customer || getValues('storeId')) return;
    const only = activeStores.length === 1 ? activeStores[0]!.id : null;
    const picked = activeStores.some((s) => s.id === storeId) ? storeId : null;
    if (only ?? picked) setValue('storeId', (only ?? picked)!);
  }, [activeStores, customer, getValues, setValue, storeId]);
  const phones = useFieldArray({ control, name: 'phones' });
  const emails = useFieldArray({ control, name: 'emails' });
  const addresses = useFieldArray({ control, name: 'addresses' });
  const contacts = useFieldArray({ control, name: 'contacts' });
  const kind = watch('kind');
  const unsaved = useUnsavedChanges(formState.isDirty);

  const save = useMutation({
    mutationFn: async (f: CustomerForm): Promise<Customer | CreatedCustomer> => {
      if (!customer) return unwrap(api.POST('/api/v1/customers', { body: toBody(f) as never }));
      const dirty = new Set(Object.keys(formState.dirtyFields));
      return unwrap(
        api.PATCH('/api/v1/customers/{id}', {
          params: { path: { id: customer.id }, header: ifMatch(customer.version) },
          body: toBody(f, dirty) as never,
        }),
      );
    },
    onSuccess: (c) => {
      qc.setQueryData(customerKeys.detail(c.id), c);
      void qc.invalidateQueries({ queryKey: customerKeys.lists() });
      toast.success(customer ? t('customers.form.saved') : t('customers.form.created'));
      unsaved.release();
      // A new record that may repeat another: the 360 view shows which, with a way to merge.
      const duplicates = 'possibleDuplicates' in c ? c.possibleDuplicates : [];
      navigate(`/customers/${c.id}`, { state: duplicates.length ? { possibleDuplicates: duplicates } : undefined });
    },
    onError: (e) => {
      if (isApiError(e) && e.status === 412) {
        setConflict(true);
        return;
      }
      setHolder(duplicateHolder(e));
      // Server pointers name the rows it was sent (blank rows are not): back to the rows shown.
      const f = getValues();
      const mapped = isApiError(e)
        ? Object.assign(Object.create(Object.getPrototypeOf(e) as object) as ApiError, e, {
            fieldErrors: e.fieldErrors.map((fe) => {
              const path = formPath(fe.pointer, f);
              return path ? { ...fe, pointer: `/${path.replace(/\./g, '/')}` } : fe;
            }),
          })
        : e;
      const rest = applyServerErrors(mapped, setError, formFields(f));
      if (rest) toast.error(t('errors.saveFailed'), problemText(t, rest));
    },
  });

  const errors = formState.errors;
  const err = (message: string | undefined) => fieldError(t, message);

  return (
    <>
      <Link
        to={customer ? `/customers/${customer.id}` : '/customers'}
        className="mb-4 inline-flex min-h-11 items-center gap-1 text-sm text-slate-700 hover:underline md:min-h-0 dark:text-slate-300"
      >
        <ArrowLeft className="h-4 w-4" aria-hidden />
        {customer ? customerName(customer) : t('customers.back')}
      </Link>
      <PageHeader title={customer ? t('customers.form.editTitle', { name: customer.name }) : t('customers.form.newTitle')} />
      {conflict && (
        <ConflictNotice
          onReload={() => {
            setConflict(false);
            onReload();
          }}
        />
      )}
      {holder && (
        // The document's field says what is wrong; this is the way to the record that has it.
        <div className="mb-4 rounded-md border border-amber-300 bg-amber-50 p-4 text-sm text-amber-950 dark:border-amber-800 dark:bg-amber-950 dark:text-amber-100">
          <p className="font-medium">{t('customers.form.duplicateOf')}</p>
          <Link to={`/customers/${holder}`} className="mt-1 inline-flex min-h-11 items-center font-medium underline md:min-h-0">
            {t('customers.form.openExisting')}
          </Link>
        </div>
      )}
      <form
        onSubmit={handleSubmit((f) => {
          // With several stores and none in the switcher, the desk says which store registers the customer.
          if (!customer && activeStores.length > 1 && !f.storeId) {
            setError('storeId', { type: 'required', message: 'validation.required' }, { shouldFocus: true });
            return;
          }
          save.mutate(f);
        })}
        noValidate
        className="space-y-6"
      >
        <Card className="p-5">
          <h2 className="mb-4 font-semibold">{t('customers.form.identification')}</h2>
          {customer ? (
            // A registered customer stays a person or a company (the API has no change of kind).
            <p className="mb-4 text-sm">
              <span className="font-medium text-slate-700 dark:text-slate-300">{t('customers.field.kind')}:</span> {t(`customers.kinds.${customer.kind}`)}
            </p>
          ) : (
            <fieldset className="mb-4">
              <legend className="mb-2 text-sm font-medium text-slate-700 dark:text-slate-300">{t('customers.field.kind')}</legend>
              <div className="inline-flex rounded-md border border-slate-300 p-0.5 dark:border-slate-700">
                {KINDS.map((k: CustomerKind) => (
                  <label
                    key={k}
                    className={cn(
                      'flex min-h-11 cursor-pointer items-center gap-2 rounded px-4 text-sm font-medium has-[:focus-visible]:ring-2 has-[:focus-visible]:ring-brand-600 md:min-h-9',
                      kind === k ? 'bg-brand-600 text-white' : 'text-slate-700 dark:text-slate-200',
                    )}
                  >
                    <input type="radio" value={k} className="sr-only" {...register('kind')} />
                    {t(`customers.kinds.${k}`)}
                  </label>
                ))}
              </div>
            </fieldset>
          )}
          <div className="grid gap-4 sm:grid-cols-2 lg:grid-cols-3">
            {kind === 'person' ? (
              <>
                <Input label={t('customers.field.name')} autoComplete="off" className="sm:col-span-2" error={err(errors.name?.message)} {...register('name')} />
                <Input label={t('customers.field.cpf')} inputMode="numeric" mask={(v) => maskCpfCnpj(maskDigits(v, 11))} placeholder="000.000.000-00" error={err(errors.cpf?.message)} {...register('cpf')} />
                <Input label={t('customers.field.birthDate')} type="date" error={err(errors.birthDate?.message)} {...register('birthDate')} />
                <Input label={t('customers.field.cnhNumber')} inputMode="numeric" mask={(v) => maskDigits(v, 11)} error={err(errors.cnhNumber?.message)} {...register('cnhNumber')} />
                <Select
                  label={t('customers.field.cnhCategory')}
                  placeholder={t('common.choose')}
                  options={CNH_CATEGORIES.map((c) => ({ value: c, label: c }))}
                  error={err(errors.cnhCategory?.message)}
                  {...register('cnhCategory')}
                />
              </>
            ) : (
              <>
                <Input label={t('customers.field.legalName')} className="sm:col-span-2" error={err(errors.legalName?.message)} {...register('legalName')} />
                <Input label={t('customers.field.tradeName')} error={err(errors.tradeName?.message)} {...register('tradeName')} />
                <Input label={t('customers.field.cnpj')} autoCapitalize="characters" mask={maskCnpj} placeholder="00.000.000/0000-00" error={err(errors.cnpj?.message)} {...register('cnpj')} />
                <Input
                  label={t('customers.field.stateRegistration')}
                  hint={t('customers.field.stateRegistrationHint')}
                  autoCapitalize="characters"
                  error={err(errors.stateRegistration?.message)}
                  {...register('stateRegistration')}
                />
              </>
            )}
            {activeStores.length > 1 && (
              <Select
                label={t('customers.field.store')}
                placeholder={t('common.choose')}
                options={activeStores.map((s) => ({ value: s.id, label: s.name }))}
                error={err(errors.storeId?.message)}
                {...register('storeId')}
              />
            )}
          </div>
        </Card>

        <Card className="p-5">
          <Section title={t('customers.form.phones')} onAdd={phones.fields.length < 10 ? () => phones.append(blankPhone()) : undefined} addLabel={t('customers.form.addPhone')}>
            {phones.fields.map((row, i) => (
              <div key={row.id} className="grid items-start gap-3 sm:grid-cols-[1fr_1fr_auto_auto]">
                <Input
                  label={phones.fields.length > 1 ? `${t('customers.field.phone')} ${i + 1}` : t('customers.field.phone')}
                  type="tel"
                  inputMode="tel"
                  mask={maskPhone}
                  placeholder="(11) 98765-4321"
                  error={err(errors.phones?.[i]?.number?.message)}
                  {...register(`phones.${i}.number`)}
                />
                <Input label={t('customers.field.phoneLabel')} placeholder={t('customers.field.phoneLabelPlaceholder')} error={err(errors.phones?.[i]?.label?.message)} {...register(`phones.${i}.label`)} />
                <div className="flex items-center justify-between gap-3 sm:contents">
                  <label className="flex min-h-11 items-center gap-2 text-sm sm:mt-6 md:min-h-10">
                    <input type="checkbox" className="h-5 w-5" {...register(`phones.${i}.whatsapp`)} />
                    {t('customers.field.whatsapp')}
                  </label>
                  <RemoveButton label={t('customers.form.removePhone', { n: i + 1 })} onClick={() => phones.remove(i)} />
                </div>
              </div>
            ))}
          </Section>
          <Section title={t('customers.form.emails')} onAdd={emails.fields.length < 10 ? () => emails.append(blankEmail()) : undefined} addLabel={t('customers.form.addEmail')}>
            {emails.fields.map((row, i) => (
              <div key={row.id} className="grid items-start gap-3 sm:grid-cols-[1fr_1fr_auto]">
                <Input
                  label={emails.fields.length > 1 ? `${t('customers.field.email')} ${i + 1}` : t('customers.field.email')}
                  type="email"
                  inputMode="email"
                  autoCapitalize="none"
                  error={err(errors.emails?.[i]?.address?.message)}
                  {...register(`emails.${i}.address`)}
                />
                <div className="flex items-end gap-3 sm:contents">
                  <Input label={t('customers.field.emailLabel')} className="flex-1" error={err(errors.emails?.[i]?.label?.message)} {...register(`emails.${i}.label`)} />
                  <RemoveButton label={t('customers.form.removeEmail', { n: i + 1 })} onClick={() => emails.remove(i)} />
                </div>
              </div>
            ))}
          </Section>
          <Select
            label={t('customers.field.preferredChannel')}
            className="mt-2 sm:max-w-xs"
            options={[{ value: '', label: t('customers.form.noChannel') }, ...CONTACT_CHANNELS.map((c) => ({ value: c, label: t(`customers.channels.${c}`) }))]}
            error={err(errors.preferredChannel?.message)}
            {...register('preferredChannel')}
          />
        </Card>

        <Card className="p-5">
          <Section title={t('customers.form.addresses')} onAdd={addresses.fields.length < 10 ? () => addresses.append(blankAddress()) : undefined} addLabel={t('customers.form.addAddress')}>
            {addresses.fields.length === 0 && <p className="text-sm text-slate-600 dark:text-slate-400">{t('customers.form.noAddresses')}</p>}
            {addresses.fields.map((row, i) => (
              <fieldset key={row.id} className="rounded-md border border-slate-200 p-3 dark:border-slate-800">
                <div className="mb-2 flex items-center justify-between">
                  <legend className="text-sm font-medium">{t('customers.form.addressN', { n: i + 1 })}</legend>
                  <RemoveButton label={t('customers.form.removeAddress', { n: i + 1 })} onClick={() => addresses.remove(i)} />
                </div>
                <AddressFields i={i} register={register} errors={errors.addresses?.[i]} />
              </fieldset>
            ))}
          </Section>
        </Card>

        {kind === 'company' && (
          <Card className="p-5">
            <Section title={t('customers.form.contacts')} onAdd={contacts.fields.length < 10 ? () => contacts.append(blankContact()) : undefined} addLabel={t('customers.form.addContact')}>
              {contacts.fields.length === 0 && <p className="text-sm text-slate-600 dark:text-slate-400">{t('customers.form.noContacts')}</p>}
              {contacts.fields.map((row, i) => (
                <fieldset key={row.id} className="rounded-md border border-slate-200 p-3 dark:border-slate-800">
                  <div className="mb-2 flex items-center justify-between">
                    <legend className="text-sm font-medium">{t('customers.form.contactN', { n: i + 1 })}</legend>
                    <RemoveButton label={t('customers.form.removeContact', { n: i + 1 })} onClick={() => contacts.remove(i)} />
                  </div>
                  <div className="grid gap-3 sm:grid-cols-2 lg:grid-cols-4">
                    <Input label={t('customers.field.contact.name')} error={err(errors.contacts?.[i]?.name?.message)} {...register(`contacts.${i}.name`)} />
                    <Input label={t('customers.field.contact.role')} placeholder={t('customers.field.contact.rolePlaceholder')} error={err(errors.contacts?.[i]?.role?.message)} {...register(`contacts.${i}.role`)} />
                    <Input label={t('customers.field.contact.phone')} type="tel" inputMode="tel" mask={maskPhone} error={err(errors.contacts?.[i]?.phone?.message)} {...register(`contacts.${i}.phone`)} />
                    <Input label={t('customers.field.contact.email')} type="email" autoCapitalize="none" error={err(errors.contacts?.[i]?.email?.message)} {...register(`contacts.${i}.email`)} />
                  </div>
                </fieldset>
              ))}
            </Section>
          </Card>
        )}

        <Card className="p-5">
          <h2 className="mb-4 font-semibold">{t('customers.form.more')}</h2>
          <div className="grid gap-4 lg:grid-cols-2">
            <Input label={t('customers.field.tags')} hint={t('customers.field.tagsHint')} error={err(errors.tags?.message)} {...register('tags')} />
            <TextArea label={t('customers.field.notes')} error={err(errors.notes?.message)} {...register('notes')} />
          </div>
        </Card>

        <div className="flex flex-wrap justify-end gap-2">
          <Button
            variant="secondary"
            onClick={() => {
              if (customer) return reset(defaults);
              // Cancelling is choosing to leave: no question about it.
              unsaved.release();
              navigate('/customers');
            }}
          >
            {customer ? t('common.discard') : t('common.cancel')}
          </Button>
          <Button type="submit" loading={save.isPending}>
            {customer ? t('common.save') : t('customers.form.create')}
          </Button>
        </div>
      </form>
      <UnsavedChangesDialog blocker={unsaved.blocker} />
    </>
  );
}

function Section({ title, children, onAdd, addLabel }: { title: string; children: ReactNode; onAdd: (() => void) | undefined; addLabel: string }) {
  return (
    <section className="mb-4 space-y-3">
      <h2 className="font-semibold">{title}</h2>
      {children}
      {onAdd && (
        <Button variant="ghost" size="sm" onClick={onAdd} className="text-brand-700 dark:text-brand-100">
          <Plus className="h-4 w-4" aria-hidden />
          {addLabel}
        </Button>
      )}
    </section>
  );
}

function RemoveButton({ label, onClick }: { label: string; onClick: () => void }) {
  return (
    <Button variant="ghost" aria-label={label} onClick={onClick} className="h-11 w-11 self-end px-0 text-red-700 md:h-10 md:w-10 dark:text-red-400">
      <Trash2 className="h-4 w-4" aria-hidden />
    </Button>
  );
}

type AddressErrors = Partial<Record<keyof CustomerForm['addresses'][number], { message?: string | undefined }>> | undefined;

function AddressFields({ i, register, errors }: { i: number; register: UseFormRegister<CustomerForm>; errors: AddressErrors }) {
  const { t } = useTranslation();
  const err = (k: keyof CustomerForm['addresses'][number]) => fieldError(t, errors?.[k]?.message);
  return (
    <div className="grid gap-3 sm:grid-cols-6">
      <Input label={t('customers.field.address.postalCode')} inputMode="numeric" mask={maskCep} placeholder="00000-000" className="sm:col-span-2" error={err('postalCode')} {...register(`addresses.${i}.postalCode`)} />
      <Input label={t('customers.field.address.label')} className="sm:col-span-4" error={err('label')} {...register(`addresses.${i}.label`)} />
      <Input label={t('customers.field.address.street')} className="sm:col-span-4" error={err('street')} {...register(`addresses.${i}.street`)} />
      <Input label={t('customers.field.address.number')} className="sm:col-span-2" error={err('number')} {...register(`addresses.${i}.number`)} />
      <Input label={t('customers.field.address.complement')} className="sm:col-span-2" error={err('complement')} {...register(`addresses.${i}.complement`)} />
      <Input label={t('customers.field.address.district')} className="sm:col-span-2" error={err('district')} {...register(`addresses.${i}.district`)} />
      <Input label={t('customers.field.address.city')} className="sm:col-span-1" error={err('city')} {...register(`addresses.${i}.city`)} />
      <Select
        label={t('customers.field.address.state')}
        placeholder="—"
        options={UFS.map((u) => ({ value: u, label: u }))}
        className="sm:col-span-1"
        error={err('state')}
        {...register(`addresses.${i}.state`)}
      />
    </div>
  );
}
