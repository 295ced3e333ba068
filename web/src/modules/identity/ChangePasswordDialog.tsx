import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { zodResolver } from '@hookform/resolvers/zod';
import { z } from 'zod';
import { useTranslation } from 'react-i18next';
import { api, unwrap } from '@/api/client';
import { useAuth } from '@/auth/AuthProvider';
import { session } from '@/auth/session';
import { problemText } from '@/i18n/problems';
import { applyServerErrors, code, fieldError } from '@/lib/forms';
import { Button } from '@/ui/Button';
import { Dialog } from '@/ui/Dialog';
import { Input } from '@/ui/Field';
import { useToast } from '@/ui/Toast';

import { PASSWORD_MAX, PASSWORD_MIN } from './passwordRules';

const schema = z
  .object({
    currentPassword: z.string().min(1, code('validation.required')),
    newPassword: z.string().min(PASSWORD_MIN, code('password.too_short')).max(PASSWORD_MAX, code('password.too_long')),
    confirm: z.string(),
  })
  .refine((f) => f.newPassword === f.confirm, { path: ['confirm'], message: code('validation.passwordsDiffer') });
type Form = z.infer<typeof schema>;

const EMPTY: Form = { currentPassword: '', newPassword: '', confirm: '' };

/**
 * "Alterar senha" from the user menu. The server ends every session of the user, this one's
 * too, and answers with the session that replaces it: its tokens are kept, so the user stays
 * signed in here and signs in again everywhere else.
 */
export function ChangePasswordDialog({ open, onOpenChange }: { open: boolean; onOpenChange: (open: boolean) => void }) {
  const { t } = useTranslation();
  const toast = useToast();
  const { me } = useAuth();
  const [formError, setFormError] = useState<string | null>(null);
  const { register, handleSubmit, setError, formState, reset } = useForm<Form>({ resolver: zodResolver(schema), defaultValues: EMPTY });

  const close = () => {
    reset(EMPTY);
    setFormError(null);
    onOpenChange(false);
  };

  const onSubmit = handleSubmit(async (f) => {
    setFormError(null);
    try {
      const next = await unwrap(
        api.POST('/api/v1/me/password', { body: { currentPassword: f.currentPassword, newPassword: f.newPassword } }),
      );
      session.store(next);
      toast.success(t('passwordChange.changed'), t('passwordChange.changedBody'));
      close();
    } catch (e) {
      const rest = applyServerErrors(e, setError, ['currentPassword', 'newPassword']);
      if (rest) setFormError(problemText(t, rest));
    }
  });

  return (
    <Dialog
      open={open}
      onOpenChange={(o) => (o ? onOpenChange(true) : close())}
      title={t('passwordChange.title')}
      description={t('passwordChange.intro')}
      footer={
        <>
          <Button variant="secondary" onClick={close}>{t('common.cancel')}</Button>
          <Button type="submit" form="password-form" loading={formState.isSubmitting}>{t('passwordChange.submit')}</Button>
        </>
      }
    >
      <form
        id="password-form"
        noValidate
        className="space-y-4"
        onSubmit={(e) => {
          // A new attempt starts clean: the last attempt's message is no longer true.
          setFormError(null);
          void onSubmit(e);
        }}
      >
        {formError && (
          <p role="alert" className="rounded-md bg-red-50 p-3 text-sm text-red-800 dark:bg-red-950 dark:text-red-100">
            {formError}
          </p>
        )}
        {/* Lets password managers tie the new password to the account. */}
        <input type="email" autoComplete="username" value={me?.user.email ?? ''} readOnly hidden />
        <Input
          label={t('passwordChange.current')}
          type="password"
          autoComplete="current-password"
          error={fieldError(t, formState.errors.currentPassword?.message)}
          {...register('currentPassword')}
        />
        <Input
          label={t('passwordChange.new')}
          type="password"
          autoComplete="new-password"
          hint={t('passwordChange.rules', { min: PASSWORD_MIN, max: PASSWORD_MAX })}
          error={fieldError(t, formState.errors.newPassword?.message)}
          {...register('newPassword')}
        />
        <Input
          label={t('passwordChange.confirm')}
          type="password"
          autoComplete="new-password"
          error={fieldError(t, formState.errors.confirm?.message)}
          {...register('confirm')}
        />
      </form>
    </Dialog>
  );
}
