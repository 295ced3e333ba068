// The channels' reads and the one write every part of the screen shares: saving a channel's
// settings over the version read (or as a first save), which the form and the card's
// "Ativar"/"Desativar" both do.
import { useQuery } from '@tanstack/react-query';
import { api, unwrap } from '@/api/client';
import { channelKeys } from './keys';
import { preconditionOf, type Channel, type ChannelInput, type ChannelSettings } from './model';

export function useChannelsQuery() {
  return useQuery({
    queryKey: channelKeys.list(),
    queryFn: () => unwrap(api.GET('/api/v1/messages/channels')),
  });
}

/** Saves `channel`'s settings: `current` is the version the user saw, null when it is not set up yet. */
export function saveChannel(channel: Channel, current: ChannelSettings | null, body: ChannelInput): Promise<ChannelSettings> {
  return unwrap(api.PUT('/api/v1/messages/channels/{channel}', { params: { path: { channel } }, headers: preconditionOf(current), body }));
}

/** The list with one channel's settings in place of what it had. */
export function withSaved(list: ChannelSettings[] | undefined, saved: ChannelSettings): ChannelSettings[] {
  return [...(list ?? []).filter((c) => c.channel !== saved.channel), saved].sort((a, b) => a.channel.localeCompare(b.channel));
}
