import { afterEach, describe, expect, it } from 'vitest';
import { ApiError } from '@/api/problem';
import i18n from '@/i18n';
import { fieldText, problemText } from './problems';
import { signInResources } from './signIn';

const t = i18n.t.bind(i18n);
const problem = (status: number, code: string | undefined, extra: object = {}) =>
  new ApiError(status, { code, title: 'Server title', detail: 'the server’s own words', ...extra });

describe('problem texts', () => {
  afterEach(async () => {
    await i18n.changeLanguage('pt-BR');
  });

  it('give the text of a known code, in the user’s language', async () => {
    expect(problemText(t, problem(409, 'vehicles.duplicate_vin'))).toBe('Já existe um veículo com este chassi.');
    await i18n.changeLanguage('en');
    expect(problemText(t, problem(409, 'vehicles.duplicate_vin'))).toBe('Another vehicle has this VIN.');
  });

  it('fall back to the HTTP status for a code this version does not know, never to the server’s words', async () => {
    expect(problemText(t, problem(409, 'sales.vehicle_already_sold'))).toBe(
      'Não foi possível concluir: o registro mudou ou já existe. Atualize a página e confira.',
    );
    expect(problemText(t, problem(422, 'sales.down_payment_too_high'))).toBe('Alguns dados estão inválidos. Confira e tente de novo.');
    expect(problemText(t, problem(418, undefined))).toBe('Algo deu errado. Tente novamente.');
    await i18n.changeLanguage('en');
    expect(problemText(t, problem(409, 'sales.vehicle_already_sold'))).toBe(
      'Could not finish: the record changed or already exists. Reload the page and check.',
    );
  });

  it('read a code whose words have not loaded (a page outside the shell) by its status, never as the code', async () => {
    const signIn = i18n.createInstance();
    await signIn.init({ resources: signInResources(), ns: ['translation', 'problems'], lng: 'pt-BR', showSupportNotice: false });
    const t = signIn.t.bind(signIn);
    expect(problemText(t, problem(401, 'auth.invalid_credentials'))).toBe('E-mail ou senha incorretos.');
    expect(problemText(t, problem(409, 'vehicles.duplicate_vin'))).toBe(
      'Não foi possível concluir: o registro mudou ou já existe. Atualize a página e confira.',
    );
    expect(fieldText(t, 'placa.invalid')).toBe('Valor inválido.');
  });

  it('give the trace id of a server fault, for support', () => {
    expect(problemText(t, problem(500, 'internal', { traceId: 'abc123' }))).toBe(
      'Erro inesperado no servidor. Tente de novo; se continuar, fale com o suporte. Código para o suporte: abc123.',
    );
    expect(problemText(t, problem(502, undefined))).toBe('O servidor está indisponível no momento. Tente de novo em instantes.');
  });

  it('say the server is out of reach when no answer came, and something went wrong for anything else', () => {
    expect(problemText(t, new ApiError(0, { detail: 'Failed to fetch' }))).toBe('Sem conexão com o servidor.');
    expect(problemText(t, new TypeError('x is undefined'))).toBe('Algo deu errado. Tente novamente.');
  });

  it('give a field its code’s text, or "invalid value" for a code it does not know', () => {
    expect(fieldText(t, 'placa.invalid')).toBe('Placa inválida: use ABC1234 ou, no padrão Mercosul, ABC1D23.');
    expect(fieldText(t, 'validation.required')).toBe('Preencha este campo.');
    expect(fieldText(t, 'vehicles.invalid_color')).toBe('Valor inválido.');
    expect(fieldText(t, 'Invalid option: expected one of "a"|"b"')).toBe('Valor inválido.');
  });
});
