// The number of WhatsApp conversations with unread messages, beside the menu entry. Its own file:
// the menu is part of every screen, so it must not bring the inbox's code with it.
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, unwrap } from '@/api/client';
import { useAuth } from '@/auth/AuthProvider';
import { conversationKeys } from '../keys';

/** How many open conversations wait to be read, in every store the user sees. */
export function UnreadConversationsCount() {
  const { t } = useTranslation();
  const { can } = useAuth();
  const inbox = useQuery({
    queryKey: conversationKeys.unread(),
    queryFn: () => unwrap(api.GET('/api/v1/conversations', { params: { query: { status: 'open', pageSize: 100 } } })),
    enabled: can('leads.read'),
    refetchInterval: 20_000,
  });
  const n = (inbox.data?.items ?? []).filter((c) => c.unread > 0).length;
  if (n === 0) return null;
  return (
    <span className="ml-auto inline-flex min-w-6 items-center justify-center rounded-full bg-green-700 px-1.5 text-xs font-semibold text-white">
      <span aria-hidden>{n}</span>
      <span className="sr-only">{t('conversations.unreadNav', { count: n })}</span>
    </span>
  );
}
