// Files in the browser: checks before an upload (the server stays the authority: it reads the
// type from the content and applies its configured limits), an upload's multipart body, the
// download's name from `Content-Disposition`, and saving a blob as a file.
import { ApiError } from '@/api/problem';

export const MB = 1024 * 1024;

export interface FileRule {
  /** MIME types the browser may report for an accepted file. */
  types: readonly string[];
  /** Lower-case extensions (with the dot), for browsers that report no type. */
  extensions: readonly string[];
  maxBytes: number;
}

// The server's defaults (`storage.max_photo_bytes`, `storage.max_document_bytes`,
// `imports.max_file_bytes`); a smaller configured limit is still reported, by the server, per file.
export const PHOTO_RULE: FileRule = {
  types: ['image/jpeg', 'image/png', 'image/webp'],
  extensions: ['.jpg', '.jpeg', '.png', '.webp'],
  maxBytes: 15 * MB,
};
export const DOCUMENT_RULE: FileRule = {
  types: ['application/pdf', 'image/jpeg', 'image/png', 'image/webp'],
  extensions: ['.pdf', '.jpg', '.jpeg', '.png', '.webp'],
  maxBytes: 20 * MB,
};
// A store's logo has a fixed limit (`LOGO_MAX_BYTES` in the org area), not a setting.
export const LOGO_RULE: FileRule = {
  types: ['image/png', 'image/jpeg', 'image/webp'],
  extensions: ['.png', '.jpg', '.jpeg', '.webp'],
  maxBytes: 5 * MB,
};
export const SPREADSHEET_RULE: FileRule = {
  types: [
    'text/csv',
    'text/plain',
    'text/tab-separated-values',
    'application/csv',
    'application/vnd.ms-excel',
    'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  ],
  extensions: ['.csv', '.txt', '.tsv', '.xlsx'],
  maxBytes: 10 * MB,
};

/** The `accept` attribute for a file input following a rule. */
export function acceptOf(rule: FileRule): string {
  return [...rule.types, ...rule.extensions].join(',');
}

/** `null` when the file may be sent, else the error code the server would give. */
export function checkFile(file: Pick<File, 'name' | 'size' | 'type'>, rule: FileRule): 'files.unsupported_type' | 'files.too_large' | null {
  const dot = file.name.lastIndexOf('.');
  const ext = dot >= 0 ? file.name.slice(dot).toLowerCase() : '';
  // Some systems report no type, or a generic one, for files they do not know: then the name decides.
  const generic = file.type === '' || file.type === 'application/octet-stream';
  const typeOk = generic ? rule.extensions.includes(ext) : rule.types.includes(file.type.toLowerCase());
  if (!typeOk) return 'files.unsupported_type';
  if (file.size > rule.maxBytes) return 'files.too_large';
  return null;
}

/** A multipart body for openapi-fetch, which would otherwise serialise the body as JSON. */
export function multipart(fields: Record<string, string | Blob>): { body: never; bodySerializer: (b: unknown) => FormData } {
  const form = new FormData();
  for (const [k, v] of Object.entries(fields)) form.append(k, v);
  return { body: form as never, bodySerializer: (b) => b as FormData };
}

/**
 * The file name a `Content-Disposition` header suggests (RFC 6266): `filename*` (RFC 8187,
 * UTF-8) wins over `filename`; path parts are dropped. `fallback` when there is none.
 */
export function fileNameFromDisposition(header: string | null | undefined, fallback: string): string {
  if (!header) return fallback;
  let plain: string | undefined;
  let extended: string | undefined;
  // Parameters after the disposition type, honouring quoted strings with escapes.
  const re = /;\s*([^\s=;]+)\s*=\s*("(?:[^"\\]|\\.)*"|[^;]*)/g;
  for (let m = re.exec(header); m; m = re.exec(header)) {
    const key = (m[1] ?? '').toLowerCase();
    let value = (m[2] ?? '').trim();
    if (value.startsWith('"')) value = value.slice(1, -1).replace(/\\(.)/g, '$1');
    if (key === 'filename*') {
      const parts = /^([\w-]+)'[^']*'(.*)$/.exec(value);
      if (parts) {
        try {
          extended = (parts[1] ?? '').toLowerCase() === 'utf-8' ? decodeURIComponent(parts[2] ?? '') : unescape(parts[2] ?? '');
        } catch {
          // A malformed escape: fall back to the plain name.
        }
      }
    } else if (key === 'filename') {
      plain = value;
    }
  }
  const name = (extended ?? plain ?? '').split(/[\\/]/).pop()?.trim() ?? '';
  return name && name !== '.' && name !== '..' ? name : fallback;
}

/** Offers a blob to the user as a download named `name`. */
export function saveBlob(blob: Blob, name: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.rel = 'noopener';
  document.body.appendChild(a);
  a.click();
  a.remove();
  // Revoke once the browser has taken the file.
  setTimeout(() => URL.revokeObjectURL(url), 30_000);
}

/**
 * Saves the file an API call answered (made with `parseAs: 'blob'`, so through the client and
 * with the user's token), named as its `Content-Disposition` suggests, else `fallback`; returns
 * the name. A refusal is thrown as the server's problem, for the caller to tell in the app's words.
 */
export async function downloadFrom(
  call: Promise<{ data?: unknown; error?: unknown; response: Response }>,
  fallback: string,
): Promise<string> {
  const { data, error, response } = await call;
  if (error !== undefined || !response.ok || data === undefined) throw new ApiError(response.status, (error ?? {}) as object);
  const name = fileNameFromDisposition(response.headers.get('Content-Disposition'), fallback);
  saveBlob(data as Blob, name);
  return name;
}
