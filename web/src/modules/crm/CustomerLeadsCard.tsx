import { useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { Link, useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import { ClipboardList, Plus } from 'lucide-react';
import { api, unwrap } from '@/api/client';
import { formatDateTime } from '@/lib/format';
import { Button } from '@/ui/Button';
import { Card } from '@/ui/Card';
import { Dialog } from '@/ui/Dialog';
import { QueryView } from '@/ui/QueryView';
import { Skeleton } from '@/ui/Skeleton';
import { ActivityDialog } from './ActivityDialog';
import { customerKeys } from './keys';
import { ActivityItem } from './LeadPage';
import { NewLeadForm } from './NewLeadForm';
import { ScoreBadge, StageBadge, useCrmList } from './leads/shared';

/** The customer's leads on the 360 view, newest first, and "Novo lead". */
export function CustomerLeadsCard({ customerId, storeId, canCreate }: { customerId: string; storeId: string | null; canCreate: boolean }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const sources = useCrmList('source');
  const [creating, setCreating] = useState(false);
  const leads = useQuery({
    queryKey: customerKeys.leads(customerId),
    queryFn: () => unwrap(api.GET('/api/v1/leads', { params: { query: { customerId, pageSize: 20, sort: '-createdAt' } } })),
  });
  return (
    <Card className="p-5">
      <div className="mb-4 flex flex-wrap items-center justify-between gap-2">
        <h2 className="font-semibold">{t('leads.customerCard.leads')}</h2>
        {canCreate && (
          <Button size="sm" variant="secondary" onClick={() => setCreating(true)}>
            <Plus className="h-4 w-4" aria-hidden />
            {t('leads.new.button')}
          </Button>
        )}
      </div>
      <QueryView query={leads} compact skeleton={<Skeleton className="h-20" />}>
        {(page) =>
          page.items.length === 0 ? (
            <p className="text-sm text-slate-600 dark:text-slate-400">{t('leads.customerCard.noLeads')}</p>
          ) : (
            <ul className="divide-y divide-slate-100 dark:divide-slate-800">
              {page.items.map((l) => (
                <li key={l.id} className="flex flex-wrap items-center gap-2 py-2">
                  <Link to={`/leads/${l.id}`} className="inline-flex min-h-11 min-w-0 flex-1 items-center font-medium text-brand-700 hover:underline md:min-h-0 dark:text-brand-100">
                    {[l.make, l.model].filter(Boolean).join(' ') || t('leads.noInterest')}
                  </Link>
                  <StageBadge stage={l.stage} />
                  <ScoreBadge score={l.score} />
                  <span className="w-full text-xs text-slate-600 dark:text-slate-400">
                    {sources.label(l.source)} · {formatDateTime(l.createdAt)}
                  </span>
                </li>
              ))}
            </ul>
          )
        }
      </QueryView>
      {creating && (
        <Dialog open onOpenChange={(o) => !o && setCreating(false)} title={t('leads.new.title')}>
          <NewLeadForm customerId={customerId} storeId={storeId} onCreated={(lead) => navigate(`/leads/${lead.id}`)} onCancel={() => setCreating(false)} />
        </Dialog>
      )}
    </Card>
  );
}

/** The customer's activities and tasks on the 360 view, newest first, and "Registrar atividade". */
export function CustomerActivitiesCard({ customerId, canLog }: { customerId: string; canLog: boolean }) {
  const { t } = useTranslation();
  const [logging, setLogging] = useState(false);
  const activities = useQuery({
    queryKey: customerKeys.activities(customerId),
    queryFn: () => unwrap(api.GET('/api/v1/customers/{id}/activities', { params: { path: { id: customerId } } })),
  });
  return (
    <Card className="p-5">
      <div className="mb-4 flex flex-wrap items-center justify-between gap-2">
        <h2 className="font-semibold">{t('leads.customerCard.activities')}</h2>
        {canLog && (
          <Button size="sm" variant="secondary" onClick={() => setLogging(true)}>
            <ClipboardList className="h-4 w-4" aria-hidden />
            {t('leads.activity.log')}
          </Button>
        )}
      </div>
      <QueryView query={activities} compact skeleton={<Skeleton className="h-20" />}>
        {(data) =>
          data.items.length === 0 ? (
            <p className="text-sm text-slate-600 dark:text-slate-400">{t('leads.customerCard.noActivities')}</p>
          ) : (
            <ol className="space-y-3">
              {data.items.slice(0, 20).map((a) => (
                <ActivityItem key={a.id} a={a} />
              ))}
            </ol>
          )
        }
      </QueryView>
      {logging && <ActivityDialog subject={{ customerId }} customerId={customerId} onClose={() => setLogging(false)} />}
    </Card>
  );
}
