import { useEffect, useId, useRef, useState, type DragEvent, type ReactNode } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { AlertTriangle, Camera, ChevronLeft, ChevronRight, ImagePlus, Loader2, Star, Trash2, X } from 'lucide-react';
import { api, unwrap } from '@/api/client';
import { codeText, problemText } from '@/i18n/problems';
import { checkFile, multipart, PHOTO_RULE, acceptOf } from '@/lib/files';
import { formatBytes } from '@/lib/format';
import { queryFailure, queryPhase } from '@/lib/queryPhase';
import { useObjectUrl } from '@/lib/useObjectUrl';
import { Badge } from '@/ui/Badge';
import { Button } from '@/ui/Button';
import { Card } from '@/ui/Card';
import { cn } from '@/ui/cn';
import { Dialog } from '@/ui/Dialog';
import { ErrorState } from '@/ui/QueryView';
import { Skeleton } from '@/ui/Skeleton';
import { useToast } from '@/ui/Toast';
import { vehicleKeys } from './keys';
import { loadThumbnail, type Photo } from './media';
import { PhotoViewer } from './PhotoViewer';

interface Upload {
  key: number;
  file: File;
  status: 'queued' | 'uploading' | 'failed';
  error?: string;
}

const fileButton =
  'inline-flex h-11 sm:h-10 cursor-pointer items-center justify-center gap-2 rounded-md px-4 text-sm font-medium transition-colors peer-focus-visible:ring-2 peer-focus-visible:ring-brand-600 peer-focus-visible:ring-offset-2';

interface PhotosCardProps {
  vehicleId: string;
  /** The vehicle's title, for alt texts and the message of a shared photo. */
  vehicle: string;
  /** What a shared photo's message calls the car (with its years); `vehicle` by default. */
  shareTitle?: string | undefined;
  /** The asking price, for the message of a shared photo. */
  priceCents?: number | null | undefined;
  /** Upload, order and choose the cover (`vehicles.manage_photos`). */
  canManage: boolean;
  /** Delete photos (`vehicles.delete_photos`). */
  canDelete: boolean;
  /**
   * Inside another card (a trade-in's photos in the deal builder): no card of its own, the title
   * one level down (`h3`) and `title` instead of "Fotos".
   */
  embedded?: { title: string } | undefined;
}

/**
 * The vehicle's photos in display order, opened full screen to show or share; those who may
 * manage them upload, order and pick the cover, and those who may delete them delete.
 */
