// /admin/webhooks/:id: an endpoint's settings and what the Owner does with it (change it, pause
// or resume it, send a test, replace its secret, delete it), the notice when the server disabled
// it after failing in a row, and its delivery log.
import { useCallback, useState } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Link, useNavigate, useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { AlertTriangle, ArrowLeft, KeyRound, Pause, Pencil, Play, Send, Trash2 } from 'lucide-react';
import { api, ifMatch, unwrap } from '@/api/client';
import { isApiError } from '@/api/problem';
import { usePageTitle } from '@/app/title';
import { fieldText, problemText } from '@/i18n/problems';
import { formatDateTime } from '@/lib/format';
import { Badge } from '@/ui/Badge';
import { Button } from '@/ui/Button';
import { Card } from '@/ui/Card';
import { Dialog } from '@/ui/Dialog';
import { LoadError } from '@/ui/EmptyState';
import { Input } from '@/ui/Field';
import { Skeleton } from '@/ui/Skeleton';
import { useToast } from '@/ui/Toast';
import { useEndpointQuery } from './api';
import { DeliveryLog, useTestOutcome, type Watch } from './DeliveryLog';
import { EndpointDialog } from './EndpointDialog';
import { webhookKeys } from './keys';
import { ALL_TYPES, KEEP_HOURS_DEFAULT, KEEP_HOURS_MAX, endpointState, eventLabel, keepHoursFault, type Delivery, type Endpoint, type EndpointWithSecret } from './model';
import { SecretDialog, VerifyHint } from './SecretDialog';
import { StateBadge } from './StateBadge';

type Open = 'edit' | 'rotate' | 'delete' | null;

export function EndpointPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const endpoint = useEndpointQuery(id);
  const [watch, setWatch] = useState<Watch | null>(null);
  const outcome = useTestOutcome();
  const onWatched = useCallback(
    (d: Delivery | null) => {
      setWatch(null);
      outcome(id, d);
    },
    [id, outcome],
  );
  usePageTitle(endpoint.isError ? t('webhooks.notFound') : endpoint.data?.description || endpoint.data?.url, t('webhooks.title'));

  const back = (
    <Link to="/admin/webhooks" className="inline-flex min-h-11 items-center gap-1 text-sm text-slate-700 hover:underline md:min-h-0 dark:text-slate-300">
      <ArrowLeft className="h-4 w-4" aria-hidden />
      {t('webhooks.title')}
    </Link>
  );
  if (endpoint.isError) {
    return <LoadError error={endpoint.error} notFoundTitle={t('webhooks.notFound')} onRetry={() => void endpoint.refetch()} back={back} />;
  }
  const e = endpoint.data;
  if (!e || e.id !== id) {
    return (
      <div aria-busy="true" className="space-y-4">
        <span role="status" className="sr-only">
          {t('common.loading')}
        </span>
        <Skeleton className="h-10 w-2/3" />
        <Skeleton className="h-40" />
        <Skeleton className="h-64" />
      </div>
    );
  }
  return (
    <>
      <div className="mb-4">{back}</div>
      <Detail endpoint={e} onTestSent={(d) => setWatch({ deliveryId: d.id, until: Date.now() + 20_000 })} />
      <div className="mt-8">
        <DeliveryLog endpointId={e.id} endpointActive={e.active} watch={watch} onWatched={onWatched} />
      </div>
      <div className="mt-6">
        <VerifyHint collapsible />
      </div>
    </>
  );
}

