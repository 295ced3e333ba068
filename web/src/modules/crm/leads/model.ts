// The funnel as the screens see it: stages, the board's move of a card (optimistic, undone when
// the server refuses), the activity form's mapping onto the API, and the end of a business day.
import type { QueryClient, QueryKey } from '@tanstack/react-query';
import type { components } from '@/api/schema.gen';
import { startOfDayIn, todayIn } from '@/lib/businessDate';

export type Lead = components['schemas']['LeadView'];
export type LeadStage = components['schemas']['LeadStage'];
export type LeadCard = components['schemas']['LeadCard'];
export type Board = components['schemas']['Board'];
export type Activity = components['schemas']['ActivityView'];
export type ActivityKind = components['schemas']['ActivityKind'];
export type NewActivity = components['schemas']['NewActivity'];
export type StageChange = components['schemas']['LeadStageChange'];
export type ListEntry = components['schemas']['ListEntry'];
export type ScoreFactor = components['schemas']['ScoreFactor'];

export const STAGES: readonly LeadStage[] = ['new', 'contacted', 'qualified', 'visit_scheduled', 'test_drive', 'negotiating', 'won', 'lost'];
export const ACTIVITY_KINDS: readonly ActivityKind[] = ['call', 'whatsapp', 'email', 'visit', 'test_drive', 'note', 'task'];
export const SCORE_FACTORS = ['source_quality', 'engagement', 'response_time', 'budget_fit', 'trade_in', 'recency'] as const;

/** Still being worked. */
export const isOpen = (s: LeadStage) => s !== 'won' && s !== 'lost';

/**
 * Where a card may go from its stage, as the server allows it (`LeadStage::next`): any other open
 * stage, won or lost while open; a lost lead reopens; a won one is a sale. The board's cards carry
 * no `nextStages`, so the board offers these and the server still has the last word.
 */
export function nextStages(from: LeadStage): LeadStage[] {
  if (from === 'won') return [];
  if (from === 'lost') return STAGES.filter(isOpen);
  return STAGES.filter((s) => s !== from);
}

/** The board with a card moved to the top of another column, the counts following it. */
export function moveCard(board: Board, leadId: string, to: LeadStage, now: Date = new Date()): Board {
  const card = board.columns.flatMap((c) => c.leads).find((l) => l.id === leadId);
  if (!card || card.stage === to) return board;
  const moved: LeadCard = { ...card, stage: to, stageChangedAt: now.toISOString(), overdue: card.overdue && to === 'new' };
  return {
    columns: board.columns.map((c) => {
      if (c.stage === card.stage) return { ...c, total: Math.max(0, c.total - 1), leads: c.leads.filter((l) => l.id !== leadId) };
      if (c.stage === to) return { ...c, total: c.total + 1, leads: [moved, ...c.leads] };
      return c;
    }),
  };
}

/**
 * Moves a card in every cached board at once (the user sees it land before the server answers)
 * and returns what puts them back as they were, for a refusal.
 */
export function moveOptimistically(qc: QueryClient, boards: QueryKey, leadId: string, to: LeadStage): () => void {
  const before = qc.getQueriesData<Board>({ queryKey: boards });
  for (const [key, board] of before) if (board) qc.setQueryData<Board>(key, moveCard(board, leadId, to));
  return () => {
    for (const [key, board] of before) qc.setQueryData(key, board);
  };
}

/** What the activity form holds: text fields as typed. */
export interface ActivityForm {
  kind: ActivityKind;
  direction: 'inbound' | 'outbound';
  body: string;
  /** `yyyy-MM-ddTHH:mm` of a `datetime-local` input, the browser's wall time; empty is now. */
  occurredAt: string;
  dueAt: string;
  vehicleId: string;
  cnhChecked: boolean;
  startKm: string;
  endKm: string;
}

export const emptyActivity = (kind: ActivityKind = 'call'): ActivityForm => ({
  kind,
  direction: 'outbound',
  body: '',
  occurredAt: '',
  dueAt: '',
  vehicleId: '',
  cnhChecked: false,
  startKm: '',
  endKm: '',
});

/** Contacts have a direction (who called whom); a note, a visit, a test drive and a task do not. */
export const hasDirection = (k: ActivityKind) => k === 'call' || k === 'whatsapp' || k === 'email';

const km = (v: string): number | null => {
  const digits = v.replace(/\D/g, '');
  return digits ? Number(digits) : null;
};
const instant = (local: string): string | null => (local ? new Date(local).toISOString() : null);

/** The form as `POST /activities` takes it: only the fields its kind has. */
export function toNewActivity(f: ActivityForm, subject: { leadId: string } | { customerId: string }): NewActivity {
  const body = f.body.trim() || null;
  const out: NewActivity = { kind: f.kind, body, ...subject };
  if (hasDirection(f.kind)) out.direction = f.direction;
  if (f.kind === 'task') {
    out.dueAt = instant(f.dueAt);
    return out;
  }
  out.occurredAt = instant(f.occurredAt);
  if (f.kind === 'test_drive') {
    out.vehicleId = f.vehicleId || null;
    out.cnhChecked = f.cnhChecked;
    out.startKm = km(f.startKm);
    out.endKm = km(f.endKm);
  }
  return out;
}

/** The instant today ends in a time zone: tasks due before it are today's (or overdue). */
export function endOfTodayIn(timeZone: string, now: Date = new Date()): string {
  const [y, m, d] = todayIn(timeZone, now).split('-').map(Number) as [number, number, number];
  const tomorrow = new Date(Date.UTC(y, m - 1, d + 1)).toISOString().slice(0, 10);
  return startOfDayIn(tomorrow, timeZone);
}

/** The timeline's entries, stage moves and activities merged, newest first. */
export type TimelineEntry = { kind: 'stage'; at: string; change: StageChange } | { kind: 'activity'; at: string; activity: Activity };

export function mergeTimeline(changes: StageChange[], activities: Activity[]): TimelineEntry[] {
  const entries: TimelineEntry[] = [
    ...changes.map((change) => ({ kind: 'stage' as const, at: change.changedAt, change })),
    ...activities.map((activity) => ({ kind: 'activity' as const, at: activity.occurredAt, activity })),
  ];
  return entries.sort((a, b) => (a.at < b.at ? 1 : a.at > b.at ? -1 : 0));
}

/** How long a card has been in its stage, in the largest whole unit. */
export function timeIn(since: string, now: Date = new Date()): { unit: 'minutes' | 'hours' | 'days'; count: number } {
  const minutes = Math.max(0, Math.floor((now.getTime() - new Date(since).getTime()) / 60_000));
  if (minutes < 60) return { unit: 'minutes', count: minutes };
  if (minutes < 24 * 60) return { unit: 'hours', count: Math.floor(minutes / 60) };
  return { unit: 'days', count: Math.floor(minutes / (24 * 60)) };
}
