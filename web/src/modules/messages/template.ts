// The message templates' web model: a kind's words on a channel in a language as the API answers
// them, the kinds and their variables in the user's words (never the API's English description),
// where a variable goes in when its chip is pressed, how many SMS a text takes, the server's
// refusals by field, and the words the Owner changed from the default.
import type { TFunction } from 'i18next';
import { isApiError, type ApiError } from '@/api/problem';
import type { components } from '@/api/schema.gen';
import { fieldText } from '@/i18n/problems';
import { formatNumber } from '@/lib/format';

export type KindTemplates = components['schemas']['MessageKindTemplates'];
export type MessageTemplate = components['schemas']['MessageTemplate'];
export type TemplateInput = components['schemas']['MessageTemplateInput'];
export type PreviewInput = components['schemas']['MessagePreviewInput'];
export type Preview = components['schemas']['MessagePreview'];
export type TemplateChannel = components['schemas']['MessageChannel'];

/** The channels a template is written for, in the order the screens show them. */
export const TEMPLATE_CHANNELS: readonly TemplateChannel[] = ['email', 'sms', 'whatsapp'];
/** The languages a tenant writes in, pt-BR first. */
export const TEMPLATE_LANGUAGES = ['pt-BR', 'en'] as const;

/** The server's limits: an e-mail's subject, and the text by channel. */
export const SUBJECT_MAX = 200;
export const BODY_MAX: Record<TemplateChannel, number> = { email: 20_000, sms: 1_600, whatsapp: 1_024 };

/** Who a kind of message goes to, as the list groups them. */
export type Audience = 'customers' | 'team' | 'other';
export const AUDIENCES: readonly Audience[] = ['customers', 'team', 'other'];

/** The kinds this version has words for, each with who gets it; a newer one shows under "other". */
const KINDS = {
  quote_sent: 'customers',
  quote_confirmation_code: 'customers',
  vehicle_offer: 'customers',
  opt_out_confirmed: 'customers',
  conversation_reply: 'customers',
  conversation_follow_up: 'customers',
  password_reset: 'team',
  user_invitation: 'team',
  lead_assigned: 'team',
  approval_requested: 'team',
  approval_decided: 'team',
  reservation_expiring: 'team',
  channel_test: 'team',
} as const satisfies Record<string, Audience>;
type KnownKind = keyof typeof KINDS;

const isKnownKind = (kind: string): kind is KnownKind => Object.hasOwn(KINDS, kind);

export function audienceOf(kind: string): Audience {
  return isKnownKind(kind) ? KINDS[kind] : 'other';
}

/** The kinds by audience, each group in the order the server lists them; empty groups left out. */
export function grouped(kinds: readonly KindTemplates[]): Array<{ audience: Audience; kinds: KindTemplates[] }> {
  return AUDIENCES.map((audience) => ({ audience, kinds: kinds.filter((k) => audienceOf(k.kind) === audience) })).filter((g) => g.kinds.length > 0);
}

/**
 * A kind's name and what it is for, in the user's language. A kind this version does not know
 * shows as the server names it, and its English description only to English readers.
 */
export function kindWords(t: TFunction, k: Pick<KindTemplates, 'kind' | 'description'>, language: string): { name: string; about: string } {
  if (isKnownKind(k.kind)) return { name: t(`templates.kinds.${k.kind}.name`), about: t(`templates.kinds.${k.kind}.about`) };
  return { name: k.kind, about: language.startsWith('en') ? k.description : '' };
}

/** The variables this version has words for; a newer one shows as the server names it. */
const VARIABLES = [
  'name',
  'tenant',
  'link',
  'minutes',
  'expires',
  'customer_name',
  'quote_number',
  'valid_until',
  'store',
  'code',
  'interest',
  'source',
  'by',
  'discount',
  'approved',
  'note',
  'vehicle',
  'price',
  'opt_out_link',
  'text',
  'sender',
] as const;

/** A variable that stands for something else in one kind: `name` is the salesperson's in a follow-up, not the recipient's. */
const OWN_MEANING: Record<string, Record<string, (typeof VARIABLES)[number]>> = { conversation_follow_up: { name: 'sender' } };

/** What a variable of `kind` stands for, in the user's words. */
export function variableLabel(t: TFunction, name: string, kind = ''): string {
  const meaning = OWN_MEANING[kind]?.[name] ?? name;
  return (VARIABLES as readonly string[]).includes(meaning) ? t(`templates.variables.${meaning}`) : name;
}

/** Variables that are yes or no: their chip writes a condition, not a value. */
const CONDITIONS = new Set(['approved']);

/**
 * What a variable's chip writes, and where the cursor goes in it: `{{ name }}`; a yes-or-no one a
 * condition with the cursor in its first branch (WhatsApp takes plain variables only).
 */
