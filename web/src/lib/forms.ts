// Server field errors land on the matching form fields; anything else is returned for a toast.
import type { FieldValues, Path, UseFormSetError } from 'react-hook-form';
import type { TFunction } from 'i18next';
import { ApiError, isApiError, pointerToPath } from '@/api/problem';

/** The message for an error code in the user's language, else the server's own words. */
export function errorMessage(t: TFunction, code: string, fallback?: string): string {
  return t(`errors.${code}`, { defaultValue: fallback ?? t('errors.generic') });
}

/**
 * Puts each field error of a 422 on its field. Returns the error when some of it could not be
 * shown on a field (a conflict, a server fault), so the caller can show it otherwise.
 */
export function applyServerErrors<T extends FieldValues>(
  error: unknown,
  setError: UseFormSetError<T>,
  t: TFunction,
  known: ReadonlyArray<string>,
): ApiError | null {
  if (!isApiError(error)) return new ApiError(0, { detail: String(error) });
  let unplaced = error.fieldErrors.length === 0;
  for (const fe of error.fieldErrors) {
    const path = pointerToPath(fe.pointer);
    if (known.includes(path)) {
      setError(path as Path<T>, { type: 'server', message: errorMessage(t, fe.code, fe.message) }, { shouldFocus: true });
    } else {
      unplaced = true;
    }
  }
  return unplaced ? error : null;
}

/** A Zod issue message is an error code; show it in the user's language. */
export function fieldError(t: TFunction, message: string | undefined): string | undefined {
  return message ? errorMessage(t, message, message) : undefined;
}
