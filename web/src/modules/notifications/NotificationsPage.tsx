// Every notification of the user (/notifications), newest first, a page at a time, all or only
// the unread ones; each a link that marks it read. The bell's panel shows the latest.
import { useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { BellOff, CheckCheck } from 'lucide-react';
import { usePageTitle } from '@/app/title';
import { formatNumber } from '@/lib/format';
import { Button } from '@/ui/Button';
import { Card, PageHeader } from '@/ui/Card';
import { Chips } from '@/ui/Chips';
import { EmptyState } from '@/ui/EmptyState';
import { Pagination } from '@/ui/Pagination';
import { QueryView } from '@/ui/QueryView';
import { Skeleton } from '@/ui/Skeleton';
import { useToast } from '@/ui/Toast';
import { NotificationItem } from './NotificationItem';
import { useMarkAllRead, useNotifications, useUnreadCount } from './queries';

const PAGE_SIZE = 25;

export function NotificationsPage() {
  const { t } = useTranslation();
  usePageTitle(t('notifications.title'));
  const toast = useToast();
  const [params, setParams] = useSearchParams();
  const unreadOnly = params.get('unread') === '1';
  const page = Math.max(1, Math.floor(Number(params.get('page') ?? '1')) || 1);
  const list = useNotifications({ page, pageSize: PAGE_SIZE, unread: unreadOnly });
  const unread = useUnreadCount();
  const markAll = useMarkAllRead();
  const go = (next: { unread?: boolean; page?: number }) => {
    const u = next.unread ?? unreadOnly;
    const p = next.page ?? 1;
    setParams({ ...(u ? { unread: '1' } : {}), ...(p > 1 ? { page: String(p) } : {}) }, { replace: true });
  };
  return (
    <>
      <PageHeader
        title={t('notifications.title')}
        actions={
          (unread.data?.count ?? 0) > 0 && (
            <Button
              variant="secondary"
              loading={markAll.isPending}
              onClick={() => markAll.mutate(page === 1 && !unreadOnly ? list.data?.items[0]?.id : undefined, { onSuccess: () => toast.success(t('notifications.allRead')) })}
            >
              {!markAll.isPending && <CheckCheck className="h-4 w-4" aria-hidden />}
              {t('notifications.markAll')}
            </Button>
          )
        }
      >
        {t('notifications.intro')}
      </PageHeader>
      <Chips
        label={t('notifications.filter')}
        options={[
          { value: 'all', label: t('notifications.filters.all') },
          { value: 'unread', label: t('notifications.filters.unread') },
        ]}
        value={unreadOnly ? 'unread' : 'all'}
        onChange={(v) => go({ unread: v === 'unread' })}
        className="mb-3"
      />
      <Card>
        <QueryView
          query={list}
          skeleton={
            <div className="space-y-3 p-4">
              {Array.from({ length: 4 }, (_, i) => (
                <Skeleton key={i} className="h-12" />
              ))}
            </div>
          }
        >
          {(data) =>
            data.items.length === 0 ? (
              <EmptyState icon={BellOff} title={unreadOnly ? t('notifications.emptyUnread') : t('notifications.empty')}>
                {unreadOnly ? t('notifications.emptyUnreadBody') : t('notifications.emptyBody')}
              </EmptyState>
            ) : (
              <>
                <p className="border-b border-slate-100 px-4 py-3 text-sm text-slate-600 dark:border-slate-800 dark:text-slate-400">
                  {t('notifications.count', { count: data.total, formatted: formatNumber(data.total) })}
                </p>
                <ul aria-label={t('notifications.title')} className="divide-y divide-slate-100 dark:divide-slate-800">
                  {data.items.map((n) => (
                    <NotificationItem key={n.id} n={n} />
                  ))}
                </ul>
                <Pagination page={page} pageSize={PAGE_SIZE} total={data.total} exact={data.totalExact} onPage={(p) => go({ page: p })} />
              </>
            )
          }
        </QueryView>
      </Card>
    </>
  );
}
