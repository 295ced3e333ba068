// The query keys of the CRM's data, one factory so that a change invalidates by prefix exactly
// what it made stale: `lists()` after any customer is created, changed or merged, `detail(id)` for
// one customer and what hangs off it (consents, owned vehicles, leads, activities). Leads: `boards()`
// after any move, `lead(id)` for one lead and its timeline, score and WhatsApp conversation.
// Conversations: `lists()` (the inbox and the menu's count) after a message is sent or read.
import type { apiQuery } from './listFilters';

type ListQuery = ReturnType<typeof apiQuery>;

export const customerKeys = {
  all: ['customers'] as const,
  lists: () => [...customerKeys.all, 'list'] as const,
  list: (query: ListQuery) => [...customerKeys.lists(), query] as const,
  details: () => [...customerKeys.all, 'detail'] as const,
  detail: (id: string) => [...customerKeys.details(), id] as const,
  consents: (id: string) => [...customerKeys.detail(id), 'consents'] as const,
  vehicles: (id: string) => [...customerKeys.detail(id), 'vehicles'] as const,
  leads: (id: string) => [...customerKeys.detail(id), 'leads'] as const,
  activities: (id: string) => [...customerKeys.detail(id), 'activities'] as const,
};

export const leadKeys = {
  all: ['leads'] as const,
  boards: () => [...leadKeys.all, 'board'] as const,
  board: (filters: { storeId: string | null; ownerId: string | null }) => [...leadKeys.boards(), filters] as const,
  details: () => [...leadKeys.all, 'detail'] as const,
  detail: (id: string) => [...leadKeys.details(), id] as const,
  timeline: (id: string) => [...leadKeys.detail(id), 'timeline'] as const,
  score: (id: string) => [...leadKeys.detail(id), 'score'] as const,
  conversation: (id: string) => [...leadKeys.detail(id), 'conversation'] as const,
  tasks: (dueBefore: string) => [...leadKeys.all, 'tasks', dueBefore] as const,
  list: (kind: 'source' | 'lost_reason') => [...leadKeys.all, 'lists', kind] as const,
  users: () => [...leadKeys.all, 'users'] as const,
};

export const conversationKeys = {
  all: ['conversations'] as const,
  lists: () => [...conversationKeys.all, 'list'] as const,
  list: (filters: { storeId: string | null; status: 'open' | 'closed'; page: number }) => [...conversationKeys.lists(), filters] as const,
  unread: () => [...conversationKeys.lists(), 'unread'] as const,
};
