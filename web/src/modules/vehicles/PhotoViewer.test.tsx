import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { ToastProvider } from '@/ui/Toast';
import { PhotosCard } from './PhotosCard';
import { stepFromKey, stepFromSwipe, stepIndex, whatsAppUrl } from './PhotoViewer';

const VEHICLE = '0190a000-0000-7000-8000-000000000002';

function json(status: number, body: unknown) {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
}

function photo(id: string, position: number) {
  return {
    id,
    vehicleId: VEHICLE,
    contentType: 'image/jpeg',
    sizeBytes: 1000,
    sha256: 'ab',
    width: 1600,
    height: 1200,
    position,
    isCover: position === 0,
    originalFilename: `${id}.jpg`,
    url: '',
    thumbnailUrl: '',
    createdAt: '2026-11-28T12:00:00Z',
  };
}

describe('the viewer logic', () => {
  it('maps arrow keys to steps and ignores other keys', () => {
    expect(stepFromKey('ArrowRight')).toBe(1);
    expect(stepFromKey('ArrowLeft')).toBe(-1);
    expect(stepFromKey('ArrowUp')).toBe(0);
    expect(stepFromKey('Enter')).toBe(0);
  });

  it('reads a sideways drag as a swipe, and a tap or a vertical scroll as none', () => {
    // Dragging the photo to the left brings the next one.
    expect(stepFromSwipe(-120, 10)).toBe(1);
    expect(stepFromSwipe(120, -10)).toBe(-1);
    expect(stepFromSwipe(-20, 0)).toBe(0);
    expect(stepFromSwipe(-80, 200)).toBe(0);
  });

  it('stops at the first and the last photo', () => {
    expect(stepIndex(0, -1, 3)).toBe(0);
    expect(stepIndex(2, 1, 3)).toBe(2);
    expect(stepIndex(1, 1, 3)).toBe(2);
  });

  it('builds the WhatsApp address with the whole text encoded', () => {
    expect(whatsAppUrl('Onix por R$ 79.890,00. Veja: https://x.test/a?b=1&c=2')).toBe(
      'https://wa.me/?text=Onix%20por%20R%24%2079.890%2C00.%20Veja%3A%20https%3A%2F%2Fx.test%2Fa%3Fb%3D1%26c%3D2',
    );
  });
});

// jsdom has no PointerEvent: a MouseEvent with the pointer's id and type stands in for it, as
// browsers deliver it (a touch swipe arrives as pointer events too).
if (typeof window.PointerEvent === 'undefined') {
  class PointerEventShim extends MouseEvent {
    pointerId: number;
    pointerType: string;
    constructor(type: string, init: PointerEventInit = {}) {
      super(type, init);
      this.pointerId = init.pointerId ?? 0;
      this.pointerType = init.pointerType ?? 'mouse';
    }
  }
  window.PointerEvent = PointerEventShim as unknown as typeof PointerEvent;
}

