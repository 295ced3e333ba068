// The roles screen's state: the tenant's grants as the server last said (`GET /roles`) and the
// Owner's unsaved ticks on top, per role. Pure functions, so the screen and its tests share them.
import type { components } from '@/api/schema.gen';
import type { Role } from './roles';

export type RoleMatrix = components['schemas']['RoleMatrix'];
export type RoleView = components['schemas']['RoleView'];
export type PermissionView = components['schemas']['PermissionView'];

/** The permissions each edited role should hold; a role not in it is as the server has it. */
export type Draft = Partial<Record<Role, readonly string[]>>;

/** The areas in the order the screen lists them; an area this version does not know comes last. */
export const AREAS = ['vehicles', 'reports', 'users', 'stores', 'audit', 'roles'] as const;

function saved(matrix: RoleMatrix, role: Role): readonly string[] {
  return matrix.roles.find((r) => r.role === role)?.permissions ?? [];
}

/** Whether the role may be changed (the Owner may not: a tenant cannot lock itself out). */
export function editable(matrix: RoleMatrix, role: Role): boolean {
  return matrix.roles.find((r) => r.role === role)?.editable ?? false;
}

/**
 * Whether any role may be given the permission: the Owner's own (`roles.manage`) may not, as a
 * role deciding who may do what could grant itself everything. The server says so per permission.
 */
export function grantable(matrix: RoleMatrix, permission: string): boolean {
  const p = matrix.permissions.find((x) => x.name === permission);
  return p?.grantable !== false;
}

/** What the role holds on screen: the draft's ticks, else the server's. */
export function held(matrix: RoleMatrix, draft: Draft, role: Role): ReadonlySet<string> {
  return new Set(draft[role] ?? saved(matrix, role));
}

/** Ticks or unticks one permission; back to what the server has, the role leaves the draft. */
export function toggle(matrix: RoleMatrix, draft: Draft, role: Role, permission: string): Draft {
  if (!editable(matrix, role) || !grantable(matrix, permission)) return draft;
  const now = new Set(held(matrix, draft, role));
  if (now.has(permission)) now.delete(permission);
  else now.add(permission);
  // In the matrix's order, as the server lists them.
  const next = matrix.permissions.map((p) => p.name).filter((n) => now.has(n));
  const { [role]: _dropped, ...rest } = draft;
  return sameSet(next, saved(matrix, role)) ? rest : { ...rest, [role]: next };
}

/** The permissions whose tick differs from the server's, for one role. */
export function pending(matrix: RoleMatrix, draft: Draft, role: Role): string[] {
  const mine = draft[role];
  if (!mine) return [];
  const before = new Set(saved(matrix, role));
  const after = new Set(mine);
  return matrix.permissions.map((p) => p.name).filter((n) => before.has(n) !== after.has(n));
}

/** Every unsaved tick, over all roles. */
export function pendingCount(matrix: RoleMatrix, draft: Draft): number {
  return (Object.keys(draft) as Role[]).reduce((n, r) => n + pending(matrix, draft, r).length, 0);
}

/** Whether the role holds the permission by default (as Innexar ships it). */
export function isDefault(matrix: RoleMatrix, role: Role, permission: string): boolean {
  return matrix.permissions.find((p) => p.name === permission)?.defaultRoles.includes(role) ?? false;
}

/** The matrix after the server answered a save or a restore for one role: that role's draft goes. */
export function withRole(matrix: RoleMatrix, view: RoleView): RoleMatrix {
  return { ...matrix, roles: matrix.roles.map((r) => (r.role === view.role ? view : r)) };
}

export function withoutRole(draft: Draft, role: Role): Draft {
  const { [role]: _dropped, ...rest } = draft;
  return rest;
}

/** The permissions by area, areas in the screen's order, permissions in the server's. */
export function byArea(permissions: readonly PermissionView[]): Array<{ area: string; permissions: PermissionView[] }> {
  const rank = (a: string) => {
    const i = (AREAS as readonly string[]).indexOf(a);
    return i < 0 ? AREAS.length : i;
  };
  const areas = [...new Set(permissions.map((p) => p.area))].sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
  return areas.map((area) => ({ area, permissions: permissions.filter((p) => p.area === area) }));
}

function sameSet(a: readonly string[], b: readonly string[]): boolean {
  const sb = new Set(b);
  return a.length === sb.size && a.every((x) => sb.has(x));
}
