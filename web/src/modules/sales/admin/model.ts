// The sales settings' web model: each form as the manager types it (percentages as text, money as
// integer centavos from the money input) and its mapping to the API's body, where rates are
// decimal fractions as text ("0.0179"). A percentage becomes a fraction by moving its decimal
// point two places, on the digits themselves: no float ever holds a rate or an amount. The
// server's field pointers name the same paths as the forms' fields (`/tiers/1/rate` ->
// `tiers.1.rate`), so its refusals land on the field typed.
import { pointerToPath } from '@/api/problem';
import type { components } from '@/api/schema.gen';

type S = components['schemas'];
export type Role = S['Role'];
export type DiscountLimit = S['DiscountLimit'];
export type LimitsInput = S['LimitsInput'];
export type CommissionPlan = S['CommissionPlan'];
export type PlanInput = S['PlanInput'];
export type Basis = S['Basis'];
export type RateTable = S['RateTable'];
export type RateTableInput = S['RateTableInput'];
export type FinancingSystem = S['System'];
export type IofSettings = S['IofSettings'];
export type IofInput = S['IofInput'];

/** Field path -> error code (a server code, `validation.*`, or a `salesAdmin.faults.*` key). */
export type Faults = Record<string, string>;

/** The roles a commission plan pays: those who sell at the desk. */
export const PLAN_ROLES: readonly Role[] = ['sales', 'store_manager', 'owner'];
export const BASES: readonly Basis[] = ['price', 'gross_margin'];
export const SYSTEMS: readonly FinancingSystem[] = ['price', 'sac'];
/** The server's bounds on a plan's tiers and a table's rows and fees. */
export const MAX_TIERS = 10;
export const MAX_RATES = 50;
export const MAX_FEES = 20;

// ---------------------------------------------------------------------------------------------
// Percentages <-> fractions, exactly

/**
 * A percentage as typed (`1,79`, `1.79`, `3`, ` 0,0082 `) as the API's fraction (`0.0179`,
 * `0.03`, `0.000082`), by moving the decimal point on the digits. Null for anything that is not
 * a plain non-negative decimal number (a sign, a thousands separator, letters, nothing).
 */
export function percentToFraction(typed: string): string | null {
  const m = /^(\d*)(?:[.,](\d*))?$/.exec(typed.trim());
  if (!m) return null;
  const int = m[1] ?? '';
  const frac = m[2] ?? '';
  if (!int && !frac) return null;
  const digits = int + frac;
  const point = int.length - 2;
  const whole = point > 0 ? digits.slice(0, point) : '0';
  const decimals = point > 0 ? digits.slice(point) : '0'.repeat(-point) + digits;
  return normalise(whole, decimals);
}

/** The API's fraction (`0.0179`) as a percentage to show or edit (`1,79`), exactly; '' for none. */
export function fractionToPercent(fraction: string | null | undefined, decimalMark = ','): string {
  const m = /^(\d*)(?:\.(\d*))?$/.exec((fraction ?? '').trim());
  if (!m || (!m[1] && !m[2])) return '';
  const int = m[1] ?? '';
  const frac = (m[2] ?? '').padEnd(2, '0');
  const n = normalise(int + frac.slice(0, 2), frac.slice(2));
  return n.replace('.', decimalMark);
}

/** `007`, `5000` -> `7.5`: no leading zeros before the point, none trailing after it. */
function normalise(whole: string, decimals: string): string {
  const w = whole.replace(/^0+(?=\d)/, '') || '0';
  const d = decimals.replace(/0+$/, '');
  return d ? `${w}.${d}` : w;
}

/** The decimal mark of the language the screen is in. */
export const decimalMarkOf = (language: string | undefined) => (language?.startsWith('en') ? '.' : ',');

/**
 * A server pointer as the form's field path, for the fields the form has (`known` tests a path);
 * null for one it has none for (then the problem is shown above the form).
 */
export function faultPath(pointer: string, known: (path: string) => boolean): string | null {
  const path = pointerToPath(pointer);
  return known(path) ? path : null;
}

// ---------------------------------------------------------------------------------------------
// Discount limits per store

export interface LimitRow {
  role: Role;
  /** The share of the asking price as a percentage typed; '' for no cap on it. */
  percent: string;
  /** The cap in centavos; null for none. */
  maxCents: number | null;
}

export function limitRows(items: readonly DiscountLimit[], decimalMark = ','): LimitRow[] {
  return items.map((l) => ({ role: l.role, percent: fractionToPercent(l.maxPercent, decimalMark), maxCents: l.maxCents ?? null }));
}

export function checkLimits(rows: readonly LimitRow[]): Faults {
  const e: Faults = {};
  rows.forEach((r, i) => {
    if (r.percent.trim() && percentToFraction(r.percent) === null) e[`limits.${i}.maxPercent`] = 'sales.invalid_limit';
  });
  return e;
}

/** The body of `PUT /stores/{id}/discount-limits`: every role shown, in the order shown. */
export function limitsBody(rows: readonly LimitRow[]): LimitsInput {
  return {
    limits: rows.map((r) => ({ role: r.role, maxPercent: r.percent.trim() ? percentToFraction(r.percent) : null, maxCents: r.maxCents })),
  };
}

