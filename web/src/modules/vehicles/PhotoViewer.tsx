// The vehicle's photos full screen, as a salesperson shows them to a customer on the lot or sends
// one on WhatsApp: swipe on a phone, arrow keys on a desktop, Escape to close.
import { useEffect, useRef, useState, type KeyboardEvent, type PointerEvent } from 'react';
import { useMutation } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import { Dialog as D } from 'radix-ui';
import { ChevronLeft, ChevronRight, Copy, Loader2, Share2, X } from 'lucide-react';
import { api, unwrap } from '@/api/client';
import { isApiError } from '@/api/problem';
import { problemText } from '@/i18n/problems';
import { formatMoney } from '@/lib/format';
import { useObjectUrl } from '@/lib/useObjectUrl';
import { cn } from '@/ui/cn';
import { useToast } from '@/ui/Toast';
import { loadPhoto, type Photo } from './media';

/** How far (px) a finger travels sideways before it counts as a swipe and not a tap. */
export const SWIPE_MIN_PX = 50;

/** The step an arrow key asks for: -1 the previous photo, 1 the next, 0 none. */
export function stepFromKey(key: string): -1 | 0 | 1 {
  if (key === 'ArrowLeft') return -1;
  if (key === 'ArrowRight') return 1;
  return 0;
}

/**
 * The step a swipe asks for: dragging the photo to the left brings the next one (as in every
 * phone's gallery). Mostly vertical movements and short ones (a tap) are no swipe.
 */
export function stepFromSwipe(dx: number, dy: number): -1 | 0 | 1 {
  if (Math.abs(dx) < SWIPE_MIN_PX || Math.abs(dx) <= Math.abs(dy)) return 0;
  return dx < 0 ? 1 : -1;
}

/** The next index within `0..count-1`: the viewer stops at both ends rather than wrapping. */
export function stepIndex(index: number, step: number, count: number): number {
  return Math.min(Math.max(index + step, 0), Math.max(count - 1, 0));
}

/** A link's path on this server, made absolute for someone outside the app. */
export function absoluteLink(url: string, origin: string = window.location.origin): string {
  return new URL(url, origin).href;
}

/** The message that goes with a shared photo: what the car is, its price, and the photo's link. */
export function shareText(t: TFunction, v: { title: string; priceCents?: number | null | undefined; link: string }): string {
  return v.priceCents === null || v.priceCents === undefined
    ? t('photos.shareTextNoPrice', { vehicle: v.title, url: v.link })
    : t('photos.shareText', { vehicle: v.title, price: formatMoney(v.priceCents), url: v.link });
}

/** WhatsApp's "send this text to a contact I pick" address. */
export function whatsAppUrl(text: string): string {
  return `https://wa.me/?text=${encodeURIComponent(text)}`;
}

/** A week: a customer may open a car's photo days after it was sent. */
const SHARE_TTL_SECS = 7 * 24 * 3600;

interface PhotoViewerProps {
  vehicleId: string;
  /** `Chevrolet Onix 1.0 Turbo LT`, for the alt texts. */
  title: string;
  /** What the shared message calls the car (`Chevrolet Onix 1.0 Turbo LT 2022/2023`); `title` by default. */
  shareTitle?: string | undefined;
  priceCents?: number | null | undefined;
  photos: Photo[];
  /** The photo shown; null closes the viewer. */
  index: number | null;
  onIndexChange: (index: number | null) => void;
}