function Detail({ endpoint: e, onTestSent }: { endpoint: Endpoint; onTestSent: (d: Delivery) => void }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const toast = useToast();
  const [open, setOpen] = useState<Open>(null);
  const [secret, setSecret] = useState<EndpointWithSecret | null>(null);
  const conflict = () => {
    toast.error(t('conflict.title'), t('conflict.body'));
    void qc.invalidateQueries({ queryKey: webhookKeys.endpoints() });
  };
  const setActive = useMutation({
    mutationFn: (active: boolean) =>
      unwrap(api.PATCH('/api/v1/webhooks/endpoints/{id}', { params: { path: { id: e.id }, header: ifMatch(e.version) }, body: { active } })),
    onSuccess: (saved) => {
      qc.setQueryData(webhookKeys.detail(e.id), saved);
      void qc.invalidateQueries({ queryKey: webhookKeys.endpoints() });
      toast.success(saved.active ? t('webhooks.actions.resumed') : t('webhooks.actions.paused'));
    },
    onError: (err) => (isApiError(err) && err.status === 412 ? conflict() : toast.error(t('errors.saveFailed'), problemText(t, err))),
  });
  const test = useMutation({
    mutationFn: () => unwrap(api.POST('/api/v1/webhooks/endpoints/{id}/test', { params: { path: { id: e.id } } })),
    onSuccess: (d) => {
      toast.success(t('webhooks.test.sent'));
      void qc.invalidateQueries({ queryKey: webhookKeys.deliveries(e.id) });
      onTestSent(d);
    },
    onError: (err) => toast.error(t('webhooks.test.refused'), problemText(t, err)),
  });
  const state = endpointState(e);
  return (
    <>
      {state === 'failing' && (
        <div role="alert" className="mb-4 flex flex-col gap-3 rounded-md border border-red-300 bg-red-50 p-4 text-sm text-red-950 sm:flex-row sm:items-center dark:border-red-800 dark:bg-red-950 dark:text-red-100">
          <AlertTriangle className="hidden h-5 w-5 shrink-0 sm:block" aria-hidden />
          <div className="flex-1">
            <p className="font-medium">{t('webhooks.banner.title', { count: e.consecutiveFailures })}</p>
            <p>{t('webhooks.banner.body')}</p>
          </div>
          <Button onClick={() => setActive.mutate(true)} loading={setActive.isPending}>
            <Play className="h-4 w-4" aria-hidden />
            {t('webhooks.actions.resume')}
          </Button>
        </div>
      )}
      <div className="mb-4 space-y-2">
        <h1 className="break-all font-mono text-xl font-semibold tracking-tight md:text-2xl">{e.url}</h1>
        {e.description && <p className="break-words text-slate-700 dark:text-slate-300">{e.description}</p>}
        <div className="flex flex-wrap items-center gap-2">
          <StateBadge endpoint={e} />
          {e.active && e.consecutiveFailures > 0 && <Badge tone="amber">{t('webhooks.state.failingNow', { count: e.consecutiveFailures })}</Badge>}
        </div>
      </div>
      <div className="mb-6 grid grid-cols-2 gap-2 sm:flex sm:flex-wrap">
        <Button variant="secondary" onClick={() => setOpen('edit')}>
          <Pencil className="h-4 w-4" aria-hidden />
          {t('common.edit')}
        </Button>
        {e.active ? (
          <Button variant="secondary" onClick={() => setActive.mutate(false)} loading={setActive.isPending}>
            <Pause className="h-4 w-4" aria-hidden />
            {t('webhooks.actions.pause')}
          </Button>
        ) : (
          state === 'paused' && (
            <Button variant="secondary" onClick={() => setActive.mutate(true)} loading={setActive.isPending}>
              <Play className="h-4 w-4" aria-hidden />
              {t('webhooks.actions.resume')}
            </Button>
          )
        )}
        <Button
          variant="secondary"
          className="disabled:opacity-50"
          onClick={() => test.mutate()}
          loading={test.isPending}
          disabled={!e.active}
          title={e.active ? undefined : t('webhooks.test.resumeFirst')}
        >
          <Send className="h-4 w-4" aria-hidden />
          {t('webhooks.actions.test')}
        </Button>
        <Button variant="secondary" onClick={() => setOpen('rotate')}>
          <KeyRound className="h-4 w-4" aria-hidden />
          {t('webhooks.actions.rotate')}
        </Button>
        <Button variant="secondary" className="text-red-700 dark:text-red-400" onClick={() => setOpen('delete')}>
          <Trash2 className="h-4 w-4" aria-hidden />
          {t('common.delete')}
        </Button>
      </div>
      {!e.active && state === 'paused' && <p className="-mt-3 mb-6 text-sm text-slate-600 dark:text-slate-400">{t('webhooks.pausedNote')}</p>}
      <Settings endpoint={e} />
      {open === 'edit' && <EndpointDialog endpoint={e} onClose={() => setOpen(null)} />}
      {open === 'rotate' && (
        <RotateDialog
          endpoint={e}
          onClose={() => setOpen(null)}
          onRotated={(s) => {
            setOpen(null);
            setSecret(s);
          }}
        />
      )}
      {open === 'delete' && <DeleteDialog endpoint={e} onClose={() => setOpen(null)} onConflict={conflict} />}
      {secret && (
        <SecretDialog title={t('webhooks.secret.rotatedTitle')} secret={secret.secret} previousUntil={secret.previousSecretExpiresAt} onDone={() => setSecret(null)} />
      )}
    </>
  );
}

