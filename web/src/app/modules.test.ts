import type { RouteObject } from 'react-router';
import { describe, expect, it } from 'vitest';
import i18n from '@/i18n';
import { modules } from './modules';

/** Every address a list of routes answers, children joined to their parents. */
function paths(routes: RouteObject[], parent: string): string[] {
  return routes.flatMap((r) => {
    const here = r.index ? parent : r.path?.startsWith('/') ? r.path : `${parent.replace(/\/$/, '')}/${r.path ?? ''}`;
    return r.children ? paths(r.children, here) : [here];
  });
}

describe('the modules', () => {
  it('answer the addresses bookmarks and links rely on', () => {
    const all = [
      ...paths(modules.flatMap((m) => m.routes.public ?? []), ''),
      ...paths(modules.flatMap((m) => m.routes.signedIn ?? []), '/'),
    ];
    expect(all.sort()).toEqual(
      [
        '/',
        '/accept-invitation',
        '/forgot-password',
        '/reset-password',
        '/admin/audit',
        '/admin/channels',
        '/admin/crm',
        '/admin/messages',
        '/admin/privacy',
        '/admin/roles',
        '/admin/sales',
        '/admin/stores',
        '/admin/templates',
        '/admin/templates/:kind/:channel/:language',
        '/admin/users',
        '/admin/webhooks',
        '/admin/webhooks/:id',
        '/customers',
        '/customers/:id',
        '/customers/:id/edit',
        '/customers/new',
        '/conversations',
        '/inventory',
        '/inventory/:id',
        '/inventory/:id/edit',
        '/inventory/import',
        '/inventory/new',
        '/leads',
        '/leads/:id',
        '/leads/walk-in',
        '/tasks',
        '/login',
        '/notifications',
        '/p/:token',
        '/opt-out/:token',
        '/quotes',
        '/quotes/new',
        '/quotes/:id',
        '/quotes/:id/edit',
        '/approvals',
        '/sales',
        '/commissions',
      ].sort(),
    );
  });

  it('give the menu its entries in order, each labelled in both languages', () => {
    const nav = modules.flatMap((m) => m.nav);
    expect(nav.map((n) => n.to)).toEqual(['/', '/inventory', '/quotes', '/approvals', '/sales', '/commissions', '/admin/sales', '/customers', '/leads', '/conversations', '/tasks', '/admin/privacy', '/admin/crm', '/admin/users', '/admin/roles', '/admin/stores', '/admin/audit', '/admin/messages', '/admin/channels', '/admin/templates', '/admin/webhooks']);
    for (const lng of ['pt-BR', 'en']) {
      for (const n of nav) expect(i18n.exists(n.label, { lng }), `${n.label} in ${lng}`).toBe(true);
    }
    expect(nav.map((n) => i18n.t(n.label, { lng: 'pt-BR' }))).toEqual(['Início', 'Estoque', 'Propostas', 'Aprovações', 'Vendas', 'Minhas comissões', 'Configurações de vendas', 'Clientes', 'Funil', 'Conversas', 'Minhas tarefas', 'Privacidade (LGPD)', 'CRM', 'Usuários', 'Perfis e permissões', 'Lojas', 'Auditoria', 'Mensagens', 'Canais de mensagem', 'Modelos de mensagem', 'Webhooks']);
  });
});
