// The vehicle form's rules, mirroring the server's (crates/vehicles commands) so mistakes show
// before a round trip; the server stays the judge and its field errors land on the same fields.
import { z } from 'zod';
import { dateIn, DEFAULT_TIME_ZONE, startOfDayIn } from '@/lib/businessDate';
import { code } from '@/lib/forms';
import { centsToMoneyInput, kmToNumber, maskKm, moneyToCents } from '@/lib/masks';
import { checkPlaca, checkRenavam, checkVin, normalisePlaca, type Code } from '@/lib/validators';
import type { Vehicle } from './labels';
import { CONDITIONS, FUELS, ORIGINS, TRANSMISSIONS } from './labels';

const optional = (check: (v: string) => Code | null) =>
  z.string().superRefine((v, ctx) => {
    if (!v.trim()) return;
    const fault = check(v);
    if (fault) ctx.addIssue({ code: 'custom', message: fault });
  });

export function vehicleSchema(thisYear: number) {
  const year = z
    .string()
    .regex(/^\d{4}$/, code('vehicles.invalid_year'))
    .refine((v) => Number(v) >= 1950 && Number(v) <= thisYear + 1, code('vehicles.invalid_year'));
  return z
    .object({
      storeId: z.string().min(1, code('validation.required')),
      placa: optional(checkPlaca),
      vin: optional(checkVin),
      renavam: optional(checkRenavam),
      make: z.string().trim().min(1, code('validation.required')).max(60, code('field.too_long')),
      model: z.string().trim().min(1, code('validation.required')).max(60, code('field.too_long')),
      trim: z.string().max(80, code('field.too_long')),
      year,
      modelYear: year,
      color: z.string().max(40, code('field.too_long')),
      interiorColor: z.string().max(40, code('field.too_long')),
      mileageKm: z.string().refine((v) => (kmToNumber(v) ?? 0) <= 2_000_000, code('vehicles.invalid_mileage')),
      fuel: z.enum(FUELS),
      transmission: z.enum(TRANSMISSIONS),
      condition: z.enum(CONDITIONS),
      origin: z.enum(ORIGINS),
      status: z.enum(['available', 'in_preparation', 'in_transit']),
      doors: z.string().refine((v) => !v || (Number(v) >= 1 && Number(v) <= 6), code('vehicles.invalid_doors')),
      keysCount: z.string().refine((v) => !v || (Number(v) >= 0 && Number(v) <= 10), code('vehicles.invalid_keys_count')),
      lotLocation: z.string().max(60, code('field.too_long')),
      price: z.string(),
      cost: z.string(),
      minPrice: z.string(),
      fipeCode: z.string().refine((v) => !v.trim() || /^\d{6}-?\d$/.test(v.trim()), code('vehicles.invalid_fipe_code')),
      fipeValue: z.string(),
      fipeReferenceMonth: z.string().refine((v) => !v || /^\d{4}-(0[1-9]|1[0-2])$/.test(v), code('vehicles.invalid_month')),
      enteredAt: z.string(),
      options: z.string(),
      description: z.string().max(5000, code('field.too_long')),
    })
    .superRefine((f, ctx) => {
      if (f.modelYear !== f.year && Number(f.modelYear) !== Number(f.year) + 1) {
        ctx.addIssue({ code: 'custom', path: ['modelYear'], message: code('vehicles.invalid_model_year') });
      }
      const price = moneyToCents(f.price);
      const min = moneyToCents(f.minPrice);
      if (price !== null && min !== null && min > price) {
        ctx.addIssue({ code: 'custom', path: ['minPrice'], message: code('vehicles.minimum_above_price') });
      }
    });
}

export type VehicleForm = z.infer<ReturnType<typeof vehicleSchema>>;

/** Form field -> the JSON pointer the server names it by. */
export const SERVER_FIELDS: Record<string, keyof VehicleForm> = {
  storeId: 'storeId',
  placa: 'placa',
  vin: 'vin',
  renavam: 'renavam',
  make: 'make',
  model: 'model',
  trim: 'trim',
  year: 'year',
  modelYear: 'modelYear',
  color: 'color',
  interiorColor: 'interiorColor',
  mileageKm: 'mileageKm',
  fuel: 'fuel',
  transmission: 'transmission',
  condition: 'condition',
  origin: 'origin',
  status: 'status',
  doors: 'doors',
  keysCount: 'keysCount',
  lotLocation: 'lotLocation',
  priceCents: 'price',
  costCents: 'cost',
  minPriceCents: 'minPrice',
  fipeCode: 'fipeCode',
  fipeValueCents: 'fipeValue',
  fipeReferenceMonth: 'fipeReferenceMonth',
  enteredAt: 'enteredAt',
  options: 'options',
  description: 'description',
};

/** Position 10 of a VIN, in the order its years come; the cycle repeats every 30 years. */
const VIN_YEAR_CODES = 'ABCDEFGHJKLMNPRSTVWXY123456789';

/**
 * The model year a VIN states in its 10th character, as the server decodes it: the code repeats
 * every 30 years, and the latest matching year not after next year wins. Null for a VIN that is
 * not complete and valid, or a code no year has (0, I, O, Q, U, Z).
 */
export function vinModelYear(vin: string, currentYear: number): number | null {
  const v = vin.trim().toUpperCase();
  if (checkVin(v) !== null) return null;
  const i = VIN_YEAR_CODES.indexOf(v[9] ?? '');
  if (i < 0) return null;
  let year = 1980 + i;
  while (year + 30 <= currentYear + 1) year += 30;
  return year;
}