function Settings({ endpoint: e }: { endpoint: Endpoint }) {
  const { t } = useTranslation();
  const all = e.eventTypes.includes(ALL_TYPES);
  const row = 'space-y-1';
  const label = 'text-sm text-slate-600 dark:text-slate-400';
  return (
    <Card className="p-4">
      <h2 className="mb-3 text-lg font-semibold">{t('webhooks.settings.title')}</h2>
      <dl className="grid gap-4 sm:grid-cols-2 lg:grid-cols-4">
        <div className={`${row} sm:col-span-2`}>
          <dt className={label}>{t('webhooks.form.eventTypes')}</dt>
          <dd>
            {all ? (
              t('webhooks.types.all')
            ) : (
              <ul className="flex flex-wrap gap-1.5">
                {e.eventTypes.map((type) => (
                  <li key={type}>
                    <Badge tone="blue">{eventLabel(t, type)}</Badge>
                  </li>
                ))}
              </ul>
            )}
          </dd>
        </div>
        <div className={row}>
          <dt className={label}>{t('webhooks.settings.createdAt')}</dt>
          <dd>{formatDateTime(e.createdAt)}</dd>
        </div>
        <div className={row}>
          <dt className={label}>{t('webhooks.settings.updatedAt')}</dt>
          <dd>{formatDateTime(e.updatedAt)}</dd>
        </div>
        {e.previousSecretExpiresAt && (
          <div className={`${row} sm:col-span-2 lg:col-span-4`}>
            <dt className={label}>{t('webhooks.settings.previousSecret')}</dt>
            <dd>{t('webhooks.settings.previousSecretUntil', { date: formatDateTime(e.previousSecretExpiresAt) })}</dd>
          </div>
        )}
      </dl>
    </Card>
  );
}

function RotateDialog({ endpoint: e, onClose, onRotated }: { endpoint: Endpoint; onClose: () => void; onRotated: (s: EndpointWithSecret) => void }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const toast = useToast();
  const [hours, setHours] = useState(String(KEEP_HOURS_DEFAULT));
  const [fault, setFault] = useState<string | null>(null);
  const rotate = useMutation({
    mutationFn: (keepPreviousForHours: number) =>
      unwrap(api.POST('/api/v1/webhooks/endpoints/{id}/secret', { params: { path: { id: e.id } }, body: { keepPreviousForHours } })),
    onSuccess: (s) => {
      void qc.invalidateQueries({ queryKey: webhookKeys.endpoints() });
      onRotated(s);
    },
    onError: (err) => {
      const onField = isApiError(err) ? err.fieldErrors.find((f) => f.pointer === '/keepPreviousForHours') : undefined;
      if (onField) setFault(onField.code);
      else toast.error(t('errors.saveFailed'), problemText(t, err));
    },
  });
  return (
    <Dialog
      open
      onOpenChange={(o) => !o && onClose()}
      title={t('webhooks.rotate.title')}
      description={t('webhooks.rotate.body')}
      footer={
        <>
          <Button variant="secondary" onClick={onClose}>
            {t('common.cancel')}
          </Button>
          <Button type="submit" form="webhook-rotate-form" loading={rotate.isPending}>
            {t('webhooks.rotate.confirm')}
          </Button>
        </>
      }
    >
      <form
        id="webhook-rotate-form"
        noValidate
        onSubmit={(ev) => {
          ev.preventDefault();
          const f = keepHoursFault(hours);
          if (f) setFault(f);
          else rotate.mutate(Number(hours.trim()));
        }}
      >
        <Input
          label={t('webhooks.rotate.keepHours')}
          inputMode="numeric"
          value={hours}
          hint={t('webhooks.rotate.keepHoursHint', { max: KEEP_HOURS_MAX })}
          error={fault ? `${fieldText(t, fault)} ${t('webhooks.rotate.keepHoursHint', { max: KEEP_HOURS_MAX })}` : undefined}
          onChange={(ev) => {
            setHours(ev.target.value.replace(/\D/g, '').slice(0, 3));
            setFault(null);
          }}
        />
      </form>
    </Dialog>
  );
}

function DeleteDialog({ endpoint: e, onClose, onConflict }: { endpoint: Endpoint; onClose: () => void; onConflict: () => void }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const toast = useToast();
  const navigate = useNavigate();
  const gone = () => {
    qc.removeQueries({ queryKey: webhookKeys.detail(e.id) });
    void qc.invalidateQueries({ queryKey: webhookKeys.list() });
    navigate('/admin/webhooks', { replace: true });
  };
  const remove = useMutation({
    mutationFn: () => unwrap(api.DELETE('/api/v1/webhooks/endpoints/{id}', { params: { path: { id: e.id }, header: ifMatch(e.version) } })),
    onSuccess: () => {
      toast.success(t('webhooks.delete.done'));
      gone();
    },
    onError: (err) => {
      if (isApiError(err) && err.status === 404) return gone();
      onClose();
      if (isApiError(err) && err.status === 412) onConflict();
      else toast.error(t('webhooks.delete.failed'), problemText(t, err));
    },
  });
  return (
    <Dialog
      open
      onOpenChange={(o) => !o && onClose()}
      title={t('webhooks.delete.title')}
      description={t('webhooks.delete.body', { url: e.url })}
      footer={
        <>
          <Button variant="secondary" onClick={onClose}>
            {t('common.cancel')}
          </Button>
          <Button variant="danger" loading={remove.isPending} onClick={() => remove.mutate()}>
            {t('webhooks.delete.confirm')}
          </Button>
        </>
      }
    >
      {null}
    </Dialog>
  );
}
