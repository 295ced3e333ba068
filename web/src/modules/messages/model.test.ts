import { describe, expect, it } from 'vitest';
import { ApiError } from '@/api/problem';
import i18n from '@/i18n';
import { emptyForm, formFaults, formOf, inputOf, optOutWords, parameterLabel, phoneFault, preconditionOf, serverFaults, toggledInput } from './model';
import { sms, whatsapp } from './testing';

const pt = i18n.getFixedT('pt-BR');
const en = i18n.getFixedT('en');

describe('the channel form', () => {
  it('asks a first save for what each provider needs, the token and WhatsApp’s app secret included', () => {
    expect(formFaults('sms', emptyForm(), true)).toEqual({ from: 'field.required', token: 'field.required' });
    expect(formFaults('whatsapp', emptyForm(), true)).toEqual({ phoneNumberId: 'field.required', token: 'field.required', appSecret: 'field.required' });
    expect(formFaults('sms', { ...emptyForm(), from: 'AutoDemo', token: 'tok' }, true)).toEqual({});
  });

  it('keeps the secrets in use on an edit left blank, and checks digits and template names', () => {
    expect(formFaults('sms', formOf(sms()), false)).toEqual({});
    expect(formFaults('whatsapp', formOf(whatsapp()), false)).toEqual({});
    const bad = { ...formOf(whatsapp()), phoneNumberId: '10654-0352', businessAccountId: 'conta', templateNames: { quote_sent: 'Proposta Enviada', channel_test: '' } };
    expect(formFaults('whatsapp', bad, false)).toEqual({
      phoneNumberId: 'field.invalid',
      businessAccountId: 'field.invalid',
      'templateNames.quote_sent': 'messages.invalid_template_name',
    });
  });

  it('sends a secret only when one was typed, and the template names given', () => {
    expect(inputOf('sms', formOf(sms()))).toEqual({ provider: 'zenvia', enabled: true, from: 'AutoDemo' });
    expect(inputOf('sms', { ...formOf(sms()), token: '  novo-token  ' })).toEqual({ provider: 'zenvia', enabled: true, from: 'AutoDemo', token: 'novo-token' });
    const wa = { ...formOf(whatsapp()), businessAccountId: ' ', appSecret: 'segredo', templateNames: { quote_sent: ' proposta_v2 ', channel_test: '' } };
    expect(inputOf('whatsapp', wa)).toEqual({
      provider: 'whatsapp_cloud',
      enabled: true,
      phoneNumberId: '106540352242922',
      businessAccountId: null,
      templateNames: { quote_sent: 'proposta_v2' },
      appSecret: 'segredo',
    });
  });

  it('disables or enables a channel as it is, without its secrets', () => {
    expect(toggledInput(sms(), false)).toEqual({ provider: 'zenvia', enabled: false, from: 'AutoDemo' });
    expect(toggledInput(whatsapp({ enabled: false, templateNames: { quote_sent: 'proposta_v2' } }), true)).toEqual({
      provider: 'whatsapp_cloud',
      enabled: true,
      phoneNumberId: '106540352242922',
      businessAccountId: '102290129340398',
      templateNames: { quote_sent: 'proposta_v2' },
    });
  });

  it('saves first with If-None-Match and later over the version read', () => {
    expect(preconditionOf(null)).toEqual({ 'If-None-Match': '*' });
    expect(preconditionOf(sms({ version: 7 }))).toEqual({ 'If-Match': '"7"' });
  });

  it('puts the server’s field errors at their fields, and what belongs on none aside', () => {
    const problem = new ApiError(422, {
      code: 'validation.failed',
      errors: [
        { pointer: '/token', code: 'field.invalid', message: 'no spaces' },
        { pointer: '/templateNames/quote_sent', code: 'messages.invalid_template_name', message: 'x' },
        { pointer: '/phoneNumberId', code: 'field.required', message: 'x' },
      ],
    });
    expect(serverFaults(problem)).toEqual({
      faults: { token: 'field.invalid', 'templateNames.quote_sent': 'messages.invalid_template_name', phoneNumberId: 'field.required' },
      rest: null,
    });
    const mismatch = new ApiError(422, { code: 'validation.failed', errors: [{ pointer: '/provider', code: 'messages.provider_mismatch', message: 'x' }] });
    expect(serverFaults(mismatch)).toEqual({ faults: {}, rest: mismatch });
    const server = new ApiError(500, { code: 'internal' });
    expect(serverFaults(server).rest).toBe(server);
  });
});

describe('a test’s number', () => {
  it('is needed, and refused here only when it surely is not one', () => {
    expect(phoneFault(' ')).toBe('field.required');
    expect(phoneFault('(11) 98765-4321')).toBeNull();
    expect(phoneFault('+351 912 345 678')).toBeNull();
    expect(phoneFault('onze 9876')).toBe('messages.invalid_recipient');
  });
});

describe('the words', () => {
  it('name a template’s variables, and show a new one as sent', () => {
    expect(parameterLabel(pt, 'customer_name')).toBe('Nome do cliente');
    expect(parameterLabel(en, 'quote_number')).toBe('Quote number');
    expect(parameterLabel(pt, 'mileage')).toBe('mileage');
  });

  it('say what an opt-out stops and by which channel, as the sentence needs them', () => {
    expect(optOutWords(pt, { purpose: 'marketing', channel: 'whatsapp' })).toEqual({ purpose: 'ofertas e novidades', channel: 'WhatsApp' });
    expect(optOutWords(en, { purpose: 'surveys', channel: 'email' })).toEqual({ purpose: 'satisfaction surveys', channel: 'e-mail' });
  });
});
