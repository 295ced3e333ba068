import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, render, screen, within } from '@testing-library/react';
import { MemoryRouter } from 'react-router';
import i18n from '@/i18n';
import { AuditEntryItem } from './AuditEntryItem';
import type { AuditEntry, Lookups } from './entries';

const OWNER = '0192a000-0000-7000-8000-000000000001';
const SALES = '0192a000-0000-7000-8000-000000000002';
const STORE = '0192a000-0000-7000-8000-0000000000aa';
const VEHICLE = '0192a000-0000-7000-8000-0000000000bb';

const lookups: Lookups = {
  userName: (id) => ({ [OWNER]: 'Dona Maria', [SALES]: 'Carlos Vendedor' })[id],
  storeName: (id) => (id === STORE ? 'Matriz Pinheiros' : undefined),
};

type Changes = Record<string, { before: unknown; after: unknown }>;

/** An entry as the server sends it; `changes` is untyped JSON in the API document. */
function entry(over: Omit<Partial<AuditEntry>, 'changes'> & { changes?: Changes }): AuditEntry {
  return {
    id: '0192a000-0000-7000-8000-00000000ffff',
    occurredAt: '2026-03-05T15:07:00Z',
    actorKind: 'user',
    actorId: OWNER,
    actorEmail: 'dono@demo.com.br',
    action: 'vehicles.updated',
    entityType: 'vehicle',
    entityId: VEHICLE,
    requestId: null,
    ...over,
    changes: (over.changes ?? {}) as unknown as AuditEntry['changes'],
  };
}

function show(e: AuditEntry) {
  render(
    <MemoryRouter>
      <ul>
        <AuditEntryItem entry={e} lookups={lookups} />
      </ul>
    </MemoryRouter>,
  );
  return screen.getByRole('listitem');
}

describe('an audit entry', () => {
  afterEach(async () => {
    cleanup();
    await i18n.changeLanguage('pt-BR');
  });

  it('says what was done to which vehicle, by whom, and each change as money and words', () => {
    const item = show(
      entry({
        changes: {
          priceCents: { before: 7_989_000, after: 7_500_000 },
          status: { before: 'available', after: 'reserved' },
          // Bookkeeping an Owner does not need.
          images: { before: [], after: ['x'] },
        },
      }),
    );
    expect(within(item).getByText('Alterou o veículo')).toBeTruthy();
    expect(within(item).getByText('Dona Maria')).toBeTruthy();
    expect(within(item).getByRole('link', { name: 'Abrir o veículo' }).getAttribute('href')).toBe(`/inventory/${VEHICLE}`);
    const price = within(item).getByText('Preço de venda').nextElementSibling as HTMLElement;
    expect(price.textContent).toMatch(/R\$\s79\.890,00.*R\$\s75\.000,00/);
    expect(within(price).getByText(/79\.890,00/).tagName).toBe('DEL');
    expect(within(price).getByText(/75\.000,00/).tagName).toBe('INS');
    expect(within(item).getByText('Disponível')).toBeTruthy();
    expect(within(item).getByText('Reservado')).toBeTruthy();
    expect(within(item).queryByText('Imagens')).toBeNull();
  });

  it('names a new vehicle by its make and model, and the system as the actor', () => {
    const item = show(
      entry({ action: 'vehicles.created', actorKind: 'system', actorId: null, actorEmail: null, changes: { make: { before: null, after: 'Toyota' }, model: { before: null, after: 'Corolla' }, mileageKm: { before: null, after: 12000 } } }),
    );
    expect(within(item).getByText('Cadastrou o veículo')).toBeTruthy();
    expect(within(item).getByText('Sistema')).toBeTruthy();
    expect(within(item).getByRole('link', { name: 'Toyota Corolla' }).getAttribute('href')).toBe(`/inventory/${VEHICLE}`);
    expect(within(item).getByText('12.000 km')).toBeTruthy();
  });

  it('reads a user’s roles and stores by name, "all stores" included', () => {
    const item = show(
      entry({
        action: 'users.updated',
        entityType: 'user',
        entityId: SALES,
        changes: { roles: { before: ['sales'], after: ['sales', 'store_manager'] }, storeIds: { before: null, after: [STORE] } },
      }),
    );
    expect(within(item).getByText('Alterou o usuário')).toBeTruthy();
    expect(within(item).getByRole('link', { name: 'Carlos Vendedor' }).getAttribute('href')).toBe('/admin/users?q=Carlos%20Vendedor');
    expect(within(item).getByText('Vendas, Gerente de loja')).toBeTruthy();
    expect(within(item).getByText('Todas as lojas')).toBeTruthy();
    expect(within(item).getByText('Matriz Pinheiros')).toBeTruthy();
  });

  it('lists what a role gained and lost in the roles screen’s words', () => {
    const item = show(
      entry({
        action: 'identity.role_permissions_changed',
        entityType: 'role',
        entityId: null,
        changes: {
          // The server names the role on the new side only.
          role: { before: null, after: 'sales' },
          permissions: { before: ['vehicles.read', 'vehicles.delete_photos'], after: ['vehicles.read', 'vehicles.change_price'] },
        },
      }),
    );
    expect(within(item).getByText('Alterou as permissões de um perfil')).toBeTruthy();
    expect(within(item).getByRole('link', { name: 'Vendas' }).getAttribute('href')).toBe('/admin/roles');
    expect((within(item).getByText('Permissões concedidas').nextElementSibling as HTMLElement).textContent).toBe('Alterar o preço de venda');
    expect((within(item).getByText('Permissões retiradas').nextElementSibling as HTMLElement).textContent).toBe('Excluir fotos');
  });

  it('tells an action this version does not know as such, and the date in the user’s language', async () => {
    const e = entry({ action: 'crm.lead_created', entityType: 'lead', entityId: null });
    let item = show(e);
    expect(within(item).getByText('Outra ação (crm.lead_created)')).toBeTruthy();
    expect(within(item).getByText(/^05\/03\/2026/)).toBeTruthy();
    cleanup();
    await i18n.changeLanguage('en');
    item = show(e);
    expect(within(item).getByText(/^03\/05\/2026/)).toBeTruthy();
  });
});
