import { useEffect, useState, type ReactNode } from 'react';
import { useQuery } from '@tanstack/react-query';
import { Link, useLocation, useNavigate, useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { AlertTriangle, ArrowLeft, Building2, Combine, Mail, MapPin, MessageCircle, Pencil, Phone, User } from 'lucide-react';
import { api, unwrap } from '@/api/client';
import { useAuth } from '@/auth/AuthProvider';
import { useStoreScope } from '@/app/StoreScope';
import { usePageTitle } from '@/app/title';
import { formatDate } from '@/lib/format';
import { Badge } from '@/ui/Badge';
import { Button } from '@/ui/Button';
import { Card } from '@/ui/Card';
import { LoadError } from '@/ui/EmptyState';
import { Skeleton } from '@/ui/Skeleton';
import { ConsentsCard } from './ConsentsCard';
import { CustomerActivitiesCard, CustomerLeadsCard } from './CustomerLeadsCard';
import { customerKeys } from './keys';
import { customerDocument, formatPhone, whatsappLink, type Customer, type PossibleDuplicate } from './labels';
import { MergeDialog } from './MergeDialog';
import { OwnedVehiclesCard } from './OwnedVehiclesCard';
import { PrivacyActions } from './privacy/PrivacyActions';

/** What the form hands over after registering a customer that may repeat others. */
interface ArrivalState {
  possibleDuplicates?: PossibleDuplicate[];
}

export function CustomerPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const { can } = useAuth();
  const navigate = useNavigate();
  const location = useLocation();
  const arrival = (location.state ?? {}) as ArrivalState;
  const [duplicates, setDuplicates] = useState<PossibleDuplicate[]>(arrival.possibleDuplicates ?? []);
  const [merging, setMerging] = useState<{ otherId: string | null } | null>(null);

  const customer = useQuery({
    queryKey: customerKeys.detail(id),
    queryFn: () => unwrap(api.GET('/api/v1/customers/{id}', { params: { path: { id } } })),
  });
  usePageTitle(customer.isError ? t('customers.notFound') : customer.data?.name, t('customers.title'));

  // The id of a merged record answers the record that remained: show that one's address.
  const survivorId = customer.data?.id;
  useEffect(() => {
    if (survivorId && survivorId !== id) navigate(`/customers/${survivorId}`, { replace: true, state: { merged: true } });
  }, [survivorId, id, navigate]);
  useEffect(() => setDuplicates((location.state as ArrivalState | null)?.possibleDuplicates ?? []), [id]);

  if (customer.isError) {
    return (
      <LoadError
        error={customer.error}
        notFoundTitle={t('customers.notFound')}
        onRetry={() => void customer.refetch()}
        back={<Link to="/customers" className="text-brand-700 underline dark:text-brand-100">{t('customers.back')}</Link>}
      />
    );
  }
  const c = customer.data;
  if (!c || c.id !== id) {
    return (
      <div className="space-y-4">
        <Skeleton className="h-10 w-2/3" />
        <Skeleton className="h-64" />
      </div>
    );
  }

  return (
    <>
      <Link to="/customers" className="mb-4 inline-flex min-h-11 items-center gap-1 text-sm text-slate-700 hover:underline md:min-h-0 dark:text-slate-300">
        <ArrowLeft className="h-4 w-4" aria-hidden />
        {t('customers.back')}
      </Link>
      {(location.state as { merged?: boolean } | null)?.merged && (
        <p role="status" className="mb-4 rounded-md border border-slate-200 bg-slate-50 p-3 text-sm dark:border-slate-800 dark:bg-slate-900">
          {t('customers.detail.mergedNotice')}
        </p>
      )}
      {duplicates.length > 0 && (
        <DuplicatesNotice
          items={duplicates}
          canMerge={can('customers.merge')}
          onMerge={(otherId) => setMerging({ otherId })}
          onDismiss={() => {
            setDuplicates([]);
            navigate(location.pathname, { replace: true, state: null });
          }}
        />
      )}
      <Header c={c} />
      <div className="mb-6 flex flex-wrap gap-2">
        {can('customers.update') && (
          <Button variant="secondary" onClick={() => navigate(`/customers/${c.id}/edit`)}>
            <Pencil className="h-4 w-4" aria-hidden />
            {t('common.edit')}
          </Button>
        )}
        {can('customers.merge') && (
          <Button variant="secondary" onClick={() => setMerging({ otherId: null })}>
            <Combine className="h-4 w-4" aria-hidden />
            {t('customers.detail.merge')}
          </Button>
        )}
        {can('customers.personal_data') && <PrivacyActions customer={c} />}
      </div>

      <div className="grid gap-6 lg:grid-cols-3">
        <ContactCard c={c} />
        <div className="space-y-6 lg:col-span-2">
          <ConsentsCard customerId={c.id} canRecord={can('customers.record_consent')} />
          <OwnedVehiclesCard customerId={c.id} canEdit={can('customers.update')} canOpen={can('vehicles.read')} />
          {can('leads.read') && <CustomerLeadsCard customerId={c.id} storeId={c.storeId ?? null} canCreate={can('leads.work')} />}
          <CustomerActivitiesCard customerId={c.id} canLog={can('activities.log')} />
        </div>
      </div>

      {merging && (
        <MergeDialog
          customer={c}
          initialOtherId={merging.otherId}
          onClose={() => setMerging(null)}
          onMerged={(survivor) => {
            setMerging(null);
            setDuplicates([]);
            navigate(`/customers/${survivor.id}`, { replace: survivor.id !== c.id });
          }}
        />
      )}
    </>
  );
}

