import { useState, type ReactNode } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { AlertTriangle, ArrowLeft, ArrowRight, ClipboardList, MessageCircle, Pencil, Phone, UserCog } from 'lucide-react';
import { api, unwrap } from '@/api/client';
import { useAuth } from '@/auth/AuthProvider';
import { useStoreScope } from '@/app/StoreScope';
import { usePageTitle } from '@/app/title';
import { problemText } from '@/i18n/problems';
import { EMPTY, formatDateTime, formatMoney, formatNumber } from '@/lib/format';
import { Badge } from '@/ui/Badge';
import { Button } from '@/ui/Button';
import { Card } from '@/ui/Card';
import { Dialog } from '@/ui/Dialog';
import { LoadError } from '@/ui/EmptyState';
import { Select, TextArea } from '@/ui/Field';
import { QueryView } from '@/ui/QueryView';
import { Skeleton } from '@/ui/Skeleton';
import { useToast } from '@/ui/Toast';
import { ActivityDialog } from './ActivityDialog';
import { ConversationPanel } from './conversations/ConversationPanel';
import { EditInterestDialog } from './EditInterestDialog';
import { customerKeys, leadKeys } from './keys';
import { customerName, formatPhone, whatsappLink } from './labels';
import { mergeTimeline, SCORE_FACTORS, type Activity, type Lead, type TimelineEntry } from './leads/model';
import { ScoreBadge, StageBadge, StageMenu, useCrmList, useOwners, useStageMove } from './leads/shared';

/** One lead: who, what they want, who works it, where it is, its score explained and its history. */
export function LeadPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const { can, me } = useAuth();
  const { storeName } = useStoreScope();
  const [logging, setLogging] = useState(false);
  const [assigning, setAssigning] = useState(false);
  const lead = useQuery({
    queryKey: leadKeys.detail(id),
    queryFn: () => unwrap(api.GET('/api/v1/leads/{id}', { params: { path: { id } } })),
  });
  const customerId = lead.data?.customerId;
  const customer = useQuery({
    queryKey: customerKeys.detail(customerId ?? ''),
    queryFn: () => unwrap(api.GET('/api/v1/customers/{id}', { params: { path: { id: customerId! } } })),
    enabled: Boolean(customerId),
  });
  // A salesperson may not read the record of a customer someone else registered (one who wrote by
  // WhatsApp): the conversation, loaded by its panel, still has the name.
  const conversation = useQuery({
    queryKey: leadKeys.conversation(id),
    queryFn: () => unwrap(api.GET('/api/v1/leads/{id}/conversation', { params: { path: { id } } })),
    enabled: false,
  });
  const { move, dialog } = useStageMove();
  usePageTitle(lead.isError ? t('leads.detail.notFound') : (customer.data?.name ?? conversation.data?.customerName), t('leads.title'));

  const back = (
    <Link to="/leads" className="mb-4 inline-flex min-h-11 items-center gap-1 text-sm text-slate-700 hover:underline md:min-h-0 dark:text-slate-300">
      <ArrowLeft className="h-4 w-4" aria-hidden />
      {t('leads.detail.back')}
    </Link>
  );
  if (lead.isError) return <LoadError error={lead.error} notFoundTitle={t('leads.detail.notFound')} onRetry={() => void lead.refetch()} back={back} />;
  const l = lead.data;
  if (!l || l.id !== id) {
    return (
      <div className="space-y-4">
        <Skeleton className="h-10 w-2/3" />
        <Skeleton className="h-64" />
      </div>
    );
  }
  const c = customer.data;
  const name = c ? customerName(c) : '';
  const phone = c?.phones[0];
  return (
    <>
      {back}
      <div className="mb-4">
        <p className="text-sm text-slate-600 dark:text-slate-400">{t('leads.detail.kicker')}</p>
        <h1 className="text-2xl font-semibold tracking-tight">{c ? name : customer.isError ? conversation.data?.customerName : <Skeleton className="h-8 w-64" />}</h1>
        <div className="mt-2 flex flex-wrap items-center gap-2 text-sm">
          <StageBadge stage={l.stage} />
          <ScoreBadge score={l.score} />
          {l.overdue && (
            <Badge tone="red">
              <AlertTriangle className="mr-1 inline h-3 w-3" aria-hidden />
              {t('leads.overdue')}
            </Badge>
          )}
          {c && (
            <Link to={`/customers/${c.id}`} className="inline-flex min-h-11 items-center text-brand-700 underline md:min-h-0 dark:text-brand-100">
              {t('leads.detail.open360')}
            </Link>
          )}
          {phone && (
            <>
              <a href={`tel:${phone.number}`} className="inline-flex min-h-11 items-center gap-1 tabular-nums hover:underline md:min-h-0">
                <Phone className="h-4 w-4" aria-hidden />
                {formatPhone(phone.number)}
              </a>
              {phone.whatsapp && (
                <a href={whatsappLink(phone.number)} target="_blank" rel="noreferrer" className="inline-flex min-h-11 items-center gap-1 text-green-700 hover:underline md:min-h-0 dark:text-green-400" aria-label={t('customers.detail.whatsappLink', { phone: formatPhone(phone.number) })}>
                  <MessageCircle className="h-4 w-4" aria-hidden />
                  WhatsApp
                </a>
              )}
            </>
          )}
        </div>
      </div>
      <div className="mb-6 flex flex-wrap gap-2">
        {can('activities.log') && can('leads.work') && (
          <Button onClick={() => setLogging(true)}>
            <ClipboardList className="h-4 w-4" aria-hidden />
            {t('leads.activity.log')}
          </Button>
        )}
        {can('leads.work') && <StageMenu large targets={l.nextStages} label={t('leads.detail.moveLead')} onPick={(to) => move({ leadId: l.id, name, to })} />}
      </div>
      <div className="grid gap-6 lg:grid-cols-3">
        <div className="space-y-6">
          <InterestCard l={l} canEdit={can('leads.work')} />
          <OwnerCard l={l} canAssign={can('leads.assign')} onAssign={() => setAssigning(true)} />
          <ScoreCard l={l} />
        </div>
        <div className="space-y-6 lg:col-span-2">
          <ConversationPanel
            leadId={l.id}
            customerName={c?.name ?? ''}
            sellerName={me?.user.name ?? ''}
            storeName={storeName(l.storeId)}
            canWork={can('leads.work')}
            canConfigure={can('messages.configure')}
          />
          <TimelineCard leadId={l.id} />
        </div>
      </div>
      {dialog}
      {logging && <ActivityDialog subject={{ leadId: l.id }} customerId={l.customerId} onClose={() => setLogging(false)} />}
      {assigning && <AssignDialog l={l} onClose={() => setAssigning(false)} />}
    </>
  );
}