export const isLimitPath = (path: string) => /^limits\.\d+\.(maxPercent|maxCents)$/.test(path);

// ---------------------------------------------------------------------------------------------
// Commission plans

export interface TierRow {
  /** Whole sales in the month, as typed. */
  minSales: string;
  /** A percentage as typed. */
  rate: string;
}

export interface PlanForm {
  name: string;
  /** '' for every store without a plan of its own. */
  storeId: string;
  role: Role;
  basis: Basis;
  /** A percentage as typed. */
  rate: string;
  tiers: TierRow[];
  /** Centavos; null when left empty (no bonus). */
  bonusPerVehicleCents: number | null;
  /** A percentage of the F&I returns as typed; '' for none. */
  fiShare: string;
  active: boolean;
}

export function emptyPlan(): PlanForm {
  return { name: '', storeId: '', role: 'sales', basis: 'price', rate: '', tiers: [], bonusPerVehicleCents: null, fiShare: '', active: true };
}

export function planForm(p: CommissionPlan, decimalMark = ','): PlanForm {
  const share = fractionToPercent(p.fiShare, decimalMark);
  return {
    name: p.name,
    storeId: p.storeId ?? '',
    role: p.role as Role,
    basis: p.basis,
    rate: fractionToPercent(p.rate, decimalMark),
    tiers: p.tiers.map((t) => ({ minSales: String(t.minSales), rate: fractionToPercent(t.rate, decimalMark) })),
    bonusPerVehicleCents: p.bonusPerVehicleCents || null,
    fiShare: share === '0' ? '' : share,
    active: p.active,
  };
}

export function checkPlan(f: PlanForm): Faults {
  const e: Faults = {};
  if (!f.name.trim()) e.name = 'validation.required';
  if (!f.rate.trim()) e.rate = 'validation.required';
  else if (percentToFraction(f.rate) === null) e.rate = 'sales.invalid_fraction';
  if (f.fiShare.trim() && percentToFraction(f.fiShare) === null) e.fiShare = 'sales.invalid_fraction';
  f.tiers.forEach((t, i) => {
    if (!/^\d+$/.test(t.minSales.trim())) e[`tiers.${i}.minSales`] = 'sales.invalid_tier';
    if (!t.rate.trim()) e[`tiers.${i}.rate`] = 'validation.required';
    else if (percentToFraction(t.rate) === null) e[`tiers.${i}.rate`] = 'sales.invalid_fraction';
  });
  return e;
}

/** The body of `POST /commission-plans` and `PUT /commission-plans/{id}` for a checked form. */
export function planBody(f: PlanForm): PlanInput {
  return {
    name: f.name.trim(),
    storeId: f.storeId || null,
    role: f.role,
    basis: f.basis,
    rate: percentToFraction(f.rate) ?? f.rate.trim(),
    tiers: f.tiers.map((t) => ({ minSales: Number(t.minSales.trim()), rate: percentToFraction(t.rate) ?? t.rate.trim() })),
    bonusPerVehicleCents: f.bonusPerVehicleCents ?? 0,
    fiShare: f.fiShare.trim() ? (percentToFraction(f.fiShare) ?? f.fiShare.trim()) : '0',
    active: f.active,
  };
}

const PLAN_FIELDS = new Set(['name', 'storeId', 'role', 'basis', 'rate', 'tiers', 'bonusPerVehicleCents', 'fiShare']);
export const isPlanPath = (path: string) => PLAN_FIELDS.has(path) || /^tiers\.\d+\.(minSales|rate)$/.test(path);

// ---------------------------------------------------------------------------------------------
// Banks' rate tables

export interface RateRowForm {
  /** Whole installments, as typed. */
  maxInstallments: string;
  /** The least share paid down, a percentage as typed. */
  minDownPayment: string;
  /** A percentage a month as typed. */
  monthlyRate: string;
}

export interface FeeRow {
  name: string;
  amountCents: number | null;
}

export interface RateTableForm {
  bank: string;
  name: string;
  system: FinancingSystem;
  rates: RateRowForm[];
  fees: FeeRow[];
  financeFees: boolean;
  active: boolean;
}

export const blankRate = (): RateRowForm => ({ maxInstallments: '', minDownPayment: '', monthlyRate: '' });
export const blankFee = (): FeeRow => ({ name: '', amountCents: null });

export function emptyRateTable(): RateTableForm {
  return { bank: '', name: '', system: 'price', rates: [blankRate()], fees: [], financeFees: true, active: true };
}

export function rateTableForm(t: RateTable, decimalMark = ','): RateTableForm {
  return {
    bank: t.bank,
    name: t.name,
    system: t.system,
    rates: t.rates.map((r) => ({
      maxInstallments: String(r.maxInstallments),
      minDownPayment: fractionToPercent(r.minDownPayment, decimalMark),
      monthlyRate: fractionToPercent(r.monthlyRate, decimalMark),
    })),
    fees: Object.entries(t.feesCents).map(([name, amountCents]) => ({ name, amountCents })),
    financeFees: t.financeFees,
    active: t.active,
  };
}

