import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { cleanup, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { createMemoryRouter, RouterProvider } from 'react-router';
import { AuthProvider } from '@/auth/AuthProvider';
import { MB } from '@/lib/files';
import { ToastProvider } from '@/ui/Toast';
import type { Store } from './stores';
import { StoresPage } from './StoresPage';

const STORE_ID = '0190a000-0000-7000-8000-0000000000aa';
const LOGO = { width: 400, height: 120, sizeBytes: 5120, sha256: 'a1b2', url: `/api/v1/stores/${STORE_ID}/logo` };

function json(status: number, body: unknown) {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
}

function store(version: number, logo: Store['logo'] = null): Store {
  return {
    id: STORE_ID,
    name: 'Matriz Paulista',
    cnpj: null,
    address: { city: 'São Paulo', state: 'SP' },
    timeZone: 'America/Sao_Paulo',
    active: true,
    logo,
    createdAt: '2026-12-01T12:00:00Z',
    updatedAt: '2026-12-01T12:00:00Z',
    version,
  };
}

interface Sent {
  method: string;
  path: string;
  ifMatch: string | null;
  contentType: string;
  /** A multipart body's fields, each file as its text. */
  fields?: Record<string, string>;
  body?: unknown;
}

describe('the stores page', () => {
  let current: Store;
  let sent: Sent[];
  let refuseUpload: Response | null;

  function stubServer(permissions: string[]) {
    localStorage.setItem('innexar.refreshToken', 'refresh-token');
    vi.stubGlobal('fetch', async (req: Request) => {
      const url = new URL(req.url);
      const path = url.pathname;
      if (path === '/api/v1/auth/refresh') {
        return json(200, { accessToken: 'access', refreshToken: 'refresh-token', expiresAt: new Date(Date.now() + 3_600_000).toISOString() });
      }
      if (path === '/api/v1/me') {
        return json(200, { user: { id: 'u1', name: 'Dona Maria', email: 'dona@loja.test', roles: ['owner'] }, tenant: { id: 't', slug: 'demo', name: 'Auto Demo' }, permissions });
      }
      if (path === '/api/v1/stores' && req.method === 'GET') return json(200, { items: [current] });
      if (path === `/api/v1/stores/${STORE_ID}/logo` && req.method === 'GET') {
        return current.logo ? new Response(new Blob(['png']), { status: 200, headers: { 'content-type': 'image/png' } }) : json(404, { status: 404, code: 'stores.no_logo' });
      }
      const s: Sent = { method: req.method, path, ifMatch: req.headers.get('If-Match'), contentType: req.headers.get('content-type') ?? '' };
      sent.push(s);
      if (path === `/api/v1/stores/${STORE_ID}/logo` && req.method === 'PUT') {
        const form = await req.formData();
        // jsdom's File loses its name on the way into the Request: the content tells it apart.
        s.fields = Object.fromEntries(await Promise.all([...form.entries()].map(async ([k, v]) => [k, typeof v === 'string' ? v : await v.text()])));
        if (refuseUpload) return refuseUpload;
        current = store(current.version + 1, { ...LOGO, sha256: `sha-${current.version + 1}` });
        return json(200, current);
      }
      if (path === `/api/v1/stores/${STORE_ID}/logo` && req.method === 'DELETE') {
        current = store(current.version + 1, null);
        return json(200, current);
      }
      if (path === `/api/v1/stores/${STORE_ID}` && req.method === 'PATCH') {
        s.body = await req.json();
        current = { ...current, version: current.version + 1 };
        return json(200, current);
      }
      return json(404, { status: 404, code: 'http.not_found' });
    });
  }

  function renderPage() {
    const router = createMemoryRouter([{ path: '/admin/stores', element: <StoresPage /> }], { initialEntries: ['/admin/stores'] });
    render(
      <QueryClientProvider client={new QueryClient({ defaultOptions: { queries: { retry: false } } })}>
        <ToastProvider>
          <AuthProvider>
            <RouterProvider router={router} />
          </AuthProvider>
        </ToastProvider>
      </QueryClientProvider>,
    );
  }

  async function openDialog() {
    await userEvent.click(await screen.findByRole('button', { name: 'Editar Matriz Paulista' }));
    return screen.findByRole('dialog', { name: 'Editar Matriz Paulista' });
  }

  beforeEach(() => {
    sent = [];
    refuseUpload = null;
    URL.createObjectURL = vi.fn(() => 'blob:logo');
    URL.revokeObjectURL = vi.fn();
  });
  afterEach(() => {
    cleanup();
    vi.unstubAllGlobals();
    localStorage.clear();
  });

  it('sends a logo as multipart over the store’s version, shows it in the list, and saves the form over the new version', async () => {
    current = store(3);
    stubServer(['stores.manage', 'users.read']);
    renderPage();
    // Without a logo, the list shows the initials the documents print instead.
    expect(await screen.findByText('MP')).toBeTruthy();
    expect(screen.queryByRole('img', { name: 'Logotipo da Matriz Paulista' })).toBeNull();

    const dialog = await openDialog();
    within(dialog).getByText('Sem logotipo');
    within(dialog).getByText(/PNG com fundo transparente fica melhor; aparece no topo das propostas e pedidos/);
    const input = within(dialog).getByLabelText('Enviar logotipo');
    expect(input.getAttribute('accept')).toContain('image/png');
    await userEvent.upload(input, new File(['o-logo'], 'logo.png', { type: 'image/png' }));

    await screen.findByText('Logotipo da Matriz Paulista salvo.');
    expect(sent).toEqual([
      expect.objectContaining({ method: 'PUT', path: `/api/v1/stores/${STORE_ID}/logo`, ifMatch: '"3"', fields: { file: 'o-logo' } }),
    ]);
    expect(sent[0]?.contentType).toMatch(/^multipart\/form-data; boundary=/);
    // The preview, from the blob fetched with the token.
    expect((await within(dialog).findByRole('img', { name: 'Logotipo da Matriz Paulista' })).getAttribute('src')).toBe('blob:logo');
    within(dialog).getByLabelText('Trocar logotipo');

    // The logo moved the store to version 4, this user's own change: the form saves over it.
    await userEvent.clear(within(dialog).getByLabelText('Cidade'));
    await userEvent.type(within(dialog).getByLabelText('Cidade'), 'Santo André');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Salvar' }));
    await screen.findByText('Loja salva.');
    expect(sent.at(-1)).toMatchObject({ method: 'PATCH', ifMatch: '"4"', body: { address: { city: 'Santo André' } } });
    // Back on the list, the thumbnail in place of the initials.
    expect((await screen.findByRole('img', { name: 'Logotipo da Matriz Paulista' })).getAttribute('src')).toBe('blob:logo');
    expect(screen.queryByText('MP')).toBeNull();
  });

  it('refuses a file over 5 MB, or not an image, before sending it', async () => {
    current = store(1);
    stubServer(['stores.manage']);
    renderPage();
    const dialog = await openDialog();
    const big = new File(['x'], 'logo-enorme.png', { type: 'image/png' });
    Object.defineProperty(big, 'size', { value: 5 * MB + 1 });
    await userEvent.upload(within(dialog).getByLabelText('Enviar logotipo'), big);
    expect((await within(dialog).findByRole('alert')).textContent).toBe('O arquivo passa de 5 MB, o limite do logotipo. Reduza a imagem e envie de novo.');
    await userEvent.upload(within(dialog).getByLabelText('Enviar logotipo'), new File(['%PDF'], 'logo.pdf', { type: 'application/pdf' }), { applyAccept: false });
    expect(within(dialog).getByRole('alert').textContent).toBe('O logotipo precisa ser uma imagem PNG, JPEG ou WebP.');
    expect(sent).toEqual([]);
  });

  it('tells a refused image in the app’s words, not the server’s', async () => {
    current = store(1);
    refuseUpload = json(422, {
      status: 422,
      code: 'validation.failed',
      title: 'Validation failed',
      detail: 'the request has invalid fields',
      errors: [{ pointer: '/file', code: 'files.unreadable_image', message: 'the image is damaged or incomplete' }],
    });
    stubServer(['stores.manage']);
    renderPage();
    const dialog = await openDialog();
    await userEvent.upload(within(dialog).getByLabelText('Enviar logotipo'), new File(['quebrado'], 'logo.png', { type: 'image/png' }));
    expect((await within(dialog).findByRole('alert')).textContent).toBe(
      'Logotipo não enviado: Não foi possível ler a imagem: o arquivo está corrompido ou não é uma imagem.',
    );
    expect(screen.queryByText(/damaged/)).toBeNull();
    expect(sent).toHaveLength(1);
  });

  it('removes the logo after asking, over the store’s version', async () => {
    current = store(7, LOGO);
    stubServer(['stores.manage']);
    renderPage();
    await screen.findByRole('img', { name: 'Logotipo da Matriz Paulista' });
    const dialog = await openDialog();
    await userEvent.click(within(dialog).getByRole('button', { name: 'Remover logotipo' }));
    const confirm = await screen.findByRole('dialog', { name: 'Remover o logotipo?' });
    within(confirm).getByText('As propostas e os pedidos da Matriz Paulista passam a mostrar as iniciais da loja no lugar dele.');
    expect(sent).toEqual([]);
    await userEvent.click(within(confirm).getByRole('button', { name: 'Remover logotipo' }));

    await screen.findByText('Logotipo da Matriz Paulista removido.');
    expect(sent).toEqual([expect.objectContaining({ method: 'DELETE', path: `/api/v1/stores/${STORE_ID}/logo`, ifMatch: '"7"' })]);
    await within(dialog).findByText('Sem logotipo');
    expect(within(dialog).queryByRole('button', { name: 'Remover logotipo' })).toBeNull();
    expect(screen.queryByRole('img', { name: 'Logotipo da Matriz Paulista' })).toBeNull();
  });

  it('shows the logo, without the means to change it, to those who may not manage stores', async () => {
    current = store(2, LOGO);
    stubServer(['users.read']);
    renderPage();
    const img = await screen.findByRole('img', { name: 'Logotipo da Matriz Paulista' });
    expect(img.getAttribute('src')).toBe('blob:logo');
    screen.getByText('Somente o proprietário altera as lojas.');
    expect(screen.queryByRole('button', { name: 'Editar Matriz Paulista' })).toBeNull();
    expect(screen.queryByLabelText('Enviar logotipo')).toBeNull();
    expect(screen.queryByLabelText('Trocar logotipo')).toBeNull();
    expect(screen.queryByRole('button', { name: 'Remover logotipo' })).toBeNull();
  });

  it('lets go of the picture when the list goes', async () => {
    current = store(2, LOGO);
    stubServer(['users.read']);
    renderPage();
    await screen.findByRole('img', { name: 'Logotipo da Matriz Paulista' });
    cleanup();
    expect(URL.revokeObjectURL).toHaveBeenCalledWith('blob:logo');
  });
});
