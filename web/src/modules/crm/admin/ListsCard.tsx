// The tenant's lists: lead sources with their quality points, lost reasons, and the score's
// factor weights. Everyone with `crm.configure` reads them; the Owner changes them (a saved list
// replaces the active entries; an item left out stays on the records filed under it).
import { useEffect, useMemo, useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Tabs } from 'radix-ui';
import { ArrowDown, ArrowUp, Plus, Trash2 } from 'lucide-react';
import { api, unwrap } from '@/api/client';
import { isApiError, pointerToPath } from '@/api/problem';
import { fieldText, problemText } from '@/i18n/problems';
import { Button } from '@/ui/Button';
import { Card } from '@/ui/Card';
import { Input } from '@/ui/Field';
import { Mono } from '@/ui/Mono';
import { QueryView } from '@/ui/QueryView';
import { Skeleton } from '@/ui/Skeleton';
import { useToast } from '@/ui/Toast';
import { leadKeys } from '../keys';
import { crmAdminKeys } from './keys';
import { keyFor, listBody, listRows, type ListEntry, type ListKind, type ListRow } from './model';

const KINDS: readonly ListKind[] = ['source', 'lost_reason', 'score_weight'];

/** Sources and lost reasons share the funnel's cache, so a saved list shows on the board at once. */
const listKey = (kind: ListKind) => (kind === 'score_weight' ? crmAdminKeys.weights() : leadKeys.list(kind));

const tabClass =
  'inline-flex min-h-11 items-center border-b-2 border-transparent px-3 text-sm font-medium text-slate-600 hover:text-slate-900 data-[state=active]:border-brand-600 data-[state=active]:text-brand-700 md:min-h-10 dark:text-slate-400 dark:hover:text-slate-100 dark:data-[state=active]:text-brand-100';

export function ListsCard({ canEdit, onDirty }: { canEdit: boolean; onDirty: (dirty: boolean) => void }) {
  const { t } = useTranslation();
  const [kind, setKind] = useState<ListKind>('source');
  // Every list stays mounted, so switching tabs keeps what was typed in another.
  const [dirty, setDirty] = useState<Record<ListKind, boolean>>({ source: false, lost_reason: false, score_weight: false });
  const anyDirty = dirty.source || dirty.lost_reason || dirty.score_weight;
  useEffect(() => onDirty(anyDirty), [anyDirty, onDirty]);
  const dirtyOf = useMemo(() => {
    const of = (k: ListKind) => (d: boolean) => setDirty((was) => (was[k] === d ? was : { ...was, [k]: d }));
    return { source: of('source'), lost_reason: of('lost_reason'), score_weight: of('score_weight') };
  }, []);
  return (
    <section aria-labelledby="crm-lists-title">
      <h2 id="crm-lists-title" className="mb-3 text-lg font-semibold">
        {t('crmAdmin.sections.lists')}
      </h2>
      <Card className="p-5">
        {!canEdit && <p className="mb-3 text-sm text-slate-600 dark:text-slate-400">{t('crmAdmin.lists.readOnly')}</p>}
        <Tabs.Root value={kind} onValueChange={(v) => setKind(v as ListKind)}>
          <Tabs.List aria-label={t('crmAdmin.sections.lists')} className="mb-4 flex flex-wrap gap-1 border-b border-slate-200 dark:border-slate-800">
            {KINDS.map((k) => (
              <Tabs.Trigger key={k} value={k} className={tabClass}>
                {t(`crmAdmin.lists.kinds.${k}`)}
              </Tabs.Trigger>
            ))}
          </Tabs.List>
          {KINDS.map((k) => (
            <Tabs.Content key={k} value={k} forceMount className="data-[state=inactive]:hidden">
              <p className="mb-3 text-sm text-slate-600 dark:text-slate-400">{t(`crmAdmin.lists.hints.${k}`)}</p>
              <ListPanel kind={k} canEdit={canEdit} onDirty={dirtyOf[k]} />
            </Tabs.Content>
          ))}
        </Tabs.Root>
      </Card>
    </section>
  );
}

function ListPanel({ kind, canEdit, onDirty }: { kind: ListKind; canEdit: boolean; onDirty: (dirty: boolean) => void }) {
  const list = useQuery({
    queryKey: listKey(kind),
    queryFn: () => unwrap(api.GET('/api/v1/crm/lists/{kind}', { params: { path: { kind } } })),
  });
  return (
    <QueryView query={list} compact skeleton={<Skeleton className="h-48" />}>
      {(d) => (canEdit ? <ListEditor key={JSON.stringify(d.items)} kind={kind} items={d.items} onDirty={onDirty} /> : <ListView kind={kind} items={d.items} />)}
    </QueryView>
  );
}

function ListView({ kind, items }: { kind: ListKind; items: ListEntry[] }) {
  const { t } = useTranslation();
  return (
    <ul className="divide-y divide-slate-100 text-sm dark:divide-slate-800">
      {items
        .filter((e) => e.active)
        .map((e) => (
          <li key={e.key} className="flex items-center justify-between gap-3 py-2">
            <span>{e.label}</span>
            {kind !== 'lost_reason' && <span className="tabular-nums text-slate-700 dark:text-slate-300">{t('crmAdmin.lists.points')}: {e.points}</span>}
          </li>
        ))}
    </ul>
  );
}