export function checkRateTable(f: RateTableForm): Faults {
  const e: Faults = {};
  if (!f.bank.trim()) e.bank = 'validation.required';
  if (!f.name.trim()) e.name = 'validation.required';
  if (f.rates.length === 0) e.rates = 'financing.invalid_rates';
  f.rates.forEach((r, i) => {
    if (!/^\d+$/.test(r.maxInstallments.trim())) e[`rates.${i}.maxInstallments`] = 'financing.invalid_installments';
    if (!r.minDownPayment.trim()) e[`rates.${i}.minDownPayment`] = 'validation.required';
    else if (percentToFraction(r.minDownPayment) === null) e[`rates.${i}.minDownPayment`] = 'financing.invalid_down_payment';
    if (!r.monthlyRate.trim()) e[`rates.${i}.monthlyRate`] = 'validation.required';
    else if (percentToFraction(r.monthlyRate) === null) e[`rates.${i}.monthlyRate`] = 'financing.rate_out_of_range';
  });
  const seen = new Set<string>();
  f.fees.forEach((fee, i) => {
    const key = fee.name.trim().toLocaleLowerCase();
    if (!key) e[`fees.${i}.name`] = 'validation.required';
    else if (seen.has(key)) e[`fees.${i}.name`] = 'salesAdmin.faults.duplicateFee';
    seen.add(key);
    if (fee.amountCents === null) e[`fees.${i}.amountCents`] = 'validation.required';
  });
  return e;
}

/** The body of `POST /financing/rate-tables` and `PUT /financing/rate-tables/{id}` for a checked form. */
export function rateTableBody(f: RateTableForm): RateTableInput {
  return {
    bank: f.bank.trim(),
    name: f.name.trim(),
    system: f.system,
    rates: f.rates.map((r) => ({
      maxInstallments: Number(r.maxInstallments.trim()),
      minDownPayment: percentToFraction(r.minDownPayment) ?? r.minDownPayment.trim(),
      monthlyRate: percentToFraction(r.monthlyRate) ?? r.monthlyRate.trim(),
    })),
    feesCents: Object.fromEntries(f.fees.map((fee) => [fee.name.trim(), fee.amountCents ?? 0])),
    financeFees: f.financeFees,
    active: f.active,
  };
}

/**
 * The field a rate table's pointer names: `/rates/2/monthlyRate` as typed; `/rates/2` (another
 * row has this term and down payment) on that row's term; `/feesCents/TAC` on the fee of that
 * name (its name or its amount, by the code).
 */
export function rateTablePath(pointer: string, code: string, fees: readonly FeeRow[]): string | null {
  const path = pointerToPath(pointer);
  if (path === 'bank' || path === 'name' || path === 'rates') return path;
  if (/^rates\.\d+\.(maxInstallments|minDownPayment|monthlyRate)$/.test(path)) return path;
  if (/^rates\.\d+$/.test(path)) return `${path}.maxInstallments`;
  if (path === 'feesCents') return 'fees';
  const fee = /^\/feesCents\/(.+)$/.exec(pointer);
  if (fee) {
    const name = (fee[1] ?? '').replace(/~1/g, '/').replace(/~0/g, '~').trim();
    const i = fees.findIndex((f) => f.name.trim() === name);
    if (i < 0) return 'fees';
    return `fees.${i}.${code === 'financing.invalid_fee_name' ? 'name' : 'amountCents'}`;
  }
  return null;
}

// ---------------------------------------------------------------------------------------------
// IOF

export interface IofForm {
  /** Percentages as typed: a day, for individuals and companies; once, the additional. */
  iofDailyPerson: string;
  iofDailyCompany: string;
  iofAdditional: string;
}

export const IOF_FIELDS: readonly (keyof IofForm)[] = ['iofDailyPerson', 'iofDailyCompany', 'iofAdditional'];

export function iofForm(s: IofSettings, decimalMark = ','): IofForm {
  return {
    iofDailyPerson: fractionToPercent(s.iofDailyPerson, decimalMark),
    iofDailyCompany: fractionToPercent(s.iofDailyCompany, decimalMark),
    iofAdditional: fractionToPercent(s.iofAdditional, decimalMark),
  };
}

export function checkIof(f: IofForm): Faults {
  const e: Faults = {};
  for (const k of IOF_FIELDS) {
    if (!f[k].trim()) e[k] = 'validation.required';
    else if (percentToFraction(f[k]) === null) e[k] = 'financing.invalid_iof';
  }
  return e;
}

export function iofBody(f: IofForm): IofInput {
  return {
    iofDailyPerson: percentToFraction(f.iofDailyPerson) ?? f.iofDailyPerson.trim(),
    iofDailyCompany: percentToFraction(f.iofDailyCompany) ?? f.iofDailyCompany.trim(),
    iofAdditional: percentToFraction(f.iofAdditional) ?? f.iofAdditional.trim(),
  };
}
