import { useState } from 'react';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { Pencil, Plus } from 'lucide-react';
import { api, unwrap } from '@/api/client';
import { useAuth } from '@/auth/AuthProvider';
import { useStoreScope } from '@/app/StoreScope';
import { usePageTitle } from '@/app/title';
import { formatDateTime } from '@/lib/format';
import { Badge } from '@/ui/Badge';
import { Button } from '@/ui/Button';
import { Card, PageHeader } from '@/ui/Card';
import { EmptyState } from '@/ui/EmptyState';
import { Input } from '@/ui/Field';
import { Pagination } from '@/ui/Pagination';
import { QueryView } from '@/ui/QueryView';
import { Skeleton } from '@/ui/Skeleton';
import { Table, Td, Th, THead, Tr } from '@/ui/Table';
import { userKeys } from './keys';
import type { User } from './roles';
import { UserDialog } from './UserDialog';

const PAGE_SIZE = 25;

export function UsersPage() {
  const { t } = useTranslation();
  const { can } = useAuth();
  const { storeName } = useStoreScope();
  const [params, setParams] = useSearchParams();
  const q = params.get('q') ?? '';
  const page = Math.max(1, Number(params.get('page') ?? '1') || 1);
  const [editing, setEditing] = useState<User | null>(null);
  const [open, setOpen] = useState(false);
  usePageTitle(t('users.title'));

  const users = useQuery({
    queryKey: userKeys.list({ q, page }),
    queryFn: () => unwrap(api.GET('/api/v1/users', { params: { query: { q: q || undefined, page, pageSize: PAGE_SIZE, sort: 'name' } } })),
    placeholderData: keepPreviousData,
  });

  const set = (next: { q?: string; page?: number }) => {
    const p = new URLSearchParams();
    const nq = next.q ?? q;
    if (nq) p.set('q', nq);
    if ((next.page ?? 1) > 1) p.set('page', String(next.page));
    setParams(p, { replace: true });
  };

  return (
    <>
      <PageHeader
        title={t('users.title')}
        actions={
          can('users.manage') && (
            <Button onClick={() => { setEditing(null); setOpen(true); }}>
              <Plus className="h-4 w-4" aria-hidden />
              {t('users.new')}
            </Button>
          )
        }
      />
      <Card className="mb-4 p-4">
        <Input label={t('users.search')} type="search" defaultValue={q} onChange={(e) => set({ q: e.target.value })} />
      </Card>
      <Card>
        <QueryView
          query={users}
          skeleton={<div className="space-y-2 p-4">{Array.from({ length: 5 }, (_, i) => <Skeleton key={i} className="h-10" />)}</div>}
        >
          {(data) =>
            data.items.length === 0 ? (
              <EmptyState title={t('users.empty')} />
            ) : (
              <>
                <Table caption={t('users.title')}>
                  <THead>
                    <Th>{t('users.name')}</Th>
                    <Th>{t('users.roles')}</Th>
                    <Th className="hidden sm:table-cell">{t('users.stores')}</Th>
                    <Th>{t('users.status')}</Th>
                    <Th className="hidden md:table-cell">{t('users.lastLogin')}</Th>
                    {can('users.manage') && <Th><span className="sr-only">{t('common.actions')}</span></Th>}
                  </THead>
                  <tbody>
                    {data.items.map((u) => (
                      <Tr key={u.id}>
                        <Td>
                          <p className="font-medium">{u.name}</p>
                          <p className="text-xs text-slate-600 dark:text-slate-400">{u.email}</p>
                        </Td>
                        <Td>{u.roles.map((r) => t(`roles.${r}`)).join(', ')}</Td>
                        <Td className="hidden sm:table-cell">{u.storeIds ? u.storeIds.map(storeName).join(', ') : t('stores.all')}</Td>
                        <Td>
                          <Badge tone={u.status === 'active' ? 'green' : u.status === 'invited' ? 'blue' : 'gray'}>{t(`users.statuses.${u.status}`)}</Badge>
                        </Td>
                        <Td className="hidden md:table-cell">{formatDateTime(u.lastLoginAt)}</Td>
                        {can('users.manage') && (
                          <Td className="text-right">
                            <Button variant="ghost" size="sm" aria-label={t('users.editTitle', { name: u.name })} onClick={() => { setEditing(u); setOpen(true); }}>
                              <Pencil className="h-4 w-4" aria-hidden />
                            </Button>
                          </Td>
                        )}
                      </Tr>
                    ))}
                  </tbody>
                </Table>
                <Pagination page={page} pageSize={PAGE_SIZE} total={data.total} exact={data.totalExact} onPage={(p) => set({ page: p })} />
              </>
            )
          }
        </QueryView>
      </Card>
      <UserDialog user={editing} open={open} onOpenChange={setOpen} />
    </>
  );
}
