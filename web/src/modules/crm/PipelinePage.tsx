import { useState, type DragEvent } from 'react';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { AlertTriangle, Clock, MessageCircle, Store, UserCheck } from 'lucide-react';
import { api, unwrap } from '@/api/client';
import { useAuth } from '@/auth/AuthProvider';
import { useStoreScope } from '@/app/StoreScope';
import { usePageTitle } from '@/app/title';
import { useMediaQuery } from '@/lib/useMediaQuery';
import { Badge } from '@/ui/Badge';
import { Button } from '@/ui/Button';
import { PageHeader } from '@/ui/Card';
import { Select } from '@/ui/Field';
import { QueryView } from '@/ui/QueryView';
import { Skeleton } from '@/ui/Skeleton';
import { cn } from '@/ui/cn';
import { leadKeys } from './keys';
import { formatPhone, whatsappLink } from './labels';
import { nextStages, timeIn, type Board, type LeadCard, type LeadStage } from './leads/model';
import { ScoreBadge, StageMenu, useCrmList, useStageMove } from './leads/shared';

const DRAG_TYPE = 'application/x-innexar-lead';

/** The sales funnel as a board: a column per stage; cards move by dragging or by their menu. */
export function PipelinePage() {
  const { t } = useTranslation();
  const { me, can } = useAuth();
  const navigate = useNavigate();
  const { stores, storeId: scopeStore } = useStoreScope();
  const [params, setParams] = useSearchParams();
  // `?store=all` keeps every store even when the shell's switcher is on one.
  const storeParam = params.get('store');
  const storeId = storeParam === 'all' ? null : storeParam || scopeStore;
  const onlyMine = params.get('mine') === '1';
  const wide = useMediaQuery('(min-width: 768px)');
  const [shown, setShown] = useState<LeadStage>('new');
  usePageTitle(t('leads.title'));

  const filters = { storeId: storeId ?? null, ownerId: onlyMine ? (me?.user.id ?? null) : null };
  const board = useQuery({
    queryKey: leadKeys.board(filters),
    placeholderData: keepPreviousData,
    queryFn: () =>
      unwrap(api.GET('/api/v1/leads/board', { params: { query: { storeId: filters.storeId ?? undefined, ownerId: filters.ownerId ?? undefined, perStage: 50 } } })),
  });
  const canWork = can('leads.work');
  const { move, dialog } = useStageMove();
  const set = (key: string, value: string | null) => {
    const next = new URLSearchParams(params);
    if (value) next.set(key, value);
    else next.delete(key);
    setParams(next, { replace: true });
  };

  return (
    <>
      <PageHeader
        title={t('leads.title')}
        actions={
          canWork && can('customers.read') ? (
            <Button onClick={() => navigate('/leads/walk-in')}>
              <Store className="h-4 w-4" aria-hidden />
              {t('leads.walkIn.title')}
            </Button>
          ) : undefined
        }
      />
      <div className="mb-4 flex flex-wrap items-end gap-3">
        {stores.length > 1 && (
          <Select
            label={t('leads.store')}
            className="w-full sm:w-64"
            value={storeId ?? ''}
            onChange={(e) => set('store', e.target.value || 'all')}
            options={[{ value: '', label: t('stores.all') }, ...stores.map((s) => ({ value: s.id, label: s.name }))]}
          />
        )}
        <Button variant="secondary" aria-pressed={onlyMine} onClick={() => set('mine', onlyMine ? null : '1')} className={cn(onlyMine && 'border-brand-600 bg-brand-50 text-brand-800 dark:bg-brand-950 dark:text-brand-100')}>
          <UserCheck className="h-4 w-4" aria-hidden />
          {t('leads.onlyMine')}
        </Button>
      </div>
      <QueryView query={board} skeleton={<Skeleton className="h-96" />}>
        {(data) =>
          wide ? (
            <Columns board={data} canWork={canWork} onMove={move} />
          ) : (
            <OneColumn board={data} shown={shown} onShow={setShown} canWork={canWork} onMove={move} />
          )
        }
      </QueryView>
      {dialog}
    </>
  );
}

type Move = (r: { leadId: string; name: string; to: LeadStage }) => void;

