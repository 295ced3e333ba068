// What the funnel's screens share: the tenant's lists (source and lost-reason labels), the names
// of salespeople, the stage move (optimistic on the board, the lost-reason dialog), badges.
import { useState, type ReactNode } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { DropdownMenu } from 'radix-ui';
import { ArrowRightLeft } from 'lucide-react';
import { api, unwrap } from '@/api/client';
import { useAuth } from '@/auth/AuthProvider';
import { problemText } from '@/i18n/problems';
import { Badge, type Tone } from '@/ui/Badge';
import { Button } from '@/ui/Button';
import { cn } from '@/ui/cn';
import { Dialog } from '@/ui/Dialog';
import { Select, TextArea } from '@/ui/Field';
import { useToast } from '@/ui/Toast';
import { customerKeys, leadKeys } from '../keys';
import { moveOptimistically, type Lead, type LeadStage } from './model';

/** The labels of a tenant list (`source`, `lost_reason`); a key the list lacks reads as itself. */
export function useCrmList(kind: 'source' | 'lost_reason') {
  const list = useQuery({
    queryKey: leadKeys.list(kind),
    queryFn: () => unwrap(api.GET('/api/v1/crm/lists/{kind}', { params: { path: { kind } } })),
    staleTime: 5 * 60_000,
  });
  const items = list.data?.items ?? [];
  return { items: items.filter((e) => e.active), label: (key: string) => items.find((e) => e.key === key)?.label ?? key };
}

/**
 * The name of the salesperson on a lead. Managers read the user list; a salesperson may not
 * (`users.read`), so they see "Você" for their own leads and "Outro vendedor" for the others'.
 */
export function useOwners() {
  const { t } = useTranslation();
  const { me, can } = useAuth();
  const canList = can('users.read');
  const users = useQuery({
    queryKey: leadKeys.users(),
    queryFn: () => unwrap(api.GET('/api/v1/users', { params: { query: { pageSize: 100 } } })),
    enabled: canList,
    staleTime: 5 * 60_000,
  });
  const list = (users.data?.items ?? []).filter((u) => u.active);
  return {
    users: list,
    canList,
    name: (id: string | null | undefined): string => {
      if (!id) return t('leads.detail.unassigned');
      if (id === me?.user.id) return t('leads.detail.you');
      return list.find((u) => u.id === id)?.name ?? t('leads.detail.someone');
    },
  };
}

const stageTones: Record<LeadStage, Tone> = {
  new: 'blue',
  contacted: 'teal',
  qualified: 'teal',
  visit_scheduled: 'violet',
  test_drive: 'violet',
  negotiating: 'amber',
  won: 'green',
  lost: 'gray',
};

export function StageBadge({ stage }: { stage: LeadStage }) {
  const { t } = useTranslation();
  return <Badge tone={stageTones[stage]}>{t(`leads.stages.${stage}`)}</Badge>;
}

export function ScoreBadge({ score }: { score: number }) {
  const { t } = useTranslation();
  const tone: Tone = score >= 70 ? 'green' : score >= 40 ? 'amber' : 'gray';
  return (
    <span aria-label={t('leads.scoreLabel', { score })} title={t('leads.scoreLabel', { score })}>
      <Badge tone={tone}>{score}</Badge>
    </span>
  );
}

/** Losing a lead needs a reason from the tenant's list and may carry a note. */
export function LostReasonDialog({ name, onCancel, onConfirm, pending }: { name: string; onCancel: () => void; onConfirm: (reason: string, note: string) => void; pending?: boolean }) {
  const { t } = useTranslation();
  const reasons = useCrmList('lost_reason');
  const [reason, setReason] = useState('');
  const [note, setNote] = useState('');
  const [missing, setMissing] = useState(false);
  return (
    <Dialog
      open
      onOpenChange={(o) => !o && onCancel()}
      title={t('leads.lost.title')}
      description={t('leads.lost.body', { name })}
      footer={
        <>
          <Button variant="secondary" onClick={onCancel}>
            {t('common.cancel')}
          </Button>
          <Button
            variant="danger"
            loading={pending}
            onClick={() => {
              if (!reason) return setMissing(true);
              onConfirm(reason, note.trim());
            }}
          >
            {t('leads.lost.confirm')}
          </Button>
        </>
      }
    >
      <div className="space-y-4">
        <Select
          label={t('leads.lost.reason')}
          error={missing ? t('leads.lost.reasonRequired') : undefined}
          value={reason}
          placeholder={t('common.choose')}
          options={reasons.items.map((r) => ({ value: r.key, label: r.label }))}
          onChange={(e) => {
            setReason(e.target.value);
            setMissing(false);
          }}
        />
        <TextArea label={t('leads.lost.note')} value={note} onChange={(e) => setNote(e.target.value)} rows={3} />
      </div>
    </Dialog>
  );
}

