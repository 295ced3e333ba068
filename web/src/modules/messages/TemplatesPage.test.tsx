import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import i18n from '@/i18n';
import { json, renderRoutes, stubServer, type Seen } from '@/modules/sales/testing';
import type { KindTemplates, MessageTemplate, PreviewInput, TemplateInput } from './template';
import { TemplateEditor } from './TemplateEditor';
import { TemplatesPage } from './TemplatesPage';
import { approvalDecided, messageTemplate, quoteSent, rendered, vehicleOffer } from './testing';

const NOW = '2026-12-07T10:00:00Z';

/**
 * The templates' server: every kind's words, a preview that refuses a variable the kind does not
 * have (and a condition on WhatsApp), saves over the version read and removals back to the
 * default; `handler` answers first when it has something to say.
 */
function serve(initial: KindTemplates[], handler?: (s: Seen) => Response | undefined) {
  let kinds = structuredClone(initial);
  return stubServer(['messages.configure', 'messages.read'], (s) => {
    const answer = handler?.(s);
    if (answer) return answer;
    if (s.path === '/api/v1/messages/templates' && s.method === 'GET') return json(200, kinds);
    if (s.path === '/api/v1/messages/templates/preview' && s.method === 'POST') {
      const input = s.body as PreviewInput;
      const k = kinds.find((x) => x.kind === input.kind)!;
      const errors = [];
      for (const [field, text] of [['subject', input.subject ?? ''], ['body', input.body]] as const) {
        const unknown = [...text.matchAll(/\{\{\s*(\w+)/g)].map((m) => m[1]!).filter((v) => !k.variables.includes(v));
        if (unknown.length) errors.push({ pointer: `/${field}`, code: 'messages.unknown_variable', message: `${unknown.join(', ')} is not a variable` });
      }
      if (!input.body.trim()) errors.push({ pointer: '/body', code: 'field.required', message: 'x' });
      if (input.channel === 'whatsapp' && input.body.includes('{%')) errors.push({ pointer: '/body', code: 'messages.template_invalid', message: 'plain variables only' });
      if (errors.length) return json(422, { status: 422, code: 'validation.failed', errors });
      return json(200, rendered(input.channel, input.subject ?? '', input.body));
    }
    const m = /^\/api\/v1\/messages\/templates\/(\w+)\/(\w+)\/([\w-]+)$/.exec(s.path);
    if (m) {
      const [, kind, channel, language] = m;
      const k = kinds.find((x) => x.kind === kind)!;
      const before = k.templates.find((tp) => tp.channel === channel && tp.language === language)!;
      const put = (tp: MessageTemplate) => {
        kinds = kinds.map((x) => (x.kind !== kind ? x : { ...x, templates: x.templates.map((o) => (o === before ? tp : o)) }));
      };
      if (s.method === 'PUT') {
        const body = s.body as TemplateInput;
        const saved = { ...before, subject: body.subject?.trim() ?? '', body: body.body.trim(), custom: true, version: before.version + 1, updatedAt: NOW };
        put(saved);
        return json(200, saved, { ETag: `"${saved.version}"` });
      }
      if (s.method === 'DELETE') {
        if (!before.custom) return json(404, { status: 404, code: 'messages.template_not_found' });
        put({ ...before, subject: before.defaultSubject, body: before.defaultBody, custom: false, version: 0, updatedAt: null });
        return json(204, null);
      }
    }
    return undefined;
  });
}

function renderAt(path: string) {
  return renderRoutes(
    [
      { path: '/admin/templates', element: <TemplatesPage /> },
      { path: '/admin/templates/:kind/:channel/:language', element: <TemplateEditor /> },
      { path: '/admin/channels', element: <p>the channels</p> },
    ],
    path,
  );
}

const writes = (seen: Seen[]) => seen.filter((s) => s.method === 'PUT' || s.method === 'DELETE');
const previews = (seen: Seen[]) => seen.filter((s) => s.path.endsWith('/preview')).map((s) => s.body as PreviewInput);
const body = () => screen.getByRole<HTMLTextAreaElement>('textbox', { name: 'Texto' });
const bubble = (channel: 'SMS' | 'WhatsApp') => screen.getByRole('figure', { name: `Prévia do ${channel}` });

afterEach(async () => {
  cleanup();
  vi.unstubAllGlobals();
  localStorage.clear();
  await i18n.changeLanguage('pt-BR');
});

describe('the templates page', () => {
  it('lists the kinds by who gets them, in the user’s words, each version marked when the store rewrote it', async () => {
    const quote = quoteSent();
    quote.templates = quote.templates.map((tp) => (tp.channel === 'sms' && tp.language === 'pt-BR' ? { ...tp, body: 'Nosso texto', custom: true, version: 2 } : tp));
    serve([approvalDecided(), quote, vehicleOffer()]);
    renderAt('/admin/templates');
    await screen.findByRole('heading', { name: 'Modelos de mensagem', level: 1 });
    const customers = await screen.findByRole('region', { name: 'Para clientes' });
    const card = within(customers).getByRole('listitem', { name: 'Proposta enviada' });
    within(card).getByText('Leva ao cliente o link para ler e aceitar a proposta (no e-mail, com o PDF anexo).');
    expect(card.textContent).not.toContain('A quote was sent');
    within(card).getByText('1 personalizado');
    const versions = within(card).getByRole('list', { name: 'Versões de Proposta enviada' });
    expect(within(versions).getAllByRole('listitem').map((li) => li.textContent)).toEqual([
      'E-mailE-mail · PortuguêsE-mail · Inglês',
      'SMSSMS · PortuguêsPersonalizadoSMS · Inglês',
      'WhatsAppWhatsApp · PortuguêsWhatsApp · Inglês',
    ]);
    const links = within(versions).getAllByRole('link');
    expect(links.map((l) => l.textContent)).toEqual([
      'E-mail · Português',
      'E-mail · Inglês',
      'SMS · PortuguêsPersonalizado',
      'SMS · Inglês',
      'WhatsApp · Português',
      'WhatsApp · Inglês',
    ]);
    expect(links[2]!.getAttribute('href')).toBe('/admin/templates/quote_sent/sms/pt-BR');
    within(within(customers).getByRole('listitem', { name: 'Oferta de veículo' })).getByText('Marketing');
    const team = screen.getByRole('region', { name: 'Para a equipe' });
    within(team).getByRole('listitem', { name: 'Aprovação de desconto decidida' });
  });

  it('opens an SMS, puts a variable in at the cursor, previews as the Owner types, and shows an unknown variable at its field', async () => {
    const seen = serve([quoteSent()]);
    const router = renderAt('/admin/templates');
    const card = await screen.findByRole('listitem', { name: 'Proposta enviada' });
    await userEvent.click(within(card).getByRole('link', { name: /^SMS · Português/ }));
    const heading = await screen.findByRole('heading', { name: 'Proposta enviada', level: 1 });
    expect(router.state.location.pathname).toBe('/admin/templates/quote_sent/sms/pt-BR');
    await waitFor(() => expect(document.activeElement).toBe(heading));
    screen.getByText('Padrão');
    screen.getByText('Em uso: o texto padrão do Innexar.');
    const nav = screen.getByRole('navigation', { name: 'Outras versões desta mensagem' });
    expect(within(nav).getByRole('link', { current: 'page' }).textContent).toBe('SMS · Português');

    // The default's words, with the sample values, as the customer would get them.
    await within(await screen.findByRole('figure', { name: 'Prévia do SMS' })).findByText(/^Matriz: Carlos Lima, sua proposta PR-00012/);
    screen.getByText('139 caracteres · 3 SMS');
    screen.getByText('Por causa de á í, cada SMS leva até 67 caracteres (sem esses caracteres, 160).');
    expect(screen.queryByRole('textbox', { name: 'Assunto' })).toBeNull();

    // A variable's chip writes it where the cursor is, and the cursor goes after it.
    const text = body();
    await userEvent.click(text);
    fireEvent.change(text, { target: { value: 'Oi, ! Veja: ' } });
    text.setSelectionRange(12, 12);
    await userEvent.click(screen.getByRole('button', { name: 'Link {{ link }}' }));
    expect(text.value).toBe('Oi, ! Veja: {{ link }}');
    expect(document.activeElement).toBe(text);
    expect(text.selectionStart).toBe(22);
    text.setSelectionRange(4, 4);
    await userEvent.click(screen.getByRole('button', { name: 'Nome do cliente {{ customer_name }}' }));
    expect(text.value).toBe('Oi, {{ customer_name }}! Veja: {{ link }}');
    expect(text.selectionStart).toBe(23);
    await within(bubble('SMS')).findByText('Oi, Carlos Lima! Veja: https://exemplo.innexar.app/p/3kq9-exemplo');
    screen.getByText('65 caracteres · 1 SMS');
    screen.getByText('Cada SMS leva até 160 caracteres.');

    // A variable the kind does not have: said at the field and in the preview's live region.
    await userEvent.type(text, ' CPF {{{{ cpf }}');
    // Only the words once they settle are previewed, not every key typed.
    await waitFor(() => expect(previews(seen).at(-1)?.body).toBe('Oi, {{ customer_name }}! Veja: {{ link }} CPF {{ cpf }}'));
    expect(previews(seen).length).toBeLessThan(6);
    const fault = await screen.findByText('O texto usa {{ cpf }}, que esta mensagem não tem. Use só os campos listados.');
    expect(text.getAttribute('aria-invalid')).toBe('true');
    expect(text.getAttribute('aria-describedby')?.split(' ')).toContain(fault.id);
    const live = screen.getByRole('status');
    expect(live.textContent).toBe(
      'Sem prévia até o texto ser corrigido: O texto usa {{ cpf }}, que esta mensagem não tem. Use só os campos listados.Abaixo, a prévia do último texto sem erros.',
    );
    within(bubble('SMS')).getByText('Oi, Carlos Lima! Veja: https://exemplo.innexar.app/p/3kq9-exemplo');

    // Fixed, the fault goes and the preview follows.
    fireEvent.change(text, { target: { value: 'Oi, {{ customer_name }}! Veja: {{ link }}' } });
    await within(bubble('SMS')).findByText('Oi, Carlos Lima! Veja: https://exemplo.innexar.app/p/3kq9-exemplo');
    await waitFor(() => expect(text.getAttribute('aria-invalid')).toBeNull());
    expect(screen.getByRole('status').textContent).toBe('');
    expect(writes(seen)).toEqual([]);
  });

  it('saves the first words of the store’s own with If-None-Match, then over the version saved', async () => {
    const seen = serve([quoteSent()]);
    renderAt('/admin/templates/quote_sent/sms/pt-BR');
    await screen.findByRole('heading', { name: 'Proposta enviada', level: 1 });
    const nav = screen.getByRole('navigation', { name: 'Outras versões desta mensagem' });
    const text = body();
    expect(screen.getByRole('button', { name: 'Salvar' }).matches(':disabled')).toBe(true);
    fireEvent.change(text, { target: { value: ' Oi, {{ customer_name }}! Veja: {{ link }} ' } });
    await userEvent.click(screen.getByRole('button', { name: 'Salvar' }));
    await screen.findByText('Modelo salvo: as próximas mensagens usam este texto.');
    const [put] = writes(seen);
    expect(put?.path).toBe('/api/v1/messages/templates/quote_sent/sms/pt-BR');
    expect(put?.headers.get('If-None-Match')).toBe('*');
    expect(put?.headers.get('If-Match')).toBeNull();
    expect(put?.body).toEqual({ body: ' Oi, {{ customer_name }}! Veja: {{ link }} ' });
    // The server keeps the words trimmed, and so does the editor.
    await waitFor(() => expect(text.value).toBe('Oi, {{ customer_name }}! Veja: {{ link }}'));
    await screen.findByText('Personalizado');
    screen.getByText(/^Texto da loja, alterado em 07\/12\/2026,? \d\d:00\.$/);
    expect(within(nav).getByRole('link', { current: 'page' }).textContent).toBe('SMS · Português(Personalizado)');
    expect(screen.getByRole('button', { name: 'Salvar' }).matches(':disabled')).toBe(true);

    // A second save goes over the version saved.
    await userEvent.type(text, '.');
    await userEvent.click(screen.getByRole('button', { name: 'Salvar' }));
    await waitFor(() => expect(writes(seen)).toHaveLength(2));
    expect(writes(seen)[1]?.headers.get('If-Match')).toBe('"1"');
  });

  it('restores the default after asking, over the version read, and marks what the store changed from it', async () => {
    const quote = quoteSent();
    quote.templates = quote.templates.map((tp) =>
      tp.channel === 'sms' && tp.language === 'pt-BR' ? { ...tp, body: '{{ store }}: sua proposta {{ quote_number }} chegou: {{ link }}', custom: true, version: 3, updatedAt: NOW } : tp,
    );
    const seen = serve([quote]);
    renderAt('/admin/templates/quote_sent/sms/pt-BR');
    const heading = await screen.findByRole('heading', { name: 'Proposta enviada', level: 1 });
    screen.getByText('Personalizado');
    const defaults = screen.getByRole('region', { name: 'Texto padrão do Innexar' });
    within(defaults).getByText('Marcado: o que você tirou do padrão e o que incluiu.');
    const removed = [...defaults.querySelectorAll('del')].map((d) => d.textContent);
    const added = [...defaults.querySelectorAll('ins')].map((d) => d.textContent);
    expect(added).toEqual(['incluído: chegou']);
    expect(removed[0]).toBe('retirado: {{ customer_name }}, ');
    await userEvent.click(within(defaults).getByRole('button', { name: 'Só o padrão' }));
    within(defaults).getByText(quote.templates[2]!.defaultBody);

    await userEvent.click(screen.getByRole('button', { name: 'Restaurar padrão' }));
    const dialog = await screen.findByRole('dialog', { name: 'Restaurar o texto padrão?' });
    within(dialog).getByText('O texto da loja para “Proposta enviada” por SMS em Português é apagado, e o padrão do Innexar volta a valer.');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Restaurar padrão' }));
    await screen.findByText('Texto padrão restaurado.');
    const [del] = writes(seen);
    expect(del?.method).toBe('DELETE');
    expect(del?.path).toBe('/api/v1/messages/templates/quote_sent/sms/pt-BR');
    expect(del?.headers.get('If-Match')).toBe('"3"');
    expect(body().value).toBe(quote.templates[2]!.defaultBody);
    screen.getByText('Padrão');
    expect(screen.queryByRole('button', { name: 'Restaurar padrão' })).toBeNull();
    within(screen.getByRole('region', { name: 'Texto padrão do Innexar' })).getByText('O texto é igual ao padrão.');
    await waitFor(() => expect(document.activeElement).toBe(heading));
  });

  it('writes an e-mail’s subject too, a yes-or-no variable as a condition where the cursor was, and shows the e-mail in a sandboxed frame', async () => {
    const seen = serve([approvalDecided()]);
    renderAt('/admin/templates/approval_decided/email/pt-BR');
    await screen.findByRole('heading', { name: 'Aprovação de desconto decidida', level: 1 });
    const frame = await screen.findByTitle(/^Prévia do e-mail “Desconto /);
    expect(frame.getAttribute('sandbox')).toBe('');
    expect(frame.getAttribute('srcdoc')).toContain('<p>Olá, [name].');
    const subject = screen.getByRole<HTMLInputElement>('textbox', { name: 'Assunto' });
    await userEvent.clear(subject);
    await userEvent.type(subject, 'Desconto : proposta');
    subject.setSelectionRange(9, 9);
    await userEvent.click(screen.getByRole('button', { name: 'Se foi aprovado {{ approved }}' }));
    expect(subject.value).toBe('Desconto {% if approved %}{% else %}{% endif %}: proposta');
    expect(document.activeElement).toBe(subject);
    expect(subject.selectionStart).toBe(26);
    await userEvent.keyboard('ok');
    expect(subject.value).toBe('Desconto {% if approved %}ok{% else %}{% endif %}: proposta');
    await userEvent.click(screen.getByRole('button', { name: 'Salvar' }));
    await screen.findByText('Modelo salvo: as próximas mensagens usam este texto.');
    expect(writes(seen)[0]?.body).toEqual({ subject: 'Desconto {% if approved %}ok{% else %}{% endif %}: proposta', body: approvalDecided().templates[0]!.body });
    // The e-mail's other language is a link away.
    within(screen.getByRole('navigation', { name: 'Outras versões desta mensagem' })).getByRole('link', { name: 'E-mail · Inglês' });
  });

  it('shows WhatsApp’s template to register with Meta, its numbers named, and refuses a condition in its words', async () => {
    serve([quoteSent()]);
    renderAt('/admin/templates/quote_sent/whatsapp/pt-BR');
    await screen.findByRole('heading', { name: 'Proposta enviada', level: 1 });
    await within(await screen.findByRole('figure', { name: 'Prévia do WhatsApp' })).findByText(/^Olá, Carlos Lima! Sua proposta PR-00012 da Matriz/);
    screen.getByText('Olá, {{1}}! Sua proposta {{2}} da {{3}} está disponível até {{4}}: {{5}}');
    const numbers = screen.getByRole('list', { name: 'Variáveis' });
    expect(within(numbers).getAllByRole('listitem').map((li) => li.textContent)).toEqual([
      '{{1}}Nome do cliente',
      '{{2}}Número da proposta',
      '{{3}}Nome da loja',
      '{{4}}Validade da proposta',
      '{{5}}Link',
    ]);
    screen.getByText(/^Mudou o texto do WhatsApp\? Registre o novo modelo na Meta/);
    screen.getByRole('link', { name: 'Ver os modelos em Canais de mensagem' });
    screen.getByText(/No WhatsApp, só campos, sem condições/);

    await userEvent.type(body(), ' {{% if store %}x{{% endif %}');
    await screen.findByText('No WhatsApp, use só campos como {{ customer_name }}, sem condições: a Meta aprova o texto assim.');
  });

  it('keeps the words written when someone else saved first, and saves over theirs only when asked again', async () => {
    let refuse = true;
    const seen = serve([quoteSent()], (s) => {
      if (s.method === 'PUT' && refuse) {
        refuse = false;
        return json(412, { status: 412, code: 'http.precondition_failed' });
      }
      return undefined;
    });
    renderAt('/admin/templates/quote_sent/sms/pt-BR');
    await screen.findByRole('heading', { name: 'Proposta enviada', level: 1 });
    await userEvent.clear(body());
    await userEvent.type(body(), 'Meu texto');
    await userEvent.click(screen.getByRole('button', { name: 'Salvar' }));
    const alert = await screen.findByRole('alert');
    within(alert).getByText('Outra pessoa salvou este modelo enquanto você escrevia');
    expect(body().value).toBe('Meu texto');
    await userEvent.click(screen.getByRole('button', { name: 'Salvar' }));
    await screen.findByText('Modelo salvo: as próximas mensagens usam este texto.');
    expect(writes(seen).map((w) => w.body)).toEqual([{ body: 'Meu texto' }, { body: 'Meu texto' }]);
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('puts a refusal of the save at its field and gives it the focus', async () => {
    serve([quoteSent()], (s) =>
      s.method === 'PUT' ? json(422, { status: 422, code: 'validation.failed', errors: [{ pointer: '/body', code: 'field.too_long', message: 'x' }] }) : undefined,
    );
    renderAt('/admin/templates/quote_sent/sms/pt-BR');
    await screen.findByRole('heading', { name: 'Proposta enviada', level: 1 });
    await userEvent.type(body(), '!');
    await userEvent.click(screen.getByRole('button', { name: 'Salvar' }));
    await screen.findByText('Use até 1.600 caracteres.');
    expect(document.activeElement).toBe(body());
    expect(body().getAttribute('aria-invalid')).toBe('true');
  });

  it('asks before leaving unsaved words, and undoes them on request', async () => {
    serve([quoteSent()]);
    const router = renderAt('/admin/templates/quote_sent/sms/pt-BR');
    await screen.findByRole('heading', { name: 'Proposta enviada', level: 1 });
    const original = body().value;
    fireEvent.change(body(), { target: { value: 'Rascunho' } });
    await userEvent.click(screen.getByRole('link', { name: 'Modelos de mensagem' }));
    const ask = await screen.findByRole('dialog', { name: 'Sair sem salvar?' });
    await userEvent.click(within(ask).getByRole('button', { name: 'Continuar editando' }));
    expect(router.state.location.pathname).toBe('/admin/templates/quote_sent/sms/pt-BR');
    await userEvent.click(screen.getByRole('button', { name: 'Desfazer alterações' }));
    expect(body().value).toBe(original);
    await userEvent.click(screen.getByRole('link', { name: 'Modelos de mensagem' }));
    await screen.findByRole('heading', { name: 'Modelos de mensagem', level: 1 });
  });

  it('says so when the address names no template', async () => {
    serve([quoteSent()]);
    renderAt('/admin/templates/quote_sent/fax/pt-BR');
    await screen.findByText('Modelo não encontrado');
    screen.getByRole('link', { name: 'Modelos de mensagem' });
  });

  it('speaks English too', async () => {
    await i18n.changeLanguage('en');
    serve([quoteSent({ templates: [messageTemplate('sms', 'pt-BR'), messageTemplate('sms', 'en')] })]);
    renderAt('/admin/templates');
    await screen.findByRole('heading', { name: 'Message templates', level: 1 });
    const card = await screen.findByRole('listitem', { name: 'Quote sent' });
    await userEvent.click(within(card).getByRole('link', { name: /^SMS · English/ }));
    await screen.findByRole('heading', { name: 'Quote sent', level: 1 });
    screen.getByText('In use: Innexar’s default text. Innexar has no English text for this channel: the default is the Portuguese one.');
    screen.getByRole('button', { name: 'Customer name {{ customer_name }}' });
    await screen.findByText('139 characters · 3 SMS');
  });
});
