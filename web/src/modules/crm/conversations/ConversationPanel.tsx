// A lead's WhatsApp conversation: the messages as chat bubbles (the customer's on the left, the
// store's on the right) and the composer with WhatsApp's 24-hour rule. While the window is open the
// salesperson writes free text; after it only the approved follow-up template may go. The thread is
// the lead's timeline's WhatsApp activities, so sending refreshes the timeline.
import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { MessageCircle, Send } from 'lucide-react';
import { api, unwrap } from '@/api/client';
import { isApiError } from '@/api/problem';
import { problemText } from '@/i18n/problems';
import { useMediaQuery } from '@/lib/useMediaQuery';
import { Button } from '@/ui/Button';
import { Card } from '@/ui/Card';
import { TextArea } from '@/ui/Field';
import { QueryView } from '@/ui/QueryView';
import { Skeleton } from '@/ui/Skeleton';
import { useToast } from '@/ui/Toast';
import { cn } from '@/ui/cn';
import { conversationKeys, leadKeys } from '../keys';
import type { Activity } from '../leads/model';
import { clockTime, notStarted, POLL_MS, thread, windowOpen, type Conversation } from './model';

export interface ConversationPanelProps {
  leadId: string;
  /**
   * For the follow-up template's preview: the customer's name (empty: the conversation's, for a
   * salesperson who may not read the customer's record), the salesperson's, the store's.
   */
  customerName: string;
  sellerName: string;
  storeName: string;
  /** May answer (`leads.work`). */
  canWork: boolean;
  /** May set up the store's WhatsApp (`messages.configure`): a refusal for it links there. */
  canConfigure: boolean;
}

export function ConversationPanel({ leadId, customerName, sellerName, storeName, canWork, canConfigure }: ConversationPanelProps) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const conversation = useQuery({
    queryKey: leadKeys.conversation(leadId),
    queryFn: () => unwrap(api.GET('/api/v1/leads/{id}/conversation', { params: { path: { id: leadId } } })),
    refetchInterval: (q) => (q.state.error && notStarted(q.state.error) ? POLL_MS * 3 : POLL_MS),
  });
  const timeline = useQuery({
    queryKey: leadKeys.timeline(leadId),
    queryFn: () => unwrap(api.GET('/api/v1/leads/{id}/timeline', { params: { path: { id: leadId } } })),
    enabled: conversation.isSuccess,
  });
  // A new message in the conversation is a new activity in the timeline.
  const last = conversation.data?.lastMessageAt;
  useEffect(() => {
    if (last) void qc.invalidateQueries({ queryKey: leadKeys.timeline(leadId) });
  }, [last, leadId, qc]);

  // What arrived unread is read once it is on screen here.
  const c = conversation.data;
  const read = useMutation({
    mutationFn: (id: string) => unwrap(api.POST('/api/v1/conversations/{id}/read', { params: { path: { id } } })),
    onSuccess: (v) => {
      qc.setQueryData(leadKeys.conversation(leadId), v);
      void qc.invalidateQueries({ queryKey: conversationKeys.lists() });
    },
  });
  const unreadId = c && c.unread > 0 && canWork ? c.id : null;
  const { mutate: markRead, isPending: marking } = read;
  useEffect(() => {
    if (unreadId && !marking) markRead(unreadId);
  }, [unreadId, marking, markRead, last]);

  const headingRef = useRef<HTMLHeadingElement>(null);
  // Opened from the inbox (`#whatsapp`): the conversation is what the user came for.
  useEffect(() => {
    if (window.location.hash === '#whatsapp') {
      headingRef.current?.scrollIntoView?.({ block: 'start' });
      headingRef.current?.focus();
    }
  }, []);

  return (
    <Card className="p-5" id="whatsapp">
      <h2 ref={headingRef} tabIndex={-1} className="mb-3 flex items-center gap-2 font-semibold focus:outline-none">
        <MessageCircle className="h-5 w-5 text-green-700 dark:text-green-400" aria-hidden />
        {t('conversations.panel.title')}
      </h2>
      {conversation.isError && notStarted(conversation.error) ? (
        <p className="text-sm text-slate-700 dark:text-slate-300">{t('conversations.panel.notStarted')}</p>
      ) : (
        <QueryView query={conversation} compact skeleton={<Skeleton className="h-40" />}>
          {(conv) => (
            <>
              <QueryView query={timeline} compact skeleton={<Skeleton className="h-40" />}>
                {(data) => <Thread messages={thread(data.activities)} />}
              </QueryView>
              {conv.status === 'closed' && <p className="mt-3 text-sm text-slate-600 dark:text-slate-400">{t('conversations.panel.isClosed')}</p>}
              {canWork && <Composer leadId={leadId} conversation={conv} customerName={customerName || conv.customerName} sellerName={sellerName} storeName={storeName} canConfigure={canConfigure} />}
            </>
          )}
        </QueryView>
      )}
    </Card>
  );
}