function Columns({ board, canWork, onMove }: { board: Board; canWork: boolean; onMove: Move }) {
  const { t } = useTranslation();
  const [over, setOver] = useState<LeadStage | null>(null);
  const [dragged, setDragged] = useState<LeadCard | null>(null);
  const cards = board.columns.flatMap((c) => c.leads);
  const drop = (stage: LeadStage) => (e: DragEvent) => {
    e.preventDefault();
    setOver(null);
    setDragged(null);
    const id = e.dataTransfer.getData(DRAG_TYPE) || e.dataTransfer.getData('text/plain');
    const card = cards.find((c) => c.id === id);
    if (card && card.stage !== stage && nextStages(card.stage).includes(stage)) onMove({ leadId: card.id, name: card.customerName, to: stage });
  };
  const target = (stage: LeadStage) => ({
    onDragOver: (e: DragEvent) => {
      e.preventDefault();
      setOver(stage);
    },
    onDragLeave: () => setOver((s) => (s === stage ? null : s)),
    onDrop: drop(stage),
  });
  // Won and lost sit past the right edge of a laptop's screen: while a card is dragged they also
  // wait at the bottom of the window, so closing a lead needs no scrolling mid-drag.
  const closing = dragged ? (['won', 'lost'] as const).filter((s) => nextStages(dragged.stage).includes(s)) : [];
  return (
    <div className="-mx-4 overflow-x-auto px-4 pb-4" onDragStart={(e) => setDragged(cards.find((c) => c.id === (e.target as HTMLElement).dataset.lead) ?? null)} onDragEnd={() => setDragged(null)}>
      {closing.length > 0 && (
        <div className="fixed inset-x-0 bottom-4 z-30 flex justify-center gap-3 px-4 lg:left-60">
          {closing.map((s) => (
            <div
              key={s}
              data-drop={s}
              {...target(s)}
              className={cn(
                'flex h-16 w-56 items-center justify-center rounded-lg border-2 border-dashed bg-white text-sm font-semibold shadow-lg dark:bg-slate-900',
                s === 'won' ? 'border-green-600 text-green-800 dark:text-green-300' : 'border-slate-500 text-slate-800 dark:text-slate-200',
                over === s && 'ring-4 ring-brand-600/30',
              )}
            >
              {t('leads.dropOn', { stage: t(`leads.stages.${s}`) })}
            </div>
          ))}
        </div>
      )}
      <div className="flex gap-3">
        {board.columns.map((col) => (
          <section
            key={col.stage}
            aria-labelledby={`stage-${col.stage}`}
            data-stage={col.stage}
            onDragOver={(e) => {
              if (!canWork) return;
              e.preventDefault();
              setOver(col.stage);
            }}
            onDragLeave={() => setOver((s) => (s === col.stage ? null : s))}
            onDrop={drop(col.stage)}
            className={cn(
              'flex w-72 shrink-0 flex-col rounded-lg border border-slate-200 bg-slate-50 p-2 dark:border-slate-800 dark:bg-slate-900/50',
              over === col.stage && 'border-brand-600 ring-2 ring-brand-600/30',
            )}
          >
            <h2 className="mb-2 flex items-center justify-between px-1 text-sm font-semibold">
              <span id={`stage-${col.stage}`}>{t(`leads.stages.${col.stage}`)}</span>
              <span className="rounded-full bg-white px-2 text-xs font-medium text-slate-700 dark:bg-slate-800 dark:text-slate-200" aria-label={t('leads.count', { count: col.total })}>
                {col.total}
              </span>
            </h2>
            <ul className="min-h-24 space-y-2" aria-labelledby={`stage-${col.stage}`}>
              {col.leads.map((card) => (
                <li key={card.id}>
                  <CardView card={card} canWork={canWork} onMove={onMove} draggable={canWork} />
                </li>
              ))}
            </ul>
            {col.leads.length === 0 && <p className="px-1 py-4 text-center text-sm text-slate-600 dark:text-slate-400">{t('leads.emptyColumn')}</p>}
          </section>
        ))}
      </div>
    </div>
  );
}

