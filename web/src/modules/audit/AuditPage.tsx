import { useMemo } from 'react';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { X } from 'lucide-react';
import { api, unwrap } from '@/api/client';
import { useStoreScope } from '@/app/StoreScope';
import { usePageTitle } from '@/app/title';
import { formatNumber } from '@/lib/format';
import { Button } from '@/ui/Button';
import { Card, PageHeader } from '@/ui/Card';
import { EmptyState } from '@/ui/EmptyState';
import { Select } from '@/ui/Field';
import { Pagination } from '@/ui/Pagination';
import { QueryView } from '@/ui/QueryView';
import { Skeleton } from '@/ui/Skeleton';
import { AuditEntryItem } from './AuditEntryItem';
import { ACTIONS, ENTITY_TYPES, actionText, entityText, type Lookups } from './entries';
import { auditKeys, type AuditFilters } from './keys';

const PAGE_SIZE = 25;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The filters as the address keeps them (`?type=vehicle&action=vehicles.updated&page=2`). */
function readFilters(p: URLSearchParams): AuditFilters {
  const uuid = (v: string | null) => (v && UUID.test(v) ? v : null);
  const oneOf = <T extends string>(v: string | null, list: readonly T[]) => (v && (list as readonly string[]).includes(v) ? v : null);
  return {
    entityType: oneOf(p.get('type'), ENTITY_TYPES),
    action: oneOf(p.get('action'), ACTIONS),
    actorId: uuid(p.get('actor')),
    entityId: uuid(p.get('entity')),
    page: Math.max(1, Math.floor(Number(p.get('page') ?? '1')) || 1),
  };
}

function writeFilters(f: AuditFilters): URLSearchParams {
  const p = new URLSearchParams();
  if (f.entityType) p.set('type', f.entityType);
  if (f.action) p.set('action', f.action);
  if (f.actorId) p.set('actor', f.actorId);
  if (f.entityId) p.set('entity', f.entityId);
  if (f.page > 1) p.set('page', String(f.page));
  return p;
}

/** The tenant's audit log for Owners: who changed what and when, filterable, newest first. */
export function AuditPage() {
  const { t } = useTranslation();
  usePageTitle(t('audit.title'));
  const [params, setParams] = useSearchParams();
  const filters = readFilters(params);
  const { stores } = useStoreScope();
  const filtered = Boolean(filters.entityType || filters.action || filters.actorId || filters.entityId);

  const log = useQuery({
    queryKey: auditKeys.list(filters),
    queryFn: () =>
      unwrap(
        api.GET('/api/v1/audit', {
          params: {
            query: {
              page: filters.page,
              pageSize: PAGE_SIZE,
              entityType: filters.entityType ?? undefined,
              action: filters.action ?? undefined,
              actorId: filters.actorId ?? undefined,
              entityId: filters.entityId ?? undefined,
            },
          },
        }),
      ),
    placeholderData: keepPreviousData,
    staleTime: 0,
  });
  // The people the log names: their names instead of bare e-mails, and the "who" filter.
  const actors = useQuery({
    queryKey: auditKeys.actors(),
    queryFn: () => unwrap(api.GET('/api/v1/users', { params: { query: { pageSize: 100, sort: 'name' } } })),
    staleTime: 60_000,
  });

  const lookups = useMemo<Lookups>(() => {
    const users = new Map((actors.data?.items ?? []).map((u) => [u.id, u.name]));
    const storeNames = new Map(stores.map((s) => [s.id, s.name]));
    return { userName: (id) => users.get(id), storeName: (id) => storeNames.get(id) };
  }, [actors.data, stores]);

  const set = (next: Partial<AuditFilters>) => setParams(writeFilters({ ...filters, page: 1, ...next }), { replace: true });

  return (
    <>
      <PageHeader title={t('audit.title')}>{t('audit.intro')}</PageHeader>
      <Card className="mb-4 p-4">
        <form className="grid gap-3 sm:grid-cols-3" aria-label={t('audit.filters')} onSubmit={(e) => e.preventDefault()}>
          <Select
            label={t('audit.entityType')}
            value={filters.entityType ?? ''}
            onChange={(e) => set({ entityType: e.target.value || null })}
            placeholder={t('audit.all')}
            options={ENTITY_TYPES.map((v) => ({ value: v, label: entityText(t, v) }))}
          />
          <Select
            label={t('audit.action')}
            value={filters.action ?? ''}
            onChange={(e) => set({ action: e.target.value || null })}
            placeholder={t('audit.allActions')}
            options={ACTIONS.map((a) => ({ value: a, label: actionText(t, a) }))}
          />
          <Select
            label={t('audit.actor')}
            value={filters.actorId ?? ''}
            onChange={(e) => set({ actorId: e.target.value || null })}
            placeholder={t('audit.all')}
            options={(actors.data?.items ?? []).map((u) => ({ value: u.id, label: u.name }))}
          />
        </form>
        {filtered && (
          <div className="mt-3 flex justify-end">
            <Button variant="ghost" onClick={() => setParams(new URLSearchParams(), { replace: true })}>
              <X className="h-4 w-4" aria-hidden />
              {t('audit.clear')}
            </Button>
          </div>
        )}
      </Card>

      <Card>
        <QueryView
          query={log}
          skeleton={<div className="space-y-3 p-4">{Array.from({ length: 5 }, (_, i) => <Skeleton key={i} className="h-16" />)}</div>}
        >
          {(data) =>
            data.items.length === 0 ? (
              <EmptyState title={t('audit.emptyTitle')}>{filtered ? t('audit.emptyBody') : t('audit.emptyLog')}</EmptyState>
            ) : (
              <>
                <p aria-live="polite" className="border-b border-slate-100 px-4 py-3 text-sm text-slate-600 dark:border-slate-800 dark:text-slate-400">
                  {data.totalExact
                    ? t('audit.count', { count: data.total, formatted: formatNumber(data.total) })
                    : t('audit.countAtLeast', { formatted: formatNumber(data.total) })}
                </p>
                <ul className="divide-y divide-slate-100 dark:divide-slate-800">
                  {data.items.map((e) => (
                    <AuditEntryItem key={e.id} entry={e} lookups={lookups} />
                  ))}
                </ul>
                <Pagination page={filters.page} pageSize={PAGE_SIZE} total={data.total} exact={data.totalExact} onPage={(page) => set({ page })} />
              </>
            )
          }
        </QueryView>
      </Card>
    </>
  );
}
