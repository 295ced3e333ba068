import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { formatDateTime } from '@/lib/format';
import { cn } from '@/ui/cn';
import { useMarkRead } from './queries';
import { isUnread, notificationLink, notificationText, timeAgo, type Notification } from './wording';

/**
 * One notification as a link to what it is about: its sentence and how long ago, an unread one
 * marked (a dot, bolder text and, for screen readers, "Não lida"). Following it marks it read.
 */
export function NotificationItem({ n, onOpen }: { n: Notification; onOpen?: () => void }) {
  const { t } = useTranslation();
  const markRead = useMarkRead();
  const unread = isUnread(n);
  return (
    <li>
      <Link
        to={notificationLink(n)}
        onClick={() => {
          if (unread) markRead.mutate(n.id);
          onOpen?.();
        }}
        className={cn(
          'flex gap-3 px-4 py-3 outline-none hover:bg-slate-50 focus-visible:bg-slate-50 focus-visible:ring-2 focus-visible:ring-inset focus-visible:ring-brand-600 dark:hover:bg-slate-800 dark:focus-visible:bg-slate-800',
          unread && 'bg-brand-50/60 dark:bg-slate-800/60',
        )}
      >
        <span aria-hidden className={cn('mt-1.5 h-2.5 w-2.5 shrink-0 rounded-full', unread ? 'bg-brand-600' : 'bg-transparent')} />
        <span className="min-w-0 flex-1">
          <span className={cn('block break-words text-sm', unread ? 'font-semibold text-slate-900 dark:text-white' : 'text-slate-700 dark:text-slate-300')}>
            {unread && <span className="sr-only">{t('notifications.unread')}: </span>}
            {notificationText(t, n)}
          </span>
          <time dateTime={n.createdAt} title={formatDateTime(n.createdAt)} className="mt-0.5 block text-xs text-slate-600 dark:text-slate-400">
            {timeAgo(n.createdAt)}
          </time>
        </span>
      </Link>
    </li>
  );
}
