import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { cleanup, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { ToastProvider } from '@/ui/Toast';
import { PhotosCard } from './PhotosCard';

const VEHICLE = '0190a000-0000-7000-8000-000000000001';

function json(status: number, body: unknown) {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
}

function photo(id: string, position: number, isCover: boolean) {
  return {
    id,
    vehicleId: VEHICLE,
    contentType: 'image/png',
    sizeBytes: 1000,
    sha256: 'ab',
    width: 320,
    height: 240,
    position,
    isCover,
    originalFilename: `${id}.png`,
    url: '',
    thumbnailUrl: '',
    createdAt: '2026-11-28T12:00:00Z',
  };
}

describe('the photos card', () => {
  let posted: Array<{ content: string; field: string }>;
  let stored: ReturnType<typeof photo>[];
  beforeEach(() => {
    posted = [];
    stored = [];
    URL.createObjectURL = vi.fn(() => 'blob:thumbnail');
    URL.revokeObjectURL = vi.fn();
    vi.stubGlobal('fetch', async (req: Request) => {
      const url = new URL(req.url);
      if (req.method === 'GET' && url.pathname === `/api/v1/vehicles/${VEHICLE}/photos`) return json(200, { items: stored });
      if (req.method === 'GET' && url.pathname.endsWith('/thumbnail')) return new Response(new Blob(['png']), { status: 200 });
      if (req.method === 'POST') {
        const form = await req.formData();
        // jsdom's File loses its name on the way into the Request (browsers keep it): tell the
        // files apart by their content.
        const content = await (form.get('file') as Blob).text();
        posted.push({ content, field: [...form.keys()].join(',') });
        if (content === 'texto') {
          return json(415, { title: 'Unsupported Media Type', status: 415, code: 'files.unsupported_type', detail: 'not an image' });
        }
        const p = photo(`p${stored.length}`, stored.length, stored.length === 0);
        stored.push(p);
        return json(201, p);
      }
      return json(404, { code: 'http.not_found' });
    });
  });
  afterEach(() => {
    cleanup();
    vi.unstubAllGlobals();
  });

  function renderCard(canManage = true, canDelete = canManage) {
    render(
      <QueryClientProvider client={new QueryClient({ defaultOptions: { queries: { retry: false } } })}>
        <ToastProvider>
          <PhotosCard vehicleId={VEHICLE} vehicle="Fiat Strada" priceCents={11_290_000} canManage={canManage} canDelete={canDelete} />
        </ToastProvider>
      </QueryClientProvider>,
    );
  }

  it('checks files before sending them, sends the others one by one, and shows the server refusal per file', async () => {
    renderCard();
    await screen.findByText('Nenhuma foto ainda.');
    const input = screen.getByLabelText('Escolher fotos');
    await userEvent.upload(
      input,
      [
        new File(['heic'], 'carro.heic', { type: 'image/heic' }),
        new File(['x'.repeat(10)], 'frente.png', { type: 'image/png' }),
        new File(['texto'], 'falsa.png', { type: 'image/png' }),
      ],
      { applyAccept: false },
    );
    // The HEIC never leaves the browser; the fake PNG is refused by the server, on its own line.
    const uploads = screen.getByRole('list', { name: 'Envios' });
    await within(uploads).findByText('falsa.png');
    expect(await within(uploads).findAllByText('Não enviada: Tipo de arquivo não aceito.')).toHaveLength(2);
    expect(within(uploads).getByText('carro.heic')).toBeTruthy();
    expect(posted).toEqual([
      { content: 'xxxxxxxxxx', field: 'file' },
      { content: 'texto', field: 'file' },
    ]);
    // The photo that went through is in the gallery, as the cover.
    await screen.findByRole('button', { name: 'Abrir foto 1 (capa)' });
    expect(await screen.findByRole('img', { name: 'Foto 1 de Fiat Strada' })).toHaveProperty('src', 'blob:thumbnail');
  });

  it('shows photos without the upload and ordering controls to those who may not manage them', async () => {
    stored = [photo('a', 0, true), photo('b', 1, false)];
    renderCard(false);
    await screen.findByRole('button', { name: 'Abrir foto 2' });
    expect(screen.queryByLabelText('Escolher fotos')).toBeNull();
    expect(screen.queryByRole('button', { name: 'Usar foto 2 como capa' })).toBeNull();
    expect(screen.queryByRole('button', { name: 'Excluir foto 1' })).toBeNull();
  });

  it('offers deleting a photo only with its own permission', async () => {
    stored = [photo('a', 0, true), photo('b', 1, false)];
    // Manages photos (upload, order, cover) but may not delete them.
    renderCard(true, false);
    await screen.findByRole('button', { name: 'Usar foto 2 como capa' });
    expect(screen.queryByRole('button', { name: 'Excluir foto 2' })).toBeNull();
    cleanup();
    // May delete without managing the rest.
    renderCard(false, true);
    await screen.findByRole('button', { name: 'Excluir foto 2' });
    expect(screen.queryByRole('button', { name: 'Usar foto 2 como capa' })).toBeNull();
    expect(screen.queryByLabelText('Escolher fotos')).toBeNull();
  });
});
