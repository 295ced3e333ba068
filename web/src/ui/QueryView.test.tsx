import '@/i18n';
import { afterEach, describe, expect, it } from 'vitest';
import { act, cleanup, render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { keepPreviousData, onlineManager, QueryClient, QueryClientProvider, useQuery } from '@tanstack/react-query';
import { ApiError } from '@/api/problem';
import { QueryView } from './QueryView';

/** Answers each filter when the test says so. */
function server() {
  const pending = new Map<string, { resolve: (v: string[]) => void; reject: (e: unknown) => void }>();
  return {
    load: (filter: string) => new Promise<string[]>((resolve, reject) => pending.set(filter, { resolve, reject })),
    answer: async (filter: string, items: string[]) => {
      await waitFor(() => expect(pending.has(filter)).toBe(true));
      await act(async () => pending.get(filter)?.resolve(items));
      pending.delete(filter);
    },
    fail: async (filter: string) => {
      await waitFor(() => expect(pending.has(filter)).toBe(true));
      await act(async () => pending.get(filter)?.reject(new ApiError(0, {})));
      pending.delete(filter);
    },
    asked: (filter: string) => pending.has(filter),
  };
}

function List({ filter, load }: { filter: string; load: (f: string) => Promise<string[]> }) {
  const q = useQuery({ queryKey: ['cars', filter], queryFn: () => load(filter), placeholderData: keepPreviousData, retry: false });
  return (
    <QueryView query={q} skeleton={<p>esqueleto</p>}>
      {(items) => (
        <ul>
          {items.map((i) => (
            <li key={i}>{i}</li>
          ))}
        </ul>
      )}
    </QueryView>
  );
}

function setup() {
  const client = new QueryClient();
  const s = server();
  const view = (filter: string) => (
    <QueryClientProvider client={client}>
      <List filter={filter} load={s.load} />
    </QueryClientProvider>
  );
  const r = render(view('todos'));
  return { ...s, client, show: (filter: string) => r.rerender(view(filter)) };
}

describe('a list’s loading and error states', () => {
  afterEach(() => {
    cleanup();
    onlineManager.setOnline(true);
  });

  it('marks older results as busy while a new filter loads, never as the answer', async () => {
    const s = setup();
    expect(screen.getByText('esqueleto').closest('[aria-busy]')?.getAttribute('aria-busy')).toBe('true');
    await s.answer('todos', ['Onix', 'Polo']);
    expect((await screen.findByText('Onix')).closest('[aria-busy]')?.getAttribute('aria-busy')).toBe('false');

    s.show('chevrolet');
    const old = screen.getByText('Onix');
    expect(old.closest('[aria-busy]')?.getAttribute('aria-busy')).toBe('true');
    // Dimmed and out of reach: the old rows cannot be clicked or read as current.
    expect(old.closest('[inert]')).not.toBeNull();
    expect(screen.getByRole('status').textContent).toBe('Atualizando…');

    await s.answer('chevrolet', ['Onix']);
    await waitFor(() => expect(screen.queryByText('Polo')).toBeNull());
    expect(screen.queryByRole('status')).toBeNull();
    expect(screen.getByText('Onix').closest('[inert]')).toBeNull();
  });

  it('replaces the old results with the failure and a retry that works', async () => {
    const s = setup();
    await s.answer('todos', ['Onix', 'Polo']);
    await screen.findByText('Onix');
    s.show('fiat');
    await s.fail('fiat');
    expect((await screen.findByRole('alert')).textContent).toContain('Sem conexão com o servidor.');
    expect(screen.queryByText('Onix')).toBeNull();

    await userEvent.click(screen.getByRole('button', { name: 'Tentar de novo' }));
    await s.answer('fiat', ['Strada']);
    expect(await screen.findByText('Strada')).toBeTruthy();
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('says the network is gone when the browser is offline, and recovers when it is back', async () => {
    const s = setup();
    await s.answer('todos', ['Onix', 'Polo']);
    await screen.findByText('Onix');
    act(() => onlineManager.setOnline(false));
    s.show('hyundai');
    // TanStack Query holds the request back offline: that is shown as the failure it is.
    expect(s.asked('hyundai')).toBe(false);
    expect(screen.getByRole('alert').textContent).toContain('Sem conexão com o servidor.');
    expect(screen.queryByText('Onix')).toBeNull();

    act(() => onlineManager.setOnline(true));
    await s.answer('hyundai', ['HB20']);
    expect(await screen.findByText('HB20')).toBeTruthy();
  });

  it('does not pass the same list’s old rows as current when its refresh cannot go out', async () => {
    const s = setup();
    await s.answer('todos', ['Onix', 'Polo']);
    await screen.findByText('Onix');
    act(() => onlineManager.setOnline(false));
    // A save elsewhere asks for this list again, with the network gone.
    await act(() => s.client.invalidateQueries({ queryKey: ['cars'] }));
    expect((await screen.findByRole('alert')).textContent).toContain('Sem conexão com o servidor.');
    expect(s.asked('todos')).toBe(false);
    expect(screen.queryByText('Onix')).toBeNull();

    act(() => onlineManager.setOnline(true));
    await s.answer('todos', ['Onix', 'Polo', 'Kwid']);
    expect(await screen.findByText('Kwid')).toBeTruthy();
    expect(screen.queryByRole('alert')).toBeNull();
  });
});
