import { describe, expect, it } from 'vitest';
import i18n from '@/i18n';
import { ApiError } from '@/api/problem';
import {
  createBody,
  emptyForm,
  endpointState,
  eventLabel,
  formFaults,
  formOf,
  groupTypes,
  isWebhookUrl,
  keepHoursFault,
  patchBody,
  prettyJson,
  serverFaults,
  typesSummary,
  type Endpoint,
  type EndpointForm,
} from './model';

const t = i18n.getFixedT('pt-BR');
const form = (patch: Partial<EndpointForm>): EndpointForm => ({ ...emptyForm(), ...patch });

describe('the endpoint form', () => {
  it('takes http and https addresses with a host, as the server does', () => {
    expect(isWebhookUrl('https://integrador.example.com/innexar')).toBe(true);
    expect(isWebhookUrl('  http://127.0.0.1:8080/hook  ')).toBe(true);
    expect(isWebhookUrl('ftp://integrador.example.com/')).toBe(false);
    expect(isWebhookUrl('integrador.example.com/hook')).toBe(false);
    expect(isWebhookUrl('https://')).toBe(false);
    expect(isWebhookUrl('https://usuario:senha@integrador.example.com/')).toBe(false);
  });

  it('asks for an address and at least one event type before sending', () => {
    expect(formFaults(emptyForm())).toEqual({ url: 'field.required', eventTypes: 'webhooks.no_event_types' });
    expect(formFaults(form({ url: 'integrador.example.com', types: ['vehicle.created'] }))).toEqual({ url: 'webhooks.invalid_url' });
    expect(formFaults(form({ url: `https://x.example.com/${'a'.repeat(2048)}`, all: true }))).toEqual({ url: 'field.too_long' });
    expect(formFaults(form({ url: 'https://x.example.com', description: 'd'.repeat(201), all: true }))).toEqual({ description: 'field.too_long' });
    // Every type, present and future, is a choice on its own.
    expect(formFaults(form({ url: 'https://x.example.com', all: true }))).toEqual({});
    expect(formFaults(form({ url: 'https://x.example.com', types: ['sale.completed'] }))).toEqual({});
  });

  it('sends the address trimmed, no blank description, and `*` for every type', () => {
    expect(createBody(form({ url: ' https://x.example.com/h ', description: '  ', types: ['vehicle.created', 'sale.completed'] }))).toEqual({
      url: 'https://x.example.com/h',
      description: null,
      eventTypes: ['vehicle.created', 'sale.completed'],
    });
    // The picks are kept under "all" for when it is unticked, but not sent.
    expect(createBody(form({ url: 'https://x.example.com', description: ' Site ', all: true, types: ['lead.won'] }))).toEqual({
      url: 'https://x.example.com',
      description: 'Site',
      eventTypes: ['*'],
    });
    // A change sends an emptied description, which removes it.
    expect(patchBody(form({ url: 'https://x.example.com', types: ['lead.won'] }))).toEqual({ url: 'https://x.example.com', description: '', eventTypes: ['lead.won'] });
  });

  it('starts an edit from the endpoint, `*` as the "all" box', () => {
    const e = { url: 'https://x.example.com', description: null, eventTypes: ['*'] } as unknown as Endpoint;
    expect(formOf(e)).toEqual({ url: 'https://x.example.com', description: '', all: true, types: [] });
  });

  it('puts the server’s field errors on the form’s fields, a type’s on the checklist', () => {
    const refused = new ApiError(422, {
      code: 'validation.failed',
      errors: [
        { pointer: '/url', code: 'webhooks.private_target', message: 'no' },
        { pointer: '/eventTypes/1', code: 'webhooks.unknown_event_type', message: 'no' },
      ],
    });
    expect(serverFaults(refused)).toEqual({ faults: { url: 'webhooks.private_target', eventTypes: 'webhooks.unknown_event_type' }, rest: null });
    const elsewhere = new ApiError(422, { code: 'validation.failed', errors: [{ pointer: '/other', code: 'field.unknown', message: 'no' }] });
    expect(serverFaults(elsewhere).rest).toBe(elsewhere);
    const conflict = new ApiError(409, { code: 'webhooks.endpoint_disabled' });
    expect(serverFaults(conflict)).toEqual({ faults: {}, rest: conflict });
  });

  it('keeps the old secret for 0 to 168 whole hours', () => {
    expect(keepHoursFault('24')).toBeNull();
    expect(keepHoursFault('0')).toBeNull();
    expect(keepHoursFault('168')).toBeNull();
    expect(keepHoursFault('169')).toBe('field.out_of_range');
    expect(keepHoursFault('')).toBe('field.required');
    expect(keepHoursFault('1,5')).toBe('field.invalid_type');
  });
});

describe('the event types', () => {
  it('group by the area that publishes them, in a dealer’s order, a new area’s under "other"', () => {
    const catalogue = ['consent.changed', 'lead.won', 'quote.sent', 'sale.completed', 'vehicle.created', 'vehicle.deleted', 'vehicle.foo', 'vehicle.updated', 'workshop.order_opened'];
    expect(groupTypes(catalogue)).toEqual([
      { area: 'stock', types: ['vehicle.created', 'vehicle.updated', 'vehicle.deleted', 'vehicle.foo'] },
      { area: 'crm', types: ['consent.changed', 'lead.won'] },
      { area: 'sales', types: ['quote.sent', 'sale.completed'] },
      { area: 'other', types: ['workshop.order_opened'] },
    ]);
  });

  it('read in the user’s words, or as sent when this version does not know them', () => {
    expect(eventLabel(t, 'vehicle.price_changed')).toBe('Preço alterado');
    expect(eventLabel(t, 'webhook.test')).toBe('Teste de webhook');
    expect(eventLabel(i18n.getFixedT('en'), 'sale.completed')).toBe('Sale completed');
    expect(eventLabel(t, 'workshop.order_opened')).toBe('workshop.order_opened');
    expect(eventLabel(t, 'vehicle')).toBe('vehicle');
  });

  it('sum up an endpoint’s subscriptions in a line', () => {
    expect(typesSummary(t, ['*'])).toBe('Todos os eventos (inclusive futuros)');
    expect(typesSummary(t, ['sale.completed'])).toBe('Venda concluída');
    expect(typesSummary(t, ['vehicle.created', 'sale.completed'])).toBe('Veículo cadastrado e Venda concluída');
    expect(typesSummary(t, ['vehicle.created', 'sale.completed', 'lead.won'])).toBe('Veículo cadastrado, Venda concluída e mais 1 evento');
    expect(typesSummary(t, ['vehicle.created', 'sale.completed', 'lead.won', 'lead.lost'])).toBe('Veículo cadastrado, Venda concluída e mais 2 eventos');
  });
});

describe('an endpoint', () => {
  it('is active, paused by its Owner, or disabled by failures', () => {
    expect(endpointState({ active: true, disabledReason: null })).toBe('active');
    expect(endpointState({ active: false, disabledReason: 'manual' })).toBe('paused');
    expect(endpointState({ active: false, disabledReason: 'failures' })).toBe('failing');
  });

  it('shows a delivery’s body indented, or as sent when it is not JSON', () => {
    expect(prettyJson('{"type":"webhook.test","data":{"a":1}}')).toBe('{\n  "type": "webhook.test",\n  "data": {\n    "a": 1\n  }\n}');
    expect(prettyJson('not json')).toBe('not json');
  });
});
