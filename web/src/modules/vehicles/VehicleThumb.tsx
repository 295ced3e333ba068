import { Car } from 'lucide-react';
import { useObjectUrl } from '@/lib/useObjectUrl';
import { cn } from '@/ui/cn';
import { loadThumbnail } from './media';

/**
 * A vehicle's cover photo as a small 4:3 picture (fetched with the user's token, like the
 * gallery), or a neutral car drawing when it has none or the picture fails to load. Decorative:
 * the vehicle's name sits beside it.
 */
export function VehicleThumb({ vehicleId, photoId, className }: { vehicleId: string; photoId: string | null | undefined; className?: string }) {
  const { url, failed } = useObjectUrl(photoId ? `${vehicleId}/${photoId}` : null, () => loadThumbnail(vehicleId, photoId ?? ''));
  return (
    <div
      className={cn(
        'flex aspect-[4/3] shrink-0 items-center justify-center overflow-hidden rounded-md bg-slate-100 text-slate-400 dark:bg-slate-800 dark:text-slate-500',
        className,
      )}
      data-thumb={url ? 'photo' : 'placeholder'}
    >
      {url && !failed ? (
        <img src={url} alt="" className="h-full w-full object-cover" loading="lazy" decoding="async" />
      ) : (
        <Car className="h-1/2 w-1/2" strokeWidth={1.5} aria-hidden />
      )}
    </div>
  );
}