function Row({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="flex justify-between gap-4 py-1.5 text-sm">
      <dt className="text-slate-600 dark:text-slate-400">{label}</dt>
      <dd className="text-right">{children}</dd>
    </div>
  );
}

function InterestCard({ l, canEdit }: { l: Lead; canEdit: boolean }) {
  const [editing, setEditing] = useState(false);
  const { t } = useTranslation();
  const sources = useCrmList('source');
  const { storeName } = useStoreScope();
  const vehicle = [l.make, l.model].filter(Boolean).join(' ');
  const years = l.yearMin || l.yearMax ? [l.yearMin ?? '…', l.yearMax ?? '…'].join('–') : EMPTY;
  return (
    <Card className="p-5">
      <div className="mb-2 flex items-center justify-between gap-2">
        <h2 className="font-semibold">{t('leads.detail.interest')}</h2>
        {canEdit && (
          <Button variant="ghost" size="sm" onClick={() => setEditing(true)} aria-label={t('leads.edit.title')}>
            <Pencil className="h-4 w-4" aria-hidden />
            {t('common.edit')}
          </Button>
        )}
      </div>
      <dl className="divide-y divide-slate-100 dark:divide-slate-800">
        <Row label={t('leads.detail.vehicle')}>{vehicle || (l.vehicleId ? <Link to={`/inventory/${l.vehicleId}`} className="underline">{t('leads.detail.stockVehicle')}</Link> : EMPTY)}</Row>
        <Row label={t('leads.detail.years')}>{years}</Row>
        <Row label={t('leads.detail.budget')}>{formatMoney(l.budgetCents)}</Row>
        <Row label={t('leads.detail.condition')}>{l.condition ? t(`leads.new.conditions.${l.condition}`) : t('leads.new.conditions.any')}</Row>
        <Row label={t('leads.detail.tradeIn')}>{l.hasTradeIn ? l.tradeInNotes || t('leads.detail.yes') : t('leads.detail.no')}</Row>
        <Row label={t('leads.detail.source')}>{sources.label(l.source)}</Row>
        <Row label={t('leads.detail.store')}>{storeName(l.storeId)}</Row>
        <Row label={t('leads.detail.createdAt')}>{formatDateTime(l.createdAt)}</Row>
        {l.stage === 'new' && <Row label={t('leads.detail.responseDue')}>{formatDateTime(l.responseDueAt)}</Row>}
      </dl>
      {l.notes && <p className="mt-3 whitespace-pre-line text-sm">{l.notes}</p>}
      {editing && <EditInterestDialog lead={l} onClose={() => setEditing(false)} />}
    </Card>
  );
}