export function PhotosCard({ vehicleId, vehicle, shareTitle, priceCents, canManage, canDelete, embedded }: PhotosCardProps) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const toast = useToast();
  const key = vehicleKeys.photos(vehicleId);
  const photos = useQuery({
    queryKey: key,
    queryFn: () => unwrap(api.GET('/api/v1/vehicles/{id}/photos', { params: { path: { id: vehicleId } } })),
  });
  const items = photos.data?.items ?? [];
  const controls = canManage || canDelete;
  const [viewing, setViewing] = useState<number | null>(null);
  const [confirmDelete, setConfirmDelete] = useState<Photo | null>(null);
  const [uploads, setUploads] = useState<Upload[]>([]);
  const [dragging, setDragging] = useState(false);
  const nextKey = useRef(0);
  const sent = useRef(0);

  const problem = (e: unknown) => problemText(t, e);

  const addFiles = (files: FileList | File[] | null) => {
    if (!files) return;
    const added: Upload[] = Array.from(files).map((file) => {
      const bad = checkFile(file, PHOTO_RULE);
      return bad
        ? { key: nextKey.current++, file, status: 'failed', error: codeText(t, bad) }
        : { key: nextKey.current++, file, status: 'queued' };
    });
    setUploads((us) => [...us, ...added]);
  };

  // One upload at a time: the server decodes and re-encodes each image, and a phone on the lot
  // has little bandwidth to share.
  const busy = uploads.some((u) => u.status === 'uploading');
  const next = uploads.find((u) => u.status === 'queued');
  useEffect(() => {
    if (busy || !next) return;
    const mark = (patch: Partial<Upload>) => setUploads((us) => us.map((u) => (u.key === next.key ? { ...u, ...patch } : u)));
    mark({ status: 'uploading' });
    unwrap(api.POST('/api/v1/vehicles/{id}/photos', { params: { path: { id: vehicleId } }, ...multipart({ file: next.file }) }))
      .then(() => {
        sent.current += 1;
        setUploads((us) => us.filter((u) => u.key !== next.key));
        void qc.invalidateQueries({ queryKey: key });
      })
      .catch((e: unknown) => mark({ status: 'failed', error: problem(e) }));
  }, [busy, next?.key]);

  // Once the queue drains, one message for the batch.
  useEffect(() => {
    if (busy || next || sent.current === 0) return;
    toast.success(t('photos.uploaded', { count: sent.current }));
    sent.current = 0;
  }, [busy, next]);

  const update = useMutation({
    mutationFn: (v: { photo: Photo; position?: number; isCover?: boolean }) =>
      unwrap(
        api.PATCH('/api/v1/vehicles/{id}/photos/{photo_id}', {
          params: { path: { id: vehicleId, photo_id: v.photo.id } },
          body: { position: v.position ?? null, isCover: v.isCover ?? null },
        }),
      ),
    onSuccess: (list, v) => {
      qc.setQueryData(key, list);
      if (v.isCover) toast.success(t('photos.coverSet'));
    },
    onError: (e) => toast.error(t('errors.saveFailed'), problem(e)),
  });

  const remove = useMutation({
    mutationFn: (photo: Photo) =>
      unwrap(api.DELETE('/api/v1/vehicles/{id}/photos/{photo_id}', { params: { path: { id: vehicleId, photo_id: photo.id } } })),
    onSuccess: () => {
      setConfirmDelete(null);
      setViewing(null);
      toast.success(t('photos.deleted'));
      void qc.invalidateQueries({ queryKey: key });
    },
    onError: (e) => {
      setConfirmDelete(null);
      toast.error(t('errors.saveFailed'), problem(e));
    },
  });

  const onDrop = (e: DragEvent) => {
    e.preventDefault();
    setDragging(false);
    if (canManage) addFiles(e.dataTransfer.files);
  };

  const Frame = embedded ? 'section' : Card;
  const Heading = embedded ? 'h3' : 'h2';
  const headingId = useId();
  return (
    <Frame
      aria-labelledby={embedded ? headingId : undefined}
      className={cn(embedded ? 'rounded-lg' : 'p-5 lg:col-span-3', dragging && 'ring-2 ring-brand-600')}
      onDragOver={canManage ? (e) => {
        e.preventDefault();
        setDragging(true);
      } : undefined}
      onDragLeave={canManage ? () => setDragging(false) : undefined}
      onDrop={canManage ? onDrop : undefined}
    >
      <div className="mb-4 flex flex-wrap items-baseline justify-between gap-2">
        <Heading id={headingId} className="font-semibold">{embedded?.title ?? t('photos.title')}</Heading>
        {items.length > 0 && queryPhase(photos) !== 'error' && <p className="text-sm text-slate-600 dark:text-slate-400">{t('photos.count', { count: items.length })}</p>}
      </div>

      {queryPhase(photos) === 'error' ? (
        <ErrorState compact message={problem(queryFailure(photos))} retrying={photos.fetchStatus === 'fetching'} onRetry={() => void photos.refetch()} />
      ) : !photos.data ? (
        <div className="grid grid-cols-2 gap-3 sm:grid-cols-4 lg:grid-cols-6">
          {Array.from({ length: 4 }, (_, i) => <Skeleton key={i} className="aspect-[4/3]" />)}
        </div>
      ) : items.length === 0 ? (
        <p className="text-sm text-slate-600 dark:text-slate-400">{t('photos.empty')}</p>
      ) : (
        // With controls, a phone lists the photos one per row, the thumbnail beside 44 px buttons.
        <ol className={cn('grid gap-3 sm:grid-cols-4 lg:grid-cols-6', controls ? 'grid-cols-1' : 'grid-cols-2')}>
          {items.map((p, i) => {
            const n = i + 1;
            return (
              <li key={p.id} className={cn('relative flex gap-1', controls ? 'items-center gap-3 sm:flex-col sm:items-stretch sm:gap-1' : 'flex-col')}>
                <button
                  type="button"
                  onClick={() => setViewing(i)}
                  aria-label={p.isCover ? t('photos.openCover', { n }) : t('photos.open', { n })}
                  className={cn(
                    'aspect-[4/3] overflow-hidden rounded-md bg-slate-100 focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-brand-600 dark:bg-slate-800',
                    controls && 'w-28 shrink-0 sm:w-auto',
                  )}
                >
                  <Thumbnail vehicleId={vehicleId} photo={p} alt={t('photos.alt', { n, vehicle })} />
                </button>
                {p.isCover && (
                  // Outside the button, whose name already says it is the cover.
                  <span className="pointer-events-none absolute left-1 top-1" aria-hidden>
                    <Badge tone="amber">
                      <Star className="mr-1 h-3 w-3" aria-hidden />
                      {t('photos.cover')}
                    </Badge>
                  </span>
                )}
                {controls && (
                  <div className="flex items-center gap-1 sm:justify-between">
                    {canManage && (
                      <IconButton
                        label={t('photos.moveEarlier', { n })}
                        disabled={i === 0 || update.isPending}
                        onClick={() => update.mutate({ photo: p, position: i - 1 })}
                      >
                        <ChevronLeft className="h-4 w-4" aria-hidden />
                      </IconButton>
                    )}
                    {canManage && (
                      <IconButton
                        label={t('photos.setCover', { n })}
                        disabled={p.isCover || update.isPending}
                        onClick={() => update.mutate({ photo: p, isCover: true })}
                      >
                        <Star className={cn('h-4 w-4', p.isCover && 'fill-amber-400 text-amber-600')} aria-hidden />
                      </IconButton>
                    )}
                    {canDelete && (
                      <IconButton label={t('photos.remove', { n })} onClick={() => setConfirmDelete(p)} danger>
                        <Trash2 className="h-4 w-4" aria-hidden />
                      </IconButton>
                    )}
                    {canManage && (
                      <IconButton
                        label={t('photos.moveLater', { n })}
                        disabled={i === items.length - 1 || update.isPending}
                        onClick={() => update.mutate({ photo: p, position: i + 1 })}
                      >
                        <ChevronRight className="h-4 w-4" aria-hidden />
                      </IconButton>
                    )}
                  </div>
                )}
              </li>
            );
          })}
        </ol>
      )}

      {canManage && (
        <div
          className={cn(
            'mt-4 rounded-lg border-2 border-dashed p-4',
            dragging ? 'border-brand-600 bg-brand-50 dark:bg-slate-800' : 'border-slate-300 dark:border-slate-700',
          )}
        >
          <div className="flex flex-wrap items-center gap-3">
            <span>
              <input
                id={`photo-files-${vehicleId}`}
                type="file"
                multiple
                accept={acceptOf(PHOTO_RULE)}
                className="peer sr-only"
                onChange={(e) => {
                  addFiles(e.target.files);
                  e.target.value = '';
                }}
              />
              <label htmlFor={`photo-files-${vehicleId}`} className={cn(fileButton, 'bg-brand-600 text-white hover:bg-brand-700')}>
                <ImagePlus className="h-4 w-4" aria-hidden />
                {t('photos.choose')}
              </label>
            </span>
            {/* On a phone, straight to the camera (the button above still offers the gallery). */}
            <span className="sm:hidden">
              <input
                id={`photo-camera-${vehicleId}`}
                type="file"
                accept="image/*"
                capture="environment"
                className="peer sr-only"
                onChange={(e) => {
                  addFiles(e.target.files);
                  e.target.value = '';
                }}
              />
              <label
                htmlFor={`photo-camera-${vehicleId}`}
                className={cn(fileButton, 'border border-slate-300 bg-white text-slate-800 dark:border-slate-700 dark:bg-slate-900 dark:text-slate-100')}
              >
                <Camera className="h-4 w-4" aria-hidden />
                {t('photos.takePhoto')}
              </label>
            </span>
            <p className="hidden text-sm text-slate-600 sm:block dark:text-slate-400">{t('photos.dropHere')}</p>
          </div>
          <p className="mt-2 text-xs text-slate-600 dark:text-slate-400">{t('photos.hint', { size: formatBytes(PHOTO_RULE.maxBytes) })}</p>
          {uploads.length > 0 && (
            <ul aria-label={t('photos.uploads')} className="mt-3 space-y-2">
              {uploads.map((u) => (
                <li key={u.key} className="flex items-start gap-2 text-sm">
                  {u.status === 'failed' ? (
                    <AlertTriangle className="mt-0.5 h-4 w-4 shrink-0 text-red-600" aria-hidden />
                  ) : (
                    <Loader2 className={cn('mt-0.5 h-4 w-4 shrink-0 text-brand-600', u.status === 'uploading' && 'animate-spin')} aria-hidden />
                  )}
                  <div className="min-w-0 flex-1">
                    <p className="truncate font-medium">{u.file.name}</p>
                    <p
                      className={cn('text-xs', u.status === 'failed' ? 'text-red-700 dark:text-red-400' : 'text-slate-600 dark:text-slate-400')}
                      role={u.status === 'failed' ? 'alert' : 'status'}
                    >
                      {u.status === 'failed'
                        ? t('photos.failed', { reason: u.error })
                        : u.status === 'uploading'
                          ? t('photos.uploading')
                          : t('photos.queued')}
                    </p>
                  </div>
                  {u.status === 'failed' && (
                    <IconButton label={t('photos.dismiss', { name: u.file.name })} onClick={() => setUploads((us) => us.filter((x) => x.key !== u.key))}>
                      <X className="h-4 w-4" aria-hidden />
                    </IconButton>
                  )}
                </li>
              ))}
            </ul>
          )}
        </div>
      )}

      <PhotoViewer
        vehicleId={vehicleId}
        title={vehicle}
        shareTitle={shareTitle}
        priceCents={priceCents}
        photos={items}
        index={viewing}
        onIndexChange={setViewing}
      />

      <Dialog
        open={confirmDelete !== null}
        onOpenChange={(o) => !o && setConfirmDelete(null)}
        title={t('photos.deleteTitle')}
        description={confirmDelete ? t('photos.deleteBody', { n: items.findIndex((p) => p.id === confirmDelete.id) + 1 }) : ''}
        footer={
          <>
            <Button variant="secondary" onClick={() => setConfirmDelete(null)}>{t('common.cancel')}</Button>
            <Button variant="danger" loading={remove.isPending} onClick={() => confirmDelete && remove.mutate(confirmDelete)}>
              {t('common.delete')}
            </Button>
          </>
        }
      >
        {confirmDelete && (
          <div className="mx-auto aspect-[4/3] w-40 overflow-hidden rounded-md bg-slate-100 dark:bg-slate-800">
            <Thumbnail vehicleId={vehicleId} photo={confirmDelete} alt="" />
          </div>
        )}
      </Dialog>
    </Frame>
  );
}

function Thumbnail({ vehicleId, photo, alt }: { vehicleId: string; photo: Photo; alt: string }) {
  const { t } = useTranslation();
  // A photo's files never change under its id: the id is the cache key.
  const { url, failed } = useObjectUrl(`thumb:${photo.id}`, () => loadThumbnail(vehicleId, photo.id));
  if (failed) return <span className="flex h-full items-center justify-center p-2 text-center text-xs text-red-700">{t('photos.loadFailed')}</span>;
  if (!url) return <Skeleton className="h-full w-full rounded-none" />;
  return <img src={url} alt={alt} className="h-full w-full object-cover" draggable={false} />;
}

function IconButton({
  label,
  onClick,
  disabled,
  danger,
  children,
}: {
  label: string;
  onClick: () => void;
  disabled?: boolean;
  danger?: boolean;
  children: ReactNode;
}) {
  return (
    <Button
      variant="ghost"
      size="sm"
      className={cn('h-11 w-11 px-0 sm:h-8 sm:w-8', danger && 'text-red-700 dark:text-red-400')}
      aria-label={label}
      title={label}
      disabled={disabled}
      onClick={onClick}
    >
      {children}
    </Button>
  );
}
