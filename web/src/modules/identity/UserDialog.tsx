import { useState } from 'react';
import { Controller, useForm } from 'react-hook-form';
import { zodResolver } from '@hookform/resolvers/zod';
import { z } from 'zod';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Copy } from 'lucide-react';
import { api, ifMatch, unwrap } from '@/api/client';
import { isApiError } from '@/api/problem';
import { useAuth } from '@/auth/AuthProvider';
import { useStoreScope } from '@/app/StoreScope';
import { problemText } from '@/i18n/problems';
import { formatDateTime } from '@/lib/format';
import { applyServerErrors, code, fieldError } from '@/lib/forms';
import { useUnsavedChanges } from '@/lib/useUnsavedChanges';
import { Button } from '@/ui/Button';
import { Dialog } from '@/ui/Dialog';
import { Input } from '@/ui/Field';
import { useToast } from '@/ui/Toast';
import { UnsavedChangesDialog } from '@/ui/UnsavedChangesDialog';
import { userKeys } from './keys';
import { ROLES, type Role, type User } from './roles';

const schema = z.object({
  name: z.string().trim().min(1, code('validation.required')).max(120, code('users.name_length')),
  email: z.string().trim().email(code('validation.email')),
  roles: z.array(z.enum(ROLES)).min(1, code('users.roles_required')),
  allStores: z.boolean(),
  storeIds: z.array(z.string()),
  password: z.string().refine((v) => v === '' || v.length >= 8, code('password.too_short')),
  active: z.boolean(),
});
type Form = z.infer<typeof schema>;

interface Props {
  user: User | null;
  open: boolean;
  onOpenChange: (open: boolean) => void;
}

