// The webhooks' reads, shared by the list, the endpoint's page and the form.
import { useQuery } from '@tanstack/react-query';
import { api, unwrap } from '@/api/client';
import { webhookKeys } from './keys';

/** The catalogue of event types an endpoint may subscribe to; it changes only with a new version. */
export function useEventTypesQuery() {
  return useQuery({
    queryKey: webhookKeys.eventTypes(),
    queryFn: () => unwrap(api.GET('/api/v1/webhooks/event-types')),
    select: (d) => d.items.map((e) => e.type),
    staleTime: 10 * 60_000,
  });
}

export function useEndpointsQuery() {
  return useQuery({
    queryKey: webhookKeys.list(),
    queryFn: () => unwrap(api.GET('/api/v1/webhooks/endpoints')),
  });
}

export function useEndpointQuery(id: string) {
  return useQuery({
    queryKey: webhookKeys.detail(id),
    queryFn: () => unwrap(api.GET('/api/v1/webhooks/endpoints/{id}', { params: { path: { id } } })),
  });
}
