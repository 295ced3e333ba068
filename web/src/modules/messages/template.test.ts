import { describe, expect, it } from 'vitest';
import { ApiError } from '@/api/problem';
import i18n from '@/i18n';
import {
  faultText,
  grouped,
  inputOf,
  insertAt,
  kindWords,
  smsSize,
  snippetOf,
  templateFaults,
  templatePath,
  templatePrecondition,
  unknownVariables,
  variableLabel,
  withTemplate,
  wordChanges,
} from './template';
import { approvalDecided, messageTemplate, quoteSent, vehicleOffer } from './testing';

const pt = i18n.getFixedT('pt-BR');
const en = i18n.getFixedT('en');

describe('the kinds', () => {
  it('have names and what they are for in each language, never the server’s English description in Portuguese', () => {
    expect(kindWords(pt, quoteSent(), 'pt-BR')).toEqual({ name: 'Proposta enviada', about: 'Leva ao cliente o link para ler e aceitar a proposta (no e-mail, com o PDF anexo).' });
    expect(kindWords(en, quoteSent(), 'en').name).toBe('Quote sent');
    const newer = { kind: 'service_due', description: 'A vehicle is due for service' };
    expect(kindWords(pt, newer, 'pt-BR')).toEqual({ name: 'service_due', about: '' });
    expect(kindWords(en, newer, 'en')).toEqual({ name: 'service_due', about: 'A vehicle is due for service' });
  });

  it('are grouped by who gets them, in the server’s order, a newer one under the others', () => {
    const newer = { ...quoteSent(), kind: 'service_due' };
    expect(grouped([approvalDecided(), quoteSent(), newer, vehicleOffer()]).map((g) => [g.audience, g.kinds.map((k) => k.kind)])).toEqual([
      ['customers', ['quote_sent', 'vehicle_offer']],
      ['team', ['approval_decided']],
      ['other', ['service_due']],
    ]);
  });

  it('name their variables in the user’s words as each kind means them, a newer one as the server does', () => {
    expect(variableLabel(pt, 'customer_name')).toBe('Nome do cliente');
    expect(variableLabel(en, 'valid_until')).toBe('Quote valid until');
    expect(variableLabel(pt, 'mileage')).toBe('mileage');
    // In a follow-up the name is the salesperson's, who writes, not the recipient's.
    expect(variableLabel(pt, 'name', 'lead_assigned')).toBe('Nome de quem recebe');
    expect(variableLabel(pt, 'name', 'conversation_follow_up')).toBe('Nome do vendedor');
    expect(variableLabel(en, 'name', 'conversation_follow_up')).toBe('Salesperson’s name');
  });
});

describe('a variable’s chip', () => {
  it('writes the variable, or a condition for a yes-or-no one where conditions are allowed', () => {
    expect(snippetOf('customer_name', 'sms')).toEqual({ text: '{{ customer_name }}', cursor: 19 });
    expect(snippetOf('approved', 'email')).toEqual({ text: '{% if approved %}{% else %}{% endif %}', cursor: 17 });
    expect(snippetOf('approved', 'whatsapp')).toEqual({ text: '{{ approved }}', cursor: 14 });
  });

  it('puts it in place of the selection, the cursor after it', () => {
    expect(insertAt('Olá, !', 5, 5, snippetOf('name', 'sms'))).toEqual({ text: 'Olá, {{ name }}!', cursor: 15 });
    expect(insertAt('Olá, FULANO!', 5, 11, snippetOf('name', 'sms'))).toEqual({ text: 'Olá, {{ name }}!', cursor: 15 });
    expect(insertAt('abc', 99, 99, snippetOf('name', 'sms'))).toEqual({ text: 'abc{{ name }}', cursor: 13 });
  });
});