function ListEditor({ kind, items, onDirty }: { kind: ListKind; items: ListEntry[]; onDirty: (dirty: boolean) => void }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const toast = useToast();
  const [rows, setRows] = useState<ListRow[]>(() => listRows(items));
  const [faults, setFaults] = useState<Record<string, string>>({});
  const dirty = JSON.stringify(rows) !== JSON.stringify(listRows(items));
  useEffect(() => onDirty(dirty), [dirty, onDirty]);
  useEffect(() => () => onDirty(false), [onDirty]);
  // The score's factors are fixed (crm::scoring): their weights change, the rows do not.
  const fixed = kind === 'score_weight';
  const hasPoints = kind !== 'lost_reason';

  const save = useMutation({
    mutationFn: (r: ListRow[]) => unwrap(api.PUT('/api/v1/crm/lists/{kind}', { params: { path: { kind } }, body: listBody(kind, r) })),
    onSuccess: (saved) => {
      onDirty(false);
      qc.setQueryData(listKey(kind), saved);
      void qc.invalidateQueries({ queryKey: leadKeys.all });
      toast.success(t('crmAdmin.lists.saved'));
    },
    onError: (e) => {
      // Field errors point at `/{index}/{label|points|key}`.
      const next: Record<string, string> = {};
      let rest = !isApiError(e) || e.fieldErrors.length === 0;
      if (isApiError(e)) {
        for (const fe of e.fieldErrors) {
          const path = pointerToPath(fe.pointer);
          if (/^\d+\.(label|points|key)$/.test(path)) next[path.endsWith('.key') ? path.replace(/key$/, 'label') : path] = fe.code;
          else rest = true;
        }
        if (rest) toast.error(t('errors.saveFailed'), problemText(t, e));
      } else {
        toast.error(t('errors.saveFailed'), problemText(t, e));
      }
      setFaults(next);
    },
  });

  const set = (i: number, patch: Partial<ListRow>) => {
    setRows(rows.map((r, j) => (j === i ? { ...r, ...patch } : r)));
    setFaults({});
  };
  const move = (i: number, by: -1 | 1) => {
    const next = [...rows];
    const [r] = next.splice(i, 1);
    if (r) next.splice(i + by, 0, r);
    setRows(next);
  };

  return (
    <form
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        // A new row's key comes from its label, fixed once saved.
        const keyed = rows.map((r, i) => (r.saved ? r : { ...r, key: keyFor(r.label, rows.filter((_, j) => j !== i).map((o) => o.key)) }));
        setRows(keyed);
        save.mutate(keyed);
      }}
    >
      <ol className="space-y-2">
        {rows.map((r, i) => {
          const n = i + 1;
          const name = r.label || t('crmAdmin.lists.labelOf', { n });
          return (
            <li key={r.saved ? r.key : `new-${i}`} className="flex flex-wrap items-start gap-2 rounded-md border border-slate-200 p-2 dark:border-slate-800">
              <div className="min-w-48 flex-1">
                <Input
                  label={<span className="sr-only">{t('crmAdmin.lists.labelOf', { n })}</span>}
                  className="space-y-0"
                  maxLength={80}
                  value={r.label}
                  error={faults[`${i}.label`] ? fieldText(t, faults[`${i}.label`] ?? '') : undefined}
                  onChange={(e) => set(i, { label: e.target.value })}
                />
                {r.saved && (
                  <p className="mt-1 text-xs text-slate-600 dark:text-slate-400">
                    {t('crmAdmin.lists.key')}: <Mono>{r.key}</Mono>
                  </p>
                )}
              </div>
              {hasPoints && (
                <Input
                  label={<span className="sr-only">{t('crmAdmin.lists.pointsOf', { n })}</span>}
                  className="w-24 space-y-0"
                  inputMode="numeric"
                  placeholder={t('crmAdmin.lists.points')}
                  value={r.points}
                  error={faults[`${i}.points`] ? fieldText(t, faults[`${i}.points`] ?? '') : undefined}
                  onChange={(e) => set(i, { points: e.target.value.replace(/\D/g, '').slice(0, 3) })}
                />
              )}
              <div className="flex gap-1">
                <Button type="button" size="sm" variant="ghost" aria-label={t('crmAdmin.lists.up', { label: name })} disabled={i === 0} onClick={() => move(i, -1)}>
                  <ArrowUp className="h-4 w-4" aria-hidden />
                </Button>
                <Button type="button" size="sm" variant="ghost" aria-label={t('crmAdmin.lists.down', { label: name })} disabled={i === rows.length - 1} onClick={() => move(i, 1)}>
                  <ArrowDown className="h-4 w-4" aria-hidden />
                </Button>
                {!fixed && (
                  <Button type="button" size="sm" variant="ghost" aria-label={t('crmAdmin.lists.remove', { label: name })} disabled={rows.length === 1} onClick={() => setRows(rows.filter((_, j) => j !== i))}>
                    <Trash2 className="h-4 w-4" aria-hidden />
                  </Button>
                )}
              </div>
            </li>
          );
        })}
      </ol>
      {!fixed && <p className="mt-2 text-xs text-slate-600 dark:text-slate-400">{t('crmAdmin.lists.removedNote')}</p>}
      <div className="mt-4 flex flex-wrap justify-between gap-2">
        {!fixed ? (
          <Button type="button" variant="secondary" disabled={rows.length >= 100} onClick={() => setRows([...rows, { key: '', label: '', points: hasPoints ? '10' : '0', saved: false }])}>
            <Plus className="h-4 w-4" aria-hidden />
            {t('crmAdmin.lists.add')}
          </Button>
        ) : (
          <span />
        )}
        <Button type="submit" loading={save.isPending} disabled={!dirty}>
          {t('crmAdmin.lists.save')}
        </Button>
      </div>
    </form>
  );
}
