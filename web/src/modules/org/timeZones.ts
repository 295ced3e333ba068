// The stores' time zones: the API's IANA ids (its document lists all sixteen Brazilian ones) and
// the names people read, with accents ("Cuiabá", not "Cuiaba") and the zone's offset from UTC.
import type { components } from '@/api/schema.gen';
import i18n from '@/i18n';
import { EMPTY } from '@/lib/format';

/** The zones the API takes; a typo here fails the type check. */
export type TimeZone = NonNullable<components['schemas']['NewStore']['timeZone']>;

/** Each zone's city, as written in Portuguese (proper names: the same in every language). */
const CITIES = {
  'America/Sao_Paulo': 'São Paulo',
  'America/Bahia': 'Salvador',
  'America/Fortaleza': 'Fortaleza',
  'America/Recife': 'Recife',
  'America/Belem': 'Belém',
  'America/Manaus': 'Manaus',
  'America/Cuiaba': 'Cuiabá',
  'America/Campo_Grande': 'Campo Grande',
  'America/Porto_Velho': 'Porto Velho',
  'America/Boa_Vista': 'Boa Vista',
  'America/Rio_Branco': 'Rio Branco',
  'America/Noronha': 'Fernando de Noronha',
  'America/Maceio': 'Maceió',
  'America/Araguaina': 'Araguaína',
  'America/Santarem': 'Santarém',
  'America/Eirunepe': 'Eirunepé',
} as const satisfies Record<TimeZone, string>;

export const ZONES = Object.keys(CITIES) as Array<keyof typeof CITIES>;
export type StoreZone = (typeof ZONES)[number];

export const DEFAULT_ZONE: StoreZone = 'America/Sao_Paulo';

export const zoneOf = (zone: string | null | undefined): StoreZone => ZONES.find((z) => z === zone) ?? DEFAULT_ZONE;

/** `GMT-3` for the zone now (the browser's own data; none when it lacks the zone). */
function offset(zone: string, at: Date): string | null {
  try {
    const parts = new Intl.DateTimeFormat('en-US', { timeZone: zone, timeZoneName: 'shortOffset' }).formatToParts(at);
    return parts.find((p) => p.type === 'timeZoneName')?.value.replace('GMT', 'UTC').replace('-', '−') ?? null;
  } catch {
    return null;
  }
}

/** `Cuiabá (UTC−4)`; an id this version does not know reads as its city part, accents aside. */
export function zoneName(zone: string | null | undefined, at: Date = new Date()): string {
  if (!zone) return EMPTY;
  const city = (CITIES as Record<string, string>)[zone] ?? zone.split('/').pop()?.replaceAll('_', ' ') ?? zone;
  const off = offset(zone, at);
  return off ? `${city} (${off})` : city;
}

/** The zones as select options, São Paulo (Brasília time) first, then by city name. */
export function zoneOptions(at: Date = new Date()): Array<{ value: StoreZone; label: string }> {
  const collator = new Intl.Collator(i18n.language);
  const rest = ZONES.filter((z) => z !== DEFAULT_ZONE).sort((a, b) => collator.compare(CITIES[a], CITIES[b]));
  return [DEFAULT_ZONE, ...rest].map((z) => ({ value: z, label: zoneName(z, at) }));
}
