import { describe, expect, it } from 'vitest';
import {
  byUse,
  INTAKE_EXAMPLE,
  intakeCurl,
  intakeKeyBody,
  keyFor,
  listBody,
  listRows,
  settingsBody,
  settingsFault,
  settingsForm,
  type IntakeKey,
  type LeadSettings,
} from './model';

const settings: LeadSettings = {
  storeId: 's1',
  firstResponseMinutes: 30,
  assignment: 'by_source',
  sourceOwners: { website: 'u1' },
  updatedAt: '2026-12-01T00:00:00Z',
  version: 2,
};

describe('the lead settings form', () => {
  it('reads the settings and sends them back unchanged', () => {
    expect(settingsBody(settingsForm(settings))).toEqual({ firstResponseMinutes: 30, assignment: 'by_source', sourceOwners: { website: 'u1' } });
  });

  it('leaves out the sources left to the round robin', () => {
    const f = { ...settingsForm(settings), firstResponseMinutes: ' 45 ', sourceOwners: { website: 'u1', olx: '', webmotors: 'u2' } };
    expect(settingsBody(f)).toEqual({ firstResponseMinutes: 45, assignment: 'by_source', sourceOwners: { website: 'u1', webmotors: 'u2' } });
  });

  it('sends no source table for the other rules', () => {
    expect(settingsBody({ ...settingsForm(settings), assignment: 'round_robin' }).sourceOwners).toEqual({});
    expect(settingsBody({ ...settingsForm(settings), assignment: 'manual' }).sourceOwners).toEqual({});
  });

  it('takes 1 minute to 7 days', () => {
    const f = settingsForm(settings);
    expect(settingsFault({ ...f, firstResponseMinutes: '1' })).toBeNull();
    expect(settingsFault({ ...f, firstResponseMinutes: '10080' })).toBeNull();
    for (const bad of ['', '0', '10081', '1.5', 'abc']) expect(settingsFault({ ...f, firstResponseMinutes: bad }), bad).toBe('leads.invalid_sla');
  });
});

describe('the lists', () => {
  const items = [
    { key: 'website', label: 'Site da loja', points: 14, position: 0, active: true },
    { key: 'olx', label: 'OLX', points: 8, position: 1, active: false },
  ];

  it('edit the active entries only', () => {
    expect(listRows(items)).toEqual([{ key: 'website', label: 'Site da loja', points: '14', saved: true }]);
  });

  it('send every row in order with its points; lost reasons with none', () => {
    const rows = [
      { key: 'website', label: ' Site ', points: '15', saved: true },
      { key: 'feirao', label: 'Feirão', points: '', saved: false },
    ];
    expect(listBody('source', rows)).toEqual([
      { key: 'website', label: 'Site', points: 15 },
      { key: 'feirao', label: 'Feirão', points: 0 },
    ]);
    expect(listBody('lost_reason', rows).map((r) => r.points)).toEqual([0, 0]);
  });

  it('make a new key from the label, unique among the others', () => {
    expect(keyFor('Feirão de sábado!', [])).toBe('feirao_de_sabado');
    expect(keyFor('Feirão de sábado', ['feirao_de_sabado'])).toBe('feirao_de_sabado_2');
    expect(keyFor('???', [])).toBe('item');
    expect(keyFor('x'.repeat(60), []).length).toBeLessThanOrEqual(40);
  });
});

describe('the intake keys', () => {
  it('are made for a trimmed name, a source and a store', () => {
    expect(intakeKeyBody({ name: ' Formulário do site ', source: 'website', storeId: 's1' })).toEqual({ name: 'Formulário do site', source: 'website', storeId: 's1' });
  });

  it('list the keys in use first, the newest first', () => {
    const key = (id: string, createdAt: string, revokedAt: string | null = null): IntakeKey => ({ id, name: id, prefix: 'ik_', source: 'website', storeId: 's1', createdAt, revokedAt });
    const items = [key('old', '2026-11-01T00:00:00Z'), key('revoked', '2026-12-05T00:00:00Z', '2026-12-06T00:00:00Z'), key('new', '2026-12-01T00:00:00Z')];
    expect(byUse(items).map((k) => k.id)).toEqual(['new', 'old', 'revoked']);
  });

  it('show an integrator a lead with the honeypot left empty', () => {
    expect(INTAKE_EXAMPLE.website).toBe('');
    const curl = intakeCurl('https://loja.innexar.test', 'ik_abc');
    expect(curl).toContain('POST https://loja.innexar.test/api/v1/intake/leads');
    expect(curl).toContain("X-Api-Key: ik_abc");
    expect(JSON.parse(curl.slice(curl.indexOf("-d '") + 4, -1))).toEqual(INTAKE_EXAMPLE);
  });
});
