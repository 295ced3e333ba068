import { useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import { ArrowLeft, UserPlus } from 'lucide-react';
import { api, unwrap } from '@/api/client';
import { useStoreScope } from '@/app/StoreScope';
import { usePageTitle } from '@/app/title';
import { problemText } from '@/i18n/problems';
import { maskPhone } from '@/lib/masks';
import { useDebounced } from '@/lib/useDebounced';
import { Button } from '@/ui/Button';
import { Card, PageHeader } from '@/ui/Card';
import { Input, Select } from '@/ui/Field';
import { customerKeys } from './keys';
import { customerName, formatPhone, type Customer } from './labels';
import { NewLeadForm } from './NewLeadForm';

/**
 * "Atendimento na loja": someone walks into the store. Find them (or register them with a name
 * and a phone), then record what they want; the lead's source is `walk_in`.
 */
export function WalkInPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [customer, setCustomer] = useState<Pick<Customer, 'id' | 'kind' | 'name' | 'tradeName' | 'storeId'> | null>(null);
  usePageTitle(t('leads.walkIn.title'));
  return (
    <>
      <Link to="/leads" className="mb-4 inline-flex min-h-11 items-center gap-1 text-sm text-slate-700 hover:underline md:min-h-0 dark:text-slate-300">
        <ArrowLeft className="h-4 w-4" aria-hidden />
        {t('leads.detail.back')}
      </Link>
      <PageHeader title={t('leads.walkIn.title')}>{customer ? t('leads.walkIn.for', { name: customerName(customer) }) : t('leads.walkIn.intro')}</PageHeader>
      {customer ? (
        <Card className="p-5">
          <h2 className="mb-4 font-semibold">{t('leads.walkIn.interest')}</h2>
          <NewLeadForm customerId={customer.id} source="walk_in" storeId={customer.storeId} onCreated={(lead) => navigate(`/leads/${lead.id}`)} onCancel={() => setCustomer(null)} />
        </Card>
      ) : (
        <FindCustomer onPick={setCustomer} />
      )}
    </>
  );
}

function FindCustomer({ onPick }: { onPick: (c: Customer) => void }) {
  const { t } = useTranslation();
  const [q, setQ] = useState('');
  const [registering, setRegistering] = useState(false);
  const typed = useDebounced(q.trim(), 250);
  const found = useQuery({
    queryKey: [...customerKeys.lists(), 'walk-in', typed],
    queryFn: () => unwrap(api.GET('/api/v1/customers', { params: { query: { q: typed, pageSize: 5 } } })),
    enabled: typed.length >= 2,
  });
  const items = found.data?.items ?? [];
  return (
    <div className="space-y-6">
      <Card className="space-y-3 p-5">
        <Input label={t('leads.walkIn.search')} type="search" placeholder={t('leads.walkIn.searchHint')} value={q} onChange={(e) => setQ(e.target.value)} />
        {typed.length >= 2 && found.isSuccess && items.length === 0 && <p className="text-sm text-slate-600 dark:text-slate-400">{t('leads.walkIn.none')}</p>}
        {items.length > 0 && (
          <ul className="divide-y divide-slate-100 dark:divide-slate-800">
            {items.map((c) => (
              <li key={c.id} className="flex items-center justify-between gap-3 py-2">
                <div className="min-w-0">
                  <p className="font-medium">{customerName(c)}</p>
                  {c.phones[0] && <p className="text-sm tabular-nums text-slate-600 dark:text-slate-400">{formatPhone(c.phones[0].number)}</p>}
                </div>
                <Button size="sm" variant="secondary" onClick={() => onPick(c)} aria-label={t('leads.walkIn.pick', { name: customerName(c) })}>
                  {t('leads.walkIn.pickShort')}
                </Button>
              </li>
            ))}
          </ul>
        )}
      </Card>
      {registering ? (
        <QuickRegister onCreated={onPick} onCancel={() => setRegistering(false)} />
      ) : (
        <Button variant="secondary" onClick={() => setRegistering(true)}>
          <UserPlus className="h-4 w-4" aria-hidden />
          {t('leads.walkIn.register')}
        </Button>
      )}
    </div>
  );
}

/** The least a salesperson asks at the door: a name and a phone; the full record can wait. */
function QuickRegister({ onCreated, onCancel }: { onCreated: (c: Customer) => void; onCancel: () => void }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const { stores, storeId: scopeStore } = useStoreScope();
  const active = stores.filter((s) => s.active);
  const [name, setName] = useState('');
  const [phone, setPhone] = useState('');
  const [whatsapp, setWhatsapp] = useState(true);
  const [storeId, setStoreId] = useState(scopeStore ?? (active.length === 1 ? active[0]!.id : ''));
  const [missing, setMissing] = useState<{ name?: boolean; phone?: boolean; store?: boolean }>({});
  const create = useMutation({
    mutationFn: () =>
      unwrap(
        api.POST('/api/v1/customers', {
          body: { kind: 'person', name: name.trim(), phones: [{ number: phone, whatsapp }], storeId: storeId || null } as never,
        }),
      ),
    onSuccess: (c) => {
      void qc.invalidateQueries({ queryKey: customerKeys.lists() });
      onCreated(c as Customer);
    },
  });
  const required = t('leads.walkIn.required');
  return (
    <Card className="p-5">
      <h2 className="mb-4 font-semibold">{t('leads.walkIn.register')}</h2>
      <form
        className="space-y-4"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          const lacking = { name: !name.trim(), phone: phone.replace(/\D/g, '').length < 10, store: active.length > 1 && !storeId };
          setMissing(lacking);
          if (!lacking.name && !lacking.phone && !lacking.store) create.mutate();
        }}
      >
        {create.isError && (
          <p role="alert" className="rounded-md border border-red-300 bg-red-50 p-3 text-sm text-red-800 dark:border-red-800 dark:bg-red-950 dark:text-red-200">
            {problemText(t, create.error)}
          </p>
        )}
        <Input label={t('customers.field.name')} value={name} error={missing.name ? required : undefined} onChange={(e) => setName(e.target.value)} autoComplete="off" />
        <Input label={t('leads.walkIn.phone')} inputMode="tel" value={phone} mask={maskPhone} error={missing.phone ? required : undefined} onChange={(e) => setPhone(e.target.value)} />
        <label className="flex min-h-11 items-center gap-2 text-sm md:min-h-10">
          <input type="checkbox" className="h-5 w-5" checked={whatsapp} onChange={(e) => setWhatsapp(e.target.checked)} />
          {t('customers.field.whatsapp')}
        </label>
        {active.length > 1 && (
          <Select
            label={t('customers.field.store')}
            value={storeId}
            placeholder={t('common.choose')}
            error={missing.store ? required : undefined}
            onChange={(e) => setStoreId(e.target.value)}
            options={active.map((s) => ({ value: s.id, label: s.name }))}
          />
        )}
        <div className="flex flex-wrap justify-end gap-2">
          <Button variant="secondary" onClick={onCancel}>
            {t('common.cancel')}
          </Button>
          <Button type="submit" loading={create.isPending}>
            {t('leads.walkIn.registerSave')}
          </Button>
        </div>
      </form>
    </Card>
  );
}
