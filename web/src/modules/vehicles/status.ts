import type { components } from '@/api/schema.gen';
import type { Tone } from '@/ui/Badge';

export type VehicleStatus = components['schemas']['VehicleStatus'];

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
};
