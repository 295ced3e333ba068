// The channels' reads and the one write every part of the screen shares: saving a channel's
// settings over the version read (or as a first save), which the form and the card's
// "Ativar"/"Desativar" both do. Then the templates' reads and writes: every kind's words, a
// preview of words being written, a save over the version read and a return to the default.
import { useQuery } from '@tanstack/react-query';
import { api, ifMatch, unwrap } from '@/api/client';
import { channelKeys, templateKeys } from './keys';
import { preconditionOf, type Channel, type ChannelInput, type ChannelSettings } from './model';
import { templatePrecondition, type MessageTemplate, type Preview, type PreviewInput, type TemplateChannel, type TemplateInput } from './template';

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

export function useTemplatesQuery() {
  return useQuery({
    queryKey: templateKeys.list(),
    queryFn: () => unwrap(api.GET('/api/v1/messages/templates')),
  });
}

export function previewTemplate(input: PreviewInput): Promise<Preview> {
  return unwrap(api.POST('/api/v1/messages/templates/preview', { body: input }));
}

/** Where one template is saved or removed. */
export interface TemplateAddress {
  kind: string;
  channel: TemplateChannel;
  language: string;
}

/** Saves the words over `version` (0: the default is in use, so this is the first save). */
export function saveTemplate(at: TemplateAddress, version: number, body: TemplateInput): Promise<MessageTemplate> {
  return unwrap(api.PUT('/api/v1/messages/templates/{kind}/{channel}/{language}', { params: { path: at, header: templatePrecondition(version) }, body }));
}

/** Drops the tenant's words, saved at `version`: the default is used again. */
export function removeTemplate(at: TemplateAddress, version: number): Promise<unknown> {
  return unwrap(api.DELETE('/api/v1/messages/templates/{kind}/{channel}/{language}', { params: { path: at, header: ifMatch(version) } }));
}