/** A phone shows one stage at a time, picked from a scrolling row of stages with their counts. */
function OneColumn({ board, shown, onShow, canWork, onMove }: { board: Board; shown: LeadStage; onShow: (s: LeadStage) => void; canWork: boolean; onMove: Move }) {
  const { t } = useTranslation();
  const col = board.columns.find((c) => c.stage === shown) ?? board.columns[0];
  if (!col) return null;
  return (
    <>
      <div role="group" aria-label={t('leads.stageTabs')} className="-mx-4 mb-3 flex gap-2 overflow-x-auto px-4 pb-1">
        {board.columns.map((c) => (
          <button
            key={c.stage}
            type="button"
            aria-pressed={c.stage === col.stage}
            onClick={() => onShow(c.stage)}
            className={cn(
              'inline-flex h-11 shrink-0 items-center gap-2 rounded-full border px-4 text-sm font-medium',
              c.stage === col.stage
                ? 'border-brand-600 bg-brand-600 text-white'
                : 'border-slate-300 bg-white text-slate-800 dark:border-slate-700 dark:bg-slate-900 dark:text-slate-100',
            )}
          >
            {t(`leads.stages.${c.stage}`)}
            <span className="tabular-nums">{c.total}</span>
          </button>
        ))}
      </div>
      <section aria-labelledby="stage-shown">
        <h2 id="stage-shown" className="mb-2 text-sm font-semibold">
          {t(`leads.stages.${col.stage}`)} · {t('leads.count', { count: col.total })}
        </h2>
        {col.leads.length === 0 ? (
          <p className="py-8 text-center text-sm text-slate-600 dark:text-slate-400">{t('leads.emptyColumn')}</p>
        ) : (
          <ul className="space-y-2">
            {col.leads.map((card) => (
              <li key={card.id}>
                <CardView card={card} canWork={canWork} onMove={onMove} draggable={false} />
              </li>
            ))}
          </ul>
        )}
      </section>
    </>
  );
}

function CardView({ card, canWork, onMove, draggable }: { card: LeadCard; canWork: boolean; onMove: Move; draggable: boolean }) {
  const { t } = useTranslation();
  const sources = useCrmList('source');
  const since = timeIn(card.stageChangedAt);
  const interest = [card.make, card.model].filter(Boolean).join(' ');
  const phone = card.phone ? formatPhone(card.phone) : null;
  return (
    <article
      draggable={draggable}
      data-lead={card.id}
      onDragStart={(e) => {
        e.dataTransfer.setData(DRAG_TYPE, card.id);
        e.dataTransfer.setData('text/plain', card.id);
        e.dataTransfer.effectAllowed = 'move';
      }}
      aria-label={card.customerName}
      className={cn('rounded-md border border-slate-200 bg-white p-3 shadow-sm dark:border-slate-700 dark:bg-slate-900', draggable && 'cursor-grab')}
    >
      <div className="flex items-start justify-between gap-2">
        <Link to={`/leads/${card.id}`} className="min-h-11 font-medium text-brand-700 hover:underline md:min-h-0 dark:text-brand-100">
          {card.customerName}
        </Link>
        <ScoreBadge score={card.score} />
      </div>
      <p className="mt-1 text-sm text-slate-700 dark:text-slate-300">{interest || t('leads.noInterest')}</p>
      <div className="mt-2 flex flex-wrap items-center gap-1 text-xs">
        <Badge tone="gray">{sources.label(card.source)}</Badge>
        {card.overdue && (
          <Badge tone="red">
            <AlertTriangle className="mr-1 inline h-3 w-3" aria-hidden />
            {t('leads.overdue')}
          </Badge>
        )}
        <span className="inline-flex items-center gap-1 text-slate-600 dark:text-slate-400">
          <Clock className="h-3 w-3" aria-hidden />
          {t(`leads.inStage.${since.unit}`, { count: since.count })}
        </span>
      </div>
      {phone && (
        <div className="mt-2 flex items-center gap-2">
          <a href={`tel:${card.phone}`} className="min-w-0 flex-1 truncate text-sm tabular-nums text-slate-700 hover:underline dark:text-slate-300">
            {phone}
          </a>
          <a
            href={whatsappLink(card.phone!)}
            target="_blank"
            rel="noreferrer"
            aria-label={t('customers.detail.whatsappLink', { phone })}
            className="inline-flex h-11 w-11 shrink-0 items-center justify-center rounded-md border border-slate-300 text-green-700 hover:bg-slate-50 md:h-8 md:w-8 dark:border-slate-700 dark:text-green-400"
          >
            <MessageCircle className="h-4 w-4" aria-hidden />
          </a>
        </div>
      )}
      {canWork && (
        <div className="mt-2 flex justify-end">
          <StageMenu
            targets={nextStages(card.stage)}
            label={t('leads.moveMenu', { name: card.customerName })}
            onPick={(to) => onMove({ leadId: card.id, name: card.customerName, to })}
          />
        </div>
      )}
    </article>
  );
}