interface MoveRequest {
  leadId: string;
  name: string;
  to: LeadStage;
}

/**
 * Moves a lead to a stage: on the board at once, undone with the server's reason when it refuses.
 * "Perdido" first asks why. `dialog` must be rendered by the caller.
 */
export function useStageMove(onMoved?: (lead: Lead) => void): { move: (r: MoveRequest) => void; dialog: ReactNode } {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const toast = useToast();
  const [losing, setLosing] = useState<MoveRequest | null>(null);
  const mutation = useMutation({
    mutationFn: ({ leadId, to, lostReason, note }: MoveRequest & { lostReason?: string; note?: string }) =>
      unwrap(api.POST('/api/v1/leads/{id}/stage', { params: { path: { id: leadId } }, body: { stage: to, lostReason: lostReason ?? null, note: note || null } })),
    onMutate: async ({ leadId, to }) => {
      await qc.cancelQueries({ queryKey: leadKeys.boards() });
      return { rollback: moveOptimistically(qc, leadKeys.boards(), leadId, to) };
    },
    onError: (e, _vars, ctx) => {
      ctx?.rollback();
      toast.error(t('leads.moveFailed'), problemText(t, e));
    },
    onSuccess: (lead, { to }) => {
      setLosing(null);
      qc.setQueryData(leadKeys.detail(lead.id), lead);
      void qc.invalidateQueries({ queryKey: leadKeys.timeline(lead.id) });
      void qc.invalidateQueries({ queryKey: leadKeys.score(lead.id) });
      void qc.invalidateQueries({ queryKey: customerKeys.leads(lead.customerId) });
      toast.success(t('leads.moved', { stage: t(`leads.stages.${to}`) }));
      onMoved?.(lead);
    },
    onSettled: () => void qc.invalidateQueries({ queryKey: leadKeys.boards() }),
  });
  const move = (r: MoveRequest) => (r.to === 'lost' ? setLosing(r) : mutation.mutate(r));
  const dialog = losing ? (
    <LostReasonDialog
      name={losing.name}
      pending={mutation.isPending}
      onCancel={() => setLosing(null)}
      onConfirm={(lostReason, note) => mutation.mutate({ ...losing, lostReason, note })}
    />
  ) : null;
  return { move, dialog };
}

/** "Mover para…": a menu of the stages a lead may go to, reachable by Tab and Enter. */
export function StageMenu({ targets, label, onPick, large = false }: { targets: LeadStage[]; label: string; onPick: (to: LeadStage) => void; large?: boolean }) {
  const { t } = useTranslation();
  if (targets.length === 0) return null;
  return (
    <DropdownMenu.Root>
      <DropdownMenu.Trigger
        aria-label={label}
        className={cn(
          'inline-flex h-11 shrink-0 items-center gap-1 rounded-md border border-slate-300 bg-white px-3 text-sm font-medium text-slate-800 hover:bg-slate-50 focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-brand-600 dark:border-slate-700 dark:bg-slate-900 dark:text-slate-100',
          large ? 'md:h-10 md:px-4' : 'md:h-8',
        )}
      >
        <ArrowRightLeft className="h-4 w-4" aria-hidden />
        {t('leads.moveTo')}
      </DropdownMenu.Trigger>
      <DropdownMenu.Portal>
        <DropdownMenu.Content align="end" sideOffset={6} className="z-50 min-w-48 rounded-md border border-slate-200 bg-white p-1 shadow-lg dark:border-slate-800 dark:bg-slate-900">
          {targets.map((s) => (
            <DropdownMenu.Item
              key={s}
              onSelect={() => onPick(s)}
              className="flex min-h-11 cursor-pointer items-center rounded px-2 text-sm outline-none data-[highlighted]:bg-slate-100 md:min-h-9 dark:data-[highlighted]:bg-slate-800"
            >
              {t(`leads.stages.${s}`)}
            </DropdownMenu.Item>
          ))}
        </DropdownMenu.Content>
      </DropdownMenu.Portal>
    </DropdownMenu.Root>
  );
}
