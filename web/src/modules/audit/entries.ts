// What an audit entry says to an Owner: the action in words, the record with a link to it, and
// each changed field as "label: before → after" with values formatted as the screens show them
// (money, dates in the user's locale, roles, stores, statuses), never as raw JSON.
import type { TFunction } from 'i18next';
import type { components } from '@/api/schema.gen';
import { EMPTY, formatBytes, formatDate, formatDateTime, formatKm, formatMoney } from '@/lib/format';
import { maskCep, maskCnpj } from '@/lib/masks';
import { zoneName } from '@/modules/org/timeZones';

export type AuditEntry = components['schemas']['AuditEntryView'];

/** The kinds of record the log names, in the filter's order. */
export const ENTITY_TYPES = ['vehicle', 'user', 'store', 'vehicle_photo', 'vehicle_document', 'vehicle_expense', 'job', 'role'] as const;

/** The actions the server records, in the filter's order. */
export const ACTIONS = [
  'vehicles.created',
  'vehicles.updated',
  'vehicles.status_changed',
  'vehicles.deleted',
  'vehicles.photo_added',
  'vehicles.photo_updated',
  'vehicles.photo_deleted',
  'vehicles.document_added',
  'vehicles.document_deleted',
  'vehicles.expense_recorded',
  'vehicles.expense_deleted',
  'vehicles.import_queued',
  'users.created',
  'users.updated',
  'users.password_changed',
  'users.password_reset_requested',
  'users.sessions_ended',
  'stores.created',
  'stores.updated',
  'identity.role_permissions_changed',
] as const;

/** Who and which stores the entries name, for their names. */
export interface Lookups {
  userName: (id: string) => string | undefined;
  storeName: (id: string) => string | undefined;
}

/** Bookkeeping the log keeps that tells an Owner nothing. */
const HIDDEN = new Set(['id', 'sha256', 'vehicleId', 'images', 'contentType']);

/** `Alterou o veículo`; an action this version does not know reads as such, with its code. */
export function actionText(t: TFunction, action: string): string {
  const key = `audit.actions.${action}`;
  return /^[a-z_]+\.[a-z_]+$/.test(action) && t(key, { defaultValue: '' }) !== ''
    ? t(key)
    : t('audit.actions.other', { action });
}

export function entityText(t: TFunction, entityType: string): string {
  return t(`audit.entities.${entityType}`, { defaultValue: entityType });
}

/** Who did it: the user's name (else the e-mail kept in the entry), the system, or support. */
export function actorText(t: TFunction, e: AuditEntry, lookups: Lookups): { name: string; detail: string | null } {
  if (e.actorKind === 'system') return { name: t('audit.system'), detail: null };
  if (e.actorKind === 'platform_admin') return { name: t('audit.platformAdmin'), detail: e.actorEmail ?? null };
  const name = e.actorId ? lookups.userName(e.actorId) : undefined;
  if (name) return { name, detail: e.actorEmail ?? null };
  return { name: e.actorEmail ?? t('audit.unknownUser'), detail: null };
}

interface Change {
  before?: unknown;
  after?: unknown;
}

/** One changed field, as read: `before`/`after` are null when the field was absent (a creation). */
export interface ChangeLine {
  field: string;
  label: string;
  before: string | null;
  after: string | null;
}

function isChange(v: unknown): v is Change {
  return typeof v === 'object' && v !== null && ('before' in v || 'after' in v);
}

const blank = (v: unknown) => v === null || v === undefined || v === '' || (Array.isArray(v) && v.length === 0);

/** A field's value as the screens show it. */
export function valueText(t: TFunction, field: string, value: unknown, lookups: Lookups): string {
  if (field === 'storeIds' && value === null) return t('stores.all');
  if (blank(value)) return EMPTY;
  if (typeof value === 'boolean') return value ? t('audit.yes') : t('audit.no');
  if (Array.isArray(value)) return value.map((v) => valueText(t, field.replace(/s$/, ''), v, lookups)).join(', ');
  if (typeof value === 'object') {
    return Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => !blank(v))
      .map(([k, v]) => `${fieldLabel(t, k)}: ${valueText(t, k, v, lookups)}`)
      .join('; ') || EMPTY;
  }
  if (field.endsWith('Cents') && typeof value === 'number') return formatMoney(value);
  const text = String(value);
  switch (field) {
    case 'mileageKm':
      return typeof value === 'number' ? formatKm(value) : text;
    case 'sizeBytes':
      return typeof value === 'number' ? formatBytes(value) : text;
    case 'enteredAt':
      return formatDateTime(text);
    case 'spentOn':
      return formatDate(text);
    // Lists are read item by item under the field's singular (`storeIds` -> `storeId`).
    case 'storeId':
      return lookups.storeName(text) ?? EMPTY;
    case 'role':
      return t(`roles.${text}`, { defaultValue: text });
    case 'status':
      return t(`status.${text}`, { defaultValue: text });
    case 'fuel':
    case 'transmission':
    case 'condition':
    case 'origin':
      return t(`${field}.${text}`, { defaultValue: text });
    case 'kind':
      return t(`documents.kinds.${text}`, { defaultValue: text });
    case 'timeZone':
      return zoneName(text);
    case 'cnpj':
      return maskCnpj(text);
    case 'postalCode':
      return maskCep(text);
    case 'permission':
      // The roles screen's words for it (src/modules/identity).
      return t(`permissionsAdmin.names.${text}`, { defaultValue: text });
    default:
      return text;
  }
}

