import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { zodResolver } from '@hookform/resolvers/zod';
import { z } from 'zod';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Pencil, Plus } from 'lucide-react';
import { api, ifMatch, unwrap } from '@/api/client';
import { isApiError } from '@/api/problem';
import { useAuth } from '@/auth/AuthProvider';
import { usePageTitle } from '@/app/title';
import { problemText } from '@/i18n/problems';
import { EMPTY } from '@/lib/format';
import { applyServerErrors, code, fieldError } from '@/lib/forms';
import { maskCep, maskCnpj } from '@/lib/masks';
import { useUnsavedChanges } from '@/lib/useUnsavedChanges';
import { checkCep, checkCnpj, type Code } from '@/lib/validators';
import { Badge } from '@/ui/Badge';
import { Button } from '@/ui/Button';
import { Card, PageHeader } from '@/ui/Card';
import { Dialog } from '@/ui/Dialog';
import { EmptyState } from '@/ui/EmptyState';
import { Input, Select } from '@/ui/Field';
import { QueryView } from '@/ui/QueryView';
import { Skeleton } from '@/ui/Skeleton';
import { useToast } from '@/ui/Toast';
import { UnsavedChangesDialog } from '@/ui/UnsavedChangesDialog';
import { storeKeys } from './keys';
import { LogoImage, LogoSection } from './StoreLogo';
import { ZONES, zoneOf, zoneOptions } from './timeZones';
import { useStoresQuery, type Store } from './stores';

const UFS = 'AC AL AP AM BA CE DF ES GO MA MT MS MG PA PB PR PE PI RJ RN RS RO RR SC SP SE TO'.split(' ');
const optional = (check: (v: string) => Code | null) =>
  z.string().superRefine((v, ctx) => {
    const fault = v.trim() ? check(v) : null;
    if (fault) ctx.addIssue({ code: 'custom', message: fault });
  });

const schema = z.object({
  name: z.string().trim().min(1, code('validation.required')).max(120, code('field.too_long')),
  cnpj: optional(checkCnpj),
  street: z.string(),
  number: z.string(),
  complement: z.string(),
  district: z.string(),
  city: z.string(),
  state: z.string(),
  postalCode: optional(checkCep),
  timeZone: z.enum(ZONES),
  active: z.boolean(),
});
type Form = z.infer<typeof schema>;
const FIELDS = ['name', 'cnpj', 'address.street', 'address.number', 'address.complement', 'address.district', 'address.city', 'address.state', 'address.postalCode', 'timeZone'];

export function StoresPage() {
  const { t } = useTranslation();
  const { can } = useAuth();
  const stores = useStoresQuery();
  const [editing, setEditing] = useState<Store | null>(null);
  const [open, setOpen] = useState(false);
  const canManage = can('stores.manage');
  usePageTitle(t('stores.title'));

  return (
    <>
      <PageHeader
        title={t('stores.title')}
        actions={canManage && (
          <Button onClick={() => { setEditing(null); setOpen(true); }}>
            <Plus className="h-4 w-4" aria-hidden />
            {t('stores.new')}
          </Button>
        )}
      >
        {!canManage && t('stores.readOnly')}
      </PageHeader>
      <Card>
        <QueryView
          query={stores}
          skeleton={<div className="space-y-2 p-4">{Array.from({ length: 3 }, (_, i) => <Skeleton key={i} className="h-10" />)}</div>}
        >
          {(data) =>
            data.items.length === 0 ? (
              <EmptyState title={t('stores.empty')} />
            ) : (
              <ul className="divide-y divide-slate-100 dark:divide-slate-800">
                {data.items.map((s) => (
                  <li key={s.id} className="flex items-center justify-between gap-3 p-4">
                    <div className="flex min-w-0 items-center gap-3">
                      <LogoImage store={s} className="h-12 w-20" />
                      <div className="min-w-0">
                        <p className="break-words font-medium">{s.name} {!s.active && <Badge>{t('stores.inactive')}</Badge>}</p>
                        <p className="break-words text-sm text-slate-600 dark:text-slate-400">
                          {[s.cnpj ? maskCnpj(s.cnpj) : null, [s.address.city, s.address.state].filter(Boolean).join('/')].filter(Boolean).join(' · ') || EMPTY}
                        </p>
                      </div>
                    </div>
                    {canManage && (
                      <Button variant="ghost" size="sm" aria-label={t('stores.editTitle', { name: s.name })} onClick={() => { setEditing(s); setOpen(true); }}>
                        <Pencil className="h-4 w-4" aria-hidden />
                      </Button>
                    )}
                  </li>
                ))}
              </ul>
            )
          }
        </QueryView>
      </Card>
      {canManage && <StoreDialog store={editing} open={open} onOpenChange={setOpen} />}
    </>
  );
}

