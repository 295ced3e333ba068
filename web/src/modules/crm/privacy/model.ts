// The data-subject requests' web model (LGPD art. 18): the kinds, the forms' mapping to the API
// bodies, the order the Owner works them in, and the export's file name.
import type { components } from '@/api/schema.gen';
import { startOfDayIn, todayIn } from '@/lib/businessDate';

export type DataRequest = components['schemas']['DataRequestView'];
export type RequestKind = components['schemas']['RequestKind'];
export type NewDataRequest = components['schemas']['NewDataRequest'];
export type CloseDataRequest = components['schemas']['CloseDataRequest'];

export const REQUEST_KINDS: readonly RequestKind[] = ['access', 'correction', 'anonymization', 'portability', 'sharing', 'consent_withdrawal'];
/** How requests usually arrive; the field stays free text for the rest. */
export const CHANNELS = ['e-mail', 'balcão', 'carta', 'telefone', 'WhatsApp'] as const;

/** The pseudonym's opening words: an anonymised customer's name (crm::privacy::pseudonym). */
export const PSEUDONYM_PREFIX = 'Titular anonimizado ';
export const isAnonymized = (name: string) => name.startsWith(PSEUDONYM_PREFIX);

export interface RequestForm {
  kind: RequestKind;
  channel: string;
  details: string;
  /** The business day it arrived (`YYYY-MM-DD`), or empty for today. */
  receivedOn: string;
}

export const emptyRequest = (kind: RequestKind = 'access'): RequestForm => ({ kind, channel: 'e-mail', details: '', receivedOn: '' });

/**
 * The body of `POST /customers/{id}/data-requests`. A day in the past is sent as that day's
 * start in the store's zone, so the deadline counts from the day the person wrote; today (or
 * none) is left to the server's clock.
 */
export function requestBody(f: RequestForm, timeZone: string, now: Date = new Date()): NewDataRequest {
  const past = f.receivedOn !== '' && f.receivedOn !== todayIn(timeZone, now);
  return {
    kind: f.kind,
    channel: f.channel.trim(),
    details: f.details.trim() || null,
    receivedAt: past ? startOfDayIn(f.receivedOn, timeZone) : null,
  };
}

export interface CloseForm {
  outcome: 'completed' | 'refused';
  answer: string;
}

/** The body of `POST /crm/data-requests/{id}/close`. */
export function closeBody(f: CloseForm): CloseDataRequest {
  return { status: f.outcome, answer: f.answer.trim() };
}

/** Open requests soonest due first (the server's order), overdue ones before the rest of a day. */
export function byDue(items: readonly DataRequest[]): DataRequest[] {
  return [...items].sort((a, b) => a.dueOn.localeCompare(b.dueOn) || Number(b.overdue) - Number(a.overdue) || a.receivedAt.localeCompare(b.receivedAt));
}

/** Closed requests, the latest closed first. */
export function byClosed(items: readonly DataRequest[]): DataRequest[] {
  return [...items].sort((a, b) => (b.closedAt ?? '').localeCompare(a.closedAt ?? ''));
}

/** The download's name for a person's data. */
export const personalDataFileName = (customerId: string) => `titular-${customerId}.json`;

/** The export as a file: the document, indented for a person to read. */
export function personalDataBlob(doc: unknown): Blob {
  return new Blob([JSON.stringify(doc, null, 2)], { type: 'application/json' });
}

/** Whether the typed confirmation names the person: case, accents and spaces aside. */
export function confirmsName(typed: string, name: string): boolean {
  const fold = (s: string) => s.normalize('NFD').replace(/\p{M}/gu, '').replace(/\s+/g, ' ').trim().toLowerCase();
  return fold(typed) !== '' && fold(typed) === fold(name);
}
