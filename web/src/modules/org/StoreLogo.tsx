// A store's logo: the picture beside its name in the list and, for the owner, the section of the
// store's dialog that sends, replaces and removes it. The logo prints at the head of the store's
// quotes and sales orders; without one they print the store's initials, and so does the list.
import { useId, useState, type ReactNode } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import { ImageOff, ImagePlus, Loader2, Trash2 } from 'lucide-react';
import { api, ifMatch, unwrap } from '@/api/client';
import { isApiError } from '@/api/problem';
import { fieldText, problemText } from '@/i18n/problems';
import { acceptOf, checkFile, LOGO_RULE, multipart } from '@/lib/files';
import { formatBytes } from '@/lib/format';
import { useObjectUrl } from '@/lib/useObjectUrl';
import { Button } from '@/ui/Button';
import { cn } from '@/ui/cn';
import { Dialog } from '@/ui/Dialog';
import { Skeleton } from '@/ui/Skeleton';
import { useToast } from '@/ui/Toast';
import { storeKeys } from './keys';
import { loadLogo, storeInitials, type Store } from './stores';

/**
 * The store's logo in a box of the caller's size, whole (never cropped), on white as on the
 * printed page, in the dark theme too. Without a logo the box shows `empty`: by default the
 * store's initials, hidden from screen readers as the store's name sits beside them.
 */
export function LogoImage({ store, className, empty }: { store: Store; className?: string; empty?: ReactNode }) {
  const { t } = useTranslation();
  const logo = store.logo ?? null;
  // A new logo has a new hash: the key changes and the picture is fetched again.
  const { url, failed } = useObjectUrl(logo ? `${store.id}/${logo.sha256}` : null, () => loadLogo(store.id));
  return (
    <div
      className={cn('flex shrink-0 items-center justify-center overflow-hidden rounded-md border border-slate-200 bg-white dark:border-slate-700', className)}
      data-logo={logo && url ? 'image' : 'none'}
    >
      {logo && url ? (
        <img src={url} alt={t('stores.logo.alt', { name: store.name })} className="h-full w-full object-contain p-1" decoding="async" />
      ) : logo && !failed ? (
        <Skeleton className="h-full w-full rounded-none" />
      ) : logo ? (
        <ImageOff className="h-5 w-5 text-red-700" role="img" aria-label={t('stores.logo.loadFailed')} />
      ) : (
        (empty ?? (
          <span aria-hidden className="text-sm font-semibold text-slate-600">
            {storeInitials(store.name)}
          </span>
        ))
      )}
    </div>
  );
}

/** Why a logo was refused, in the app's words: the image's own fault when the server names it. */
function refusal(t: TFunction, e: unknown): string {
  const fault = isApiError(e) ? e.fieldErrors[0]?.code : undefined;
  return fault ? fieldText(t, fault) : problemText(t, e);
}

const fileButton =
  'inline-flex h-11 cursor-pointer items-center justify-center gap-2 rounded-md px-4 text-sm font-medium transition-colors md:h-10 peer-focus-visible:ring-2 peer-focus-visible:ring-brand-600 peer-focus-visible:ring-offset-2 peer-disabled:cursor-not-allowed peer-disabled:opacity-60';

interface LogoSectionProps {
  /** The store as last answered by the server (its version goes in `If-Match`). */
  store: Store;
  /** The store after the logo changed, with its new version. */
  onChanged: (store: Store) => void;
  /** Someone else changed the store since it was read (412). */
  onConflict: () => void;
}