/** A field's name in the user's language; one this version does not know keeps its own. */
export function fieldLabel(t: TFunction, field: string): string {
  return t(`audit.fields.${field}`, { defaultValue: field });
}

/** The entry's changed fields, in the order the server wrote them, bookkeeping left out. */
export function changeLines(t: TFunction, e: AuditEntry, lookups: Lookups): ChangeLine[] {
  const changes = (e.changes ?? {}) as Record<string, unknown>;
  return Object.entries(changes)
    .filter(([field, c]) => !HIDDEN.has(field) && isChange(c) && !(blank(c.before) && blank(c.after)))
    .flatMap(([field, c]): ChangeLine[] => {
      const { before, after } = c as Change;
      // A role's permissions: what it gained and what it lost, not two long lists.
      if (field === 'permissions' && Array.isArray(before) && Array.isArray(after)) {
        const gained = after.filter((p) => !before.includes(p));
        const lost = before.filter((p) => !after.includes(p));
        const list = (ps: unknown[]) => valueText(t, field, ps, lookups);
        return [
          ...(gained.length ? [{ field: 'permissions.granted', label: t('audit.granted'), before: null, after: list(gained) }] : []),
          ...(lost.length ? [{ field: 'permissions.revoked', label: t('audit.revoked'), before: list(lost), after: null }] : []),
        ];
      }
      return [line(field, before, after)];
    });

  function line(field: string, before: unknown, after: unknown): ChangeLine {
    // A list of stores is "all stores" when null: that is a value, not an absence.
    const absent = (v: unknown) => (field === 'storeIds' ? v === undefined : blank(v));
    return {
      field,
      label: fieldLabel(t, field),
      before: absent(before) ? null : valueText(t, field, before, lookups),
      after: absent(after) ? null : valueText(t, field, after, lookups),
    };
  }
}

/** A value of the entry's changes: after the change, else before it. */
function latest(e: AuditEntry, field: string): unknown {
  const c = (e.changes as Record<string, unknown> | undefined)?.[field];
  if (!isChange(c)) return undefined;
  return blank(c.after) ? c.before : c.after;
}

/** Where the entry's record is, and what to call it. `to` is null for a record with no screen. */
export interface RecordRef {
  kind: string;
  label: string | null;
  to: string | null;
  /** The link's accessible name, when the label alone would not say where it goes. */
  linkText: string;
}

/** The record an entry is about, with the screen that shows it (a vehicle's page, the users). */
export function recordOf(t: TFunction, e: AuditEntry, lookups: Lookups): RecordRef {
  const kind = entityText(t, e.entityType);
  const str = (v: unknown) => (typeof v === 'string' && v.trim() ? v : null);
  switch (e.entityType) {
    case 'vehicle': {
      const label = [str(latest(e, 'make')), str(latest(e, 'model')), str(latest(e, 'trim'))].filter(Boolean).join(' ') || null;
      const gone = e.action === 'vehicles.deleted';
      return { kind, label, to: e.entityId && !gone ? `/inventory/${e.entityId}` : null, linkText: label ?? t('audit.openVehicle') };
    }
    case 'vehicle_photo':
    case 'vehicle_document': {
      const vehicleId = str(latest(e, 'vehicleId'));
      const label = str(latest(e, 'originalFilename'));
      return { kind, label, to: vehicleId ? `/inventory/${vehicleId}` : null, linkText: t('audit.openVehicle') };
    }
    case 'vehicle_expense':
      return { kind, label: str(latest(e, 'description')), to: null, linkText: '' };
    case 'job':
      return { kind, label: str(latest(e, 'fileName')), to: null, linkText: '' };
    case 'user': {
      const name = (e.entityId ? lookups.userName(e.entityId) : undefined) ?? str(latest(e, 'name')) ?? str(latest(e, 'email'));
      const search = str(latest(e, 'email')) ?? name;
      return {
        kind,
        label: name,
        to: `/admin/users${search ? `?q=${encodeURIComponent(search)}` : ''}`,
        linkText: name ? t('audit.findUser', { name }) : t('audit.open'),
      };
    }
    case 'store': {
      const name = (e.entityId ? lookups.storeName(e.entityId) : undefined) ?? str(latest(e, 'name'));
      return { kind, label: name, to: '/admin/stores', linkText: t('audit.openStores') };
    }
    case 'role': {
      const role = str(latest(e, 'role')) ?? str(e.entityId);
      return { kind, label: role ? t(`roles.${role}`, { defaultValue: role }) : null, to: '/admin/roles', linkText: t('audit.open') };
    }
    default:
      return { kind, label: null, to: null, linkText: '' };
  }
}
