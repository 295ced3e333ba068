// The deal desk's rules as plain code: what a deal adds up to, how its payments close it, the
// financing offer request for the amounts on screen, and the mapping between the deal builder's
// form and the API's quote (both ways, and the server's pointers back to the form's fields).
// Money is integer centavos throughout; rates are the API's decimal fractions as text.
import type { components } from '@/api/schema.gen';
import type { Tone } from '@/ui/Badge';

type S = components['schemas'];
export type QuoteSummary = S['QuoteSummary'];
export type QuoteView = S['QuoteView'];
export type QuoteContent = S['QuoteContent'];
export type QuoteInput = S['QuoteInput'];
export type QuoteStatus = S['QuoteStatus'];
export type QuoteDocument = S['QuoteDocument'];
export type Payment = S['Payment'];
export type PaymentMethod = S['PaymentMethod'];
export type Approval = S['Approval'];
export type ApprovalStatus = S['ApprovalStatus'];
export type AppraisalView = S['AppraisalView'];
export type Appraisal = S['Appraisal'];
export type ItemCondition = S['ItemCondition'];
export type Reservation = S['Reservation'];
export type SaleRecord = S['SaleRecord'];
export type SaleView = S['SaleView'];
export type Commission = S['Commission'];
export type OfferView = S['OfferView'];
export type ComparisonRequest = S['ComparisonRequest'];
export type ComparisonView = S['ComparisonView'];
export type PublicQuote = S['PublicQuote'];
export type ItemKind = S['ItemKind'];
export type FiKind = S['FiKind'];
export type Margin = S['Margin'];

export const QUOTE_STATUSES: readonly QuoteStatus[] = ['draft', 'sent', 'accepted', 'rejected', 'expired'];
export const STATUS_TONE: Record<QuoteStatus, Tone> = { draft: 'gray', sent: 'blue', accepted: 'green', rejected: 'red', expired: 'amber' };
export const APPROVAL_TONE: Record<ApprovalStatus, Tone> = { pending: 'amber', approved: 'green', rejected: 'red', countered: 'violet' };
export const ITEM_KINDS: readonly ItemKind[] = ['accessory', 'service'];
export const FI_KINDS: readonly FiKind[] = ['extended_warranty', 'insurance', 'protection', 'other'];
export const CONDITIONS: readonly ItemCondition[] = ['good', 'attention', 'damaged'];
/** What a desk adds as a payment; the trade-in counts by itself, from its appraisal. */
export type DeskMethod = Exclude<PaymentMethod, 'trade_in'>;
export const DESK_METHODS: readonly DeskMethod[] = ['down_payment', 'financing', 'consortium', 'other'];
/** Terms the banks' tables are written in. */
export const TERMS = [12, 24, 36, 48, 60, 72] as const;

// ---------------------------------------------------------------------------------------------
// The deal builder's form

export interface ItemRow {
  kind: ItemKind;
  description: string;
  priceCents: number | null;
  costCents: number | null;
}

export interface FiRow {
  kind: FiKind;
  description: string;
  provider: string;
  priceCents: number | null;
  dealerReturnCents: number | null;
}

export interface PaymentRow {
  method: DeskMethod;
  amountCents: number | null;
  description: string;
  /** Financing only: the bank's table chosen among the offers. */
  rateTableId: string;
  installments: number;
  /** Financing only: `yyyy-MM-dd`, empty for the server's default (30 days). */
  firstDueDate: string;
}

/** The trade-in as the deal counts it: its appraisal's figures and what the deal gives for it. */
export interface TradeInRow {
  appraisalId: string;
  /** The customer's car (a vehicle record): its photos are the vehicle's. */
  vehicleId: string;
  /** `Volkswagen Gol 2015 · ABC1D23`, for the screen. */
  label: string;
  appraisedValueCents: number;
  payoffCents: number;
  allowanceCents: number | null;
}

export interface DealForm {
  customerId: string;
  leadId: string;
  vehicleId: string;
  discountCents: number | null;
  items: ItemRow[];
  fiProducts: FiRow[];
  tradeIn: TradeInRow | null;
  payments: PaymentRow[];
  /** `yyyy-MM-dd`. */
  validUntil: string;
  notes: string;
}

