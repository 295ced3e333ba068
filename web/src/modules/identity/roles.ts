import type { components } from '@/api/schema.gen';

export type Role = components['schemas']['Role'];
export type User = components['schemas']['UserView'];

export const ROLES: Role[] = ['owner', 'store_manager', 'sales', 'service_advisor', 'technician', 'parts', 'accounting', 'viewer'];
