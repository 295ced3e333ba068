import { describe, expect, it } from 'vitest';
import { byArea, grantable, held, pending, pendingCount, toggle, withRole, withoutRole, type Draft, type RoleMatrix } from './roleMatrix';

const matrix: RoleMatrix = {
  permissions: [
    { name: 'vehicles.read', area: 'vehicles', defaultRoles: ['owner', 'store_manager', 'sales'], grantable: true },
    { name: 'users.read', area: 'users', defaultRoles: ['owner', 'store_manager'], grantable: true },
    { name: 'vehicles.change_price', area: 'vehicles', defaultRoles: ['owner', 'store_manager'], grantable: true },
    { name: 'audit.read', area: 'audit', defaultRoles: ['owner'], grantable: true },
    { name: 'reports.stock_aging', area: 'reports', defaultRoles: ['owner'], grantable: true },
    // The Owner's own: no other role may hold it.
    { name: 'roles.manage', area: 'roles', defaultRoles: ['owner'], grantable: false },
  ],
  roles: [
    { role: 'owner', permissions: ['vehicles.read', 'users.read', 'vehicles.change_price', 'audit.read', 'reports.stock_aging'], customized: false, editable: false },
    { role: 'sales', permissions: ['vehicles.read'], customized: false, editable: true },
    { role: 'store_manager', permissions: ['vehicles.read', 'users.read', 'vehicles.change_price'], customized: false, editable: true },
  ],
};

describe('the roles screen’s state', () => {
  it('ticks a permission for one role only, and counts it as one unsaved change', () => {
    const d = toggle(matrix, {}, 'sales', 'vehicles.change_price');
    expect([...held(matrix, d, 'sales')].sort()).toEqual(['vehicles.change_price', 'vehicles.read']);
    expect([...held(matrix, d, 'store_manager')]).toEqual(['vehicles.read', 'users.read', 'vehicles.change_price']);
    expect(pending(matrix, d, 'sales')).toEqual(['vehicles.change_price']);
    expect(pendingCount(matrix, d)).toBe(1);
    // What is saved is the whole list, in the server's order.
    expect(d.sales).toEqual(['vehicles.read', 'vehicles.change_price']);
  });

  it('forgets a role ticked back to what the server has: nothing left to save', () => {
    let d: Draft = toggle(matrix, {}, 'sales', 'vehicles.change_price');
    d = toggle(matrix, d, 'sales', 'vehicles.change_price');
    expect(d).toEqual({});
    expect(pendingCount(matrix, d)).toBe(0);
  });

  it('gives no other role the Owner’s own permission', () => {
    expect(grantable(matrix, 'roles.manage')).toBe(false);
    expect(grantable(matrix, 'vehicles.change_price')).toBe(true);
    expect(toggle(matrix, {}, 'store_manager', 'roles.manage')).toEqual({});
  });

  it('never changes the Owner, whose column is fixed', () => {
    const d = toggle(matrix, {}, 'owner', 'audit.read');
    expect(d).toEqual({});
    expect(held(matrix, d, 'owner').has('audit.read')).toBe(true);
  });

  it('takes the server’s answer for a saved role and keeps the other roles’ ticks', () => {
    let d: Draft = toggle(matrix, {}, 'sales', 'vehicles.change_price');
    d = toggle(matrix, d, 'store_manager', 'users.read');
    expect(pendingCount(matrix, d)).toBe(2);
    const saved = withRole(matrix, { role: 'sales', permissions: ['vehicles.read', 'vehicles.change_price'], customized: true, editable: true });
    d = withoutRole(d, 'sales');
    expect(held(saved, d, 'sales').has('vehicles.change_price')).toBe(true);
    expect(pending(saved, d, 'sales')).toEqual([]);
    expect(pending(saved, d, 'store_manager')).toEqual(['users.read']);
    expect(saved.roles.find((r) => r.role === 'sales')?.customized).toBe(true);
  });

  it('groups permissions by area in the screen’s order, keeping the server’s order inside', () => {
    expect(byArea(matrix.permissions).map((g) => [g.area, g.permissions.map((p) => p.name)])).toEqual([
      ['vehicles', ['vehicles.read', 'vehicles.change_price']],
      ['reports', ['reports.stock_aging']],
      ['users', ['users.read']],
      ['audit', ['audit.read']],
      ['roles', ['roles.manage']],
    ]);
  });
});
