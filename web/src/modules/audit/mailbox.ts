// The mailbox's web model: the API's message view, its channels, statuses and kinds in the
// user's words, what a list row shows of a message, its filters as the address keeps them
// (`?channel=email&status=kept&page=2&message=<id>`), its steps, and when the list asks again.
import type { TFunction } from 'i18next';
import type { components } from '@/api/schema.gen';
import type { Tone } from '@/ui/Badge';

type MessageView = components['schemas']['MessageView'];

/**
 * A message as the API answers it. The document names the channel's type after another enum
 * called `Channel` (a quote's acceptance: `link | in_person`), so it is read as a string here and
 * narrowed with `messageChannel`; the server sends `email`, `sms` or `whatsapp`.
 */
export type Message = Omit<MessageView, 'channel'> & { channel: string };
export type Attachment = components['schemas']['AttachmentRef'];

export const CHANNELS = ['email', 'sms', 'whatsapp'] as const;
export type MessageChannel = (typeof CHANNELS)[number];

/** Where a message stands, in the order it moves through them (the filter lists them so). */
export const STATUSES = ['queued', 'kept', 'sent', 'delivered', 'read', 'failed', 'suppressed'] as const;
export type MessageStatus = (typeof STATUSES)[number];

export const STATUS_TONE: Record<MessageStatus, Tone> = {
  queued: 'amber',
  kept: 'blue',
  sent: 'teal',
  delivered: 'green',
  read: 'violet',
  failed: 'red',
  suppressed: 'gray',
};

/** The kinds this version has words for; a newer one shows as the server names it. */
export const KINDS = [
  'password_reset',
  'user_invitation',
  'quote_sent',
  'quote_confirmation_code',
  'lead_assigned',
  'approval_requested',
  'approval_decided',
  'reservation_expiring',
  'vehicle_offer',
  'opt_out_confirmed',
  'channel_test',
] as const;
export type MessageKind = (typeof KINDS)[number];

const oneOf = <T extends string>(list: readonly T[], v: string | null | undefined): T | null =>
  v && (list as readonly string[]).includes(v) ? (v as T) : null;

export const messageChannel = (s: string | null | undefined): MessageChannel | null => oneOf(CHANNELS, s);
export const messageStatus = (s: string | null | undefined): MessageStatus | null => oneOf(STATUSES, s);

export function channelLabel(t: TFunction, channel: string): string {
  const c = messageChannel(channel);
  return c ? t(`mailbox.channels.${c}`) : channel;
}

export function statusLabel(t: TFunction, status: string): string {
  const s = messageStatus(status);
  return s ? t(`mailbox.statuses.${s}`) : status;
}

/** What a message is about, in the user's words; a kind this version does not know, as sent. */
export function kindLabel(t: TFunction, kind: string): string {
  const k = oneOf(KINDS, kind);
  return k ? t(`mailbox.kinds.${k}`) : kind;
}

/** What a row shows of a message: an e-mail's subject, else the first line of its text. */
export function preview(m: Pick<Message, 'subject' | 'body'>): string {
  const subject = m.subject.trim();
  if (subject) return subject;
  return m.body.split('\n').map((l) => l.trim()).find(Boolean) ?? '';
}

const LINK = /https?:\/\/[^\s<>"]+/;

/** The message's first web address (a reset or invitation link), its closing punctuation left out. */
export function firstLink(text: string): string | undefined {
  return LINK.exec(text)?.[0].replace(/[.,;:)!?]+$/, '');
}

/** The text split into plain parts and links, for a body whose addresses open. */
export function linkParts(text: string): Array<{ text: string; link: boolean }> {
  const parts: Array<{ text: string; link: boolean }> = [];
  let rest = text;
  for (let m = LINK.exec(rest); m; m = LINK.exec(rest)) {
    const link = m[0].replace(/[.,;:)!?]+$/, '');
    if (m.index > 0) parts.push({ text: rest.slice(0, m.index), link: false });
    parts.push({ text: link, link: true });
    rest = rest.slice(m.index + link.length);
  }
  if (rest) parts.push({ text: rest, link: false });
  return parts;
}

export type Step = 'created' | 'sent' | 'delivered' | 'read';

/** The steps of a message's way to its person, each with when it came (null: not yet). */
export function steps(m: Pick<Message, 'createdAt' | 'sentAt' | 'deliveredAt' | 'readAt'>): Array<{ step: Step; at: string | null }> {
  return [
    { step: 'created', at: m.createdAt },
    { step: 'sent', at: m.sentAt ?? null },
    { step: 'delivered', at: m.deliveredAt ?? null },
    { step: 'read', at: m.readAt ?? null },
  ];
}

/** How soon a queued message is tried: within this, the screen asks again until it is. */
const SOON_MS = 30_000;
export const POLL_MS = 2_000;

/**
 * Whether a queued message is about to be tried (the sender takes a new one within a second or
 * two): then the screen asks again every two seconds to show where it went. A retry hours away
 * is not waited for.
 */
export function pollInterval(items: ReadonlyArray<Pick<Message, 'status' | 'nextAttemptAt'>>, now = Date.now()): number | false {
  const soon = items.some((m) => m.status === 'queued' && (!m.nextAttemptAt || Date.parse(m.nextAttemptAt) <= now + SOON_MS));
  return soon ? POLL_MS : false;
}

export interface MailboxFilters {
  channel: MessageChannel | null;
  status: MessageStatus | null;
  page: number;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function readFilters(p: URLSearchParams): MailboxFilters {
  return {
    channel: messageChannel(p.get('channel')),
    status: messageStatus(p.get('status')),
    page: Math.max(1, Math.floor(Number(p.get('page') ?? '1')) || 1),
  };
}

/** The message open in the detail, when the address names one. */
export function readOpen(p: URLSearchParams): string | null {
  const id = p.get('message');
  return id && UUID.test(id) ? id : null;
}

/** The address for these filters and this open message (none: the detail is closed). */
export function writeFilters(f: MailboxFilters, open: string | null = null): URLSearchParams {
  const p = new URLSearchParams();
  if (f.channel) p.set('channel', f.channel);
  if (f.status) p.set('status', f.status);
  if (f.page > 1) p.set('page', String(f.page));
  if (open) p.set('message', open);
  return p;
}
