// How a notification reads: its kind's sentence in the user's language with the values its
// params carry (who did it, the quote's number, amounts from centavos as R$), how long ago, and
// where it leads. A kind this version does not word, or params that lack what its sentence needs,
// read as a plain "Nova notificação", never as the code or the JSON. The sentences live in
// ./i18n (`notifications.kinds.<kind>`); each kind here names the values its sentence shows.
import type { TFunction } from 'i18next';
import type { components } from '@/api/schema.gen';
import i18n from '@/i18n';
import { formatDate, formatMoney } from '@/lib/format';

export type Notification = components['schemas']['Notification'];

type Params = Record<string, unknown>;

const str = (v: unknown): string | null => (typeof v === 'string' && v.trim() ? v : null);
const int = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);

const DECISIONS = ['approved', 'rejected', 'countered'];

/** A sentence per kind, or null when the params lack a value it needs. */
const KINDS: Record<string, (t: TFunction, p: Params) => string | null> = {
  'sales.approval_requested': (t, p) => {
    const number = str(p.quoteNumber);
    const discount = int(p.discountCents);
    if (!number || discount === null) return null;
    return t('notifications.kinds.sales.approval_requested', {
      by: str(p.by) ?? t('notifications.theSalesperson'),
      discount: formatMoney(discount),
      number,
    });
  },
  'sales.approval_decided': (t, p) => {
    const number = str(p.quoteNumber);
    const discount = int(p.discountCents);
    if (!number || discount === null) return null;
    const approved = int(p.approvedDiscountCents);
    const raw = str(p.decision) ?? '';
    // A counter-proposal without its amount cannot say what was allowed: it reads as an answer.
    const decision = DECISIONS.includes(raw) && !(raw === 'countered' && approved === null) ? raw : 'other';
    return t(`notifications.kinds.sales.approval_decided.${decision}`, {
      by: str(p.by) ?? t('notifications.theManager'),
      discount: formatMoney(discount),
      approved: formatMoney(approved),
      number,
    });
  },
  'sales.quote_accepted': (t, p) => quoteAnswer(t, 'sales.quote_accepted', p),
  'sales.quote_declined': (t, p) => quoteAnswer(t, 'sales.quote_declined', p),
  'webhooks.endpoint_disabled': (t, p) => {
    const url = str(p.url);
    const failures = int(p.failures);
    if (!url || failures === null) return null;
    return t('notifications.kinds.webhooks.endpoint_disabled', { url, failures });
  },
};

function quoteAnswer(t: TFunction, kind: string, p: Params): string | null {
  const number = str(p.quoteNumber);
  const version = int(p.version);
  if (!number || version === null) return null;
  return t(`notifications.kinds.${kind}`, { number, version });
}

/** What the notification says, in the user's language. */
export function notificationText(t: TFunction, n: Pick<Notification, 'kind' | 'params'>): string {
  const params: Params = typeof n.params === 'object' && n.params !== null && !Array.isArray(n.params) ? n.params : {};
  const word = Object.hasOwn(KINDS, n.kind) ? KINDS[n.kind] : undefined;
  return word?.(t, params) ?? t('notifications.kinds.other');
}

/**
 * Where the notification leads: its link when it is a path of this app, the notifications page
 * otherwise (a link is followed inside the app, so it must not name another site).
 */
export function notificationLink(n: Pick<Notification, 'link'>): string {
  return /^\/(?![/\\])/.test(n.link) ? n.link : '/notifications';
}

export const isUnread = (n: Pick<Notification, 'readAt'>) => !n.readAt;

const locale = () => (i18n.language?.startsWith('en') ? 'en-US' : 'pt-BR');

/**
 * How long ago, in the user's language: `agora`, `há 5 minutos`, `há 3 horas`, `ontem`, `há 4
 * dias`; after a week, the date. An instant a little ahead of this device's clock is "now".
 */
export function timeAgo(instant: string, now: number = Date.now()): string {
  const seconds = Math.min(0, Math.round((new Date(instant).getTime() - now) / 1000));
  const rtf = new Intl.RelativeTimeFormat(locale(), { numeric: 'auto' });
  const ago = -seconds;
  if (ago < 60) return rtf.format(0, 'second');
  if (ago < 3600) return rtf.format(-Math.floor(ago / 60), 'minute');
  if (ago < 86_400) return rtf.format(-Math.floor(ago / 3600), 'hour');
  if (ago < 7 * 86_400) return rtf.format(-Math.floor(ago / 86_400), 'day');
  return formatDate(instant);
}
