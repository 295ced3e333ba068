// The webhooks' web model: the API's views, the event types grouped by the area that publishes
// them, the endpoint form's checks (the server's, ahead of it) and its body, and how an endpoint's
// state and subscriptions read in a list.
import type { TFunction } from 'i18next';
import { isApiError, type ApiError } from '@/api/problem';
import type { ProblemCode } from '@/api/problems.gen';
import type { components } from '@/api/schema.gen';
import type { Tone } from '@/ui/Badge';

export type Endpoint = components['schemas']['EndpointView'];
export type EndpointWithSecret = components['schemas']['EndpointWithSecret'];
export type EventType = components['schemas']['EventType'];
export type Delivery = components['schemas']['DeliveryView'];
export type DeliveryDetail = components['schemas']['DeliveryDetail'];
export type Attempt = components['schemas']['AttemptView'];
export type NewEndpoint = components['schemas']['NewEndpointInput'];
export type EndpointPatch = components['schemas']['EndpointPatch'];

/** What an endpoint subscribed to every event type, present and future, lists. */
export const ALL_TYPES = '*';
/** The event `Enviar teste` sends; not in the catalogue, but in the delivery log. */
export const TEST_TYPE = 'webhook.test';
/** The server's limits. */
export const URL_MAX = 2048;
export const DESCRIPTION_MAX = 200;
export const KEEP_HOURS_MAX = 168;
export const KEEP_HOURS_DEFAULT = 24;

/** The areas the checklist groups event types by, in the order it shows them. */
export const AREAS = ['stock', 'crm', 'sales', 'other'] as const;
export type Area = (typeof AREAS)[number];

const AREA_OF: Record<string, Area> = { vehicle: 'stock', customer: 'crm', consent: 'crm', lead: 'crm', sale: 'sales', quote: 'sales' };

/** The area of an event type by its prefix (`vehicle.created` is the stock's); `other` for a new one. */
export function areaOf(type: string): Area {
  return AREA_OF[type.split('.')[0] ?? ''] ?? 'other';
}

/** The known types in the order a dealer thinks of them (made, changed, gone); the catalogue is alphabetical. */
const ORDER = [
  'vehicle.created',
  'vehicle.updated',
  'vehicle.price_changed',
  'vehicle.status_changed',
  'vehicle.expense_recorded',
  'vehicle.photos_changed',
  'vehicle.deleted',
  'customer.created',
  'customer.updated',
  'customer.merged',
  'customer.anonymized',
  'consent.changed',
  'lead.created',
  'lead.assigned',
  'lead.stage_changed',
  'lead.won',
  'lead.lost',
  'quote.sent',
  'quote.revised',
  'quote.accepted',
  'quote.rejected',
  'quote.expired',
  'sale.completed',
  'sale.cancelled',
];

/** The types by area, areas without types left out; a type this version does not know comes last in its area. */
export function groupTypes(types: readonly string[]): Array<{ area: Area; types: string[] }> {
  const rank = (t: string) => (ORDER.includes(t) ? ORDER.indexOf(t) : ORDER.length);
  const sorted = [...types].sort((a, b) => rank(a) - rank(b));
  return AREAS.map((area) => ({ area, types: sorted.filter((t) => areaOf(t) === area) })).filter((g) => g.types.length > 0);
}

/** An event type in the user's words; one this version does not know shows as sent (`lead.merged`). */
export function eventLabel(t: TFunction, type: string): string {
  if (!/^[a-z_]+\.[a-z_]+$/.test(type)) return type;
  const text = t(`webhooks.events.${type}`, { defaultValue: '' });
  return typeof text === 'string' && text ? text : type;
}

/** The subscriptions of an endpoint in a line: all, one or two by name, or two and how many more. */
export function typesSummary(t: TFunction, types: readonly string[]): string {
  if (types.includes(ALL_TYPES)) return t('webhooks.types.all');
  const [first, second] = types.map((x) => eventLabel(t, x));
  if (!first) return t('webhooks.types.none');
  if (!second) return first;
  if (types.length === 2) return t('webhooks.types.two', { first, second });
  return t('webhooks.types.more', { first, second, count: types.length - 2 });
}

export type EndpointState = 'active' | 'paused' | 'failing';

/** Active, paused by its Owner, or disabled by the server after failing too many times in a row. */
export function endpointState(e: Pick<Endpoint, 'active' | 'disabledReason'>): EndpointState {
  if (e.active) return 'active';
  return e.disabledReason === 'failures' ? 'failing' : 'paused';
}

