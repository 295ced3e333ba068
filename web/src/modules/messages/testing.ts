// What the channels', the templates' and the opt-out page's component tests share: a channel's
// settings, a kind's templates and an opt-out link's view as the API answers them.
import type { ChannelSettings, OptOut, WhatsappTemplate } from './model';
import type { KindTemplates, MessageTemplate, Preview, TemplateChannel } from './template';

export const ORIGIN = 'https://demo.innexar.app';

/** SMS by Zenvia, set up and enabled, its token ending in 1234. */
export function sms(patch: Partial<ChannelSettings> = {}): ChannelSettings {
  return {
    channel: 'sms',
    provider: 'zenvia',
    enabled: true,
    from: 'AutoDemo',
    templateNames: {},
    tokenHint: '1234',
    callbackUrl: `${ORIGIN}/api/v1/public/messages/zenvia`,
    callbackToken: 'zv-callback-token-abc',
    templates: [],
    version: 3,
    updatedAt: '2026-12-01T15:30:00Z',
    ...patch,
  };
}

export const QUOTE_TEMPLATE: WhatsappTemplate = {
  kind: 'quote_sent',
  name: 'innexar_quote_sent',
  language: 'pt_BR',
  body: 'Olá, {{1}}! Sua proposta {{2}} da {{3}} está disponível para leitura e aceite até {{4}}: {{5}}',
  parameters: ['customer_name', 'quote_number', 'store', 'valid_until', 'link'],
};

export const TEST_TEMPLATE: WhatsappTemplate = {
  kind: 'channel_test',
  name: 'innexar_channel_test',
  language: 'pt_BR',
  body: '{{1}}: teste de envio de WhatsApp pelo Innexar. Se você recebeu, o canal está funcionando.',
  parameters: ['tenant'],
};

/** WhatsApp by Meta's Cloud API, set up and enabled, with two templates to register. */
export function whatsapp(patch: Partial<ChannelSettings> = {}): ChannelSettings {
  return {
    channel: 'whatsapp',
    provider: 'whatsapp_cloud',
    enabled: true,
    phoneNumberId: '106540352242922',
    businessAccountId: '102290129340398',
    templateNames: {},
    tokenHint: 'ZD9x',
    callbackUrl: `${ORIGIN}/api/v1/public/messages/whatsapp`,
    callbackToken: 'wa-verify-token-xyz',
    templates: [QUOTE_TEMPLATE, TEST_TEMPLATE],
    version: 1,
    updatedAt: '2026-12-02T10:00:00Z',
    ...patch,
  };
}

/** A vehicle offer's link, by e-mail, not yet used. */
export function optOut(patch: Partial<OptOut> = {}): OptOut {
  return { sender: 'Auto Center Demo', channel: 'email', purpose: 'marketing', recipient: 'j***@gmail.com', optedOut: false, ...patch };
}

const QUOTE_EMAIL_SUBJECT = 'Sua proposta {{ quote_number }} — {{ store }}';
const QUOTE_EMAIL_BODY = 'Olá, {{ customer_name }}.\n\nSua proposta {{ quote_number }} está pronta e segue anexa em PDF.\n\n{{ link }}\n\n{{ store }}';
export const QUOTE_SMS = '{{ store }}: {{ customer_name }}, sua proposta {{ quote_number }} está disponível para leitura e aceite até {{ valid_until }}: {{ link }}';
export const QUOTE_WHATSAPP = 'Olá, {{ customer_name }}! Sua proposta {{ quote_number }} da {{ store }} está disponível até {{ valid_until }}: {{ link }}';

/** A kind's words on a channel in a language, the default in use unless `patch` says otherwise. */
export function messageTemplate(channel: TemplateChannel, language: string, patch: Partial<MessageTemplate> = {}): MessageTemplate {
  const subject = channel === 'email' ? QUOTE_EMAIL_SUBJECT : '';
  const body = channel === 'email' ? QUOTE_EMAIL_BODY : channel === 'sms' ? QUOTE_SMS : QUOTE_WHATSAPP;
  return { channel, language, subject, body, custom: false, version: 0, defaultSubject: subject, defaultBody: body, updatedAt: null, ...patch };
}

/** "Proposta enviada" on every channel in both languages, the defaults in use. */
export function quoteSent(patch: Partial<KindTemplates> = {}): KindTemplates {
  return {
    kind: 'quote_sent',
    purpose: 'transactional',
    description: 'A quote was sent to its customer: the link to read and accept it (the PDF attached to e-mails)',
    variables: ['customer_name', 'quote_number', 'link', 'valid_until', 'store', 'tenant'],
    templates: (['email', 'sms', 'whatsapp'] as const).flatMap((c) => ['pt-BR', 'en'].map((l) => messageTemplate(c, l))),
    ...patch,
  };
}

/** "Aprovação de desconto decidida": e-mails only, with a yes-or-no variable. */
export function approvalDecided(): KindTemplates {
  const subject = 'Desconto {% if approved %}aprovado{% else %}recusado{% endif %}: proposta {{ quote_number }}';
  const body = 'Olá, {{ name }}.\n\n{{ by }} {% if approved %}aprovou{% else %}recusou{% endif %} o desconto da proposta {{ quote_number }}.\n\n{{ link }}';
  return {
    kind: 'approval_decided',
    purpose: 'transactional',
    description: 'A manager approved or declined a discount',
    variables: ['name', 'approved', 'by', 'quote_number', 'note', 'link'],
    templates: ['pt-BR', 'en'].map((l) => messageTemplate('email', l, { subject, body, defaultSubject: subject, defaultBody: body })),
  };
}

/** "Oferta de veículo": marketing, with its opt-out link. */
export function vehicleOffer(): KindTemplates {
  const body = '{{ store }}: {{ vehicle }} por {{ price }}. Veja: {{ link }} Para não receber mais, responda SAIR.';
  return {
    kind: 'vehicle_offer',
    purpose: 'marketing',
    description: 'An offer of a vehicle to a customer',
    variables: ['customer_name', 'vehicle', 'price', 'link', 'store', 'opt_out_link'],
    templates: [messageTemplate('sms', 'pt-BR', { body, defaultBody: body })],
  };
}

/** The server's sample values, as the preview answers them. */
export const SAMPLE = {
  customer_name: 'Carlos Lima',
  quote_number: 'PR-00012',
  link: 'https://exemplo.innexar.app/p/3kq9-exemplo',
  valid_until: '17/03/2026',
  store: 'Matriz',
  tenant: 'Auto Center Exemplo',
};

/** A rough stand-in for the server's preview: the variables replaced by the sample values. */
export function rendered(channel: TemplateChannel, subject: string, body: string): Preview {
  const fill = (s: string) => s.replace(/\{\{\s*(\w+)\s*\}\}/g, (_, name: string) => (SAMPLE as Record<string, string>)[name] ?? `[${name}]`);
  const numbered: string[] = [];
  const template = body.replace(/\{\{\s*(\w+)\s*\}\}/g, (_, name: string) => {
    if (!numbered.includes(name)) numbered.push(name);
    return `{{${numbered.indexOf(name) + 1}}}`;
  });
  return {
    subject: fill(subject),
    body: fill(body),
    html: channel === 'email' ? `<!doctype html><html><body><p>${fill(body)}</p></body></html>` : null,
    whatsappTemplate: channel === 'whatsapp' ? template : null,
    whatsappParameters: channel === 'whatsapp' ? numbered : null,
    sample: SAMPLE as unknown as Preview['sample'],
  };
}