/**
 * The model year the VIN states when it differs from the one typed: a warning (imported VINs and
 * typing slips both happen), never a refusal. For the vehicle's saved VIN the server's decoding
 * is used; a VIN being typed is decoded here.
 */
export function vinYearMismatch(
  f: Pick<VehicleForm, 'vin' | 'modelYear'>,
  currentYear: number,
  saved?: { vin?: string | null | undefined; vinInfo?: { modelYear?: number | null } | null | undefined },
): number | null {
  const typed = Number(f.modelYear);
  if (!/^\d{4}$/.test(f.modelYear)) return null;
  const vin = f.vin.trim().toUpperCase();
  const stated = saved?.vin && saved.vin.toUpperCase() === vin && saved.vinInfo ? (saved.vinInfo.modelYear ?? null) : vinModelYear(vin, currentYear);
  return stated !== null && stated !== typed ? stated : null;
}

/** A new vehicle's form: it enters stock today (in its store's zone) unless told otherwise. */
export function emptyForm(storeId: string, thisYear: number, today = ''): VehicleForm {
  return {
    storeId,
    placa: '',
    vin: '',
    renavam: '',
    make: '',
    model: '',
    trim: '',
    year: String(thisYear),
    modelYear: String(thisYear),
    color: '',
    interiorColor: '',
    mileageKm: '',
    fuel: 'flex',
    transmission: 'manual',
    condition: 'used',
    origin: 'purchase',
    status: 'available',
    doors: '',
    keysCount: '',
    lotLocation: '',
    price: '',
    cost: '',
    minPrice: '',
    fipeCode: '',
    fipeValue: '',
    fipeReferenceMonth: '',
    enteredAt: today,
    options: '',
    description: '',
  };
}

/** The form of a saved vehicle; its entry day is read in its store's zone. */
export function formFromVehicle(v: Vehicle, timeZone: string = DEFAULT_TIME_ZONE): VehicleForm {
  const s = (x: string | number | null | undefined) => (x === null || x === undefined ? '' : String(x));
  return {
    storeId: v.storeId,
    placa: v.placa ?? '',
    vin: v.vin ?? '',
    renavam: v.renavam ?? '',
    make: v.make,
    model: v.model,
    trim: v.trim ?? '',
    year: String(v.year),
    modelYear: String(v.modelYear),
    color: v.color ?? '',
    interiorColor: v.interiorColor ?? '',
    mileageKm: v.mileageKm ? maskKm(String(v.mileageKm)) : '',
    fuel: v.fuel,
    transmission: v.transmission,
    condition: v.condition,
    origin: v.origin,
    status: 'available',
    doors: s(v.doors),
    keysCount: s(v.keysCount),
    lotLocation: v.lotLocation ?? '',
    price: centsToMoneyInput(v.priceCents),
    cost: centsToMoneyInput(v.costCents),
    minPrice: centsToMoneyInput(v.minPriceCents),
    fipeCode: v.fipeCode ?? '',
    fipeValue: centsToMoneyInput(v.fipeValueCents),
    fipeReferenceMonth: v.fipeReferenceMonth ?? '',
    enteredAt: v.enteredAt ? dateIn(v.enteredAt, timeZone) : '',
    options: v.options.join('\n'),
    description: v.description ?? '',
  };
}

const blank = (v: string) => (v.trim() ? v.trim() : null);
const int = (v: string) => (v.trim() ? Number(v) : null);

/**
 * The API body for the form's values; `fields` limits it to what changed (for PATCH). The entry
 * day starts at midnight in the store's zone (`timeZone`), so it reads as that day everywhere.
 */
export function toBody(f: VehicleForm, fields?: ReadonlySet<string>, timeZone: string = DEFAULT_TIME_ZONE) {
  const all: Record<string, unknown> = {
    storeId: f.storeId,
    placa: f.placa.trim() ? normalisePlaca(f.placa) : null,
    vin: blank(f.vin)?.toUpperCase() ?? null,
    renavam: blank(f.renavam),
    make: f.make.trim(),
    model: f.model.trim(),
    trim: blank(f.trim),
    year: Number(f.year),
    modelYear: Number(f.modelYear),
    color: blank(f.color),
    interiorColor: blank(f.interiorColor),
    mileageKm: kmToNumber(f.mileageKm) ?? 0,
    fuel: f.fuel,
    transmission: f.transmission,
    condition: f.condition,
    origin: f.origin,
    status: f.status,
    doors: int(f.doors),
    keysCount: int(f.keysCount),
    lotLocation: blank(f.lotLocation),
    priceCents: moneyToCents(f.price),
    costCents: moneyToCents(f.cost),
    minPriceCents: moneyToCents(f.minPrice),
    fipeCode: blank(f.fipeCode),
    fipeValueCents: moneyToCents(f.fipeValue),
    fipeReferenceMonth: blank(f.fipeReferenceMonth),
    enteredAt: /^\d{4}-\d{2}-\d{2}$/.test(f.enteredAt) ? startOfDayIn(f.enteredAt, timeZone) : null,
    options: f.options
      .split(/[\n;]/)
      .map((o) => o.trim())
      .filter(Boolean),
    description: blank(f.description),
  };
  if (!fields) return all;
  const out: Record<string, unknown> = {};
  for (const [api, form] of Object.entries(SERVER_FIELDS)) {
    if (fields.has(form) && api !== 'status') out[api] = all[api];
  }
  return out;
}
