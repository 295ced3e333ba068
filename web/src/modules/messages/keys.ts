// The query keys of the message channels. Invalidate `channelKeys.all` after any change to a
// channel; an opt-out link's page reads its own.
export const channelKeys = {
  all: ['messageChannels'] as const,
  list: () => [...channelKeys.all, 'list'] as const,
};

export const optOutKeys = {
  link: (token: string) => ['optOut', token] as const,
};
