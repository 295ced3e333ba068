// Server field errors land on the matching form fields; anything else is returned for a toast.
// A form keeps error *codes* as its messages (from its rules and from the server alike) and
// `fieldError` turns them into text when it renders, so a change of language applies at once.
import type { FieldValues, Path, UseFormSetError } from 'react-hook-form';
import type { TFunction } from 'i18next';
import { ApiError, isApiError, pointerToPath, type MessageCode } from '@/api/problem';
import { fieldText } from '@/i18n/problems';

/** A form rule's message: the code of the fault, checked against the codes the app has text for. */
export function code(c: MessageCode): MessageCode {
  return c;
}

/**
 * Puts each field error of a 422 on its field. Returns the error when some of it could not be
 * shown on a field (a conflict, a server fault), so the caller can show it otherwise.
 */
export function applyServerErrors<T extends FieldValues>(
  error: unknown,
  setError: UseFormSetError<T>,
  known: ReadonlyArray<string>,
): ApiError | null {
  if (!isApiError(error)) return new ApiError(0, { detail: String(error) });
  let unplaced = error.fieldErrors.length === 0;
  for (const fe of error.fieldErrors) {
    const path = pointerToPath(fe.pointer);
    if (known.includes(path)) {
      setError(path as Path<T>, { type: 'server', message: fe.code }, { shouldFocus: true });
    } else {
      unplaced = true;
    }
  }
  return unplaced ? error : null;
}

/** The text of a form field's error code (see `code`), in the user's language. */
export function fieldError(t: TFunction, message: string | undefined): string | undefined {
  return message ? fieldText(t, message) : undefined;
}
