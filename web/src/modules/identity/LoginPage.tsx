import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { zodResolver } from '@hookform/resolvers/zod';
import { z } from 'zod';
import { Link, Navigate, useNavigate, useSearchParams } from 'react-router';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, unwrap } from '@/api/client';
import { isApiError } from '@/api/problem';
import { usePageTitle } from '@/app/title';
import { useAuth } from '@/auth/AuthProvider';
import { session } from '@/auth/session';
import { LANGUAGES } from '@/i18n';
import { problemText } from '@/i18n/problems';
import { code, fieldError } from '@/lib/forms';
import { Button } from '@/ui/Button';
import { Input } from '@/ui/Field';
import { cn } from '@/ui/cn';
import { tenantKeys } from './keys';

const schema = z.object({
  tenant: z.string(),
  email: z.string().trim().min(1, code('validation.required')).email(code('validation.email')),
  password: z.string().min(1, code('validation.required')),
});
type Form = z.infer<typeof schema>;

/** Where to go after signing in: only paths inside this app. */
function safeNext(next: string | null): string {
  return next && next.startsWith('/') && !next.startsWith('//') ? next : '/';
}

export function LoginPage() {
  const { t, i18n } = useTranslation();
  const { status, signIn, expired } = useAuth();
  const navigate = useNavigate();
  const qc = useQueryClient();
  const [params] = useSearchParams();
  const next = safeNext(params.get('next'));
  const [formError, setFormError] = useState<string | null>(null);
  usePageTitle(t('login.pageTitle'));

  // Which dealership this host names; none means the user types the tenant.
  const tenant = useQuery({
    queryKey: tenantKeys.current(session.tenant),
    queryFn: () => unwrap(api.GET('/api/v1/tenant')),
    retry: false,
    staleTime: Infinity,
  });
  const needsTenant = tenant.isError;
  const typedTenant = Boolean(session.tenant);

  const { register, handleSubmit, setError, formState, watch } = useForm<Form>({
    resolver: zodResolver(schema),
    defaultValues: { tenant: session.tenant ?? '', email: '', password: '' },
  });

  if (status === 'signed_in') return <Navigate to={next} replace />;

  const onSubmit = handleSubmit(async (values) => {
    setFormError(null);
    if (needsTenant) {
      const slug = values.tenant.trim().toLowerCase();
      if (!slug) {
        setError('tenant', { message: code('validation.required') }, { shouldFocus: true });
        return;
      }
      session.setTenant(slug);
    }
    try {
      await signIn(values.email.trim(), values.password);
      navigate(next, { replace: true });
    } catch (e) {
      if (isApiError(e) && (e.code === 'tenants.not_found' || e.code === 'tenants.missing')) {
        session.setTenant(null);
        setError('tenant', { message: e.code }, { shouldFocus: true });
      } else {
        setFormError(problemText(t, e));
      }
    }
  });

  const changeTenant = () => {
    session.setTenant(null);
    void qc.invalidateQueries({ queryKey: tenantKeys.all });
  };

  return (
    <div className="flex min-h-screen items-center justify-center bg-gradient-to-br from-slate-100 to-brand-100 p-4 dark:from-slate-950 dark:to-slate-900">
      <main className="w-full max-w-sm">
        <div className="mb-6 flex flex-col items-center gap-2 text-center">
          <img src="/favicon.svg" alt="" className="h-12 w-12" />
          <h1 className="text-2xl font-semibold">{t('login.title')}</h1>
          {tenant.data && (
            <p className="text-sm text-slate-700 dark:text-slate-300">
              {tenant.data.name}
              {typedTenant && (
                <>
                  {' · '}
                  <button type="button" onClick={changeTenant} className="text-brand-700 underline dark:text-brand-100">
                    {t('login.changeTenant')}
                  </button>
                </>
              )}
            </p>
          )}
        </div>
        <form
          onSubmit={(e) => {
            // A new attempt starts clean: the last one's message would read as this one's answer.
            setFormError(null);
            void onSubmit(e);
          }}
          noValidate
          className="space-y-4 rounded-lg border border-slate-200 bg-white p-6 shadow-sm dark:border-slate-800 dark:bg-slate-900"
        >
          {expired && (
            <p role="status" className="rounded-md bg-amber-50 p-3 text-sm text-amber-900 dark:bg-amber-950 dark:text-amber-100">
              {t('login.expired')}
            </p>
          )}
          {formError && (
            <p role="alert" className="rounded-md bg-red-50 p-3 text-sm text-red-800 dark:bg-red-950 dark:text-red-100">
              {formError}
            </p>
          )}
          {needsTenant && (
            <Input
              label={t('login.tenant')}
              hint={t('login.tenantHint')}
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
          <Input
            label={t('login.password')}
            type="password"
            autoComplete="current-password"
            error={fieldError(t, formState.errors.password?.message)}
            {...register('password')}
          />
          <div className="-mt-2 flex justify-end">
            <Link
              to={`/forgot-password${watch('email').trim() ? `?email=${encodeURIComponent(watch('email').trim())}` : ''}`}
              className="inline-flex min-h-11 items-center text-sm text-brand-700 underline sm:min-h-0 dark:text-brand-100"
            >
              {t('passwordReset.forgot')}
            </Link>
          </div>
          <Button type="submit" className="w-full" loading={formState.isSubmitting}>
            {t('login.submit')}
          </Button>
        </form>
        <div className="mt-4 flex justify-center gap-1 text-sm">
          {LANGUAGES.map((l) => (
            <button
              key={l.code}
              type="button"
              lang={l.code}
              aria-pressed={i18n.language === l.code}
              onClick={() => void i18n.changeLanguage(l.code)}
              className={cn('min-h-11 px-2 sm:min-h-0', i18n.language === l.code ? 'font-semibold text-slate-900 dark:text-white' : 'text-slate-700 underline dark:text-slate-300')}
            >
              {l.label}
            </button>
          ))}
        </div>
      </main>
    </div>
  );
}
