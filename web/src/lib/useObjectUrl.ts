import { useEffect, useState } from 'react';

/**
 * An object URL for a blob loaded by `load`, kept while `key` stays the same and revoked when it
 * changes or the component goes away. `key` null loads nothing.
 */
export function useObjectUrl(key: string | null, load: () => Promise<Blob>): { url: string | undefined; failed: boolean } {
  const [state, setState] = useState<{ key: string | null; url: string | undefined; failed: boolean }>({
    key: null,
    url: undefined,
    failed: false,
  });
  useEffect(() => {
    if (key === null) return;
    let alive = true;
    let url: string | undefined;
    load().then(
      (blob) => {
        if (!alive) return;
        url = URL.createObjectURL(blob);
        setState({ key, url, failed: false });
      },
      () => alive && setState({ key, url: undefined, failed: true }),
    );
    return () => {
      alive = false;
      if (url) URL.revokeObjectURL(url);
    };
    // `load` is a new function each render; the key names what it loads.
  }, [key]);
  // A state left from the previous key is not this key's.
  return state.key === key ? { url: state.url, failed: state.failed } : { url: undefined, failed: false };
}
