import '@/i18n';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { cleanup, render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { EMPTY_SHEET, type SheetFilters } from './filters';
import { StockFilters } from './StockFilters';

function json(body: unknown) {
  return new Response(JSON.stringify(body), { status: 200, headers: { 'content-type': 'application/json' } });
}

describe('the stock filters form', () => {
  let asked: URL[];
  beforeEach(() => {
    asked = [];
    vi.stubGlobal('fetch', async (req: Request) => {
      const url = new URL(req.url);
      asked.push(url);
      if (url.pathname === '/api/v1/vehicles/makes') {
        const q = (url.searchParams.get('q') ?? '').toLowerCase();
        return json({ items: q && 'chevrolet'.startsWith(q) ? [{ value: 'Chevrolet', vehicles: 3 }] : [] });
      }
      if (url.pathname === '/api/v1/vehicles/models') {
        return json({ items: url.searchParams.get('make') === 'Chevrolet' ? [{ value: 'Onix', vehicles: 2 }, { value: 'Spin', vehicles: 1 }] : [] });
      }
      return new Response('{}', { status: 404 });
    });
  });
  afterEach(() => {
    cleanup();
    vi.unstubAllGlobals();
  });

  function renderForm(onApply: (f: SheetFilters) => void) {
    render(
      <QueryClientProvider client={new QueryClient()}>
        <StockFilters id="f" layout="sheet" value={EMPTY_SHEET} inStock stores={[]} storePlaceholder="" onApply={onApply} />
      </QueryClientProvider>,
    );
  }

  it('picks the make from the suggestions, suggests that make’s models, and applies on Enter with the price in centavos', async () => {
    const applied: SheetFilters[] = [];
    renderForm((f) => applied.push(f));
    await userEvent.type(screen.getByRole('combobox', { name: 'Marca' }), 'chev');
    await userEvent.click(await screen.findByRole('option', { name: /Chevrolet/ }));
    // The stock's makes only, as the list shows the stock.
    expect(asked.some((u) => u.pathname.endsWith('/makes') && u.searchParams.get('q') === 'chev' && u.searchParams.get('inStock') === 'true')).toBe(true);
    expect(applied).toEqual([]);

    await userEvent.click(screen.getByRole('combobox', { name: 'Modelo' }));
    expect((await screen.findAllByRole('option')).map((o) => o.textContent)).toEqual(['Onix2 veículos', 'Spin1 veículo']);
    expect(asked.some((u) => u.pathname.endsWith('/models') && u.searchParams.get('make') === 'Chevrolet')).toBe(true);
    await userEvent.keyboard('{Escape}');

    await userEvent.type(screen.getByLabelText('Preço até (R$)'), '9000000{Enter}');
    expect(applied).toEqual([{ ...EMPTY_SHEET, make: 'Chevrolet', priceMax: 9_000_000 }]);
  });

  it('applies typed text that is no suggestion: the API matches it forgivingly', async () => {
    const applied: SheetFilters[] = [];
    renderForm((f) => applied.push(f));
    await userEvent.type(screen.getByRole('combobox', { name: 'Marca' }), 'vw{Enter}');
    expect(applied).toEqual([{ ...EMPTY_SHEET, make: 'vw' }]);
  });
});