function StoreDialog({ store, open, onOpenChange }: { store: Store | null; open: boolean; onOpenChange: (o: boolean) => void }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const toast = useToast();
  // The store after its logo changed here: the form keeps what it loaded (a logo changes none of
  // its fields) and saves over the version the logo change left, which was this user's own.
  const [fresh, setFresh] = useState<Store | null>(null);
  const live = store && fresh?.id === store.id ? fresh : store;
  const a = store?.address;
  const { register, handleSubmit, setError, formState, reset } = useForm<Form>({
    resolver: zodResolver(schema),
    values: {
      name: store?.name ?? '',
      cnpj: store?.cnpj ? maskCnpj(store.cnpj) : '',
      street: a?.street ?? '',
      number: a?.number ?? '',
      complement: a?.complement ?? '',
      district: a?.district ?? '',
      city: a?.city ?? '',
      state: a?.state ?? '',
      postalCode: a?.postalCode ? maskCep(a.postalCode) : '',
      timeZone: zoneOf(store?.timeZone),
      active: store?.active ?? true,
    },
  });
  // Half-filled, the form is not lost to a tap outside, Escape, the menu or the back button.
  const dirty = open && formState.isDirty;
  const unsaved = useUnsavedChanges(dirty);
  const close = () => {
    reset();
    setFresh(null);
    onOpenChange(false);
  };
  const conflict = () => {
    toast.error(t('conflict.title'), t('conflict.body'));
    void qc.invalidateQueries({ queryKey: storeKeys.all });
    close();
  };
  const save = useMutation({
    mutationFn: async (f: Form) => {
      const n = (v: string) => (v.trim() ? v.trim() : null);
      const address = {
        street: n(f.street),
        number: n(f.number),
        complement: n(f.complement),
        district: n(f.district),
        city: n(f.city),
        state: n(f.state),
        postalCode: n(f.postalCode),
      };
      const body = { name: f.name.trim(), cnpj: n(f.cnpj), address, timeZone: f.timeZone };
      if (live) {
        return unwrap(api.PATCH('/api/v1/stores/{id}', { params: { path: { id: live.id }, header: ifMatch(live.version) }, body: { ...body, active: f.active } }));
      }
      return unwrap(api.POST('/api/v1/stores', { body }));
    },
    onSuccess: () => {
      unsaved.release();
      void qc.invalidateQueries({ queryKey: storeKeys.all });
      toast.success(t('stores.saved'));
      close();
    },
    onError: (e) => {
      if (isApiError(e) && e.status === 412) {
        conflict();
        return;
      }
      // The server names address fields `/address/city`; the form keeps them flat.
      if (isApiError(e)) {
        for (const fe of e.fieldErrors) fe.pointer = fe.pointer.replace(/^\/address\//, '/');
      }
      const rest = applyServerErrors(e, setError, FIELDS.map((f) => f.replace('address.', '')));
      if (rest) toast.error(t('errors.saveFailed'), problemText(t, rest));
    },
  });
  const err = (k: keyof Form) => fieldError(t, formState.errors[k]?.message);
  return (
    <>
      <Dialog
        open={open}
        onOpenChange={(o) => !o && close()}
        dirty={dirty}
        title={store ? t('stores.editTitle', { name: store.name }) : t('stores.newTitle')}
        footer={
          <>
            <Button variant="secondary" onClick={close}>{t('common.cancel')}</Button>
            <Button type="submit" form="store-form" loading={save.isPending}>{t('common.save')}</Button>
          </>
        }
      >
        {live ? (
          <LogoSection store={live} onChanged={setFresh} onConflict={conflict} />
        ) : (
          <p className="mb-4 text-sm text-slate-600 dark:text-slate-400">{t('stores.logo.afterCreate')}</p>
        )}
        <form id="store-form" noValidate onSubmit={handleSubmit((f) => save.mutate(f))} className="grid gap-4 sm:grid-cols-2">
          <Input className="sm:col-span-2" label={t('stores.name')} error={err('name')} {...register('name')} />
          <Input label={t('stores.cnpj')} mask={maskCnpj} placeholder="00.000.000/0000-00" error={err('cnpj')} {...register('cnpj')} />
          <Input label={t('stores.postalCode')} mask={maskCep} inputMode="numeric" placeholder="00000-000" error={err('postalCode')} {...register('postalCode')} />
          <Input className="sm:col-span-2" label={t('stores.street')} error={err('street')} {...register('street')} />
          <Input label={t('stores.number')} error={err('number')} {...register('number')} />
          <Input label={t('stores.complement')} error={err('complement')} {...register('complement')} />
          <Input label={t('stores.district')} error={err('district')} {...register('district')} />
          <Input label={t('stores.city')} error={err('city')} {...register('city')} />
          <Select label={t('stores.state')} placeholder={EMPTY} options={UFS.map((u) => ({ value: u, label: u }))} error={err('state')} {...register('state')} />
          <Select label={t('stores.timeZone')} options={zoneOptions()} error={err('timeZone')} {...register('timeZone')} />
          {store && (
            <label className="flex min-h-11 items-center gap-2 text-sm sm:col-span-2 md:min-h-0">
              <input type="checkbox" className="h-4 w-4" {...register('active')} />
              {t('stores.activeLabel')}
            </label>
          )}
        </form>
      </Dialog>
      <UnsavedChangesDialog blocker={unsaved.blocker} />
    </>
  );
}
