// The intake keys a website or a portal posts leads with (`crm.manage_intake_keys`, the Owner's):
// made for a source and a store, the key shown once (copied, never kept here), listed by prefix
// with its last use, revoked at once; and how an integrator sends a lead.
import { useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { AlertTriangle, Copy, KeyRound, Plus } from 'lucide-react';
import { api, unwrap } from '@/api/client';
import { useStoreScope } from '@/app/StoreScope';
import { problemText } from '@/i18n/problems';
import { formatDate, formatDateTime } from '@/lib/format';
import { Badge } from '@/ui/Badge';
import { Button } from '@/ui/Button';
import { Card } from '@/ui/Card';
import { Dialog } from '@/ui/Dialog';
import { EmptyState } from '@/ui/EmptyState';
import { Input, Select } from '@/ui/Field';
import { QueryView } from '@/ui/QueryView';
import { Skeleton } from '@/ui/Skeleton';
import { useToast } from '@/ui/Toast';
import { useCrmList } from '../leads/shared';
import { crmAdminKeys } from './keys';
import { byUse, intakeCurl, intakeKeyBody, type IntakeKey } from './model';

const INTAKE_PATH = '/api/v1/intake/leads';

export function IntakeKeysCard() {
  const { t } = useTranslation();
  const { storeName } = useStoreScope();
  const sources = useCrmList('source');
  const [creating, setCreating] = useState(false);
  const [revoking, setRevoking] = useState<IntakeKey | null>(null);
  const keys = useQuery({
    queryKey: crmAdminKeys.intakeKeys(),
    queryFn: () => unwrap(api.GET('/api/v1/crm/intake-keys')),
    select: (d) => byUse(d.items),
  });
  return (
    <section aria-labelledby="crm-keys-title">
      <div className="mb-3 flex flex-wrap items-center justify-between gap-2">
        <h2 id="crm-keys-title" className="text-lg font-semibold">
          {t('crmAdmin.sections.keys')}
        </h2>
        <Button onClick={() => setCreating(true)}>
          <Plus className="h-4 w-4" aria-hidden />
          {t('crmAdmin.keys.new')}
        </Button>
      </div>
      <p className="mb-3 text-sm text-slate-600 dark:text-slate-400">{t('crmAdmin.keys.intro')}</p>
      <Card>
        <QueryView query={keys} skeleton={<Skeleton className="m-4 h-24" />}>
          {(items) =>
            items.length === 0 ? (
              <EmptyState title={t('crmAdmin.keys.empty')}>{t('crmAdmin.keys.emptyBody')}</EmptyState>
            ) : (
              <ul className="divide-y divide-slate-100 dark:divide-slate-800">
                {items.map((k) => (
                  <li key={k.id} className="flex flex-wrap items-center justify-between gap-3 p-4" aria-label={k.name}>
                    <div className="min-w-0 space-y-1">
                      <p className="flex flex-wrap items-center gap-2 font-medium">
                        <KeyRound className="h-4 w-4 text-slate-500" aria-hidden />
                        {k.name}
                        {k.revokedAt && <Badge tone="gray">{t('crmAdmin.keys.revoked', { date: formatDate(k.revokedAt) })}</Badge>}
                      </p>
                      <p className="text-sm text-slate-700 dark:text-slate-300">
                        {t('crmAdmin.keys.prefix')} <code className="font-mono">{k.prefix}…</code> · {sources.label(k.source)} · {storeName(k.storeId)}
                      </p>
                      <p className="text-xs text-slate-600 dark:text-slate-400">
                        {t('crmAdmin.keys.createdAt', { date: formatDate(k.createdAt) })} ·{' '}
                        {k.lastUsedAt ? t('crmAdmin.keys.lastUsed', { date: formatDateTime(k.lastUsedAt) }) : t('crmAdmin.keys.neverUsed')}
                      </p>
                    </div>
                    {!k.revokedAt && (
                      <Button size="sm" variant="secondary" aria-label={t('crmAdmin.keys.revokeLabel', { name: k.name })} onClick={() => setRevoking(k)}>
                        {t('crmAdmin.keys.revoke')}
                      </Button>
                    )}
                  </li>
                ))}
              </ul>
            )
          }
        </QueryView>
      </Card>
      <HowToPost />
      {creating && <NewKeyDialog onDone={() => setCreating(false)} />}
      {revoking && <RevokeDialog intakeKey={revoking} onDone={() => setRevoking(null)} />}
    </section>
  );
}

function HowToPost() {
  const { t } = useTranslation();
  return (
    <details className="mt-4 rounded-md border border-slate-200 p-4 text-sm dark:border-slate-800">
      <summary className="min-h-11 cursor-pointer font-medium md:min-h-0">{t('crmAdmin.keys.howTo')}</summary>
      <p className="mt-2 text-slate-700 dark:text-slate-300">{t('crmAdmin.keys.howToBody', { path: INTAKE_PATH })}</p>
      <pre className="mt-3 overflow-x-auto rounded bg-slate-100 p-3 font-mono text-xs text-slate-900 dark:bg-slate-950 dark:text-slate-100">
        {intakeCurl(window.location.origin)}
      </pre>
    </details>
  );
}

function NewKeyDialog({ onDone }: { onDone: () => void }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const toast = useToast();
  const { stores, storeId: scoped } = useStoreScope();
  const active = stores.filter((s) => s.active);
  const sources = useCrmList('source');
  const [form, setForm] = useState({ name: '', source: '', storeId: scoped ?? active[0]?.id ?? '' });
  const [missing, setMissing] = useState(false);
  // The key lives only in this state, for the user to copy; it is gone when the dialog closes.
  const [made, setMade] = useState<string | null>(null);
  const create = useMutation({
    mutationFn: () => unwrap(api.POST('/api/v1/crm/intake-keys', { body: intakeKeyBody({ ...form, source: form.source || sources.items[0]?.key || '' }) })),
    onSuccess: (k) => {
      setMade(k.key);
      void qc.invalidateQueries({ queryKey: crmAdminKeys.intakeKeys() });
    },
    onError: (e) => toast.error(t('errors.saveFailed'), problemText(t, e)),
  });
  if (made) {
    return (
      <Dialog
        open
        onOpenChange={(o) => !o && onDone()}
        title={t('crmAdmin.keys.createdTitle')}
        footer={<Button onClick={onDone}>{t('crmAdmin.keys.understood')}</Button>}
      >
        <div className="space-y-4 text-sm">
          <p role="alert" className="flex gap-2 rounded-md border border-amber-300 bg-amber-50 p-3 text-amber-950 dark:border-amber-800 dark:bg-amber-950 dark:text-amber-100">
            <AlertTriangle className="mt-0.5 h-4 w-4 shrink-0" aria-hidden />
            {t('crmAdmin.keys.shownOnce')}
          </p>
          <Input label={t('crmAdmin.keys.keyLabel')} readOnly value={made} className="font-mono" onFocus={(e) => e.target.select()} />
          <Button
            variant="secondary"
            onClick={() =>
              void navigator.clipboard
                ?.writeText(made)
                .then(() => toast.success(t('crmAdmin.keys.copied')))
                .catch(() => undefined)
            }
          >
            <Copy className="h-4 w-4" aria-hidden />
            {t('crmAdmin.keys.copy')}
          </Button>
        </div>
      </Dialog>
    );
  }
  return (
    <Dialog
      open
      onOpenChange={(o) => !o && onDone()}
      title={t('crmAdmin.keys.newTitle')}
      footer={
        <>
          <Button variant="secondary" onClick={onDone}>
            {t('common.cancel')}
          </Button>
          <Button type="submit" form="intake-key-form" loading={create.isPending}>
            {t('crmAdmin.keys.create')}
          </Button>
        </>
      }
    >
      <form
        id="intake-key-form"
        noValidate
        className="space-y-4"
        onSubmit={(e) => {
          e.preventDefault();
          if (!form.name.trim()) return setMissing(true);
          create.mutate();
        }}
      >
        <Input
          label={t('crmAdmin.keys.name')}
          placeholder={t('crmAdmin.keys.namePlaceholder')}
          maxLength={80}
          error={missing ? t('crmAdmin.keys.nameRequired') : undefined}
          value={form.name}
          onChange={(e) => {
            setForm({ ...form, name: e.target.value });
            setMissing(false);
          }}
        />
        <Select
          label={t('crmAdmin.keys.source')}
          value={form.source || sources.items[0]?.key || ''}
          options={sources.items.map((s) => ({ value: s.key, label: s.label }))}
          onChange={(e) => setForm({ ...form, source: e.target.value })}
        />
        <Select
          label={t('crmAdmin.keys.store')}
          value={form.storeId}
          options={active.map((s) => ({ value: s.id, label: s.name }))}
          onChange={(e) => setForm({ ...form, storeId: e.target.value })}
        />
      </form>
    </Dialog>
  );
}

function RevokeDialog({ intakeKey, onDone }: { intakeKey: IntakeKey; onDone: () => void }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const toast = useToast();
  const revoke = useMutation({
    mutationFn: () => unwrap(api.DELETE('/api/v1/crm/intake-keys/{id}', { params: { path: { id: intakeKey.id } } })),
    onSuccess: () => {
      toast.success(t('crmAdmin.keys.revokedDone'));
      void qc.invalidateQueries({ queryKey: crmAdminKeys.intakeKeys() });
      onDone();
    },
    onError: (e) => toast.error(t('errors.saveFailed'), problemText(t, e)),
  });
  return (
    <Dialog
      open
      onOpenChange={(o) => !o && onDone()}
      title={t('crmAdmin.keys.revokeTitle', { name: intakeKey.name })}
      description={t('crmAdmin.keys.revokeBody')}
      footer={
        <>
          <Button variant="secondary" onClick={onDone}>
            {t('common.cancel')}
          </Button>
          <Button variant="danger" loading={revoke.isPending} onClick={() => revoke.mutate()}>
            {t('crmAdmin.keys.revokeConfirm')}
          </Button>
        </>
      }
    >
      {null}
    </Dialog>
  );
}
