import { describe, expect, it } from 'vitest';
import {
  byClosed,
  byDue,
  closeBody,
  confirmsName,
  emptyRequest,
  isAnonymized,
  personalDataFileName,
  requestBody,
  type DataRequest,
} from './model';

const SP = 'America/Sao_Paulo';
const NOW = new Date('2026-12-06T15:00:00Z'); // 12:00 in São Paulo

function request(over: Partial<DataRequest>): DataRequest {
  return {
    id: 'r1',
    customerId: 'c1',
    customerName: 'Maria Souza',
    kind: 'access',
    channel: 'e-mail',
    status: 'open',
    receivedAt: '2026-12-01T12:00:00Z',
    dueOn: '2026-12-16',
    overdue: false,
    version: 1,
    ...over,
  };
}

describe('the request form', () => {
  it('sends a request received today without a date, so the server clock counts the deadline', () => {
    expect(requestBody({ ...emptyRequest('portability'), channel: '  balcão ', details: '  ' }, SP, NOW)).toEqual({
      kind: 'portability',
      channel: 'balcão',
      details: null,
      receivedAt: null,
    });
    expect(requestBody({ ...emptyRequest(), receivedOn: '2026-12-06' }, SP, NOW).receivedAt).toBeNull();
  });

  it('sends an earlier day as the start of that day in São Paulo, with the details trimmed', () => {
    expect(requestBody({ kind: 'anonymization', channel: 'carta', details: ' Pede a exclusão. ', receivedOn: '2026-11-30' }, SP, NOW)).toEqual({
      kind: 'anonymization',
      channel: 'carta',
      details: 'Pede a exclusão.',
      receivedAt: '2026-11-30T03:00:00.000Z',
    });
  });

  it('closes with the outcome as the status and the answer trimmed', () => {
    expect(closeBody({ outcome: 'completed', answer: ' Enviado por e-mail. \n' })).toEqual({ status: 'completed', answer: 'Enviado por e-mail.' });
    expect(closeBody({ outcome: 'refused', answer: 'Não é titular.' })).toEqual({ status: 'refused', answer: 'Não é titular.' });
  });
});

describe('the request lists', () => {
  it('put the soonest due first, an overdue one before the others of its day', () => {
    const later = request({ id: 'later', dueOn: '2026-12-20' });
    const soon = request({ id: 'soon', dueOn: '2026-12-03', overdue: false });
    const late = request({ id: 'late', dueOn: '2026-12-03', overdue: true });
    expect(byDue([later, soon, late]).map((r) => r.id)).toEqual(['late', 'soon', 'later']);
  });

  it('put the latest closed first', () => {
    const a = request({ id: 'a', status: 'completed', closedAt: '2026-12-02T10:00:00Z' });
    const b = request({ id: 'b', status: 'refused', closedAt: '2026-12-05T10:00:00Z' });
    expect(byClosed([a, b]).map((r) => r.id)).toEqual(['b', 'a']);
  });
});

describe('anonymisation', () => {
  it('is confirmed by the name typed, case, accents and spaces aside', () => {
    expect(confirmsName('joão  da silva ', 'João da Silva')).toBe(true);
    expect(confirmsName('Joao da Silv', 'João da Silva')).toBe(false);
    expect(confirmsName('   ', '')).toBe(false);
  });

  it('tells the pseudonym from a name', () => {
    expect(isAnonymized('Titular anonimizado 0192ab3c')).toBe(true);
    expect(isAnonymized('Titular da Silva')).toBe(false);
  });

  it('names the download after the customer', () => {
    expect(personalDataFileName('0192ab3c-0000-7000-8000-000000000000')).toBe('titular-0192ab3c-0000-7000-8000-000000000000.json');
  });
});
