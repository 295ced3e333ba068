// The CRM settings' web model: a store's lead settings, the tenant's lists and the intake keys,
// each form's mapping to its API body, and the example an integrator copies.
import type { components } from '@/api/schema.gen';

export type LeadSettings = components['schemas']['StoreLeadSettings'];
export type LeadSettingsInput = components['schemas']['StoreSettingsInput'];
export type Assignment = components['schemas']['Assignment'];
export type ListKind = components['schemas']['ListKind'];
export type ListEntry = components['schemas']['ListEntry'];
export type ListEntryInput = components['schemas']['ListEntryInput'];
export type IntakeKey = components['schemas']['IntakeKey'];
export type NewIntakeKey = components['schemas']['NewIntakeKey'];

export const ASSIGNMENTS: readonly Assignment[] = ['round_robin', 'by_source', 'manual'];

/** The most points an entry of a list may carry (the server's rule). */
export const MAX_POINTS: Record<ListKind, number> = { source: 20, lost_reason: 0, score_weight: 100 };

export interface SettingsForm {
  /** As typed: whole minutes, 1 to 10 080 (7 days). */
  firstResponseMinutes: string;
  assignment: Assignment;
  /** Source key -> user id, '' for nobody (round robin for that source). */
  sourceOwners: Record<string, string>;
}

export function settingsForm(s: LeadSettings): SettingsForm {
  return { firstResponseMinutes: String(s.firstResponseMinutes), assignment: s.assignment, sourceOwners: { ...s.sourceOwners } };
}

/**
 * The body of `PUT /crm/stores/{id}/lead-settings`. The source table is kept only for
 * `by_source` (the other rules ignore it), without the sources left to the round robin.
 */
export function settingsBody(f: SettingsForm): LeadSettingsInput {
  const owners = Object.fromEntries(Object.entries(f.sourceOwners).filter(([, user]) => user !== ''));
  return {
    firstResponseMinutes: Number(f.firstResponseMinutes.trim()),
    assignment: f.assignment,
    sourceOwners: f.assignment === 'by_source' ? owners : {},
  };
}

/** `validation`-style codes of the settings form's own checks, before anything is sent. */
export function settingsFault(f: SettingsForm): 'leads.invalid_sla' | null {
  const n = Number(f.firstResponseMinutes.trim());
  return /^\d+$/.test(f.firstResponseMinutes.trim()) && n >= 1 && n <= 10_080 ? null : 'leads.invalid_sla';
}

/** One row of a list as the form edits it. */
export interface ListRow {
  key: string;
  label: string;
  points: string;
  /** Saved before: its key is kept (leads and reasons refer to it). */
  saved: boolean;
}

export function listRows(items: readonly ListEntry[]): ListRow[] {
  return items.filter((e) => e.active).map((e) => ({ key: e.key, label: e.label, points: String(e.points), saved: true }));
}

/**
 * A key for a new entry made from its label: lowercase ASCII, digits and `_`, at most 40
 * characters ("Feirão de sábado" -> `feirao_de_sabado`), unique among the others.
 */
export function keyFor(label: string, taken: readonly string[]): string {
  const base =
    label
      .normalize('NFD')
      .replace(/\p{M}/gu, '')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '_')
      .replace(/^_+|_+$/g, '')
      .slice(0, 36) || 'item';
  let key = base;
  for (let n = 2; taken.includes(key); n++) key = `${base}_${n}`;
  return key;
}

/** The body of `PUT /crm/lists/{kind}`: the rows in their order; lost reasons carry no points. */
export function listBody(kind: ListKind, rows: readonly ListRow[]): ListEntryInput[] {
  return rows.map((r) => ({
    key: r.key.trim(),
    label: r.label.trim(),
    points: kind === 'lost_reason' ? 0 : Number(r.points.trim() || '0'),
  }));
}

/** The body of `POST /crm/intake-keys`. */
export function intakeKeyBody(f: { name: string; source: string; storeId: string }): NewIntakeKey {
  return { name: f.name.trim(), source: f.source, storeId: f.storeId };
}

/** Keys still in use first, the newest first; revoked ones after. */
export function byUse(items: readonly IntakeKey[]): IntakeKey[] {
  return [...items].sort((a, b) => Number(Boolean(a.revokedAt)) - Number(Boolean(b.revokedAt)) || b.createdAt.localeCompare(a.createdAt));
}

/** What an integrator sends to `POST /api/v1/intake/leads` (the honeypot `website` left empty). */
export const INTAKE_EXAMPLE = {
  externalId: 'site-000123',
  name: 'Maria da Silva',
  phone: '(11) 98765-4321',
  email: 'maria@example.com',
  message: 'Tenho interesse no Onix 2022. Aceitam troca?',
  marketingConsent: { granted: true, textShown: 'Aceito receber ofertas por WhatsApp e e-mail.', textVersion: '2026-12' },
  website: '',
};

/** The example as a `curl` command against this app's address. */
export function intakeCurl(origin: string, key = '<chave>'): string {
  return [
    `curl -X POST ${origin}/api/v1/intake/leads \\`,
    `  -H 'Content-Type: application/json' \\`,
    `  -H 'X-Api-Key: ${key}' \\`,
    `  -d '${JSON.stringify(INTAKE_EXAMPLE, null, 2)}'`,
  ].join('\n');
}