describe('the full-screen photo viewer', () => {
  let linkRequests: Array<{ photo: string; body: unknown }>;
  let opened: string[];
  beforeEach(() => {
    linkRequests = [];
    opened = [];
    URL.createObjectURL = vi.fn(() => 'blob:photo');
    URL.revokeObjectURL = vi.fn();
    vi.stubGlobal('open', (url: string) => {
      opened.push(url);
      return {} as Window;
    });
    vi.stubGlobal('fetch', async (req: Request) => {
      const url = new URL(req.url);
      const base = `/api/v1/vehicles/${VEHICLE}/photos`;
      if (req.method === 'GET' && url.pathname === base) return json(200, { items: ['a', 'b', 'c'].map((id, i) => photo(id, i)) });
      if (req.method === 'GET') return new Response(new Blob(['jpeg']), { status: 200 });
      const link = /\/photos\/(\w+)\/link$/.exec(url.pathname);
      if (req.method === 'POST' && link) {
        linkRequests.push({ photo: link[1]!, body: await req.json() });
        return json(200, { url: `/api/v1/links/tok-${link[1]}`, expiresAt: '2026-12-05T12:00:00Z' });
      }
      return json(404, { code: 'http.not_found' });
    });
  });
  afterEach(() => {
    cleanup();
    vi.unstubAllGlobals();
  });

  function renderCard() {
    render(
      <QueryClientProvider client={new QueryClient({ defaultOptions: { queries: { retry: false } } })}>
        <ToastProvider>
          <PhotosCard
            vehicleId={VEHICLE}
            vehicle="Fiat Strada Volcano 1.3"
            shareTitle="Fiat Strada Volcano 1.3 2024/2024"
            priceCents={11_290_000}
            canManage={false}
            canDelete={false}
          />
        </ToastProvider>
      </QueryClientProvider>,
    );
  }

  const counter = (dialog: HTMLElement) => within(dialog).getByText(/^\d+ de \d+$/).textContent;

  it('opens on the photo tapped, moves with the arrow keys, stops at the ends and closes with Escape', async () => {
    renderCard();
    await userEvent.click(await screen.findByRole('button', { name: 'Abrir foto 2' }));
    const dialog = await screen.findByRole('dialog', { name: 'Foto 2 de 3' });
    expect(counter(dialog)).toBe('2 de 3');
    expect(await within(dialog).findByRole('img', { name: 'Foto 2 de Fiat Strada Volcano 1.3' })).toBeTruthy();

    await userEvent.keyboard('{ArrowRight}');
    expect(counter(dialog)).toBe('3 de 3');
    expect(screen.getByRole('dialog', { name: 'Foto 3 de 3' })).toBe(dialog);
    await userEvent.keyboard('{ArrowRight}');
    expect(counter(dialog)).toBe('3 de 3');
    expect((within(dialog).getByRole('button', { name: 'Próxima foto' }) as HTMLButtonElement).disabled).toBe(true);
    await userEvent.keyboard('{ArrowLeft}{ArrowLeft}');
    expect(counter(dialog)).toBe('1 de 3');
    expect((within(dialog).getByRole('button', { name: 'Foto anterior' }) as HTMLButtonElement).disabled).toBe(true);
    await userEvent.click(within(dialog).getByRole('button', { name: 'Próxima foto' }));
    expect(counter(dialog)).toBe('2 de 3');

    await userEvent.keyboard('{Escape}');
    expect(screen.queryByRole('dialog')).toBeNull();
  });

  it('follows a finger: a swipe to the left shows the next photo, to the right the previous; a tap does nothing', async () => {
    renderCard();
    await userEvent.click(await screen.findByRole('button', { name: 'Abrir foto 1 (capa)' }));
    const dialog = await screen.findByRole('dialog');
    const stage = within(dialog).getByTestId('photo-stage');
    const swipe = (from: number, to: number, y = 400) => {
      fireEvent.pointerDown(stage, { pointerId: 7, pointerType: 'touch', clientX: from, clientY: y });
      fireEvent.pointerMove(stage, { pointerId: 7, pointerType: 'touch', clientX: (from + to) / 2, clientY: y });
      fireEvent.pointerUp(stage, { pointerId: 7, pointerType: 'touch', clientX: to, clientY: y });
    };
    swipe(300, 80);
    expect(counter(dialog)).toBe('2 de 3');
    swipe(300, 80);
    expect(counter(dialog)).toBe('3 de 3');
    swipe(80, 300);
    expect(counter(dialog)).toBe('2 de 3');
    swipe(200, 190);
    expect(counter(dialog)).toBe('2 de 3');
    // A gesture the browser took over (a scroll) is no swipe.
    fireEvent.pointerDown(stage, { pointerId: 8, pointerType: 'touch', clientX: 300, clientY: 400 });
    fireEvent.pointerCancel(stage, { pointerId: 8, pointerType: 'touch' });
    fireEvent.pointerUp(stage, { pointerId: 8, pointerType: 'touch', clientX: 50, clientY: 400 });
    expect(counter(dialog)).toBe('2 de 3');
  });

  it('shares the photo shown on WhatsApp with a signed link, the car and its price', async () => {
    renderCard();
    await userEvent.click(await screen.findByRole('button', { name: 'Abrir foto 1 (capa)' }));
    const dialog = await screen.findByRole('dialog');
    await userEvent.keyboard('{ArrowRight}');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Compartilhar' }));
    await vi.waitFor(() => expect(opened).toHaveLength(1));
    // A week-long link for the photo on screen (the second), not the cover.
    expect(linkRequests).toEqual([{ photo: 'b', body: { ttlSecs: 604800 } }]);
    expect(window.location.origin).toBe('http://localhost:3000');
    expect(opened[0]).toBe(
      'https://wa.me/?text=Fiat%20Strada%20Volcano%201.3%202024%2F2024%20por%20R%24%C2%A0112.900%2C00.%20Veja%20a%20foto%3A%20http%3A%2F%2Flocalhost%3A3000%2Fapi%2Fv1%2Flinks%2Ftok-b',
    );
    expect(decodeURIComponent(opened[0]!.split('?text=')[1]!)).toBe(
      'Fiat Strada Volcano 1.3 2024/2024 por R$\u00a0112.900,00. Veja a foto: http://localhost:3000/api/v1/links/tok-b',
    );
  });

  it('copies the link, and shows it when the clipboard refuses', async () => {
    const copied: string[] = [];
    Object.defineProperty(navigator, 'clipboard', {
      configurable: true,
      value: { writeText: async (s: string) => void copied.push(s) },
    });
    renderCard();
    await userEvent.click(await screen.findByRole('button', { name: 'Abrir foto 3' }));
    const dialog = await screen.findByRole('dialog');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Copiar link' }));
    await screen.findByText('Link copiado.');
    expect(copied).toEqual(['http://localhost:3000/api/v1/links/tok-c']);
    expect(opened).toEqual([]);

    Object.defineProperty(navigator, 'clipboard', {
      configurable: true,
      value: { writeText: async () => Promise.reject(new Error('denied')) },
    });
    await userEvent.click(within(dialog).getByRole('button', { name: 'Copiar link' }));
    expect(((await within(dialog).findByLabelText('Link da foto')) as HTMLInputElement).value).toBe('http://localhost:3000/api/v1/links/tok-c');
  });
});
