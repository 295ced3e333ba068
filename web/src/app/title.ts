// The browser tab's title per screen: "Estoque · Innexar", "Toyota Corolla · Estoque · Innexar".
// Every screen calls `usePageTitle` with its own words (already translated), most specific first,
// so a change of language or of the record shown renames the tab at once.
import { useEffect } from 'react';

export const APP_NAME = 'Innexar';

/** The title for these parts: the empty ones dropped, the app's name last. */
export function pageTitle(...parts: ReadonlyArray<string | null | undefined | false>): string {
  return [...parts.filter((p): p is string => typeof p === 'string' && p.trim() !== ''), APP_NAME].join(' · ');
}

/**
 * Names the tab while the screen is shown; on leaving, the title it replaced comes back (a
 * not-found message inside a screen gives the tab back to the screen when it goes).
 */
export function usePageTitle(...parts: ReadonlyArray<string | null | undefined | false>): void {
  const title = pageTitle(...parts);
  useEffect(() => {
    const previous = document.title;
    document.title = title;
    return () => {
      document.title = previous;
    };
  }, [title]);
}
