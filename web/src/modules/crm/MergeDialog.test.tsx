import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { cleanup, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { ToastProvider } from '@/ui/Toast';
import type { Customer } from './labels';
import { MergeDialog } from './MergeDialog';

function json(status: number, body: unknown) {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
}

function customer(id: string, name: string, createdAt: string, patch: Partial<Customer> = {}): Customer {
  return {
    id, name, createdAt, updatedAt: createdAt, version: 1, kind: 'person', storeId: 's1',
    phones: [{ number: '+5511988887777', whatsapp: true }], emails: [], addresses: [], contacts: [], tags: [], ...patch,
  } as Customer;
}

const NEW = customer('0190a000-0000-7000-8000-000000000002', 'Ana Ferreira', '2026-12-06T10:00:00Z');
const OLD = customer('0190a000-0000-7000-8000-000000000001', 'Ana Paula Ferreira', '2026-11-01T10:00:00Z', {
  emails: [{ address: 'ana@example.com' }],
});

describe('merging two records of a customer', () => {
  let merges: Array<{ path: string; body: unknown }>;
  let refuse: unknown;
  beforeEach(() => {
    merges = [];
    refuse = null;
    vi.stubGlobal('fetch', async (req: Request) => {
      const url = new URL(req.url);
      if (url.pathname === '/api/v1/customers' && req.method === 'GET') return json(200, { items: [NEW, OLD], page: 1, pageSize: 10, total: 2, totalExact: true });
      if (url.pathname === `/api/v1/customers/${OLD.id}` && req.method === 'GET') return json(200, OLD);
      if (url.pathname.endsWith('/merge')) {
        merges.push({ path: url.pathname, body: await req.json() });
        return refuse ? json(409, refuse) : json(200, { ...OLD, version: 2 });
      }
      return json(404, { code: 'http.not_found' });
    });
  });
  afterEach(() => {
    cleanup();
    vi.unstubAllGlobals();
  });

  function renderDialog(onMerged: (c: Customer) => void) {
    render(
      <QueryClientProvider client={new QueryClient({ defaultOptions: { queries: { retry: false } } })}>
        <ToastProvider>
          <MergeDialog customer={NEW} initialOtherId={null} onClose={() => undefined} onMerged={onMerged} />
        </ToastProvider>
      </QueryClientProvider>,
    );
  }

  it('finds the other record, keeps the older one by default and merges the newer into it', async () => {
    const merged: Customer[] = [];
    renderDialog((c) => merged.push(c));
    // The search starts from the first name and leaves this record out.
    const pick = await screen.findByRole('button', { name: 'Escolher Ana Paula Ferreira' });
    expect(screen.queryByRole('button', { name: 'Escolher Ana Ferreira' })).toBeNull();
    await userEvent.click(pick);

    const stays = (await screen.findAllByRole('radio')).find((r) => (r as HTMLInputElement).checked)!;
    const card = stays.closest('label')!;
    expect(within(card).getByText('Fica')).toBeTruthy();
    expect(within(card).getByText('Ana Paula Ferreira')).toBeTruthy();
    expect(within(card).getByText('ana@example.com')).toBeTruthy();

    await userEvent.click(screen.getByRole('button', { name: 'Unificar cadastros' }));
    await vi.waitFor(() => expect(merged.map((c) => c.id)).toEqual([OLD.id]));
    expect(merges).toEqual([{ path: `/api/v1/customers/${OLD.id}/merge`, body: { mergedId: NEW.id } }]);
  });

  it('lets the user keep this record instead, and says why a merge was refused in Portuguese', async () => {
    refuse = { status: 409, code: 'customers.merge_documents_differ', detail: 'the two records have different CPFs' };
    renderDialog(() => undefined);
    await userEvent.click(await screen.findByRole('button', { name: 'Escolher Ana Paula Ferreira' }));
    const [thisOne] = await screen.findAllByRole('radio');
    await userEvent.click(thisOne!);
    await userEvent.click(screen.getByRole('button', { name: 'Unificar cadastros' }));
    await screen.findByText('Os cadastros têm CPF ou CNPJ diferentes: não são o mesmo cliente.');
    expect(screen.queryByText(/different CPFs/)).toBeNull();
    expect(merges).toEqual([{ path: `/api/v1/customers/${NEW.id}/merge`, body: { mergedId: OLD.id } }]);
  });
});
