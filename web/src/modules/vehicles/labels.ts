import type { components } from '@/api/schema.gen';

export type Vehicle = components['schemas']['VehicleView'];
export type Fuel = components['schemas']['Fuel'];
export type Transmission = components['schemas']['Transmission'];
export type Condition = components['schemas']['Condition'];
export type Origin = components['schemas']['Origin'];

export const FUELS: Fuel[] = ['flex', 'gasoline', 'ethanol', 'diesel', 'hybrid', 'electric', 'cng'];
export const TRANSMISSIONS: Transmission[] = ['manual', 'automatic', 'cvt', 'automated_manual'];
export const CONDITIONS: Condition[] = ['new', 'used'];
export const ORIGINS: Origin[] = ['purchase', 'trade_in', 'consignment', 'factory'];

/** `Volkswagen Polo 1.0 TSI` */
export function vehicleTitle(v: Pick<Vehicle, 'make' | 'model' | 'trim'>): string {
  return [v.make, v.model, v.trim].filter(Boolean).join(' ');
}

/**
 * Plates are stored bare; old ones read better with the hyphen. No placa gives `''`: show it
 * through `Mono` or `orEmpty`, or leave it out of a line that lists what there is.
 */
export function displayPlaca(placa: string | null | undefined): string {
  if (!placa) return '';
  return /^[A-Z]{3}\d{4}$/.test(placa) ? `${placa.slice(0, 3)}-${placa.slice(3)}` : placa;
}
