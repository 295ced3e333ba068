// The query keys of the sales settings: a store's discount limits, the commission plans, the
// banks' rate tables and the IOF rates. The rate tables share the deal desk's financing prefix,
// so a saved table prices the next comparison at once.
import { financingKeys } from '../keys';

export const salesAdminKeys = {
  all: ['salesAdmin'] as const,
  limits: (storeId: string) => [...salesAdminKeys.all, 'limits', storeId] as const,
  plans: () => [...salesAdminKeys.all, 'plans'] as const,
  rateTables: () => [...financingKeys.all, 'rateTables'] as const,
  iof: () => [...financingKeys.all, 'iof'] as const,
};
