// The customer form's values, its rules (mirroring crates/crm's so mistakes show before a round
// trip; the server stays the judge) and its mapping to the API's body and back. Blank rows of the
// lists (a phone row added and left empty) are left out of the body, so `formPath` turns the
// server's pointers (`/phones/1/number`) back into the row the user sees.
import { z } from 'zod';
import { code } from '@/lib/forms';
import { maskCep, maskCnpj, maskCpfCnpj } from '@/lib/masks';
import { checkCnpj, checkEmail, type Code } from '@/lib/validators';
import type { ContactChannel, Customer, CustomerKind } from './labels';
import { CONTACT_CHANNELS, formatPhone, KINDS, UFS } from './labels';

const digits = (v: string) => v.replace(/\D/g, '');

/** CPF: 11 digits with two check digits (and not one digit repeated). */
export function checkCpf(input: string): Code | null {
  const s = input.trim().replace(/[.\-\s]/g, '');
  if (!/^\d*$/.test(s)) return 'cpf.invalid_character';
  if (s.length !== 11) return 'cpf.length';
  if (/^(\d)\1{10}$/.test(s)) return 'cpf.check_digit';
  const dv = (len: number) => {
    let sum = 0;
    for (let i = 0; i < len; i++) sum += Number(s[i]) * (len + 1 - i);
    const rest = (sum * 10) % 11;
    return rest === 10 ? 0 : rest;
  };
  return dv(9) === Number(s[9]) && dv(10) === Number(s[10]) ? null : 'cpf.check_digit';
}

/** A Brazilian phone as the mask leaves it: DDD and 8 digits, or 9 starting with 9. */
export function checkPhone(input: string): Code | null {
  const d = digits(input);
  if (d.length === 10) return null;
  if (d.length === 11) return d[2] === '9' ? null : 'phone.length';
  return 'phone.length';
}

const optional = (check: (v: string) => Code | null) =>
  z.string().superRefine((v, ctx) => {
    if (!v.trim()) return;
    const fault = check(v);
    if (fault) ctx.addIssue({ code: 'custom', message: fault });
  });
const text = (max: number) => z.string().max(max, code('field.too_long'));

const phone = z.object({ number: optional(checkPhone), whatsapp: z.boolean(), label: text(40) });
const email = z.object({ address: optional((v) => (checkEmail(v) ? 'customers.invalid_email' : null)), label: text(40) });
const address = z.object({
  label: text(40),
  street: text(200),
  number: text(20),
  complement: text(100),
  district: text(100),
  city: text(100),
  state: z.string().refine((v) => !v || (UFS as readonly string[]).includes(v.toUpperCase()), code('customers.invalid_state')),
  postalCode: optional((v) => (/^\d{8}$/.test(digits(v)) && !/[^\d.\-\s]/.test(v) ? null : 'customers.invalid_postal_code')),
});
const contact = z.object({
  name: text(120),
  role: text(60),
  phone: optional(checkPhone),
  email: optional((v) => (checkEmail(v) ? 'customers.invalid_email' : null)),
});

export const customerSchema = z
  .object({
    kind: z.enum(KINDS as [CustomerKind, ...CustomerKind[]]),
    storeId: z.string(),
    name: text(150),
    cpf: optional(checkCpf),
    birthDate: z.string(),
    cnhNumber: z.string().refine((v) => !v.trim() || /^\d{11}$/.test(v.replace(/\s/g, '')), code('customers.invalid_cnh_number')),
    cnhCategory: z.string(),
    legalName: text(150),
    tradeName: text(150),
    cnpj: optional(checkCnpj),
    stateRegistration: z
      .string()
      .refine((v) => !v.trim() || v.trim().toUpperCase() === 'ISENTO' || /^\d{1,14}$/.test(v.replace(/[.\-/\s]/g, '')), code('customers.invalid_state_registration')),
    phones: z.array(phone),
    emails: z.array(email),
    addresses: z.array(address),
    contacts: z.array(contact),
    preferredChannel: z.union([z.literal(''), z.enum(CONTACT_CHANNELS as [ContactChannel, ...ContactChannel[]])]),
    tags: z.string(),
    notes: text(5000),
  })
  .superRefine((f, ctx) => {
    // The record's name is the one thing it cannot be without.
    const nameField = f.kind === 'company' ? 'legalName' : 'name';
    if (!f[nameField].trim()) ctx.addIssue({ code: 'custom', path: [nameField], message: code('validation.required') });
    f.contacts.forEach((c, i) => {
      if (!c.name.trim() && !isBlankContact(c)) ctx.addIssue({ code: 'custom', path: ['contacts', i, 'name'], message: code('validation.required') });
    });
  });

