// The query keys of the notifications: after a notification is read (or all are), everything
// under `notificationKeys.all` is stale at once, the bell's number and every list alike.
export interface NotificationQuery {
  page: number;
  pageSize: number;
  unread: boolean;
}

export const notificationKeys = {
  all: ['notifications'] as const,
  unreadCount: () => [...notificationKeys.all, 'unread-count'] as const,
  lists: () => [...notificationKeys.all, 'list'] as const,
  list: (query: NotificationQuery) => [...notificationKeys.lists(), query] as const,
};
