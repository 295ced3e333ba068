import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { cleanup, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { ToastProvider } from '@/ui/Toast';
import { ListsCard } from './ListsCard';

function json(status: number, body: unknown) {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
}

const entry = (key: string, label: string, points: number, position: number) => ({ key, label, points, position, active: true });
const LISTS = {
  source: [entry('website', 'Site da loja', 14, 0), entry('olx', 'OLX', 8, 1)],
  lost_reason: [entry('price', 'Preço', 0, 0)],
  score_weight: [entry('source_quality', 'Qualidade da origem', 20, 0)],
};

describe('the lists editor', () => {
  let puts: Array<{ path: string; body: unknown }>;
  let refuse: unknown;
  beforeEach(() => {
    puts = [];
    refuse = null;
    vi.stubGlobal('fetch', async (req: Request) => {
      const kind = new URL(req.url).pathname.split('/').pop() as keyof typeof LISTS;
      if (req.method === 'GET') return json(200, { kind, items: LISTS[kind] });
      const body = (await req.json()) as Array<{ key: string; label: string; points: number }>;
      puts.push({ path: new URL(req.url).pathname, body });
      if (refuse) return json(422, refuse);
      return json(200, { kind, items: body.map((b, i) => ({ ...b, position: i, active: true })) });
    });
  });
  afterEach(() => {
    cleanup();
    vi.unstubAllGlobals();
  });

  function renderCard(canEdit = true) {
    const dirty = vi.fn();
    render(
      <QueryClientProvider client={new QueryClient({ defaultOptions: { queries: { retry: false } } })}>
        <ToastProvider>
          <ListsCard canEdit={canEdit} onDirty={dirty} />
        </ToastProvider>
      </QueryClientProvider>,
    );
    return dirty;
  }

  it('sends the sources in their new order, with a new one keyed from its name', async () => {
    const dirty = renderCard();
    const panel = await screen.findByRole('tabpanel', { name: 'Origens dos leads' });
    await within(panel).findByDisplayValue('Site da loja');
    await userEvent.click(within(panel).getByRole('button', { name: 'Descer Site da loja' }));
    await userEvent.clear(within(panel).getByLabelText('Pontos do item 1'));
    await userEvent.type(within(panel).getByLabelText('Pontos do item 1'), '9');
    await userEvent.click(within(panel).getByRole('button', { name: 'Adicionar item' }));
    await userEvent.type(within(panel).getByLabelText('Nome do item 3'), 'Feirão de sábado');
    expect(dirty).toHaveBeenLastCalledWith(true);
    await userEvent.click(within(panel).getByRole('button', { name: 'Salvar lista' }));
    await screen.findByText('Lista salva.');
    expect(puts).toEqual([
      {
        path: '/api/v1/crm/lists/source',
        body: [
          { key: 'olx', label: 'OLX', points: 9 },
          { key: 'website', label: 'Site da loja', points: 14 },
          { key: 'feirao_de_sabado', label: 'Feirão de sábado', points: 10 },
        ],
      },
    ]);
    expect(dirty).toHaveBeenLastCalledWith(false);
  });

  it("puts the server's refusal on the row it names", async () => {
    refuse = { status: 422, code: 'validation.failed', errors: [{ pointer: '/1/points', code: 'lists.invalid_points', message: 'between 0 and 20' }] };
    renderCard();
    const panel = await screen.findByRole('tabpanel', { name: 'Origens dos leads' });
    await within(panel).findByDisplayValue('OLX');
    await userEvent.clear(within(panel).getByLabelText('Pontos do item 2'));
    await userEvent.type(within(panel).getByLabelText('Pontos do item 2'), '25');
    await userEvent.click(within(panel).getByRole('button', { name: 'Salvar lista' }));
    await within(panel).findByText('Pontuação fora do intervalo.');
    expect(within(panel).getByLabelText('Pontos do item 2').getAttribute('aria-invalid')).toBe('true');
  });

  it('keeps the score factors fixed and lost reasons without points', async () => {
    renderCard();
    await userEvent.click(await screen.findByRole('tab', { name: 'Pesos da pontuação' }));
    const weights = await screen.findByRole('tabpanel', { name: 'Pesos da pontuação' });
    await within(weights).findByDisplayValue('Qualidade da origem');
    expect(within(weights).queryByRole('button', { name: 'Adicionar item' })).toBeNull();
    await userEvent.click(screen.getByRole('tab', { name: 'Motivos de perda' }));
    const reasons = await screen.findByRole('tabpanel', { name: 'Motivos de perda' });
    await within(reasons).findByDisplayValue('Preço');
    expect(within(reasons).queryByLabelText('Pontos do item 1')).toBeNull();
  });

  it('shows the lists read-only to a manager', async () => {
    renderCard(false);
    await screen.findByText('Somente o proprietário altera as listas.');
    const panel = await screen.findByRole('tabpanel', { name: 'Origens dos leads' });
    await within(panel).findByText('Site da loja');
    expect(within(panel).queryByRole('button', { name: 'Salvar lista' })).toBeNull();
  });
});