export type CustomerForm = z.infer<typeof customerSchema>;
export type PhoneRow = CustomerForm['phones'][number];
export type EmailRow = CustomerForm['emails'][number];
export type AddressRow = CustomerForm['addresses'][number];
export type ContactRow = CustomerForm['contacts'][number];

export const blankPhone = (): PhoneRow => ({ number: '', whatsapp: false, label: '' });
export const blankEmail = (): EmailRow => ({ address: '', label: '' });
export const blankAddress = (): AddressRow => ({ label: '', street: '', number: '', complement: '', district: '', city: '', state: '', postalCode: '' });
export const blankContact = (): ContactRow => ({ name: '', role: '', phone: '', email: '' });

const isBlankPhone = (p: PhoneRow) => !p.number.trim();
const isBlankEmail = (e: EmailRow) => !e.address.trim();
const isBlankAddress = (a: AddressRow) => Object.values(a).every((v) => !v.trim());
function isBlankContact(c: ContactRow) {
  return !c.name.trim() && !c.role.trim() && !c.phone.trim() && !c.email.trim();
}

/** A new customer's form: a person, with one phone row ready (the desk's first question). */
export function emptyForm(storeId: string, kind: CustomerKind = 'person'): CustomerForm {
  return {
    kind,
    storeId,
    name: '',
    cpf: '',
    birthDate: '',
    cnhNumber: '',
    cnhCategory: '',
    legalName: '',
    tradeName: '',
    cnpj: '',
    stateRegistration: '',
    phones: [blankPhone()],
    emails: [blankEmail()],
    addresses: [],
    contacts: [],
    preferredChannel: '',
    tags: '',
    notes: '',
  };
}

/** The form of a saved customer, documents and phones in the forms the masks type them. */
export function formFromCustomer(c: Customer): CustomerForm {
  const s = (v: string | null | undefined) => v ?? '';
  return {
    kind: c.kind,
    storeId: c.storeId,
    name: c.kind === 'person' ? c.name : '',
    cpf: c.cpf ? maskCpfCnpj(c.cpf) : '',
    birthDate: s(c.birthDate),
    cnhNumber: s(c.cnhNumber),
    cnhCategory: s(c.cnhCategory),
    legalName: c.kind === 'company' ? (c.legalName ?? c.name) : '',
    tradeName: s(c.tradeName),
    cnpj: c.cnpj ? maskCnpj(c.cnpj) : '',
    stateRegistration: s(c.stateRegistration),
    phones: c.phones.map((p) => ({ number: formatPhone(p.number), whatsapp: p.whatsapp ?? false, label: s(p.label) })),
    emails: c.emails.map((e) => ({ address: e.address, label: s(e.label) })),
    addresses: c.addresses.map((a) => ({
      label: s(a.label),
      street: s(a.street),
      number: s(a.number),
      complement: s(a.complement),
      district: s(a.district),
      city: s(a.city),
      state: s(a.state),
      postalCode: a.postalCode ? maskCep(a.postalCode) : '',
    })),
    contacts: c.contacts.map((p) => ({ name: p.name, role: s(p.role), phone: p.phone ? formatPhone(p.phone) : '', email: s(p.email) })),
    preferredChannel: c.preferredChannel ?? '',
    tags: c.tags.join(', '),
    notes: s(c.notes),
  };
}

const blank = (v: string) => (v.trim() ? v.trim() : null);

/** The indexes of a list's rows that are sent (blank rows are not). */
function kept<T>(rows: T[], isBlank: (r: T) => boolean): number[] {
  return rows.flatMap((r, i) => (isBlank(r) ? [] : [i]));
}

/** Tags typed as `vip, frota; indicação`: trimmed, empty ones dropped. */
export function parseTags(v: string): string[] {
  return v
    .split(/[,;\n]/)
    .map((t) => t.trim())
    .filter(Boolean);
}

/** The fields of each kind (the server refuses a person's CPF on a company and so on). */
const PERSON_ONLY = ['name', 'cpf', 'birthDate', 'cnhNumber', 'cnhCategory'] as const;
const COMPANY_ONLY = ['legalName', 'tradeName', 'cnpj', 'stateRegistration', 'contacts'] as const;