describe('the words written', () => {
  it('are checked for names the kind does not have, conditions included', () => {
    const vars = quoteSent().variables;
    expect(unknownVariables('{{ customer_name }}, CPF {{ cpf }} {{cpf}} {{- rg }}', vars)).toEqual(['cpf', 'rg']);
    expect(unknownVariables('{% if vip %}VIP{% endif %} {% if not customer_name %}x{% endif %}', vars)).toEqual(['vip']);
    expect(unknownVariables('Olá, {{ customer_name }}!', vars)).toEqual([]);
  });

  it('go with a subject only by e-mail, saved first with If-None-Match and then over the version read', () => {
    expect(inputOf('email', { subject: 'Assunto', body: 'Texto' })).toEqual({ subject: 'Assunto', body: 'Texto' });
    expect(inputOf('sms', { subject: '', body: 'Texto' })).toEqual({ body: 'Texto' });
    expect(templatePrecondition(0)).toEqual({ 'If-None-Match': '*' });
    expect(templatePrecondition(4)).toEqual({ 'If-Match': '"4"' });
    expect(templatePath('quote_sent', 'sms', 'pt-BR')).toBe('/admin/templates/quote_sent/sms/pt-BR');
  });

  it('show the server’s refusals at their fields, naming the unknown variables and the channel’s limit', () => {
    const checked = { subject: '', body: 'Olá, {{ customer_name }}! CPF {{ cpf }}' };
    const problem = new ApiError(422, {
      code: 'validation.failed',
      errors: [
        { pointer: '/body', code: 'messages.unknown_variable', message: 'cpf is not a variable of this message' },
        { pointer: '/subject', code: 'field.too_long', message: 'x' },
      ],
    });
    const { faults, rest } = templateFaults(problem, checked);
    expect(rest).toBeNull();
    expect(faults.body).toEqual({ code: 'messages.unknown_variable', text: checked.body });
    const vars = quoteSent().variables;
    expect(faultText(pt, 'body', faults.body!, 'sms', vars)).toBe('O texto usa {{ cpf }}, que esta mensagem não tem. Use só os campos listados.');
    expect(faultText(en, 'body', faults.body!, 'sms', vars)).toBe('The text uses {{ cpf }}, which this message does not have. Use only the fields listed.');
    expect(faultText(pt, 'subject', faults.subject!, 'email', vars)).toBe('Use até 200 caracteres.');
    expect(faultText(pt, 'body', { code: 'field.too_long', text: '' }, 'sms', vars)).toBe('Use até 1.600 caracteres.');
    expect(faultText(pt, 'body', { code: 'messages.template_invalid', text: '{% if store %}x{% endif %}' }, 'whatsapp', vars)).toBe(
      'No WhatsApp, use só campos como {{ customer_name }}, sem condições: a Meta aprova o texto assim.',
    );
    expect(faultText(pt, 'body', { code: 'messages.template_invalid', text: '{{ customer_name' }, 'sms', vars)).toBe(
      'Não foi possível ler o modelo: confira como os campos e as condições estão escritos.',
    );
    expect(faultText(pt, 'body', { code: 'field.required', text: '' }, 'sms', vars)).toBe('Preencha este campo.');
  });

  it('keep a refusal that belongs on no field aside', () => {
    const gone = new ApiError(404, { code: 'messages.template_not_found' });
    expect(templateFaults(gone, { subject: '', body: '' })).toEqual({ faults: {}, rest: gone });
  });
});

describe('an SMS', () => {
  it('holds 160 characters of the GSM alphabet, 153 a part when longer', () => {
    expect(smsSize('')).toMatchObject({ parts: 0 });
    expect(smsSize('a'.repeat(160))).toMatchObject({ encoding: 'gsm', length: 160, parts: 1, perPart: 160 });
    expect(smsSize('a'.repeat(161))).toMatchObject({ encoding: 'gsm', parts: 2, perPart: 153 });
    // é and à are in the GSM alphabet; € counts twice.
    expect(smsSize('Café à vista: 10€')).toMatchObject({ encoding: 'gsm', length: 18, parts: 1 });
  });

  it('holds 70 with any other character (ã, á, ç, an emoji), 67 a part when longer', () => {
    const text = 'Matriz: Carlos Lima, sua proposta PR-00012 está disponível até 17/03/2026: https://exemplo.innexar.app/p/3kq9-exemplo';
    expect(smsSize(text)).toEqual({ encoding: 'unicode', length: text.length, parts: 2, perPart: 67, others: ['á', 'í'] });
    expect(smsSize('Olá 👋')).toMatchObject({ encoding: 'unicode', length: 6, parts: 1, perPart: 70, others: ['á', '👋'] });
  });
});

describe('the changes from the default', () => {
  it('mark the words taken out and the ones added, a variable and a punctuation mark each on its own', () => {
    expect(wordChanges('Olá, {{ name }}. Sua proposta chegou.', 'Oi, {{ name }}! Sua proposta chegou.')).toEqual([
      { kind: 'removed', text: 'Olá' },
      { kind: 'added', text: 'Oi' },
      { kind: 'same', text: ', {{ name }}' },
      { kind: 'removed', text: '.' },
      { kind: 'added', text: '!' },
      { kind: 'same', text: ' Sua proposta chegou.' },
    ]);
    expect(wordChanges('{{ store }}: oi', '{{ store }} oi')).toEqual([
      { kind: 'same', text: '{{ store }}' },
      { kind: 'removed', text: ':' },
      { kind: 'same', text: ' oi' },
    ]);
    expect(wordChanges('a b', 'a b')).toEqual([{ kind: 'same', text: 'a b' }]);
    expect(wordChanges('', 'novo')).toEqual([{ kind: 'added', text: 'novo' }]);
  });

  it('are not looked for in texts too long to compare', () => {
    const long = Array.from({ length: 700 }, (_, i) => `w${i}`).join(' ');
    expect(wordChanges(long, `${long} mais`)).toBeNull();
  });
});

describe('the list', () => {
  it('takes a saved template in place of what it had', () => {
    const saved = messageTemplate('sms', 'pt-BR', { body: 'Novo', custom: true, version: 1 });
    const list = withTemplate([quoteSent(), vehicleOffer()], 'quote_sent', saved)!;
    expect(list[0]!.templates.find((tp) => tp.channel === 'sms' && tp.language === 'pt-BR')).toBe(saved);
    expect(list[0]!.templates.filter((tp) => tp.custom)).toHaveLength(1);
    expect(list[1]!.templates[0]!.custom).toBe(false);
  });
});
