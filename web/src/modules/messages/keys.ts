// The query keys of the message channels. Invalidate `channelKeys.all` after any change to a
// channel; an opt-out link's page reads its own.
export const channelKeys = {
  all: ['messageChannels'] as const,
  list: () => [...channelKeys.all, 'list'] as const,
};

export const optOutKeys = {
  link: (token: string) => ['optOut', token] as const,
};

// The message templates: every kind's words (invalidate `templateKeys.all` after a save or a
// removal), and a preview per text written, which never changes for the same words.
export const templateKeys = {
  all: ['messageTemplates'] as const,
  list: () => [...templateKeys.all, 'list'] as const,
  preview: (input: object) => [...templateKeys.all, 'preview', input] as const,
};
