// What a failed request or a refused field tells the user. Only the app's own texts are shown:
// the server's `title`, `detail` and field `message` are English words for developers and logs,
// so a code this version does not know gets the generic text of its HTTP status instead.
import type { TFunction } from 'i18next';
import { isApiError, isMessageCode, type MessageCode } from '@/api/problem';

/**
 * The text of a code the app knows (the server's or its own), in the user's language; `fallback`
 * when its words are not loaded (a page outside the shell has only the sign-in pages' codes).
 */
export function codeText(t: TFunction, code: MessageCode, fallback?: string): string {
  return t(code, { ns: 'problems', keySeparator: false, nsSeparator: false, defaultValue: fallback });
}

/** A field's error: a server field error's code or a form rule's; unknown ones read "invalid value". */
export function fieldText(t: TFunction, code: string): string {
  return isMessageCode(code) ? codeText(t, code, t('errors.invalidField')) : t('errors.invalidField');
}

const BY_STATUS: Record<number, string> = {
  0: 'network',
  400: 'badRequest',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'notFound',
  409: 'conflict',
  410: 'gone',
  412: 'preconditionFailed',
  413: 'tooLarge',
  415: 'unsupported',
  422: 'invalid',
  429: 'tooMany',
  502: 'unavailable',
  503: 'unavailable',
  504: 'unavailable',
};

function statusText(t: TFunction, status: number): string {
  const key = BY_STATUS[status] ?? (status >= 500 ? 'server' : null);
  return key ? t(`errors.status.${key}`) : t('errors.generic');
}

/**
 * What to tell the user about a failed call: the text of its problem code, else the generic text
 * of its HTTP status. A server fault also gives the trace id, for the user to quote to support.
 */
export function problemText(t: TFunction, error: unknown): string {
  if (!isApiError(error)) return t('errors.generic');
  const text = isMessageCode(error.code) ? codeText(t, error.code, statusText(t, error.status)) : statusText(t, error.status);
  return error.status >= 500 && error.traceId ? `${text} ${t('errors.reference', { traceId: error.traceId })}` : text;
}
