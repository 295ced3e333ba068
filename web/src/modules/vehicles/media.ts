// Shared by the photo and document cards: the blobs behind `<img>` and downloads.
//
// Images are fetched as blobs through the API client and shown from object URLs, not through
// signed links: a signed link costs one more request per photo, works for anyone who holds it
// until it expires (it is meant for sharing with a marketplace or a customer) and would sit in
// the browser's history; the client's fetch sends the user's token, refreshes it when stale and
// keeps the vehicle's store scope checked on every image. The server lets a private cache keep
// the files (`Cache-Control: private`), so a revisited gallery does not download them again.
import { api, unwrap } from '@/api/client';
import type { components } from '@/api/schema.gen';

export type Photo = components['schemas']['PhotoView'];
export type VehicleDocument = components['schemas']['DocumentView'];
export type DocumentKind = components['schemas']['DocumentKind'];

export const DOCUMENT_KINDS: DocumentKind[] = ['crlv', 'nota_fiscal', 'laudo_cautelar', 'other'];

export function loadThumbnail(vehicleId: string, photoId: string): Promise<Blob> {
  return unwrap(
    api.GET('/api/v1/vehicles/{id}/photos/{photo_id}/thumbnail', {
      params: { path: { id: vehicleId, photo_id: photoId } },
      parseAs: 'blob',
    }),
  ) as Promise<Blob>;
}

export function loadPhoto(vehicleId: string, photoId: string): Promise<Blob> {
  return unwrap(
    api.GET('/api/v1/vehicles/{id}/photos/{photo_id}', {
      params: { path: { id: vehicleId, photo_id: photoId } },
      parseAs: 'blob',
    }),
  ) as Promise<Blob>;
}
