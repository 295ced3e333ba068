import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { cleanup, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { QueryClient, QueryClientProvider, useQuery } from '@tanstack/react-query';
import { ToastProvider } from '@/ui/Toast';
import { leadKeys } from '../keys';
import type { Board, LeadCard } from './model';
import { useStageMove } from './shared';

function json(status: number, body: unknown) {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': status >= 400 ? 'application/problem+json' : 'application/json' } });
}

const ANA: LeadCard = {
  id: '0190a000-0000-7000-8000-00000000000a', customerId: 'c1', customerName: 'Ana Souza', source: 'walk_in', stage: 'new', score: 30,
  overdue: false, responseDueAt: '2026-12-06T12:00:00Z', stageChangedAt: '2026-12-06T10:00:00Z', version: 1,
};
const BOARD: Board = {
  columns: [
    { stage: 'new', total: 1, leads: [ANA] },
    { stage: 'contacted', total: 0, leads: [] },
    { stage: 'lost', total: 0, leads: [] },
  ],
};
const KEY = leadKeys.board({ storeId: null, ownerId: null });

/** The board's columns as text, and buttons that move Ana. */
function Harness() {
  const board = useQuery({ queryKey: KEY, queryFn: () => new Promise<Board>(() => undefined), staleTime: Infinity });
  const { move, dialog } = useStageMove();
  return (
    <>
      {board.data?.columns.map((c) => (
        <section key={c.stage} aria-label={c.stage}>
          {c.total}: {c.leads.map((l) => l.customerName).join(', ')}
        </section>
      ))}
      <button onClick={() => move({ leadId: ANA.id, name: ANA.customerName, to: 'contacted' })}>contacted</button>
      <button onClick={() => move({ leadId: ANA.id, name: ANA.customerName, to: 'lost' })}>lost</button>
      {dialog}
    </>
  );
}

describe('moving a lead on the board', () => {
  let answer: () => Response;
  let posted: unknown[];
  let release: () => void;
  beforeEach(() => {
    posted = [];
    vi.stubGlobal('fetch', async (req: Request) => {
      const url = new URL(req.url);
      if (url.pathname === `/api/v1/leads/${ANA.id}/stage`) {
        posted.push(await req.json());
        await new Promise<void>((r) => (release = r));
        return answer();
      }
      if (url.pathname === '/api/v1/crm/lists/lost_reason') return json(200, { kind: 'lost_reason', items: [{ key: 'price', label: 'Preço', active: true, points: 0, position: 1 }] });
      return json(404, { code: 'http.not_found', status: 404 });
    });
  });
  afterEach(() => {
    cleanup();
    vi.unstubAllGlobals();
  });

  function renderBoard() {
    const qc = new QueryClient({ defaultOptions: { queries: { retry: false } } });
    qc.setQueryData(KEY, BOARD);
    render(
      <QueryClientProvider client={qc}>
        <ToastProvider>
          <Harness />
        </ToastProvider>
      </QueryClientProvider>,
    );
    return qc;
  }

  it('shows the card in its new column before the server answers, and puts it back with the reason when refused', async () => {
    answer = () => json(409, { code: 'leads.invalid_stage_move', status: 409, title: 'Conflict', detail: 'developer words' });
    renderBoard();
    await userEvent.click(screen.getByRole('button', { name: 'contacted' }));
    await vi.waitFor(() => expect(screen.getByRole('region', { name: 'contacted' }).textContent).toBe('1: Ana Souza'));
    expect(screen.getByRole('region', { name: 'new' }).textContent).toBe('0: ');
    expect(posted).toEqual([{ stage: 'contacted', lostReason: null, note: null }]);

    release();
    await screen.findByText('O lead não pode ir para esta etapa a partir da atual.');
    expect(screen.queryByText('developer words')).toBeNull();
    expect(screen.getByRole('region', { name: 'new' }).textContent).toBe('1: Ana Souza');
    expect(screen.getByRole('region', { name: 'contacted' }).textContent).toBe('0: ');
  });

  it('asks why before losing a lead, and sends the reason', async () => {
    answer = () => json(200, { ...ANA, stage: 'lost', nextStages: [], createdAt: ANA.stageChangedAt, updatedAt: ANA.stageChangedAt, storeId: 's1', hasTradeIn: false, scoreFactors: [], lostReason: 'price' });
    renderBoard();
    await userEvent.click(screen.getByRole('button', { name: 'lost' }));
    const dialog = await screen.findByRole('dialog', { name: 'Lead perdido' });
    expect(posted).toEqual([]);
    await userEvent.click(within(dialog).getByRole('button', { name: 'Marcar como perdido' }));
    await within(dialog).findByText('Escolha o motivo da perda.');
    await within(dialog).findByRole('option', { name: 'Preço' });
    await userEvent.selectOptions(within(dialog).getByLabelText('Motivo da perda'), 'price');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Marcar como perdido' }));
    await vi.waitFor(() => expect(posted).toEqual([{ stage: 'lost', lostReason: 'price', note: null }]));
    release();
    await screen.findByText('Lead movido para Perdido.');
    expect(screen.queryByRole('dialog')).toBeNull();
  });
});
