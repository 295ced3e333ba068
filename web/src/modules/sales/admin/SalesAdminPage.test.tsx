import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { json, renderRoutes, STORE, stubServer, type Seen } from '../testing';
import { SalesAdminPage } from './SalesAdminPage';

const OWNER = ['sales.read', 'sales.manage_discount_limits', 'commissions.manage', 'financing.simulate', 'financing.manage_rates'];

const LIMITS = {
  items: [
    { role: 'sales', maxPercent: '0.03', maxCents: 300_000, isDefault: true },
    { role: 'store_manager', maxPercent: null, maxCents: null, isDefault: true },
    { role: 'owner', maxPercent: null, maxCents: null, isDefault: true },
  ],
  version: 0,
};
const TABLE = {
  id: 't-itau',
  bank: 'Banco Itaú',
  name: 'CDC Seminovos',
  system: 'price',
  rates: [{ maxInstallments: 48, minDownPayment: '0.2', monthlyRate: '0.0179' }],
  feesCents: { Cadastro: 69_900 },
  financeFees: true,
  active: true,
  version: 3,
  createdAt: '',
  updatedAt: '',
};
const PLAN = { id: 'p1', name: 'Vendedores', storeId: null, role: 'sales', basis: 'price', rate: '0.01', tiers: [], bonusPerVehicleCents: 0, fiShare: '0', active: true, version: 2, createdAt: '', updatedAt: '' };
const IOF = { iofDailyPerson: '0.000082', iofDailyCompany: '0.000041', iofAdditional: '0.0038', version: 0 };

/** The settings' reads answered; writes by `write`, else echoed back as saved. */
function server(permissions: string[], write: (r: Seen) => Response | undefined = () => undefined): Seen[] {
  return stubServer(permissions, (r) => {
    if (r.method === 'GET' && r.path === `/api/v1/stores/${STORE}/discount-limits`) return json(200, LIMITS);
    if (r.method === 'GET' && r.path === '/api/v1/commission-plans') return json(200, { items: [PLAN] });
    if (r.method === 'GET' && r.path === '/api/v1/financing/rate-tables') return json(200, { items: [TABLE] });
    if (r.method === 'GET' && r.path === '/api/v1/financing/settings') return json(200, IOF);
    if (r.method === 'GET') return undefined;
    const answer = write(r);
    if (answer) return answer;
    if (r.path.endsWith('/discount-limits')) return json(200, { items: (r.body as { limits: unknown[] }).limits });
    if (r.path.startsWith('/api/v1/commission-plans')) return json(r.method === 'POST' ? 201 : 200, { ...PLAN, ...(r.body as object), id: 'p2' });
    if (r.path.startsWith('/api/v1/financing/rate-tables')) return json(r.method === 'POST' ? 201 : 200, { ...TABLE, ...(r.body as object), version: 4 });
    if (r.path === '/api/v1/financing/settings') return json(200, r.body);
    return undefined;
  });
}

const open = () => renderRoutes([{ path: '/admin/sales', element: <SalesAdminPage /> }], '/admin/sales');
const region = (name: string) => screen.findByRole('region', { name });
const writes = (seen: Seen[]) => seen.filter((s) => s.method !== 'GET' && !s.path.startsWith('/api/v1/auth'));

