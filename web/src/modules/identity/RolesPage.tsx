import { useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import { Lock, RotateCcw } from 'lucide-react';
import { api, unwrap } from '@/api/client';
import { authKeys } from '@/auth/keys';
import { usePageTitle } from '@/app/title';
import { problemText } from '@/i18n/problems';
import { useUnsavedChanges } from '@/lib/useUnsavedChanges';
import { Badge } from '@/ui/Badge';
import { Button } from '@/ui/Button';
import { Card, PageHeader } from '@/ui/Card';
import { Dialog } from '@/ui/Dialog';
import { Select } from '@/ui/Field';
import { QueryView } from '@/ui/QueryView';
import { Skeleton } from '@/ui/Skeleton';
import { useToast } from '@/ui/Toast';
import { UnsavedChangesDialog } from '@/ui/UnsavedChangesDialog';
import { cn } from '@/ui/cn';
import { roleKeys } from './keys';
import { byArea, editable, grantable, held, pending, pendingCount, toggle, withRole, withoutRole, type Draft, type RoleMatrix } from './roleMatrix';
import type { Role } from './roles';

/** A permission's name in the user's language; one this version does not know keeps its own. */
export function permissionLabel(t: TFunction, name: string): string {
  return t(`permissionsAdmin.names.${name}`, { defaultValue: name });
}

/** Roles × permissions for the Owner: tick what each role may do, save, or restore the defaults. */
export function RolesPage() {
  const { t } = useTranslation();
  usePageTitle(t('permissionsAdmin.title'));
  const matrix = useQuery({ queryKey: roleKeys.matrix(), queryFn: () => unwrap(api.GET('/api/v1/roles')) });

  return (
    <>
      <PageHeader title={t('permissionsAdmin.title')}>{t('permissionsAdmin.intro')}</PageHeader>
      <QueryView
        query={matrix}
        skeleton={<Card className="space-y-2 p-4">{Array.from({ length: 8 }, (_, i) => <Skeleton key={i} className="h-10" />)}</Card>}
      >
        {(data) => <MatrixEditor matrix={data} />}
      </QueryView>
    </>
  );
}

function MatrixEditor({ matrix }: { matrix: RoleMatrix }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const toast = useToast();
  const [draft, setDraft] = useState<Draft>({});
  const [restoring, setRestoring] = useState<Role | null>(null);
  const roles = matrix.roles.map((r) => r.role);
  // On a phone one role's column at a time, picked above the list.
  const [shown, setShown] = useState<Role>(roles.find((r) => editable(matrix, r)) ?? roles[0] ?? 'sales');
  const count = pendingCount(matrix, draft);
  const unsaved = useUnsavedChanges(count > 0);
  const roleName = (r: Role) => t(`roles.${r}`);

  const settle = (view: RoleMatrix['roles'][number]) => {
    qc.setQueryData<RoleMatrix>(roleKeys.matrix(), (m) => (m ? withRole(m, view) : m));
    // Someone signed in here may hold the role: their menu and buttons follow the new grants.
    void qc.invalidateQueries({ queryKey: authKeys.me() });
  };

  const save = useMutation({
    mutationFn: async (d: Draft) => {
      const results: Array<{ role: Role; error?: unknown }> = [];
      for (const role of Object.keys(d) as Role[]) {
        try {
          const view = await unwrap(api.PUT('/api/v1/roles/{role}', { params: { path: { role } }, body: { permissions: [...(d[role] ?? [])] } }));
          settle(view);
          setDraft((cur) => withoutRole(cur, role));
          results.push({ role });
        } catch (error) {
          results.push({ role, error });
        }
      }
      return results;
    },
    onSuccess: (results) => {
      for (const r of results) {
        if (r.error) toast.error(t('permissionsAdmin.saveFailed', { role: roleName(r.role) }), problemText(t, r.error));
        else toast.success(t('permissionsAdmin.saved', { role: roleName(r.role) }));
      }
    },
  });

  const restore = useMutation({
    mutationFn: (role: Role) => unwrap(api.DELETE('/api/v1/roles/{role}', { params: { path: { role } } })),
    onSuccess: (view) => {
      settle(view);
      setDraft((cur) => withoutRole(cur, view.role));
      toast.success(t('permissionsAdmin.restored', { role: roleName(view.role) }));
      setRestoring(null);
    },
    onError: (e) => {
      setRestoring(null);
      toast.error(t('errors.saveFailed'), problemText(t, e));
    },
  });

  const col = (r: Role) => (r === shown ? 'table-cell' : 'hidden lg:table-cell');

  return (
    <>
      <div className="mb-4 lg:hidden">
        <Select
          label={t('permissionsAdmin.role')}
          value={shown}
          onChange={(e) => setShown(e.target.value as Role)}
          options={roles.map((r) => ({ value: r, label: roleName(r) }))}
        />
      </div>
      <Card className="overflow-x-auto">
        <table className="w-full text-sm">
          <caption className="sr-only">{t('permissionsAdmin.title')}</caption>
          <thead className="bg-slate-50 text-slate-700 dark:bg-slate-800/50 dark:text-slate-300">
            <tr>
              <th scope="col" className="min-w-44 px-4 py-3 text-left font-medium">{t('permissionsAdmin.permission')}</th>
              {roles.map((r) => {
                const view = matrix.roles.find((v) => v.role === r);
                return (
                  <th key={r} scope="col" className={cn('px-1.5 py-3 text-center align-top font-medium lg:w-[5.5rem]', col(r))}>
                    <span className="block">{roleName(r)}</span>
                    {!view?.editable ? (
                      <span className="mt-1 inline-flex items-center gap-1 text-xs font-normal text-slate-600 dark:text-slate-400">
                        <Lock className="h-3 w-3" aria-hidden />
                        <span className="sr-only">{t('permissionsAdmin.ownerFixed')}</span>
                        <span aria-hidden>{t('permissionsAdmin.fixed')}</span>
                      </span>
                    ) : (
                      <span className="mt-1 flex flex-col items-center gap-1">
                        <Badge tone={view.customized ? 'amber' : 'gray'}>
                          {view.customized ? t('permissionsAdmin.customized') : t('permissionsAdmin.standard')}
                        </Badge>
                        {view.customized && (
                          <button
                            type="button"
                            onClick={() => setRestoring(r)}
                            className="inline-flex min-h-11 items-center gap-1 rounded px-1 text-xs font-normal text-brand-700 underline lg:min-h-0 dark:text-brand-100"
                            aria-label={t('permissionsAdmin.restoreRole', { role: roleName(r) })}
                          >
                            <RotateCcw className="h-3 w-3" aria-hidden />
                            {t('permissionsAdmin.restore')}
                          </button>
                        )}
                      </span>
                    )}
                  </th>
                );
              })}
            </tr>
          </thead>
          {byArea(matrix.permissions).map((group) => (
            <tbody key={group.area} className="border-t border-slate-200 dark:border-slate-800">
              <tr>
                <th scope="colgroup" colSpan={roles.length + 1} className="bg-white px-4 pb-1 pt-4 text-left text-xs font-semibold uppercase tracking-wide text-slate-600 dark:bg-slate-900 dark:text-slate-400">
                  {t(`permissionsAdmin.areas.${group.area}`, { defaultValue: group.area })}
                </th>
              </tr>
              {group.permissions.map((p) => {
                const label = permissionLabel(t, p.name);
                const open = grantable(matrix, p.name);
                return (
                  <tr key={p.name} className="border-t border-slate-100 dark:border-slate-800">
                    <th scope="row" className="px-4 py-2 text-left font-normal">
                      {label}
                      {!open && <span className="block text-xs text-slate-600 dark:text-slate-400">{t('permissionsAdmin.ownerOnly')}</span>}
                    </th>
                    {roles.map((r) => {
                      const on = held(matrix, draft, r).has(p.name);
                      const changed = pending(matrix, draft, r).includes(p.name);
                      const fixed = !editable(matrix, r) || !open;
                      return (
                        <td key={r} className={cn('px-2 py-1 text-center', col(r), changed && 'bg-amber-50 dark:bg-amber-950/40')}>
                          <label className="inline-flex h-11 w-11 cursor-pointer items-center justify-center lg:h-9 lg:w-9">
                            <input
                              type="checkbox"
                              className="h-5 w-5 accent-brand-600 disabled:cursor-not-allowed"
                              checked={on}
                              disabled={fixed || save.isPending}
                              aria-label={t('permissionsAdmin.grant', { role: roleName(r), permission: label })}
                              onChange={() => setDraft((d) => toggle(matrix, d, r, p.name))}
                            />
                          </label>
                        </td>
                      );
                    })}
                  </tr>
                );
              })}
            </tbody>
          ))}
        </table>
      </Card>

      <div
        className={cn(
          'sticky bottom-0 z-20 -mx-4 mt-4 flex flex-wrap items-center justify-end gap-3 border-t border-slate-200 bg-white/95 px-4 py-3 backdrop-blur sm:-mx-6 sm:px-6 dark:border-slate-800 dark:bg-slate-900/95',
          count === 0 && 'hidden',
        )}
      >
        <p role="status" className="mr-auto text-sm font-medium">{t('permissionsAdmin.unsaved', { count })}</p>
        <Button variant="secondary" onClick={() => setDraft({})} disabled={save.isPending} className="h-11 lg:h-10">
          {t('permissionsAdmin.discard')}
        </Button>
        <Button onClick={() => save.mutate(draft)} loading={save.isPending} className="h-11 lg:h-10">
          {t('permissionsAdmin.save')}
        </Button>
      </div>

      <Dialog
        open={restoring !== null}
        onOpenChange={(o) => !o && setRestoring(null)}
        title={restoring ? t('permissionsAdmin.restoreTitle', { role: roleName(restoring) }) : ''}
        description={restoring ? t('permissionsAdmin.restoreBody', { role: roleName(restoring) }) : ''}
        footer={
          <>
            <Button variant="secondary" onClick={() => setRestoring(null)}>{t('common.cancel')}</Button>
            <Button loading={restore.isPending} onClick={() => restoring && restore.mutate(restoring)}>{t('permissionsAdmin.restore')}</Button>
          </>
        }
      >
        {null}
      </Dialog>
      <UnsavedChangesDialog blocker={unsaved.blocker} />
    </>
  );
}
