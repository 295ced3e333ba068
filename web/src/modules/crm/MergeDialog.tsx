import { useState, type ReactNode } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Search } from 'lucide-react';
import { api, unwrap } from '@/api/client';
import { problemText } from '@/i18n/problems';
import { EMPTY, formatDate } from '@/lib/format';
import { useDebounced } from '@/lib/useDebounced';
import { Badge } from '@/ui/Badge';
import { Button } from '@/ui/Button';
import { Dialog } from '@/ui/Dialog';
import { QueryView } from '@/ui/QueryView';
import { Skeleton } from '@/ui/Skeleton';
import { useToast } from '@/ui/Toast';
import { cn } from '@/ui/cn';
import { customerKeys } from './keys';
import { customerDocument, customerName, formatPhone, type Customer } from './labels';
import { apiQuery } from './listFilters';

interface MergeDialogProps {
  /** The record the dialog was opened from. */
  customer: Customer;
  /** The other record, when already known (a possible duplicate flagged on registering). */
  initialOtherId: string | null;
  onClose: () => void;
  onMerged: (survivor: Customer) => void;
}

/**
 * Merges two records of one customer: find the other record, see both side by side, choose the
 * one that remains (the older by default: it usually carries the history), confirm.
 */
export function MergeDialog({ customer, initialOtherId, onClose, onMerged }: MergeDialogProps) {
  const { t } = useTranslation();
  const [otherId, setOtherId] = useState<string | null>(initialOtherId);
  return (
    <Dialog open onOpenChange={(o) => !o && onClose()} title={t('customers.merge.title')} description={t('customers.merge.description')}>
      {otherId ? (
        <Compare customer={customer} otherId={otherId} onChange={() => setOtherId(null)} onClose={onClose} onMerged={onMerged} />
      ) : (
        <FindOther customer={customer} onPick={setOtherId} />
      )}
    </Dialog>
  );
}

function FindOther({ customer, onPick }: { customer: Customer; onPick: (id: string) => void }) {
  const { t } = useTranslation();
  // Starts from the name: a repeated record usually spells it alike.
  const [q, setQ] = useState(customer.name.split(/\s+/)[0] ?? '');
  const settled = useDebounced(q.trim(), 300);
  const query = apiQuery({ q: settled, kind: customer.kind, tag: '', page: 1 }, null, 10);
  const found = useQuery({
    queryKey: customerKeys.list(query),
    queryFn: () => unwrap(api.GET('/api/v1/customers', { params: { query } })),
    enabled: settled.length > 0,
  });
  return (
    <div className="space-y-3">
      <div className="relative">
        <label htmlFor="merge-search" className="mb-1 block text-sm font-medium text-slate-700 dark:text-slate-300">
          {t('customers.merge.search')}
        </label>
        <Search className="pointer-events-none absolute bottom-3.5 left-3 h-4 w-4 text-slate-500 md:bottom-3" aria-hidden />
        <input
          id="merge-search"
          type="search"
          autoFocus
          value={q}
          maxLength={100}
          placeholder={t('customers.merge.searchPlaceholder')}
          onChange={(e) => setQ(e.target.value)}
          className="block h-11 w-full rounded-md border border-slate-300 bg-white pl-9 pr-3 text-sm text-slate-900 shadow-sm placeholder:text-slate-500 focus:border-brand-600 focus:outline-none focus:ring-2 focus:ring-brand-600/30 md:h-10 dark:border-slate-700 dark:bg-slate-900 dark:text-slate-100"
        />
      </div>
      {settled && (
        <QueryView query={found} compact skeleton={<Skeleton className="h-24" />}>
          {(data) => {
            const others = data.items.filter((c) => c.id !== customer.id);
            return others.length === 0 ? (
              <p className="text-sm text-slate-600 dark:text-slate-400">{t('customers.merge.noResults')}</p>
            ) : (
              <ul className="max-h-72 divide-y divide-slate-100 overflow-y-auto rounded-md border border-slate-200 dark:divide-slate-800 dark:border-slate-800">
                {others.map((c) => (
                  <li key={c.id}>
                    <button
                      type="button"
                      onClick={() => onPick(c.id)}
                      aria-label={t('customers.merge.pick', { name: c.name })}
                      className="flex min-h-11 w-full flex-col items-start px-3 py-2 text-left text-sm hover:bg-slate-50 dark:hover:bg-slate-800"
                    >
                      <span className="font-medium">{customerName(c)}</span>
                      <span className="text-xs text-slate-600 dark:text-slate-400">
                        {[customerDocument(c), c.phones[0] && formatPhone(c.phones[0].number), c.emails[0]?.address].filter(Boolean).join(' · ') || EMPTY}
                      </span>
                    </button>
                  </li>
                ))}
              </ul>
            );
          }}
        </QueryView>
      )}
    </div>
  );
}

