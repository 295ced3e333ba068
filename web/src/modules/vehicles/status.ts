import type { components } from '@/api/schema.gen';
import type { Tone } from '@/ui/Badge';

export type VehicleStatus = components['schemas']['VehicleStatus'];

/** The statuses of the dealer's vehicles, as the stock list filters them (a customer's own car is the CRM's). */
export const STATUSES: VehicleStatus[] = [
  'in_transit',
  'in_preparation',
  'available',
  'reserved',
  'sold',
  'delivered',
  'unavailable',
  'returned',
];

export const STATUS_TONE: Record<VehicleStatus, Tone> = {
  in_transit: 'violet',
  in_preparation: 'amber',
  available: 'green',
  reserved: 'blue',
  sold: 'teal',
  delivered: 'gray',
  unavailable: 'red',
  returned: 'gray',
  customer_owned: 'gray',
};

/**
 * "Em estoque": the dealer still has the car to sell (not sold, delivered or given back). The API
 * states it per vehicle; this is the same rule for a view from before it did.
 */
export function isInStock(v: { status: VehicleStatus; inStock?: boolean }): boolean {
  return v.inStock ?? !(['sold', 'delivered', 'returned', 'customer_owned'] as VehicleStatus[]).includes(v.status);
}

/** A vehicle part of a deal (reserved, sold, delivered) stays for the records: it cannot be deleted. */
export function isDeletable(status: VehicleStatus): boolean {
  return !(['reserved', 'sold', 'delivered'] as VehicleStatus[]).includes(status);
}

/**
 * A move the sales desk makes (a reservation, a sale, their end), never the status change: its
 * note is the server's record in its own words ("reserved until …", "sale PV-00012"), not a
 * person's, so the status history leaves it out (the reservation and the sale show their own).
 * Mirrors `deal_status` in crates/vehicles.
 */
export function isDealMove(from: VehicleStatus | null | undefined, to: VehicleStatus): boolean {
  return to === 'reserved' || to === 'sold' || from === 'reserved' || (from === 'sold' && to === 'available');
}