/** `yyyy-MM-dd` plus `n` calendar days. */
export function addDays(day: string, n: number): string {
  const [y, m, d] = day.split('-').map(Number);
  const date = new Date(Date.UTC(y ?? 1970, (m ?? 1) - 1, (d ?? 1) + n));
  return date.toISOString().slice(0, 10);
}

/** A new deal: valid for a week from the store's today, paid by one down payment to fill in. */
export function emptyDeal(today: string, customerId = '', vehicleId = ''): DealForm {
  return {
    customerId,
    leadId: '',
    vehicleId,
    discountCents: null,
    items: [],
    fiProducts: [],
    tradeIn: null,
    payments: [blankPayment('down_payment')],
    validUntil: addDays(today, 7),
    notes: '',
  };
}

export function blankPayment(method: DeskMethod): PaymentRow {
  return { method, amountCents: null, description: '', rateTableId: '', installments: 48, firstDueDate: '' };
}

export const blankItem = (): ItemRow => ({ kind: 'accessory', description: '', priceCents: null, costCents: null });
export const blankFi = (): FiRow => ({ kind: 'extended_warranty', description: '', provider: '', priceCents: null, dealerReturnCents: null });

const c = (v: number | null | undefined) => v ?? 0;

export interface Totals {
  priceCents: number;
  discountCents: number;
  itemsCents: number;
  fiCents: number;
  /** price - discount + items + F&I: what the customer pays for. */
  totalCents: number;
}

/** The deal's total, as the server computes it: price - discount + accessories and services + F&I. */
export function dealTotals(f: Pick<DealForm, 'discountCents' | 'items' | 'fiProducts'>, priceCents: number): Totals {
  const itemsCents = f.items.reduce((s, i) => s + c(i.priceCents), 0);
  const fiCents = f.fiProducts.reduce((s, i) => s + c(i.priceCents), 0);
  const discountCents = c(f.discountCents);
  return { priceCents, discountCents, itemsCents, fiCents, totalCents: priceCents - discountCents + itemsCents + fiCents };
}

/** What the trade-in pays: the allowance less the loan the dealer pays off (negative is refused). */
export function tradeInEquity(t: TradeInRow | null): number {
  return t ? c(t.allowanceCents) - t.payoffCents : 0;
}

export interface Balance extends Totals {
  /** The trade-in's part of the payment (never below zero). */
  tradeInCents: number;
  paidCents: number;
  /** total - trade-in - payments: above zero is missing, below zero is paid over. Zero closes the deal. */
  differenceCents: number;
}

/** Whether the payments and the trade-in make up the total, and by how much they miss. */
export function balance(f: DealForm, priceCents: number): Balance {
  const totals = dealTotals(f, priceCents);
  const tradeInCents = Math.max(0, tradeInEquity(f.tradeIn));
  const paidCents = f.payments.reduce((s, p) => s + c(p.amountCents), 0);
  return { ...totals, tradeInCents, paidCents, differenceCents: totals.totalCents - tradeInCents - paidCents };
}

/** The payments with row `index` changed by what is missing (or over), so that they close the deal. */
export function closeWith(f: DealForm, index: number, priceCents: number): PaymentRow[] {
  const diff = balance(f, priceCents).differenceCents;
  return f.payments.map((p, i) => (i === index ? { ...p, amountCents: Math.max(0, c(p.amountCents) + diff) || null } : p));
}

/** A discount as a share of the price, for "3,2 %" beside the amount. */
export function discountShare(discountCents: number | null, priceCents: number): number {
  return priceCents > 0 ? c(discountCents) / priceCents : 0;
}

/**
 * The offers request for the financing row: the deal's total as the price and everything else
 * (trade-in, down payment) as paid down, on the server's terms for a quote's financing (today's
 * contract, IOF financed). Null while there is nothing to finance yet or it is more than the total.
 */
