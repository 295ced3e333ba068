import { useEffect, useMemo, useState } from 'react';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { Building2, Loader2, MessageCircle, Plus, Search, User, X } from 'lucide-react';
import { api, unwrap } from '@/api/client';
import { useAuth } from '@/auth/AuthProvider';
import { useStoreScope } from '@/app/StoreScope';
import { usePageTitle } from '@/app/title';
import { EMPTY, formatNumber } from '@/lib/format';
import { queryPhase } from '@/lib/queryPhase';
import { useMediaQuery } from '@/lib/useMediaQuery';
import { Badge } from '@/ui/Badge';
import { Button } from '@/ui/Button';
import { Card } from '@/ui/Card';
import { EmptyState } from '@/ui/EmptyState';
import { Mono } from '@/ui/Mono';
import { Pagination } from '@/ui/Pagination';
import { QueryView } from '@/ui/QueryView';
import { Skeleton } from '@/ui/Skeleton';
import { Table, Td, Th, THead, Tr } from '@/ui/Table';
import { Chips } from '@/ui/Chips';
import { cn } from '@/ui/cn';
import { customerKeys } from './keys';
import { customerDocument, formatPhone, KINDS, type Customer, type CustomerKind } from './labels';
import { apiQuery, PAGE_SIZE, readFilters, writeFilters, type CustomerFilters } from './listFilters';

export function CustomersPage() {
  const { t } = useTranslation();
  usePageTitle(t('customers.title'));
  const { can } = useAuth();
  const navigate = useNavigate();
  const desktop = useMediaQuery('(min-width: 768px)');
  const [params, setParams] = useSearchParams();
  const { storeId } = useStoreScope();
  const filters = useMemo(() => readFilters(params), [params]);
  const query = apiQuery(filters, storeId);
  const [q, setQ] = useState(filters.q);
  useEffect(() => setQ(filters.q), [filters.q]);

  const update = (patch: Partial<CustomerFilters>) => {
    // Any change but paging goes back to the first page.
    setParams(writeFilters({ ...filters, page: 1, ...patch }), { replace: true });
  };

  // Search as the user types, once they pause (only the typed text restarts the pause).
  useEffect(() => {
    if (q === filters.q) return;
    const h = setTimeout(() => update({ q }), 300);
    return () => clearTimeout(h);
  }, [q]);

  const list = useQuery({
    queryKey: customerKeys.list(query),
    queryFn: () => unwrap(api.GET('/api/v1/customers', { params: { query } })),
    placeholderData: keepPreviousData,
  });
  const phase = queryPhase(list);
  const searching = Boolean(filters.q || filters.kind || filters.tag);

  return (
    <>
      <div className="mb-3 flex items-start justify-between gap-3 md:mb-4">
        <div className="min-w-0">
          <h1 className="text-2xl font-semibold tracking-tight">{t('customers.title')}</h1>
          <p className="mt-0.5 flex items-center gap-2 text-sm text-slate-600 dark:text-slate-400" aria-live="polite">
            {phase === 'ready' && list.data ? (
              list.data.totalExact ? (
                t('customers.count', { count: list.data.total, formatted: formatNumber(list.data.total) })
              ) : (
                t('customers.countAtLeast', { formatted: formatNumber(list.data.total) })
              )
            ) : phase === 'loading' || phase === 'refreshing' ? (
              <>
                <Loader2 className="h-4 w-4 animate-spin" aria-hidden />
                {t('common.loading')}
              </>
            ) : (
              ' '
            )}
          </p>
        </div>
        {can('customers.create') && (
          <Button onClick={() => navigate('/customers/new')} aria-label={desktop ? undefined : t('customers.new')} className="h-11 min-w-11 shrink-0 px-3 md:h-10 md:px-4">
            <Plus className="h-4 w-4" aria-hidden />
            {desktop && t('customers.new')}
          </Button>
        )}
      </div>

      <div className="mb-3 flex flex-col gap-2 md:flex-row md:items-center">
        <form
          role="search"
          className="relative min-w-0 flex-1"
          onSubmit={(e) => {
            e.preventDefault();
            if (q !== filters.q) update({ q });
          }}
        >
          <Search className="pointer-events-none absolute left-3 top-1/2 h-4 w-4 -translate-y-1/2 text-slate-500" aria-hidden />
          <input
            type="search"
            aria-label={t('customers.search')}
            placeholder={desktop ? t('customers.searchPlaceholder') : t('customers.searchPlaceholderShort')}
            value={q}
            maxLength={100}
            onChange={(e) => setQ(e.target.value)}
            enterKeyHint="search"
            className="block h-11 w-full rounded-md border border-slate-300 bg-white pl-9 pr-3 text-sm text-slate-900 shadow-sm placeholder:text-slate-500 focus:border-brand-600 focus:outline-none focus:ring-2 focus:ring-brand-600/30 md:h-10 dark:border-slate-700 dark:bg-slate-900 dark:text-slate-100 dark:placeholder:text-slate-400"
          />
        </form>
        <KindChips value={filters.kind} onChange={(kind) => update({ kind })} />
      </div>
      {filters.tag && (
        <div className="mb-3">
          <button
            type="button"
            onClick={() => update({ tag: '' })}
            aria-label={t('customers.removeTag', { tag: filters.tag })}
            className="inline-flex h-11 items-center gap-1 whitespace-nowrap rounded-full bg-brand-600/10 pl-3 pr-2 text-sm font-medium text-brand-700 hover:bg-brand-600/20 md:h-8 dark:text-brand-100"
          >
            {t('customers.tagFilter', { tag: filters.tag })}
            <X className="h-4 w-4" aria-hidden />
          </button>
        </div>
      )}

      <Card>
        <QueryView
          query={list}
          skeleton={
            <div className="space-y-2 p-4">
              {Array.from({ length: 8 }, (_, i) => (
                <Skeleton key={i} className="h-12" />
              ))}
            </div>
          }
        >
          {(data) =>
            data.items.length === 0 ? (
              <EmptyState
                title={t('customers.emptyTitle')}
                action={
                  searching ? (
                    <Button variant="secondary" onClick={() => setParams(new URLSearchParams(), { replace: true })}>
                      {t('customers.clear')}
                    </Button>
                  ) : undefined
                }
              >
                {searching ? t('customers.emptyBody') : t('customers.emptyListBody')}
              </EmptyState>
            ) : (
              <>
                {desktop ? (
                  <CustomerTable items={data.items} onTag={(tag) => update({ tag })} />
                ) : (
                  <CustomerCards items={data.items} />
                )}
                <Pagination page={filters.page} pageSize={PAGE_SIZE} total={data.total} exact={data.totalExact} onPage={(page) => update({ page })} />
              </>
            )
          }
        </QueryView>
      </Card>
    </>
  );
}

