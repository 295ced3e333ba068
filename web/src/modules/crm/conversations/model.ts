// WhatsApp conversations as the screens see them: the inbox's rows (the phone as Brazilians write
// it, how long ago, the 24-hour window) and a lead's thread, which is its timeline's WhatsApp
// activities, oldest first like a chat.
import type { components } from '@/api/schema.gen';
import { isApiError } from '@/api/problem';
import { formatPhone } from '../labels';
import type { Activity } from '../leads/model';

export type Conversation = components['schemas']['ConversationView'];
export type ConversationStatus = components['schemas']['ConversationStatus'];

/** How often the inbox and an open conversation look for new messages while on screen. */
export const POLL_MS = 20_000;

/** `5511912345678` or `+5511912345678` -> `(11) 91234-5678`; another country's number stays as it is. */
export function conversationPhone(phone: string): string {
  return formatPhone(`+${phone.replace(/\D/g, '')}`);
}

/** How long ago, in the largest whole unit: under a minute is "now". */
export function ago(at: string, now: Date = new Date()): { unit: 'now' | 'minutes' | 'hours' | 'days'; count: number } {
  const minutes = Math.max(0, Math.floor((now.getTime() - new Date(at).getTime()) / 60_000));
  if (minutes < 1) return { unit: 'now', count: 0 };
  if (minutes < 60) return { unit: 'minutes', count: minutes };
  if (minutes < 24 * 60) return { unit: 'hours', count: Math.floor(minutes / 60) };
  return { unit: 'days', count: Math.floor(minutes / (24 * 60)) };
}

/** `14:30` in the user's time zone (the window ends within 24 hours, so the hour says when). */
export function clockTime(at: string, lang: string): string {
  return new Intl.DateTimeFormat(lang.startsWith('en') ? 'en-US' : 'pt-BR', { hour: '2-digit', minute: '2-digit' }).format(new Date(at));
}

/**
 * Whether free text may go now: the server's word, unless its end has passed since (a screen left
 * open over the 24th hour offers the template, and the server still has the last word).
 */
export function windowOpen(c: Pick<Conversation, 'windowOpen' | 'windowEndsAt'>, now: Date = new Date()): boolean {
  if (!c.windowOpen) return false;
  return !c.windowEndsAt || new Date(c.windowEndsAt).getTime() > now.getTime();
}

/** The lead's WhatsApp messages, oldest first (the timeline's activities come newest first). */
export function thread(activities: Activity[]): Activity[] {
  return activities
    .filter((a) => a.kind === 'whatsapp')
    .sort((a, b) => (a.occurredAt < b.occurredAt ? -1 : a.occurredAt > b.occurredAt ? 1 : a.id < b.id ? -1 : 1));
}

/** The customer never wrote: the lead has no conversation yet (404 `conversations.not_started`). */
export const notStarted = (e: unknown) => isApiError(e) && e.code === 'conversations.not_started';

