import { describe, expect, it } from 'vitest';
import { QueryClient } from '@tanstack/react-query';
import { endOfTodayIn, emptyActivity, mergeTimeline, moveCard, moveOptimistically, nextStages, timeIn, toNewActivity, type Activity, type Board, type LeadCard } from './model';

const card = (id: string, stage: LeadCard['stage'], patch: Partial<LeadCard> = {}): LeadCard => ({
  id,
  stage,
  customerId: `c-${id}`,
  customerName: `Cliente ${id}`,
  source: 'walk_in',
  score: 40,
  overdue: false,
  responseDueAt: '2026-12-06T12:00:00Z',
  stageChangedAt: '2026-12-06T10:00:00Z',
  version: 1,
  ...patch,
});

const board = (): Board => ({
  columns: [
    { stage: 'new', total: 3, leads: [card('a', 'new', { overdue: true }), card('b', 'new')] },
    { stage: 'contacted', total: 1, leads: [card('c', 'contacted')] },
    { stage: 'negotiating', total: 0, leads: [] },
  ],
});

describe('moving a card on the board', () => {
  it('puts it on top of the target column with the counts following, and it is no longer overdue', () => {
    const now = new Date('2026-12-06T15:00:00Z');
    const moved = moveCard(board(), 'a', 'contacted', now);
    expect(moved.columns.map((c) => [c.stage, c.total, c.leads.map((l) => l.id)])).toEqual([
      ['new', 2, ['b']],
      ['contacted', 2, ['a', 'c']],
      ['negotiating', 0, []],
    ]);
    expect(moved.columns[1]!.leads[0]).toMatchObject({ stage: 'contacted', stageChangedAt: now.toISOString(), overdue: false });
  });

  it('leaves the board as it is for an unknown card or the same stage', () => {
    const b = board();
    expect(moveCard(b, 'zz', 'contacted')).toBe(b);
    expect(moveCard(b, 'c', 'contacted')).toBe(b);
  });

  it('moves it in every cached board at once and puts every one back on a refusal', () => {
    const qc = new QueryClient();
    const mine = ['leads', 'board', { storeId: null, ownerId: 'me' }];
    const all = ['leads', 'board', { storeId: null, ownerId: null }];
    qc.setQueryData(mine, board());
    qc.setQueryData(all, board());
    const rollback = moveOptimistically(qc, ['leads', 'board'], 'b', 'negotiating');
    for (const key of [mine, all]) {
      const b = qc.getQueryData<Board>(key)!;
      expect(b.columns.find((c) => c.stage === 'negotiating')!.leads.map((l) => l.id)).toEqual(['b']);
      expect(b.columns.find((c) => c.stage === 'new')!.total).toBe(2);
    }
    rollback();
    for (const key of [mine, all]) expect(qc.getQueryData(key)).toEqual(board());
  });

  it('offers the stages the server allows: any other open stage, won or lost; a lost lead reopens; a won one stays', () => {
    expect(nextStages('new')).toEqual(['contacted', 'qualified', 'visit_scheduled', 'test_drive', 'negotiating', 'won', 'lost']);
    expect(nextStages('lost')).toEqual(['new', 'contacted', 'qualified', 'visit_scheduled', 'test_drive', 'negotiating']);
    expect(nextStages('won')).toEqual([]);
  });
});

describe('the activity form as the API takes it', () => {
  const lead = { leadId: 'l1' };

  it('sends a call with its direction and what was said, now when no time is given', () => {
    expect(toNewActivity({ ...emptyActivity('call'), direction: 'inbound', body: '  Quer o Onix prata  ' }, lead)).toEqual({
      kind: 'call',
      leadId: 'l1',
      direction: 'inbound',
      body: 'Quer o Onix prata',
      occurredAt: null,
    });
  });

  it('sends a test drive with the stock vehicle, the CNH check and the km as numbers, without a direction', () => {
    const sent = toNewActivity({ ...emptyActivity('test_drive'), vehicleId: 'v1', cnhChecked: true, startKm: '35.000', endKm: '35.012', occurredAt: '2026-12-06T10:30' }, lead);
    expect(sent).toEqual({
      kind: 'test_drive',
      leadId: 'l1',
      body: null,
      occurredAt: new Date('2026-12-06T10:30').toISOString(),
      vehicleId: 'v1',
      cnhChecked: true,
      startKm: 35000,
      endKm: 35012,
    });
    expect(sent).not.toHaveProperty('direction');
  });

  it('sends a task with its due time and no occurrence; a note on the customer with neither direction nor vehicle', () => {
    expect(toNewActivity({ ...emptyActivity('task'), body: 'Ligar amanhã', dueAt: '2026-12-07T09:00', occurredAt: '2026-12-06T10:00' }, lead)).toEqual({
      kind: 'task',
      leadId: 'l1',
      body: 'Ligar amanhã',
      dueAt: new Date('2026-12-07T09:00').toISOString(),
    });
    expect(toNewActivity({ ...emptyActivity('note'), body: 'Prefere à tarde', vehicleId: 'v1', startKm: '10' }, { customerId: 'c1' })).toEqual({
      kind: 'note',
      customerId: 'c1',
      body: 'Prefere à tarde',
      occurredAt: null,
    });
  });
});

describe('times of the funnel', () => {
  it('ends today at the next midnight of the store, not of UTC', () => {
    // 23:30 in São Paulo is already the 7th in UTC; the store's day ends at 03:00Z on the 7th.
    expect(endOfTodayIn('America/Sao_Paulo', new Date('2026-12-07T02:30:00Z'))).toBe('2026-12-07T03:00:00.000Z');
    expect(endOfTodayIn('America/Manaus', new Date('2026-12-31T12:00:00Z'))).toBe('2027-01-01T04:00:00.000Z');
  });

  it('says how long a card has been in its stage in the largest whole unit', () => {
    const now = new Date('2026-12-06T12:00:00Z');
    expect(timeIn('2026-12-06T11:15:00Z', now)).toEqual({ unit: 'minutes', count: 45 });
    expect(timeIn('2026-12-06T07:00:00Z', now)).toEqual({ unit: 'hours', count: 5 });
    expect(timeIn('2026-12-03T11:00:00Z', now)).toEqual({ unit: 'days', count: 3 });
  });

  it('merges stage moves and activities into one history, newest first', () => {
    const call = { id: 'a1', kind: 'call', occurredAt: '2026-12-06T11:00:00Z' } as Activity;
    const entries = mergeTimeline(
      [
        { toStage: 'new', changedAt: '2026-12-06T10:00:00Z' },
        { fromStage: 'new', toStage: 'contacted', changedAt: '2026-12-06T12:00:00Z' },
      ],
      [call],
    );
    expect(entries.map((e) => e.at)).toEqual(['2026-12-06T12:00:00Z', '2026-12-06T11:00:00Z', '2026-12-06T10:00:00Z']);
    expect(entries[1]).toEqual({ kind: 'activity', at: call.occurredAt, activity: call });
  });
});
