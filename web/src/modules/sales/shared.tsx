// What the sales desk's screens share: the names behind a quote's ids (its customer, its vehicle,
// its salesperson) where a screen has only ids, a list row's car, status badges, percentages and
// the store's today.
import { useQuery } from '@tanstack/react-query';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { api, unwrap } from '@/api/client';
import { isApiError } from '@/api/problem';
import type { components } from '@/api/schema.gen';
import { useAuth } from '@/auth/AuthProvider';
import i18n from '@/i18n';
import { fieldText, problemText } from '@/i18n/problems';
import { todayIn } from '@/lib/businessDate';
import { EMPTY } from '@/lib/format';
import { customerKeys } from '@/modules/crm/keys';
import { customerName } from '@/modules/crm/labels';
import { useOwners } from '@/modules/crm/leads/shared';
import { vehicleKeys } from '@/modules/vehicles/keys';
import { displayPlaca, vehicleTitle } from '@/modules/vehicles/labels';
import { useStoreTimeZone } from '@/modules/vehicles/storeTime';
import { Badge } from '@/ui/Badge';
import { APPROVAL_TONE, STATUS_TONE, type ApprovalStatus, type QuoteStatus } from './model';

const locale = () => (i18n.language?.startsWith('en') ? 'en-US' : 'pt-BR');

/** A fraction (`0.0159`) as a percentage, `1,59 %`. */
export function formatShare(fraction: number, digits = 2): string {
  return new Intl.NumberFormat(locale(), { style: 'percent', minimumFractionDigits: digits, maximumFractionDigits: digits }).format(fraction);
}

/** `Dezembro de 2026`, `December 2026`; inside a sentence (`heading` false) `dezembro de 2026`. */
export function formatMonth(month: string, heading = true): string {
  const [y, m] = month.split('-').map(Number);
  const text = new Intl.DateTimeFormat(locale(), { month: 'long', year: 'numeric', timeZone: 'UTC' }).format(new Date(Date.UTC(y ?? 1970, (m ?? 1) - 1, 1)));
  return heading ? text.charAt(0).toUpperCase() + text.slice(1) : text;
}

/** The customer's name behind an id (the quote and the sale carry only ids); `—` until it loads. */
export function useCustomerName(id: string | null | undefined): string {
  const { can } = useAuth();
  const q = useQuery({
    queryKey: customerKeys.detail(id ?? ''),
    queryFn: () => unwrap(api.GET('/api/v1/customers/{id}', { params: { path: { id: id ?? '' } } })),
    enabled: Boolean(id) && can('customers.read'),
    staleTime: 60_000,
  });
  return q.data ? customerName(q.data) : EMPTY;
}

/** The vehicle behind an id: its title and stock number. */
export function useVehicleBrief(id: string | null | undefined) {
  const q = useQuery({
    queryKey: vehicleKeys.detail(id ?? ''),
    queryFn: () => unwrap(api.GET('/api/v1/vehicles/{id}', { params: { path: { id: id ?? '' } } })),
    enabled: Boolean(id),
    staleTime: 60_000,
  });
  return q.data ? { title: carTitle(q.data), stockNumber: q.data.stockNumber, vehicle: q.data } : null;
}

export function CustomerName({ id }: { id: string }) {
  return <>{useCustomerName(id)}</>;
}

/** The car a list row names (the quotes' and the sales' lists carry it beside the ids). */
export type CarLabel = components['schemas']['CarLabel'];

/** `Fiat Strada Volcano 1.3 2024` */
export function carTitle(car: Pick<CarLabel, 'make' | 'model' | 'trim' | 'year'>): string {
  return `${vehicleTitle(car)} ${car.year}`;
}

/** A list row's car: its title and year, then its placa and stock number to tell two alike apart; `—` without one. */
export function CarName({ car }: { car: CarLabel | null | undefined }) {
  if (!car) return <>{EMPTY}</>;
  return (
    <>
      {carTitle(car)}{' '}
      <span className="whitespace-nowrap font-mono text-xs text-slate-600 dark:text-slate-400">{[displayPlaca(car.placa), car.stockNumber].filter(Boolean).join(' · ')}</span>
    </>
  );
}

/** The salesperson's name: "Você" for one's own; others by name for whoever may list users. */
export function useSellerName() {
  return useOwners().name;
}

export function QuoteStatusBadge({ status }: { status: QuoteStatus }) {
  const { t } = useTranslation();
  return <Badge tone={STATUS_TONE[status]}>{t(`quotes.status.${status}`)}</Badge>;
}

export function ApprovalStatusBadge({ status }: { status: ApprovalStatus }) {
  const { t } = useTranslation();
  return <Badge tone={APPROVAL_TONE[status]}>{t(`approvals.status.${status}`)}</Badge>;
}

/** Today (`yyyy-MM-dd`) in the store's calendar, which dates quotes and contracts. */
export function useStoreToday(storeId: string | null | undefined): string {
  return todayIn(useStoreTimeZone(storeId));
}

/**
 * What a refused action tells the user: a validation problem's own field texts (a dialog's
 * one or two fields: "the code is wrong", "a reason is required"), else the problem's text.
 */
export function explain(t: TFunction, error: unknown): string {
  if (isApiError(error) && error.fieldErrors.length > 0) return [...new Set(error.fieldErrors.map((fe) => fieldText(t, fe.code)))].join(' ');
  return problemText(t, error);
}
