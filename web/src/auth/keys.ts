/** The query keys of the signed-in session. */
export const authKeys = {
  me: () => ['me'] as const,
};
