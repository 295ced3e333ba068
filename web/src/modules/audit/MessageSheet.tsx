// One message as its person got it (or would have): an e-mail's HTML part in a sandboxed frame
// (no scripts, no access to the app, its links inert), with its plain-text part a toggle away;
// an SMS or a WhatsApp message as a text bubble. Then its attachments, its steps (created, sent,
// delivered, read), its attempts, the provider's id for it, and the server's diagnostic of the
// last failure, shown as the technical text it is. "Copiar o link" passes a reset link on.
import { Fragment, useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { Copy, Paperclip, SearchX } from 'lucide-react';
import { api, unwrap } from '@/api/client';
import { useAuth } from '@/auth/AuthProvider';
import { problemText } from '@/i18n/problems';
import { EMPTY, formatDateTime, formatNumber } from '@/lib/format';
import { Badge } from '@/ui/Badge';
import { BottomSheet } from '@/ui/BottomSheet';
import { Button } from '@/ui/Button';
import { Chips } from '@/ui/Chips';
import { cn } from '@/ui/cn';
import { EmptyState, isNotFound } from '@/ui/EmptyState';
import { QueryView } from '@/ui/QueryView';
import { Skeleton } from '@/ui/Skeleton';
import { useToast } from '@/ui/Toast';
import { messageKeys } from './keys';
import { channelLabel, firstLink, kindLabel, linkParts, messageChannel, pollInterval, steps, type Message } from './mailbox';
import { StatusBadge } from './MessageBadge';

/** Statuses after which a message moves on no further: its missing steps will not come. */
const SETTLED = new Set(['kept', 'failed', 'suppressed']);

export function MessageSheet({
  id,
  initial,
  onClose,
  onCloseAutoFocus,
}: {
  id: string;
  /** The list's copy of the message, shown until the server's answer comes. */
  initial?: Message | undefined;
  onClose: () => void;
  /** Gives the focus back to what opened the sheet. */
  onCloseAutoFocus?: (event: Event) => void;
}) {
  const { t } = useTranslation();
  const toast = useToast();
  const detail = useQuery({
    queryKey: messageKeys.detail(id),
    queryFn: (): Promise<Message> => unwrap(api.GET('/api/v1/messages/{id}', { params: { path: { id } } })),
    // The list's copy, read a moment ago, shows at once (not dimmed as an earlier answer would
    // be); the server's own answer replaces it.
    initialData: initial,
    staleTime: 0,
    refetchInterval: (q) => pollInterval(q.state.data ? [q.state.data] : []),
  });
  const m = detail.data;
  const link = m ? firstLink(m.body) : undefined;
  const copy = (text: string) => {
    const done = navigator.clipboard?.writeText(text);
    if (!done) return toast.error(t('mailbox.detail.copyFailed'));
    void done.then(
      () => toast.success(t('mailbox.detail.copied')),
      () => toast.error(t('mailbox.detail.copyFailed')),
    );
  };
  const title = m ? (messageChannel(m.channel) === 'email' && m.subject.trim()) || kindLabel(t, m.kind) : t('mailbox.detail.title');
  return (
    <BottomSheet
      open
      size="wide"
      onCloseAutoFocus={onCloseAutoFocus}
      onOpenChange={(o) => !o && onClose()}
      title={title}
      description={m ? t('mailbox.detail.summary', { recipient: m.recipient, channel: channelLabel(t, m.channel), time: formatDateTime(m.createdAt) }) : undefined}
      footer={
        <div className="flex w-full flex-wrap items-center justify-end gap-2">
          {link && (
            <Button variant="secondary" className="h-11 sm:h-10" onClick={() => copy(link)}>
              <Copy className="h-4 w-4" aria-hidden />
              {t('mailbox.detail.copyLink')}
            </Button>
          )}
          <Button className="h-11 sm:h-10" onClick={onClose}>
            {t('common.close')}
          </Button>
        </div>
      }
    >
      {detail.isError && isNotFound(detail.error) ? (
        <EmptyState role="alert" icon={SearchX} title={problemText(t, detail.error)}>
          {t('errors.notFoundHint')}
        </EmptyState>
      ) : (
        <QueryView query={detail} skeleton={<Skeleton className="h-96" />}>
          {(message) => <MessageBody message={message} />}
        </QueryView>
      )}
    </BottomSheet>
  );
}

/** The text with its web addresses as links (a link opens in a new tab, the app stays). */
export function LinkedText({ text, className }: { text: string; className?: string }) {
  return (
    <p className={cn('whitespace-pre-wrap break-words', className)}>
      {linkParts(text).map((part, i) =>
        part.link ? (
          <a key={i} href={part.text} target="_blank" rel="noreferrer" className="break-all text-brand-700 underline dark:text-brand-100">
            {part.text}
          </a>
        ) : (
          <Fragment key={i}>{part.text}</Fragment>
        ),
      )}
    </p>
  );
}

const h3 = 'mb-2 font-semibold';
const muted = 'text-slate-600 dark:text-slate-400';

function MessageBody({ message: m }: { message: Message }) {
  const { t } = useTranslation();
  const { can } = useAuth();
  const channel = messageChannel(m.channel);
  const settled = SETTLED.has(m.status);
  const row = 'flex flex-wrap justify-between gap-x-4 gap-y-0.5 py-1.5';
  return (
    <div className="space-y-6 text-sm">
      <div className="space-y-2">
        <p className="flex flex-wrap items-center gap-2">
          <StatusBadge status={m.status} />
          <Badge tone="gray">{kindLabel(t, m.kind)}</Badge>
        </p>
        {m.status === 'kept' && channel && <p className={muted}>{t(`mailbox.detail.kept.${channel}`)}</p>}
      </div>

      <MessageContent message={m} />

      {m.attachments.length > 0 && (
        <section aria-labelledby="message-attachments-title">
          <h3 id="message-attachments-title" className={h3}>
            {t('mailbox.detail.attachments')}
          </h3>
          <ul className="space-y-1">
            {m.attachments.map((a) => (
              <li key={`${a.source}:${a.id}:${a.version ?? ''}`} className="flex items-center gap-2">
                <Paperclip className="h-4 w-4 shrink-0 text-slate-500 dark:text-slate-400" aria-hidden />
                <span className="break-all font-medium">{a.filename}</span>
                <span className={cn(muted, 'text-xs')}>{a.contentType}</span>
              </li>
            ))}
          </ul>
        </section>
      )}

      <section aria-labelledby="message-timeline-title">
        <h3 id="message-timeline-title" className={h3}>
          {t('mailbox.detail.timeline')}
        </h3>
        <ol className="space-y-2">
          {steps(m).map(({ step, at }) => (
            <li key={step} className="flex items-center gap-3">
              <span
                className={cn('h-2.5 w-2.5 shrink-0 rounded-full', at ? 'bg-brand-600' : 'border-2 border-slate-400 dark:border-slate-500')}
                aria-hidden
              />
              <span className={cn('w-24 shrink-0', at ? 'font-medium' : muted)}>{t(`mailbox.detail.steps.${step}`)}</span>
              {at ? (
                <time dateTime={at} className="tabular-nums">
                  {formatDateTime(at)}
                </time>
              ) : (
                <span className={muted}>{settled ? EMPTY : t('mailbox.detail.notYet')}</span>
              )}
            </li>
          ))}
        </ol>
      </section>

      <section aria-labelledby="message-details-title">
        <h3 id="message-details-title" className={h3}>
          {t('mailbox.detail.details')}
        </h3>
        <dl className="divide-y divide-slate-100 dark:divide-slate-800">
          <div className={row}>
            <dt className={muted}>{t('mailbox.detail.attempts')}</dt>
            <dd className="tabular-nums">{formatNumber(m.attempts)}</dd>
          </div>
          {m.status === 'queued' && m.nextAttemptAt && (
            <div className={row}>
              <dt className={muted}>{t('mailbox.detail.nextAttempt')}</dt>
              <dd className="tabular-nums">{formatDateTime(m.nextAttemptAt)}</dd>
            </div>
          )}
          <div className={row}>
            <dt className={muted}>{t('mailbox.detail.purpose')}</dt>
            <dd>{t(`mailbox.purposes.${m.purpose}`, { defaultValue: m.purpose })}</dd>
          </div>
          <div className={row}>
            <dt className={muted}>{t('mailbox.detail.language')}</dt>
            <dd>{t(`mailbox.languages.${m.language}`, { defaultValue: m.language })}</dd>
          </div>
          <div className={row}>
            <dt className={muted}>{t('mailbox.detail.provider')}</dt>
            <dd>{m.provider ?? EMPTY}</dd>
          </div>
          <div className={row}>
            <dt className={muted}>{t('mailbox.detail.providerId')}</dt>
            <dd className={m.providerMessageId ? 'break-all font-mono text-xs' : undefined}>{m.providerMessageId ?? EMPTY}</dd>
          </div>
          {m.customerId && can('customers.read') && (
            <div className={row}>
              <dt className={muted}>{t('mailbox.detail.customer')}</dt>
              <dd>
                <Link to={`/customers/${m.customerId}`} className="font-medium text-brand-700 underline underline-offset-2 dark:text-brand-100">
                  {t('mailbox.detail.openCustomer')}
                </Link>
              </dd>
            </div>
          )}
        </dl>
      </section>

      {m.lastError && (
        <section aria-labelledby="message-error-title">
          <h3 id="message-error-title" className="font-semibold">
            {t('mailbox.detail.lastError')}
          </h3>
          <p id="message-error-hint" className={cn(muted, 'mb-2 text-xs')}>
            {t('mailbox.detail.lastErrorHint')}
          </p>
          <pre
            tabIndex={0}
            aria-labelledby="message-error-title"
            aria-describedby="message-error-hint"
            className="max-h-40 overflow-auto whitespace-pre-wrap break-all rounded-md bg-slate-100 p-3 font-mono text-xs text-slate-900 focus:outline-none focus-visible:ring-2 focus-visible:ring-brand-600 dark:bg-slate-950 dark:text-slate-100"
          >
            {m.lastError}
          </pre>
        </section>
      )}
    </div>
  );
}

/** The e-mail as sent (formatted, or its plain text), or the SMS or WhatsApp text as a bubble. */
function MessageContent({ message: m }: { message: Message }) {
  const { t } = useTranslation();
  const channel = messageChannel(m.channel);
  const html = channel === 'email' ? m.html : null;
  const [view, setView] = useState<'html' | 'text'>('html');
  return (
    <section aria-labelledby="message-content-title">
      <div className="mb-2 flex flex-wrap items-center justify-between gap-2">
        <h3 id="message-content-title" className="font-semibold">
          {t('mailbox.detail.content')}
        </h3>
        {html && (
          <Chips
            label={t('mailbox.detail.view')}
            value={view}
            onChange={setView}
            options={[
              { value: 'html', label: t('mailbox.detail.formatted') },
              { value: 'text', label: t('mailbox.detail.plain') },
            ]}
          />
        )}
      </div>
      {html && view === 'html' ? (
        // No `allow-*` token: no scripts, no forms, no pop-ups, an opaque origin without the
        // app's storage or session. The frame shows the message and nothing runs in it.
        <iframe
          sandbox=""
          srcDoc={html}
          title={t('mailbox.detail.frameTitle', { subject: m.subject })}
          className="block h-[26rem] w-full rounded-md border border-slate-200 bg-white dark:border-slate-700"
        />
      ) : channel === 'sms' || channel === 'whatsapp' ? (
        <figure
          aria-label={t('mailbox.detail.bubble', { channel: channelLabel(t, m.channel), recipient: m.recipient })}
          className="flex flex-col items-end gap-1 rounded-md bg-slate-50 p-4 dark:bg-slate-950"
        >
          <div
            className={cn(
              'max-w-[85%] rounded-2xl rounded-br-sm px-4 py-2 shadow-sm',
              channel === 'whatsapp'
                ? 'bg-green-100 text-green-950 dark:bg-green-900 dark:text-green-50'
                : 'bg-white text-slate-900 ring-1 ring-slate-200 dark:bg-slate-800 dark:text-slate-100 dark:ring-slate-700',
            )}
          >
            <LinkedText text={m.body} />
            <p className={cn('mt-1 text-right text-xs tabular-nums', channel === 'whatsapp' ? 'text-green-900 dark:text-green-100' : muted)}>
              <time dateTime={m.createdAt}>{formatDateTime(m.createdAt)}</time>
            </p>
          </div>
        </figure>
      ) : (
        <div className="rounded-md border border-slate-200 bg-slate-50 p-4 dark:border-slate-700 dark:bg-slate-950">
          <LinkedText text={m.body} />
        </div>
      )}
    </section>
  );
}
