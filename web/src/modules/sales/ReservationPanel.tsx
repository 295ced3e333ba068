// A vehicle's hold for a customer, in the inventory's vehicle page: "Reservado para Maria até
// 10/12 18:00", and the desk's actions on it: reserve (sales.reserve), release (its holder; a
// manager with a reason), a manager's override for another customer with a reason, a new quote.
import { useState, type ReactNode } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import { Bookmark, BookmarkX, FilePlus2, Repeat } from 'lucide-react';
import { api, unwrap } from '@/api/client';
import { useAuth } from '@/auth/AuthProvider';
import { fieldText } from '@/i18n/problems';
import { formatDateTime } from '@/lib/format';
import { customerName, type Customer } from '@/modules/crm/labels';
import { vehicleKeys } from '@/modules/vehicles/keys';
import type { Vehicle } from '@/modules/vehicles/labels';
import { Button } from '@/ui/Button';
import { Dialog } from '@/ui/Dialog';
import { Input, TextArea } from '@/ui/Field';
import { useToast } from '@/ui/Toast';
import { CustomerSearch } from './deal/Pickers';
import { reservationKeys } from './keys';
import type { Reservation } from './model';
import { explain, useCustomerName } from './shared';

/** `yyyy-MM-ddTHH:mm` in the browser's clock, `days` from now: a datetime-local's value. */
function localInput(days: number, now = new Date()): string {
  const d = new Date(now.getTime() + days * 86_400_000);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** The hold's notice, then one row of actions: the page's own (`children`) and the desk's. */
export function ReservationPanel({ vehicle, children }: { vehicle: Vehicle; children?: ReactNode }) {
  const { t } = useTranslation();
  const { can, me } = useAuth();
  const navigate = useNavigate();
  const [reserving, setReserving] = useState<'new' | 'override' | null>(null);
  const [releasing, setReleasing] = useState(false);
  const list = useQuery({
    queryKey: reservationKeys.ofVehicle(vehicle.id),
    queryFn: () => unwrap(api.GET('/api/v1/vehicles/{id}/reservations', { params: { path: { id: vehicle.id } } })),
    enabled: can('sales.read'),
  });
  const active = list.data?.items.find((r) => r.status === 'active');
  const holder = useCustomerName(active?.customerId);
  const own = active?.reservedBy === me?.user.id;
  const manager = can('sales.override_reservation');
  const onSale = vehicle.status === 'available';

  const actions = (
    <>
      {can('sales.reserve') && !active && onSale && (
        <Button variant="secondary" className="h-11 sm:h-10" onClick={() => setReserving('new')}>
          <Bookmark className="h-4 w-4" aria-hidden />
          {t('reservation.reserve')}
        </Button>
      )}
      {active && can('sales.reserve') && (own || manager) && (
        <Button variant="secondary" className="h-11 sm:h-10" onClick={() => setReleasing(true)}>
          <BookmarkX className="h-4 w-4" aria-hidden />
          {t('reservation.release')}
        </Button>
      )}
      {active && manager && (
        <Button variant="secondary" className="h-11 sm:h-10" onClick={() => setReserving('override')}>
          <Repeat className="h-4 w-4" aria-hidden />
          {t('reservation.override')}
        </Button>
      )}
      {can('quotes.write') && (onSale || active) && (
        <Button variant="secondary" className="h-11 sm:h-10" onClick={() => navigate(`/quotes/new?vehicleId=${vehicle.id}${active ? `&customerId=${active.customerId}` : ''}`)}>
          <FilePlus2 className="h-4 w-4" aria-hidden />
          {t('reservation.newQuote')}
        </Button>
      )}
    </>
  );

  return (
    <>
      {active && (
        <div role="status" className="mb-4 rounded-md border border-blue-300 bg-blue-50 p-3 text-sm text-blue-950 dark:border-blue-800 dark:bg-blue-950 dark:text-blue-100">
          <p className="font-medium">{t('reservation.heldFor', { name: holder, until: formatDateTime(active.endsAt) })}</p>
          {active.note && <p className="mt-0.5">“{active.note}”</p>}
        </div>
      )}
      <div className="mb-6 flex flex-wrap gap-2">
        {children}
        {actions}
      </div>
      {reserving && <ReserveDialog vehicleId={vehicle.id} override={reserving === 'override'} onClose={() => setReserving(null)} />}
      {active && <ReleaseDialog r={active} open={releasing} needsReason={!own} onOpenChange={setReleasing} />}
    </>
  );
}

function useReservationChanged(vehicleId: string) {
  const qc = useQueryClient();
  return () => {
    void qc.invalidateQueries({ queryKey: reservationKeys.all });
    void qc.invalidateQueries({ queryKey: vehicleKeys.detail(vehicleId) });
    void qc.invalidateQueries({ queryKey: vehicleKeys.lists() });
  };
}

function ReserveDialog({ vehicleId, override, onClose }: { vehicleId: string; override: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const toast = useToast();
  const changed = useReservationChanged(vehicleId);
  const [customer, setCustomer] = useState<Customer | null>(null);
  const [until, setUntil] = useState(() => localInput(3));
  const [note, setNote] = useState('');
  const [reason, setReason] = useState('');
  const [missing, setMissing] = useState<{ customer?: boolean; until?: boolean; reason?: boolean }>({});
  const reserve = useMutation({
    mutationFn: () =>
      unwrap(
        api.POST('/api/v1/vehicles/{id}/reservations', {
          params: { path: { id: vehicleId } },
          body: { customerId: customer!.id, endsAt: new Date(until).toISOString(), note: note.trim() || null, overrideReason: override ? reason.trim() : null },
        }),
      ),
    onSuccess: () => {
      toast.success(t('reservation.reserved', { name: customer ? customerName(customer) : '' }));
      changed();
      onClose();
    },
  });
  const submit = () => {
    const lacking = { customer: !customer, until: !until || Number.isNaN(Date.parse(until)), reason: override && !reason.trim() };
    setMissing(lacking);
    if (!lacking.customer && !lacking.until && !lacking.reason) reserve.mutate();
  };
  return (
    <Dialog
      open
      onOpenChange={(o) => !o && onClose()}
      title={override ? t('reservation.overrideTitle') : t('reservation.reserveTitle')}
      description={override ? t('reservation.overrideBody') : t('reservation.reserveBody')}
      footer={
        <>
          <Button variant="secondary" className="h-11 sm:h-10" onClick={onClose}>
            {t('common.cancel')}
          </Button>
          <Button className="h-11 sm:h-10" loading={reserve.isPending} onClick={submit}>
            {t('reservation.confirm')}
          </Button>
        </>
      }
    >
      <div className="space-y-4">
        {reserve.isError && (
          <p role="alert" className="text-sm text-red-700 dark:text-red-400">
            {explain(t, reserve.error)}
          </p>
        )}
        {customer ? (
          <div className="flex items-center justify-between gap-2 rounded-md border border-slate-200 p-3 text-sm dark:border-slate-700">
            <span className="font-medium">{customerName(customer)}</span>
            <Button variant="ghost" size="sm" onClick={() => setCustomer(null)}>
              {t('deal.change')}
            </Button>
          </div>
        ) : (
          <CustomerSearch onPick={setCustomer} error={missing.customer ? fieldText(t, 'validation.required') : undefined} />
        )}
        <Input label={t('reservation.until')} type="datetime-local" value={until} hint={t('reservation.untilHint')} error={missing.until ? fieldText(t, 'validation.date') : undefined} onChange={(e) => setUntil(e.target.value)} />
        <TextArea label={t('reservation.note')} value={note} maxLength={500} onChange={(e) => setNote(e.target.value)} />
        {override && <TextArea label={t('reservation.overrideReason')} value={reason} maxLength={500} error={missing.reason ? fieldText(t, 'validation.required') : undefined} onChange={(e) => setReason(e.target.value)} />}
      </div>
    </Dialog>
  );
}

function ReleaseDialog({ r, open, needsReason, onOpenChange }: { r: Reservation; open: boolean; needsReason: boolean; onOpenChange: (o: boolean) => void }) {
  const { t } = useTranslation();
  const toast = useToast();
  const changed = useReservationChanged(r.vehicleId);
  const [reason, setReason] = useState('');
  const [missing, setMissing] = useState(false);
  const release = useMutation({
    mutationFn: () => unwrap(api.POST('/api/v1/reservations/{id}/release', { params: { path: { id: r.id } }, body: { reason: reason.trim() || null } })),
    onSuccess: () => {
      toast.success(t('reservation.released'));
      changed();
      onOpenChange(false);
    },
  });
  return (
    <Dialog
      open={open}
      onOpenChange={onOpenChange}
      title={t('reservation.releaseTitle')}
      description={t('reservation.releaseBody')}
      footer={
        <>
          <Button variant="secondary" className="h-11 sm:h-10" onClick={() => onOpenChange(false)}>
            {t('common.cancel')}
          </Button>
          <Button
            variant="danger"
            className="h-11 sm:h-10"
            loading={release.isPending}
            onClick={() => {
              setMissing(needsReason && !reason.trim());
              if (!needsReason || reason.trim()) release.mutate();
            }}
          >
            {t('reservation.release')}
          </Button>
        </>
      }
    >
      {release.isError && (
        <p role="alert" className="mb-3 text-sm text-red-700 dark:text-red-400">
          {explain(t, release.error)}
        </p>
      )}
      <TextArea
        label={needsReason ? t('reservation.releaseReason') : t('reservation.releaseReasonOptional')}
        value={reason}
        maxLength={500}
        error={missing ? fieldText(t, 'validation.required') : undefined}
        onChange={(e) => setReason(e.target.value)}
      />
    </Dialog>
  );
}