/** Create a user (with a password or an invitation) or edit one's roles, stores and status. */
export function UserDialog({ user, open, onOpenChange }: Props) {
  const { t } = useTranslation();
  const { me } = useAuth();
  const { stores } = useStoreScope();
  const qc = useQueryClient();
  const toast = useToast();
  const [invitation, setInvitation] = useState<{ token: string; expiresAt: string } | null>(null);
  // Managers may grant neither Owner nor Store Manager (the server refuses it too).
  const isOwner = me?.user.roles.includes('owner') ?? false;
  const grantable = ROLES.filter((r) => isOwner || (r !== 'owner' && r !== 'store_manager'));

  const { register, control, handleSubmit, setError, formState, watch, reset } = useForm<Form>({
    resolver: zodResolver(schema),
    values: {
      name: user?.name ?? '',
      email: user?.email ?? '',
      roles: user?.roles ?? [],
      allStores: user ? user.storeIds === null || user.storeIds === undefined : true,
      storeIds: user?.storeIds ?? [],
      password: '',
      active: user?.active ?? true,
    },
  });
  const allStores = watch('allStores');
  // Half-filled, the form is not lost to a tap outside, Escape, the menu or the back button.
  const dirty = open && !invitation && formState.isDirty;
  const unsaved = useUnsavedChanges(dirty);

  const save = useMutation({
    mutationFn: async (f: Form) => {
      const storeIds = f.allStores ? null : f.storeIds;
      if (user) {
        return unwrap(
          api.PATCH('/api/v1/users/{id}', {
            params: { path: { id: user.id }, header: ifMatch(user.version) },
            body: { name: f.name.trim(), roles: f.roles, storeIds, active: f.active },
          }),
        ).then(() => null);
      }
      const created = await unwrap(
        api.POST('/api/v1/users', {
          body: { name: f.name.trim(), email: f.email.trim(), roles: f.roles, storeIds, password: f.password || null },
        }),
      );
      return created.invitation ?? null;
    },
    onSuccess: (inv) => {
      unsaved.release();
      void qc.invalidateQueries({ queryKey: userKeys.all });
      toast.success(user ? t('users.saved') : t('users.created'));
      if (inv) setInvitation(inv);
      else close();
    },
    onError: (e) => {
      if (isApiError(e) && e.status === 412) {
        toast.error(t('conflict.title'), t('conflict.body'));
        void qc.invalidateQueries({ queryKey: userKeys.all });
        close();
        return;
      }
      const rest = applyServerErrors(e, setError, ['name', 'email', 'roles', 'storeIds', 'password']);
      if (rest) toast.error(t('errors.saveFailed'), problemText(t, rest));
    },
  });

  const close = () => {
    setInvitation(null);
    reset();
    onOpenChange(false);
  };
  const link = invitation ? `${window.location.origin}/accept-invitation?token=${encodeURIComponent(invitation.token)}` : '';

  if (invitation) {
    return (
      <Dialog open={open} onOpenChange={(o) => !o && close()} title={t('users.invitationTitle')} description={t('users.invitationBody')}
        footer={<Button onClick={close}>{t('common.done')}</Button>}>
        <div className="space-y-2">
          <Input label={t('users.invitationLink')} readOnly value={link} onFocus={(e) => e.target.select()} />
          <p className="text-xs text-slate-600 dark:text-slate-400">{t('users.invitationExpires', { when: formatDateTime(invitation.expiresAt) })}</p>
          <Button variant="secondary" size="sm" onClick={() => void navigator.clipboard?.writeText(link).then(() => toast.success(t('users.copied')))}>
            <Copy className="h-4 w-4" aria-hidden />
            {t('users.copyLink')}
          </Button>
        </div>
      </Dialog>
    );
  }

  return (
    <>
      <Dialog
        open={open}
        onOpenChange={(o) => !o && close()}
        dirty={dirty}
        title={user ? t('users.editTitle', { name: user.name }) : t('users.newTitle')}
        footer={
          <>
            <Button variant="secondary" onClick={close}>{t('common.cancel')}</Button>
            <Button type="submit" form="user-form" loading={save.isPending}>{t('common.save')}</Button>
          </>
        }
      >
        <form id="user-form" onSubmit={handleSubmit((f) => save.mutate(f))} noValidate className="space-y-4">
          <Input label={t('users.name')} error={fieldError(t, formState.errors.name?.message)} {...register('name')} />
          <Input label={t('users.email')} type="email" disabled={Boolean(user)} error={fieldError(t, formState.errors.email?.message)} {...register('email')} />
          <fieldset>
            <legend className="mb-2 text-sm font-medium">{t('users.roles')}</legend>
            <Controller
              control={control}
              name="roles"
              render={({ field }) => (
                <div className="grid grid-cols-2 gap-2">
                  {ROLES.map((r: Role) => (
                    <label key={r} className="flex min-h-11 items-center gap-2 text-sm md:min-h-0">
                      <input
                        type="checkbox"
                        className="h-4 w-4"
                        disabled={!grantable.includes(r) && !field.value.includes(r)}
                        checked={field.value.includes(r)}
                        onChange={(e) => field.onChange(e.target.checked ? [...field.value, r] : field.value.filter((x) => x !== r))}
                      />
                      {t(`roles.${r}`)}
                    </label>
                  ))}
                </div>
              )}
            />
            {formState.errors.roles && <p role="alert" className="mt-1 text-sm text-red-700">{fieldError(t, formState.errors.roles.message)}</p>}
          </fieldset>
          {stores.length > 0 && (
            <fieldset>
              <legend className="mb-2 text-sm font-medium">{t('users.stores')}</legend>
              <label className="mb-2 flex min-h-11 items-center gap-2 text-sm md:min-h-0">
                <input type="checkbox" className="h-4 w-4" {...register('allStores')} />
                {t('users.allStores')}
              </label>
              {!allStores && (
                <Controller
                  control={control}
                  name="storeIds"
                  render={({ field }) => (
                    <div className="grid gap-2 sm:grid-cols-2">
                      {stores.map((s) => (
                        <label key={s.id} className="flex min-h-11 items-center gap-2 text-sm md:min-h-0">
                          <input
                            type="checkbox"
                            className="h-4 w-4"
                            checked={field.value.includes(s.id)}
                            onChange={(e) => field.onChange(e.target.checked ? [...field.value, s.id] : field.value.filter((x) => x !== s.id))}
                          />
                          {s.name}
                        </label>
                      ))}
                    </div>
                  )}
                />
              )}
              {formState.errors.storeIds && <p role="alert" className="mt-1 text-sm text-red-700">{fieldError(t, formState.errors.storeIds.message)}</p>}
            </fieldset>
          )}
          {!user && (
            <Input
              label={t('users.initialPassword')}
              type="password"
              autoComplete="new-password"
              hint={t('users.initialPasswordHint')}
              error={fieldError(t, formState.errors.password?.message)}
              {...register('password')}
            />
          )}
          {user && user.id !== me?.user.id && (
            <label className="flex min-h-11 items-center gap-2 text-sm md:min-h-0">
              <input type="checkbox" className="h-4 w-4" {...register('active')} />
              {t('users.active')}
            </label>
          )}
        </form>
      </Dialog>
      <UnsavedChangesDialog blocker={unsaved.blocker} />
    </>
  );
}