function Header({ c }: { c: Customer }) {
  const { t } = useTranslation();
  const { storeName } = useStoreScope();
  const doc = customerDocument(c);
  const Icon = c.kind === 'company' ? Building2 : User;
  return (
    <div className="mb-4">
      <p className="flex items-center gap-1 text-sm text-slate-600 dark:text-slate-400">
        <Icon className="h-4 w-4" aria-hidden />
        {t(`customers.kinds.${c.kind}`)}
      </p>
      <h1 className="text-2xl font-semibold tracking-tight">{c.name}</h1>
      {c.kind === 'company' && c.tradeName && <p className="text-lg text-slate-700 dark:text-slate-300">{c.tradeName}</p>}
      <dl className="mt-2 flex flex-wrap gap-x-6 gap-y-1 text-sm">
        {doc && (
          <div className="flex gap-1">
            <dt className="text-slate-600 dark:text-slate-400">{c.cpf ? t('customers.field.cpf') : t('customers.field.cnpj')}:</dt>
            <dd className="font-mono">{doc}</dd>
          </div>
        )}
        {c.birthDate && (
          <div className="flex gap-1">
            <dt className="text-slate-600 dark:text-slate-400">{t('customers.field.birthDate')}:</dt>
            <dd>{formatDate(c.birthDate)}</dd>
          </div>
        )}
        {c.cnhNumber && (
          <div className="flex gap-1">
            <dt className="text-slate-600 dark:text-slate-400">{t('customers.field.cnhNumber')}:</dt>
            <dd className="font-mono">
              {c.cnhNumber}
              {c.cnhCategory ? ` (${c.cnhCategory})` : ''}
            </dd>
          </div>
        )}
        {c.stateRegistration && (
          <div className="flex gap-1">
            <dt className="text-slate-600 dark:text-slate-400">{t('customers.field.stateRegistration')}:</dt>
            <dd className="font-mono">{c.stateRegistration}</dd>
          </div>
        )}
      </dl>
      {c.tags.length > 0 && (
        <ul className="mt-2 flex flex-wrap gap-1" aria-label={t('customers.detail.tags')}>
          {c.tags.map((tag) => (
            <li key={tag}>
              <Link to={`/customers?tag=${encodeURIComponent(tag)}`} className="inline-flex min-h-11 items-center md:min-h-0">
                <Badge tone="violet">{tag}</Badge>
              </Link>
            </li>
          ))}
        </ul>
      )}
      <p className="mt-2 text-xs text-slate-600 dark:text-slate-400">
        {t('customers.detail.registeredAt', { date: formatDate(c.createdAt), store: storeName(c.storeId) })}
      </p>
    </div>
  );
}

function Block({ title, children }: { title: string; children: ReactNode }) {
  return (
    <section>
      <h3 className="mb-2 text-sm font-medium text-slate-600 dark:text-slate-400">{title}</h3>
      {children}
    </section>
  );
}

const actionLink =
  'inline-flex h-11 w-11 shrink-0 items-center justify-center rounded-md border border-slate-300 text-slate-700 hover:bg-slate-50 md:h-9 md:w-9 dark:border-slate-700 dark:text-slate-200 dark:hover:bg-slate-800';

