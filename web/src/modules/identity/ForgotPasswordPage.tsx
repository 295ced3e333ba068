import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { zodResolver } from '@hookform/resolvers/zod';
import { z } from 'zod';
import { Link, useSearchParams } from 'react-router';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { MailCheck } from 'lucide-react';
import { api, unwrap } from '@/api/client';
import { isApiError } from '@/api/problem';
import { usePageTitle } from '@/app/title';
import { session } from '@/auth/session';
import { problemText } from '@/i18n/problems';
import { applyServerErrors, code, fieldError } from '@/lib/forms';
import { Button } from '@/ui/Button';
import { Input } from '@/ui/Field';
import { AuthLayout } from './AuthLayout';
import { tenantKeys } from './keys';

const schema = z.object({
  tenant: z.string(),
  email: z.string().trim().min(1, code('validation.required')).email(code('validation.email')),
});
type Form = z.infer<typeof schema>;

const link = 'inline-flex min-h-11 items-center text-sm text-brand-700 underline dark:text-brand-100';

/**
 * "Esqueci minha senha": asks for a reset link by e-mail. The answer is the same whether or not
 * the address is a user's (the server's too), so nobody learns who works here.
 */
export function ForgotPasswordPage() {
  const { t } = useTranslation();
  usePageTitle(t('passwordReset.requestTitle'));
  const [params] = useSearchParams();
  const [sentTo, setSentTo] = useState<string | null>(null);
  const [formError, setFormError] = useState<string | null>(null);
  const tenant = useQuery({
    queryKey: tenantKeys.current(session.tenant),
    queryFn: () => unwrap(api.GET('/api/v1/tenant')),
    retry: false,
    staleTime: Infinity,
  });
  const needsTenant = tenant.isError;
  const { register, handleSubmit, setError, formState } = useForm<Form>({
    resolver: zodResolver(schema),
    defaultValues: { tenant: session.tenant ?? '', email: params.get('email') ?? '' },
  });

  const onSubmit = handleSubmit(async (f) => {
    if (needsTenant) {
      const slug = f.tenant.trim().toLowerCase();
      if (!slug) {
        setError('tenant', { message: code('validation.required') }, { shouldFocus: true });
        return;
      }
      session.setTenant(slug);
    }
    try {
      await unwrap(api.POST('/api/v1/auth/password-reset', { body: { email: f.email.trim() } }));
      setSentTo(f.email.trim());
    } catch (e) {
      if (isApiError(e) && (e.code === 'tenants.not_found' || e.code === 'tenants.missing')) {
        session.setTenant(null);
        setError('tenant', { message: e.code }, { shouldFocus: true });
        return;
      }
      const rest = applyServerErrors(e, setError, ['email']);
      if (rest) setFormError(problemText(t, rest));
    }
  });

  if (sentTo) {
    return (
      <AuthLayout title={t('passwordReset.sentTitle')}>
        <div role="status" className="flex gap-3">
          <MailCheck className="mt-0.5 h-5 w-5 shrink-0 text-green-600" aria-hidden />
          <p className="text-sm">{t('passwordReset.sent', { email: sentTo })}</p>
        </div>
        <Link to="/login" className={link}>{t('passwordReset.backToLogin')}</Link>
      </AuthLayout>
    );
  }

  return (
    <AuthLayout title={t('passwordReset.requestTitle')}>
      <p className="text-sm text-slate-700 dark:text-slate-300">{t('passwordReset.requestIntro')}</p>
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
        {needsTenant && (
          <Input
            label={t('login.tenant')}
            hint={t('passwordReset.tenantHint')}
            autoCapitalize="none"
            autoCorrect="off"
            error={fieldError(t, formState.errors.tenant?.message)}
            {...register('tenant')}
          />
        )}
        <Input
          label={t('login.email')}
          type="email"
          autoComplete="username"
          inputMode="email"
          error={fieldError(t, formState.errors.email?.message)}
          {...register('email')}
        />
        <Button type="submit" className="h-11 w-full" loading={formState.isSubmitting}>
          {t('passwordReset.send')}
        </Button>
      </form>
      <Link to="/login" className={link}>{t('passwordReset.backToLogin')}</Link>
    </AuthLayout>
  );
}