export function comparisonRequest(totalCents: number, financing: PaymentRow | undefined, today: string, company = false): ComparisonRequest | null {
  const financed = c(financing?.amountCents);
  if (!financing || financed <= 0 || totalCents <= 0 || financed > totalCents) return null;
  return {
    priceCents: totalCents,
    downPaymentCents: totalCents - financed,
    installments: financing.installments,
    contractDate: today,
    firstDueDate: financing.firstDueDate || addDays(today, 30),
    iof: true,
    financeIof: true,
    // A company pays the lower daily IOF, as the quote will price it.
    borrower: company ? 'company' : 'person',
  };
}

/** The server's body for the form: every row as it is (the screen shows none it would not send). */
export function toQuoteInput(f: DealForm, canSeeCost: boolean): QuoteInput {
  const text = (v: string) => (v.trim() ? v.trim() : null);
  return {
    customerId: f.customerId,
    leadId: f.leadId || null,
    vehicleId: f.vehicleId,
    discountCents: c(f.discountCents),
    items: f.items.map((i) => ({
      kind: i.kind,
      description: i.description.trim(),
      priceCents: c(i.priceCents),
      ...(canSeeCost ? { costCents: i.costCents } : {}),
    })),
    fiProducts: f.fiProducts.map((p) => ({
      kind: p.kind,
      description: p.description.trim(),
      provider: text(p.provider),
      priceCents: c(p.priceCents),
      ...(canSeeCost && p.dealerReturnCents !== null ? { dealerReturnCents: p.dealerReturnCents } : {}),
    })),
    tradeIn: f.tradeIn ? { appraisalId: f.tradeIn.appraisalId, allowanceCents: c(f.tradeIn.allowanceCents) } : null,
    payments: f.payments.map((p) =>
      p.method === 'financing'
        ? {
            method: p.method,
            amountCents: c(p.amountCents),
            description: text(p.description),
            rateTableId: p.rateTableId || null,
            installments: p.installments,
            firstDueDate: p.firstDueDate || null,
          }
        : { method: p.method, amountCents: c(p.amountCents), description: text(p.description) },
    ),
    validUntil: f.validUntil,
    notes: text(f.notes),
  };
}

/** `Volkswagen Gol 1.0 2015 · ABC1D23` */
export function snapshotLabel(v: { make: string; model: string; trim?: string | null; year: number; placa?: string | null }): string {
  return [[v.make, v.model, v.trim].filter(Boolean).join(' ') + ` ${v.year}`, v.placa].filter(Boolean).join(' · ');
}

/**
 * A revision starts from the quote as saved. The trade-in's line among the payments is the
 * server's (it counts the trade-in from its appraisal), so it is not a row of the form. Costs and
 * returns the user may not see stay empty (the server then keeps none: a revision by someone
 * without `vehicles.view_cost` sends none).
 */
export function formFromQuote(q: Pick<QuoteView, 'customerId' | 'leadId' | 'vehicleId' | 'content'>): DealForm {
  const content = q.content;
  return {
    customerId: q.customerId,
    leadId: q.leadId ?? '',
    vehicleId: q.vehicleId,
    discountCents: content.totals.discountCents || null,
    items: content.items.map((i) => ({ kind: i.kind, description: i.description, priceCents: i.priceCents, costCents: i.costCents ?? null })),
    fiProducts: content.fiProducts.map((p) => ({
      kind: p.kind,
      description: p.description,
      provider: p.provider ?? '',
      priceCents: p.priceCents,
      dealerReturnCents: p.dealerReturnCents ?? null,
    })),
    tradeIn: content.tradeIn
      ? {
          appraisalId: content.tradeIn.appraisalId,
          vehicleId: content.tradeIn.vehicle.id,
          label: snapshotLabel(content.tradeIn.vehicle),
          appraisedValueCents: content.tradeIn.appraisedValueCents ?? content.tradeIn.allowanceCents,
          payoffCents: content.tradeIn.payoffCents,
          allowanceCents: content.tradeIn.allowanceCents,
        }
      : null,
    payments: content.payments
      .filter((p): p is Payment & { method: DeskMethod } => p.method !== 'trade_in')
      .map((p) => ({
        method: p.method,
        amountCents: p.amountCents,
        description: p.description ?? '',
        rateTableId: p.financing?.rateTableId ?? '',
        installments: p.financing?.installments ?? 48,
        firstDueDate: p.financing?.firstDueDate ?? '',
      })),
    validUntil: content.validUntil,
    notes: content.notes ?? '',
  };
}