/** People, companies or both: three chips, one pressed. */
function KindChips({ value, onChange }: { value: CustomerKind | ''; onChange: (kind: CustomerKind | '') => void }) {
  const { t } = useTranslation();
  const options = [{ value: '' as const, label: t('customers.allKinds') }, ...KINDS.map((k) => ({ value: k, label: t(`customers.kinds.${k}`) }))];
  return <Chips label={t('customers.kindFilter')} options={options} value={value} onChange={onChange} />;
}

function Names({ c }: { c: Customer }) {
  return (
    <>
      {c.name}
      {c.kind === 'company' && c.tradeName && <span className="block text-xs font-normal text-slate-600 dark:text-slate-400">{c.tradeName}</span>}
    </>
  );
}

function FirstPhone({ c }: { c: Customer }) {
  const { t } = useTranslation();
  const p = c.phones[0];
  if (!p) return <>{EMPTY}</>;
  return (
    <span className="inline-flex items-center gap-1 whitespace-nowrap tabular-nums">
      {formatPhone(p.number)}
      {p.whatsapp && <MessageCircle className="h-3.5 w-3.5 text-green-700 dark:text-green-400" aria-label={t('customers.field.whatsapp')} role="img" />}
    </span>
  );
}

function Tags({ tags, onTag }: { tags: string[]; onTag?: (tag: string) => void }) {
  const { t } = useTranslation();
  if (tags.length === 0) return null;
  return (
    <ul className="flex flex-wrap gap-1" aria-label={t('customers.col.tags')}>
      {tags.map((tag) => (
        <li key={tag}>
          {onTag ? (
            <button type="button" onClick={() => onTag(tag)} className="rounded-full hover:ring-2 hover:ring-brand-600/30">
              <Badge tone="violet">{tag}</Badge>
            </button>
          ) : (
            <Badge tone="violet">{tag}</Badge>
          )}
        </li>
      ))}
    </ul>
  );
}

function CustomerTable({ items, onTag }: { items: Customer[]; onTag: (tag: string) => void }) {
  const { t } = useTranslation();
  const th = 'whitespace-nowrap px-3 py-2';
  const td = 'px-3 py-2';
  return (
    <Table caption={t('customers.title')}>
      <THead>
        <Th className={th}>{t('customers.col.name')}</Th>
        <Th className={th}>{t('customers.col.document')}</Th>
        <Th className={th}>{t('customers.col.phone')}</Th>
        <Th className={th}>{t('customers.col.tags')}</Th>
      </THead>
      <tbody>
        {items.map((c) => (
          <Tr key={c.id}>
            <Td className={td}>
              <Link to={`/customers/${c.id}`} className="font-medium text-brand-700 hover:underline dark:text-brand-100">
                <Names c={c} />
              </Link>
            </Td>
            <Td className={cn(td, 'whitespace-nowrap')}>
              <Mono>{customerDocument(c)}</Mono>
            </Td>
            <Td className={td}>
              <FirstPhone c={c} />
            </Td>
            <Td className={td}>
              <Tags tags={c.tags} onTag={onTag} />
            </Td>
          </Tr>
        ))}
      </tbody>
    </Table>
  );
}

function CustomerCards({ items }: { items: Customer[] }) {
  const { t } = useTranslation();
  return (
    <ul className="divide-y divide-slate-100 dark:divide-slate-800">
      {items.map((c) => {
        const Icon = c.kind === 'company' ? Building2 : User;
        const doc = customerDocument(c);
        return (
          <li key={c.id}>
            <Link to={`/customers/${c.id}`} className="flex min-h-11 gap-3 p-3 hover:bg-slate-50 dark:hover:bg-slate-800/50">
              <Icon className="mt-0.5 h-5 w-5 shrink-0 text-slate-500" aria-label={t(`customers.kinds.${c.kind}`)} role="img" />
              <div className="min-w-0 flex-1">
                <p className="font-medium leading-snug">
                  <Names c={c} />
                </p>
                <p className="mt-0.5 flex flex-wrap gap-x-3 text-sm text-slate-600 dark:text-slate-400">
                  {doc && <span className="font-mono">{doc}</span>}
                  {c.phones[0] && <FirstPhone c={c} />}
                </p>
                {c.tags.length > 0 && (
                  <div className="mt-1">
                    <Tags tags={c.tags} />
                  </div>
                )}
              </div>
            </Link>
          </li>
        );
      })}
    </ul>
  );
}
