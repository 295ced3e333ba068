// /admin/webhooks: the tenant's endpoints (address, what they take, whether deliveries go), a new
// one registered with its secret shown once, and what webhooks are for when there is none yet.
import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import { ChevronRight, Plus, Webhook } from 'lucide-react';
import { usePageTitle } from '@/app/title';
import { Badge } from '@/ui/Badge';
import { Button } from '@/ui/Button';
import { Card, PageHeader } from '@/ui/Card';
import { EmptyState } from '@/ui/EmptyState';
import { QueryView } from '@/ui/QueryView';
import { Skeleton } from '@/ui/Skeleton';
import { useEndpointsQuery } from './api';
import { EndpointDialog } from './EndpointDialog';
import { SecretDialog, VerifyHint } from './SecretDialog';
import { StateBadge } from './StateBadge';
import { typesSummary, type Endpoint, type EndpointWithSecret } from './model';

export function WebhooksPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  usePageTitle(t('webhooks.title'));
  const endpoints = useEndpointsQuery();
  const [creating, setCreating] = useState(false);
  const [made, setMade] = useState<EndpointWithSecret | null>(null);
  const newButton = (
    <Button onClick={() => setCreating(true)}>
      <Plus className="h-4 w-4" aria-hidden />
      {t('webhooks.new')}
    </Button>
  );
  return (
    <>
      <PageHeader title={t('webhooks.title')} actions={newButton}>
        {t('webhooks.intro')}
      </PageHeader>
      <Card>
        <QueryView
          query={endpoints}
          skeleton={<div className="space-y-2 p-4">{Array.from({ length: 3 }, (_, i) => <Skeleton key={i} className="h-16" />)}</div>}
        >
          {(data) =>
            data.items.length === 0 ? (
              <EmptyState icon={Webhook} title={t('webhooks.emptyTitle')} action={newButton}>
                {t('webhooks.emptyBody')}
              </EmptyState>
            ) : (
              <ul aria-label={t('webhooks.listLabel')} className="divide-y divide-slate-100 dark:divide-slate-800">
                {data.items.map((e) => (
                  <EndpointItem key={e.id} endpoint={e} />
                ))}
              </ul>
            )
          }
        </QueryView>
      </Card>
      <div className="mt-6">
        <VerifyHint collapsible />
      </div>
      {creating && (
        <EndpointDialog
          onClose={() => setCreating(false)}
          onCreated={(e) => {
            setCreating(false);
            setMade(e);
          }}
        />
      )}
      {made && (
        <SecretDialog
          title={t('webhooks.secret.createdTitle')}
          secret={made.secret}
          onDone={() => {
            setMade(null);
            navigate(`/admin/webhooks/${made.id}`);
          }}
        />
      )}
    </>
  );
}

export function EndpointItem({ endpoint: e }: { endpoint: Endpoint }) {
  const { t } = useTranslation();
  return (
    <li>
      <Link
        to={`/admin/webhooks/${e.id}`}
        className="flex items-center gap-3 p-4 hover:bg-slate-50 focus-visible:bg-slate-50 dark:hover:bg-slate-800/50 dark:focus-visible:bg-slate-800/50"
      >
        <div className="min-w-0 flex-1 space-y-1">
          <p className="break-all font-mono text-sm font-medium text-brand-700 dark:text-brand-100">{e.url}</p>
          {e.description && <p className="break-words text-sm">{e.description}</p>}
          <p className="text-sm text-slate-600 dark:text-slate-400">{typesSummary(t, e.eventTypes)}</p>
          <div className="flex flex-wrap items-center gap-2 pt-0.5">
            <StateBadge endpoint={e} />
            {e.active && e.consecutiveFailures > 0 && <Badge tone="amber">{t('webhooks.state.failingNow', { count: e.consecutiveFailures })}</Badge>}
          </div>
        </div>
        <ChevronRight className="h-5 w-5 shrink-0 text-slate-400" aria-hidden />
      </Link>
    </li>
  );
}
