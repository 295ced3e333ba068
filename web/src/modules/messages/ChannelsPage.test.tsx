import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import i18n from '@/i18n';
import { json, renderRoutes, stubServer, type Seen } from '@/modules/sales/testing';
import { ChannelsPage } from './ChannelsPage';
import type { ChannelInput, ChannelSettings } from './model';
import { ORIGIN, sms, whatsapp } from './testing';

const TEST_ID = '0190a000-0000-7000-8000-00000000f0aa';

/**
 * The channels' server: what is set up, saved over its version (a first save with
 * `If-None-Match: *`) and removed; `handler` answers first when it has something to say.
 */
function serve(initial: ChannelSettings[], handler?: (s: Seen) => Response | undefined, permissions = ['messages.configure', 'messages.read']) {
  const channels = new Map(initial.map((c) => [c.channel, c]));
  return stubServer(permissions, (s) => {
    const answer = handler?.(s);
    if (answer) return answer;
    if (s.path === '/api/v1/messages/channels' && s.method === 'GET') return json(200, [...channels.values()]);
    const m = /^\/api\/v1\/messages\/channels\/(sms|whatsapp)$/.exec(s.path);
    if (m && s.method === 'PUT') {
      const channel = m[1] as 'sms' | 'whatsapp';
      const body = s.body as ChannelInput;
      const before = channels.get(channel);
      const base = before ?? (channel === 'sms' ? sms({ version: 0, tokenHint: '' }) : whatsapp({ version: 0, tokenHint: '', templateNames: {} }));
      const saved: ChannelSettings = {
        ...base,
        enabled: body.enabled,
        from: body.from ?? null,
        phoneNumberId: body.phoneNumberId ?? null,
        businessAccountId: body.businessAccountId ?? null,
        templateNames: body.templateNames ?? {},
        tokenHint: body.token ? body.token.slice(-4) : base.tokenHint,
        version: base.version + 1,
      };
      channels.set(channel, saved);
      return json(200, saved, { ETag: `"${saved.version}"` });
    }
    if (m && s.method === 'DELETE') {
      channels.delete(m[1] as 'sms' | 'whatsapp');
      return json(204, null);
    }
    return undefined;
  });
}

function renderPage() {
  return renderRoutes(
    [
      { path: '/admin/channels', element: <ChannelsPage /> },
      { path: '/admin/messages', element: <p>the mailbox</p> },
    ],
    '/admin/channels',
  );
}

const card = (name: 'SMS' | 'WhatsApp') => screen.getByRole('region', { name });
const puts = (seen: Seen[]) => seen.filter((s) => s.method === 'PUT');

afterEach(async () => {
  cleanup();
  vi.unstubAllGlobals();
  localStorage.clear();
  await i18n.changeLanguage('pt-BR');
});

