// The message channels' web model: the API's views, which provider carries each channel, the
// settings form (its checks ahead of the server's and the body it sends), where the server's field
// errors go, and what an opt-out link reads as.
import type { TFunction } from 'i18next';
import { isApiError, type ApiError } from '@/api/problem';
import type { ProblemCode } from '@/api/problems.gen';
import type { components } from '@/api/schema.gen';

export type ChannelSettings = components['schemas']['MessageChannelSettings'];
export type ChannelInput = components['schemas']['MessageChannelInput'];
export type WhatsappTemplate = components['schemas']['WhatsappTemplate'];
export type OptOut = components['schemas']['OptOutView'];
export type Provider = components['schemas']['MessageProvider'];
export type Purpose = components['schemas']['MessagePurpose'];

/** The channels a tenant sets up itself (e-mail is the operator's), in the order the page shows them. */
export const CHANNELS = ['sms', 'whatsapp'] as const;
export type Channel = (typeof CHANNELS)[number];

/** The one provider that carries each channel. */
export const PROVIDER: Record<Channel, Provider> = { sms: 'zenvia', whatsapp: 'whatsapp_cloud' };

/** The server's limits. */
export const FROM_MAX = 40;
export const ACCOUNT_ID_MAX = 32;
export const TOKEN_MAX = 4096;
export const APP_SECRET_MAX = 256;
export const PHONE_MAX = 40;

/** The settings form as typed. Secrets start empty: left so, the server keeps the ones in use. */
export interface ChannelForm {
  enabled: boolean;
  from: string;
  phoneNumberId: string;
  businessAccountId: string;
  token: string;
  appSecret: string;
  /** A template name per kind, where it is not `innexar_<kind>` (empty: the default). */
  templateNames: Record<string, string>;
}

/** A field of the form, as the server's pointers name it (`/templateNames/quote_sent`). */
export type FormField = 'from' | 'phoneNumberId' | 'businessAccountId' | 'token' | 'appSecret' | `templateNames.${string}`;
export type FormFaults = Partial<Record<FormField, string>>;

/** The fields in the order the form shows them: the first at fault takes the focus. */
export function fieldOrder(channel: Channel, kinds: readonly string[]): FormField[] {
  return channel === 'sms'
    ? ['from', 'token']
    : ['phoneNumberId', 'businessAccountId', 'token', 'appSecret', ...kinds.map((k) => `templateNames.${k}` as const)];
}

export function emptyForm(): ChannelForm {
  return { enabled: true, from: '', phoneNumberId: '', businessAccountId: '', token: '', appSecret: '', templateNames: {} };
}

export function formOf(s: ChannelSettings): ChannelForm {
  return {
    enabled: s.enabled,
    from: s.from ?? '',
    phoneNumberId: s.phoneNumberId ?? '',
    businessAccountId: s.businessAccountId ?? '',
    token: '',
    appSecret: '',
    templateNames: { ...s.templateNames },
  };
}

/** The default name Innexar sends a kind's WhatsApp template by. */
export function defaultTemplateName(kind: string): string {
  return `innexar_${kind}`;
}

const DIGITS = /^\d+$/;
const TEMPLATE_NAME = /^[a-z0-9_]+$/;

/**
 * The form's own checks, the server's rules ahead of it; none when it may be sent. What the
 * server alone can tell (a token with spaces in it, a name Meta does not take) comes back at its
 * field. `settingUp`: the channel has no token yet, so one is needed.
 */
export function formFaults(channel: Channel, f: ChannelForm, settingUp: boolean): FormFaults {
  const faults: FormFaults = {};
  if (channel === 'sms') {
    if (!f.from.trim()) faults.from = 'field.required';
  } else {
    const phone = f.phoneNumberId.trim();
    if (!phone) faults.phoneNumberId = 'field.required';
    else if (!DIGITS.test(phone) || phone.length > ACCOUNT_ID_MAX) faults.phoneNumberId = 'field.invalid';
    const account = f.businessAccountId.trim();
    if (account && (!DIGITS.test(account) || account.length > ACCOUNT_ID_MAX)) faults.businessAccountId = 'field.invalid';
    if (settingUp && !f.appSecret.trim()) faults.appSecret = 'field.required';
    for (const [kind, name] of Object.entries(f.templateNames)) {
      const n = name.trim();
      if (n && !TEMPLATE_NAME.test(n)) faults[`templateNames.${kind}`] = 'messages.invalid_template_name';
    }
  }
  if (settingUp && !f.token.trim()) faults.token = 'field.required';
  return faults;
}