/**
 * The API body for the form's values: a new customer's whole record, or, with `dirty` (the
 * form's changed top-level fields), only what changed for a PATCH. Blank list rows are left out.
 */
export function toBody(f: CustomerForm, dirty?: ReadonlySet<string>) {
  const all: Record<string, unknown> = {
    kind: f.kind,
    storeId: f.storeId || null,
    phones: kept(f.phones, isBlankPhone).map((i) => {
      const p = f.phones[i]!;
      return { number: p.number.trim(), whatsapp: p.whatsapp, label: blank(p.label) };
    }),
    emails: kept(f.emails, isBlankEmail).map((i) => {
      const e = f.emails[i]!;
      return { address: e.address.trim(), label: blank(e.label) };
    }),
    addresses: kept(f.addresses, isBlankAddress).map((i) => {
      const a = f.addresses[i]!;
      return {
        label: blank(a.label),
        street: blank(a.street),
        number: blank(a.number),
        complement: blank(a.complement),
        district: blank(a.district),
        city: blank(a.city),
        state: blank(a.state)?.toUpperCase() ?? null,
        postalCode: a.postalCode.trim() ? digits(a.postalCode) : null,
      };
    }),
    preferredChannel: f.preferredChannel || null,
    notes: blank(f.notes),
    tags: parseTags(f.tags),
  };
  if (f.kind === 'person') {
    Object.assign(all, {
      name: f.name.trim(),
      cpf: f.cpf.trim() ? digits(f.cpf) : null,
      birthDate: blank(f.birthDate),
      cnhNumber: f.cnhNumber.trim() ? digits(f.cnhNumber) : null,
      cnhCategory: blank(f.cnhCategory),
    });
  } else {
    Object.assign(all, {
      legalName: f.legalName.trim(),
      tradeName: blank(f.tradeName),
      cnpj: f.cnpj.trim() ? f.cnpj.toUpperCase().replace(/[^0-9A-Z]/g, '') : null,
      stateRegistration: blank(f.stateRegistration)?.toUpperCase() ?? null,
      contacts: kept(f.contacts, isBlankContact).map((i) => {
        const c = f.contacts[i]!;
        return { name: c.name.trim(), role: blank(c.role), phone: blank(c.phone), email: blank(c.email) };
      }),
    });
  }
  if (!dirty) return all;
  // A PATCH names what changed; the kind is fixed once registered.
  const other: readonly string[] = f.kind === 'person' ? COMPANY_ONLY : PERSON_ONLY;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(all)) {
    if (k !== 'kind' && dirty.has(k) && !other.includes(k)) out[k] = v;
  }
  return out;
}

const LISTS = {
  phones: isBlankPhone,
  emails: isBlankEmail,
  addresses: isBlankAddress,
  contacts: isBlankContact,
} as const;

/**
 * The form field a server pointer names: `/phones/0/number` is the first phone *sent*, which is
 * the form's row 1 when row 0 was left blank; `/tags/3` is the tags box. Null for a pointer the
 * form has no field for.
 */
export function formPath(pointer: string, f: CustomerForm): string | null {
  const parts = pointer.replace(/^\//, '').split('/');
  const [top, index, field] = parts;
  if (!top) return null;
  if (top === 'tags') return 'tags';
  if (top in LISTS) {
    const list = top as keyof typeof LISTS;
    if (index === undefined) return null;
    const rows = f[list] as never[];
    const at = kept(rows, LISTS[list] as (r: never) => boolean)[Number(index)];
    if (at === undefined) return null;
    return field ? `${list}.${at}.${field}` : null;
  }
  return top in f && parts.length === 1 ? top : null;
}

/** Every field a server error may land on, for `applyServerErrors`. */
export function formFields(f: CustomerForm): string[] {
  const rows = (list: keyof typeof LISTS, fields: readonly string[]) =>
    (f[list] as unknown[]).flatMap((_, i) => fields.map((k) => `${list}.${i}.${k}`));
  return [
    ...Object.keys(f).filter((k) => !(k in LISTS)),
    ...rows('phones', ['number', 'label']),
    ...rows('emails', ['address', 'label']),
    ...rows('addresses', ['label', 'street', 'number', 'complement', 'district', 'city', 'state', 'postalCode']),
    ...rows('contacts', ['name', 'role', 'phone', 'email']),
  ];
}
