import { useTranslation } from 'react-i18next';
import { EMPTY, formatNumber } from '@/lib/format';
import { Badge } from '@/ui/Badge';
import { DELIVERY_TONE, deliveryStatus } from './model';

/** What a delivery's last answer was: `200`, or the empty mark when none came. */
export function httpStatus(status: number | null | undefined): string {
  return status === null || status === undefined ? EMPTY : String(status);
}

export function latency(ms: number | null | undefined): string {
  return ms === null || ms === undefined ? EMPTY : `${formatNumber(ms)} ms`;
}

export function DeliveryBadge({ status }: { status: string }) {
  const { t } = useTranslation();
  const s = deliveryStatus(status);
  return <Badge tone={s ? DELIVERY_TONE[s] : 'gray'}>{s ? t(`webhooks.delivery.${s}`) : status}</Badge>;
}
