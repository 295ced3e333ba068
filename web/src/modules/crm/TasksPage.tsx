import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { Check } from 'lucide-react';
import { api, unwrap } from '@/api/client';
import { useStoreScope } from '@/app/StoreScope';
import { usePageTitle } from '@/app/title';
import { problemText } from '@/i18n/problems';
import { formatDateTime } from '@/lib/format';
import { Badge } from '@/ui/Badge';
import { Button } from '@/ui/Button';
import { Card, PageHeader } from '@/ui/Card';
import { EmptyState } from '@/ui/EmptyState';
import { QueryView } from '@/ui/QueryView';
import { Skeleton } from '@/ui/Skeleton';
import { useToast } from '@/ui/Toast';
import { useStoreTimeZone } from '@/modules/vehicles/storeTime';
import { customerKeys, leadKeys } from './keys';
import { endOfTodayIn, type Activity } from './leads/model';

/** The signed-in user's open tasks due by the end of today (overdue first), each to mark done. */
export function TasksPage() {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const toast = useToast();
  const { storeId } = useStoreScope();
  const timeZone = useStoreTimeZone(storeId);
  const dueBefore = endOfTodayIn(timeZone);
  usePageTitle(t('tasks.title'));
  const tasks = useQuery({
    queryKey: leadKeys.tasks(dueBefore),
    queryFn: () => unwrap(api.GET('/api/v1/tasks', { params: { query: { dueBefore } } })),
  });
  const done = useMutation({
    mutationFn: (a: Activity) => unwrap(api.POST('/api/v1/activities/{id}/done', { params: { path: { id: a.id } } })),
    onSuccess: (_r, a) => {
      void qc.invalidateQueries({ queryKey: [...leadKeys.all, 'tasks'] });
      void qc.invalidateQueries({ queryKey: customerKeys.activities(a.customerId) });
      if (a.leadId) void qc.invalidateQueries({ queryKey: leadKeys.timeline(a.leadId) });
      toast.success(t('tasks.completed'));
    },
    onError: (e) => toast.error(t('errors.saveFailed'), problemText(t, e)),
  });
  const now = new Date().toISOString();
  return (
    <>
      <PageHeader title={t('tasks.title')}>{t('tasks.subtitle')}</PageHeader>
      <QueryView query={tasks} skeleton={<Skeleton className="h-48" />}>
        {(data) => {
          const open = data.items.filter((a) => !a.doneAt).sort((a, b) => ((a.dueAt ?? '') < (b.dueAt ?? '') ? -1 : 1));
          if (open.length === 0) return <EmptyState title={t('tasks.empty')}>{t('tasks.emptyBody')}</EmptyState>;
          return (
            <ul className="space-y-3">
              {open.map((a) => {
                const overdue = Boolean(a.dueAt && a.dueAt < now);
                return (
                  <li key={a.id}>
                    <Card className="flex flex-wrap items-center gap-3 p-4">
                      <div className="min-w-0 flex-1">
                        <p className="font-medium">{a.body || t('leads.activity.kinds.task')}</p>
                        <p className="mt-1 flex flex-wrap items-center gap-2 text-sm text-slate-600 dark:text-slate-400">
                          {overdue ? <Badge tone="red">{t('tasks.overdue')}</Badge> : <Badge tone="blue">{t('tasks.today')}</Badge>}
                          {t('tasks.due', { time: formatDateTime(a.dueAt) })}
                        </p>
                        <p className="mt-1 text-sm">
                          {a.leadId ? (
                            <Link to={`/leads/${a.leadId}`} className="inline-flex min-h-11 items-center text-brand-700 underline md:min-h-0 dark:text-brand-100">
                              {t('tasks.openLead')}
                            </Link>
                          ) : (
                            <Link to={`/customers/${a.customerId}`} className="inline-flex min-h-11 items-center text-brand-700 underline md:min-h-0 dark:text-brand-100">
                              {t('tasks.openCustomer')}
                            </Link>
                          )}
                        </p>
                      </div>
                      <Button variant="secondary" loading={done.isPending && done.variables?.id === a.id} onClick={() => done.mutate(a)} aria-label={t('tasks.doneLabel', { body: a.body || t('leads.activity.kinds.task') })}>
                        <Check className="h-4 w-4" aria-hidden />
                        {t('tasks.done')}
                      </Button>
                    </Card>
                  </li>
                );
              })}
            </ul>
          );
        }}
      </QueryView>
    </>
  );
}
