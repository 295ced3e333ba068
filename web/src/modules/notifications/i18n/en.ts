// The notifications' words, in English.
import type { Dict } from '@/i18n/types';
import type { problemsPtBR, ptBR } from './pt-BR';

export const en: Dict<typeof ptBR> = {
  notifications: {
    title: 'Notifications',
    intro: 'What happened in your work: discount requests, answers and accepted quotes. Newest first.',
    bell_zero: 'Notifications, none unread',
    bell_one: 'Notifications, {{count}} unread',
    bell_other: 'Notifications, {{count}} unread',
    latest: 'Latest notifications',
    unread: 'Unread',
    markAll: 'Mark all as read',
    allRead: 'All notifications were marked as read.',
    seeAll: 'See all notifications',
    filter: 'Which notifications',
    filters: { all: 'All', unread: 'Unread' },
    empty: 'No notifications',
    emptyBody: 'When someone asks for or answers a discount, or a customer answers a quote, you will see it here.',
    emptyUnread: 'No unread notifications',
    emptyUnreadBody: 'You have seen everything.',
    count_zero: 'No notifications',
    count_one: '{{formatted}} notification',
    count_other: '{{formatted}} notifications',
    theSalesperson: 'A salesperson',
    theManager: 'The manager',
    kinds: {
      sales: {
        approval_requested: '{{by}} asks for a {{discount}} discount on quote {{number}}',
        approval_decided: {
          approved: '{{by}} approved the {{discount}} discount on quote {{number}}',
          rejected: '{{by}} rejected the {{discount}} discount on quote {{number}}',
          countered: '{{by}} offered {{approved}} off instead on quote {{number}} (you asked for {{discount}})',
          other: '{{by}} answered the {{discount}} discount request on quote {{number}}',
        },
        quote_accepted: 'The customer accepted quote {{number}} (version {{version}})',
        quote_declined: 'The customer declined quote {{number}} (version {{version}})',
      },
      webhooks: {
        endpoint_disabled: 'The webhook {{url}} was disabled after {{failures}} failed deliveries in a row',
      },
      other: 'New notification. Open it to see the details.',
    },
  },
};

export const problemsEn: typeof problemsPtBR = {};
