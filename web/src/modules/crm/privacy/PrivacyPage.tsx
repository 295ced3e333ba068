// /admin/privacy: the data-subject requests (LGPD art. 18) the Owner answers. Open ones soonest
// due first, overdue ones marked; closed ones on the second tab; closing takes the answer given.
import { useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { Tabs } from 'radix-ui';
import { AlertTriangle, CheckCircle2, ExternalLink } from 'lucide-react';
import { api, unwrap } from '@/api/client';
import { usePageTitle } from '@/app/title';
import { problemText } from '@/i18n/problems';
import { formatDate } from '@/lib/format';
import { Badge } from '@/ui/Badge';
import { Button } from '@/ui/Button';
import { Card, PageHeader } from '@/ui/Card';
import { Dialog } from '@/ui/Dialog';
import { EmptyState } from '@/ui/EmptyState';
import { TextArea } from '@/ui/Field';
import { QueryView } from '@/ui/QueryView';
import { Skeleton } from '@/ui/Skeleton';
import { useToast } from '@/ui/Toast';
import { customerKeys } from '../keys';
import { privacyKeys } from './keys';
import { byClosed, byDue, closeBody, type CloseForm, type DataRequest } from './model';

type Tab = 'open' | 'closed';

const tabClass =
  'inline-flex min-h-11 items-center gap-2 border-b-2 border-transparent px-4 text-sm font-medium text-slate-600 hover:text-slate-900 data-[state=active]:border-brand-600 data-[state=active]:text-brand-700 md:min-h-10 dark:text-slate-400 dark:hover:text-slate-100 dark:data-[state=active]:text-brand-100';

export function PrivacyPage() {
  const { t } = useTranslation();
  const [tab, setTab] = useState<Tab>('open');
  const [closing, setClosing] = useState<DataRequest | null>(null);
  usePageTitle(t('privacy.title'));

  const open = useQuery({
    queryKey: privacyKeys.list('open'),
    queryFn: () => unwrap(api.GET('/api/v1/crm/data-requests', { params: { query: { status: 'open' } } })),
    select: (d) => byDue(d.items),
  });
  const closed = useQuery({
    queryKey: privacyKeys.list('closed'),
    queryFn: () => unwrap(api.GET('/api/v1/crm/data-requests')),
    select: (d) => byClosed(d.items.filter((r) => r.status !== 'open')),
    enabled: tab === 'closed',
  });

  return (
    <>
      <PageHeader title={t('privacy.title')}>{t('privacy.subtitle')}</PageHeader>
      <Tabs.Root value={tab} onValueChange={(v) => setTab(v as Tab)}>
        <Tabs.List aria-label={t('privacy.tabs.label')} className="mb-4 flex gap-1 border-b border-slate-200 dark:border-slate-800">
          <Tabs.Trigger value="open" className={tabClass}>
            {t('privacy.tabs.open')}
            {open.data && open.data.length > 0 && <Badge tone="blue">{open.data.length}</Badge>}
          </Tabs.Trigger>
          <Tabs.Trigger value="closed" className={tabClass}>
            {t('privacy.tabs.closed')}
          </Tabs.Trigger>
        </Tabs.List>
        <Tabs.Content value="open">
          <Card>
            <QueryView query={open} skeleton={<ListSkeleton />}>
              {(items) =>
                items.length === 0 ? (
                  <EmptyState title={t('privacy.emptyOpen')}>{t('privacy.emptyOpenBody')}</EmptyState>
                ) : (
                  <RequestList items={items} onClose={setClosing} />
                )
              }
            </QueryView>
          </Card>
        </Tabs.Content>
        <Tabs.Content value="closed">
          <Card>
            <QueryView query={closed} skeleton={<ListSkeleton />}>
              {(items) => (items.length === 0 ? <EmptyState title={t('privacy.emptyClosed')} /> : <RequestList items={items} />)}
            </QueryView>
          </Card>
        </Tabs.Content>
      </Tabs.Root>
      {closing && <CloseDialog request={closing} onDone={() => setClosing(null)} />}
    </>
  );
}

function ListSkeleton() {
  return (
    <div className="space-y-2 p-4">
      {Array.from({ length: 3 }, (_, i) => (
        <Skeleton key={i} className="h-14" />
      ))}
    </div>
  );
}

function RequestList({ items, onClose }: { items: DataRequest[]; onClose?: (r: DataRequest) => void }) {
  const { t } = useTranslation();
  return (
    <>
      <p className="sr-only" role="status">
        {t('privacy.count', { count: items.length })}
      </p>
      <ul className="divide-y divide-slate-100 dark:divide-slate-800">
        {items.map((r) => {
          const kind = t(`privacy.kinds.${r.kind}`);
          const received = formatDate(r.receivedAt);
          return (
            <li key={r.id} className="flex flex-wrap items-start justify-between gap-3 p-4" aria-label={`${kind} · ${received}`}>
              <div className="min-w-0 flex-1 space-y-1">
                <p className="flex flex-wrap items-center gap-2 font-medium">
                  {kind}
                  {r.status === 'open' ? (
                    r.overdue && (
                      <Badge tone="red">
                        <AlertTriangle className="mr-1 inline h-3 w-3" aria-hidden />
                        {t('privacy.overdue')}
                      </Badge>
                    )
                  ) : (
                    <Badge tone={r.status === 'completed' ? 'green' : 'gray'}>{t(`privacy.status.${r.status}`)}</Badge>
                  )}
                </p>
                <dl className="flex flex-wrap gap-x-5 gap-y-1 text-sm text-slate-700 dark:text-slate-300">
                  <div className="flex gap-1">
                    <dt className="text-slate-600 dark:text-slate-400">{t('privacy.col.received')}:</dt>
                    <dd>{received}</dd>
                  </div>
                  <div className="flex gap-1">
                    <dt className="text-slate-600 dark:text-slate-400">{t('privacy.col.channel')}:</dt>
                    <dd>{r.channel}</dd>
                  </div>
                  {r.status === 'open' ? (
                    <div className="flex gap-1">
                      <dt className="text-slate-600 dark:text-slate-400">{t('privacy.col.due')}:</dt>
                      <dd className={r.overdue ? 'font-semibold text-red-700 dark:text-red-400' : undefined}>{formatDate(r.dueOn)}</dd>
                    </div>
                  ) : (
                    <div className="flex gap-1">
                      <dt className="text-slate-600 dark:text-slate-400">{t('privacy.col.closed')}:</dt>
                      <dd>{formatDate(r.closedAt)}</dd>
                    </div>
                  )}
                </dl>
                {r.details && <p className="whitespace-pre-line text-sm text-slate-700 dark:text-slate-300">{r.details}</p>}
                {r.answer && (
                  <p className="whitespace-pre-line text-sm">
                    <span className="text-slate-600 dark:text-slate-400">{t('privacy.col.answer')}: </span>
                    {r.answer}
                  </p>
                )}
              </div>
              <div className="flex flex-wrap gap-2">
                <Link
                  to={`/customers/${r.customerId}`}
                  aria-label={t('privacy.openCustomerLabel', { kind, date: received })}
                  className="inline-flex min-h-11 items-center gap-1 rounded-md px-2 text-sm text-brand-700 underline md:min-h-8 dark:text-brand-100"
                >
                  <ExternalLink className="h-4 w-4" aria-hidden />
                  {r.customerName || t('privacy.openCustomer')}
                </Link>
                {onClose && (
                  <Button size="sm" variant="secondary" aria-label={t('privacy.close.openLabel', { kind, date: received })} onClick={() => onClose(r)}>
                    <CheckCircle2 className="h-4 w-4" aria-hidden />
                    {t('privacy.close.open')}
                  </Button>
                )}
              </div>
            </li>
          );
        })}
      </ul>
    </>
  );
}

export function CloseDialog({ request, onDone }: { request: DataRequest; onDone: () => void }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const toast = useToast();
  const [form, setForm] = useState<CloseForm>({ outcome: 'completed', answer: '' });
  const [missing, setMissing] = useState(false);
  const close = useMutation({
    mutationFn: (f: CloseForm) => unwrap(api.POST('/api/v1/crm/data-requests/{id}/close', { params: { path: { id: request.id } }, body: closeBody(f) })),
    onSuccess: () => {
      toast.success(t('privacy.close.done'));
      void qc.invalidateQueries({ queryKey: privacyKeys.requests() });
      void qc.invalidateQueries({ queryKey: customerKeys.detail(request.customerId) });
      onDone();
    },
    onError: (e) => {
      toast.error(t('errors.saveFailed'), problemText(t, e));
      void qc.invalidateQueries({ queryKey: privacyKeys.requests() });
    },
  });
  const kind = t(`privacy.kinds.${request.kind}`);
  return (
    <Dialog
      open
      onOpenChange={(o) => !o && onDone()}
      dirty={form.answer.trim() !== ''}
      title={t('privacy.close.title')}
      description={t('privacy.close.body', { kind, date: formatDate(request.receivedAt) })}
      footer={
        <>
          <Button variant="secondary" onClick={onDone}>
            {t('common.cancel')}
          </Button>
          <Button type="submit" form="close-request-form" loading={close.isPending}>
            {t('privacy.close.confirm')}
          </Button>
        </>
      }
    >
      <form
        id="close-request-form"
        noValidate
        className="space-y-4"
        onSubmit={(e) => {
          e.preventDefault();
          if (!form.answer.trim()) return setMissing(true);
          close.mutate(form);
        }}
      >
        <fieldset>
          <legend className="mb-2 text-sm font-medium text-slate-700 dark:text-slate-300">{t('privacy.close.outcome')}</legend>
          <div className="flex flex-wrap gap-4">
            {(['completed', 'refused'] as const).map((o) => (
              <label key={o} className="flex min-h-11 items-center gap-2 text-sm md:min-h-0">
                <input type="radio" name="outcome" className="h-4 w-4" checked={form.outcome === o} onChange={() => setForm({ ...form, outcome: o })} />
                {t(`privacy.close.${o}`)}
              </label>
            ))}
          </div>
        </fieldset>
        <TextArea
          label={t('privacy.close.answer')}
          placeholder={t('privacy.close.answerHint')}
          error={missing ? t('privacy.close.answerRequired') : undefined}
          rows={4}
          maxLength={5000}
          value={form.answer}
          onChange={(e) => {
            setForm({ ...form, answer: e.target.value });
            setMissing(false);
          }}
        />
      </form>
    </Dialog>
  );
}
