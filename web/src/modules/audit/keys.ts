// The query keys of the audit log. Any write may add an entry, so the log is read fresh
// (no invalidation to remember): its queries are short-lived.
import type { MailboxFilters } from './mailbox';

export interface AuditFilters {
  entityType: string | null;
  action: string | null;
  actorId: string | null;
  entityId: string | null;
  page: number;
}

export const auditKeys = {
  all: ['audit'] as const,
  lists: () => [...auditKeys.all, 'list'] as const,
  list: (filters: AuditFilters) => [...auditKeys.lists(), filters] as const,
  /** The users the log names, for their names and the "who" filter. */
  actors: () => [...auditKeys.all, 'actors'] as const,
};

/** The mailbox (`GET /messages`): any request may write to it, so it is read fresh too. */
export const messageKeys = {
  all: ['messages'] as const,
  lists: () => [...messageKeys.all, 'list'] as const,
  list: (filters: MailboxFilters) => [...messageKeys.lists(), filters] as const,
  detail: (id: string) => [...messageKeys.all, 'detail', id] as const,
};
