import { useTranslation } from 'react-i18next';
import { Badge } from '@/ui/Badge';
import { STATE_TONE, endpointState, type Endpoint } from './model';

/** Ativo, Pausado, or "Desativado após N falhas" when the server stopped it. */
export function StateBadge({ endpoint }: { endpoint: Pick<Endpoint, 'active' | 'disabledReason' | 'consecutiveFailures'> }) {
  const { t } = useTranslation();
  const state = endpointState(endpoint);
  return (
    <Badge tone={STATE_TONE[state]}>
      {state === 'failing' ? t('webhooks.state.failing', { count: endpoint.consecutiveFailures }) : t(`webhooks.state.${state}`)}
    </Badge>
  );
}
