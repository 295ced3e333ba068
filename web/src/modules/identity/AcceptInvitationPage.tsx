import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { zodResolver } from '@hookform/resolvers/zod';
import { z } from 'zod';
import { Link, useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { api, unwrap } from '@/api/client';
import { problemText } from '@/i18n/problems';
import { applyServerErrors, code, fieldError } from '@/lib/forms';
import { usePageTitle } from '@/app/title';
import { Button } from '@/ui/Button';
import { Input } from '@/ui/Field';
import { PASSWORD_MAX, PASSWORD_MIN } from './passwordRules';

const schema = z
  .object({ password: z.string().min(PASSWORD_MIN, code('password.too_short')).max(PASSWORD_MAX, code('password.too_long')), confirm: z.string() })
  .refine((f) => f.password === f.confirm, { path: ['confirm'], message: code('validation.passwordsDiffer') });
type Form = z.infer<typeof schema>;

/** Where an invited user sets a first password, from the link an Owner or Manager sent. */
export function AcceptInvitationPage() {
  const { t } = useTranslation();
  const [params] = useSearchParams();
  const token = params.get('token') ?? '';
  const [done, setDone] = useState(false);
  const [formError, setFormError] = useState<string | null>(null);
  usePageTitle(t('invitation.title'));
  const { register, handleSubmit, setError, formState } = useForm<Form>({ resolver: zodResolver(schema), defaultValues: { password: '', confirm: '' } });

  const onSubmit = handleSubmit(async (f) => {
    setFormError(null);
    try {
      await unwrap(api.POST('/api/v1/auth/accept-invitation', { body: { token, password: f.password } }));
      setDone(true);
    } catch (e) {
      const rest = applyServerErrors(e, setError, ['password']);
      if (rest) setFormError(problemText(t, rest));
    }
  });

  return (
    <div className="flex min-h-screen items-center justify-center bg-slate-100 p-4 dark:bg-slate-950">
      <main className="w-full max-w-sm rounded-lg border border-slate-200 bg-white p-6 shadow-sm dark:border-slate-800 dark:bg-slate-900">
        <h1 className="mb-4 text-xl font-semibold">{t('invitation.title')}</h1>
        {done ? (
          <p>
            {t('invitation.done')}{' '}
            <Link to="/login" className="text-brand-700 underline">{t('login.submit')}</Link>
          </p>
        ) : (
          <form
            onSubmit={(e) => {
              setFormError(null);
              void onSubmit(e);
            }}
            noValidate
            className="space-y-4"
          >
            {formError && <p role="alert" className="rounded-md bg-red-50 p-3 text-sm text-red-800">{formError}</p>}
            <Input label={t('invitation.password')} type="password" autoComplete="new-password" hint={t('passwordChange.rules', { min: PASSWORD_MIN, max: PASSWORD_MAX })} error={fieldError(t, formState.errors.password?.message)} {...register('password')} />
            <Input label={t('invitation.confirm')} type="password" autoComplete="new-password" error={fieldError(t, formState.errors.confirm?.message)} {...register('confirm')} />
            <Button type="submit" className="w-full" loading={formState.isSubmitting}>{t('invitation.submit')}</Button>
          </form>
        )}
      </main>
    </div>
  );
}
