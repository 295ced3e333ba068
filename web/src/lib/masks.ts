// Input masks: what the user types is reshaped as they type; the server gets the normalised value.

const digits = (v: string) => v.replace(/\D/g, '');

/**
 * Placa: `ABC-1234` (old) or `ABC1D23` (Mercosul), letters upper-cased, at most 7 characters.
 * Only separators (spaces, hyphens, dots, slashes) are dropped: a character in the wrong place or
 * of the wrong kind stays, so the field's check shows the mistake (`AB12345` stays `AB12345` and
 * is refused as a placa) instead of the text silently losing what was typed. The hyphen is added
 * only to what already reads as an old plate (three letters, then two digits).
 */
export function maskPlaca(value: string): string {
  const raw = [...value.toUpperCase().replace(/[\s\-./_]/g, '')].slice(0, 7).join('');
  // The 5th character tells the formats apart: a digit is the old plate, a letter Mercosul.
  return /^[A-Z]{3}\d\d/.test(raw) ? `${raw.slice(0, 3)}-${raw.slice(3)}` : raw;
}

/** CPF `000.000.000-00` up to 11 digits, CNPJ `00.000.000/0000-00` beyond (alphanumeric CNPJ kept). */
export function maskCpfCnpj(value: string): string {
  const raw = value.toUpperCase().replace(/[^0-9A-Z]/g, '').slice(0, 14);
  if (raw.length <= 11 && /^\d*$/.test(raw)) {
    return raw
      .replace(/^(\d{3})(\d)/, '$1.$2')
      .replace(/^(\d{3})\.(\d{3})(\d)/, '$1.$2.$3')
      .replace(/\.(\d{3})(\d{1,2})$/, '.$1-$2');
  }
  return maskCnpj(raw);
}

export function maskCnpj(value: string): string {
  const raw = value.toUpperCase().replace(/[^0-9A-Z]/g, '').slice(0, 14);
  let out = raw.slice(0, 2);
  if (raw.length > 2) out += `.${raw.slice(2, 5)}`;
  if (raw.length > 5) out += `.${raw.slice(5, 8)}`;
  if (raw.length > 8) out += `/${raw.slice(8, 12)}`;
  if (raw.length > 12) out += `-${raw.slice(12, 14)}`;
  return out;
}

export function maskCep(value: string): string {
  const d = digits(value).slice(0, 8);
  return d.length > 5 ? `${d.slice(0, 5)}-${d.slice(5)}` : d;
}

/** Brazilian phone: `(11) 3456-7890` or mobile `(11) 98765-4321`. */
export function maskPhone(value: string): string {
  const d = digits(value).slice(0, 11);
  if (d.length <= 2) return d.length ? `(${d}` : '';
  const area = d.slice(0, 2);
  const rest = d.slice(2);
  const split = rest.length > 8 ? 5 : 4;
  return rest.length > split ? `(${area}) ${rest.slice(0, split)}-${rest.slice(split)}` : `(${area}) ${rest}`;
}

export function maskDigits(value: string, max: number): string {
  return digits(value).slice(0, max);
}

/** Money typed in reais: keeps digits as centavos and shows `1.234,56`. */
export function maskMoney(value: string): string {
  const d = digits(value).replace(/^0+(?=\d)/, '').slice(0, 13);
  if (!d) return '';
  const cents = d.padStart(3, '0');
  const int = cents.slice(0, -2).replace(/\B(?=(\d{3})+(?!\d))/g, '.');
  return `${int},${cents.slice(-2)}`;
}

/** `1.234,56` -> 123456 centavos; empty -> null. */
export function moneyToCents(value: string | null | undefined): number | null {
  if (!value) return null;
  const d = digits(value);
  return d ? Number(d) : null;
}

export function centsToMoneyInput(cents: number | null | undefined): string {
  if (cents === null || cents === undefined) return '';
  return maskMoney(String(cents));
}

/** `12.345` typed as km -> 12345. */
export function kmToNumber(value: string | null | undefined): number | null {
  if (!value) return null;
  const d = digits(value);
  return d ? Number(d) : null;
}

export function maskKm(value: string): string {
  const d = digits(value).replace(/^0+(?=\d)/, '').slice(0, 7);
  return d.replace(/\B(?=(\d{3})+(?!\d))/g, '.');
}