function OwnerCard({ l, canAssign, onAssign }: { l: Lead; canAssign: boolean; onAssign: () => void }) {
  const { t } = useTranslation();
  const owners = useOwners();
  return (
    <Card className="p-5">
      <h2 className="mb-2 font-semibold">{t('leads.detail.owner')}</h2>
      <p className="text-sm">{owners.name(l.ownerId)}</p>
      {canAssign && (
        <Button variant="secondary" size="sm" className="mt-3" onClick={onAssign}>
          <UserCog className="h-4 w-4" aria-hidden />
          {t('leads.assign.open')}
        </Button>
      )}
    </Card>
  );
}

function ScoreCard({ l }: { l: Lead }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const score = useQuery({
    queryKey: leadKeys.score(l.id),
    queryFn: () => unwrap(api.GET('/api/v1/leads/{id}/score', { params: { path: { id: l.id } } })),
    enabled: open,
  });
  const known = (f: string) => (SCORE_FACTORS as readonly string[]).includes(f);
  return (
    <Card className="p-5">
      <h2 className="mb-2 flex items-center justify-between font-semibold">
        {t('leads.detail.score')}
        <span className="text-2xl tabular-nums">{l.score}</span>
      </h2>
      <details onToggle={(e) => setOpen((e.target as HTMLDetailsElement).open)}>
        <summary className="flex min-h-11 cursor-pointer items-center text-sm font-medium text-brand-700 md:min-h-0 dark:text-brand-100">{t('leads.detail.why')}</summary>
        <QueryView query={score} compact skeleton={<Skeleton className="mt-2 h-24" />}>
          {(s) => (
            <ul className="mt-2 space-y-3">
              {s.factors.map((f) => (
                <li key={f.factor} className="text-sm">
                  <p className="flex justify-between gap-2 font-medium">
                    <span>{known(f.factor) ? t(`leads.factors.${f.factor}`) : f.factor}</span>
                    <span className="tabular-nums">{t('leads.detail.points', { points: f.points, max: f.max })}</span>
                  </p>
                  <div className="mt-1 h-1.5 rounded bg-slate-100 dark:bg-slate-800" aria-hidden>
                    <div className="h-1.5 rounded bg-brand-600" style={{ width: `${f.max ? Math.round((100 * f.points) / f.max) : 0}%` }} />
                  </div>
                  <p className="mt-1 text-slate-700 dark:text-slate-300">{f.detail}</p>
                </li>
              ))}
            </ul>
          )}
        </QueryView>
      </details>
    </Card>
  );
}

function TimelineCard({ leadId }: { leadId: string }) {
  const { t } = useTranslation();
  const timeline = useQuery({
    queryKey: leadKeys.timeline(leadId),
    queryFn: () => unwrap(api.GET('/api/v1/leads/{id}/timeline', { params: { path: { id: leadId } } })),
  });
  return (
    <Card className="p-5">
      <h2 className="mb-3 font-semibold">{t('leads.detail.timeline')}</h2>
      <QueryView query={timeline} compact skeleton={<Skeleton className="h-40" />}>
        {(data) => {
          const entries = mergeTimeline(data.stageChanges, data.activities);
          if (entries.length === 0) return <p className="text-sm text-slate-600 dark:text-slate-400">{t('leads.detail.timelineEmpty')}</p>;
          return (
            <ol className="space-y-3">
              {entries.map((e, i) => (
                <TimelineItem key={e.kind === 'activity' ? e.activity.id : `stage-${i}`} entry={e} />
              ))}
            </ol>
          );
        }}
      </QueryView>
    </Card>
  );
}

