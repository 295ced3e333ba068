import { useState, type ReactNode } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useNavigate, useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import { ArrowLeft, Pencil, Trash2 } from 'lucide-react';
import { api, ifMatch, unwrap } from '@/api/client';
import { isApiError } from '@/api/problem';
import { useAuth } from '@/auth/AuthProvider';
import { useStoreScope } from '@/app/StoreScope';
import { usePageTitle } from '@/app/title';
import { problemText } from '@/i18n/problems';
import { formatDate, formatDateTime, formatKm, formatMoney, orEmpty } from '@/lib/format';
import { Badge } from '@/ui/Badge';
import { Button } from '@/ui/Button';
import { Card } from '@/ui/Card';
import { Dialog } from '@/ui/Dialog';
import { LoadError } from '@/ui/EmptyState';
import { Mono } from '@/ui/Mono';
import { TextArea } from '@/ui/Field';
import { QueryView } from '@/ui/QueryView';
import { Skeleton } from '@/ui/Skeleton';
import { useToast } from '@/ui/Toast';
import { ReservationPanel } from '@/modules/sales/ReservationPanel';
import { ConflictNotice } from './ConflictNotice';
import { DocumentsCard } from './DocumentsCard';
import { ExpensesCard } from './ExpensesCard';
import { vehicleKeys } from './keys';
import { PhotosCard } from './PhotosCard';
import { displayPlaca, vehicleTitle, type Vehicle } from './labels';
import { isDealMove, isDeletable, isInStock, STATUS_TONE, type VehicleStatus } from './status';

