// How a customer reads on screen: its name, its documents and its phones in the Brazilian forms.
import type { components } from '@/api/schema.gen';
import { maskCnpj, maskCpfCnpj, maskPhone } from '@/lib/masks';

export type Customer = components['schemas']['CustomerView'];
export type CreatedCustomer = components['schemas']['CreatedCustomer'];
export type PossibleDuplicate = components['schemas']['PossibleDuplicate'];
export type CustomerKind = components['schemas']['CustomerKind'];
export type ContactChannel = components['schemas']['ContactChannel'];
export type ConsentRecord = components['schemas']['ConsentRecord'];
export type ConsentPurpose = components['schemas']['ConsentPurpose'];
export type ConsentChannel = components['schemas']['ConsentChannel'];
export type LegalBasis = components['schemas']['LegalBasis'];
export type OwnedVehicle = components['schemas']['OwnedVehicle'];

export const KINDS: readonly CustomerKind[] = ['person', 'company'];
export const CONTACT_CHANNELS: readonly ContactChannel[] = ['whatsapp', 'phone', 'email', 'sms', 'in_person'];
export const PURPOSES: readonly ConsentPurpose[] = ['marketing', 'service_reminders', 'surveys'];
export const CONSENT_CHANNELS: readonly ConsentChannel[] = ['whatsapp', 'email', 'sms', 'phone'];
export const LEGAL_BASES: readonly LegalBasis[] = ['consent', 'contract', 'legal_obligation', 'legitimate_interest'];
export const CNH_CATEGORIES = ['A', 'B', 'C', 'D', 'E', 'AB', 'AC', 'AD', 'AE', 'ACC'] as const;
export const UFS = [
  'AC', 'AL', 'AP', 'AM', 'BA', 'CE', 'DF', 'ES', 'GO', 'MA', 'MT', 'MS', 'MG', 'PA',
  'PB', 'PR', 'PE', 'PI', 'RJ', 'RN', 'RS', 'RO', 'RR', 'SC', 'SP', 'SE', 'TO',
] as const;

type Named = Pick<Customer, 'kind' | 'name' | 'tradeName'>;

/** A person's name; a company's legal name, with its trade name when it has one. */
export function customerName(c: Named): string {
  return c.kind === 'company' && c.tradeName ? `${c.name} (${c.tradeName})` : c.name;
}

/** CPF `529.982.247-25` or CNPJ `11.222.333/0001-81`; null when the record has none. */
export function customerDocument(c: Pick<Customer, 'cpf' | 'cnpj'>): string | null {
  if (c.cpf) return maskCpfCnpj(c.cpf);
  if (c.cnpj) return maskCnpj(c.cnpj);
  return null;
}

/**
 * A phone as Brazilians write it: `+5511987654321` -> `(11) 98765-4321`. A number of another
 * country stays in E.164 (the server keeps it so).
 */
export function formatPhone(e164: string): string {
  const m = /^\+55(\d{10,11})$/.exec(e164);
  return m ? maskPhone(m[1]!) : e164;
}

/** The WhatsApp link for a number (`https://wa.me/5511987654321`): digits only, country first. */
export function whatsappLink(e164: string): string {
  return `https://wa.me/${e164.replace(/\D/g, '')}`;
}