function TimelineItem({ entry }: { entry: TimelineEntry }) {
  const { t } = useTranslation();
  const lost = useCrmList('lost_reason');
  if (entry.kind === 'stage') {
    const c = entry.change;
    return (
      <li className="flex gap-3 border-l-2 border-slate-200 pl-3 text-sm dark:border-slate-700">
        <ArrowRight className="mt-0.5 h-4 w-4 shrink-0 text-slate-500" aria-hidden />
        <div>
          <p>
            {c.fromStage
              ? t('leads.detail.stageMove', { from: t(`leads.stages.${c.fromStage}`), to: t(`leads.stages.${c.toStage}`) })
              : t('leads.detail.stageStart', { to: t(`leads.stages.${c.toStage}`) })}
          </p>
          {c.reason && <p className="text-slate-700 dark:text-slate-300">{c.toStage === 'lost' ? lost.label(c.reason) : c.reason}</p>}
          <p className="text-xs text-slate-600 dark:text-slate-400">{formatDateTime(c.changedAt)}</p>
        </div>
      </li>
    );
  }
  return <ActivityItem a={entry.activity} />;
}

/** An activity as the timeline and the customer's card show it. */
export function ActivityItem({ a }: { a: Activity }) {
  const { t } = useTranslation();
  return (
    <li className="flex gap-3 border-l-2 border-brand-600 pl-3 text-sm">
      <div className="min-w-0">
        <p className="font-medium">
          {t(`leads.activity.kinds.${a.kind}`)}
          {a.direction && <span className="font-normal text-slate-600 dark:text-slate-400"> · {t(`leads.activity.directions.${a.direction}`)}</span>}
        </p>
        {a.body && <p className="whitespace-pre-line text-slate-800 dark:text-slate-200">{a.body}</p>}
        {a.kind === 'test_drive' && (
          <p className="text-slate-700 dark:text-slate-300">
            {t('leads.activity.testDriveKm', { start: formatNumber(a.startKm), end: formatNumber(a.endKm) })}
            {a.vehicleId && (
              <>
                {' · '}
                <Link to={`/inventory/${a.vehicleId}`} className="underline">
                  {t('leads.activity.vehicleLink')}
                </Link>
              </>
            )}
          </p>
        )}
        <p className="text-xs text-slate-600 dark:text-slate-400">
          {a.kind === 'task'
            ? a.doneAt
              ? t('leads.activity.doneAt', { time: formatDateTime(a.doneAt) })
              : t('leads.activity.dueAtText', { time: formatDateTime(a.dueAt) })
            : formatDateTime(a.occurredAt)}
        </p>
      </div>
    </li>
  );
}

function AssignDialog({ l, onClose }: { l: Lead; onClose: () => void }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const toast = useToast();
  const owners = useOwners();
  const [ownerId, setOwnerId] = useState(l.ownerId ?? '');
  const [reason, setReason] = useState('');
  const [missing, setMissing] = useState(false);
  const sellers = owners.users.filter((u) => u.roles.some((r) => r === 'sales' || r === 'store_manager' || r === 'owner') && (!u.storeIds || u.storeIds.includes(l.storeId)));
  const save = useMutation({
    mutationFn: () => unwrap(api.POST('/api/v1/leads/{id}/assign', { params: { path: { id: l.id } }, body: { ownerId: ownerId || null, reason: reason.trim() } })),
    onSuccess: (lead) => {
      qc.setQueryData(leadKeys.detail(lead.id), lead);
      void qc.invalidateQueries({ queryKey: leadKeys.boards() });
      void qc.invalidateQueries({ queryKey: leadKeys.timeline(lead.id) });
      toast.success(t('leads.assign.done'));
      onClose();
    },
  });
  return (
    <Dialog
      open
      onOpenChange={(o) => !o && onClose()}
      title={t('leads.assign.title')}
      footer={
        <>
          <Button variant="secondary" onClick={onClose}>
            {t('common.cancel')}
          </Button>
          <Button
            loading={save.isPending}
            onClick={() => {
              if (!reason.trim()) return setMissing(true);
              save.mutate();
            }}
          >
            {t('leads.assign.confirm')}
          </Button>
        </>
      }
    >
      <div className="space-y-4">
        {save.isError && (
          <p role="alert" className="rounded-md border border-red-300 bg-red-50 p-3 text-sm text-red-800 dark:border-red-800 dark:bg-red-950 dark:text-red-200">
            {problemText(t, save.error)}
          </p>
        )}
        <Select
          label={t('leads.assign.owner')}
          value={ownerId}
          onChange={(e) => setOwnerId(e.target.value)}
          options={[{ value: '', label: t('leads.detail.unassigned') }, ...sellers.map((u) => ({ value: u.id, label: u.name }))]}
        />
        <TextArea
          label={t('leads.assign.reason')}
          value={reason}
          error={missing ? t('leads.assign.reasonRequired') : undefined}
          onChange={(e) => {
            setReason(e.target.value);
            setMissing(false);
          }}
          rows={3}
        />
      </div>
    </Dialog>
  );
}
