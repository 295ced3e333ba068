// Display formats follow the active language: pt-BR gives `R$ 1.234,56`, `dd/MM/yyyy`, `12.345 km`.
import i18n from '@/i18n';

const locale = () => (i18n.language?.startsWith('en') ? 'en-US' : 'pt-BR');

/**
 * The one mark for a value that is not there (no placa, no supplier, no FIPE value), the same on
 * every screen: an em dash. Text that merely lists what there is leaves the missing part out.
 */
export const EMPTY = '—';

/** The value as text, or the empty mark when there is none (null, undefined, blank). */
export function orEmpty(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return EMPTY;
  const text = String(value);
  return text.trim() ? text : EMPTY;
}

/** Centavos -> `R$ 1.234,56`. Money stays an integer of centavos everywhere else. */
export function formatMoney(cents: number | null | undefined): string {
  if (cents === null || cents === undefined) return EMPTY;
  return new Intl.NumberFormat(locale(), { style: 'currency', currency: 'BRL' }).format(cents / 100);
}

export function formatKm(km: number | null | undefined): string {
  if (km === null || km === undefined) return EMPTY;
  return `${new Intl.NumberFormat(locale()).format(km)} km`;
}

export function formatNumber(n: number | null | undefined): string {
  if (n === null || n === undefined) return EMPTY;
  return new Intl.NumberFormat(locale()).format(n);
}

/** An instant or a `yyyy-MM-dd` date -> `dd/MM/yyyy` (pt-BR) in the user's time zone. */
export function formatDate(value: string | null | undefined): string {
  if (!value) return EMPTY;
  // A plain date is a calendar day, not an instant: do not let the time zone move it.
  const plain = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  const date = plain ? new Date(Number(plain[1]), Number(plain[2]) - 1, Number(plain[3])) : new Date(value);
  return new Intl.DateTimeFormat(locale(), { day: '2-digit', month: '2-digit', year: 'numeric' }).format(date);
}

export function formatDateTime(value: string | null | undefined): string {
  if (!value) return EMPTY;
  return new Intl.DateTimeFormat(locale(), {
    day: '2-digit',
    month: '2-digit',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
  }).format(new Date(value));
}

/** Bytes -> `1,5 MB`, `820 KB`, `312 B` (decimal comma in pt-BR). */
export function formatBytes(n: number | null | undefined): string {
  if (n === null || n === undefined) return EMPTY;
  if (n < 1024) return `${n} B`;
  const kb = n / 1024;
  if (kb < 1024) return `${new Intl.NumberFormat(locale(), { maximumFractionDigits: 0 }).format(kb)} KB`;
  return `${new Intl.NumberFormat(locale(), { maximumFractionDigits: 1 }).format(kb / 1024)} MB`;
}

/** A whole percent, `42%` (the API gives 0..=100). */
export function formatPercent(n: number): string {
  return new Intl.NumberFormat(locale(), { style: 'percent', maximumFractionDigits: 0 }).format(n / 100);
}
