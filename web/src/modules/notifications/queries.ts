// The notifications' reads and writes. The bell's number is asked for every minute, as the
// approvals' count in the menu is (there is no push from the server yet), and again when the user
// comes back to the tab; reading one notification or all of them makes every notification query
// stale, so the number and the lists agree.
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, unwrap } from '@/api/client';
import { notificationKeys, type NotificationQuery } from './keys';

/** How often the bell asks for its number, as the approvals' count does. */
export const POLL_MS = 60_000;

/** How many unread notifications the user has: the bell's number. */
export function useUnreadCount() {
  return useQuery({
    queryKey: notificationKeys.unreadCount(),
    queryFn: () => unwrap(api.GET('/api/v1/me/notifications/unread-count')),
    refetchInterval: POLL_MS,
    refetchOnWindowFocus: true,
    staleTime: 0,
  });
}

/** A page of the user's notifications, newest first, read fresh each time it is shown. */
export function useNotifications(query: NotificationQuery) {
  return useQuery({
    queryKey: notificationKeys.list(query),
    queryFn: () =>
      unwrap(
        api.GET('/api/v1/me/notifications', {
          params: { query: { page: query.page, pageSize: query.pageSize, unread: query.unread || undefined } },
        }),
      ),
    placeholderData: keepPreviousData,
    staleTime: 0,
  });
}

/** Marks one notification read (it was opened). */
export function useMarkRead() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => unwrap(api.POST('/api/v1/me/notifications/{id}/read', { params: { path: { id } } })),
    onSettled: () => qc.invalidateQueries({ queryKey: notificationKeys.all }),
  });
}

/**
 * Marks the user's notifications read up to the newest one on screen (`upTo`), so one that
 * arrived after they looked stays unread; without it, all.
 */
export function useMarkAllRead() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (upTo: string | undefined) => unwrap(api.POST('/api/v1/me/notifications/read', { params: { query: upTo ? { upTo } : {} } })),
    onSettled: () => qc.invalidateQueries({ queryKey: notificationKeys.all }),
  });
}