export const STATE_TONE: Record<EndpointState, Tone> = { active: 'green', paused: 'gray', failing: 'red' };

export const DELIVERY_STATUSES = ['pending', 'succeeded', 'failed'] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

export const DELIVERY_TONE: Record<DeliveryStatus, Tone> = { pending: 'amber', succeeded: 'green', failed: 'red' };

export function deliveryStatus(s: string): DeliveryStatus | null {
  return (DELIVERY_STATUSES as readonly string[]).includes(s) ? (s as DeliveryStatus) : null;
}

/** The endpoint form as typed. */
export interface EndpointForm {
  url: string;
  description: string;
  /** Every type, present and future (`*`); the picks below are kept for when it is unticked. */
  all: boolean;
  types: string[];
}

export type FormField = 'url' | 'description' | 'eventTypes';
/** A fault per field, as a code the app has a text for. */
export type FormFaults = Partial<Record<FormField, ProblemCode>>;

export function emptyForm(): EndpointForm {
  return { url: '', description: '', all: false, types: [] };
}

export function formOf(e: Endpoint): EndpointForm {
  const all = e.eventTypes.includes(ALL_TYPES);
  return { url: e.url, description: e.description ?? '', all, types: all ? [] : [...e.eventTypes] };
}

/**
 * Whether the text is an address the server takes: http or https, with a host name and without a
 * user or password in it. Whether it is inside a private network is the server's to say.
 */
export function isWebhookUrl(text: string): boolean {
  let u: URL;
  try {
    u = new URL(text.trim());
  } catch {
    return false;
  }
  return (u.protocol === 'http:' || u.protocol === 'https:') && u.hostname !== '' && u.username === '' && u.password === '';
}

/** The form's own checks, the server's rules ahead of it; none when it may be sent. */
export function formFaults(f: EndpointForm): FormFaults {
  const faults: FormFaults = {};
  const url = f.url.trim();
  if (!url) faults.url = 'field.required';
  else if ([...url].length > URL_MAX) faults.url = 'field.too_long';
  else if (!isWebhookUrl(url)) faults.url = 'webhooks.invalid_url';
  if ([...f.description.trim()].length > DESCRIPTION_MAX) faults.description = 'field.too_long';
  if (!f.all && f.types.length === 0) faults.eventTypes = 'webhooks.no_event_types';
  return faults;
}

/** The types the form holds, as the request names them: they come from the server's catalogue
 * (`GET /webhooks/event-types`), which the document's enum states too, and the server checks them. */
export function eventTypesOf(f: EndpointForm): NewEndpoint['eventTypes'] {
  return (f.all ? [ALL_TYPES] : [...f.types]) as NewEndpoint['eventTypes'];
}

export function createBody(f: EndpointForm): NewEndpoint {
  const description = f.description.trim();
  return { url: f.url.trim(), description: description || null, eventTypes: eventTypesOf(f) };
}

/** A change sends every field of the form (an empty description removes it). */
export function patchBody(f: EndpointForm): EndpointPatch {
  return { url: f.url.trim(), description: f.description.trim(), eventTypes: eventTypesOf(f) };
}

/**
 * The server's field errors by the form's fields (`/eventTypes/1` is the checklist's), and the
 * error itself when part of it belongs on no field (a conflict, a server fault).
 */
export function serverFaults(error: unknown): { faults: Record<string, string>; rest: ApiError | null } {
  if (!isApiError(error)) return { faults: {}, rest: null };
  const faults: Record<string, string> = {};
  let unplaced = error.fieldErrors.length === 0;
  for (const fe of error.fieldErrors) {
    const field = /^\/(url|description|eventTypes)(\/|$)/.exec(fe.pointer)?.[1];
    if (field) faults[field] ??= fe.code;
    else unplaced = true;
  }
  return { faults, rest: unplaced ? error : null };
}

/** Hours the secret being replaced keeps signing, as typed: a whole number from 0 to 168. */
export function keepHoursFault(text: string): ProblemCode | null {
  const v = text.trim();
  if (!v) return 'field.required';
  if (!/^\d+$/.test(v)) return 'field.invalid_type';
  return Number(v) <= KEEP_HOURS_MAX ? null : 'field.out_of_range';
}

/** The JSON a delivery sent, indented to read; as sent when it does not parse. */
export function prettyJson(body: string): string {
  try {
    return JSON.stringify(JSON.parse(body), null, 2);
  } catch {
    return body;
  }
}
