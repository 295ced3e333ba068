import { afterEach, describe, expect, it } from 'vitest';
import { useState } from 'react';
import { act, cleanup, render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { createMemoryRouter, Link, RouterProvider, useNavigate } from 'react-router';
import { UnsavedChangesDialog } from '@/ui/UnsavedChangesDialog';
import { useUnsavedChanges } from './useUnsavedChanges';

/** A form page: a text box, a link away, and a save that leaves for the saved record. */
function FormPage() {
  const [text, setText] = useState('');
  const navigate = useNavigate();
  const unsaved = useUnsavedChanges(text !== '');
  return (
    <>
      <label>
        Nome
        <input value={text} onChange={(e) => setText(e.target.value)} />
      </label>
      <Link to="/list">Estoque</Link>
      <button
        type="button"
        onClick={() => {
          unsaved.release();
          navigate('/saved');
        }}
      >
        Salvar
      </button>
      <UnsavedChangesDialog blocker={unsaved.blocker} />
    </>
  );
}

function setup() {
  const router = createMemoryRouter(
    [
      { path: '/list', element: <h1>Lista</h1> },
      { path: '/saved', element: <h1>Salvo</h1> },
      { path: '/form', element: <FormPage /> },
    ],
    { initialEntries: ['/list', '/form'], initialIndex: 1 },
  );
  render(<RouterProvider router={router} />);
  return router;
}

function beforeUnload(): boolean {
  const e = new Event('beforeunload', { cancelable: true });
  window.dispatchEvent(e);
  return e.defaultPrevented;
}

describe('unsaved changes', () => {
  afterEach(cleanup);

  it('leaves a clean form without asking, and the tab may close', async () => {
    const router = setup();
    expect(beforeUnload()).toBe(false);
    await userEvent.click(screen.getByRole('link', { name: 'Estoque' }));
    expect(router.state.location.pathname).toBe('/list');
    expect(screen.queryByRole('dialog')).toBeNull();
  });

  it('asks before leaving a half-filled form through a link: staying keeps what was typed, leaving goes on', async () => {
    const router = setup();
    await userEvent.type(screen.getByLabelText('Nome'), 'Onix');
    await userEvent.click(screen.getByRole('link', { name: 'Estoque' }));
    const dialog = await screen.findByRole('dialog', { name: 'Sair sem salvar?' });
    expect(router.state.location.pathname).toBe('/form');

    // Staying is the focused default.
    expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Continuar editando' }));
    await userEvent.click(screen.getByRole('button', { name: 'Continuar editando' }));
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(router.state.location.pathname).toBe('/form');
    expect((screen.getByLabelText('Nome') as HTMLInputElement).value).toBe('Onix');

    // Escape is staying too.
    await userEvent.click(screen.getByRole('link', { name: 'Estoque' }));
    await screen.findByRole('dialog');
    await userEvent.keyboard('{Escape}');
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(router.state.location.pathname).toBe('/form');

    await userEvent.click(screen.getByRole('link', { name: 'Estoque' }));
    await screen.findByRole('dialog');
    await userEvent.click(screen.getByRole('button', { name: 'Sair sem salvar' }));
    await screen.findByRole('heading', { name: 'Lista' });
    expect(router.state.location.pathname).toBe('/list');
    expect(dialog.isConnected).toBe(false);
  });

  it('asks on the back button too', async () => {
    const router = setup();
    await userEvent.type(screen.getByLabelText('Nome'), 'Onix');
    await act(() => router.navigate(-1));
    await screen.findByRole('dialog', { name: 'Sair sem salvar?' });
    expect(router.state.location.pathname).toBe('/form');
    await userEvent.click(screen.getByRole('button', { name: 'Sair sem salvar' }));
    await screen.findByRole('heading', { name: 'Lista' });
  });

  it('holds the closing of the tab only while something is unsaved', async () => {
    setup();
    await userEvent.type(screen.getByLabelText('Nome'), 'O');
    expect(beforeUnload()).toBe(true);
    await userEvent.clear(screen.getByLabelText('Nome'));
    expect(beforeUnload()).toBe(false);
  });

  it('lets a save leave at once, without asking', async () => {
    const router = setup();
    await userEvent.type(screen.getByLabelText('Nome'), 'Onix');
    await userEvent.click(screen.getByRole('button', { name: 'Salvar' }));
    await screen.findByRole('heading', { name: 'Salvo' });
    expect(router.state.location.pathname).toBe('/saved');
    expect(screen.queryByRole('dialog')).toBeNull();
  });
});