/** The messages, oldest first; new ones are announced (a log is a polite live region). */
function Thread({ messages }: { messages: Activity[] }) {
  const { t, i18n } = useTranslation();
  const end = useRef<HTMLLIElement>(null);
  const count = messages.length;
  useEffect(() => {
    end.current?.scrollIntoView?.({ block: 'nearest' });
  }, [count]);
  if (count === 0) return <p className="text-sm text-slate-600 dark:text-slate-400">{t('conversations.panel.empty')}</p>;
  return (
    <div role="log" aria-label={t('conversations.panel.thread')} className="max-h-[28rem] overflow-y-auto rounded-md bg-slate-50 p-3 dark:bg-slate-950">
      <ol className="space-y-2">
      {messages.map((m, i) => {
        const inbound = m.direction === 'inbound';
        return (
          <li key={m.id} ref={i === count - 1 ? end : undefined} className={cn('flex', inbound ? 'justify-start' : 'justify-end')}>
            <div
              className={cn(
                'max-w-[85%] rounded-2xl px-3 py-2 text-sm shadow-sm',
                inbound ? 'rounded-bl-sm bg-white text-slate-900 dark:bg-slate-800 dark:text-slate-100' : 'rounded-br-sm bg-green-100 text-slate-900 dark:bg-green-950 dark:text-slate-100',
              )}
            >
              <span className="sr-only">{inbound ? t('conversations.panel.fromCustomer') : t('conversations.panel.fromStore')} </span>
              <p className="whitespace-pre-line break-words">{m.body}</p>
              <p className="mt-0.5 text-right text-xs text-slate-600 dark:text-slate-400">
                <time dateTime={m.occurredAt} title={new Date(m.occurredAt).toLocaleString(i18n.language)}>
                  {clockTime(m.occurredAt, i18n.language)}
                </time>
              </p>
            </div>
          </li>
        );
      })}
      </ol>
    </div>
  );
}

interface ComposerProps {
  leadId: string;
  conversation: Conversation;
  customerName: string;
  sellerName: string;
  storeName: string;
  canConfigure: boolean;
}