describe('the channels page', () => {
  it('offers to set up each channel, saying what it takes', async () => {
    serve([]);
    renderPage();
    await screen.findByRole('heading', { name: 'Canais de mensagem', level: 1 });
    const smsCard = await screen.findByRole('region', { name: 'SMS' });
    within(smsCard).getByText('por Zenvia');
    within(smsCard).getByText('Não configurado');
    within(smsCard).getByText(/conta na Zenvia com um remetente \(sender id\) e um token de API/);
    within(smsCard).getByRole('button', { name: 'Configurar SMS' });
    const waCard = card('WhatsApp');
    within(waCard).getByText('por Meta (WhatsApp Cloud API)');
    within(waCard).getByRole('button', { name: 'Configurar WhatsApp' });
  });

  it('sets up SMS as a first save, then shows its token’s end and what to paste at Zenvia, copied by a button', async () => {
    const seen = serve([]);
    renderPage();
    await userEvent.click(await screen.findByRole('button', { name: 'Configurar SMS' }));
    const form = await screen.findByRole('dialog', { name: 'Configurar SMS' });
    within(form).getByText('Provedor: Zenvia');
    // The form's own rules first: nothing is sent without the sender and the token.
    await userEvent.click(within(form).getByRole('button', { name: 'Salvar e conectar' }));
    expect(within(form).getAllByText('Preencha este campo.')).toHaveLength(2);
    expect(document.activeElement).toBe(within(form).getByLabelText('Remetente (sender id)'));
    expect(puts(seen)).toEqual([]);

    await userEvent.type(within(form).getByLabelText('Remetente (sender id)'), 'AutoDemo');
    const token = within(form).getByLabelText('Token de API (X-API-TOKEN)');
    expect(token.getAttribute('type')).toBe('password');
    await userEvent.type(token, 'zenvia-api-token-9876');
    await userEvent.click(within(form).getByRole('button', { name: 'Salvar e conectar' }));
    await screen.findByText('SMS salvo.');
    const [put] = puts(seen);
    expect(put?.path).toBe('/api/v1/messages/channels/sms');
    expect(put?.headers.get('If-None-Match')).toBe('*');
    expect(put?.headers.get('If-Match')).toBeNull();
    expect(put?.body).toEqual({ provider: 'zenvia', enabled: true, from: 'AutoDemo', token: 'zenvia-api-token-9876' });

    const smsCard = card('SMS');
    await within(smsCard).findByText('Ativo');
    // The button that opened the form is gone: the card's title has the focus.
    await waitFor(() => expect(document.activeElement).toBe(within(smsCard).getByRole('heading', { name: 'SMS' })));
    within(smsCard).getByText('terminado em 9876');
    within(smsCard).getByText('AutoDemo');
    expect((within(smsCard).getByLabelText('URL de retorno') as HTMLInputElement).value).toBe(`${ORIGIN}/api/v1/public/messages/zenvia`);
    expect((within(smsCard).getByLabelText('Valor do cabeçalho X-Innexar-Token') as HTMLInputElement).value).toBe('zv-callback-token-abc');
    const writeText = vi.fn(() => Promise.resolve());
    vi.stubGlobal('navigator', { ...navigator, clipboard: { writeText } });
    await userEvent.click(within(smsCard).getByRole('button', { name: 'Copiar Valor do cabeçalho X-Innexar-Token' }));
    expect(writeText).toHaveBeenCalledWith('zv-callback-token-abc');
    await screen.findByText('Copiado: Valor do cabeçalho X-Innexar-Token.');
  });

  it('edits over the version read, keeps the token left blank, and shows a refused field at that field', async () => {
    let refuse = true;
    const seen = serve([sms()], (s) => {
      if (s.method === 'PUT' && refuse) {
        refuse = false;
        return json(422, { status: 422, code: 'validation.failed', errors: [{ pointer: '/token', code: 'field.invalid', message: 'at most 4096 characters, no spaces' }] });
      }
      return undefined;
    });
    renderPage();
    const smsCard = await screen.findByRole('region', { name: 'SMS' });
    await userEvent.click(await within(smsCard).findByRole('button', { name: 'Editar' }));
    const form = await screen.findByRole('dialog', { name: 'Editar SMS' });
    const token = within(form).getByLabelText('Token de API (X-API-TOKEN)');
    expect((token as HTMLInputElement).value).toBe('');
    within(form).getByText('…1234 em uso; deixe em branco para manter.');
    await userEvent.type(token, 'com espaço');
    await userEvent.click(within(form).getByRole('button', { name: 'Salvar' }));
    const fault = await within(form).findByText('Cole o token sem espaços (até 4096 caracteres).');
    expect(token.getAttribute('aria-invalid')).toBe('true');
    expect(token.getAttribute('aria-describedby')).toBe(fault.id);
    await waitFor(() => expect(document.activeElement).toBe(token));
    expect(puts(seen)[0]?.headers.get('If-Match')).toBe('"3"');

    // Left blank, the token in use stays: none is sent.
    await userEvent.clear(token);
    await userEvent.clear(within(form).getByLabelText('Remetente (sender id)'));
    await userEvent.type(within(form).getByLabelText('Remetente (sender id)'), 'AutoDemo2');
    await userEvent.click(within(form).getByRole('button', { name: 'Salvar' }));
    await screen.findByText('SMS salvo.');
    expect(puts(seen)[1]?.body).toEqual({ provider: 'zenvia', enabled: true, from: 'AutoDemo2' });
    expect(puts(seen)[1]?.headers.get('If-Match')).toBe('"3"');
    await within(card('SMS')).findByText('AutoDemo2');
    within(card('SMS')).getByText('terminado em 1234');
  });

  it('tells a change someone else saved first, and shows theirs', async () => {
    const seen = serve([sms()], (s) => (s.method === 'PUT' ? json(412, { status: 412, code: 'http.precondition_failed' }) : undefined));
    renderPage();
    await userEvent.click(await within(await screen.findByRole('region', { name: 'SMS' })).findByRole('button', { name: 'Desativar' }));
    await screen.findByText('Outra pessoa alterou este registro');
    expect(seen.filter((s) => s.method === 'GET' && s.path === '/api/v1/messages/channels').length).toBeGreaterThan(1);
  });

  it('disables and enables a channel as it is, and sends a test only while it is enabled', async () => {
    const seen = serve([sms()]);
    renderPage();
    const smsCard = await screen.findByRole('region', { name: 'SMS' });
    await userEvent.click(await within(smsCard).findByRole('button', { name: 'Desativar' }));
    await screen.findByText('SMS desativado.');
    expect(puts(seen)[0]?.body).toEqual({ provider: 'zenvia', enabled: false, from: 'AutoDemo' });
    expect(puts(seen)[0]?.headers.get('If-Match')).toBe('"3"');
    await within(smsCard).findByText('Desativado');
    within(smsCard).getByText('Desativado: as mensagens por SMS ficam guardadas em Mensagens até você ativar o canal.');
    const test = within(smsCard).getByRole('button', { name: 'Enviar teste' });
    expect(test.matches(':disabled')).toBe(true);
    expect(test.getAttribute('title')).toBe('Ative o canal para enviar um teste.');

    await userEvent.click(within(smsCard).getByRole('button', { name: 'Ativar' }));
    await screen.findByText('SMS ativado.');
    expect(puts(seen)[1]?.headers.get('If-Match')).toBe('"4"');
    await within(smsCard).findByText('Ativo');
    expect(within(smsCard).getByRole('button', { name: 'Enviar teste' }).matches(':disabled')).toBe(false);
  });

  it('sends a test to a number, explains a refused one, and links to it in the mailbox', async () => {
    let tries = 0;
    const seen = serve([sms()], (s) => {
      if (s.path !== '/api/v1/messages/channels/sms/test') return undefined;
      tries += 1;
      if (tries === 1) return json(422, { status: 422, code: 'validation.failed', errors: [{ pointer: '/to', code: 'messages.invalid_recipient', message: 'x' }] });
      return json(202, { id: TEST_ID, channel: 'sms', recipient: '+5511987654321', kind: 'channel_test', status: 'queued' });
    });
    const router = renderPage();
    await userEvent.click(await within(await screen.findByRole('region', { name: 'SMS' })).findByRole('button', { name: 'Enviar teste' }));
    const dialog = await screen.findByRole('dialog', { name: 'Enviar teste por SMS' });
    await userEvent.click(within(dialog).getByRole('button', { name: 'Enviar teste' }));
    within(dialog).getByText('Preencha este campo.');
    const to = within(dialog).getByLabelText('Celular');
    await userEvent.type(to, '(11) 1234');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Enviar teste' }));
    await within(dialog).findByText('Informe um celular com DDD, como (11) 98765-4321, ou com + e o código do país.');
    await userEvent.clear(to);
    await userEvent.type(to, '(11) 98765-4321');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Enviar teste' }));
    await within(dialog).findByText('Teste na fila para +5511987654321.');
    expect(seen.filter((s) => s.path.endsWith('/test')).map((s) => s.body)).toEqual([{ to: '(11) 1234' }, { to: '(11) 98765-4321' }]);
    await userEvent.click(within(dialog).getByRole('link', { name: 'Ver em Mensagens' }));
    await screen.findByText('the mailbox');
    expect(router.state.location.pathname).toBe('/admin/messages');
    expect(router.state.location.search).toBe(`?channel=sms&message=${TEST_ID}`);
  });

  it('says why a test was refused when the channel was disabled meanwhile', async () => {
    serve([sms()], (s) => (s.path.endsWith('/test') ? json(409, { status: 409, code: 'messages.channel_disabled' }) : undefined));
    renderPage();
    await userEvent.click(await within(await screen.findByRole('region', { name: 'SMS' })).findByRole('button', { name: 'Enviar teste' }));
    const dialog = await screen.findByRole('dialog', { name: 'Enviar teste por SMS' });
    await userEvent.type(within(dialog).getByLabelText('Celular'), '11987654321');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Enviar teste' }));
    const alert = await within(dialog).findByRole('alert');
    expect(alert.textContent).toBe('Não foi possível enviar o teste: O canal está desativado. Ative-o para enviar por ele.');
  });

  it('removes a channel after asking, over the version read', async () => {
    const seen = serve([sms(), whatsapp()]);
    renderPage();
    await userEvent.click(await within(await screen.findByRole('region', { name: 'SMS' })).findByRole('button', { name: 'Remover' }));
    const dialog = await screen.findByRole('dialog', { name: 'Remover SMS?' });
    within(dialog).getByText(/O token e a configuração de Zenvia são apagados/);
    await userEvent.click(within(dialog).getByRole('button', { name: 'Remover' }));
    await screen.findByText('SMS removido.');
    const del = seen.find((s) => s.method === 'DELETE');
    expect(del?.path).toBe('/api/v1/messages/channels/sms');
    expect(del?.headers.get('If-Match')).toBe('"3"');
    await within(card('SMS')).findByRole('button', { name: 'Configurar SMS' });
    await waitFor(() => expect(document.activeElement).toBe(within(card('SMS')).getByRole('heading', { name: 'SMS' })));
    within(card('WhatsApp')).getByText('Ativo');
  });

  it('lists WhatsApp’s templates to register with Meta, each variable named', async () => {
    serve([whatsapp()]);
    renderPage();
    const waCard = await screen.findByRole('region', { name: 'WhatsApp' });
    within(waCard).getByText('106540352242922');
    within(waCard).getByText('terminado em ZD9x');
    expect((within(waCard).getByLabelText('Token de verificação') as HTMLInputElement).value).toBe('wa-verify-token-xyz');
    await userEvent.click(within(waCard).getByText('Modelos para registrar na Meta (2)'));
    const list = within(waCard).getByRole('list', { name: 'Modelos do WhatsApp' });
    const quote = within(list).getByRole('listitem', { name: 'Proposta enviada' });
    within(quote).getByText('innexar_quote_sent');
    within(quote).getByText('pt_BR');
    within(quote).getByText('Olá, {{1}}! Sua proposta {{2}} da {{3}} está disponível para leitura e aceite até {{4}}: {{5}}');
    const vars = within(quote).getAllByRole('listitem').map((li) => li.textContent);
    expect(vars).toEqual(['{{1}}Nome do cliente', '{{2}}Número da proposta', '{{3}}Nome da loja', '{{4}}Data de validade da proposta', '{{5}}Link da proposta']);
    within(list).getByRole('listitem', { name: 'Teste do canal' });
    within(waCard).getByText(/as variáveis numeradas \(\{\{1\}\}, \{\{2\}\}…\) são preenchidas pelo Innexar/);
  });

  it('sets up WhatsApp with its app secret, and shows a template name Meta would refuse at its field', async () => {
    let refuse = true;
    const seen = serve([], (s) => {
      if (s.method === 'PUT' && s.path.endsWith('/whatsapp') && (s.body as ChannelInput).templateNames?.quote_sent && refuse) {
        refuse = false;
        return json(422, { status: 422, code: 'validation.failed', errors: [{ pointer: '/templateNames/quote_sent', code: 'messages.invalid_template_name', message: 'x' }] });
      }
      return undefined;
    });
    renderPage();
    await userEvent.click(await screen.findByRole('button', { name: 'Configurar WhatsApp' }));
    let form = await screen.findByRole('dialog', { name: 'Configurar WhatsApp' });
    await userEvent.click(within(form).getByRole('button', { name: 'Salvar e conectar' }));
    expect(within(form).getAllByText('Preencha este campo.')).toHaveLength(3);
    await userEvent.type(within(form).getByLabelText('ID do número de telefone'), '106540352242922');
    await userEvent.type(within(form).getByLabelText('Token de acesso'), 'EAAG-token-ZD9x');
    await userEvent.type(within(form).getByLabelText('Chave secreta do app'), 'app-secret');
    await userEvent.click(within(form).getByLabelText(/^Ativo/));
    await userEvent.click(within(form).getByRole('button', { name: 'Salvar e conectar' }));
    await screen.findByText('WhatsApp salvo.');
    expect(puts(seen)[0]?.body).toEqual({
      provider: 'whatsapp_cloud',
      enabled: false,
      phoneNumberId: '106540352242922',
      businessAccountId: null,
      templateNames: {},
      token: 'EAAG-token-ZD9x',
      appSecret: 'app-secret',
    });
    const waCard = card('WhatsApp');
    await within(waCard).findByText('Desativado');

    // Once set up, each template's name may be another: one Meta would not take shows at its field.
    await userEvent.click(within(waCard).getByRole('button', { name: 'Editar' }));
    form = await screen.findByRole('dialog', { name: 'Editar WhatsApp' });
    within(form).getByText('A chave em uso continua; deixe em branco para manter.');
    const name = within(form).getByLabelText('Nome do modelo: Proposta enviada');
    expect(name.getAttribute('placeholder')).toBe('innexar_quote_sent');
    await userEvent.type(name, 'proposta-v2');
    await userEvent.click(within(form).getByRole('button', { name: 'Salvar' }));
    // The form's own rule says it first; a name it lets through, the server may still refuse.
    await within(form).findByText('Use só letras minúsculas, números e _, como na Meta.');
    expect(puts(seen)).toHaveLength(1);
    await userEvent.clear(name);
    await userEvent.type(name, 'proposta_v2');
    await userEvent.click(within(form).getByRole('button', { name: 'Salvar' }));
    await within(form).findByText('Use só letras minúsculas, números e _, como na Meta.');
    expect(name.getAttribute('aria-invalid')).toBe('true');
    expect(puts(seen)[1]?.body).toMatchObject({ templateNames: { quote_sent: 'proposta_v2' } });
    expect(puts(seen)[1]?.body).not.toHaveProperty('appSecret');
    expect(puts(seen)[1]?.headers.get('If-Match')).toBe('"1"');
  });

  it('speaks English too', async () => {
    await i18n.changeLanguage('en');
    serve([sms({ enabled: false })]);
    renderPage();
    await screen.findByRole('heading', { name: 'Message channels', level: 1 });
    const smsCard = await screen.findByRole('region', { name: 'SMS' });
    within(smsCard).getByText('by Zenvia');
    within(smsCard).getByText('Disabled');
    within(smsCard).getByRole('button', { name: 'Enable' });
    within(smsCard).getByText('ending in 1234');
    within(card('WhatsApp')).getByRole('button', { name: 'Set up WhatsApp' });
  });
});
