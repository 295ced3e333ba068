// The bell in the header of every signed-in screen: how many notifications wait unread, and a
// panel with the latest ones (each a link that marks it read), "mark all as read" and the way to
// the full list. Loaded with the shell, not with the sign-in page (see ./index.ts).
import { useId, useRef, useState } from 'react';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { Popover } from 'radix-ui';
import { Bell, BellOff, CheckCheck } from 'lucide-react';
import { formatNumber } from '@/lib/format';
import { Button } from '@/ui/Button';
import { EmptyState } from '@/ui/EmptyState';
import { QueryView } from '@/ui/QueryView';
import { Skeleton } from '@/ui/Skeleton';
import { useToast } from '@/ui/Toast';
import { NotificationItem } from './NotificationItem';
import { useMarkAllRead, useNotifications, useUnreadCount } from './queries';
import { isUnread } from './wording';

/** How many of the latest notifications the panel lists; the page has the rest. */
export const PANEL_SIZE = 10;

export function NotificationBell() {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const unread = useUnreadCount();
  const count = unread.data?.count;
  return (
    <Popover.Root open={open} onOpenChange={setOpen}>
      <Popover.Trigger
        className="relative flex h-11 w-11 shrink-0 items-center justify-center rounded-md text-slate-700 hover:bg-slate-100 data-[state=open]:bg-slate-100 lg:h-9 lg:w-9 dark:text-slate-200 dark:hover:bg-slate-800 dark:data-[state=open]:bg-slate-800"
        aria-label={count === undefined ? t('notifications.title') : t('notifications.bell', { count })}
      >
        <Bell className="h-5 w-5" aria-hidden />
        {count !== undefined && count > 0 && (
          <span
            aria-hidden
            className="absolute right-0.5 top-0.5 min-w-5 rounded-full bg-red-600 px-1 text-center text-[0.6875rem] font-semibold leading-5 text-white tabular-nums lg:-right-1 lg:-top-1"
          >
            {count > 99 ? '99+' : formatNumber(count)}
          </span>
        )}
      </Popover.Trigger>
      <Popover.Portal>
        <Panel onClose={() => setOpen(false)} />
      </Popover.Portal>
    </Popover.Root>
  );
}

function Panel({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation();
  const toast = useToast();
  const titleId = useId();
  // Both are read afresh when the panel opens (neither is ever fresh), so the panel and the
  // bell's number agree.
  const heading = useRef<HTMLHeadingElement>(null);
  const list = useNotifications({ page: 1, pageSize: PANEL_SIZE, unread: false });
  const unread = useUnreadCount();
  const markAll = useMarkAllRead();
  const hasUnread = (unread.data?.count ?? 0) > 0 || Boolean(list.data?.items.some(isUnread));
  return (
    <Popover.Content
      align="end"
      sideOffset={6}
      collisionPadding={8}
      aria-labelledby={titleId}
      // The title takes the focus, so a screen reader says where the user is; Tab goes on to
      // "mark all" and the notifications.
      onOpenAutoFocus={(e) => {
        e.preventDefault();
        heading.current?.focus();
      }}
      className="z-50 flex max-h-[min(36rem,var(--radix-popover-content-available-height))] w-[calc(100vw-1rem)] max-w-sm flex-col overflow-hidden rounded-md border border-slate-200 bg-white shadow-lg dark:border-slate-800 dark:bg-slate-900"
    >
      <div className="flex min-h-14 items-center justify-between gap-2 border-b border-slate-200 py-1 pl-4 pr-2 dark:border-slate-800">
        <h2 id={titleId} ref={heading} tabIndex={-1} className="font-semibold">
          {t('notifications.title')}
        </h2>
        {hasUnread && (
          <Button
            variant="ghost"
            size="sm"
            loading={markAll.isPending}
            onClick={() =>
              markAll.mutate(list.data?.items[0]?.id, {
                onSuccess: () => {
                  toast.success(t('notifications.allRead'));
                  // The button goes with the last unread one: the focus stays in the panel.
                  heading.current?.focus();
                },
              })
            }
          >
            {!markAll.isPending && <CheckCheck className="h-4 w-4" aria-hidden />}
            {t('notifications.markAll')}
          </Button>
        )}
      </div>
      <div className="min-h-0 flex-1 overflow-y-auto">
        <QueryView
          query={list}
          compact
          skeleton={
            <div className="space-y-3 p-4">
              {Array.from({ length: 3 }, (_, i) => (
                <Skeleton key={i} className="h-10" />
              ))}
            </div>
          }
        >
          {(data) =>
            data.items.length === 0 ? (
              <EmptyState icon={BellOff} title={t('notifications.empty')}>
                {t('notifications.emptyBody')}
              </EmptyState>
            ) : (
              <ul aria-label={t('notifications.latest')} className="divide-y divide-slate-100 dark:divide-slate-800">
                {data.items.map((n) => (
                  <NotificationItem key={n.id} n={n} onOpen={onClose} />
                ))}
              </ul>
            )
          }
        </QueryView>
      </div>
      <div className="border-t border-slate-200 p-1 dark:border-slate-800">
        <Link
          to="/notifications"
          onClick={onClose}
          className="flex min-h-11 items-center justify-center rounded px-3 text-sm font-medium text-brand-700 hover:bg-slate-50 lg:min-h-9 dark:text-brand-100 dark:hover:bg-slate-800"
        >
          {t('notifications.seeAll')}
        </Link>
      </div>
    </Popover.Content>
  );
}
