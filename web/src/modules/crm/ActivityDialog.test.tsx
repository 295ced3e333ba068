import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { cleanup, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { ToastProvider } from '@/ui/Toast';
import { ActivityDialog } from './ActivityDialog';

function json(status: number, body: unknown) {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': status >= 400 ? 'application/problem+json' : 'application/json' } });
}

const ONIX = { id: '0190a000-0000-7000-8000-0000000000v1', make: 'Chevrolet', model: 'Onix', trim: '1.0 Turbo LT', year: 2022, placa: 'ABC1D23', stockNumber: 'E-24017' };

describe('logging an activity', () => {
  let posted: unknown[];
  let searched: string[];
  let refuse: unknown;
  beforeEach(() => {
    posted = [];
    searched = [];
    refuse = null;
    vi.stubGlobal('fetch', async (req: Request) => {
      const url = new URL(req.url);
      if (url.pathname === '/api/v1/vehicles') {
        searched.push(`${url.searchParams.get('q')} inStock=${url.searchParams.get('inStock')}`);
        return json(200, { items: [ONIX], page: 1, pageSize: 5, total: 1, totalExact: true });
      }
      if (url.pathname === '/api/v1/activities') {
        posted.push(await req.json());
        return refuse ? json(422, refuse) : json(201, { id: 'a1', version: 1, kind: 'test_drive', customerId: 'c1', storeId: 's1', occurredAt: '2026-12-06T12:00:00Z' });
      }
      return json(404, { code: 'http.not_found', status: 404 });
    });
  });
  afterEach(() => {
    cleanup();
    vi.unstubAllGlobals();
  });

  function renderDialog(onClose = vi.fn()) {
    render(
      <QueryClientProvider client={new QueryClient({ defaultOptions: { queries: { retry: false } } })}>
        <ToastProvider>
          <ActivityDialog subject={{ leadId: 'l1' }} customerId="c1" onClose={onClose} />
        </ToastProvider>
      </QueryClientProvider>,
    );
    return onClose;
  }

  it('asks a test drive for a stock vehicle found by its placa, the CNH check and the km, and sends them', async () => {
    const onClose = renderDialog();
    const dialog = screen.getByRole('dialog', { name: 'Registrar atividade' });
    await userEvent.selectOptions(within(dialog).getByLabelText('Tipo'), 'test_drive');
    expect(within(dialog).queryByLabelText('Quem iniciou')).toBeNull();

    // Nothing chosen yet: the form says what is missing and sends nothing.
    await userEvent.click(within(dialog).getByRole('button', { name: 'Registrar' }));
    await within(dialog).findByText('Escolha o veículo do estoque para o test drive.');
    expect(within(dialog).getByText('Confira a CNH do motorista antes do test drive.')).toBeTruthy();
    expect(posted).toEqual([]);

    await userEvent.type(within(dialog).getByRole('searchbox', { name: /Buscar no estoque/ }), 'ABC1D23');
    await userEvent.click(await within(dialog).findByRole('radio', { name: /Chevrolet Onix 1\.0 Turbo LT 2022/ }));
    expect(searched.at(-1)).toBe('ABC1D23 inStock=true');
    await userEvent.click(within(dialog).getByLabelText('CNH do motorista conferida e válida'));
    await userEvent.type(within(dialog).getByLabelText('Km na saída'), '35000');
    await userEvent.type(within(dialog).getByLabelText('Km na volta'), '35012');
    expect((within(dialog).getByLabelText('Km na saída') as HTMLInputElement).value).toBe('35.000');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Registrar' }));

    await vi.waitFor(() => expect(onClose).toHaveBeenCalled());
    expect(posted).toEqual([{ kind: 'test_drive', leadId: 'l1', body: null, occurredAt: null, vehicleId: ONIX.id, cnhChecked: true, startKm: 35000, endKm: 35012 }]);
    await screen.findByText('Atividade registrada.');
  });

  it("shows the server's refusal in the user's words and stays open", async () => {
    refuse = { code: 'activities.in_the_future', status: 422, title: 'Unprocessable', detail: 'developer words' };
    const onClose = renderDialog();
    const dialog = screen.getByRole('dialog', { name: 'Registrar atividade' });
    await userEvent.type(within(dialog).getByLabelText('O que foi conversado ou feito'), 'Retornou a ligação');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Registrar' }));
    await within(dialog).findByText('Uma atividade já aconteceu; para o futuro, crie uma tarefa.');
    expect(posted).toEqual([{ kind: 'call', leadId: 'l1', direction: 'outbound', body: 'Retornou a ligação', occurredAt: null }]);
    expect(onClose).not.toHaveBeenCalled();
    expect(screen.queryByText('developer words')).toBeNull();
  });
});