export function VehicleDetailPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const { can } = useAuth();
  const { storeName } = useStoreScope();
  const qc = useQueryClient();
  const toast = useToast();
  const navigate = useNavigate();
  const [moveTo, setMoveTo] = useState<VehicleStatus | null>(null);
  const [note, setNote] = useState('');
  const [conflict, setConflict] = useState(false);
  const [confirmDelete, setConfirmDelete] = useState(false);

  const vehicle = useQuery({
    queryKey: vehicleKeys.detail(id),
    queryFn: () => unwrap(api.GET('/api/v1/vehicles/{id}', { params: { path: { id } } })),
  });
  usePageTitle(vehicle.isError ? t('vehicle.notFound') : vehicle.data && vehicleTitle(vehicle.data), t('inventory.title'));
  const prices = useQuery({
    queryKey: vehicleKeys.prices(id),
    queryFn: () => unwrap(api.GET('/api/v1/vehicles/{id}/price-history', { params: { path: { id } } })),
  });
  const statuses = useQuery({
    queryKey: vehicleKeys.statuses(id),
    queryFn: () => unwrap(api.GET('/api/v1/vehicles/{id}/status-history', { params: { path: { id } } })),
  });

  const reload = () => {
    setConflict(false);
    void qc.invalidateQueries({ queryKey: vehicleKeys.detail(id) });
  };

  const onError = (e: unknown) => {
    if (isApiError(e) && e.status === 412) setConflict(true);
    else toast.error(t('errors.saveFailed'), problemText(t, e));
  };

  const changeStatus = useMutation({
    mutationFn: (v: { to: VehicleStatus; version: number }) =>
      unwrap(
        api.POST('/api/v1/vehicles/{id}/status', {
          params: { path: { id }, header: ifMatch(v.version) },
          body: { status: v.to, note: note.trim() || null },
        }),
      ),
    onSuccess: (v) => {
      qc.setQueryData(vehicleKeys.detail(id), v);
      void qc.invalidateQueries({ queryKey: vehicleKeys.statuses(id) });
      void qc.invalidateQueries({ queryKey: vehicleKeys.lists() });
      void qc.invalidateQueries({ queryKey: vehicleKeys.reports() });
      toast.success(t('vehicle.statusChanged', { status: t(`status.${v.status}`) }));
      setMoveTo(null);
      setNote('');
    },
    onError: (e) => {
      setMoveTo(null);
      onError(e);
    },
  });

  const remove = useMutation({
    mutationFn: (version: number) =>
      unwrap(api.DELETE('/api/v1/vehicles/{id}', { params: { path: { id }, header: ifMatch(version) } })),
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: vehicleKeys.lists() });
      void qc.invalidateQueries({ queryKey: vehicleKeys.reports() });
      toast.success(t('vehicle.deleted'));
      navigate('/inventory', { replace: true });
    },
    onError: (e) => {
      setConfirmDelete(false);
      onError(e);
    },
  });

  if (vehicle.isError) {
    return (
      <LoadError
        error={vehicle.error}
        notFoundTitle={t('vehicle.notFound')}
        onRetry={() => void vehicle.refetch()}
        back={<Link to="/inventory" className="text-brand-700 underline dark:text-brand-100">{t('inventory.back')}</Link>}
      />
    );
  }
  const v = vehicle.data;
  if (!v) {
    return (
      <div className="space-y-4">
        <Skeleton className="h-10 w-2/3" />
        <Skeleton className="h-64" />
      </div>
    );
  }

  return (
    <>
      <Link to="/inventory" className="mb-4 inline-flex items-center gap-1 text-sm text-slate-700 hover:underline dark:text-slate-300">
        <ArrowLeft className="h-4 w-4" aria-hidden />
        {t('inventory.back')}
      </Link>
      {conflict && <ConflictNotice onReload={reload} />}
      <div className="mb-6 flex flex-wrap items-start justify-between gap-4">
        <div>
          <p className="font-mono text-xs text-slate-600 dark:text-slate-400">{v.stockNumber}</p>
          <h1 className="text-2xl font-semibold tracking-tight">{vehicleTitle(v)}</h1>
          <div className="mt-2 flex flex-wrap items-center gap-2 text-sm text-slate-600 dark:text-slate-400">
            <Badge tone={STATUS_TONE[v.status]}>{t(`status.${v.status}`)}</Badge>
            <span>{v.year}/{v.modelYear}</span>·<span>{formatKm(v.mileageKm)}</span>·<span>{storeName(v.storeId)}</span>
          </div>
        </div>
        <div className="sm:text-right">
          <p className="text-3xl font-semibold tabular-nums">{formatMoney(v.priceCents)}</p>
          <p className="text-sm text-slate-600 dark:text-slate-400">{t('vehicle.daysInStockN', { count: v.daysInStock })}</p>
        </div>
      </div>

      {/* The hold for a customer and the desk's actions (reserve, release, a quote) are the sales area's. */}
      <ReservationPanel vehicle={v}>
        {can('vehicles.update') && (
          <Button variant="secondary" className="h-11 sm:h-10" onClick={() => navigate(`/inventory/${v.id}/edit`)}>
            <Pencil className="h-4 w-4" aria-hidden />
            {t('common.edit')}
          </Button>
        )}
        {/* Exactly the moves the server offers this user for this car (its state, its origin, the user's permissions). */}
        {can('vehicles.change_status') &&
          v.nextStatuses.map((s) => (
            <Button key={s} variant="secondary" className="h-11 sm:h-10" onClick={() => setMoveTo(s)}>
              {moveLabel(t, v.status, s)}
            </Button>
          ))}
        {can('vehicles.delete') && isDeletable(v.status) && (
          <Button variant="ghost" className="h-11 sm:h-10 text-red-700 dark:text-red-400" onClick={() => setConfirmDelete(true)}>
            <Trash2 className="h-4 w-4" aria-hidden />
            {t('common.delete')}
          </Button>
        )}
      </ReservationPanel>

      <div className="grid gap-6 lg:grid-cols-3">
        <PhotosCard
          vehicleId={v.id}
          vehicle={vehicleTitle(v)}
          shareTitle={`${vehicleTitle(v)} ${v.year}/${v.modelYear}`}
          priceCents={v.priceCents}
          canManage={can('vehicles.manage_photos')}
          canDelete={can('vehicles.delete_photos')}
        />
        <Card className="p-5 lg:col-span-2">
          <h2 className="mb-4 font-semibold">{t('vehicle.record')}</h2>
          <Details v={v} />
        </Card>
        <div className="space-y-6">
          <Card className="p-5">
            <h2 className="mb-4 font-semibold">{t('vehicle.money')}</h2>
            <dl className="space-y-2 text-sm">
              <Row label={t('vehicle.price')}>{formatMoney(v.priceCents)}</Row>
              {v.minPriceCents !== undefined && <Row label={t('vehicle.minPrice')}>{formatMoney(v.minPriceCents)}</Row>}
              {v.costCents !== undefined && <Row label={t('vehicle.cost')}>{formatMoney(v.costCents)}</Row>}
              <Row label={t('vehicle.fipe')}>
                {formatMoney(v.fipeValueCents)}
                {v.fipeReferenceMonth ? ` (${v.fipeReferenceMonth})` : ''}
              </Row>
            </dl>
          </Card>
          <Card className="p-5">
            <h2 className="mb-4 font-semibold">{t('vehicle.statusHistory')}</h2>
            <QueryView
              query={statuses}
              compact
              skeleton={
                <div className="space-y-2">
                  <Skeleton className="h-5" />
                  <Skeleton className="h-5 w-2/3" />
                </div>
              }
            >
              {(history) =>
                history.items.length === 0 ? (
                  <p className="text-sm text-slate-600 dark:text-slate-400">{t('detail.noStatusChanges')}</p>
                ) : (
                  <ol className="space-y-3 text-sm">
                    {history.items
                      .slice()
                      .reverse()
                      .map((c, i) => (
                        <li key={i}>
                          <p>
                            {c.from ? `${t(`status.${c.from}`)} → ` : ''}
                            <strong>{t(`status.${c.to}`)}</strong>
                          </p>
                          <p className="text-xs text-slate-600 dark:text-slate-400">
                            {formatDateTime(c.changedAt)} · {c.changedByEmail ?? t('vehicle.system')}
                          </p>
                          {c.note && !isDealMove(c.from, c.to) && <p className="text-xs italic">“{c.note}”</p>}
                        </li>
                      ))}
                  </ol>
                )
              }
            </QueryView>
          </Card>
          <Card className="p-5">
            <h2 className="mb-4 font-semibold">{t('vehicle.priceHistory')}</h2>
            <QueryView query={prices} compact skeleton={<Skeleton className="h-5" />}>
              {(history) =>
                history.items.length === 0 ? (
                  <p className="text-sm text-slate-600 dark:text-slate-400">{t('vehicle.noPriceChanges')}</p>
                ) : (
                  <ol className="space-y-2 text-sm">
                    {history.items
                      .slice()
                      .reverse()
                      .map((p, i) => (
                        <li key={i}>
                          <p className="tabular-nums">
                            {p.previousCents === null || p.previousCents === undefined ? (
                              <strong>{formatMoney(p.priceCents)}</strong>
                            ) : (
                              <>
                                {formatMoney(p.previousCents)} → <strong>{formatMoney(p.priceCents)}</strong>
                              </>
                            )}
                          </p>
                          <p className="text-xs text-slate-600 dark:text-slate-400">
                            {formatDateTime(p.changedAt)} · {p.changedByEmail ?? t('vehicle.system')}
                          </p>
                        </li>
                      ))}
                  </ol>
                )
              }
            </QueryView>
          </Card>
        </div>
        {can('vehicles.view_cost') && (
          <ExpensesCard vehicleId={v.id} storeId={v.storeId} inStock={isInStock(v)} canEdit={can('vehicles.update')} />
        )}
        {can('vehicles.read_documents') && <DocumentsCard vehicleId={v.id} canManage={can('vehicles.manage_documents')} />}
      </div>

      <Dialog
        open={moveTo !== null}
        onOpenChange={(o) => !o && setMoveTo(null)}
        title={moveTo ? moveLabel(t, v.status, moveTo) : ''}
        description={t('vehicle.moveDescription', { vehicle: vehicleTitle(v) })}
        footer={
          <>
            <Button variant="secondary" className="h-11 sm:h-10" onClick={() => setMoveTo(null)}>{t('common.cancel')}</Button>
            <Button className="h-11 sm:h-10" loading={changeStatus.isPending} onClick={() => moveTo && changeStatus.mutate({ to: moveTo, version: v.version })}>
              {t('common.confirm')}
            </Button>
          </>
        }
      >
        <TextArea label={t('vehicle.note')} value={note} onChange={(e) => setNote(e.target.value)} maxLength={500} />
      </Dialog>
      <Dialog
        open={confirmDelete}
        onOpenChange={setConfirmDelete}
        title={t('vehicle.deleteTitle')}
        description={t('vehicle.deleteBody', { vehicle: vehicleTitle(v), stock: v.stockNumber })}
        footer={
          <>
            <Button variant="secondary" className="h-11 sm:h-10" onClick={() => setConfirmDelete(false)}>{t('common.cancel')}</Button>
            <Button variant="danger" className="h-11 sm:h-10" loading={remove.isPending} onClick={() => remove.mutate(v.version)}>
              {t('common.delete')}
            </Button>
          </>
        }
      >
        {null}
      </Dialog>
    </>
  );
}

