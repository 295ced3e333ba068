// A half-filled form is not lost by a tap on the menu, a link, the back button or closing the tab.
//
//   const unsaved = useUnsavedChanges(formState.isDirty);
//   ...on a successful save: unsaved.release(); navigate(...)
//   <UnsavedChangesDialog blocker={unsaved.blocker} />   (src/ui/UnsavedChangesDialog.tsx)
//
// Navigation inside the app is held by React Router's blocker and the dialog asks "stay or leave";
// leaving the page itself (closing the tab, reloading, typing an address) gets the browser's own
// prompt through `beforeunload`, the only one a page may show there.
import { useCallback, useEffect, useLayoutEffect, useRef } from 'react';
import { useBlocker, type Blocker, type BlockerFunction } from 'react-router';

export interface UnsavedChanges {
  /** React Router's blocker: `state === 'blocked'` while the user is being asked. */
  blocker: Blocker;
  /**
   * Lets navigation through without asking from now on, for a form that was just saved or that
   * the user chose to abandon (its own "Cancel"): call it before `navigate`.
   */
  release: () => void;
}

/** Asks before leaving while `dirty`. Changing only the hash or nothing at all never asks. */
export function useUnsavedChanges(dirty: boolean): UnsavedChanges {
  const dirtyRef = useRef(dirty);
  const released = useRef(false);
  // The blocker reads the latest value at the moment of a navigation, which may come from an
  // event handler before React renders again (a save's `onSuccess`).
  useLayoutEffect(() => {
    dirtyRef.current = dirty;
    // New changes after a release are worth asking about again.
    if (!dirty) released.current = false;
  }, [dirty]);

  const shouldBlock = useCallback<BlockerFunction>(
    ({ currentLocation, nextLocation }) =>
      dirtyRef.current &&
      !released.current &&
      (currentLocation.pathname !== nextLocation.pathname || currentLocation.search !== nextLocation.search),
    [],
  );
  const blocker = useBlocker(shouldBlock);

  // Nothing left to lose (saved or undone meanwhile): let the held navigation go on.
  useEffect(() => {
    if (blocker.state === 'blocked' && !dirty) blocker.proceed();
  }, [blocker, dirty]);

  useEffect(() => {
    if (!dirty) return;
    const onBeforeUnload = (e: BeforeUnloadEvent) => {
      if (released.current) return;
      e.preventDefault();
      // Older browsers show the prompt only when returnValue is set.
      e.returnValue = '';
    };
    window.addEventListener('beforeunload', onBeforeUnload);
    return () => window.removeEventListener('beforeunload', onBeforeUnload);
  }, [dirty]);

  const release = useCallback(() => {
    released.current = true;
  }, []);

  return { blocker, release };
}
