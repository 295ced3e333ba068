// The query keys of the sales desk's data, one factory so that a change invalidates by prefix
// exactly what it made stale: `quoteKeys.lists()` after any quote is created, revised, sent or
// answered, `quoteKeys.detail(id)` for one quote and what hangs off it (versions); approvals,
// sales and commissions likewise. Financing offers are keyed by the deal they price.
import type { ComparisonRequest } from './model';

export const quoteKeys = {
  all: ['quotes'] as const,
  lists: () => [...quoteKeys.all, 'list'] as const,
  list: (query: object) => [...quoteKeys.lists(), query] as const,
  details: () => [...quoteKeys.all, 'detail'] as const,
  detail: (id: string) => [...quoteKeys.details(), id] as const,
  versions: (id: string) => [...quoteKeys.detail(id), 'versions'] as const,
};

export const approvalKeys = {
  all: ['approvals'] as const,
  list: (status: string) => [...approvalKeys.all, 'list', status] as const,
};

export const saleKeys = {
  all: ['sales'] as const,
  lists: () => [...saleKeys.all, 'list'] as const,
  list: (query: object) => [...saleKeys.lists(), query] as const,
  detail: (id: string) => [...saleKeys.all, 'detail', id] as const,
  commissions: (month: string, userId: string | undefined) => [...saleKeys.all, 'commissions', month, userId] as const,
};

export const reservationKeys = {
  all: ['reservations'] as const,
  ofVehicle: (vehicleId: string) => [...reservationKeys.all, 'vehicle', vehicleId] as const,
};

export const appraisalKeys = {
  all: ['appraisals'] as const,
  ofCustomer: (customerId: string) => [...appraisalKeys.all, 'customer', customerId] as const,
};

export const financingKeys = {
  all: ['financing'] as const,
  comparison: (deal: ComparisonRequest) => [...financingKeys.all, 'comparison', deal] as const,
};

export const publicQuoteKeys = {
  quote: (token: string) => ['public-quote', token] as const,
};
