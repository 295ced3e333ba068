// /admin/channels: the tenant's own SMS and WhatsApp providers, one card per channel, for the
// Owner (`messages.configure`). Until a channel is set up and enabled its messages stay in the
// mailbox (/admin/messages), which the page says first.
import { useTranslation } from 'react-i18next';
import { usePageTitle } from '@/app/title';
import { PageHeader } from '@/ui/Card';
import { QueryView } from '@/ui/QueryView';
import { Skeleton } from '@/ui/Skeleton';
import { useChannelsQuery } from './api';
import { ChannelCard } from './ChannelCard';
import { CHANNELS } from './model';

export function ChannelsPage() {
  const { t } = useTranslation();
  usePageTitle(t('channels.title'));
  const channels = useChannelsQuery();
  return (
    <>
      <PageHeader title={t('channels.title')}>{t('channels.intro')}</PageHeader>
      <QueryView
        query={channels}
        skeleton={
          <div className="space-y-6">
            {CHANNELS.map((c) => (
              <Skeleton key={c} className="h-48" />
            ))}
          </div>
        }
      >
        {(list) => (
          <div className="space-y-6">
            {CHANNELS.map((c) => (
              <ChannelCard key={c} channel={c} settings={list.find((s) => s.channel === c) ?? null} />
            ))}
          </div>
        )}
      </QueryView>
    </>
  );
}