/**
 * What a save sends: the channel's provider and its account; a secret only when one was typed
 * (left out, the server keeps the one in use), and for WhatsApp the template names given.
 */
export function inputOf(channel: Channel, f: ChannelForm): ChannelInput {
  const text = (v: string) => v.trim() || null;
  const body: ChannelInput = { provider: PROVIDER[channel], enabled: f.enabled };
  if (channel === 'sms') {
    body.from = text(f.from);
  } else {
    body.phoneNumberId = text(f.phoneNumberId);
    body.businessAccountId = text(f.businessAccountId);
    body.templateNames = Object.fromEntries(
      Object.entries(f.templateNames)
        .map(([kind, name]) => [kind, name.trim()] as const)
        .filter(([, name]) => name !== ''),
    );
    if (f.appSecret.trim()) body.appSecret = f.appSecret.trim();
  }
  if (f.token.trim()) body.token = f.token.trim();
  return body;
}

/** The settings as they are, enabled or not: what the card's "Ativar"/"Desativar" saves. */
export function toggledInput(s: ChannelSettings, enabled: boolean): ChannelInput {
  const channel = s.channel === 'whatsapp' ? 'whatsapp' : 'sms';
  return inputOf(channel, { ...formOf(s), enabled });
}

const POINTER = /^\/(from|phoneNumberId|businessAccountId|token|appSecret)$|^\/templateNames\/([^/]+)$/;

/**
 * The server's field errors by the form's fields (`/templateNames/quote_sent` is that kind's
 * name), and the error itself when part of it belongs on no field (a provider the channel does
 * not take, a conflict, a server fault).
 */
export function serverFaults(error: unknown): { faults: FormFaults; rest: ApiError | null } {
  if (!isApiError(error)) return { faults: {}, rest: null };
  const faults: FormFaults = {};
  let unplaced = error.fieldErrors.length === 0;
  for (const fe of error.fieldErrors) {
    const m = POINTER.exec(fe.pointer);
    const field: FormField | undefined = m?.[1] ? (m[1] as FormField) : m?.[2] ? `templateNames.${decodePointer(m[2])}` : undefined;
    if (field) faults[field] ??= fe.code;
    else unplaced = true;
  }
  return { faults, rest: unplaced ? error : null };
}

function decodePointer(part: string): string {
  return part.replace(/~1/g, '/').replace(/~0/g, '~');
}

/** The ETag a save or a removal sends: the version read, or "not set up yet" for a first save. */
export function preconditionOf(current: Pick<ChannelSettings, 'version'> | null): Record<string, string> {
  return current ? { 'If-Match': `"${current.version}"` } : { 'If-None-Match': '*' };
}

/** A test's number as typed: the server reads the many ways one is written, so only what is surely not one is refused here. */
export function phoneFault(text: string): ProblemCode | null {
  const v = text.trim();
  if (!v) return 'field.required';
  if (v.length > PHONE_MAX || /[^\d\s+().-]/.test(v)) return 'messages.invalid_recipient';
  return null;
}

/** The parameters this version has words for; a newer one shows as the server names it. */
const PARAMETERS = [
  'customer_name',
  'quote_number',
  'store',
  'valid_until',
  'link',
  'code',
  'minutes',
  'vehicle',
  'price',
  'tenant',
  'name',
  'opt_out_link',
] as const;

/** What a WhatsApp template's `{{n}}` stands for, in the user's words. */
export function parameterLabel(t: TFunction, name: string): string {
  return (PARAMETERS as readonly string[]).includes(name) ? t(`channels.templates.parameters.${name}`) : name;
}

const PURPOSES: readonly Purpose[] = ['transactional', 'marketing', 'service_reminders', 'surveys'];
const OPT_OUT_CHANNELS = ['email', 'sms', 'whatsapp'] as const;

/** What an opt-out link stops, and by which channel, as the sentence on its page says them. */
export function optOutWords(t: TFunction, v: Pick<OptOut, 'purpose' | 'channel'>): { purpose: string; channel: string } {
  const purpose = PURPOSES.includes(v.purpose) ? t(`optOut.purposes.${v.purpose}`) : v.purpose;
  const channel = (OPT_OUT_CHANNELS as readonly string[]).includes(v.channel) ? t(`optOut.channels.${v.channel}`) : v.channel;
  return { purpose, channel };
}
