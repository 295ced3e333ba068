import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { zodResolver } from '@hookform/resolvers/zod';
import { z } from 'zod';
import { Link, useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { CheckCircle2 } from 'lucide-react';
import { api, unwrap } from '@/api/client';
import { isApiError } from '@/api/problem';
import { usePageTitle } from '@/app/title';
import { codeText, problemText } from '@/i18n/problems';
import { applyServerErrors, code, fieldError } from '@/lib/forms';
import { Button } from '@/ui/Button';
import { Input } from '@/ui/Field';
import { AuthLayout } from './AuthLayout';
import { PASSWORD_MAX, PASSWORD_MIN } from './passwordRules';

const schema = z
  .object({
    password: z.string().min(PASSWORD_MIN, code('password.too_short')).max(PASSWORD_MAX, code('password.too_long')),
    confirm: z.string(),
  })
  .refine((f) => f.password === f.confirm, { path: ['confirm'], message: code('validation.passwordsDiffer') });
type Form = z.infer<typeof schema>;

const link = 'inline-flex min-h-11 items-center text-sm text-brand-700 underline dark:text-brand-100';

/** Where a reset link leads (`/reset-password?token=…`): a new password, then sign in with it. */
export function ResetPasswordPage() {
  const { t } = useTranslation();
  usePageTitle(t('passwordReset.resetTitle'));
  const [params] = useSearchParams();
  const token = params.get('token')?.trim() ?? '';
  const [done, setDone] = useState(false);
  // The link itself is spent or unknown: no password will do, only a new link.
  const [linkDead, setLinkDead] = useState(false);
  const [formError, setFormError] = useState<string | null>(null);
  const { register, handleSubmit, setError, formState } = useForm<Form>({
    resolver: zodResolver(schema),
    defaultValues: { password: '', confirm: '' },
  });

  const onSubmit = handleSubmit(async (f) => {
    try {
      await unwrap(api.POST('/api/v1/auth/password-reset/confirm', { body: { token, password: f.password } }));
      setDone(true);
    } catch (e) {
      if (isApiError(e) && (e.code === 'users.reset_invalid' || e.status === 410)) {
        setLinkDead(true);
        return;
      }
      const rest = applyServerErrors(e, setError, ['password']);
      if (rest) setFormError(problemText(t, rest));
    }
  });

  if (done) {
    return (
      <AuthLayout title={t('passwordReset.resetTitle')}>
        <div role="status" className="flex gap-3">
          <CheckCircle2 className="mt-0.5 h-5 w-5 shrink-0 text-green-600" aria-hidden />
          <p className="text-sm">{t('passwordReset.done')}</p>
        </div>
        <Link to="/login" className="inline-flex h-11 w-full items-center justify-center rounded-md bg-brand-600 px-4 text-sm font-medium text-white hover:bg-brand-700">
          {t('login.submit')}
        </Link>
      </AuthLayout>
    );
  }

  if (!token || linkDead) {
    return (
      <AuthLayout title={t('passwordReset.resetTitle')}>
        <p role="alert" className="rounded-md bg-amber-50 p-3 text-sm text-amber-900 dark:bg-amber-950 dark:text-amber-100">
          {token ? codeText(t, 'users.reset_invalid') : t('passwordReset.missingToken')}
        </p>
        <Link to="/forgot-password" className={link}>{t('passwordReset.requestAgain')}</Link>
      </AuthLayout>
    );
  }

  return (
    <AuthLayout title={t('passwordReset.resetTitle')}>
      <form
        noValidate
        className="space-y-4"
        onSubmit={(e) => {
          setFormError(null);
          void onSubmit(e);
        }}
      >
        {formError && (
          <p role="alert" className="rounded-md bg-red-50 p-3 text-sm text-red-800 dark:bg-red-950 dark:text-red-100">
            {formError}
          </p>
        )}
        <Input
          label={t('passwordChange.new')}
          type="password"
          autoComplete="new-password"
          hint={t('passwordChange.rules', { min: PASSWORD_MIN, max: PASSWORD_MAX })}
          error={fieldError(t, formState.errors.password?.message)}
          {...register('password')}
        />
        <Input
          label={t('passwordChange.confirm')}
          type="password"
          autoComplete="new-password"
          error={fieldError(t, formState.errors.confirm?.message)}
          {...register('confirm')}
        />
        <Button type="submit" className="h-11 w-full" loading={formState.isSubmitting}>
          {t('passwordReset.submit')}
        </Button>
      </form>
    </AuthLayout>
  );
}