/** Sends, replaces and removes the store's logo (`stores.manage`), each change at once. */
export function LogoSection({ store, onChanged, onConflict }: LogoSectionProps) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const toast = useToast();
  const id = useId();
  const [error, setError] = useState<string | null>(null);
  const [confirming, setConfirming] = useState(false);

  const changed = (next: Store, message: string) => {
    setError(null);
    onChanged(next);
    // The list shows the new logo at once; the refetch confirms it.
    qc.setQueryData(storeKeys.list(), (old: { items: Store[] } | undefined) => old && { ...old, items: old.items.map((s) => (s.id === next.id ? next : s)) });
    void qc.invalidateQueries({ queryKey: storeKeys.all });
    toast.success(message);
  };
  const failed = (e: unknown, key: 'stores.logo.uploadFailed' | 'stores.logo.removeFailed') => {
    if (isApiError(e) && e.status === 412) onConflict();
    else setError(t(key, { reason: refusal(t, e) }));
  };

  const upload = useMutation({
    mutationFn: (file: File) =>
      unwrap(api.PUT('/api/v1/stores/{id}/logo', { params: { path: { id: store.id }, header: ifMatch(store.version) }, ...multipart({ file }) })),
    onSuccess: (next) => changed(next, t('stores.logo.saved', { name: next.name })),
    onError: (e) => failed(e, 'stores.logo.uploadFailed'),
  });
  const remove = useMutation({
    mutationFn: () => unwrap(api.DELETE('/api/v1/stores/{id}/logo', { params: { path: { id: store.id }, header: ifMatch(store.version) } })),
    onSuccess: (next) => {
      setConfirming(false);
      changed(next, t('stores.logo.removed', { name: next.name }));
    },
    onError: (e) => {
      setConfirming(false);
      failed(e, 'stores.logo.removeFailed');
    },
  });

  const choose = (file: File | undefined) => {
    if (!file) return;
    // What the server would refuse does not travel: a 5 MB limit on a phone's data plan.
    const bad = checkFile(file, LOGO_RULE);
    if (bad === 'files.too_large') {
      setError(t('stores.logo.tooLarge', { max: formatBytes(LOGO_RULE.maxBytes) }));
    } else if (bad) {
      setError(t('stores.logo.wrongType'));
    } else {
      setError(null);
      upload.mutate(file);
    }
  };

  const busy = upload.isPending || remove.isPending;
  return (
    <section aria-labelledby={`${id}-title`} aria-busy={busy || undefined} className="mb-6 border-b border-slate-200 pb-6 dark:border-slate-800">
      <h3 id={`${id}-title`} className="text-sm font-semibold">{t('stores.logo.title')}</h3>
      <div className="mt-3 flex flex-wrap items-center gap-4">
        <LogoImage
          store={store}
          className="h-20 w-32"
          empty={<span className="p-2 text-center text-xs text-slate-600">{t('stores.logo.none')}</span>}
        />
        <div className="flex flex-wrap gap-2">
          <span>
            <input
              id={`${id}-file`}
              type="file"
              accept={acceptOf(LOGO_RULE)}
              className="peer sr-only"
              disabled={busy}
              aria-describedby={`${id}-hint`}
              onChange={(e) => {
                choose(e.target.files?.[0]);
                e.target.value = '';
              }}
            />
            <label htmlFor={`${id}-file`} className={cn(fileButton, 'bg-brand-600 text-white hover:bg-brand-700')}>
              {upload.isPending ? <Loader2 className="h-4 w-4 animate-spin" aria-hidden /> : <ImagePlus className="h-4 w-4" aria-hidden />}
              {store.logo ? t('stores.logo.replace') : t('stores.logo.upload')}
            </label>
          </span>
          {store.logo && (
            <Button variant="secondary" disabled={busy} onClick={() => setConfirming(true)}>
              <Trash2 className="h-4 w-4" aria-hidden />
              {t('stores.logo.remove')}
            </Button>
          )}
        </div>
      </div>
      <p id={`${id}-hint`} className="mt-3 text-xs text-slate-600 dark:text-slate-400">
        {t('stores.logo.hint', { max: formatBytes(LOGO_RULE.maxBytes) })}
      </p>
      {/* Always present, so screen readers hear the change when the upload starts. */}
      <p role="status" className="text-sm text-slate-600 dark:text-slate-400">
        {upload.isPending && <span className="mt-2 block">{t('stores.logo.uploading')}</span>}
      </p>
      {error && (
        <p role="alert" className="mt-2 text-sm text-red-700 dark:text-red-400">{error}</p>
      )}
      <Dialog
        open={confirming}
        onOpenChange={(o) => !o && setConfirming(false)}
        title={t('stores.logo.removeTitle')}
        description={t('stores.logo.removeBody', { name: store.name })}
        footer={
          <>
            <Button variant="secondary" onClick={() => setConfirming(false)}>{t('common.cancel')}</Button>
            <Button variant="danger" loading={remove.isPending} onClick={() => remove.mutate()}>
              {t('stores.logo.remove')}
            </Button>
          </>
        }
      >
        {null}
      </Dialog>
    </section>
  );
}
