// The query keys of the webhooks. Invalidate `webhookKeys.endpoints()` after any change to an
// endpoint (the list, its page and its delivery log hang under it); a delivery's detail has its own.
import type { DeliveryStatus } from './model';

export interface DeliveryFilters {
  status: DeliveryStatus | null;
  eventType: string | null;
  page: number;
}

export const webhookKeys = {
  all: ['webhooks'] as const,
  eventTypes: () => [...webhookKeys.all, 'eventTypes'] as const,
  endpoints: () => [...webhookKeys.all, 'endpoints'] as const,
  list: () => [...webhookKeys.endpoints(), 'list'] as const,
  detail: (id: string) => [...webhookKeys.endpoints(), 'detail', id] as const,
  deliveries: (id: string) => [...webhookKeys.detail(id), 'deliveries'] as const,
  deliveryList: (id: string, filters: DeliveryFilters) => [...webhookKeys.deliveries(id), filters] as const,
  delivery: (id: string) => [...webhookKeys.all, 'delivery', id] as const,
};
