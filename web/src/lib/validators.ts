// The server's identifier rules, mirrored so a form can say what is wrong before it is sent.
// Each returns null when the value is valid, else the server's error code for the same fault.
import type { MessageCode } from '@/api/problem';

export type Code = MessageCode;

export function checkPlaca(input: string): Code | null {
  const p = input.trim().replace(/[-\s]/g, '').toUpperCase();
  return /^[A-Z]{3}[0-9][A-Z0-9][0-9]{2}$/.test(p) ? null : 'placa.invalid';
}

export function normalisePlaca(input: string): string {
  return input.trim().replace(/[-\s]/g, '').toUpperCase();
}

export function checkVin(input: string): Code | null {
  const v = input.trim().toUpperCase();
  if (v.length !== 17) return 'vin.length';
  return /^[0-9A-HJ-NPR-Z]{17}$/.test(v) ? null : 'vin.invalid_character';
}

export function checkRenavam(input: string): Code | null {
  const digits = input.trim().replace(/[.\-\s]/g, '');
  if (!/^\d*$/.test(digits)) return 'renavam.invalid_character';
  if (digits.length < 9 || digits.length > 11) return 'renavam.length';
  const r = digits.padStart(11, '0');
  if (/^(\d)\1{10}$/.test(r)) return 'renavam.check_digit';
  const weights = [3, 2, 9, 8, 7, 6, 5, 4, 3, 2];
  const sum = weights.reduce((acc, w, i) => acc + Number(r[i]) * w, 0);
  return (sum * 10) % 11 % 10 === Number(r[10]) ? null : 'renavam.check_digit';
}

/** CNPJ, numeric or the 2026 alphanumeric form (letters valued as their ASCII code minus 48). */
export function checkCnpj(input: string): Code | null {
  const s = input.toUpperCase().replace(/[./\-\s]/g, '');
  if (s.length !== 14) return 'cnpj.length';
  if (!/^[0-9A-Z]{12}[0-9]{2}$/.test(s)) return 'cnpj.invalid_character';
  if (/^(.)\1{13}$/.test(s)) return 'cnpj.check_digit';
  const values = [...s].map((c) => c.charCodeAt(0) - 48);
  const dv = (len: number) => {
    const weights = [2, 3, 4, 5, 6, 7, 8, 9];
    let sum = 0;
    for (let i = 0; i < len; i++) sum += (values[i] ?? 0) * (weights[(len - 1 - i) % 8] ?? 0);
    const rest = sum % 11;
    return rest < 2 ? 0 : 11 - rest;
  };
  return dv(12) === values[12] && dv(13) === values[13] ? null : 'cnpj.check_digit';
}

export function checkCep(input: string): Code | null {
  return /^\d{8}$/.test(input.replace(/[-.\s]/g, '')) ? null : 'stores.invalid_postal_code';
}

export function checkEmail(input: string): Code | null {
  return /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(input.trim()) ? null : 'validation.email';
}