describe('the sales settings', () => {
  afterEach(() => {
    cleanup();
    vi.unstubAllGlobals();
    localStorage.clear();
  });

  it('show a store manager only what they may change', async () => {
    server(['sales.read', 'sales.manage_discount_limits', 'financing.simulate']);
    open();
    await region('Limites de desconto');
    expect(screen.queryByRole('region', { name: 'Planos de comissão' })).toBeNull();
    expect(screen.queryByRole('region', { name: 'Tabelas de taxas dos bancos' })).toBeNull();
    expect(screen.queryByRole('region', { name: 'IOF do financiamento' })).toBeNull();
  });

  it('open a store’s limits as they stand and save every role, reais as centavos', async () => {
    const seen = server(OWNER);
    open();
    const card = await region('Limites de desconto');
    const sales = await within(card).findByRole('group', { name: 'Vendas' });
    expect(within(sales).getByLabelText('Até (% do preço)')).toHaveProperty('value', '3');
    expect(within(sales).getByLabelText('Até (R$)')).toHaveProperty('value', '3.000,00');
    within(card).getByText('Pede aprovação acima de 3 % do preço ou de R$ 3.000,00.');
    await userEvent.clear(within(sales).getByLabelText('Até (% do preço)'));
    await userEvent.type(within(sales).getByLabelText('Até (% do preço)'), '2,5');
    await userEvent.clear(within(sales).getByLabelText('Até (R$)'));
    await userEvent.type(within(sales).getByLabelText('Até (R$)'), '250050');
    const manager = within(card).getByRole('group', { name: 'Gerente de loja' });
    await userEvent.type(within(manager).getByLabelText('Até (% do preço)'), '10');
    await userEvent.click(within(card).getByRole('button', { name: 'Salvar limites' }));
    await screen.findByText('Limites de desconto de Matriz salvos.');
    expect(writes(seen).map((s) => [s.method, s.path, s.body])).toEqual([
      [
        'PUT',
        `/api/v1/stores/${STORE}/discount-limits`,
        {
          limits: [
            { role: 'sales', maxPercent: '0.025', maxCents: 250_050 },
            { role: 'store_manager', maxPercent: '0.1', maxCents: null },
            { role: 'owner', maxPercent: null, maxCents: null },
          ],
        },
      ],
    ]);
    expect(writes(seen)[0]!.headers.get('If-Match')).toBe('"0"');
  });

  it('put the server’s refusal of a limit on its field, in the app’s words', async () => {
    server(OWNER, (r) =>
      r.path.endsWith('/discount-limits')
        ? json(422, { status: 422, code: 'validation.failed', detail: 'bad', errors: [{ pointer: '/limits/0/maxCents', code: 'sales.invalid_limit', message: 'from zero to R$ 100 million' }] })
        : undefined,
    );
    open();
    const card = await region('Limites de desconto');
    const sales = await within(card).findByRole('group', { name: 'Vendas' });
    await userEvent.type(within(sales).getByLabelText('Até (R$)'), '9');
    await userEvent.click(within(card).getByRole('button', { name: 'Salvar limites' }));
    await within(sales).findByText('O limite vai de 0 a 100 % do preço, ou de zero a R$ 100 milhões.');
    expect(within(sales).getByLabelText('Até (R$)').getAttribute('aria-invalid')).toBe('true');
    expect(screen.queryByText(/from zero/)).toBeNull();
  });

  it('create a commission plan with the bonus in centavos and the rates as fractions', async () => {
    const seen = server(OWNER);
    open();
    const card = await region('Planos de comissão');
    await within(card).findByText('Vendedores');
    await userEvent.click(within(card).getByRole('button', { name: 'Novo plano' }));
    await userEvent.type(within(card).getByLabelText('Nome do plano'), 'Gerentes da Matriz');
    await userEvent.selectOptions(within(card).getByLabelText('Perfil que recebe'), 'store_manager');
    await userEvent.selectOptions(within(card).getByLabelText('Loja'), STORE);
    await userEvent.selectOptions(within(card).getByLabelText('Base da comissão'), 'gross_margin');
    await userEvent.type(within(card).getByLabelText('Taxa (%)'), '1,5');
    await userEvent.type(within(card).getByLabelText('Bônus por veículo (R$)'), '150000');
    expect(within(card).getByLabelText('Bônus por veículo (R$)')).toHaveProperty('value', '1.500,00');
    await userEvent.type(within(card).getByLabelText('Parte do retorno de F&I (%)'), '10');
    await userEvent.click(within(card).getByRole('button', { name: 'Adicionar faixa' }));
    await userEvent.type(within(card).getByLabelText('Vendas, faixa 1'), '8');
    await userEvent.type(within(card).getByLabelText('Taxa %, faixa 1'), '2');
    await userEvent.click(within(card).getByRole('button', { name: 'Salvar plano' }));
    await screen.findByText('Plano Gerentes da Matriz criado.');
    expect(writes(seen).map((s) => [s.method, s.path, s.body])).toEqual([
      [
        'POST',
        '/api/v1/commission-plans',
        { name: 'Gerentes da Matriz', storeId: STORE, role: 'store_manager', basis: 'gross_margin', rate: '0.015', tiers: [{ minSales: 8, rate: '0.02' }], bonusPerVehicleCents: 150_000, fiShare: '0.1', active: true },
      ],
    ]);
  });

  it('put a refused tier on its field and keep the rest above the form', async () => {
    server(OWNER, (r) =>
      r.path.startsWith('/api/v1/commission-plans')
        ? json(422, {
            status: 422,
            code: 'validation.failed',
            errors: [
              { pointer: '/tiers/0/minSales', code: 'sales.invalid_tier', message: 'another tier starts here' },
              { pointer: '/somethingNew', code: 'sales.too_many_items', message: 'x' },
            ],
          })
        : undefined,
    );
    open();
    const card = await region('Planos de comissão');
    await userEvent.click(await within(card).findByRole('button', { name: 'Editar o plano Vendedores' }));
    await userEvent.click(within(card).getByRole('button', { name: 'Adicionar faixa' }));
    await userEvent.type(within(card).getByLabelText('Vendas, faixa 1'), '1');
    await userEvent.type(within(card).getByLabelText('Taxa %, faixa 1'), '2');
    await userEvent.click(within(card).getByRole('button', { name: 'Salvar plano' }));
    await within(card).findByText('Cada faixa começa em 1 a 1000 vendas, sem repetir.');
    expect(within(card).getByLabelText('Vendas, faixa 1').getAttribute('aria-invalid')).toBe('true');
    // A pointer the form has no field for: above the form, still in the app's words.
    expect(within(card).getByText('Linhas demais.').getAttribute('role')).toBe('alert');
  });

  it('replace a plan over the version the list showed', async () => {
    const seen = server(OWNER);
    open();
    const card = await region('Planos de comissão');
    await userEvent.click(await within(card).findByRole('button', { name: 'Editar o plano Vendedores' }));
    expect(within(card).getByLabelText('Taxa (%)')).toHaveProperty('value', '1');
    await userEvent.click(within(card).getByLabelText('Plano ativo'));
    await userEvent.click(within(card).getByRole('button', { name: 'Salvar plano' }));
    await screen.findByText('Plano Vendedores salvo.');
    const put = writes(seen)[0]!;
    expect([put.method, put.path, put.headers.get('If-Match')]).toEqual(['PUT', '/api/v1/commission-plans/p1', '"2"']);
    expect(put.body).toMatchObject({ rate: '0.01', active: false, bonusPerVehicleCents: 0, fiShare: '0' });
  });

  it('edit a rate table with the version read, and say so when someone changed it first', async () => {
    const seen = server(OWNER, (r) => (r.method === 'PUT' && r.path.startsWith('/api/v1/financing/rate-tables') ? json(412, { status: 412, code: 'http.precondition_failed' }) : undefined));
    open();
    const card = await region('Tabelas de taxas dos bancos');
    await userEvent.click(await within(card).findByRole('button', { name: 'Editar a tabela Banco Itaú · CDC Seminovos' }));
    const rate = within(card).getByLabelText('Taxa ao mês (%) (linha 1)');
    expect(rate).toHaveProperty('value', '1,79');
    await userEvent.clear(rate);
    await userEvent.type(rate, '1,69');
    await userEvent.click(within(card).getByRole('button', { name: 'Adicionar tarifa' }));
    await userEvent.type(within(card).getByLabelText('Tarifa 2'), 'Registro');
    await userEvent.type(within(card).getByLabelText('Valor 2 (R$)'), '45000');
    await userEvent.click(within(card).getByRole('button', { name: 'Salvar tabela' }));
    await within(card).findByText('Outra pessoa alterou este registro');
    const put = writes(seen)[0]!;
    expect([put.method, put.path, put.headers.get('If-Match')]).toEqual(['PUT', '/api/v1/financing/rate-tables/t-itau', '"3"']);
    expect(put.body).toEqual({
      bank: 'Banco Itaú',
      name: 'CDC Seminovos',
      system: 'price',
      rates: [{ maxInstallments: 48, minDownPayment: '0.2', monthlyRate: '0.0169' }],
      feesCents: { Cadastro: 69_900, Registro: 45_000 },
      financeFees: true,
      active: true,
    });
  });

  it('put a refused fee on the row of that name', async () => {
    server(OWNER, (r) =>
      r.method === 'POST' && r.path === '/api/v1/financing/rate-tables'
        ? json(422, { status: 422, code: 'validation.failed', errors: [{ pointer: '/feesCents/TAC', code: 'financing.invalid_fee', message: 'a fee from zero to R$ 100 million' }, { pointer: '/rates/0/monthlyRate', code: 'financing.rate_out_of_range', message: 'x' }] })
        : undefined,
    );
    open();
    const card = await region('Tabelas de taxas dos bancos');
    await userEvent.click(await within(card).findByRole('button', { name: 'Nova tabela' }));
    await userEvent.type(within(card).getByLabelText('Banco'), 'Banco Pan');
    await userEvent.type(within(card).getByLabelText('Nome da tabela'), 'Auto');
    await userEvent.type(within(card).getByLabelText('Até (parcelas) (linha 1)'), '60');
    await userEvent.type(within(card).getByLabelText('Entrada mínima (%) (linha 1)'), '30');
    await userEvent.type(within(card).getByLabelText('Taxa ao mês (%) (linha 1)'), '12');
    await userEvent.click(within(card).getByRole('button', { name: 'Adicionar tarifa' }));
    await userEvent.type(within(card).getByLabelText('Tarifa 1'), 'TAC');
    await userEvent.type(within(card).getByLabelText('Valor 1 (R$)'), '1');
    await userEvent.click(within(card).getByRole('button', { name: 'Salvar tabela' }));
    await within(card).findByText('Cada tarifa vai de zero a R$ 100 milhões.');
    expect(within(card).getByLabelText('Valor 1 (R$)').getAttribute('aria-invalid')).toBe('true');
    within(card).getByText('A taxa mensal vai de 0 a 10 % ao mês.');
    expect(within(card).getByLabelText('Taxa ao mês (%) (linha 1)').getAttribute('aria-invalid')).toBe('true');
  });

  it('save the IOF rates typed as percentages', async () => {
    const seen = server(OWNER);
    open();
    const card = await region('IOF do financiamento');
    const additional = await within(card).findByLabelText('IOF adicional (% sobre o valor)');
    expect(additional).toHaveProperty('value', '0,38');
    await userEvent.clear(additional);
    await userEvent.type(additional, '0,4');
    await userEvent.click(within(card).getByRole('button', { name: 'Salvar IOF' }));
    await screen.findByText('Alíquotas de IOF salvas.');
    expect(writes(seen).map((s) => [s.method, s.path, s.body])).toEqual([['PUT', '/api/v1/financing/settings', { iofDailyPerson: '0.000082', iofDailyCompany: '0.000041', iofAdditional: '0.004' }]]);
  });
});