function ContactCard({ c }: { c: Customer }) {
  const { t } = useTranslation();
  return (
    <Card className="space-y-5 p-5">
      <h2 className="font-semibold">{t('customers.detail.contact')}</h2>
      {c.preferredChannel && <p className="text-sm">{t('customers.detail.preferred', { channel: t(`customers.channels.${c.preferredChannel}`) })}</p>}
      <Block title={t('customers.detail.phones')}>
        {c.phones.length === 0 ? (
          <p className="text-sm text-slate-600 dark:text-slate-400">{t('customers.detail.none')}</p>
        ) : (
          <ul className="space-y-2">
            {c.phones.map((p) => {
              const shown = formatPhone(p.number);
              return (
                <li key={p.number} className="flex items-center gap-2">
                  <div className="min-w-0 flex-1">
                    <p className="tabular-nums">{shown}</p>
                    {p.label && <p className="text-xs text-slate-600 dark:text-slate-400">{p.label}</p>}
                  </div>
                  {p.whatsapp && (
                    <a href={whatsappLink(p.number)} target="_blank" rel="noreferrer" aria-label={t('customers.detail.whatsappLink', { phone: shown })} className={`${actionLink} text-green-700 dark:text-green-400`}>
                      <MessageCircle className="h-4 w-4" aria-hidden />
                    </a>
                  )}
                  <a href={`tel:${p.number}`} aria-label={t('customers.detail.call', { phone: shown })} className={actionLink}>
                    <Phone className="h-4 w-4" aria-hidden />
                  </a>
                </li>
              );
            })}
          </ul>
        )}
      </Block>
      <Block title={t('customers.detail.emails')}>
        {c.emails.length === 0 ? (
          <p className="text-sm text-slate-600 dark:text-slate-400">{t('customers.detail.none')}</p>
        ) : (
          <ul className="space-y-2">
            {c.emails.map((e) => (
              <li key={e.address} className="flex items-center gap-2">
                <div className="min-w-0 flex-1">
                  <p className="break-all">{e.address}</p>
                  {e.label && <p className="text-xs text-slate-600 dark:text-slate-400">{e.label}</p>}
                </div>
                <a href={`mailto:${e.address}`} aria-label={t('customers.detail.mail', { address: e.address })} className={actionLink}>
                  <Mail className="h-4 w-4" aria-hidden />
                </a>
              </li>
            ))}
          </ul>
        )}
      </Block>
      {c.addresses.length > 0 && (
        <Block title={t('customers.detail.addresses')}>
          <ul className="space-y-3 text-sm">
            {c.addresses.map((a, i) => (
              <li key={i} className="flex gap-2">
                <MapPin className="mt-0.5 h-4 w-4 shrink-0 text-slate-500" aria-hidden />
                <div>
                  {a.label && <p className="text-xs font-medium uppercase text-slate-600 dark:text-slate-400">{a.label}</p>}
                  <p>{[a.street, a.number, a.complement].filter(Boolean).join(', ')}</p>
                  <p>{[a.district, [a.city, a.state].filter(Boolean).join('/')].filter(Boolean).join(' · ')}</p>
                  {a.postalCode && <p className="tabular-nums">{`${a.postalCode.slice(0, 5)}-${a.postalCode.slice(5)}`}</p>}
                </div>
              </li>
            ))}
          </ul>
        </Block>
      )}
      {c.contacts.length > 0 && (
        <Block title={t('customers.detail.contacts')}>
          <ul className="space-y-2 text-sm">
            {c.contacts.map((p, i) => (
              <li key={i}>
                <p className="font-medium">
                  {p.name}
                  {p.role && <span className="font-normal text-slate-600 dark:text-slate-400"> · {p.role}</span>}
                </p>
                <p className="text-slate-700 dark:text-slate-300">{[p.phone && formatPhone(p.phone), p.email].filter(Boolean).join(' · ')}</p>
              </li>
            ))}
          </ul>
        </Block>
      )}
      {c.notes && (
        <Block title={t('customers.detail.notes')}>
          <p className="whitespace-pre-line text-sm">{c.notes}</p>
        </Block>
      )}
    </Card>
  );
}

function DuplicatesNotice({
  items,
  canMerge,
  onMerge,
  onDismiss,
}: {
  items: PossibleDuplicate[];
  canMerge: boolean;
  onMerge: (id: string) => void;
  onDismiss: () => void;
}) {
  const { t } = useTranslation();
  const on = (fields: string[]) => fields.map((f) => (f === 'phone' || f === 'email' ? t(`customers.duplicates.on.${f}`) : f)).join(', ');
  return (
    <section role="alert" className="mb-4 rounded-md border border-amber-300 bg-amber-50 p-4 text-sm text-amber-950 dark:border-amber-800 dark:bg-amber-950 dark:text-amber-100">
      <h2 className="flex items-center gap-2 font-semibold">
        <AlertTriangle className="h-4 w-4" aria-hidden />
        {t('customers.duplicates.title', { count: items.length })}
      </h2>
      <p className="mt-1">{t('customers.duplicates.body')}</p>
      <ul className="mt-3 space-y-2">
        {items.map((d) => (
          <li key={d.id} className="flex flex-wrap items-center gap-2">
            <Link to={`/customers/${d.id}`} className="inline-flex min-h-11 items-center font-medium underline md:min-h-0" aria-label={t('customers.duplicates.open', { name: d.name })}>
              {d.name}
            </Link>
            <span className="text-amber-900 dark:text-amber-200">({t('customers.duplicates.matchedOn', { fields: on(d.matchedOn) })})</span>
            {canMerge && (
              <Button size="sm" variant="secondary" onClick={() => onMerge(d.id)} aria-label={t('customers.duplicates.mergeWith', { name: d.name })}>
                <Combine className="h-4 w-4" aria-hidden />
                {t('customers.duplicates.merge')}
              </Button>
            )}
          </li>
        ))}
      </ul>
      <Button size="sm" variant="ghost" className="mt-2" onClick={onDismiss}>
        {t('customers.duplicates.dismiss')}
      </Button>
    </section>
  );
}