export function PhotoViewer({ vehicleId, title, shareTitle, priceCents, photos, index, onIndexChange }: PhotoViewerProps) {
  const { t } = useTranslation();
  const toast = useToast();
  const open = index !== null && photos.length > 0;
  const current = open ? Math.min(index, photos.length - 1) : 0;
  const photo = open ? photos[current] : undefined;
  const total = photos.length;
  const [drag, setDrag] = useState(0);
  const start = useRef<{ x: number; y: number; id: number } | null>(null);
  const [manualLink, setManualLink] = useState<string | null>(null);

  const go = (step: number) => {
    if (step === 0 || index === null) return;
    const next = stepIndex(current, step, total);
    if (next !== current) onIndexChange(next);
  };

  // The neighbours load in the background (the browser keeps them), so a swipe shows at once.
  useEffect(() => {
    if (!open) return;
    for (const n of [current + 1, current - 1]) {
      const p = photos[n];
      if (p) loadPhoto(vehicleId, p.id).catch(() => undefined);
    }
  }, [open, current, photos, vehicleId]);

  useEffect(() => setManualLink(null), [photo?.id]);

  const createLink = async (p: Photo): Promise<string> => {
    const sign = (ttlSecs: number | null) =>
      unwrap(
        api.POST('/api/v1/vehicles/{id}/photos/{photo_id}/link', {
          params: { path: { id: vehicleId, photo_id: p.id } },
          body: { ttlSecs },
        }),
      );
    try {
      return absoluteLink((await sign(SHARE_TTL_SECS)).url);
    } catch (e) {
      // An operator who allows shorter links than a week: the server's default length then.
      if (isApiError(e) && e.fieldErrors.some((f) => f.pointer === '/ttlSecs')) return absoluteLink((await sign(null)).url);
      throw e;
    }
  };

  const share = useMutation({
    mutationFn: async (v: { photo: Photo; how: 'whatsapp' | 'copy' }) => ({ how: v.how, link: await createLink(v.photo) }),
    onSuccess: async ({ how, link }) => {
      if (how === 'whatsapp') {
        const w = window.open(whatsAppUrl(shareText(t, { title: shareTitle ?? title, priceCents, link })), '_blank');
        if (w) {
          w.opener = null;
          return;
        }
        // A browser that blocked the new tab (the link took a while): the link stays on screen.
        setManualLink(link);
        toast.error(t('photos.shareBlocked'));
        return;
      }
      try {
        await navigator.clipboard.writeText(link);
        toast.success(t('photos.linkCopied'));
      } catch {
        setManualLink(link);
        toast.error(t('photos.copyFailed'));
      }
    },
    onError: (e) => toast.error(t('photos.shareFailed'), problemText(t, e)),
  });

  const onKeyDown = (e: KeyboardEvent) => {
    const step = stepFromKey(e.key);
    if (step === 0) return;
    // Arrow keys inside the link box move its caret, not the photo.
    if (e.target instanceof HTMLInputElement) return;
    e.preventDefault();
    go(step);
  };

  const onPointerDown = (e: PointerEvent) => {
    if (e.pointerType === 'mouse' && e.button !== 0) return;
    start.current = { x: e.clientX, y: e.clientY, id: e.pointerId };
  };
  const onPointerMove = (e: PointerEvent) => {
    const s = start.current;
    if (s && s.id === e.pointerId) setDrag(e.clientX - s.x);
  };
  const onPointerUp = (e: PointerEvent) => {
    const s = start.current;
    start.current = null;
    setDrag(0);
    if (s && s.id === e.pointerId) go(stepFromSwipe(e.clientX - s.x, e.clientY - s.y));
  };
  const onPointerCancel = () => {
    start.current = null;
    setDrag(0);
  };

  const barButton =
    'inline-flex h-11 min-w-11 items-center justify-center gap-2 rounded-full px-3 text-sm font-medium text-white hover:bg-white/15 focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-white disabled:opacity-40';

  return (
    <D.Root open={open} onOpenChange={(o) => !o && onIndexChange(null)}>
      <D.Portal>
        <D.Overlay className="fixed inset-0 z-40 bg-black/95" />
        <D.Content
          onKeyDown={onKeyDown}
          className="fixed inset-0 z-50 flex flex-col text-white focus:outline-none"
        >
          <div className="flex items-center justify-between gap-2 px-2 py-2 sm:px-4">
            <div className="min-w-0 pl-2">
              {/* Named by the photo shown ("Foto 3 de 12"), which a screen reader hears as it changes. */}
              <D.Title className="sr-only">{t('photos.viewerTitle', { n: current + 1, total })}</D.Title>
              <p className="truncate text-sm font-medium">{title}</p>
              <p className="text-sm tabular-nums text-slate-300" aria-live="polite">
                <span className="sr-only">{t('photos.viewerTitle', { n: current + 1, total })}</span>
                <span aria-hidden>{t('photos.counter', { n: current + 1, total })}</span>
              </p>
            </div>
            <D.Close className={barButton} aria-label={t('photos.closeViewer')}>
              <X className="h-6 w-6" aria-hidden />
            </D.Close>
          </div>
          <D.Description className="sr-only">{t('photos.viewerHelp')}</D.Description>

          <div
            data-testid="photo-stage"
            className="relative flex min-h-0 flex-1 touch-pan-y select-none items-center justify-center overflow-hidden"
            onPointerDown={onPointerDown}
            onPointerMove={onPointerMove}
            onPointerUp={onPointerUp}
            onPointerCancel={onPointerCancel}
          >
            {photo && (
              <div
                className={cn('flex h-full w-full items-center justify-center', drag === 0 && 'transition-transform duration-150')}
                style={drag === 0 ? undefined : { transform: `translateX(${drag}px)` }}
              >
                <FullPhoto vehicleId={vehicleId} photo={photo} alt={t('photos.alt', { n: current + 1, vehicle: title })} />
              </div>
            )}
            <button
              type="button"
              className={cn(barButton, 'absolute left-2 top-1/2 -translate-y-1/2 bg-black/40 px-0')}
              aria-label={t('photos.previous')}
              disabled={current === 0}
              onClick={() => go(-1)}
            >
              <ChevronLeft className="h-7 w-7" aria-hidden />
            </button>
            <button
              type="button"
              className={cn(barButton, 'absolute right-2 top-1/2 -translate-y-1/2 bg-black/40 px-0')}
              aria-label={t('photos.next')}
              disabled={current >= total - 1}
              onClick={() => go(1)}
            >
              <ChevronRight className="h-7 w-7" aria-hidden />
            </button>
          </div>

          <div className="flex flex-col items-center gap-2 px-4 pb-[max(1rem,env(safe-area-inset-bottom))] pt-2">
            {manualLink && (
              <label className="w-full max-w-md text-xs text-slate-300">
                {t('photos.linkLabel')}
                <input
                  readOnly
                  value={manualLink}
                  onFocus={(e) => e.currentTarget.select()}
                  className="mt-1 block h-11 w-full rounded-md border border-white/30 bg-black px-3 text-sm text-white"
                />
              </label>
            )}
            <div className="flex flex-wrap justify-center gap-2">
              <button
                type="button"
                className={cn(barButton, 'bg-green-700 px-5 hover:bg-green-800')}
                disabled={!photo || share.isPending}
                aria-busy={(share.isPending && share.variables?.how === 'whatsapp') || undefined}
                onClick={() => photo && share.mutate({ photo, how: 'whatsapp' })}
              >
                {share.isPending && share.variables?.how === 'whatsapp' ? (
                  <Loader2 className="h-5 w-5 animate-spin" aria-hidden />
                ) : (
                  <Share2 className="h-5 w-5" aria-hidden />
                )}
                {t('photos.share')}
              </button>
              <button
                type="button"
                className={cn(barButton, 'border border-white/40 px-5')}
                disabled={!photo || share.isPending}
                aria-busy={(share.isPending && share.variables?.how === 'copy') || undefined}
                onClick={() => photo && share.mutate({ photo, how: 'copy' })}
              >
                {share.isPending && share.variables?.how === 'copy' ? (
                  <Loader2 className="h-5 w-5 animate-spin" aria-hidden />
                ) : (
                  <Copy className="h-5 w-5" aria-hidden />
                )}
                {t('photos.copyLink')}
              </button>
            </div>
          </div>
        </D.Content>
      </D.Portal>
    </D.Root>
  );
}

function FullPhoto({ vehicleId, photo, alt }: { vehicleId: string; photo: Photo; alt: string }) {
  const { t } = useTranslation();
  const { url, failed } = useObjectUrl(`photo:${photo.id}`, () => loadPhoto(vehicleId, photo.id));
  if (failed) return <p role="alert" className="text-sm text-red-300">{t('photos.loadFailed')}</p>;
  if (!url) {
    return (
      <span role="status">
        <Loader2 className="h-10 w-10 animate-spin text-white" aria-hidden />
        <span className="sr-only">{t('common.loading')}</span>
      </span>
    );
  }
  return (
    <img
      src={url}
      alt={alt}
      width={photo.width}
      height={photo.height}
      draggable={false}
      className="max-h-full max-w-full object-contain"
    />
  );
}