/** A move's button text: going back to "available" reads as undoing what the car was in. */
function moveLabel(t: TFunction, from: VehicleStatus, to: VehicleStatus): string {
  if (to === 'available' && from === 'sold') return t('detail.undoSale');
  if (to === 'available' && from === 'reserved') return t('detail.releaseReservation');
  return t(`vehicle.moveTo.${to}`);
}

function Row({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="flex justify-between gap-4">
      <dt className="text-slate-600 dark:text-slate-400">{label}</dt>
      <dd className="text-right font-medium tabular-nums">{children}</dd>
    </div>
  );
}

function Details({ v }: { v: Vehicle }) {
  const { t } = useTranslation();
  const items: Array<[string, ReactNode]> = [
    [t('vehicle.placa'), <Mono>{displayPlaca(v.placa)}</Mono>],
    [t('vehicle.vin'), <Mono>{v.vin}</Mono>],
    [t('vehicle.renavam'), orEmpty(v.renavam)],
    [t('vehicle.condition'), t(`condition.${v.condition}`)],
    [t('vehicle.origin'), t(`origin.${v.origin}`)],
    [t('vehicle.fuel'), t(`fuel.${v.fuel}`)],
    [t('vehicle.transmission'), t(`transmission.${v.transmission}`)],
    [t('vehicle.color'), orEmpty(v.color)],
    [t('vehicle.interiorColor'), orEmpty(v.interiorColor)],
    [t('vehicle.doors'), orEmpty(v.doors)],
    [t('vehicle.keysCount'), orEmpty(v.keysCount)],
    [t('vehicle.lotLocation'), orEmpty(v.lotLocation)],
    [t('vehicle.fipeCode'), orEmpty(v.fipeCode)],
    [t('vehicle.enteredAt'), formatDate(v.enteredAt)],
    [t('vehicle.km'), formatKm(v.mileageKm)],
  ];
  return (
    <>
      <dl className="grid gap-x-6 gap-y-3 text-sm sm:grid-cols-2">
        {items.map(([label, value]) => (
          <div key={label} className="flex justify-between gap-4 border-b border-slate-100 pb-2 dark:border-slate-800">
            <dt className="text-slate-600 dark:text-slate-400">{label}</dt>
            <dd className="text-right font-medium">{value}</dd>
          </div>
        ))}
      </dl>
      {v.vinInfo && (
        <p className="mt-4 text-sm text-slate-700 dark:text-slate-300">
          {t('vehicle.vinDecoded', {
            manufacturer: v.vinInfo.manufacturer ?? v.vinInfo.wmi,
            country: orEmpty(v.vinInfo.country),
            year: orEmpty(v.vinInfo.modelYear),
          })}
          {!v.vinInfo.checkDigitValid && <span className="ml-1 text-amber-800 dark:text-amber-300">{t('vehicle.vinCheckDigitWarning')}</span>}
        </p>
      )}
      {v.options.length > 0 && (
        <div className="mt-4">
          <h3 className="mb-2 text-sm font-medium">{t('vehicle.options')}</h3>
          <ul className="flex flex-wrap gap-2">
            {v.options.map((o) => (
              <li key={o}><Badge>{o}</Badge></li>
            ))}
          </ul>
        </div>
      )}
      {v.description && <p className="mt-4 whitespace-pre-line text-sm">{v.description}</p>}
    </>
  );
}
