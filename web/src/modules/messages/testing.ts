// What the channels' and the opt-out page's component tests share: a channel's settings and an
// opt-out link's view as the API answers them.
import type { ChannelSettings, OptOut, WhatsappTemplate } from './model';

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
