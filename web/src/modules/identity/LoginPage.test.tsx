import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { cleanup, render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { createMemoryRouter, RouterProvider } from 'react-router';
import { AuthProvider } from '@/auth/AuthProvider';
import { session } from '@/auth/session';
import { ToastProvider } from '@/ui/Toast';
import { LoginPage } from './LoginPage';

function json(status: number, body: unknown) {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
}

function renderLogin() {
  const router = createMemoryRouter(
    [
      { path: '/login', element: <LoginPage /> },
      { path: '/', element: <p>home</p> },
    ],
    { initialEntries: ['/login'] },
  );
  render(
    <QueryClientProvider client={new QueryClient({ defaultOptions: { queries: { retry: false } } })}>
      <ToastProvider>
        <AuthProvider>
          <RouterProvider router={router} />
        </AuthProvider>
      </ToastProvider>
    </QueryClientProvider>,
  );
  return router;
}

describe('the sign-in page', () => {
  let requests: Request[];
  beforeEach(() => {
    requests = [];
    localStorage.clear();
  });
  afterEach(() => {
    cleanup();
    vi.unstubAllGlobals();
    session.setTenant(null);
  });

  it('asks for the dealership when the host names none, and sends it as X-Tenant', async () => {
    vi.stubGlobal('fetch', async (req: Request) => {
      requests.push(req);
      const url = new URL(req.url);
      if (url.pathname === '/api/v1/tenant' && !req.headers.get('x-tenant')) {
        return json(400, { code: 'tenants.missing', status: 400, title: 'Bad request', detail: 'name the tenant' });
      }
      return json(401, { code: 'auth.invalid_credentials', status: 401, title: 'Unauthorized', detail: 'wrong e-mail or password' });
    });
    renderLogin();
    const tenant = await screen.findByLabelText('Concessionária');
    await userEvent.type(tenant, 'Demo');
    await userEvent.type(screen.getByLabelText('E-mail'), 'dono@demo.com.br');
    await userEvent.type(screen.getByLabelText('Senha'), 'errada123');
    await userEvent.click(screen.getByRole('button', { name: 'Entrar' }));
    expect(await screen.findByText('E-mail ou senha incorretos.')).toBeTruthy();
    const login = requests.find((r) => r.url.endsWith('/api/v1/auth/login'));
    expect(login?.headers.get('x-tenant')).toBe('demo');
  });

  it('checks the form before calling the server', async () => {
    vi.stubGlobal('fetch', async (req: Request) => {
      requests.push(req);
      return json(200, { slug: 'demo', name: 'Auto Demo' });
    });
    renderLogin();
    expect(await screen.findByText('Auto Demo')).toBeTruthy();
    expect(screen.queryByLabelText('Concessionária')).toBeNull();
    await userEvent.type(screen.getByLabelText('E-mail'), 'not-an-email');
    await userEvent.click(screen.getByRole('button', { name: 'Entrar' }));
    expect(await screen.findByText('Informe um e-mail válido.')).toBeTruthy();
    expect(screen.getByText('Preencha este campo.')).toBeTruthy();
    expect(requests.some((r) => r.url.endsWith('/auth/login'))).toBe(false);
  });
});