export function snippetOf(name: string, channel: TemplateChannel): { text: string; cursor: number } {
  if (CONDITIONS.has(name) && channel !== 'whatsapp') {
    const open = `{% if ${name} %}`;
    return { text: `${open}{% else %}{% endif %}`, cursor: open.length };
  }
  const text = `{{ ${name} }}`;
  return { text, cursor: text.length };
}

/** `text` with `snippet` in place of its selection `[start, end)`, and where the cursor lands. */
export function insertAt(text: string, start: number, end: number, snippet: { text: string; cursor: number }): { text: string; cursor: number } {
  const from = Math.max(0, Math.min(start, text.length));
  const to = Math.max(from, Math.min(end, text.length));
  return { text: text.slice(0, from) + snippet.text + text.slice(to), cursor: from + snippet.cursor };
}

const NAME = /\{\{-?\s*([A-Za-z_]\w*)|\{%-?\s*(?:if|elif)\s+(?:not\s+)?([A-Za-z_]\w*)/g;

/** The names a text uses that are not among `variables`, each once in the order they appear. */
export function unknownVariables(text: string, variables: readonly string[]): string[] {
  const found: string[] = [];
  for (const m of text.matchAll(NAME)) {
    const name = m[1] ?? m[2] ?? '';
    if (name && !variables.includes(name) && !found.includes(name)) found.push(name);
  }
  return found;
}

/** The ETag a save or a removal sends: "no words of its own yet" while the default is in use. */
export function templatePrecondition(version: number): Record<string, string> {
  return version > 0 ? { 'If-Match': `"${version}"` } : { 'If-None-Match': '*' };
}

/** What a save or a preview sends: a subject only for an e-mail (the server refuses one elsewhere). */
export function inputOf(channel: TemplateChannel, draft: Draft): TemplateInput {
  return channel === 'email' ? { subject: draft.subject, body: draft.body } : { body: draft.body };
}

/** The words being written. */
export interface Draft {
  subject: string;
  body: string;
}

export function draftOf(t: Pick<MessageTemplate, 'subject' | 'body'>): Draft {
  return { subject: t.subject, body: t.body };
}

export function sameDraft(a: Draft, b: Draft): boolean {
  return a.subject === b.subject && a.body === b.body;
}

/** The fields the server's pointers name. */
export type TemplateField = 'subject' | 'body';
export type TemplateFaults = Partial<Record<TemplateField, Fault>>;

/**
 * The server's field errors by field (`/subject`, `/body`) for the words it checked, and the
 * error itself when part of it belongs on neither (a conflict, a kind that is gone, a server fault).
 */
export function templateFaults(error: unknown, checked: Draft): { faults: TemplateFaults; rest: ApiError | null } {
  if (!isApiError(error)) return { faults: {}, rest: null };
  const faults: TemplateFaults = {};
  let unplaced = error.fieldErrors.length === 0;
  for (const fe of error.fieldErrors) {
    const field = fe.pointer === '/subject' ? 'subject' : fe.pointer === '/body' ? 'body' : null;
    if (field) faults[field] ??= { code: fe.code, text: checked[field] };
    else unplaced = true;
  }
  return { faults, rest: unplaced ? error : null };
}

/** A field's fault, with the words it was found in (the text may have changed since). */
export interface Fault {
  code: string;
  text: string;
}

/**
 * What a field's fault tells the Owner: the variables it names that the kind does not have, that
 * WhatsApp takes no conditions, the channel's limit; else the code's text.
 */
export function faultText(t: TFunction, field: TemplateField, fault: Fault, channel: TemplateChannel, variables: readonly string[]): string {
  if (fault.code === 'messages.unknown_variable') {
    const names = unknownVariables(fault.text, variables);
    if (names.length > 0) return t('templates.faults.unknownVariable', { names: names.map((n) => `{{ ${n} }}`).join(', ') });
  }
  if (fault.code === 'messages.template_invalid' && channel === 'whatsapp' && field === 'body' && /\{[%#]/.test(fault.text)) {
    return t('templates.faults.whatsappConditions', { example: `{{ ${variables[0] ?? 'name'} }}` });
  }
  if (fault.code === 'field.too_long') return t('templates.faults.tooLong', { max: formatNumber(field === 'subject' ? SUBJECT_MAX : BODY_MAX[channel]) });
  return fieldText(t, fault.code);
}

/** Where a template is edited. */
export function templatePath(kind: string, channel: string, language: string): string {
  return `/admin/templates/${encodeURIComponent(kind)}/${encodeURIComponent(channel)}/${encodeURIComponent(language)}`;
}

export function templateChannel(s: string | undefined): TemplateChannel | null {
  return (TEMPLATE_CHANNELS as readonly string[]).includes(s ?? '') ? (s as TemplateChannel) : null;
}

export function channelName(t: TFunction, channel: string): string {
  const c = templateChannel(channel);
  return c ? t(`templates.channels.${c}`) : channel;
}

export function languageName(t: TFunction, language: string): string {
  return (TEMPLATE_LANGUAGES as readonly string[]).includes(language) ? t(`templates.languages.${language}`) : language;
}

// GSM 03.38: the basic set (one unit each) and its extension (two units: an escape and the character).
const GSM_BASIC = new Set(
  '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà',
);
const GSM_EXTENDED = new Set('^{}\\[~]|€\f');

export interface SmsSize {
  /** `gsm`: the 7-bit alphabet; `unicode`: a character outside it makes the whole SMS UCS-2. */
  encoding: 'gsm' | 'unicode';
  /** Characters as the network counts them (an extension character or an emoji counts twice). */
  length: number;
  /** How many SMS it goes as. */
  parts: number;
  /** How many characters each part holds. */
  perPart: number;
  /** The characters outside the GSM alphabet, each once (the reason a part holds 70). */
  others: string[];
}

/**
 * How many SMS a text goes as (roughly, as carriers count): 160 characters of the GSM alphabet in
 * one, 153 a part when longer; with any other character (ã, á, ç, an emoji) 70 in one, 67 a part.
 */
export function smsSize(text: string): SmsSize {
  const others: string[] = [];
  let gsm = 0;
  for (const ch of text) {
    if (GSM_BASIC.has(ch)) gsm += 1;
    else if (GSM_EXTENDED.has(ch)) gsm += 2;
    else if (!others.includes(ch)) others.push(ch);
  }
  if (others.length === 0) {
    return { encoding: 'gsm', length: gsm, parts: gsm === 0 ? 0 : gsm <= 160 ? 1 : Math.ceil(gsm / 153), perPart: gsm <= 160 ? 160 : 153, others };
  }
  const units = text.length;
  return { encoding: 'unicode', length: units, parts: units <= 70 ? 1 : Math.ceil(units / 67), perPart: units <= 70 ? 70 : 67, others };
}

export type Change = { kind: 'same' | 'added' | 'removed'; text: string };

/** Beyond this many word pairs the comparison is not worth its time: the default is shown alone. */
const DIFF_LIMIT = 400_000;

/** A text's pieces as compared: a variable or a condition whole, a word, a run of spaces, any other character. */
const PIECE = /\{\{.*?\}\}|\{%.*?%\}|\s+|[\p{L}\p{N}_]+|./gsu;

/**
 * The words of `now` against `before` (the default), word by word with the spaces and the
 * punctuation kept: what stayed, what the Owner added and what they took out. Null for texts too
 * long to compare.
 */
export function wordChanges(before: string, now: string): Change[] | null {
  const a = before.match(PIECE) ?? [];
  const b = now.match(PIECE) ?? [];
  if (a.length * b.length > DIFF_LIMIT) return null;
  // The longest common subsequence, from the end, then walked from the start.
  const w = b.length + 1;
  const lcs = new Uint32Array((a.length + 1) * w);
  for (let i = a.length - 1; i >= 0; i--) {
    for (let j = b.length - 1; j >= 0; j--) {
      lcs[i * w + j] = a[i] === b[j] ? lcs[(i + 1) * w + j + 1]! + 1 : Math.max(lcs[(i + 1) * w + j]!, lcs[i * w + j + 1]!);
    }
  }
  const out: Change[] = [];
  const push = (kind: Change['kind'], text: string) => {
    const last = out[out.length - 1];
    if (last?.kind === kind) last.text += text;
    else out.push({ kind, text });
  };
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    if (a[i] === b[j]) {
      push('same', a[i]!);
      i += 1;
      j += 1;
    } else if (lcs[(i + 1) * w + j]! >= lcs[i * w + j + 1]!) {
      push('removed', a[i]!);
      i += 1;
    } else {
      push('added', b[j]!);
      j += 1;
    }
  }
  for (; i < a.length; i++) push('removed', a[i]!);
  for (; j < b.length; j++) push('added', b[j]!);
  return out;
}

/** The list with one template saved (or back to its default) in place of what it had. */
export function withTemplate(list: KindTemplates[] | undefined, kind: string, saved: MessageTemplate): KindTemplates[] | undefined {
  return list?.map((k) =>
    k.kind !== kind ? k : { ...k, templates: k.templates.map((tp) => (tp.channel === saved.channel && tp.language === saved.language ? saved : tp)) },
  );
}

/** A template back to its default words, as the list reads after a removal. */
export function asDefault(tp: MessageTemplate): MessageTemplate {
  return { ...tp, subject: tp.defaultSubject, body: tp.defaultBody, custom: false, version: 0, updatedAt: null };
}
