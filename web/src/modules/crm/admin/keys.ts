// The query keys of the CRM settings: a store's lead settings, and the intake keys. The lists
// share the funnel's keys (`leadKeys.list(kind)`), so a saved list shows on the board at once.
export const crmAdminKeys = {
  all: ['crmAdmin'] as const,
  settings: (storeId: string) => [...crmAdminKeys.all, 'settings', storeId] as const,
  weights: () => [...crmAdminKeys.all, 'lists', 'score_weight'] as const,
  intakeKeys: () => [...crmAdminKeys.all, 'intakeKeys'] as const,
};