/**
 * The form field a server pointer names: `/payments/1/amountCents` -> `payments.1.amountCents`,
 * `/tradeIn/allowanceCents` -> `tradeIn.allowanceCents`. Rows are sent as they are shown, so
 * indexes match. Null for a pointer the form has no field for.
 */
export function dealPath(pointer: string): string | null {
  const parts = pointer.replace(/^\//, '').split('/');
  const [top, second, third] = parts;
  switch (top) {
    case 'customerId':
    case 'vehicleId':
    case 'discountCents':
    case 'validUntil':
    case 'notes':
    case 'leadId':
      return top;
    case 'tradeIn':
      return 'tradeIn.allowanceCents';
    case 'payments':
      // "/payments" alone is the sum (payments_do_not_add_up) or their count: the payments card.
      return second === undefined ? 'payments' : third ? `payments.${second}.${third}` : `payments.${second}.amountCents`;
    case 'items':
    case 'fiProducts':
      return second === undefined ? top : third ? `${top}.${second}.${third}` : `${top}.${second}.description`;
    default:
      return null;
  }
}

/** The form's own checks before sending: each fault's field and code. */
export function checkDeal(f: DealForm): Record<string, string> {
  const e: Record<string, string> = {};
  if (!f.customerId) e.customerId = 'validation.required';
  if (!f.vehicleId) e.vehicleId = 'validation.required';
  if (!f.validUntil) e.validUntil = 'validation.date';
  f.items.forEach((i, n) => {
    if (!i.description.trim()) e[`items.${n}.description`] = 'validation.required';
  });
  f.fiProducts.forEach((p, n) => {
    if (!p.description.trim()) e[`fiProducts.${n}.description`] = 'validation.required';
  });
  f.payments.forEach((p, n) => {
    if (!p.amountCents) e[`payments.${n}.amountCents`] = 'validation.positiveAmount';
    if (p.method === 'financing' && !p.rateTableId) e[`payments.${n}.rateTableId`] = 'field.required';
  });
  if (f.tradeIn && f.tradeIn.allowanceCents === null) e['tradeIn.allowanceCents'] = 'validation.required';
  return e;
}

/**
 * A live estimate of the gross margin while the deal is written, as the server will compute it
 * but without the reconditioning expenses (the saved quote's margin has them): price - discount -
 * vehicle cost - over-allowance + F&I returns + what items earn over their cost.
 */
export function estimateMargin(f: DealForm, priceCents: number, vehicleCostCents: number): number {
  const discount = c(f.discountCents);
  const overAllowance = f.tradeIn ? Math.max(0, c(f.tradeIn.allowanceCents) - f.tradeIn.appraisedValueCents) : 0;
  const fiReturns = f.fiProducts.reduce((s, p) => s + c(p.dealerReturnCents), 0);
  const itemsMargin = f.items.reduce((s, i) => s + c(i.priceCents) - c(i.costCents), 0);
  return priceCents - discount - vehicleCostCents - overAllowance + fiReturns + itemsMargin;
}

// ---------------------------------------------------------------------------------------------
// Months (`YYYY-MM`) for the sales and commissions screens

/** The month (`YYYY-MM`) a `yyyy-MM-dd` day falls in. */
export const monthOf = (day: string) => day.slice(0, 7);

/** `2026-12` plus `n` months (negative goes back). */
export function shiftMonth(month: string, n: number): string {
  const [y, m] = month.split('-').map(Number);
  const total = (y ?? 1970) * 12 + ((m ?? 1) - 1) + n;
  return `${String(Math.floor(total / 12)).padStart(4, '0')}-${String((total % 12) + 1).padStart(2, '0')}`;
}

export function isMonth(v: string | null | undefined): v is string {
  return Boolean(v && /^\d{4}-(0[1-9]|1[0-2])$/.test(v));
}

/** A rate fraction as text (`"0.0159"`) as a number for formatting; NaN stays out of sight as 0. */
export function rate(fraction: string | null | undefined): number {
  const n = Number(fraction);
  return Number.isFinite(n) ? n : 0;
}