function Compare({
  customer,
  otherId,
  onChange,
  onClose,
  onMerged,
}: {
  customer: Customer;
  otherId: string;
  onChange: () => void;
  onClose: () => void;
  onMerged: (survivor: Customer) => void;
}) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const toast = useToast();
  const other = useQuery({
    queryKey: customerKeys.detail(otherId),
    queryFn: () => unwrap(api.GET('/api/v1/customers/{id}', { params: { path: { id: otherId } } })),
  });
  const [survivor, setSurvivor] = useState<string | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const merge = useMutation({
    mutationFn: ({ keep, drop }: { keep: string; drop: string }) =>
      unwrap(api.POST('/api/v1/customers/{id}/merge', { params: { path: { id: keep } }, body: { mergedId: drop } })),
    onSuccess: (kept, { drop }) => {
      qc.setQueryData(customerKeys.detail(kept.id), kept);
      // The survivor took the other record's consents and vehicles.
      void qc.invalidateQueries({ queryKey: customerKeys.consents(kept.id) });
      void qc.invalidateQueries({ queryKey: customerKeys.vehicles(kept.id) });
      qc.removeQueries({ queryKey: customerKeys.detail(drop) });
      void qc.invalidateQueries({ queryKey: customerKeys.lists() });
      toast.success(t('customers.merge.done'));
      onMerged(kept);
    },
    onError: (e) => setFailure(problemText(t, e)),
  });

  return (
    <QueryView query={other} compact skeleton={<Skeleton className="h-48" />}>
      {(o) => {
        // The older record stays unless the user says otherwise.
        const keep = survivor ?? (o.createdAt < customer.createdAt ? o.id : customer.id);
        const records: Array<[Customer, string]> = [
          [customer, t('customers.merge.thisRecord')],
          [o, t('customers.merge.otherRecord')],
        ];
        return (
          <div className="space-y-4">
            <fieldset>
              <legend className="mb-2 text-sm font-medium">{t('customers.merge.survivor')}</legend>
              <div className="grid gap-3 sm:grid-cols-2">
                {records.map(([c, heading]) => (
                  <label
                    key={c.id}
                    className={cn(
                      'block cursor-pointer rounded-md border p-3 text-sm has-[:focus-visible]:ring-2 has-[:focus-visible]:ring-brand-600',
                      keep === c.id ? 'border-brand-600 bg-brand-50 dark:bg-slate-800' : 'border-slate-200 dark:border-slate-700',
                    )}
                  >
                    <span className="flex min-h-11 items-center justify-between gap-2 md:min-h-0">
                      <span className="flex items-center gap-2">
                        <input type="radio" name="survivor" className="h-5 w-5" checked={keep === c.id} onChange={() => setSurvivor(c.id)} />
                        <span className="font-medium">{heading}</span>
                      </span>
                      <Badge tone={keep === c.id ? 'green' : 'amber'}>{keep === c.id ? t('customers.merge.keeps') : t('customers.merge.goes')}</Badge>
                    </span>
                    <RecordSummary c={c} />
                  </label>
                ))}
              </div>
            </fieldset>
            {failure && (
              <p role="alert" className="text-sm text-red-700 dark:text-red-400">
                {failure}
              </p>
            )}
            <div className="flex flex-wrap justify-end gap-2">
              {/* A duplicate flagged on registering comes chosen; the user may still pick another. */}
              <Button variant="ghost" onClick={onChange}>
                {t('customers.merge.change')}
              </Button>
              <Button variant="secondary" onClick={onClose}>
                {t('common.cancel')}
              </Button>
              <Button loading={merge.isPending} onClick={() => merge.mutate({ keep, drop: keep === customer.id ? o.id : customer.id })}>
                {t('customers.merge.confirm')}
              </Button>
            </div>
          </div>
        );
      }}
    </QueryView>
  );
}

function RecordSummary({ c }: { c: Customer }) {
  const { t } = useTranslation();
  const row = (label: string, value: ReactNode) => (
    <div className="flex flex-col">
      <dt className="text-xs text-slate-600 dark:text-slate-400">{label}</dt>
      <dd className="break-words">{value}</dd>
    </div>
  );
  return (
    <>
      <dl className="mt-2 space-y-1.5">
        {row(c.kind === 'company' ? t('customers.field.legalName') : t('customers.field.name'), c.name)}
        {c.kind === 'company' && row(t('customers.field.tradeName'), c.tradeName || EMPTY)}
        {row(c.kind === 'company' ? t('customers.field.cnpj') : t('customers.field.cpf'), <span className="font-mono">{customerDocument(c) ?? EMPTY}</span>)}
        {c.kind === 'person' && c.birthDate && row(t('customers.field.birthDate'), formatDate(c.birthDate))}
        {row(t('customers.detail.phones'), c.phones.length ? c.phones.map((p) => formatPhone(p.number)).join(', ') : EMPTY)}
        {row(t('customers.detail.emails'), c.emails.length ? c.emails.map((e) => e.address).join(', ') : EMPTY)}
        {c.tags.length > 0 && row(t('customers.detail.tags'), c.tags.join(', '))}
      </dl>
      <p className="pt-1.5 text-xs text-slate-600 dark:text-slate-400">{t('customers.merge.created', { date: formatDate(c.createdAt) })}</p>
    </>
  );
}
