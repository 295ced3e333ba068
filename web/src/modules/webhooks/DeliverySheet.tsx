// One delivery: the body exactly as it was signed and sent (indented to read), each attempt with
// the receiver's status, latency, the start of its answer and what went wrong, and "Reenviar".
import { useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { RotateCw } from 'lucide-react';
import { api, unwrap } from '@/api/client';
import { problemText } from '@/i18n/problems';
import { formatDateTime, formatNumber } from '@/lib/format';
import { BottomSheet } from '@/ui/BottomSheet';
import { Button } from '@/ui/Button';
import { cn } from '@/ui/cn';
import { QueryView } from '@/ui/QueryView';
import { Skeleton } from '@/ui/Skeleton';
import { useToast } from '@/ui/Toast';
import { DeliveryBadge, httpStatus, latency } from './DeliveryBadge';
import { webhookKeys } from './keys';
import { eventLabel, prettyJson, type Attempt, type DeliveryDetail } from './model';

const pre =
  'max-h-72 overflow-auto whitespace-pre rounded-md bg-slate-100 p-3 font-mono text-xs text-slate-900 focus:outline-none focus-visible:ring-2 focus-visible:ring-brand-600 dark:bg-slate-950 dark:text-slate-100';

export function DeliverySheet({
  deliveryId,
  endpointId,
  endpointActive,
  onClose,
}: {
  deliveryId: string;
  endpointId: string;
  /** A paused or disabled endpoint sends nothing, a redelivery included. */
  endpointActive: boolean;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const toast = useToast();
  // After "Reenviar": the attempts there were, asked again until a new one is in (10 s at most).
  const [waiting, setWaiting] = useState<{ attempts: number; until: number } | null>(null);
  const detail = useQuery({
    queryKey: webhookKeys.delivery(deliveryId),
    queryFn: () => unwrap(api.GET('/api/v1/webhooks/deliveries/{id}', { params: { path: { id: deliveryId } } })),
    refetchInterval: (q) => {
      const d = q.state.data;
      if (!waiting || Date.now() > waiting.until || (d && d.attemptsLog.length > waiting.attempts)) return false;
      return 1000;
    },
  });
  const redeliver = useMutation({
    mutationFn: () => unwrap(api.POST('/api/v1/webhooks/deliveries/{id}/redeliver', { params: { path: { id: deliveryId } } })),
    onSuccess: () => {
      toast.success(t('webhooks.delivery.redelivered'));
      setWaiting({ attempts: detail.data?.attemptsLog.length ?? 0, until: Date.now() + 10_000 });
      void qc.invalidateQueries({ queryKey: webhookKeys.delivery(deliveryId) });
      void qc.invalidateQueries({ queryKey: webhookKeys.deliveries(endpointId) });
    },
    onError: (e) => toast.error(t('webhooks.delivery.redeliverFailed'), problemText(t, e)),
  });
  const title = detail.data ? eventLabel(t, detail.data.eventType) : t('webhooks.delivery.title');
  return (
    <BottomSheet
      open
      onOpenChange={(o) => !o && onClose()}
      title={title}
      description={detail.data ? formatDateTime(detail.data.createdAt) : undefined}
      footer={
        <div className="flex w-full flex-wrap items-center justify-end gap-2">
          {!endpointActive && <p className="mr-auto text-sm text-slate-600 dark:text-slate-400">{t('webhooks.delivery.resumeFirst')}</p>}
          <Button variant="secondary" onClick={onClose}>
            {t('common.close')}
          </Button>
          <Button disabled={!endpointActive || !detail.data} loading={redeliver.isPending} onClick={() => redeliver.mutate()}>
            <RotateCw className="h-4 w-4" aria-hidden />
            {t('webhooks.delivery.redeliver')}
          </Button>
        </div>
      }
    >
      <QueryView query={detail} skeleton={<Skeleton className="h-64" />}>
        {(d) => <DeliveryBody delivery={d} />}
      </QueryView>
    </BottomSheet>
  );
}

function DeliveryBody({ delivery: d }: { delivery: DeliveryDetail }) {
  const { t } = useTranslation();
  const row = 'flex flex-wrap justify-between gap-x-4 gap-y-0.5 py-1.5';
  const label = 'text-slate-600 dark:text-slate-400';
  return (
    <div className="space-y-5 text-sm">
      <dl className="divide-y divide-slate-100 dark:divide-slate-800">
        <div className={row}>
          <dt className={label}>{t('webhooks.log.status')}</dt>
          <dd>
            <DeliveryBadge status={d.status} />
          </dd>
        </div>
        {d.deliveredAt && (
          <div className={row}>
            <dt className={label}>{t('webhooks.delivery.deliveredAt')}</dt>
            <dd>{formatDateTime(d.deliveredAt)}</dd>
          </div>
        )}
        {d.status === 'pending' && d.nextAttemptAt && (
          <div className={row}>
            <dt className={label}>{t('webhooks.delivery.nextAttempt')}</dt>
            <dd>{formatDateTime(d.nextAttemptAt)}</dd>
          </div>
        )}
        <div className={row}>
          <dt className={label}>{t('webhooks.log.attempts')}</dt>
          <dd className="tabular-nums">{formatNumber(d.attempts)}</dd>
        </div>
        <div className={row}>
          <dt className={label}>{t('webhooks.delivery.eventId')}</dt>
          <dd className="break-all font-mono text-xs">{d.eventId}</dd>
        </div>
      </dl>
      <section aria-labelledby="webhook-body-title">
        <h3 id="webhook-body-title" className="mb-2 font-semibold">
          {t('webhooks.delivery.body')}
        </h3>
        <pre tabIndex={0} aria-labelledby="webhook-body-title" className={pre}>
          {prettyJson(d.body)}
        </pre>
      </section>
      <section aria-labelledby="webhook-attempts-title">
        <h3 id="webhook-attempts-title" className="mb-2 font-semibold">
          {t('webhooks.delivery.attemptsLog')}
        </h3>
        {d.attemptsLog.length === 0 ? (
          <p className="text-slate-600 dark:text-slate-400">{t('webhooks.delivery.noAttempts')}</p>
        ) : (
          <ol className="space-y-3">
            {d.attemptsLog.map((a) => (
              <AttemptItem key={a.number} attempt={a} />
            ))}
          </ol>
        )}
      </section>
    </div>
  );
}

function AttemptItem({ attempt: a }: { attempt: Attempt }) {
  const { t } = useTranslation();
  const ok = a.status !== null && a.status !== undefined && a.status >= 200 && a.status < 300;
  return (
    <li className="rounded-md border border-slate-200 p-3 dark:border-slate-800" aria-label={t('webhooks.delivery.attempt', { number: a.number })}>
      <p className="flex flex-wrap items-center gap-x-2 gap-y-1">
        <span className="font-medium">{t('webhooks.delivery.attempt', { number: a.number })}</span>
        <span className="text-slate-600 dark:text-slate-400">{formatDateTime(a.attemptedAt)}</span>
      </p>
      <p className="mt-1 tabular-nums">
        <span className={ok ? 'font-medium text-green-800 dark:text-green-300' : 'font-medium text-red-700 dark:text-red-400'}>
          {a.status === null || a.status === undefined ? t('webhooks.delivery.noAnswer') : t('webhooks.delivery.http', { status: httpStatus(a.status) })}
        </span>
        {' · '}
        {latency(a.latencyMs)}
      </p>
      {a.error && <p className="mt-1 break-words text-red-700 dark:text-red-400">{a.error}</p>}
      {a.excerpt && (
        <>
          <p className="mt-2 text-xs text-slate-600 dark:text-slate-400">{t('webhooks.delivery.excerpt')}</p>
          <pre tabIndex={0} aria-label={t('webhooks.delivery.excerptOf', { number: a.number })} className={cn(pre, 'mt-1 max-h-40 whitespace-pre-wrap break-all')}>
            {a.excerpt}
          </pre>
        </>
      )}
    </li>
  );
}