/** Free text while the 24 hours last (Enter sends on a desk), the follow-up template after. */
function Composer({ leadId, conversation, customerName, sellerName, storeName, canConfigure }: ComposerProps) {
  const { t, i18n } = useTranslation();
  const qc = useQueryClient();
  const toast = useToast();
  const desk = useMediaQuery('(min-width: 768px)');
  const [text, setText] = useState('');
  const [missing, setMissing] = useState(false);
  const box = useRef<HTMLTextAreaElement>(null);
  const followUpButton = useRef<HTMLButtonElement>(null);
  const open = windowOpen(conversation);
  const send = useMutation({
    mutationFn: (body: { text: string } | { followUp: true }) => unwrap(api.POST('/api/v1/leads/{id}/conversation/messages', { params: { path: { id: leadId } }, body })),
    onSuccess: (_activity, body) => {
      void qc.invalidateQueries({ queryKey: leadKeys.timeline(leadId) });
      void qc.invalidateQueries({ queryKey: leadKeys.conversation(leadId) });
      void qc.invalidateQueries({ queryKey: leadKeys.score(leadId) });
      void qc.invalidateQueries({ queryKey: conversationKeys.lists() });
      if ('text' in body) {
        setText('');
        box.current?.focus();
      } else {
        toast.success(t('conversations.panel.followUpSent'));
        followUpButton.current?.focus();
      }
    },
    onError: (e) => {
      // The window closed meanwhile: the composer turns into the template.
      if (isApiError(e) && e.code === 'conversations.window_closed') void qc.invalidateQueries({ queryKey: leadKeys.conversation(leadId) });
    },
  });
  const submit = () => {
    const body = text.trim();
    if (!body) {
      setMissing(true);
      box.current?.focus();
      return;
    }
    send.mutate({ text: body });
  };
  const onKeyDown = (e: KeyboardEvent<HTMLTextAreaElement>) => {
    if (desk && e.key === 'Enter' && !e.shiftKey && !e.nativeEvent.isComposing) {
      e.preventDefault();
      if (!send.isPending) submit();
    }
  };
  const failure = send.isError ? (
    <div role="alert" className="mt-2 text-sm text-red-700 dark:text-red-400">
      <p>
        {t('conversations.panel.sendFailed')} {problemText(t, send.error)}
      </p>
      {isApiError(send.error) && send.error.code === 'conversations.channel_off' && canConfigure && (
        <Link to="/admin/channels" className="inline-flex min-h-11 items-center font-medium underline md:min-h-0">
          {t('conversations.panel.setUpChannel')}
        </Link>
      )}
    </div>
  ) : null;

  if (!open) {
    return (
      <div className="mt-4 rounded-md border border-amber-300 bg-amber-50 p-4 text-sm dark:border-amber-800 dark:bg-amber-950">
        <h3 className="font-semibold">{t('conversations.panel.windowClosedTitle')}</h3>
        <p className="mt-1 text-slate-800 dark:text-slate-200">{t('conversations.panel.windowClosedBody')}</p>
        <blockquote className="mt-3 rounded-md border-l-4 border-green-600 bg-white p-3 text-slate-900 dark:bg-slate-900 dark:text-slate-100">
          {t('conversations.panel.followUpPreview', { name: customerName.split(' ')[0] || customerName, seller: sellerName, store: storeName })}
        </blockquote>
        <Button ref={followUpButton} className="mt-3" loading={send.isPending} onClick={() => send.mutate({ followUp: true })}>
          <Send className="h-4 w-4" aria-hidden />
          {t('conversations.panel.followUp')}
        </Button>
        {failure}
      </div>
    );
  }
  return (
    <form
      className="mt-4"
      onSubmit={(e) => {
        e.preventDefault();
        submit();
      }}
    >
      <TextArea
        ref={box}
        label={t('conversations.panel.message')}
        rows={3}
        value={text}
        maxLength={4096}
        error={missing ? t('conversations.panel.textRequired') : undefined}
        onChange={(e) => {
          setText(e.target.value);
          setMissing(false);
        }}
        onKeyDown={onKeyDown}
      />
      <div className="mt-2 flex flex-wrap items-center justify-between gap-2">
        <p className="text-xs text-slate-600 dark:text-slate-400">
          {conversation.windowEndsAt && t('conversations.panel.windowOpenUntil', { time: clockTime(conversation.windowEndsAt, i18n.language) })}
          {desk && <span className="block">{t('conversations.panel.enterHint')}</span>}
        </p>
        <Button type="submit" loading={send.isPending} className="w-full sm:w-auto">
          <Send className="h-4 w-4" aria-hidden />
          {t('conversations.panel.send')}
        </Button>
      </div>
      {failure}
    </form>
  );
}
